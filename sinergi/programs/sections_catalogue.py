"""The household page's catalogue section (registered with sinergi.registry.sections)."""
