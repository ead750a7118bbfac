"""The household page's findings section (registered with sinergi.registry.sections)."""
