"""Fixtures shared by every test: an isolated, offline environment, and real-component indexes.

Like simonw/llm's ``env_setup``: each test gets its own index folder under ``tmp_path``, no
language model, and no hub access, so no test ever reads or writes ``./data/index`` or depends
on the ``CASEBOOK_*`` variables of whoever runs the suite.

The index fixtures use the real packaged MiniLM, embedded Chroma, the sample corpus and the real
PDF. Indexes that many tests read are built once per session; tests that change an index build
their own small one under ``tmp_path``. (They live here rather than in tests/integration/ so
that ``pytest tests/conftest.py tests/integration`` imports a single ``conftest`` module.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from assistant.config import Settings, load_settings

if TYPE_CHECKING:
    from assistant.ingest.library import IngestResult, Library

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
REPORT = ROOT.parent / "shared/reports/unodc-glotip-2024-chapter-2-africa.pdf"
LIBERTERRA = "interpol-liberterra-ii-2024.md"
CLI_TIMEOUT_S = 600

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



def cli_env(index: Path) -> dict[str, str]:
    """Return the environment of a CLI subprocess: offline, no LLM, the given index."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEBOOK_")}
    env.update(CASEBOOK_INDEX=str(index), CASEBOOK_LLM="none", HF_HUB_OFFLINE="1",
               TRANSFORMERS_OFFLINE="1", PYTHONUNBUFFERED="1")
    return env


def run_cli_process(args: list[str], index: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m assistant.cli ARGS`` from the repository root; CASEBOOK_INDEX=index."""
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], cwd=ROOT,
                          env=cli_env(index), capture_output=True, text=True,
                          timeout=CLI_TIMEOUT_S)


def settings_for(index: Path) -> Settings:
    """Return settings for an index folder, without a language model."""
    return load_settings(index=index, llm="none")


@dataclass
class IngestRun:
    """An index folder and the ``casebook ingest`` process that built it."""

    index: Path
    process: subprocess.CompletedProcess[str]


@pytest.fixture
def run_cli() -> Callable[[list[str], Path], subprocess.CompletedProcess[str]]:
    """Return a function that runs the CLI in a subprocess against an index."""
    return run_cli_process


@pytest.fixture(scope="session")
def corpus_ingest(tmp_path_factory: pytest.TempPathFactory) -> IngestRun:
    """Ingest corpus/ once, with the real CLI in a subprocess (index given by CASEBOOK_INDEX)."""
    index = tmp_path_factory.mktemp("corpus") / "index"
    done = run_cli_process(["ingest", "corpus", "--quiet"], index)
    return IngestRun(index, done)


@pytest.fixture(scope="session")
def corpus_index(corpus_ingest: IngestRun) -> Path:
    """Return the folder of the corpus index; fail the dependent test if ingestion failed."""
    done = corpus_ingest.process
    if done.returncode != 0:
        pytest.fail(f"ingest corpus failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return corpus_ingest.index


@pytest.fixture(scope="session")
def corpus_library(corpus_index: Path) -> Library:
    """Return the corpus library, opened in this process (read-only use, please)."""
    from assistant.ingest.library import Library

    return Library(settings_for(corpus_index))


@dataclass
class PdfIndex:
    """The real report ingested into its own index."""

    index: Path
    results: list[IngestResult]
    library: Library


@pytest.fixture(scope="session")
def pdf_index(tmp_path_factory: pytest.TempPathFactory) -> PdfIndex:
    """Ingest the real 45-page PDF once, in process (the model is shared with other tests)."""
    if not REPORT.is_file():
        pytest.skip(f"real report not found at {REPORT} (it lives outside the repository)")
    from assistant.ingest.library import Library

    index = tmp_path_factory.mktemp("pdf") / "index"
    library = Library(settings_for(index))
    results = list(library.ingest([str(REPORT)], progress=False))
    return PdfIndex(index, results, library)


@pytest.fixture
def brief(tmp_path: Path) -> Callable[..., Path]:
    """Return a function that copies a corpus brief into tmp_path (never edit corpus/ itself)."""

    def copy(name: str = LIBERTERRA, folder: str = "docs") -> Path:
        target = tmp_path / folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS / name, target)
        return target

    return copy
