"""Command line: casebook ingest | ask | check | figures | docs | serve | eval."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .embeddings import offline_environment
from .errors import CasebookError


def _settings(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from .config import load_settings

    return load_settings(index=getattr(args, "index", None))


def cmd_ingest(args: argparse.Namespace) -> int:
    """Ingest files, folders and URLs; one line per document, then a summary."""
    from .ingest.library import Library
    from .library_view import summary

    library = Library(_settings(args))
    statuses = []
    for result in library.ingest(args.paths, progress=not args.quiet):
        statuses.append(result.status)
        print(result.line(), flush=True)
    print(f"summary: {summary(statuses)}; {len(library.documents())} documents in "
          f"{library.index_dir}")
    return 1 if "failed" in statuses else 0


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question, as text or as the JSON contract."""
    from .chain import Answerer

    answer = Answerer(_settings(args)).ask(args.question, engine=args.engine)
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False))
        return 0
    print(answer.answer)
    for c in answer.citations:
        page = f", p. {c.page}" if c.page else ""
        print(f"  [{c.n}] {c.title}{page}: “{c.quote}”")
    for c in answer.nearest:
        page = f", p. {c.page}" if c.page else ""
        print(f"  nearest: {c.title}{page}: “{c.quote}”")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Check a claim's figures against the library, as text or as the JSON contract."""
    from .chain import Answerer
    from .factcheck import check_claim, result_lines

    result = check_claim(Answerer(_settings(args)), args.claim)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        print("\n".join(result_lines(result)))
    return 0


def cmd_figures(args: argparse.Namespace) -> int:
    """List the library's figures matching a query, as a table or as CSV."""
    from .figure_table import figure_rows, search_figures, write_csv
    from .ingest.library import Library

    rows = search_figures(figure_rows(Library(_settings(args))), args.query or "", args.limit)
    if args.csv:
        write_csv(rows, sys.stdout)
        return 0
    for r in rows:
        page = f", p. {r.page}" if r.page else ""
        what = f" {r.counts}" if r.counts else ""
        print(f"{r.text}{what} [{r.kind}] {r.title}{page}: {r.sentence}")
    print(f"{len(rows)} figures")
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    """List or remove documents."""
    from .ingest.library import Library

    library = Library(_settings(args))
    if args.action == "list" and args.json:
        from .library_view import document_rows

        print(json.dumps(document_rows(library), ensure_ascii=False))
        return 0
    if args.action == "list":
        docs = library.documents()
        for d in docs:
            print(f"{d.doc_id}  {d.fmt:4}  {d.chunks:5} chunks  {d.date or '-':10}  {d.title}")
        print(f"{len(docs)} documents")
        return 0
    rec = library.remove(args.doc_id)
    print(f"removed: {rec.doc_id} {rec.title!r}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the Gradio UI."""
    from .ui.app import launch

    settings = _settings(args)
    if args.port:
        settings.port = args.port
    if args.host:
        settings.host = args.host
    launch(settings)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Run evaluation sets and print their quality figures side by side."""
    from .chain import Answerer
    from .claim_eval import evaluate_claims, is_claim_set, print_claims
    from .evaluation import evaluate, missing_documents, print_results, print_table

    answerer = Answerer(_settings(args))
    reports, claim_reports = [], []
    for file in args.files:
        if is_claim_set(Path(file)):
            claim_reports.append(evaluate_claims(answerer, Path(file), args.limit))
            continue
        missing = missing_documents(answerer.library, Path(file), args.limit)
        if missing:
            print(f"skipped {file}: the index holds no document for {', '.join(missing)}")
            continue
        report = evaluate(answerer, Path(file), engine=args.engine, limit=args.limit)
        if args.verbose:
            print_results(report)
        reports.append(report)
    if reports:
        print_table(reports)
    for report in claim_reports:
        print_claims(report, verbose=args.verbose)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(reports + claim_reports, indent=2,
                                                  ensure_ascii=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``casebook`` command."""
    p = argparse.ArgumentParser(prog="casebook", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    index_help = "index folder (default: $CASEBOOK_INDEX or ./data/index)"

    s = sub.add_parser("ingest", help="add files, folders or URLs to the library")
    s.add_argument("paths", nargs="+", metavar="PATH_OR_URL")
    s.add_argument("--index", help=index_help)
    s.add_argument("--quiet", action="store_true", help="no progress bars")
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser("ask", help="answer a question with citations")
    s.add_argument("question")
    s.add_argument("--index", help=index_help)
    s.add_argument("--json", action="store_true", help="print the answer as one JSON object")
    s.add_argument("--engine", choices=["auto", "extractive", "llm"], default=None)
    s.set_defaults(func=cmd_ask)

    s = sub.add_parser("check", help="check the figures of a claim against the library")
    s.add_argument("claim")
    s.add_argument("--index", help=index_help)
    s.add_argument("--json", action="store_true", help="print the result as one JSON object")
    s.set_defaults(func=cmd_check)

    s = sub.add_parser("figures", help="list the figures in the library (searchable, CSV)")
    s.add_argument("query", nargs="?", default="",
                   help="words of what is counted, the sentence or the report; or a number")
    s.add_argument("--index", help=index_help)
    s.add_argument("--csv", action="store_true", help="write CSV to standard output")
    s.add_argument("--limit", type=int, default=None, help="at most this many figures")
    s.set_defaults(func=cmd_figures)

    s = sub.add_parser("docs", help="list or remove documents")
    dsub = s.add_subparsers(dest="action", required=True)
    d = dsub.add_parser("list", help="list the documents in the library")
    d.add_argument("--index", help=index_help)
    d.add_argument("--json", action="store_true",
                   help='print [{"doc_id", "title", "source", "pages", "chunks", "added", ...}]')
    d = dsub.add_parser("remove", help="remove a document by id (a unique prefix will do)")
    d.add_argument("doc_id")
    d.add_argument("--index", help=index_help)
    s.set_defaults(func=cmd_docs)

    s = sub.add_parser("serve", help="serve the chat UI")
    s.add_argument("--index", help=index_help)
    s.add_argument("--host", default=None)
    s.add_argument("--port", type=int, default=None)
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("eval", help="measure answer quality on JSONL question sets")
    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--index", help=index_help)
    s.add_argument("--engine", choices=["auto", "extractive", "llm"], default=None)
    s.add_argument("--limit", type=int, default=None)
    s.add_argument("--verbose", "-v", action="store_true", help="print every question")
    s.add_argument("--json-out", help="also write the full reports to this file")
    s.set_defaults(func=cmd_eval)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; errors become one line on stderr and a non-zero exit code."""
    offline_environment()
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except CasebookError as err:
        print(f"casebook: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("casebook: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader left early (`casebook docs list | head`): stop quietly, as `cat` does, and
        # point stdout at /dev/null so the exit-time flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
