"""The ``casebook`` command line end to end, on the real model, real Chroma and real files.

Exit codes and the JSON contract are checked on a real subprocess; the rest calls
``assistant.cli.main`` in process (the console script is ``sys.exit(main())``), so the
embedding model loads once.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

from assistant.cli import main
from assistant.config import load_settings
from assistant.ingest.library import Library
from assistant.ingest.loaders import load
from tests.conftest import cli_env

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
REPORT = ROOT.parent / "shared/reports/unodc-glotip-2024-chapter-2-africa.pdf"
BRIEFS = sorted(p.name for p in CORPUS.glob("*.md"))
LIBERTERRA = "interpol-liberterra-ii-2024.md"
SYNERGIA = "interpol-synergia-ii-2024.md"
ARRESTS = "How many arrests did Liberterra II make?"

pytestmark = pytest.mark.slow

CONTRACT_KEYS = {"question", "answer", "abstained", "citations", "figures", "engine",
                 "timings_ms"}
CITATION_KEYS = {"n", "doc_id", "title", "source", "page", "quote", "page_label"}
FIGURE_KEYS = {"text", "value", "verified", "citation"}


def settings_for(index: Path):  # type: ignore[no-untyped-def]
    return load_settings(index=index, llm="none")


def lines_of(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def chroma_ids(library: Library, doc_id: str) -> list[str]:
    return list(library.store.collection.get(where={"doc_id": doc_id})["ids"])


def bm25_doc_ids(library: Library) -> set[str]:
    return {chunk.doc_id for chunk, _ in library.table().rows}


def ask_json(capsys: pytest.CaptureFixture[str], question: str, index: Path) -> dict:  # type: ignore[type-arg]
    capsys.readouterr()
    code = main(["ask", "--json", question, "--index", str(index)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in out + err
    return json.loads(out)


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# ---- environment -----------------------------------------------------------------------------


def test_env_setup_isolates_the_index(env_setup: Path, tmp_path: Path) -> None:
    settings = load_settings()
    assert settings.index == tmp_path / "index" == env_setup
    assert settings.llm == "none"
    assert os.environ["HF_HUB_OFFLINE"] == "1"


# ---- ingest ----------------------------------------------------------------------------------


def test_ingest_corpus_prints_one_added_line_per_brief(corpus_ingest) -> None:  # type: ignore[no-untyped-def]
    done = corpus_ingest.process
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    lines = lines_of(done.stdout)
    added = [line for line in lines if line.startswith("added: ")]
    assert len(added) == len(BRIEFS) == 14
    for name in BRIEFS:
        assert sum(f"corpus/{name} -> " in line for line in added) == 1, name
    assert len(lines) == len(BRIEFS) + 1
    assert lines[-1].startswith("summary: ")
    assert f"{len(BRIEFS)} added" in lines[-1]
    assert f"{len(BRIEFS)} documents" in lines[-1]
    # The chunk counts printed are the chunks stored in Chroma.
    printed = sum(int(m) for m in re.findall(r"\((\d+) chunks\)$", "\n".join(added), re.M))
    library = Library(settings_for(corpus_ingest.index))
    assert printed == library.store.count() > 0


def test_reingest_unchanged_corpus_is_a_noop(
    corpus_index: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # the same relative sources as the first ingest
    before = Library(settings_for(corpus_index))
    count, docs = before.store.count(), {d.doc_id for d in before.documents()}
    capsys.readouterr()
    code = main(["ingest", "corpus", "--index", str(corpus_index), "--quiet"])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = lines_of(out)
    assert [line.split(":")[0] for line in lines[:-1]] == ["unchanged"] * len(BRIEFS)
    assert lines[-1].startswith("summary: ") and f"{len(BRIEFS)} unchanged" in lines[-1]
    after = Library(settings_for(corpus_index))
    assert after.store.count() == count
    assert {d.doc_id for d in after.documents()} == docs


def test_changed_file_replaces_its_old_chunks(
    brief: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = tmp_path / "index"
    path = brief()
    assert main(["ingest", str(path), "--index", str(index), "--quiet"]) == 0
    first = capsys.readouterr().out
    old_id = re.search(r"^added: .* -> ([0-9a-f]{16}) ", first, re.M).group(1)  # type: ignore[union-attr]
    assert chroma_ids(Library(settings_for(index)), old_id)

    path.write_text(path.read_text(encoding="utf-8").replace("2,517", "2,600"), encoding="utf-8")
    assert main(["ingest", str(path), "--index", str(index), "--quiet"]) == 0
    out = capsys.readouterr().out
    match = re.search(rf"^replaced: {re.escape(str(path))} -> ([0-9a-f]{{16}}) ", out, re.M)
    assert match, out
    new_id = match.group(1)
    assert new_id != old_id

    library = Library(settings_for(index))
    assert chroma_ids(library, old_id) == []
    assert len(chroma_ids(library, new_id)) == library.registry.get(new_id).chunks > 0  # type: ignore[union-attr]
    assert library.registry.get(old_id) is None
    assert bm25_doc_ids(library) == {new_id}
    texts = " ".join(chunk.text for chunk, _ in library.table().rows)
    assert "2,600" in texts and "2,517" not in texts
    assert [d.doc_id for d in library.documents()] == [new_id]


# ---- ask -------------------------------------------------------------------------------------


def test_ask_json_contract(corpus_index: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    done = run_cli(["ask", "--json", ARRESTS], corpus_index)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    text = done.stdout.strip()
    payload, end = json.JSONDecoder().raw_decode(text)
    assert end == len(text), "stdout must hold exactly one JSON object"
    assert isinstance(payload, dict) and set(payload) == CONTRACT_KEYS

    assert payload["question"] == ARRESTS
    assert isinstance(payload["answer"], str) and "2,517" in payload["answer"]
    assert payload["abstained"] is False
    assert isinstance(payload["engine"], str) and payload["engine"]
    assert set(payload["timings_ms"]) == {"retrieve", "generate", "total"}
    assert all(is_number(v) and v >= 0 for v in payload["timings_ms"].values())

    citations = payload["citations"]
    assert citations
    for c in citations:
        assert set(c) == CITATION_KEYS
        assert isinstance(c["n"], int) and not isinstance(c["n"], bool)
        assert all(isinstance(c[k], str) for k in ("doc_id", "title", "source", "quote"))
        assert c["page"] is None or (isinstance(c["page"], int) and c["page"] >= 1)
        # The quote is the source text, verbatim.
        assert c["quote"] in (ROOT / c["source"]).read_text(encoding="utf-8"), c
    assert [c["n"] for c in citations] == list(range(1, len(citations) + 1))
    liberterra = (CORPUS / LIBERTERRA).read_text(encoding="utf-8")
    assert any(c["source"].endswith(LIBERTERRA) and "2,517" in c["quote"]
               and c["quote"] in liberterra for c in citations)

    figures = payload["figures"]
    assert figures
    numbers = {c["n"] for c in citations}
    for f in figures:
        assert set(f) == FIGURE_KEYS
        assert isinstance(f["text"], str) and f["text"]
        assert f["value"] is None or is_number(f["value"])
        assert f["verified"] is True, f
        assert f["citation"] in numbers
    assert any(f["value"] == 2517 for f in figures)


def test_ask_unanswerable_abstains(corpus_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = ask_json(capsys, "How many arrests did Liberterra III make?", corpus_index)
    assert payload["abstained"] is True
    assert "2,517" not in payload["answer"]
    assert not any(f["value"] == 2517 for f in payload["figures"])


def test_ask_real_pdf_cites_page_19(pdf_index, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    [result] = pdf_index.results
    assert result.status == "added", result.line()
    payload = ask_json(
        capsys, "How many displacements did natural disasters cause in Sub-Saharan Africa in 2023?",
        pdf_index.index,
    )
    assert payload["abstained"] is False
    assert "6 million" in payload["answer"]
    page_19 = load(str(REPORT)).pages[18]
    assert page_19.number == 19
    on_19 = [c for c in payload["citations"] if c["page"] == 19]
    assert on_19, payload["citations"]
    assert any(c["quote"] in page_19.text and "6 million" in c["quote"] for c in on_19)
    # `page` stays the PDF's page; `page_label` is the number printed on it (the chapter
    # starts at 65, so the 19th page is printed 83)
    assert {c["page_label"] for c in on_19} == {"83"}


# ---- bad input -------------------------------------------------------------------------------


def _encrypted_pdf(path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Operation Nightjar led to 4,321 arrests.")
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="x", owner_pw="y")
    doc.close()


BAD_INPUTS: dict[str, tuple[str, Callable[[Path], None] | None, str]] = {
    # kind: (file name, how to make it (None: leave it missing), reason must match)
    "missing": ("missing.md", None, r"no such file"),
    "empty": ("empty.txt", lambda p: p.write_bytes(b""), r"empty"),
    # Fixed bytes: about one random 4 KiB blob in 300 happens to open as a PDF of garbage.
    "corrupt-pdf": ("corrupt.pdf", lambda p: p.write_bytes(random.Random(0).randbytes(4096)),
                    r"pdf"),
    "encrypted-pdf": ("encrypted.pdf", _encrypted_pdf, r"encrypt|password"),
    "binary-txt": ("binary.txt", lambda p: p.write_bytes(bytes(range(256)) * 16),
                   r"binary|not a text"),
    "fake-docx": ("fake.docx",
                  lambda p: p.write_text("Plain text pretending to be Word.\n"), r"docx"),
}


def _make_bad(folder: Path, kind: str) -> Path:
    name, make, _ = BAD_INPUTS[kind]
    path = folder / name
    if make is not None:
        make(path)
    return path


def _check_failed_line(out: str, path: Path, reason: str) -> None:
    failed = [line for line in lines_of(out) if line.startswith("failed: ")]
    mine = [line for line in failed if line.startswith(f"failed: {path}: ")]
    assert len(mine) == 1, out
    assert re.search(reason, mine[0][len(f"failed: {path}: "):], re.I), mine[0]


@pytest.mark.parametrize("kind", list(BAD_INPUTS))
def test_bad_input_fails_alone_and_leaves_index_intact(
    kind: str, brief: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = tmp_path / "index"
    bad = _make_bad(tmp_path, kind)
    good = brief()
    capsys.readouterr()
    code = main(["ingest", str(bad), str(good), "--index", str(index), "--quiet"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code == 1
    assert sum(line.startswith("failed: ") for line in lines_of(out)) == 1, out
    _check_failed_line(out, bad, BAD_INPUTS[kind][2])
    assert re.search(rf"^added: {re.escape(str(good))} -> ", out, re.M), out
    assert lines_of(out)[-1].startswith("summary: ")

    payload = ask_json(capsys, ARRESTS, index)
    assert payload["abstained"] is False and "2,517" in payload["answer"]
    assert all(c["source"] == str(good) for c in payload["citations"])


def test_bad_inputs_in_one_subprocess_exit_1(
    brief: Callable[..., Path], tmp_path: Path, run_cli  # type: ignore[no-untyped-def]
) -> None:
    bad = [_make_bad(tmp_path, kind) for kind in BAD_INPUTS]
    good = brief()
    index = tmp_path / "index"
    done = run_cli(["ingest", *map(str, bad), str(good), "--quiet"], index)
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == 1, done.stdout + done.stderr
    lines = lines_of(done.stdout)
    assert sum(line.startswith("failed: ") for line in lines) == len(bad)
    for path, (_, _, reason) in zip(bad, BAD_INPUTS.values(), strict=True):
        _check_failed_line(done.stdout, path, reason)
    assert re.search(rf"^added: {re.escape(str(good))} -> ", done.stdout, re.M)
    assert lines[-1].startswith("summary: ") and "1 added" in lines[-1]
    assert [d.source for d in Library(settings_for(index)).documents()] == [str(good)]


# ---- docs ------------------------------------------------------------------------------------


def test_docs_list_and_remove(
    brief: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = tmp_path / "index"
    paths = [brief(LIBERTERRA), brief(SYNERGIA)]
    assert main(["ingest", *map(str, paths), "--index", str(index), "--quiet"]) == 0
    library = Library(settings_for(index))
    docs = {d.source: d for d in library.documents()}
    gone, kept = docs[str(paths[0])], docs[str(paths[1])]
    capsys.readouterr()

    assert main(["docs", "list", "--index", str(index)]) == 0
    out = capsys.readouterr().out
    for d in (gone, kept):
        assert any(line.startswith(d.doc_id) and d.title in line for line in lines_of(out)), out
    assert lines_of(out)[-1] == "2 documents"

    assert main(["docs", "remove", gone.doc_id[:6], "--index", str(index)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"removed: {gone.doc_id}")

    assert main(["docs", "list", "--index", str(index)]) == 0
    out = capsys.readouterr().out
    assert gone.doc_id not in out and kept.doc_id in out
    assert lines_of(out)[-1] == "1 documents"
    assert main(["docs", "list", "--json", "--index", str(index)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["doc_id"] for r in rows] == [kept.doc_id]
    assert {"doc_id", "title", "source", "pages", "chunks", "added"} <= set(rows[0])
    assert rows[0]["chunks"] == kept.chunks and rows[0]["source"] == kept.source

    after = Library(settings_for(index))
    assert chroma_ids(after, gone.doc_id) == []
    assert after.store.collection.get(where={"doc_id": gone.doc_id})["ids"] == []
    assert len(chroma_ids(after, kept.doc_id)) == kept.chunks
    assert gone.doc_id not in bm25_doc_ids(after)
    assert bm25_doc_ids(after) == {kept.doc_id}
    assert after.registry.get(gone.doc_id) is None
    assert not after.original_path(gone.doc_id, gone.fmt).exists()
    assert after.original_path(kept.doc_id, kept.fmt).exists()


def test_docs_remove_unknown_id_exits_nonzero(env_setup: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    done = run_cli(["docs", "remove", "feedfacecafe"], env_setup)
    assert done.returncode != 0
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("casebook: error:")]
    assert len(errors) == 1 and "feedfacecafe" in errors[0], done.stderr


def test_ask_on_an_empty_library_says_so(env_setup: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    done = run_cli(["ask", "How many arrests did Liberterra II make?"], env_setup)
    assert done.returncode == 2
    assert done.stdout == "" and "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("casebook: error:")]
    assert len(errors) == 1 and "empty" in errors[0] and "casebook ingest" in errors[0]


# ---- eval ------------------------------------------------------------------------------------


def test_eval_prints_summary(
    corpus_index: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    capsys.readouterr()
    code = main(["eval", "tests/eval/questions.jsonl", "--limit", "5",
                 "--index", str(corpus_index)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert re.search(r"^questions \(figure / descriptive / unanswerable\)\s+5 \(5 / 0 / 0\)$",
                     out, re.M), out
    values = {}
    for label in ("right figure in the answer", "abstains when it cannot answer",
                  "retrieval hit@5"):
        match = re.search(rf"^{re.escape(label)}\s+(n/a|[\d.]+ %)$", out, re.M)
        assert match, (label, out)
        values[label] = match.group(1)
    # The first five questions are all answerable from the corpus, and retrieval finds each
    # one's brief; how many figures come out right is a quality number, tracked by benchmarks.
    assert values["abstains when it cannot answer"] == "n/a"
    assert values["retrieval hit@5"] == "100.0 %"
    assert values["right figure in the answer"] != "n/a"
    assert float(values["right figure in the answer"].rstrip(" %")) > 0


def test_output_cut_short_by_its_reader_is_no_crash(corpus_index: Path) -> None:
    """`casebook docs list | head -1`: the reader closes the pipe; no traceback, exit 141."""
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "docs", "list"], cwd=ROOT,
                            env=cli_env(corpus_index), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 141, err
    assert err == "", err
