"""Casebook: answers questions about crime reports with citations a reader can check."""

__version__ = "0.1.0"
