"""Serve the Casebook chat: load settings, build the app, launch."""

from assistant.config import load_settings
from assistant.ui.app import launch

if __name__ == "__main__":
    launch(load_settings())
