"""Verification: every figure and every sentence of an answer must rest on a passage it cites."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .figures import MARKER_RE, agrees, parse_figures
from .models import FigureCheck
from .text import content_tokens

# Share of a sentence's content words (stemmed, figures left out) that must occur in the
# passages it cites. A faithful paraphrase of a short evidence sentence keeps most of its words
# ("Liberterra II led to 2,517 arrests [1]" keeps 3 of 4); a sentence that adds a claim of its
# own ("... and dismantled 40 networks across Europe") brings words the evidence lacks and drops
# below it. Rejecting a good paraphrase costs little, since the extractive answer then stands.
SUPPORT_THRESHOLD = 0.6

_ABBREV_RE = re.compile(r"(?:\b[A-Za-z]|e\.g|i\.e|No|Art|para|approx|etc|vs|Mr|Ms|Dr|St)$")
_BOUNDARY_RE = re.compile(r"[.!?][\"')]*(?:\s*\[\s*\d+(?:\s*[,;–-]\s*\d+)*\s*\])*(?=\s|$)|\n")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Return sentence spans; markers right after a full stop stay with its sentence."""
    spans, start = [], 0
    for m in _BOUNDARY_RE.finditer(text):
        if m.group() == "\n" or not _ABBREV_RE.search(text, max(0, m.start() - 8), m.start()):
            spans.append((start, m.end()))
            start = m.end()
    return spans + [(start, len(text) + 1)]


def _marker_groups(text: str) -> list[tuple[int, int, list[int]]]:
    """Return (start, end, numbers) of citation markers, adjacent markers merged ("[1][2]")."""
    groups: list[tuple[int, int, list[int]]] = []
    for m in MARKER_RE.finditer(text):
        nums: list[int] = []
        for part in re.split(r"\s*[,;]\s*", m[1]):
            bounds = [int(x) for x in re.split(r"\s*[–-]\s*", part)]
            nums.extend(range(bounds[0], min(max(bounds), bounds[0] + 50) + 1))
        if groups and not text[groups[-1][1]:m.start()].strip():
            groups[-1] = (groups[-1][0], m.end(), groups[-1][2] + nums)
        else:
            groups.append((m.start(), m.end(), nums))
    return groups


def verify_answer(answer: str, passages: dict[int, str]) -> list[FigureCheck]:
    """Check each figure of an answer against the passages its citation markers point to.

    A figure belongs to the first marker group after it in its sentence, else the nearest one
    before it; a figure in a sentence without markers is checked against every passage.

    Args:
        answer: The answer text with [n] markers.
        passages: Passage text by citation number n.

    Returns:
        One check per figure in reading order; ``citation`` is the passage holding the figure,
        else the first one cited (None when the sentence cites nothing).
    """
    # A quote keeps its report's own reference marks ("indicted [28] by a grand jury"): a
    # mark that cites no passage and is written in one is its text, not a citation.
    sentences = _sentences(answer)
    groups = [g for g in _marker_groups(answer) if set(g[2]) <= set(passages)
              or not any(answer[g[0]:g[1]] in text for text in passages.values())]
    parsed = {n: parse_figures(text) for n, text in passages.items()}
    checks = []
    for fig in parse_figures(answer):
        s_start, s_end = next((s, e) for s, e in sentences if s <= fig.start < e)
        after = [g for g in groups if fig.end <= g[0] < s_end]
        before = [g for g in groups if s_start <= g[0] and g[1] <= fig.start]
        cited = after[0][2] if after else before[-1][2] if before else sorted(passages)
        found = next((n for n in cited if any(agrees(fig, f) for f in parsed.get(n, []))),
                     None)
        citation = found if found is not None or not (after or before) else cited[0]
        value = None if fig.kind == "date" else fig.value
        checks.append(FigureCheck(fig.text, value, found is not None, citation))
    return checks


def figures_verified(checks: list[FigureCheck]) -> bool:
    """Return whether every checked figure was found in a passage it cites."""
    return all(c.verified for c in checks)


def mark_unverified(answer: str, checks: list[FigureCheck]) -> str:
    """Return ``answer`` with " (unverified)" after each figure that failed its check.

    Checks are matched to the answer's figures in order by their text, so ``checks`` should
    come from ``verify_answer`` on the same answer.
    """
    figures, inserts = iter(parse_figures(answer)), []
    for check in checks:
        fig = next((f for f in figures if f.text == check.text), None)
        if fig and not check.verified and not answer.startswith(" (unverified)", fig.end):
            inserts.append(fig.end)
    for end in reversed(inserts):
        answer = f"{answer[:end]} (unverified){answer[end:]}"
    return answer


@dataclass
class SentenceCheck:
    """One sentence of an answer, the passages it cites and how much of it they hold."""

    text: str
    cited: list[int]
    support: float  # share of the sentence's content words found in the cited passages
    supported: bool
    missing: list[str] = field(default_factory=list)  # content words no cited passage has


def check_sentences(answer: str, passages: dict[int, str],
                    threshold: float = SUPPORT_THRESHOLD) -> list[SentenceCheck]:
    """Check that each sentence of an answer is supported by the passage(s) it cites.

    A sentence's content words are its stemmed tokens without stop words
    (``assistant.text.content_tokens``), leaving out its figures and citation markers:
    figures have their own check (``verify_answer``) that knows "6 million" is 6,000,000,
    which word overlap does not; each word counts once. A sentence is supported when at
    least ``threshold`` of its content words occur in the union of the passages its markers
    name. A sentence without a marker is unsupported unless it has no content words (a figure
    alone, say); a marker naming a passage not in ``passages`` contributes no words.

    Args:
        answer: The answer text with [n] markers.
        passages: Passage text by citation number n: what the writer was shown for [n].
        threshold: Share of content words that must be found, in (0, 1].

    Returns:
        One check per non-empty sentence, in reading order.
    """
    words = {n: set(content_tokens(text)) for n, text in passages.items()}
    groups = _marker_groups(answer)
    checks = []
    for start, end in _sentences(answer):
        sentence = answer[start:end].strip()
        if not sentence:
            continue
        cited: list[int] = []
        for g_start, _, nums in groups:
            if start <= g_start < end:
                cited.extend(n for n in nums if n not in cited)
        # Each word counts once: a name said twice is not twice the support.
        wanted = list(dict.fromkeys(content_tokens(_without_figures_and_markers(
            answer[start:end]))))
        known = set().union(*(words.get(n, set()) for n in cited))
        missing = [w for w in wanted if w not in known]
        support = 1.0 - len(missing) / len(wanted) if wanted else 1.0
        ok = not wanted or (bool(cited) and support >= threshold)
        checks.append(SentenceCheck(sentence, cited, support, ok, missing))
    return checks


def sentences_supported(checks: list[SentenceCheck]) -> bool:
    """Return whether every checked sentence is supported by what it cites."""
    return all(c.supported for c in checks)


def _without_figures_and_markers(sentence: str) -> str:
    """Blank out a sentence's figures and [n] markers, keeping the words between them."""
    spans = [(f.start, f.end) for f in parse_figures(sentence)]
    spans += [m.span() for m in MARKER_RE.finditer(sentence)]
    chars = list(sentence)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)
