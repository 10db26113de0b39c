"""caishen configuration: one Settings object built from default.toml and CAISHEN_* variables."""

from config.settings import Settings, load_settings

__all__ = ["Settings", "load_settings"]
