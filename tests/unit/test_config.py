"""Tests for the typed settings tree read from CASEBOOK_* environment variables."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.config import Settings, load_settings
from assistant.errors import ConfigError


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Start every test without CASEBOOK_* variables and outside the repository."""
    for key in list(os.environ):
        if key.upper().startswith("CASEBOOK_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)


def test_defaults() -> None:
    s = Settings()
    assert s.index == Path("data/index")
    assert s.llm == "embedded"
    assert s.engine == "auto"
    assert s.chroma_url == ""
    assert s.rrf_k == 60


def test_every_field_has_a_description() -> None:
    assert all(f.description for f in Settings.model_fields.values())


def test_index_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    monkeypatch.setenv("CASEBOOK_INDEX", str(tmp_path / "idx"))
    assert Settings().index == tmp_path / "idx"
    assert load_settings().index == tmp_path / "idx"


@pytest.mark.parametrize("value", ["none", "embedded", "ollama:llama3.2", "openai:gpt-4o-mini"])
def test_llm_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CASEBOOK_LLM", value)
    assert Settings().llm == value


def test_other_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEBOOK_CHROMA_URL", "http://127.0.0.1:8000")
    monkeypatch.setenv("CASEBOOK_OPENAI_BASE_URL", "http://127.0.0.1:8080/v1")
    monkeypatch.setenv("CASEBOOK_TOP_K", "5")
    s = Settings()
    assert s.chroma_url == "http://127.0.0.1:8000"
    assert s.openai_base_url == "http://127.0.0.1:8080/v1"
    assert s.top_k == 5


def test_explicit_override_beats_environment(monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    monkeypatch.setenv("CASEBOOK_INDEX", str(tmp_path / "env"))
    assert load_settings(index=tmp_path / "flag").index == tmp_path / "flag"


def test_none_override_leaves_environment_value(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    # A CLI flag that was not given arrives as None and must not erase the variable.
    monkeypatch.setenv("CASEBOOK_INDEX", str(tmp_path / "env"))
    assert load_settings(index=None, llm=None).index == tmp_path / "env"


@pytest.mark.parametrize("value", ["gpt4", "llama", "Embedded", ""])
def test_unknown_llm_kind_names_the_choices(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CASEBOOK_LLM", value)
    with pytest.raises(ValidationError) as err:
        Settings()
    msg = str(err.value)
    for choice in ("embedded", "none", "ollama:MODEL", "openai:MODEL"):
        assert choice in msg


@pytest.mark.parametrize("value", ["ollama:", "openai:"])
def test_llm_without_model_name_is_rejected(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CASEBOOK_LLM", value)
    with pytest.raises(ValidationError, match=f"{value}MODEL"):
        Settings()


def test_invalid_llm_as_override_is_a_config_error_naming_the_variable() -> None:
    with pytest.raises(ConfigError, match="CASEBOOK_LLM: .*embedded"):
        load_settings(llm="gpt4")


@pytest.mark.parametrize("value", ["none:gpt4", "embedded:foo"])
def test_suffix_on_embedded_or_none_is_rejected(value: str) -> None:
    with pytest.raises(ConfigError, match="takes no model name"):
        load_settings(llm=value)


@pytest.mark.parametrize("engine", ["auto", "extractive", "llm"])
def test_valid_engines(engine: str) -> None:
    assert load_settings(engine=engine).engine == engine


@pytest.mark.parametrize("engine", ["fast", "LLM", ""])
def test_invalid_engine_is_rejected_naming_choices(monkeypatch: pytest.MonkeyPatch,
                                                   engine: str) -> None:
    monkeypatch.setenv("CASEBOOK_ENGINE", engine)
    with pytest.raises(ValidationError, match="auto, extractive, llm"):
        Settings()


@pytest.mark.parametrize(("field", "value"), [("top_k", 0), ("chunk_chars", 100),
                                              ("embed_batch_size", 0), ("rrf_k", 0)])
def test_bounds_are_checked(field: str, value: int) -> None:
    with pytest.raises(ConfigError, match=f"CASEBOOK_{field.upper()}"):
        load_settings(**{field: value})
