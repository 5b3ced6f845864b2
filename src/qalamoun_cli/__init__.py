"""qalamoun: explore the chronology of a conflict from the command line."""

__version__ = "0.2.0"
