"""Web pages (Jinja templates, Chinese UI)."""
