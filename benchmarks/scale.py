"""A large library: 100,000 chunks. Retrieval, start-up to first answer, cost of one more document.

The library is generated: 1,000 documents of 100 chunks each, whose sentences are drawn from
the sample corpus and the UNODC chapter with their names and numbers shuffled, stored with
random unit vectors (embedding 100,000 chunks with MiniLM would take about an hour on 2 cores
and measures the embedder, not the library). The 14 sample briefs are ingested for real on top,
so the questions have true answers. Then, each measured on this machine in this run:

* start-up to first answer: a new process opens the library and answers one question, with
  the table cache a previous process left (the usual case) and without it (the first open);
* retrieval p50 and answer p50 (warm) over the team's questions;
* adding one document: its ingest, then the next question (the table is extended with the new
  chunks), against rebuilding the whole table.

Usage: python -m benchmarks.scale [--chunks 100000]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT.parent / "shared" / "reports" / "unodc-glotip-2024-chapter-2-africa.pdf"
QUESTIONS = [
    "How many arrests did Liberterra II make?",
    "How many bank accounts did First Light 2024 freeze?",
    "How many arrests did Operation Serengeti make?",
    "How many servers did Synergia II seize?",
    "How much was seized in HAECHI V?",
    "What share of detected victims were children?",
]
CHUNKS_PER_DOC = 100
DIM = 384
SEED = 7


def sentences() -> list[str]:
    """Return the sentences the generated documents are made of."""
    from assistant.ingest.loaders import load

    texts = [load(str(p)).text for p in sorted((ROOT / "corpus").glob("*.md"))]
    if PDF.is_file():
        texts.append(load(str(PDF)).text)
    found = re.split(r"(?<=[.!?])\s+", " ".join(" ".join(texts).split()))
    return [s for s in found if 40 <= len(s) <= 300]


def generate(index: Path, total: int) -> float:
    """Fill ``index`` with ``total`` generated chunks; return the seconds it took."""
    from assistant.config import load_settings
    from assistant.ingest.library import Library
    from assistant.ingest.registry import DocumentRecord
    from assistant.models import Chunk

    started = time.perf_counter()
    rng = random.Random(SEED)
    vec_rng = np.random.default_rng(SEED)
    pool = sentences()
    library = Library(load_settings(index=index, llm="none"))
    with library.writing():
        for d in range(total // CHUNKS_PER_DOC):
            doc_id = f"gen{d:013d}"
            title = f"Generated report {d}: {rng.choice(pool)[:60]}"
            chunks = []
            for i in range(CHUNKS_PER_DOC):
                text = " ".join(rng.choice(pool) for _ in range(3))
                text = re.sub(r"\d[\d,]*", lambda m: f"{rng.randint(2, 99_999):,}", text)
                chunks.append(Chunk(doc_id, i, text, None, 0, len(text)))
            date = f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
            rec = DocumentRecord(doc_id, f"generated/{doc_id}.txt", title, "Generator", date,
                                 "txt", 0, len(chunks), time.time(), "pending")
            library.registry.begin(rec, chunks)
            vectors = vec_rng.standard_normal((len(chunks), DIM)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            library.store.add([c.chunk_id for c in chunks], [c.text for c in chunks], vectors,
                              [Library._metadata(c, rec) for c in chunks])
            library.registry.commit(doc_id)
    return time.perf_counter() - started


def first_answer_seconds(index: Path) -> tuple[float, str]:
    """Return the wall time of a new process that opens the library and answers once."""
    code = ("import sys; from assistant.chain import Answerer; "
            "from assistant.config import load_settings; "
            f"a = Answerer(load_settings(index={str(index)!r}, llm='none')); "
            f"print(a.ask({QUESTIONS[0]!r}).answer[:60])")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          check=True, env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"})
    return time.perf_counter() - started, done.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    """Build the large library and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--chunks", type=int, default=100_000)
    args = ap.parse_args(argv)
    from assistant.chain import Answerer
    from assistant.config import load_settings
    from assistant.ingest.library import ChunkTable
    from assistant.retrieval import hybrid_search

    with tempfile.TemporaryDirectory(prefix="casebook-scale-") as tmp:
        index = Path(tmp) / "index"
        gen_s = generate(index, args.chunks)
        answerer = Answerer(load_settings(index=index, llm="none"))
        briefs = sorted((ROOT / "corpus").glob("*.md"))
        spare = briefs.pop()  # added alone later
        list(answerer.library.ingest([str(p) for p in briefs], progress=False))
        chunks = len(answerer.library.table().rows)

        answerer.ask(QUESTIONS[0])
        answerer.library.save_table_cache()  # as a server leaves it after its first question
        startup_s, first = first_answer_seconds(index)
        (index / "table-cache.pkl").unlink()
        cold_s, _ = first_answer_seconds(index)  # the very first open of this library

        answerer.ask(QUESTIONS[0])  # warm
        retrieval, answer = [], []
        for _ in range(3):
            for q in QUESTIONS:
                t = time.perf_counter()
                hybrid_search(answerer.library, q, answerer.settings.top_k)
                retrieval.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                answerer.ask(q)
                answer.append((time.perf_counter() - t) * 1000)

        t = time.perf_counter()
        [result] = answerer.library.ingest([str(spare)], progress=False)
        ingest_s = time.perf_counter() - t
        t = time.perf_counter()
        after = answerer.ask("How many arrests did Operation Serengeti make?")
        next_s = time.perf_counter() - t
        table = answerer.library.table()
        t = time.perf_counter()
        ChunkTable.build(table.rows, table.records)
        rebuild_s = time.perf_counter() - t

    print(f"scale: {chunks:,} chunks ({args.chunks:,} generated in {gen_s:.0f} s with random "
          f"vectors, and the {len(briefs)} sample briefs ingested for real)")
    print(f"  start-up to first answer, new process: {startup_s:.1f} s (target <= 10 s) with the "
          f"table cache an earlier process wrote; {cold_s:.1f} s on the very first open: "
          f"“{first}”")
    print(f"  retrieval p50 (warm): {statistics.median(retrieval):.0f} ms (target <= 100 ms); "
          f"answer p50 (warm): {statistics.median(answer):.0f} ms")
    print(f"  adding one document ({result.status}, {result.chunks} chunks): ingest "
          f"{ingest_s:.2f} s, then the next question {next_s:.2f} s (the table is extended); "
          f"rebuilding the whole table instead would take {rebuild_s:.1f} s")
    print(f"  next answer after adding: “{after.answer[:60]}”")
    return 0


if __name__ == "__main__":
    sys.exit(main())
