"""Turn a follow-up question into a stand-alone one, using the chat history.

A question keeps its own words. The subject of the conversation (the names and years of the
last question that had any) is carried into it only when it needs one: it refers back ("it",
"that operation", "the year before") or it is elliptical ("And how many victims?"). "What
about X?" re-asks the last question about X.
"""

from __future__ import annotations

import re

from .question import YEAR, entities, focus_phrase

AUX = frozenset(
    """is are was were be been being am do does did done have has had can could will would
    shall should may might must""".split()
)
WH = frozenset("how what which who whom whose when where why".split())
PREPOSITIONS = frozenset(
    "in for during at from on among across by with between within to of under since".split()
)
# "The year before", "the previous year", "a year later": a year relative to an earlier turn's.
_RELATIVE_YEAR = (r"the\s+(?:year|one)\s+(?:before|after)|the\s+(?:previous|prior|following|"
                  r"next)\s+year|a\s+year\s+(?:earlier|later|before|after)")
# Strong references back: whatever else a question names, these point at an earlier turn.
REFERS_BACK = re.compile(
    r"\b(?:it|its|itself|they|them|their|theirs|themselves|he|she|him|his|her|those|these"
    r"|the same|(?:that|this|the)\s+(?:operation|campaign|initiative|report|brief|study)s?"
    r"|that\s+year|those\s+years"  # "this year" means the current one
    r"|(?:that|this|those|these)\s+(?:period|country|countries|region|case|cases|"
    r"group|groups|network|networks|figure|figures|number|crimes?|scheme|schemes|time)"
    r"|" + _RELATIVE_YEAR + r")\b",
    re.I,
)
POSSESSIVES = frozenset("its itself their theirs themselves his her".split())
PLURAL_SUBJECT = re.compile(
    r"\b(?:do|did|are|were|have|had|can|could|will|would|should)\s+"
    r"(?!(?:the|they|these|those|their)\b)[a-z]+[^s\W]s\b", re.I)
YEAR_BEFORE = re.compile(r"\b(?:before|previous|prior|earlier)\b", re.I)
YEAR_AFTER = re.compile(r"\b(?:after|following|next|later)\b", re.I)
RELATIVE_YEAR = re.compile(r"\b(?:" + _RELATIVE_YEAR + r")\b", re.I)
# "Were there any arrests?" asks whether something exists; only a bare final "there" points
# back ("How many victims were rescued there?", "How many victims were there?").
EXISTENTIAL_THERE = re.compile(
    r"\b(?:is|are|was|were|be|been)\s+there\b(?!\s*[?.!]*\s*$)"
    r"|\bthere\s+(?:is|are|was|were|be|been|have|has|had|will|would|may|might|could|can|"
    r"seems?|seemed|appears?)\b|\bthere's\b",
    re.I,
)
LEAD = re.compile(
    r"^\s*(?:(?:and|but|also|so|then|plus)\b[\s,]*)?"
    r"(?:(?:what|how)\s+about\b|(?:the\s+)?same\s+(?:question\s+)?(?=(?:for|about|in|with)\b))?"
    r"\s*",
    re.I,
)
ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
# A definite noun that nothing modifies ("what did the victims lose?") means the victims
# of whatever was discussed; these words are definite without a context.
UNANCHORED = frozenset(
    "world internet web public future past present most least same first last main".split()
)
MAX_TURNS = 20  # older turns cannot be the subject of a follow-up in any real chat


def condense(question: str, history: list[tuple[str, str]] | None) -> str:
    """Return ``question`` made stand-alone from the chat history, or unchanged.

    Args:
        question: The user's new question, already stripped.
        history: Earlier (user question, assistant answer) turns, oldest first.

    Returns:
        The question itself when it is complete; otherwise the question with the subject of
        the conversation carried over, or the last question re-asked about what it names.
    """
    if not history:
        return question
    earlier: list[str] = []
    for asked, _ in history[-MAX_TURNS:]:
        if asked.strip():
            # Earlier follow-ups are resolved too, so "What about X?" after "And in 2023?"
            # re-asks the whole question, not the fragment.
            earlier.append(_resolve(asked.strip(), earlier))
    return _resolve(question, earlier) if earlier else question


def _resolve(question: str, earlier: list[str]) -> str:
    """Return ``question`` made stand-alone from the (already resolved) earlier questions."""
    if not earlier:
        return question
    rest = _elliptic_rest(question)
    if rest is not None:
        return _reask(question, rest, earlier)
    if not _needs_subject(question):
        return question
    return _carry(question, _subject(earlier))


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[\w'’-]+", text)]


def _elliptic_rest(question: str) -> str | None:
    """Return X of "What about X?", "And X?" or "In X?" when X is a bare phrase, else None."""
    lead = LEAD.match(question)
    rest = question[lead.end():].strip().rstrip("?.! ").strip() if lead else question
    words = _words(rest)
    if not words or not (lead and lead.group(0).strip() or words[0] in PREPOSITIONS):
        return None
    # "In Synergia II, how many servers were taken down?" has a clause of its own.
    if re.search(r"[,;:]", rest) or len(words) > 8 or set(words) & (WH | AUX):
        return None
    return rest


def _needs_subject(question: str) -> bool:
    """Return True when the question cannot be understood without an earlier turn."""
    for m in REFERS_BACK.finditer(question):
        # "IT crime" names a field; "it" is a pronoun.
        if m.group(0) != "IT" and not _bound_inside(question[:m.start()], m.group(0).lower()):
            return True
    if re.search(r"\bthere\b", question, re.I) and not EXISTENTIAL_THERE.search(question):
        return True
    lead = LEAD.match(question)
    words = _words(question[lead.end():] if lead else question)
    if words and words[0] in WH and len(words) <= 4 and not set(words) & AUX:
        return True  # a fragment: "How many victims?", "Which countries?"
    if entities(question):
        return False  # "And how many countries took part in Operation First Light?"
    return bool(lead and lead.group(0).strip()) or _definite_reference(words)


def _bound_inside(before: str, pronoun: str) -> bool:
    """Return True when a possessive points at a name or subject earlier in the question."""
    if pronoun not in POSSESSIVES:
        return False
    if entities(before):
        return True  # "How many arrests did Liberterra II make in its first week?"
    # "How do traffickers recruit their victims?": the question has a plural subject.
    return pronoun in {"their", "theirs", "themselves"} and bool(PLURAL_SUBJECT.search(before))


def _definite_reference(words: list[str]) -> bool:
    """Return True for an unmodified "the NOUN" ("did the victims lose", "the victims were")."""
    for i, word in enumerate(words[:-1]):
        if word != "the":
            continue
        noun = words[i + 1]
        after = words[i + 2] if i + 2 < len(words) else ""
        if noun in UNANCHORED or noun.endswith("est") or not noun.isalpha():
            continue
        if after in PREPOSITIONS or after in {"that", "which", "who", "whose", "behind"}:
            continue  # "the definition of cybercrime" says which one it means
        before = words[i - 1] if i else ""
        if not after or after in AUX or before in AUX:
            return True
    return False


def _subject(earlier: list[str]) -> str:
    """Return the last earlier question that names something or has a year ('' if none)."""
    for asked in reversed(earlier):
        if entities(asked) or YEAR.search(asked):
            return asked
    return ""


def _carry(question: str, subject: str) -> str:
    """Return ``question`` followed by the subject's names and years it lacks."""
    names = list(dict.fromkeys(e.text for e in entities(subject)))
    extra = [n for n in names if n.lower() not in question.lower()]
    if not YEAR.search(question):
        extra += _carried_years(question, YEAR.findall(subject))
    return _add(question, ", ".join(dict.fromkeys(extra))) if extra else question


def _carried_years(question: str, years: list[str]) -> list[str]:
    relative = RELATIVE_YEAR.search(question)
    if not relative or not years:
        return years
    # "the year before" 2023 is 2022: carrying 2023 itself would contradict the evidence.
    shift = -1 if YEAR_BEFORE.search(relative.group(0)) else 1
    return [str(int(years[-1]) + shift)]


def _add(question: str, extra: str) -> str:
    """Return ``question`` with ``extra`` in its trailing parenthesis, made if need be."""
    if question.endswith(")") and "(" in question:
        return f"{question[:-1]}, {extra})"
    return f"{question} ({extra})"


def _insert(question: str, phrase: str) -> str:
    """Return ``question`` with ``phrase`` before its question mark (and carried names)."""
    m = re.match(r"^(?P<body>.*?)\s*(?P<mark>[?.!])?\s*(?P<carried>\([^()]*\))?\s*$",
                 question, re.S)
    if not m:
        return f"{question} {phrase}"
    carried = f" {m.group('carried')}" if m.group("carried") else ""
    return f"{m.group('body')} {phrase}{m.group('mark') or ''}{carried}"


def _reask(question: str, rest: str, earlier: list[str]) -> str:
    """Return the last question asked again about ``rest`` (a name, a year or a topic)."""
    last = earlier[-1]
    new_names = list(dict.fromkeys(e.text for e in entities(rest)))
    new_years = YEAR.findall(rest)
    if not new_names and not new_years:
        return _reask_topic(question, rest, last, _subject(earlier))
    out, unplaced = _swap_names(last, new_names)
    old_years = list(YEAR.finditer(out))
    if new_years and old_years:
        # Replace from the end so earlier match offsets stay valid.
        for i, m in reversed(list(enumerate(old_years))):
            out = out[:m.start()] + new_years[min(i, len(new_years) - 1)] + out[m.end():]
    elif new_years:
        out = _insert(out, f"in {new_years[0]}")
    if unplaced and not new_years and len(new_names) == len(unplaced):
        first = _words(rest)[0]
        # Nothing to swap: "And in Kenya?" adds a place to the question.
        return _insert(out, rest) if first in PREPOSITIONS else _add(out, rest)
    return _add(out, ", ".join(unplaced)) if unplaced else out


def _swap_names(question: str, new_names: list[str]) -> tuple[str, list[str]]:
    """Return ``question`` with each new name in place of its counterpart, and the rest."""
    old = list(dict.fromkeys(e.text for e in entities(question)))
    unplaced = []
    for name in new_names:
        if name in old:
            old.remove(name)
            continue
        if not old:
            unplaced.append(name)
            continue
        # The last name is the most specific one ("INTERPOL's operation Liberterra II").
        best = max(range(len(old)), key=lambda i: (_likeness(old[i], name), i))
        pattern = re.compile(rf"(?<![\w-]){re.escape(old[best])}(?![\w-])")
        question = pattern.sub(name.replace("\\", r"\\"), question)
        old.pop(best)
    return question, unplaced


def _likeness(old: str, new: str) -> int:
    """Return how alike two names are: a shared word, then the same shape."""
    shared = {w.lower() for w in re.split(r"[\s-]+", old)} & {
        w.lower() for w in re.split(r"[\s-]+", new)}
    shared = {w for w in shared if not re.fullmatch(r"[ivx]+|\d+", w)}
    return 3 * bool(shared) + 2 * (_shape(old) == _shape(new))


def _shape(name: str) -> str:
    if re.fullmatch(r"[A-Z]{2,7}", name):
        return "acronym"
    if re.search(r"\s(?:[IVX]+|\d+)$", name):
        return "series"
    return "plain"


def _reask_topic(question: str, rest: str, last: str, subject: str) -> str:
    """Return the last question asked about ``rest`` instead of what it counted."""
    if _words(rest)[0] in PREPOSITIONS:
        return _insert(last, rest)  # "And in the north?"
    focus = focus_phrase(last)
    topic = ARTICLE.sub("", rest)
    pattern = re.compile(rf"(?<!\w){re.escape(focus)}(?!\w)", re.I) if focus else None
    if pattern and pattern.search(last):
        # "What about the victims?" after "How many arrests did Liberterra II make?"
        return pattern.sub(lambda _m: topic, last, count=1)
    return _carry(question, subject)
