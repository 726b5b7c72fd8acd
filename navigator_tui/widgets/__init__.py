"""Widgets of the Navigator app, one per file."""
