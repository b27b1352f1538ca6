"""What a figure counts, read from its sentence: "2,517 arrests" counts arrests.

The noun phrase after the figure says it ("1,037 servers", "21 per cent of detected victims",
"USD 257 million in assets"); when nothing follows, the phrase before a linking verb does
("the number of arrests was 2,517", "arrests totalled 2,517"). Years and dates count nothing.
"""

from __future__ import annotations

import re

from .figures import Figure, strip_qualifiers

MAX_WORDS = 4
# Words that end a noun phrase: function words and the verbs that follow a subject.
_STOP = frozenset(
    """a an the this that these those and or but of in on at by for with from into to as than
    then who whom which whose where when while was were is are be been being has have had will
    would could should can may might do does did not no it its their they them he she we you
    our his her per cent percent each every all some any such more most less fewer over under
    about across including between among during after before since until through against via
    according led resulted result made making took taking reached rose fell amounted stood
    totalled totaled increased decreased compared up down out only also almost nearly around
    approximately roughly just least""".split())
PARTICIPLES = frozenset("""taken seen given known held done stolen frozen shown written driven
    hidden brought caught""".split())
NUMBER_WORDS = frozenset("""one two three four five six seven eight nine ten eleven twelve twenty
    thirty forty fifty hundred thousand million billion""".split())
_LEAD = frozenset("a an the all most some more additional further other new of".split())
_LINK_BEFORE = re.compile(
    r"(?:\b(?:was|were|is|are|as|stood at|reached|totall?ed|amounted to|rose to|fell to|"
    r"increased to|decreased to|came to|numbered|of|at|to)\s+)+$", re.I)
RATE_UNITS = frozenset("day week month year hour annum capita head person".split())
SIBLING = re.compile(r"\s*\d[\d,.]*\s*(?:and|or|to|-|–)\s*$")
NUMBER_OF = re.compile(r"\b(?:number|total|count|amount) of\s+((?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def _phrase(words: list[str]) -> list[str]:
    out: list[str] = []
    for i, w in enumerate(words):
        nxt = words[i + 1].lower() if i + 1 < len(words) else ""
        if out and w.lower() in ("and", "or") and nxt and nxt not in _STOP | NUMBER_WORDS \
                and nxt not in PARTICIPLES and not nxt.endswith("ed") and len(out) + 2 <= MAX_WORDS:
            out.append(w.lower())  # "countries and territories"
            continue
        if w.lower() in _STOP or w.lower() in NUMBER_WORDS:
            break
        if out and (w.lower() in PARTICIPLES or (len(w) > 4 and w.lower().endswith("ed"))):
            break  # "servers taken down", "people arrested": the verb is not counted
        out.append(w.lower())
        if len(out) == MAX_WORDS:
            break
    return out


def counted(text: str, fig: Figure) -> str:
    """Return what ``fig`` counts in ``text`` (lower case, at most four words), or ''."""
    if fig.kind in ("year", "date"):
        return ""
    after = re.split(r"[.;:()\[\]]|,\s|\s(?:and|or)\s+(?=[\d$€£]|USD|EUR)",
                     text[fig.end:fig.end + 120])[0]
    words = _WORD.findall(after)
    if fig.kind in ("percent", "money") and words[:1] and words[0].lower() in ("of", "in",
                                                                               "worth"):
        words = words[1:]  # "21 per cent of detected victims", "USD 2 million in cash"
    if len(words) >= 2 and words[0].lower() in ("a", "per", "each", "every") \
            and words[1].lower().rstrip("s") in RATE_UNITS:
        words = []  # "USD 3,000 a month" is a rate: the month is not what is counted
    while words and words[0].lower() in _LEAD:
        words = words[1:]
    if words[:2] and words[0].lower() in ("of", "or", "and") or not words:
        words = []
    if words and words[0].lower().endswith("ly"):
        words = words[1:]  # "1,307 respectively"
    phrase = _phrase(words)
    if phrase:
        return " ".join(phrase)
    before = text[max(0, fig.start - 160):fig.start]
    # "as 1,037 and 1,307": the second figure counts what the first does
    before = SIBLING.sub("", before)
    named = list(NUMBER_OF.finditer(before))
    if named:
        return " ".join(_phrase(named[-1][1].split()))
    before = strip_qualifiers(before)  # "close to an estimated 10 million"
    link = _LINK_BEFORE.search(before + " ")
    if not link:
        return ""
    head = re.split(r"[.;:()\[\]]|,\s", before[:link.start()])[-1]
    words = _WORD.findall(head)
    out: list[str] = []
    for w in reversed(words):
        if w.lower() in _STOP - {"of"} or len(out) == MAX_WORDS:
            break
        out.insert(0, w.lower())
    while out and out[0] in ("of", "number", "total", "amount"):
        out = out[1:]
    return " ".join(out)
