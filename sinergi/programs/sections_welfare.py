"""The household page's welfare section (registered with sinergi.registry.sections)."""
