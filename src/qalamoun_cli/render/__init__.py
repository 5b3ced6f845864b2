"""Renderers: rows in, text out. They never filter or compute."""
