"""Every report an evaluation set asks about can be fetched again from its sources table."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[1] / "eval"
spec = importlib.util.spec_from_file_location("restore_reports", EVAL / "restore_reports.py")
assert spec and spec.loader
restore = importlib.util.module_from_spec(spec)
spec.loader.exec_module(restore)
# Sets over documents in the repository or in ../shared, which no sources table lists.
OWN = {"questions", "heldout", "blind2", "followups", "claims", "claims-dev2", "claims-blind"}


def _sets() -> list[str]:
    return sorted(p.stem for p in EVAL.glob("*.jsonl") if p.stem not in OWN)


def _stems() -> set[str]:
    return {row["stem"] for p in EVAL.glob("*-sources.md") for row in restore.rows(p)}


@pytest.mark.parametrize("name", _sets())
def test_every_report_a_set_asks_about_has_a_sources_row(name: str) -> None:
    docs = {json.loads(line).get("doc") for line in (EVAL / f"{name}.jsonl").open()
            if line.strip()} - {None}
    stems = _stems()
    assert (EVAL / f"{name}-sources.md").exists()
    assert not [d for d in docs if not any(d in s for s in stems)]


def test_a_sources_row_gives_repository_commit_and_path() -> None:
    rows = restore.rows(EVAL / "blind25-sources.md")
    basel = next(r for r in rows if r["stem"] == "basel-aml-index-2024")
    # the path is the first file in backticks, not the note on another copy after it
    assert basel["path"] == "documents/fatf/Basel-AML-Index-2024.pdf"
    assert basel["repo"] == "wutangasaf/aml-detection" and len(basel["commit"]) == 40
