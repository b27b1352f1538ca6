"""Turn files, folders and URLs into page texts and sentence-aligned chunks."""
