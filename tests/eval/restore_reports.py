"""Put the evaluation sets' report PDFs back where `make eval` looks for them.

The reports of `dev*` and `blind*` sets are not ours to copy into this repository; each set's
`<set>-sources.md` names every report's repository, commit and path instead. This script reads
those tables and writes `<out>/<set>/reports/<stem>.pdf` from a git copy of each repository:

    python tests/eval/restore_reports.py --out ../blind                 # clones from GitHub
    python tests/eval/restore_reports.py --out ../blind --mirrors DIR   # DIR/<owner>+<name>/...

It lists what it could not restore (a repository it cannot reach, a path gone from the commit)
and exits 1 if anything is missing. Files already in place are left alone.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
COMMIT = re.compile(r"\b[0-9a-f]{40}\b")
BLOB = re.compile(r"\bblob ([0-9a-f]{7,40})\b")
REPO = re.compile(r"[A-Za-z0-9][\w.-]*/[\w.-]+")


def rows(sources: Path) -> list[dict[str, str]]:
    """Return the report rows of one sources table: stem, repo, commit, path, blob."""
    found, header = [], None
    for line in sources.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = [c.lower() for c in cells]
            continue
        if not "".join(cells).strip("-: "):
            continue
        row = dict(zip(header, cells, strict=False))
        stem = next((v for k, v in row.items() if k == "stem"), "").strip("`")
        repo = REPO.search(next((v for k, v in row.items() if k.startswith("repo")), "") or "")
        commit = COMMIT.search(next((v for k, v in row.items() if k == "commit"), ""))
        written = cells[-1]
        path = (re.findall(r"`([^`]+\.pdf)`", written) or [written.strip()])[0]
        blob = BLOB.search(line)
        if stem and repo and commit and path.lower().endswith(".pdf"):
            found.append({"stem": stem, "repo": repo.group(0), "commit": commit.group(0),
                          "path": path, "blob": blob.group(1) if blob else ""})
    return found


def git_dir(repo: str, mirrors: Path | None, cache: Path) -> Path | None:
    """Return a git directory holding ``repo``: a mirror, or a clone made in ``cache``."""
    name = repo.replace("/", "+")
    if mirrors is not None:
        for candidate in (mirrors / name / "repo" / ".git", mirrors / name / "repo",
                          mirrors / name):
            if (candidate / "HEAD").exists():
                return candidate
        return None
    target = cache / f"{name}.git"
    if not target.exists():
        url = f"https://github.com/{repo}.git"
        done = subprocess.run(["git", "clone", "--bare", "--quiet", url, str(target)],
                              capture_output=True, check=False)
        if done.returncode:
            return None
    return target


def pdf_bytes(gd: Path, row: dict[str, str]) -> bytes | None:
    """Return the PDF at the row's commit and path (or its blob), or None."""
    for args in (["show", f"{row['commit']}:{row['path']}"],
                 ["cat-file", "-p", row["blob"]] if row["blob"] else None):
        if args is None:
            continue
        done = subprocess.run(["git", f"--git-dir={gd}", *args], capture_output=True,
                              check=False)
        if not done.returncode and b"%PDF" in done.stdout[:1024]:
            return done.stdout
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="EVAL_REPORTS folder")
    parser.add_argument("--mirrors", type=Path, help="folder of git copies, <owner>+<name>")
    parser.add_argument("--cache", type=Path, default=Path(".cache/eval-repos"),
                        help="where clones go without --mirrors")
    args = parser.parse_args(argv)
    if args.mirrors is None:
        args.cache.mkdir(parents=True, exist_ok=True)
    missing = []
    for sources in sorted(HERE.glob("*-sources.md")):
        name = sources.name.removesuffix("-sources.md")
        for row in rows(sources):
            out = args.out / name / "reports" / f"{row['stem']}.pdf"
            if out.exists():
                continue
            gd = git_dir(row["repo"], args.mirrors, args.cache)
            data = pdf_bytes(gd, row) if gd else None
            if data is None:
                missing.append(f"{name}: {row['stem']} ({row['repo']} {row['commit'][:8]} "
                               f"{row['path']})")
                continue
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
            print(f"restored {out}")
    for line in missing:
        print(f"missing: {line}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
