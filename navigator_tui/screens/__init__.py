"""Screens of the Navigator app, one per file."""
