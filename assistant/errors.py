"""Error hierarchy; messages are written to be shown to a user as they are."""


class CasebookError(Exception):
    """Base class for every error Casebook reports to a user."""


class ConfigError(CasebookError):
    """A setting is invalid or a backend package is missing."""


class IngestError(CasebookError):
    """A document could not be loaded; names the document and the reason."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class EmptyLibrary(CasebookError):
    """The library holds no documents yet."""


class DocumentNotFound(CasebookError):
    """No document with the given id is in the library."""


class PromptError(CasebookError):
    """A prompt template is missing or its placeholders do not match."""


class BackendError(CasebookError):
    """A language-model backend failed to load or to answer."""
