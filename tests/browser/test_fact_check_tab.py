"""The Fact-check and Figures tabs in a real browser, over the sample corpus, with no model."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
expect = sync_api.expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SYNERGIA = ROOT / "corpus" / "interpol-synergia-ii-2024.md"
CHECK_TIMEOUT_MS = 90_000


def open_tab(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("tab", name=name).click()


def check(page, claim: str):  # type: ignore[no-untyped-def]
    """Check ``claim`` in the Fact-check tab; return the result's locator once it shows."""
    open_tab(page, "Fact-check")
    page.locator("#claim textarea").fill(claim)
    page.locator("#check").click()
    result = page.locator("#check-result")
    expect(result).to_contain_text(claim[:30], timeout=CHECK_TIMEOUT_MS)
    return result


def test_fact_check_contradicts_a_wrong_figure(page, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    result = check(page, "Liberterra II led to 3,200 arrests.")
    text = " ".join(result.inner_text().split())
    assert "Verdict: Contradicted" in text
    assert "3,200" in text and "2,517" in text  # the claim's figure and the report's
    assert "Liberterra II" in text and "“Liberterra II led to 2,517 arrests" in text
    page.screenshot(path=str(screenshot_dir / "fact-check-contradicted.png"), full_page=True)


def test_fact_check_supports_a_rounded_figure(page, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    result = check(page, "INTERPOL's Liberterra II led to more than 2,500 arrests.")
    text = " ".join(result.inner_text().split())
    assert "Supported" in text and "2,517" in text
    page.screenshot(path=str(screenshot_dir / "fact-check-supported.png"), full_page=True)


def test_fact_check_shows_the_other_value(page) -> None:  # type: ignore[no-untyped-def]
    text = " ".join(check(page, "Synergia II took down 1,307 servers in Hong Kong.")
                    .inner_text().split())
    assert "Verdict: Supported" in text and "another value" in text and "1,037" in text


def test_figures_table_searches_and_exports(page, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    open_tab(page, "Figures")
    page.locator("#figures-query textarea, #figures-query input").first.fill("servers")
    page.locator("#figures-search").click()
    expect(page.locator("#figures-count")).to_contain_text("figures matching",
                                                           timeout=CHECK_TIMEOUT_MS)
    table = page.locator("#figures-table")
    expect(table).to_contain_text("1,037")
    expect(table).to_contain_text("1,307")
    expect(table).to_contain_text("Synergia II")
    page.screenshot(path=str(screenshot_dir / "figures.png"), full_page=True)

    with page.expect_download() as info:
        page.locator("#figures-csv").click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert {"1037.0", "1307.0"} <= {r["value"] for r in rows}
    assert all(r["title"] and r["sentence"] for r in rows)
    assert any(r["sentence"] in " ".join(SYNERGIA.read_text(encoding="utf-8").split())
               for r in rows)
