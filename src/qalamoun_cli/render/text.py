"""The sanitiser, for the renderers: it lives in qalamoun_cli.safetext for the domain too."""

from qalamoun_cli.safetext import one_line, sanitize, sanitize_line, shorten, shown

__all__ = ["one_line", "sanitize", "sanitize_line", "shorten", "shown"]
