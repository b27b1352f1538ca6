"""Tests for the chat UI's logic: answer formatting and one chat turn, with a scripted answerer."""

from __future__ import annotations

import gradio as gr
import pytest
from markdown_it import MarkdownIt

from assistant.errors import CasebookError
from assistant.models import Answer, Citation, FigureCheck
from assistant.ui.app import ChatOptions, build_ui, chat_turn, format_answer
from assistant.ui.chat_tab import copy_text, file_away, remember, reopen, saved_choices
from assistant.ui.format import ABSTAIN_MARK, escape_markdown, shorten

LIBERTERRA = "Liberterra II: a week-long global push against human trafficking"


def cite(n: int, quote: str, page: int | None = None, title: str = LIBERTERRA) -> Citation:
    """Return a citation of ``quote``."""
    return Citation(n=n, doc_id=f"doc{n}", title=title, source=f"corpus/doc{n}.md", page=page,
                    quote=quote)


def answer(text: str, citations: list[Citation] | None = None, *, abstained: bool = False,
           figures: list[FigureCheck] | None = None,
           nearest: list[Citation] | None = None) -> Answer:
    """Return a hand-made Answer."""
    return Answer(question="q", answer=text, abstained=abstained, citations=citations or [],
                  figures=figures or [], engine="extractive", timings_ms={"total": 1.0},
                  nearest=nearest or [])


def render(markdown: str) -> str:
    """Render Markdown to HTML as CommonMark with GFM strikethrough (Gradio's chat uses marked)."""
    return MarkdownIt("commonmark").enable(["strikethrough", "table"]).render(markdown)


class ScriptedAnswerer:
    """Answer from a script and record every call, like the chain's test doubles."""

    def __init__(self, *answers: Answer | Exception) -> None:
        self.script = list(answers)
        self.calls: list[dict[str, object]] = []

    def ask(self, question: str, history: list[tuple[str, str]] | None = None,
            engine: str | None = None) -> Answer:
        self.calls.append({"question": question, "history": history, "engine": engine})
        item = self.script.pop(0)
        if isinstance(item, Exception):
            raise item
        return item


# format_answer

def test_answer_lists_sources_with_page_and_without() -> None:
    ans = answer("Liberterra II led to 2,517 arrests [1]. Rescued: 3,222 [2].",
                 [cite(1, "Liberterra II led to 2,517 arrests.", page=2),
                  cite(2, "Officers rescued 3,222 potential victims.", title="Other brief")])
    md = format_answer(ans)
    text, sources = md.split("**Sources**")
    assert "2,517 arrests" in text
    assert ABSTAIN_MARK not in md
    lines = sources.strip().splitlines()
    assert lines[0] == (f"- \\[1\\] {escape_markdown(LIBERTERRA)}, p. 2 — "
                        f"“{escape_markdown('Liberterra II led to 2,517 arrests.')}”")
    assert "p. " not in lines[1]
    html = render(md)
    assert "[1] Liberterra II: a week-long global push against human trafficking, p. 2 —" in html
    assert "[2] Other brief — “Officers rescued 3,222 potential victims.”" in html


def test_abstention_is_marked_and_shows_nearest_passages() -> None:
    ans = answer("The library does not say: no passage about “Liberterra III” answers this.",
                 abstained=True,
                 nearest=[cite(1, "Liberterra II led to 2,517 arrests.", page=1),
                          cite(2, "A further 17,793 irregular migrants were identified.")])
    md = format_answer(ans)
    assert md.startswith(ABSTAIN_MARK)
    assert "**Sources**" not in md
    before, nearest = md.split("**Nearest passages**")
    assert "2,517" not in before
    assert "2,517" in nearest and "17,793" in nearest
    assert "<strong>Not in the library.</strong>" in render(md)


def test_nearest_passages_only_shown_for_abstentions() -> None:
    ans = answer("Answer [1].", [cite(1, "Answer.")], nearest=[cite(1, "Elsewhere.")])
    assert "Nearest passages" not in format_answer(ans)


def test_unverified_figure_is_flagged() -> None:
    ans = answer("They made 2,600 (unverified) arrests [1].",
                 [cite(1, "Liberterra II led to 2,517 arrests.")],
                 figures=[FigureCheck(text="2,600", value=2600.0, verified=False, citation=1),
                          FigureCheck(text="2,517", value=2517.0, verified=True, citation=1)])
    md = format_answer(ans)
    assert "**Unverified figure:** 2,600 is not in the passage it cites \\[1\\]" in md
    assert "2,517 is not" not in md


def test_untrusted_quote_cannot_become_markup() -> None:
    evil = ('Seized <script>alert("x")</script> and *not emphasis* or __bold__ '
            '[a link](http://evil.example) ![img](x.png) `code` $$x$$ www.evil.example '
            'https://evil.example/x mail me@evil.example ~~gone~~ &lt;b&gt;')
    ans = answer(evil + " [1]", [cite(1, evil, title="<b>Title</b> *star*")])
    md = format_answer(ans)
    html = render(md)
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    for tag in ("<em>", "<a ", "<img", "<code>"):
        assert tag not in html
    assert html.count("<strong>") == 1  # the Sources heading only
    assert "*not emphasis*" in html and "[a link](http://evil.example)" in html
    assert "www\\.evil" in md and "https\\://" in md and "me\\@evil" in md  # no autolinks
    assert "<s>" not in html and "&amp;lt;b&amp;gt;" in html


def test_plain_prose_is_left_readable() -> None:
    # Gradio copies the raw Markdown into aria-labels: ordinary punctuation stays unescaped.
    text = "Liberterra II: a week-long push (2024) led to 2,517 arrests, 850 of them; see p. 3."
    assert escape_markdown(text) == text


@pytest.mark.parametrize(("text", "tag"), [
    ("# Heading", "<h1>"), ("1. First", "<ol>"), ("3) Third", "<ol>"), ("- item", "<ul>"),
    ("+ item", "<ul>"), ("> quoted", "<blockquote>"),
])
def test_answer_text_cannot_start_a_block(text: str, tag: str) -> None:
    html = render(format_answer(answer(text)))
    assert tag not in html and text in html.replace("&gt;", ">")


def test_multiline_quote_stays_on_its_source_line() -> None:
    ans = answer("x [1]", [cite(1, "First line.\n\n# Heading\n- item", page=3)])
    sources = format_answer(ans).split("**Sources**")[1].strip().splitlines()
    assert len(sources) == 1 and "<h1>" not in render(format_answer(ans))


def test_long_quote_is_shortened_at_a_word() -> None:
    text = "word " * 200
    short = shorten(text, 50)
    assert len(short) <= 52 and short.endswith(" …") and "wor …" not in short


# one chat turn, and the page

def test_chat_turn_shows_question_then_answer_and_passes_history() -> None:
    first = answer("Liberterra II led to 2,517 arrests. [1]", [cite(1, "2,517 arrests.")])
    second = answer("Officers rescued 3,222 potential victims. [1]", [cite(1, "3,222.")])
    bot = ScriptedAnswerer(first, second)

    steps = list(chat_turn(bot, "  How many arrests?  ", [], [], ChatOptions("auto")))
    assert steps[0][1] == [{"role": "user", "content": "How many arrests?"}]
    box, messages, pairs, cites = steps[-1]
    assert box == "" and [m["role"] for m in messages] == ["user", "assistant"]
    assert "2,517" in messages[1]["content"] and "**Sources**" in messages[1]["content"]
    # the [n] markers link to the sources panel
    assert "[\\[1\\]](#cite-1)" in messages[1]["content"]
    assert [c["n"] for c in cites] == [1] and cites[0]["quote"] == "2,517 arrests."
    assert bot.calls[0] == {"question": "How many arrests?", "history": None, "engine": "auto"}

    *_, (box, messages, pairs, _) = chat_turn(bot, "And victims?", messages, pairs,
                                              ChatOptions("extractive"))
    # the chain gets the plain answer text, never the formatted message
    assert bot.calls[1]["history"] == [("How many arrests?", first.answer)]
    assert bot.calls[1]["engine"] == "extractive"
    assert len(messages) == 4 and "3,222" in messages[3]["content"]


def test_chat_turn_ignores_empty_question() -> None:
    bot = ScriptedAnswerer()
    assert list(chat_turn(bot, "   ", [], [])) == [("", [], [], [])]
    assert bot.calls == []


def test_an_error_keeps_the_conversation_and_says_what_went_wrong() -> None:
    earlier = [{"role": "user", "content": "first"}, {"role": "assistant", "content": "reply"}]
    bot = ScriptedAnswerer(CasebookError("the library is empty: add reports first"))
    *_, (box, messages, pairs, cites) = chat_turn(bot, "How many?", earlier, [("first", "r")])
    assert box == "How many?"  # the question is back in the box
    assert messages[:2] == earlier and messages[2]["content"] == "How many?"
    assert "Could not answer: the library is empty" in messages[3]["content"]
    assert pairs == [("first", "r")] and cites == []


def test_an_unexpected_failure_is_told_in_words_too() -> None:
    bot = ScriptedAnswerer(RuntimeError("Error finding id"))
    *_, (box, messages, _, _) = chat_turn(bot, "q", [], [])
    assert box == "q" and "Something went wrong (RuntimeError: Error finding id)" in render(
        messages[-1]["content"])


def test_error_message_is_shown_as_text() -> None:
    # a document name in an error message must not become markup
    bot = ScriptedAnswerer(CasebookError("<img src=x onerror=alert(1)>.pdf: unreadable"))
    *_, (_, messages, _, _) = chat_turn(bot, "q", [], [])
    assert "<img" not in render(messages[-1]["content"])


def test_a_streamed_draft_shows_before_the_checked_answer() -> None:
    from assistant.pipeline import Delta

    final = answer("Liberterra II led to 2,517 arrests. [1]", [cite(1, "2,517 arrests.")])

    class Streaming(ScriptedAnswerer):
        def stream(self, question: str, history: object = None, engine: object = None):  # type: ignore[no-untyped-def]
            yield Delta("Liberterra II ")
            yield Delta("led to 2,517")
            yield final

    steps = list(chat_turn(Streaming(), "How many?", [], [], ChatOptions("llm")))
    drafts = [s[1][-1]["content"] for s in steps[1:-1]]
    assert drafts and "Liberterra II led to 2,517" in drafts[-1] and "being checked" in drafts[-1]
    assert "being checked" not in steps[-1][1][-1]["content"]


def test_conversations_are_filed_and_reopened() -> None:
    msgs = [{"role": "user", "content": "How many arrests?"},
            {"role": "assistant", "content": "2,517"}]
    store = remember(None, msgs, [("How many arrests?", "2,517")])
    assert store["current"]["messages"] == msgs
    store = file_away(store, msgs, [("How many arrests?", "2,517")])
    assert store["current"]["messages"] == [] and saved_choices(store) == [
        ("How many arrests?", 0)]
    store, messages, pairs = reopen(store, 0, [], [])
    assert messages == msgs and pairs == [("How many arrests?", "2,517")]
    assert saved_choices(store) == []


def test_copy_text_lists_plain_references() -> None:
    text = copy_text("It led to 2,517 arrests. [1]",
                     [{"n": 1, "doc_id": "d", "title": "Liberterra II", "source": "s",
                       "page": 3, "page_label": "67", "quote": "It led to 2,517 arrests."}],
                     None)
    assert text.splitlines()[0] == "It led to 2,517 arrests. [1]"
    assert "[1] Liberterra II, p. 3 (printed 67). “It led to 2,517 arrests.”" in text


def test_build_ui_builds_with_a_scripted_answerer() -> None:
    demo = build_ui(ScriptedAnswerer())
    assert isinstance(demo, gr.Blocks)
    ids = {getattr(block, "elem_id", None) for block in demo.blocks.values()}
    assert {"chat", "question", "send", "new-chat", "copy-sources", "sources", "engine",
            "top-k"} <= ids
    question = next(b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "question")
    assert question.placeholder == "Ask about the reports…"
    engines = next(b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "engine")
    assert engines.value == "auto"


def test_verified_figures_carry_a_mark_too() -> None:
    ans = answer("Liberterra II led to 2,517 arrests [1].",
                 [cite(1, "Liberterra II led to 2,517 arrests, 850 of them on charges.")],
                 figures=[FigureCheck("2,517", 2517.0, True, 1)])
    html_out = render(format_answer(ans))
    assert "Figures checked against their sources" in html_out
    assert "2,517 (verified in [1])" in html_out
    assert "Unverified" not in html_out


def test_fact_check_report_escapes_document_text() -> None:
    from assistant.factcheck import CheckResult, Evidence, FigureVerdict
    from assistant.ui.factcheck_tab import format_check

    ev = Evidence("It made *2,517* arrests <script>x</script>.", "Title [1](http://x)", 3, "d",
                  "2,517")
    result = CheckResult("It made 3,000 arrests.", "contradicted",
                         [FigureVerdict("3,000", 3000.0, "arrests", "contradicted", ev)])
    out = render(format_check(result))
    assert "Verdict: Contradicted" in out and "<script>" not in out
    assert "href" not in out and "p. 3" in out and "<strong>2,517</strong>" in out
