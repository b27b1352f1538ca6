"""The workspace in a real browser: sources viewer, library, restriction, persistence, phone.

The server is `casebook serve` over the sample corpus and, when present, the real UNODC PDF.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
expect = sync_api.expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT.parent / "shared" / "reports" / "unodc-glotip-2024-chapter-2-africa.pdf"
ANSWER_TIMEOUT_MS = 90_000
ABSTAIN_MARK = "Not in the library."
BRIEF = """---
title: Operation Bluefin, a browser test brief
publisher: Casebook tests
date: 2024-05-01
---

Operation Bluefin led to 4,321 arrests in 12 ports, the coastguard said.
"""


def ask(page, question: str):  # type: ignore[no-untyped-def]
    replies = page.locator("#chat [data-testid='bot']")
    before = replies.count()
    page.locator("#question textarea").fill(question)
    page.locator("#send").click()
    expect(replies).to_have_count(before + 1, timeout=ANSWER_TIMEOUT_MS)
    reply = replies.nth(before)
    expect(reply).not_to_contain_text("being checked", timeout=ANSWER_TIMEOUT_MS)
    return reply


def tab(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("tab", name=name).click()


def test_citation_opens_the_page_with_the_sentence_highlighted(page, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    if not REPORT.is_file():
        pytest.skip("the real PDF is not beside the repository")
    reply = ask(page, "How many displacements did natural disasters cause in Sub-Saharan "
                      "Africa in 2023?")
    expect(reply).to_contain_text("6 million")
    expect(reply).to_contain_text("verified in")  # the figure's badge
    reply.locator("a[href='#cite-1']").first.click()  # the [1] marker in the answer
    expect(page.locator("#sources input[value='1']")).to_be_checked()
    head = page.locator("#passage .cite-head")
    expect(head).to_contain_text("p. 19 (printed 83)")  # the PDF page and its printed number
    expect(page.locator("#passage mark")).to_contain_text("6 million displacements")
    image = page.locator("#page-image img")
    expect(image).to_be_visible()
    width = image.evaluate("img => img.naturalWidth")
    assert width > 500  # a rendered page, not an icon
    page.screenshot(path=str(screenshot_dir / "source-viewer.png"), full_page=True)


def test_markdown_source_shows_its_text_with_the_sentence_marked(page) -> None:  # type: ignore[no-untyped-def]
    reply = ask(page, "How many arrests did Liberterra II make?")
    reply.locator("a[href='#cite-1']").first.click()
    expect(page.locator("#passage mark")).to_contain_text("2,517 arrests")
    expect(page.locator("#page-image img")).to_have_count(0)


def test_upload_list_ask_remove(page, tmp_path: Path, screenshot_dir: Path,  # type: ignore[no-untyped-def]
                                index_dir: Path) -> None:
    brief = tmp_path / "bluefin.md"
    brief.write_text(BRIEF, encoding="utf-8")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not a PDF")
    tab(page, "Library")
    page.locator("#upload input[type='file']").set_input_files([str(brief), str(broken)])
    page.locator("#add-files").click()
    results = page.locator("#ingest-results")
    expect(results).to_contain_text("added", timeout=ANSWER_TIMEOUT_MS)
    expect(results).to_contain_text("failed")
    expect(results).to_contain_text("broken.pdf")
    expect(page.locator("#documents")).to_contain_text("Operation Bluefin, a browser test brief")
    page.screenshot(path=str(screenshot_dir / "library.png"), full_page=True)
    # the upload is kept under the index folder, and so is the browser's copy in transit
    assert (index_dir / "uploads" / "bluefin.md").is_file()
    assert any((index_dir / "uploads" / ".incoming").rglob("bluefin.md"))

    tab(page, "Chat")
    reply = ask(page, "How many arrests did Operation Bluefin make?")
    expect(reply).to_contain_text("4,321")
    expect(reply).to_contain_text("Operation Bluefin, a browser test brief")

    tab(page, "Library")
    page.locator("#remove-choice input").fill("Operation Bluefin")
    page.get_by_role("option", name=re.compile("Operation Bluefin")).click()
    page.locator("#remove").click()
    expect(page.locator("#library-status")).to_contain_text("Removed")
    expect(page.locator("#documents")).not_to_contain_text("Operation Bluefin")

    tab(page, "Chat")
    gone = ask(page, "How many arrests did Operation Bluefin make?")
    expect(gone).to_contain_text(ABSTAIN_MARK)
    assert "4,321" not in gone.inner_text().split("Nearest passages")[0]


def test_chat_restricted_to_one_document(page) -> None:  # type: ignore[no-untyped-def]
    page.locator("#restrict").click()
    page.locator("#doc-filter label", has_text="Synergia II").click()
    reply = ask(page, "How many arrests did Liberterra II make?")
    text = reply.inner_text()
    assert "2,517" not in text.split("Nearest passages")[0]
    assert "Liberterra II: a week-long" not in text.split("Nearest passages")[0]
    synergia = ask(page, "How many arrests did Synergia II make?")
    expect(synergia).to_contain_text("41")


def test_reload_keeps_the_conversation_and_new_chat_files_it(page) -> None:  # type: ignore[no-untyped-def]
    ask(page, "How many arrests did Liberterra II make?")
    page.reload(wait_until="load")
    page.wait_for_selector("#question textarea", state="visible")
    expect(page.locator("#chat [data-testid='bot']")).to_have_count(1)
    expect(page.locator("#chat")).to_contain_text("2,517")
    # a follow-up still knows the conversation after the reload
    expect(ask(page, "And how many victims were rescued?")).to_contain_text("3,222")

    page.locator("#new-chat").click()
    expect(page.locator("#chat [data-testid='bot']")).to_have_count(0)
    page.locator("#earlier input").click()
    page.get_by_role("option", name=re.compile("How many arrests did Liberterra II")).click()
    expect(page.locator("#chat")).to_contain_text("3,222")


def test_copy_with_sources(page) -> None:  # type: ignore[no-untyped-def]
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    ask(page, "How many arrests did Liberterra II make?")
    page.locator("#copy-sources").click()
    page.wait_for_timeout(500)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Liberterra II led to 2,517 arrests")
    assert "Sources:" in copied and "[1] Liberterra II: a week-long" in copied
    assert "INTERPOL" in copied and "2024" in copied  # publisher and date


def test_keyboard_only(page) -> None:  # type: ignore[no-untyped-def]
    box = page.locator("#question textarea")
    expect(box).to_be_enabled()  # it opens disabled until the page has loaded
    box.focus()
    box.press_sequentially("How many arrests did Liberterra II make?")
    expect(box).to_have_value("How many arrests did Liberterra II make?")
    box.press("Enter")
    expect(page.locator("#chat [data-testid='bot']")).to_contain_text(
        "2,517", timeout=ANSWER_TIMEOUT_MS)
    for name in ("Send", "New chat", "Copy with sources"):
        expect(page.get_by_role("button", name=name)).to_be_visible()
    expect(page.get_by_role("textbox", name="Question")).to_be_visible()


def test_phone_width(browser, server_url: str, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(server_url, wait_until="load")
    page.wait_for_selector("#question textarea", state="visible")
    reply = ask(page, "How many arrests did Liberterra II make?")
    expect(reply).to_contain_text("2,517")
    overflow = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(screenshot_dir / "phone.png"), full_page=True)
    context.close()
    assert overflow <= 392, f"the page scrolls sideways on a phone: {overflow}px"
