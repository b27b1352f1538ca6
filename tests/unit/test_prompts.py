"""Tests for prompt templates kept as files and checked when filled."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import CasebookError, PromptError
from assistant.prompts import PROMPTS_DIR, load_template, placeholders, render


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "greet.txt").write_text("Hello {who}, you asked: {question}\n", encoding="utf-8")
    (tmp_path / "plain.txt").write_text(
        "No placeholders here; {{literal}} braces.", encoding="utf-8")
    return tmp_path


def test_placeholders_found() -> None:
    assert placeholders("a {x} b {y} c {x}") == {"x", "y"}


def test_escaped_braces_are_not_placeholders() -> None:
    assert placeholders("{{not}} {yes}") == {"yes"}


def test_good_fill(folder: Path) -> None:
    out = render("greet", folder, who="Ada", question="how many arrests?")
    assert out == "Hello Ada, you asked: how many arrests?\n"


def test_values_with_braces_are_inserted_verbatim(folder: Path) -> None:
    out = render("greet", folder, who="{question}", question="q")
    assert out == "Hello {question}, you asked: q\n"


def test_missing_placeholder_is_named(folder: Path) -> None:
    with pytest.raises(PromptError, match="question") as err:
        render("greet", folder, who="Ada")
    # Only the missing one is named; the placeholder that was given is not.
    assert "'who'" not in str(err.value)


def test_unexpected_value_is_named(folder: Path) -> None:
    with pytest.raises(PromptError, match="colour"):
        render("greet", folder, who="Ada", question="q", colour="red")


def test_unexpected_value_for_template_without_placeholders(folder: Path) -> None:
    with pytest.raises(PromptError, match="extra"):
        render("plain", folder, extra="x")
    assert render("plain", folder) == "No placeholders here; {literal} braces."


def test_missing_template_raises_prompt_error(tmp_path: Path) -> None:
    with pytest.raises(PromptError, match="nosuch"):
        load_template("nosuch", tmp_path)


def test_prompt_error_is_a_casebook_error() -> None:
    assert issubclass(PromptError, CasebookError)


def test_load_template_reads_the_file(folder: Path) -> None:
    assert load_template("greet", folder).startswith("Hello {who}")


def test_real_answer_template_has_exactly_evidence_and_question() -> None:
    assert placeholders(load_template("answer", PROMPTS_DIR)) == {"evidence", "question"}
    assert placeholders(load_template("answer")) == {"evidence", "question"}


def test_real_answer_template_renders() -> None:
    out = render("answer", evidence="[1] (Report) 2,517 arrests.", question="How many?")
    assert "[1] (Report) 2,517 arrests." in out
    assert "Question: How many?" in out
    assert "{" not in out


def test_positional_placeholder_is_a_prompt_error(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_text("Evidence {} and {question}", encoding="utf-8")
    with pytest.raises(PromptError):
        render("bad", tmp_path, question="q")


def test_unbalanced_brace_is_a_prompt_error(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_text("Evidence {question", encoding="utf-8")
    with pytest.raises(PromptError):
        render("bad", tmp_path, question="q")


def test_placeholder_named_like_a_render_parameter(tmp_path: Path) -> None:
    (tmp_path / "who.txt").write_text("Hello {name}", encoding="utf-8")
    assert render("who", tmp_path, name="Ada") == "Hello Ada"
