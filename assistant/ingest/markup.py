"""HTML (main text only) and DOCX loaders, and the text clean-up every loader shares."""

from __future__ import annotations

import io
import re
from typing import Any

from assistant.errors import IngestError
from assistant.models import LoadedDocument, Page

_NOISE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "svg")
# C0 and C1 controls (terminal escapes among them), soft hyphens, byte-order marks and the
# bidirectional overrides that can make text read other than it is stored.
_CONTROL = re.compile(r"\x1b\[[0-9;]*[A-Za-z]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\ufeff"
                      r"\u202a-\u202e\u2066-\u2069]")
MAX_UNZIPPED = 100 * 2**20  # a DOCX that would unpack to more than this is refused
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def strip_controls(text: str) -> str:
    """Remove control characters, terminal escapes and bidirectional overrides (keep \\n, \\t)."""
    return _CONTROL.sub("", text)


def clean_text(text: str) -> str:
    """Normalise line ends and odd spaces, and collapse runs of blank lines."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_SPACES.sub(" ", line).rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- HTML -------------------------------------------------------------------------------------


def load_html(raw: bytes, source: str, name: str) -> LoadedDocument:
    from bs4 import BeautifulSoup, UnicodeDammit

    markup = UnicodeDammit(raw, is_html=True).unicode_markup or raw.decode("utf-8", "replace")
    soup = BeautifulSoup(markup, "html.parser")
    og = soup.find("meta", attrs={"property": "og:title"})
    og_title = og.get("content") if og is not None else None
    title = str(og_title) if og_title else (soup.title.get_text() if soup.title else "")
    metadata: dict[str, str] = {}
    text = ""
    try:
        import trafilatura

        text = (
            trafilatura.extract(
                markup, output_format="txt", include_comments=False, include_tables=True
            )
            or ""
        )
        info = trafilatura.extract_metadata(markup)
        if info is not None:
            title = title or (info.title or "")
            metadata.update(
                {k: str(v) for k, v in (("date", info.date), ("publisher", info.sitename)) if v}
            )
    except Exception:  # trafilatura is optional and brittle on odd markup; BS4 is the fallback
        text = ""
    if text.strip():
        # trafilatura puts one element per line; make each a paragraph for the chunker.
        text = "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
    else:
        for tag in soup(list(_NOISE_TAGS)):
            tag.decompose()
        body = soup.body or soup
        blocks = [s.strip() for s in body.get_text("\n").split("\n")]
        text = "\n\n".join(b for b in blocks if b)
    title = clean_text(title) or name
    return LoadedDocument(
        source=source,
        title=title,
        pages=[Page(None, clean_text(text))],
        raw=raw,
        fmt="html",
        metadata={"title": title, **metadata},
    )


# --- DOCX -------------------------------------------------------------------------------------


def _refuse_zip_bomb(raw: bytes, source: str) -> None:
    """Refuse a DOCX whose parts would unpack to more than ``MAX_UNZIPPED`` (a zip bomb).

    The sizes are read from the archive's directory, before anything is decompressed; a part
    that claims less than it holds is stopped by the reader's own checks.
    """
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise IngestError(source, "not a valid DOCX file") from exc
    if unpacked > MAX_UNZIPPED:
        raise IngestError(source, f"refused: it would unpack to {unpacked // 2**20} MB "
                                  f"(more than {MAX_UNZIPPED // 2**20} MB; a zip bomb?)")


def load_docx(raw: bytes, source: str, name: str) -> LoadedDocument:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _refuse_zip_bomb(raw, source)
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:
        raise IngestError(source, "not a valid DOCX file") from exc
    paragraphs: list[str] = []
    first_heading = ""
    # Walk the body in order so tables stay where they sit between paragraphs.
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(child, document)
            text = para.text.strip()
            style = (para.style.name if para.style is not None else "") or ""
            if text and not first_heading and style.lower().startswith(("heading", "title")):
                first_heading = text
            if text:
                paragraphs.append(text)
        elif tag == "tbl":
            paragraphs.extend(_table_rows(Table(child, document)))
    props = document.core_properties
    title = (props.title or "").strip() or first_heading or name
    metadata = {"title": title}
    if props.author:
        metadata["author"] = props.author.strip()
    return LoadedDocument(
        source=source,
        title=title,
        pages=[Page(None, clean_text("\n\n".join(paragraphs)))],
        raw=raw,
        fmt="docx",
        metadata=metadata,
    )


def _table_rows(table: Any) -> list[str]:
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows
