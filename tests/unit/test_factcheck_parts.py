"""Tests for the pieces a fact-check is made of: what a figure counts, qualifiers, claims."""

from __future__ import annotations

import pytest

from assistant.claims import read_claim
from assistant.conflicts import disagree
from assistant.factcheck import CheckResult, FigureVerdict, overall
from assistant.figures import agrees, parse_figures
from assistant.quantity import counted


def fig(text: str, at: int = 0):  # type: ignore[no-untyped-def]
    return [f for f in parse_figures(text) if f.kind != "year"][at]


@pytest.mark.parametrize(("text", "what"), [
    ("Liberterra II led to 2,517 arrests across 40 countries.", "arrests"),
    ("The number of arrests was 2,517.", "arrests"),
    ("Nearly 60 per cent of detected victims were female.", "detected victims"),
    ("Police seized USD 257 million in assets.", "assets"),
    ("Operators took down 1,037 servers in Hong Kong.", "servers"),
    ("Arrests totalled 1,006 in 2023.", "arrests"),
    ("One in three victims is a child.", "victims"),
    ("It froze 5,500 bank accounts.", "bank accounts"),
    ("Two reports give the number of servers as 1,037 and 1,307 respectively.", "servers"),
    ("Jobs paid USD 3,000 a month.", ""),  # a rate: the month is not counted
    ("Africa has close to an estimated 10 million in all regions.", ""),
])
def test_counted_reads_the_noun(text: str, what: str) -> None:
    assert counted(text, fig(text, -1 if "1,307" in text else 0)) == what


@pytest.mark.parametrize(("claim", "source", "holds"), [
    ("over 2,500 arrests", "2,517 arrests", True),
    ("2,500 arrests", "over 2,500 arrests", True),  # the source's own figure is rounded
    ("2,500 arrests", "2,517 arrests", False),  # a bare figure must be exact
    ("over 2,500 arrests", "2,500 arrests", False),
    ("fewer than 1,000 arrests", "2,517 arrests", False),
    ("over 500 victims", "5,000 victims", False),  # far above: a writer would say more
    ("about 6 million", "5.8 million", True),
    ("nearly 60 %", "58 %", True),
    ("nearly 60 %", "61 %", False),
    ("one in three", "33 per cent", True),
    ("one in three", "40 per cent", False),
    ("USD 257 million", "$257 million", True),
    ("20 %", "20 arrests", False),
    ("between 4,500 and 5,000", "4,500-5,000", True),
    ("close to 10 million", "an estimated 10 million", True),
])
def test_agrees_reads_qualifiers(claim: str, source: str, holds: bool) -> None:
    assert agrees(fig(claim), fig(source)) is holds


def test_a_year_is_borne_out_by_a_date_in_it() -> None:
    assert agrees(parse_figures("in 2022")[0], parse_figures("on 15 March 2022")[0])
    assert not agrees(parse_figures("in 2021")[0], parse_figures("on 15 March 2022")[0])


def test_read_claim_keeps_years_with_their_figures() -> None:
    parts = read_claim("In 2022 victims made up 7.5 per cent of all victims detected in Europe, "
                       "up from just 1.5 per cent five years earlier.")
    assert [p.fig.text for p in parts] == ["7.5 per cent", "1.5 per cent"]  # "five" is not one
    assert parts[0].profile.years == ["2022"]
    assert parts[1].profile.years == ["2017"]


def test_read_claim_leaves_the_attribution_out_of_the_subject() -> None:
    part = read_claim("More than 290 million people used drugs in 2022, according to the UN "
                      "drugs office's World Drug Report.")[0]
    assert part.fig.value == 290e6 and part.fig.qualifier == "over"
    assert not any(e.text in ("UN", "World Drug Report") for e in part.profile.entities)
    assert part.what == "people used drugs"


def test_read_claim_checks_dates_only_when_alone() -> None:
    assert [p.fig.kind for p in read_claim("In 2023 police made 1,006 arrests.")] == ["count"]
    assert [p.fig.kind for p in read_claim("The convention was adopted on 15 November 2000.")] \
        == ["date"]
    assert read_claim("Trafficking is a crime.") == []


def test_disagree_needs_the_same_counted_thing() -> None:
    a = "Operation X took down 1,037 servers in Hong Kong."
    b = "Operation X took down 1,307 servers in Hong Kong."
    c = "Operation X led to 1,307 arrests."
    assert disagree(a, fig(a), b, fig(b))
    assert not disagree(a, fig(a), c, fig(c))  # servers and arrests are two quantities
    d = "It made over 2,500 arrests."
    e = "It made 2,517 arrests."
    assert not disagree(d, fig(d), e, fig(e))  # over 2,500 and 2,517 do not conflict


def test_overall_verdict() -> None:
    assert overall(["supported", "contradicted"]) == "contradicted"
    assert overall(["supported", "not_found"]) == "not_found"
    assert overall(["supported", "supported"]) == "supported"
    assert overall([]) == "not_found"


def test_check_json_contract_keys() -> None:
    result = CheckResult("c", "not_found", [FigureVerdict("5", 5.0, "arrests", "not_found")])
    data = result.to_json()
    assert set(data) == {"claim", "verdict", "figures"}
    assert {"text", "value", "counts", "verdict", "source_text", "evidence"} <= set(
        data["figures"][0])
    assert data["figures"][0]["evidence"] is None and data["figures"][0]["source_text"] is None
