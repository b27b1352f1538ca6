"""Find documents in files, folders and URLs and read them into page texts.

Every failure a user can cause (missing file, wrong type, corrupt or encrypted file, no text)
surfaces as an :class:`IngestError` with a short reason; library exceptions never escape.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from assistant.errors import IngestError
from assistant.ingest.markup import clean_text, load_docx, load_html, strip_controls
from assistant.ingest.pdf import load_pdf
from assistant.models import LoadedDocument, Page

SUPPORTED: dict[str, str] = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
}
_MIME: dict[str, str] = {
    "application/pdf": "pdf",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/plain": "txt",
    "text/markdown": "md",
    "text/x-markdown": "md",
}
_URL = re.compile(r"^https?://", re.IGNORECASE)
_HTTP_TIMEOUT = 30.0
MAX_DOWNLOAD = 200 * 2**20  # a hostile or mistaken URL must not fill the memory
# A longer text would take tens of minutes to embed and hold the writer lock all that time
# (a 10 MB file of one line is 11,000 chunks); split such a file instead.
MAX_TEXT_CHARS = 5_000_000
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def is_url(text: str) -> bool:
    """Tell whether an input names an http(s) URL rather than a path."""
    return bool(_URL.match(text))


def source_stem(source: str) -> str:
    """Return the file name of a path or URL without its extension ("x/aba-2015.pdf" ->
    "aba-2015"); '' for a URL with no path."""
    return Path(unquote(urlparse(source).path) if is_url(source) else source).stem


def iter_sources(inputs: list[str]) -> Iterator[str | IngestError]:
    """Expand inputs into loadable sources, yielding errors for inputs that cannot be loaded.

    Folders are walked recursively in sorted order, skipping hidden entries and files of
    unsupported types; URLs pass through unchanged.

    Args:
        inputs: Paths to files or folders, or http(s) URLs.

    Yields:
        A path or URL to pass to :func:`load`, or an :class:`IngestError` for a missing path
        or an explicitly named file of unsupported type.
    """
    for item in inputs:
        if is_url(item):
            yield item
            continue
        path = Path(item).expanduser()
        if path.is_dir():
            yield from _walk(path, set())
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED:
                yield str(path)
            else:
                yield IngestError(item, _unsupported(path.suffix))
        else:
            yield IngestError(item, "no such file or directory")


def _walk(folder: Path, seen: set[Path]) -> Iterator[str]:
    real = folder.resolve()
    if real in seen:  # a symlink loop would otherwise recurse forever
        return
    seen.add(real)
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith((".", "~$")):
            continue
        if entry.is_dir():
            yield from _walk(entry, seen)
        elif entry.is_file() and entry.suffix.lower() in SUPPORTED:
            yield str(entry)


def _unsupported(suffix: str) -> str:
    kinds = ", ".join(sorted(SUPPORTED))
    return f"unsupported file type '{suffix or '(none)'}' (supported: {kinds})"


def load(source: str) -> LoadedDocument:
    """Read a file or URL into a document with text per page and metadata.

    Args:
        source: A path or an http(s) URL.

    Returns:
        The loaded document; ``raw`` holds the original bytes.

    Raises:
        IngestError: If the source is missing, unsupported, unreadable or has no text.
    """
    if is_url(source):
        raw, fmt = _fetch(source)
        name = source_stem(source) or urlparse(source).netloc
        return load_bytes(raw, fmt, source, name)
    path = Path(source).expanduser()
    if not path.is_file():
        raise IngestError(source, "no such file or directory")
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        raise IngestError(source, _unsupported(path.suffix))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(source, f"cannot read file ({exc.strerror or exc})") from exc
    return load_bytes(data, kind, source, path.stem)


def load_bytes(raw: bytes, fmt: str, source: str, name: str) -> LoadedDocument:
    """Read already-fetched bytes of a known format (e.g. an upload).

    Args:
        raw: The original bytes.
        fmt: One of pdf, html, docx, txt, md.
        source: Path or URL shown in errors and stored in metadata.
        name: Fallback title, usually the file stem.

    Returns:
        The loaded document.

    Raises:
        IngestError: If the bytes are empty, invalid for the format, or have no text.
    """
    if not raw.strip():
        raise IngestError(source, "file is empty")
    readers = {
        "pdf": load_pdf,
        "html": load_html,
        "docx": load_docx,
        "txt": _load_txt,
        "md": _load_md,
    }
    if fmt not in readers:
        raise IngestError(source, f"unsupported format '{fmt}'")
    try:
        doc = readers[fmt](raw, source, name)
    except IngestError:
        raise
    except Exception as exc:  # a parser bug on a hostile file must not crash an ingest run
        raise IngestError(
            source, f"could not read {fmt.upper()} file ({type(exc).__name__})"
        ) from exc
    for page in doc.pages:  # every format: text from a document is data, shown as written
        page.text = strip_controls(page.text)
    doc.title = strip_controls(doc.title)
    doc.pages = [p for p in doc.pages if p.number is not None or p.text.strip()]
    if not any(p.text.strip() for p in doc.pages):
        raise IngestError(source, "no text could be extracted")
    chars = sum(len(p.text) for p in doc.pages)
    if chars > MAX_TEXT_CHARS:
        raise IngestError(source, f"too much text: {chars:,} characters (the limit is "
                                  f"{MAX_TEXT_CHARS:,}, about 2,000 pages); split the file")
    doc.title = doc.title.strip() or name
    doc.metadata.setdefault("title", doc.title)
    doc.metadata["source"] = source
    return doc


def _client() -> Any:
    """Return the HTTP client downloads go through (tests swap in a mock transport)."""
    import httpx

    return httpx.Client(timeout=_HTTP_TIMEOUT, follow_redirects=False,
                        headers={"User-Agent": "Casebook/0.1 (document ingestion)"})


MAX_REDIRECTS = 5


def _same_site(a: str, b: str) -> bool:
    """Return True when ``b`` is on the host of ``a`` (its www. form too), over http(s)."""
    pa, pb = urlparse(a), urlparse(b)
    host = (pa.hostname or "").removeprefix("www.")
    return pb.scheme in ("http", "https") and (pb.hostname or "").removeprefix("www.") == host


def _follow(client: Any, url: str) -> Any:
    """Return the streamed response for ``url``, following redirects on the same site only.

    A redirect to another host could lead an ingest anywhere (an internal address, another
    site); it is refused with the address it pointed to, which the user may add instead.
    """
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        response = client.send(client.build_request("GET", current), stream=True)
        if not response.is_redirect:
            return response
        target = str(response.url.join(response.headers.get("location", "")))
        response.close()
        if not _same_site(url, target):
            raise IngestError(url, f"redirected to another site ({target}); add that address "
                                   "itself if it is the document")
        current = target
    raise IngestError(url, f"more than {MAX_REDIRECTS} redirects")


def _fetch(url: str) -> tuple[bytes, str]:
    """Download a URL and decide its format from Content-Type, then the URL, then the bytes."""
    import httpx

    too_big = f"larger than the {MAX_DOWNLOAD // 2**20} MiB download limit"
    try:
        with _client() as client, contextlib.closing(_follow(client, url)) as response:
            if response.status_code >= 400:
                raise IngestError(url, f"download failed (HTTP {response.status_code})")
            if int(response.headers.get("content-length") or 0) > MAX_DOWNLOAD:
                raise IngestError(url, too_big)
            parts, size = [], 0
            for part in response.iter_bytes():
                size += len(part)
                if size > MAX_DOWNLOAD:  # a server may send more than it declared
                    raise IngestError(url, too_big)
                parts.append(part)
            raw = b"".join(parts)
            mime = response.headers.get("content-type", "").split(";")[0].strip().lower()
            final_url = str(response.url)
    except httpx.TimeoutException as exc:
        raise IngestError(url, "download timed out") from exc
    except httpx.HTTPError as exc:
        raise IngestError(url, f"download failed ({type(exc).__name__})") from exc
    fmt = _MIME.get(mime) or SUPPORTED.get(Path(urlparse(final_url).path).suffix.lower())
    if fmt is None or fmt == "txt":
        head = raw[:512].lstrip().lower()
        if head.startswith(b"%pdf-"):
            fmt = "pdf"
        elif head.startswith((b"<!doctype html", b"<html")):
            fmt = "html"
        elif fmt is None and raw.startswith(b"PK"):
            fmt = "docx"
    if fmt is None:
        raise IngestError(url, f"unsupported content type '{mime or 'unknown'}'")
    return raw, fmt


# --- TXT --------------------------------------------------------------------------------------


def decode_text(raw: bytes, source: str) -> str:
    """Decode text bytes in whatever encoding they use, refusing binary content.

    Args:
        raw: The bytes.
        source: Named in the error.

    Returns:
        The decoded text.

    Raises:
        IngestError: If the bytes look binary.
    """
    binary = IngestError(source, "not a text file (binary content)")
    text: str | None = None
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if raw.startswith(bom):
            text = raw.decode(codec, errors="replace")
            break
    if text is None:
        if b"\x00" in raw[:65536]:
            raise binary
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = _detect_decode(raw)
    sample = text[:20000]
    printable = sum(1 for c in sample if c.isprintable() or c in "\n\r\t")
    if sample and printable / len(sample) < 0.95:
        raise binary
    return text


def _detect_decode(raw: bytes) -> str:
    """Decode non-UTF-8 bytes with the encoding charset-normalizer finds most plausible.

    Western single-byte code pages often score the same (é is 0xE9 in cp1250 and cp1252, but
    0xEA is ê in one and ę in the other); ties go to cp1252, the most common legacy encoding
    of the reports this tool reads.
    """
    from charset_normalizer import from_bytes

    try:
        western = raw.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    results = from_bytes(raw)
    best = results.best()
    if best is None:
        return western if western is not None else raw.decode("latin-1")
    if western is not None:
        for match in results:
            tied = match.chaos <= best.chaos + 0.01 and match.coherence >= best.coherence - 0.01
            if tied and "cp1252" in match.could_be_from_charset:
                return western
    return str(best)


def _load_txt(raw: bytes, source: str, name: str) -> LoadedDocument:
    text = clean_text(decode_text(raw, source))
    first = text.strip().split("\n", 1)[0].strip()
    # A short first line without a full stop is the headline of a plain-text article.
    title = first if 0 < len(first) <= 120 and not first.endswith((".", ":", ";")) else name
    return LoadedDocument(
        source=source,
        title=title,
        pages=[Page(None, text)],
        raw=raw,
        fmt="txt",
        metadata={"title": title},
    )


# --- Markdown ---------------------------------------------------------------------------------

_MD_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"<!--.*?-->", re.DOTALL), ""),
    (re.compile(r"^```[^\n]*$|^~~~[^\n]*$", re.MULTILINE), ""),
    (re.compile(r"^\s*\[[^\]]+\]:\s+\S+.*$", re.MULTILINE), ""),  # link reference definitions
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
    (re.compile(r"(?<![\w*])(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?![\w*])"), r"\2"),
    (re.compile(r"(?<![\w*])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*])"), r"\2"),
]


def strip_markdown(text: str) -> str:
    """Drop emphasis, link targets and code fences, keeping heading and list lines."""
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    return text


def _load_md(raw: bytes, source: str, name: str) -> LoadedDocument:
    text = decode_text(raw, source)
    metadata: dict[str, str] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        metadata = _front_matter(match.group(1) or "", source)
        text = text[match.end() :]
    body = clean_text(strip_markdown(text))
    heading = re.search(r"^#\s+(.+)$", body, re.MULTILINE)
    title = metadata.get("title") or (heading.group(1).strip() if heading else "") or name
    metadata["title"] = title
    return LoadedDocument(
        source=source, title=title, pages=[Page(None, body)], raw=raw, fmt="md", metadata=metadata
    )


def _front_matter(block: str, source: str) -> dict[str, str]:
    import yaml

    try:
        data = yaml.safe_load(block) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise IngestError(source, f"invalid YAML front matter{where}") from exc
    if not isinstance(data, dict):
        raise IngestError(source, "YAML front matter is not a mapping of keys to values")
    metadata: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dt.datetime):
            metadata[str(key)] = value.date().isoformat()
        elif isinstance(value, dt.date):
            metadata[str(key)] = value.isoformat()
        elif isinstance(value, bool):
            metadata[str(key)] = "true" if value else "false"
        elif isinstance(value, str | int | float):
            metadata[str(key)] = str(value).strip()
    return metadata
