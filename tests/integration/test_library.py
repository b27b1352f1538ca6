"""The library on real Chroma and the real model: crash recovery, filters, LangChain retriever."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import yaml
from langchain_core.documents import Document

from assistant.config import load_settings
from assistant.ingest import library as library_module
from assistant.ingest.chunking import chunk_document
from assistant.ingest.library import Library, document_id, passage_text
from assistant.ingest.loaders import load
from assistant.ingest.registry import DocumentRecord
from assistant.models import Chunk, LoadedDocument
from assistant.retrieval import Filters, HybridRetriever, hybrid_search

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
LIBERTERRA = "interpol-liberterra-ii-2024.md"
SYNERGIA = "interpol-synergia-ii-2024.md"

pytestmark = pytest.mark.slow


def chroma_ids(library: Library, doc_id: str) -> list[str]:
    return list(library.store.collection.get(where={"doc_id": doc_id})["ids"])


def registry_chunk_count(library: Library, doc_id: str) -> int:
    row = library.registry.conn.execute(
        "SELECT COUNT(*) FROM chunks WHERE doc_id=?", (doc_id,)
    ).fetchone()
    return int(row[0])


def front_matter_dates() -> dict[str, str]:
    """Return each brief's report date, read from its YAML front matter."""
    dates = {}
    for path in sorted(CORPUS.glob("*.md")):
        head = path.read_text(encoding="utf-8").split("---", 2)[1]
        dates[path.name] = str(yaml.safe_load(head)["date"])
    return dates


@pytest.fixture
def small_library(brief: Callable[..., Path], tmp_path: Path) -> Library:
    """Return a fresh library under tmp_path holding the Liberterra II brief."""
    library = Library(load_settings(index=tmp_path / "index", llm="none"))
    [result] = library.ingest([str(brief(LIBERTERRA))], progress=False)
    assert result.status == "added", result.line()
    return library


def store_without_commit(lib: Library, path: Path) -> tuple[str, list[Chunk]]:
    """Replay an ingest up to the point where the process "dies": registry and Chroma hold
    the document, pending; the commit never ran."""
    doc = load(str(path))
    doc_id = document_id(doc.raw)
    chunks = chunk_document(doc, doc_id, max_chars=lib.settings.chunk_chars, overlap=0)
    rec = DocumentRecord(doc_id=doc_id, source=doc.source, title=doc.title, publisher="",
                         date=doc.metadata.get("date", ""), fmt=doc.fmt, pages=0,
                         chunks=len(chunks), added_at=time.time(), state="pending")
    lib.registry.begin(rec, chunks)
    vectors = lib.embedder.embed([passage_text(c, doc.title) for c in chunks])
    lib.store.add([c.chunk_id for c in chunks], [c.text for c in chunks], vectors,
                  [Library._metadata(c, rec) for c in chunks])
    return doc_id, chunks


def reopen(library: Library) -> Library:
    return Library(library.settings)


# ---- crash safety ----------------------------------------------------------------------------


def test_recover_drops_a_document_killed_before_commit(
    small_library: Library, brief: Callable[..., Path]
) -> None:
    lib = small_library
    good = lib.documents()[0]
    path = brief(SYNERGIA)
    doc_id, chunks = store_without_commit(lib, path)
    # Half a document: in Chroma and in the registry, but not visible.
    assert len(chroma_ids(lib, doc_id)) == len(chunks) > 0
    assert lib.registry.get(doc_id).state == "pending"  # type: ignore[union-attr]
    assert doc_id not in {d.doc_id for d in lib.documents()}
    hits = hybrid_search(lib, "How many suspects were arrested in Synergia II?", 8)
    assert hits and all(h.chunk.doc_id == good.doc_id for h in hits)

    after = reopen(lib)
    assert chroma_ids(after, doc_id) == []
    assert after.registry.get(doc_id) is None
    assert registry_chunk_count(after, doc_id) == 0
    assert after.store.doc_ids() == {good.doc_id}
    assert len(chroma_ids(after, good.doc_id)) == good.chunks
    assert [d.doc_id for d in after.documents()] == [good.doc_id]
    # The interrupted document can be ingested again, from scratch.
    [result] = after.ingest([str(path)], progress=False)
    assert result.status == "added" and result.doc_id == doc_id
    assert len(chroma_ids(after, doc_id)) == len(chunks)


def test_recover_finishes_an_interrupted_removal(small_library: Library) -> None:
    lib = small_library
    rec = lib.documents()[0]
    assert chroma_ids(lib, rec.doc_id)
    # Library.remove marks the document first; the process dies before either delete.
    lib.registry.conn.execute("UPDATE documents SET state='removing' WHERE doc_id=?",
                              (rec.doc_id,))
    assert lib.documents() == []

    after = reopen(lib)
    assert chroma_ids(after, rec.doc_id) == []
    assert after.store.count() == 0
    assert after.registry.get(rec.doc_id) is None
    assert registry_chunk_count(after, rec.doc_id) == 0
    assert after.table().rows == []


# ---- filters ---------------------------------------------------------------------------------


def _ids_by_file(library: Library) -> dict[str, str]:
    return {Path(d.source).name: d.doc_id for d in library.documents()}


def test_a_report_is_named_in_its_file_name_too(tmp_path: Path) -> None:
    report = tmp_path / "aba-aml-year-in-review-2015.md"
    report.write_text("# Anti-Money Laundering\n\nThere are over six hundred cryptocurrencies "
                      "in existence, and regulators watch their exchanges.\n")
    library = Library(load_settings(index=tmp_path / "index", llm="none"))
    [result] = library.ingest([str(report)], progress=False)
    front = library.doc_front(result.doc_id)
    # A question's "the ABA's 2015 review" points at this report, which never says so.
    assert {"aba", "2015"} <= front, sorted(front)


def test_mention_distance_counts_chunks_to_the_nearest_mention(tmp_path: Path) -> None:
    parts = []
    for i in range(12):
        place = "Malta" if i == 2 else "the region"
        body = " ".join(f"Paragraph {i}.{k} reports on smuggling routes through {place} and "
                        f"the seizures made there in year {2000 + k}." for k in range(12))
        parts.append(f"## Part {i}\n\n{body}\n")
    report = tmp_path / "routes.md"
    report.write_text("# Smuggling routes\n\n" + "\n".join(parts))
    library = Library(load_settings(index=tmp_path / "index", llm="none"))
    [result] = library.ingest([str(report)], progress=False)
    chunks = library.registry.neighbours(result.doc_id, 0, 0, 10**9)
    assert len(chunks) > 6, "the report must span many chunks"
    malta = [c.index for c in chunks if "Malta" in c.text]
    last = chunks[-1].index
    assert malta and last - max(malta) > 3
    distance = library.mention_distance(result.doc_id, last, re.compile(r" malta "))
    assert distance == last - max(malta)
    assert library.mention_distance(result.doc_id, malta[0], re.compile(r" malta ")) == 0
    assert library.mention_distance(result.doc_id, last, re.compile(r" cyprus ")) is None


def test_a_document_read_anew_is_not_served_from_the_old_table_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Removed and added again by a newer reader (as after a fix to PDF reading), a document
    # keeps its id and its number of chunks: the cached table must not serve the old text.
    report = tmp_path / "note.md"
    report.write_text("# Note\n\nThe smugglers moved 40 boats through the port.\n")
    settings = load_settings(index=tmp_path / "index", llm="none")
    first = Library(settings)
    [result] = first.ingest([str(report)], progress=False)
    assert "40 boats" in first.table().rows[0][0].text
    first.save_table_cache()

    second = Library(settings)
    second.remove(result.doc_id)
    newer = library_module.load

    def reread(source: str) -> LoadedDocument:
        doc = newer(source)
        return replace(doc, pages=[replace(p, text=p.text.replace("40 boats", "41 boats"))
                                   for p in doc.pages])

    monkeypatch.setattr(library_module, "load", reread)
    [again] = second.ingest([str(report)], progress=False)
    assert again.doc_id == result.doc_id

    third = Library(settings)
    [(chunk, _)] = third.table().rows
    assert "41 boats" in chunk.text


def test_doc_id_filter_keeps_only_those_documents(corpus_library: Library) -> None:
    by_file = _ids_by_file(corpus_library)
    wanted = {by_file[LIBERTERRA], by_file[SYNERGIA]}
    question = "How many people were arrested in the operation?"
    unfiltered = hybrid_search(corpus_library, question, 8)
    assert {h.chunk.doc_id for h in unfiltered} - wanted, "the filter must have work to do"

    hits = hybrid_search(corpus_library, question, 8, Filters(doc_ids=wanted))
    assert hits
    assert {h.chunk.doc_id for h in hits} <= wanted
    assert {h.chunk.doc_id for h in hits} == wanted  # both briefs talk about arrests


def test_date_from_filter_excludes_earlier_briefs(corpus_library: Library) -> None:
    dates = front_matter_dates()
    by_file = _ids_by_file(corpus_library)
    date_of = {by_file[name]: date for name, date in dates.items()}
    earlier = {by_file[n] for n, d in dates.items() if d < "2024-11-01"}
    assert earlier and len(earlier) < len(dates)

    question = "How many people suffered from drug-use disorders in 2022?"
    unfiltered = hybrid_search(corpus_library, question, 8)
    assert unfiltered[0].chunk.doc_id == by_file["unodc-world-drug-report-2024.md"]
    assert unfiltered[0].chunk.doc_id in earlier

    hits = hybrid_search(corpus_library, question, 8, Filters(date_from="2024-11-01"))
    assert len(hits) == 8
    assert not {h.chunk.doc_id for h in hits} & earlier
    assert all(date_of[h.chunk.doc_id] >= "2024-11-01" for h in hits)


def test_date_to_filter_excludes_later_briefs(corpus_library: Library) -> None:
    dates = front_matter_dates()
    by_file = _ids_by_file(corpus_library)
    hits = hybrid_search(corpus_library, "How many arrests did Liberterra II make?", 8,
                         Filters(date_to="2024-06-30"))
    assert hits
    allowed = {by_file[n] for n, d in dates.items() if d <= "2024-06-30"}
    assert {h.chunk.doc_id for h in hits} <= allowed
    assert by_file[LIBERTERRA] not in {h.chunk.doc_id for h in hits}


# ---- LangChain retriever ---------------------------------------------------------------------


def test_hybrid_retriever_returns_documents_with_metadata(corpus_library: Library) -> None:
    retriever = HybridRetriever(library=corpus_library, k=4)
    docs = retriever.invoke("How many arrests did Liberterra II make?")
    assert 0 < len(docs) <= 4
    titles = {d.doc_id: d.title for d in corpus_library.documents()}
    for doc in docs:
        assert isinstance(doc, Document)
        assert doc.metadata["doc_id"] in titles
        assert doc.metadata["title"] == titles[doc.metadata["doc_id"]]
        assert "page" in doc.metadata and doc.metadata["page"] is None  # markdown has no pages
        assert doc.page_content
    liberterra = _ids_by_file(corpus_library)[LIBERTERRA]
    assert docs[0].metadata["doc_id"] == liberterra
    assert any("2,517" in d.page_content for d in docs if d.metadata["doc_id"] == liberterra)


def test_hybrid_retriever_on_the_pdf_gives_pages(pdf_index) -> None:  # type: ignore[no-untyped-def]
    retriever = HybridRetriever(library=pdf_index.library, k=5,
                                filters=Filters(doc_ids={pdf_index.results[0].doc_id}))
    docs = retriever.invoke("displacements from natural disasters in Sub-Saharan Africa 2023")
    assert docs
    assert all(isinstance(d.metadata["page"], int) and 1 <= d.metadata["page"] <= 45
               for d in docs)
    assert any(d.metadata["page"] == 19 and "6 million" in d.page_content for d in docs)


# ---- known gaps (turn on when fixed) ---------------------------------------------------------


def test_reingest_after_crash_mid_replace_keeps_only_the_new_version(
    small_library: Library,
) -> None:
    lib = small_library
    old = lib.documents()[0]
    path = Path(old.source)
    path.write_text(path.read_text(encoding="utf-8").replace("2,517", "2,600"),
                    encoding="utf-8")
    # Replay a replace that dies right after the new version is committed.
    doc_id, _ = store_without_commit(lib, path)
    lib.registry.commit(doc_id)

    after = reopen(lib)
    list(after.ingest([str(path)], progress=False))  # the user runs the ingest again
    assert [d.doc_id for d in after.documents()] == [doc_id]
    assert chroma_ids(after, old.doc_id) == []


def test_month_date_to_includes_that_month(corpus_library: Library) -> None:
    by_file = _ids_by_file(corpus_library)
    drug_report = by_file["unodc-world-drug-report-2024.md"]  # dated 2024-06-26
    hits = hybrid_search(corpus_library, "How many people suffered from drug-use disorders?", 8,
                         Filters(date_to="2024-06"))
    assert drug_report in {h.chunk.doc_id for h in hits}


def test_a_relative_and_an_absolute_path_are_one_source(
    small_library: Library, brief: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = brief()
    monkeypatch.chdir(path.parent)
    path.write_text(path.read_text(encoding="utf-8") + "\nA sentence added later.\n",
                    encoding="utf-8")
    results = list(small_library.ingest([path.name], progress=False))
    assert [r.status for r in results] == ["replaced"]
    sources = [d.source for d in small_library.documents()]
    assert sources.count(str(path.resolve())) == 1


def test_opening_the_library_leaves_a_running_ingest_alone(small_library: Library) -> None:
    # Another process is ingesting: its document is pending and it holds the writer lock.
    doc_id = "feedface00000000"
    chunk = Chunk(doc_id, 0, "A document being ingested right now.", 1, 0, 36)
    record = DocumentRecord(doc_id, "/tmp/busy.pdf", "Busy", "", "", "pdf", 1, 1, 0.0, "pending")
    small_library.registry.begin(record, [chunk])
    with small_library.writing():
        reopen(small_library)  # e.g. `casebook ask` while `casebook ingest` runs
        assert small_library.registry.get(doc_id) is not None
    reopen(small_library)  # the writer is gone: now it is an interrupted ingest
    assert small_library.registry.get(doc_id) is None


def test_generation_changes_when_one_document_replaces_another(
    small_library: Library, brief: Callable[..., Path]
) -> None:
    before = small_library.registry.generation()
    [doc] = small_library.documents()
    small_library.remove(doc.doc_id)
    [added] = small_library.ingest([str(brief("interpol-first-light-2024.md"))], progress=False)
    assert added.status == "added"
    assert small_library.registry.generation() != before
    assert {c.doc_id for c, _ in small_library.table().rows} == {added.doc_id}


def test_a_running_answerer_sees_documents_another_process_adds_and_removes(
    tmp_path: Path, run_cli  # type: ignore[no-untyped-def]
) -> None:
    """`casebook ingest` beside `casebook serve`: the server must not fail on new chunks."""
    from assistant.chain import Answerer

    index = tmp_path / "index"
    first = Path(__file__).resolve().parents[2] / "corpus" / "interpol-liberterra-ii-2024.md"
    second = first.with_name("interpol-synergia-ii-2024.md")
    assert run_cli(["ingest", str(first), "--quiet"], index).returncode == 0
    answerer = Answerer(load_settings(index=index, llm="none"))
    assert "2,517" in answerer.ask("How many arrests did Liberterra II make?").answer

    assert run_cli(["ingest", str(second), "--quiet"], index).returncode == 0
    # the embedded Chroma of this process kept its old in-memory index: it must reopen
    assert "59 servers" in answerer.ask("How many servers did Synergia II seize?").answer

    doc = next(d for d in answerer.library.documents() if d.source.endswith(first.name))
    assert run_cli(["docs", "remove", doc.doc_id], index).returncode == 0
    gone = answerer.ask("How many arrests did Liberterra II make?")
    assert gone.abstained and "2,517" not in gone.answer


def test_doc_id_prefixes_are_literal(small_library: Library) -> None:
    """`docs remove _` must not match every id through SQL's LIKE wildcard."""
    from assistant.errors import DocumentNotFound

    assert small_library.documents()
    for pattern in ("_", "%", "_%"):
        with pytest.raises(DocumentNotFound):
            small_library.resolve(pattern)


def test_identical_files_at_two_paths_keep_both_sources(tmp_path: Path) -> None:
    """Editing one of two identical files must not drop the other's content (review)."""
    text = (Path(__file__).resolve().parents[2] / "corpus" / LIBERTERRA).read_text()
    first, second = tmp_path / "a" / "brief.md", tmp_path / "b" / "brief.md"
    for path in (first, second):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    library = Library(load_settings(index=tmp_path / "index", llm="none"))
    statuses = [r.status for r in library.ingest([str(first), str(second)], progress=False)]
    assert statuses == ["added", "unchanged"]
    [doc] = library.documents()
    assert library.registry.sources(doc.doc_id) == [str(first.resolve()), str(second.resolve())]

    first.write_text(text.replace("2,517 arrests", "2,600 arrests"), encoding="utf-8")
    [result] = library.ingest([str(first)], progress=False)
    assert result.status == "replaced"  # the first path's version; the content stays
    docs = library.documents()
    assert len(docs) == 2  # the second path's content is still there
    kept = next(d for d in docs if d.doc_id == doc.doc_id)
    assert library.registry.sources(kept.doc_id) == [str(second.resolve())]
    texts = " ".join(c.text for c, _ in library.table().rows)
    assert "2,517 arrests" in texts and "2,600 arrests" in texts

    second.write_text(text.replace("2,517 arrests", "2,700 arrests"), encoding="utf-8")
    [result] = library.ingest([str(second)], progress=False)
    assert result.status == "replaced"  # its last source gone, the old version goes too
    assert doc.doc_id not in {d.doc_id for d in library.documents()}


def test_adding_a_document_extends_the_table_instead_of_rebuilding(
    brief: Callable[..., Path], tmp_path: Path
) -> None:
    library = Library(load_settings(index=tmp_path / "index", llm="none"))
    list(library.ingest([str(brief(LIBERTERRA))], progress=False))
    before = library.table()
    library.proper_words()  # counted once for the whole library
    assert before.stats is not None
    shared = before.bm25.postings["smuggl"]
    list(library.ingest([str(brief("interpol-synergia-ii-2024.md"))], progress=False))
    after = library.table()
    assert after is not before and len(after.rows) > len(before.rows)
    assert after.rows[: len(before.rows)] == before.rows  # old rows kept, new ones appended
    assert after.bm25.postings["smuggl"] is shared  # a term the new brief lacks: untouched
    assert after.stats is not None and after.stats is not before.stats
    # the same answers as a table built from scratch
    fresh = Library(load_settings(index=tmp_path / "index", llm="none"))
    for query in ("servers seized", "arrests smuggling", "Synergia II phishing"):
        got = sorted(library.table().bm25.top(query, 5), key=lambda x: -x[1])
        want = sorted(fresh.table().bm25.top(query, 5), key=lambda x: -x[1])
        assert [round(s, 4) for _, s in got] == [round(s, 4) for _, s in want]
        ids = [library.table().rows[i][0].chunk_id for i, _ in got]
        assert ids == [fresh.table().rows[i][0].chunk_id for i, _ in want]
    assert library.proper_words() == fresh.proper_words()
    assert library.word_counts() == fresh.word_counts()


def test_a_new_process_loads_the_table_cache_and_extends_it(
    brief: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.ingest.library import ChunkTable

    index = tmp_path / "index"
    first = Library(load_settings(index=index, llm="none"))
    list(first.ingest([str(brief(LIBERTERRA))], progress=False))
    first.proper_words()
    first.save_table_cache()
    assert (index / "table-cache.pkl").is_file()
    list(first.ingest([str(brief("interpol-synergia-ii-2024.md"))], progress=False))

    def no_rebuild(*args: object) -> ChunkTable:
        raise AssertionError("the table was rebuilt from scratch")

    monkeypatch.setattr(ChunkTable, "build", no_rebuild)
    second = Library(load_settings(index=index, llm="none"))  # a "new process"
    table = second.table()  # the cached table, extended with the second brief
    assert {c.doc_id for c, _ in table.rows} == {d.doc_id for d in second.documents()}
    hits = hybrid_search(second, "How many servers did Synergia II seize?", 3)
    assert "59 servers" in hits[0].chunk.text
    monkeypatch.undo()

    # after a removal the cache lists a document that is gone: it is not used
    gone = next(d for d in second.documents() if "Liberterra" in d.title)
    second.remove(gone.doc_id)
    third = Library(load_settings(index=index, llm="none"))
    assert gone.doc_id not in {c.doc_id for c, _ in third.table().rows}


def test_common_words_typed_small_stay_ordinary_while_names_get_capitals(
    tmp_path: Path,
) -> None:
    from assistant.pipeline import in_library_words

    report = tmp_path / "panel.md"
    report.write_text(
        "# Panel report\n\nIn 2021 the Panel met 12 times. Most witnesses spoke to the "
        "Panel in person, and the Panel heard witnesses from Nigeria and from Ghana. "
        "A witness from Nigeria may also write to the panel by email. The UNODC office in "
        "Nigeria shared data with the Panel and UNODC staff attended.\n", encoding="utf-8")
    library = Library(load_settings(index=tmp_path / "index", llm="none"))
    list(library.ingest([str(report)], progress=False))
    assert library.proper_words()["panel"] == "Panel"  # nearly always capitalised ...
    # ... but a common English word the report also writes small: typed small, it stays so.
    assert "panel" not in library.capitals()
    assert in_library_words(library, "how many times did the panel meet in nigeria with unodc?"
                            ) == "how many times did the panel meet in Nigeria with UNODC?"
    # a claim is written in the report's own terms: every name gets its capitals
    assert in_library_words(library, "the panel met 12 times", every_name=True
                            ) == "the Panel met 12 times"


def test_a_common_word_seen_capitalised_only_a_few_times_is_no_name(tmp_path: Path) -> None:
    from assistant.pipeline import in_library_words

    report = tmp_path / "code.md"
    report.write_text(
        "# Malware report\n\nThe script sets const ROW = 1; then MAX ROW = 20 and ROW = 3. "
        "Gauss infected 2,500 machines, and Gauss stole credentials. Gauss hid well. "
        "Analysts said Gauss and Flame share code, and Gauss used USB sticks.\n",
        encoding="utf-8")
    library = Library(load_settings(index=tmp_path / "index", llm="none"))
    list(library.ingest([str(report)], progress=False))
    assert library.proper_words()["row"] == "ROW"
    assert "row" not in library.capitals()
    assert in_library_words(library, "how many years in a row did gauss grow?"
                            ) == "how many years in a row did Gauss grow?"


def test_the_model_vocabulary_knows_common_words_not_agency_acronyms() -> None:
    from assistant.embeddings import shared_embedder

    common = shared_embedder().common_words
    assert {"panel", "convention", "article", "cap"} <= common
    assert not {"unodc", "interpol", "liberterra", "fincen"} & common


def test_dense_search_is_exact_over_the_stored_vectors(corpus_library: Library) -> None:
    # Chroma's approximate index can miss a true neighbour; the library's search may not.
    col = corpus_library.store.collection.get(include=["embeddings"])
    vecs = np.asarray(col["embeddings"], dtype=np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    for question in ("How many servers were taken down?", "Where was Wildlife Week held?"):
        qvec = corpus_library.embedder.embed_one(question)
        sims = vecs @ (qvec / np.linalg.norm(qvec))
        want = [col["ids"][i] for i in np.argsort(-sims)[:10]]
        got = corpus_library.dense(qvec, 10)
        assert [cid for cid, _ in got] == want
        best = sorted(sims)[::-1][:10]
        assert [round(s, 4) for _, s in got] == [round(float(x), 4) for x in best]
    by_file = _ids_by_file(corpus_library)
    only = {by_file[LIBERTERRA]}
    hits = corpus_library.dense(corpus_library.embedder.embed_one("arrests"), 50, only)
    assert hits and {cid.split(":")[0] for cid, _ in hits} == only
