"""Fixtures shared by every test: an isolated, offline environment.

Like simonw/llm's ``env_setup``: each test gets its own index folder under ``tmp_path``, no
language model, and no hub access, so no test ever reads or writes ``./data/index`` or depends
on the ``CASEBOOK_*`` variables of whoever runs the suite.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings

# Only the variables the settings tree reads; others (CASEBOOK_CHROMIUM, CASEBOOK_SCREENSHOTS)
# belong to the browser fixtures and are left alone.
SETTINGS_VARIABLES = [f"CASEBOOK_{name.upper()}" for name in Settings.model_fields]


@pytest.fixture(autouse=True)
def env_setup(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Point CASEBOOK_INDEX at a per-test folder; no LLM, no downloads; return that folder."""
    for name in SETTINGS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    index = tmp_path / "index"
    monkeypatch.setenv("CASEBOOK_INDEX", str(index))
    monkeypatch.setenv("CASEBOOK_LLM", "none")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    return index
