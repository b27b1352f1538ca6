"""Fact-checks, figure tables and conflicts on real indexes: real MiniLM, Chroma and PDF."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from assistant.chain import Answerer
from assistant.factcheck import check_claim
from assistant.figure_table import figure_rows, search_figures
from tests.conftest import CORPUS, settings_for

CHECK_KEYS = {"claim", "verdict", "figures"}
FIGURE_KEYS = {"text", "value", "counts", "verdict", "source_text", "evidence"}
EVIDENCE_KEYS = {"quote", "title", "page", "doc_id"}


@pytest.fixture(scope="module")
def answerer(corpus_index: Path) -> Answerer:
    return Answerer(settings_for(corpus_index))


@pytest.mark.parametrize(("claim", "verdict", "source_text"), [
    # 2,517 bears out "more than 2,500", and the source's figure is shown
    ("INTERPOL's Liberterra II led to more than 2,500 arrests.", "supported", "2,517"),
    ("Liberterra II led to 3,200 arrests.", "contradicted", "2,517"),
    # the claim gives the arrests' figure to servers
    ("Liberterra II took down 2,517 servers.", "contradicted", "2,517"),
    ("interpol arrested 1,006 people in operation serengeti", "supported", "1,006"),
    ("Operation Pangea XVII seized 4,000 tonnes of medicine.", "not_found", None),
])
def test_claims_get_their_verdicts(answerer: Answerer, claim: str, verdict: str,
                                   source_text: str | None) -> None:
    result = check_claim(answerer, claim)
    assert result.verdict == verdict, result.to_json()
    got = result.figures[0]
    assert got.verdict == verdict
    if source_text is None:
        assert got.evidence is None
    else:
        assert got.evidence is not None and got.evidence.source_text == source_text
        assert source_text in got.evidence.quote
        brief = next(p for p in CORPUS.glob("*.md")
                     if got.evidence.quote in " ".join(p.read_text(encoding="utf-8").split()))
        assert brief.is_file()


def test_a_claim_with_two_figures_is_contradicted_by_either(answerer: Answerer) -> None:
    result = check_claim(answerer, "Liberterra II led to 2,517 arrests and rescued 9,000 "
                                   "victims.")
    assert [f.verdict for f in result.figures] == ["supported", "contradicted"]
    assert result.verdict == "contradicted"


def test_a_sentence_that_gives_two_values_is_shown_as_a_conflict(answerer: Answerer) -> None:
    result = check_claim(answerer, "Synergia II took down 1,307 servers in Hong Kong.")
    fig = result.figures[0]
    assert fig.verdict == "supported"
    assert [c.source_text for c in fig.conflicts] == ["1,037"]


def test_check_cli_prints_the_json_contract(corpus_index: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    done = run_cli(["check", "--json", "Liberterra II led to 3,000 arrests."], corpus_index)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert set(payload) == CHECK_KEYS and payload["verdict"] == "contradicted"
    fig = payload["figures"][0]
    assert FIGURE_KEYS <= set(fig)
    assert fig["value"] == 3000 and fig["counts"] == "arrests" and fig["source_text"] == "2,517"
    assert set(fig["evidence"]) == EVIDENCE_KEYS
    assert fig["evidence"]["page"] is None and fig["evidence"]["doc_id"]


def test_check_cli_explains_a_claim_without_figures(corpus_index: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    done = run_cli(["check", "Liberterra II was a success."], corpus_index)
    assert done.returncode == 2
    assert "states no figure" in done.stderr and "Traceback" not in done.stderr


def test_figures_table_lists_every_figure_with_its_source(corpus_library) -> None:  # type: ignore[no-untyped-def]
    rows = figure_rows(corpus_library)
    assert len(rows) > 100
    arrests = search_figures(rows, "arrests")
    assert arrests[0].counts == "arrests"
    liberterra = [r for r in arrests if r.value == 2517]
    assert liberterra and liberterra[0].title.startswith("Liberterra II")
    assert liberterra[0].date  # the report's date
    assert [r.value for r in search_figures(rows, "2,517")] == [2517.0] * len(
        search_figures(rows, "2,517"))
    assert figure_rows(corpus_library) is rows  # kept until the library changes


def test_figures_cli_writes_csv(corpus_index: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    done = run_cli(["figures", "servers", "--csv"], corpus_index)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows and {"value", "counts", "sentence", "title", "page", "date"} <= set(rows[0])
    assert {"1037.0", "1307.0"} <= {r["value"] for r in rows}


def test_two_reports_that_disagree_are_shown_side_by_side(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, value, who in (("police", "1,037", "Police"), ("press", "1,307", "Daily")):
        (docs / f"{name}.md").write_text(
            f"---\ntitle: Hong Kong takedown, {name} account\npublisher: {who}\n"
            f"date: 2024-11-05\n---\n\nOperation Tidewater took down {value} servers in Hong "
            "Kong. Officers called it a record.\n", encoding="utf-8")
    answerer = Answerer(settings_for(tmp_path / "index"))
    assert all(r.status == "added" for r in answerer.library.ingest([str(docs)], progress=False))

    answer = answerer.ask("How many servers did Operation Tidewater take down in Hong Kong?")
    assert "1,037" in answer.answer and "1,307" in answer.answer
    assert "different figure" in answer.answer
    assert {c.title for c in answer.citations} == {"Hong Kong takedown, police account",
                                                   "Hong Kong takedown, press account"}
    assert all(f.verified for f in answer.figures)

    result = check_claim(answerer, "Operation Tidewater took down 1,037 servers in Hong Kong.")
    assert result.verdict == "supported"
    assert [c.source_text for c in result.figures[0].conflicts] == ["1,307"]
    # "over 1,000" and 1,037 are not a conflict: the claim is borne out by both reports
    both = check_claim(answerer, "Operation Tidewater took down over 1,000 servers in Hong Kong.")
    assert both.verdict == "supported"


def test_eval_reports_claim_sets(corpus_index: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    done = run_cli(["eval", "tests/eval/claims.jsonl", "--limit", "4"], corpus_index)
    assert done.returncode == 0, done.stderr
    assert "claims: 4 claims, overall verdict right" in done.stdout
    assert "wrong quantity" in done.stdout
