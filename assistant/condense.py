"""Turn a follow-up question into a stand-alone one, using the chat history."""

from __future__ import annotations

import re

from .question import YEAR, entities

FOLLOW_UP = re.compile(
    r"^\s*(?:and|also|what about|how about|and what about|then|so)\b"
    r"|\b(?:it|its|they|them|their|that operation|this operation|the operation|that report|"
    r"this report|the report|the same|there|that year|those|these)\b",
    re.I,
)
SWAP = re.compile(
    r"^\s*(?:and\s+)?(?:(?:what|how)\s+about\s+(?:the\s+)?|(?:in|for|during)\s+)"
    r"(?P<rest>[^?]{1,60}?)\s*\??\s*$",
    re.I,
)


def condense(question: str, history: list[tuple[str, str]] | None) -> str:
    """Return ``question`` made stand-alone with names carried over from earlier turns.

    A follow-up that names nothing ("And how many victims?") inherits the names of the
    last question that had some; "What about X?" re-asks the last question about X.
    """
    if not history:
        return question
    earlier = [q for q, _ in history if q.strip()]
    if not earlier:
        return question
    last = earlier[-1]
    swap = SWAP.match(question)
    if swap:
        rest = swap.group("rest")
        rebuilt = last
        new_names = entities(rest)
        old_names = _last_names(earlier)
        if new_names and old_names:
            # The last name is the most specific one ("INTERPOL's operation Liberterra II").
            rebuilt = rebuilt.replace(old_names[-1], new_names[0].text)
        new_years = YEAR.findall(rest)
        if new_years:
            rebuilt = YEAR.sub(new_years[0], rebuilt)
        if rebuilt != last:
            return rebuilt
        return f"{last.rstrip(' ?')} — {swap.group('rest')}?"
    if entities(question) and not FOLLOW_UP.search(question):
        return question
    names = _last_names(earlier)
    if not names:
        return question
    missing = [n for n in names if n.lower() not in question.lower()]
    if not missing:
        return question
    return f"{question.rstrip()} ({', '.join(missing)})"


def _last_names(questions: list[str]) -> list[str]:
    for q in reversed(questions):
        names = [e.text for e in entities(q)]
        if names:
            return names
    return []
