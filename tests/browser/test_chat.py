"""The chat in a real browser, over a real index of the sample corpus, with no model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
expect = sync_api.expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
LIBERTERRA = ROOT / "corpus" / "interpol-liberterra-ii-2024.md"
ABSTAIN_MARK = "Not in the library."
ANSWER_TIMEOUT_MS = 90_000
QUOTE = re.compile(r"“([^”]{20,})”")


def front_matter(path: Path) -> dict[str, object]:
    """Return the YAML front matter of a corpus brief."""
    _, head, _ = path.read_text(encoding="utf-8").split("---", 2)
    return dict(yaml.safe_load(head))


def flat(text: str) -> str:
    """Return ``text`` with runs of whitespace as single spaces."""
    return " ".join(text.split())


def ask(page, question: str):  # type: ignore[no-untyped-def]
    """Send ``question`` through the page and return the locator of the bot's reply."""
    replies = page.locator("#chat [data-testid='bot']")
    before = replies.count()
    page.locator("#question textarea").fill(question)
    page.locator("#send").click()
    expect(page.locator("#chat [data-testid='user']").last).to_contain_text(question)
    expect(replies).to_have_count(before + 1, timeout=ANSWER_TIMEOUT_MS)
    return replies.nth(before)


def test_page_opens_ready_to_ask(page) -> None:  # type: ignore[no-untyped-def]
    # The box opens disabled and the page load enables it once the browser's conversation is
    # restored (a question sent earlier would be wiped by that restore); then it takes focus.
    box = page.locator("#question textarea")
    expect(box).to_be_enabled()
    expect(box).to_be_focused()
    expect(page.locator("#send")).to_be_enabled()


def test_answer_quotes_and_cites_its_source(page, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    title = str(front_matter(LIBERTERRA)["title"])
    text = flat(ask(page, "How many arrests did Liberterra II make?").inner_text())

    assert ABSTAIN_MARK not in text
    assert "2,517" in text
    assert "Sources" in text and title in text
    quotes = QUOTE.findall(text)
    assert quotes, f"no quoted sentence in: {text}"
    # the quote is the source's own words, not a paraphrase
    assert any("2,517" in q and flat(q) in flat(LIBERTERRA.read_text()) for q in quotes), quotes
    expect(page.locator("#question textarea")).to_have_value("")
    page.screenshot(path=str(screenshot_dir / "answer.png"), full_page=True)


def test_follow_up_uses_the_conversation(page, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    first = flat(ask(page, "How many arrests did Liberterra II make?").inner_text())
    assert "2,517" in first
    text = flat(ask(page, "And how many victims were rescued?").inner_text())

    assert ABSTAIN_MARK not in text
    assert "3,222" in text
    assert str(front_matter(LIBERTERRA)["title"]) in text
    page.screenshot(path=str(screenshot_dir / "follow-up.png"), full_page=True)


def test_unanswerable_question_abstains(page, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    text = flat(ask(page, "How many arrests did Liberterra III make?").inner_text())

    assert text.startswith(ABSTAIN_MARK), text
    # Liberterra II's figure may be shown among the nearest passages, never as the answer.
    answer = text.split("Nearest passages")[0]
    assert "2,517" not in answer
    page.screenshot(path=str(screenshot_dir / "abstention.png"), full_page=True)


def test_new_chat_empties_the_conversation(page) -> None:  # type: ignore[no-untyped-def]
    ask(page, "How many arrests did Liberterra II make?")
    page.locator("#question textarea").fill("half-typed")
    page.locator("#new-chat").click()
    expect(page.locator("#chat [data-testid='bot']")).to_have_count(0)
    expect(page.locator("#chat [data-testid='user']")).to_have_count(0)
    expect(page.locator("#question textarea")).to_have_value("")
    assert "2,517" in ask(page, "How many arrests did Liberterra II make?").inner_text()
