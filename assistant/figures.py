"""Figure parsing and normalisation shared by answers and fact-checks.

A figure is a number expression as written ("2,517", "USD 257 million", "18 - 37 billion",
"21 per cent", "three million", "15 November 2000") with its normalised value, unit, kind
(count, percent, money, year, date) and the qualifier written before it (over, about, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from math import isclose


@dataclass(frozen=True)
class Figure:
    """A number expression in a text, normalised.

    Attributes:
        text: The expression as written, without qualifier words.
        value: Normalised value (the low end of a range); None for dates.
        high: High end of a range, else None.
        unit: "" for plain counts, "%" or "pp" for percents, an ISO code for money, or a
            measure ("tonnes", "kg").
        kind: One of "count", "percent", "money", "year", "date".
        qualifier: "", "over", "about", "nearly", "at least", "up to" or "under".
        start: Offset of the first character of ``text``.
        end: Offset just past ``text``.
        iso: For dates "YYYY-MM-DD", "YYYY-MM" or "--MM-DD" (no year written); else "".
    """

    text: str
    value: float | None
    high: float | None = None
    unit: str = ""
    kind: str = "count"
    qualifier: str = ""
    start: int = 0
    end: int = 0
    iso: str = ""
    approx: bool = False  # a ratio ("one in three") stands for a rounded share


@dataclass
class _Atom:
    start: int
    end: int
    value: float | None
    raw: str = "0"  # decimal digits before the scale word, to share a scale across a range
    exp: int = 0  # power of ten of the scale word
    unit: str = ""
    kind: str = "count"
    iso: str = ""
    weak: bool = False  # a number word not (yet) shown to be a figure
    high: float | None = None
    approx: bool = False


_SP = "[ \t\u00a0\u202f]"
_CURRENCIES = {"US$": "USD", "USD": "USD", "$": "USD", "EUR": "EUR", "€": "EUR", "GBP": "GBP",
               "£": "GBP", "A$": "AUD", "C$": "CAD"}
# ISO codes written before or after an amount ("USD 46 000", "4,008,820 GEL"). Codes that are also
# common acronyms in these reports (SAR, PHP, SDG) are left out. The question reader takes them
# for units, not names.
CURRENCY_CODES = ("USD EUR GBP AUD CAD NZD HKD SGD CHF JPY CNY RMB INR PKR BDT LKR NPR IDR MYR "
                  "THB VND KRW TWD MOP FJD PGK ZAR NGN KES GHS UGX TZS EGP MAD AED QAR KWD SEK "
                  "NOK DKK PLN CZK HUF RUB UAH TRY BRL MXN COP ARS CLP PEN GEL AZN KZT UZS KGS "
                  "TJS BYN MDL RSD BAM MKD RON BGN ISK ILS IRR IQD JOD LBP SYP YER OMR BHD ETB "
                  "XOF XAF ZMW MWK MZN AOA BWP RWF SSP LYD TND DZD HTG DOP JMD TTD GTQ HNL "
                  "NIO PYG UYU VES AFN MMK KHR LAK MNT").split()
_CURRENCIES.update({code: code for code in CURRENCY_CODES})
# "mio" and "bio" ("US$411bio"), "mln" and "bln" are how many European writers shorten them.
_SCALES = {"thousand": 3, "k": 3, "million": 6, "mn": 6, "m": 6, "mio": 6, "mln": 6,
           "billion": 9, "bn": 9, "b": 9, "bio": 9, "bln": 9, "trillion": 12, "tn": 12}
_NUM_RE = re.compile(
    rf"(?<![\w$€£.])(?:(?P<cur>US\$|{'|'.join(CURRENCY_CODES)}|A\$|C\$|\$|€|£){_SP}?)?"
    r"(?P<num>(?>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3}(?![\d,.]\d))+"
    r"|\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|\d+(?:\.\d+|,\d{1,2}(?!\d))?))"
    rf"(?:{_SP}?(?P<scale>million|billion|trillion|thousand|mn|bn|tn|mio|bio|mln|bln)"
    r"(?![A-Za-z])"
    r"|(?P<short>m|bn|b|k)(?![A-Za-z]))?")
_SUFFIX_RE = re.compile(
    rf"(?P<pct>{_SP}?%|{_SP}+per{_SP}?cent\b|{_SP}+percent\b|{_SP}+pct\b)"
    rf"|(?P<pp>{_SP}+percentage{_SP}+points?\b)"
    rf"|{_SP}+(?P<curw>US{_SP}+dollars|dollars|euros?|pounds{_SP}+sterling|cents?|"
    rf"(?-i:{'|'.join(CURRENCY_CODES)}))\b"
    rf"|{_SP}*(?P<measure>[KMGT]B|(?:kilo|mega|giga|tera)bytes?|tonnes|tons|kg|kilograms?|kilos"
    r"|grams?|g|mg|milligrams?|ml|millilit(?:re|er)s?|lit(?:re|er)s?)\b")
# Each measure word, by how it begins, and the unit it is written as.
_MEASURES = (("kb", "KB"), ("kilob", "KB"), ("mb", "MB"), ("megab", "MB"), ("gb", "GB"),
             ("gigab", "GB"), ("tb", "TB"), ("terab", "TB"), ("ton", "tonnes"), ("k", "kg"),
             ("mg", "mg"), ("milligram", "mg"), ("ml", "ml"), ("millilit", "ml"), ("g", "g"),
             ("lit", "l"))
_MONTH_LIST = "January February March April May June July August September October November " \
    "December".split()
_MONTHS = {**{m.lower(): i for i, m in enumerate(_MONTH_LIST, 1)},
           **{m[:3].lower(): i for i, m in enumerate(_MONTH_LIST, 1)}, "sept": 9}
_MON = r"(?P<mon>[A-Z][a-z]{2,8})\.?"
_DATE_RES = [
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?{_SP}+{_MON}(?:,?{_SP}+(?P<y>\d{{4}}))?\b"),
    re.compile(rf"\b{_MON}{_SP}+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?{_SP}+(?P<y>\d{{4}})\b"),
    re.compile(rf"\b{_MON}{_SP}+(?P<y>\d{{4}})\b"),
    # "on September 11": a day of the month without its year
    re.compile(rf"\b{_MON}{_SP}+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?![.,]?\d|{_SP}*(?:%|per))"),
    re.compile(r"(?<![\w/-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w/-])"),
]
_SMALL = {w: i for i, w in enumerate(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split(), 1)}
_SMALL.update({w: i * 10 for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)})
_BIG = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_WTOK = "|".join(sorted([*_SMALL, "hundred", *_BIG], key=len, reverse=True))
_WORDS_RE = re.compile(
    rf"\b(?:(?:half\s+)?an?\s+)?(?:{_WTOK})(?:(?:\s+and)?[\s-]+(?:{_WTOK}))*\b", re.I)
_RATIO_NUM = r"(?:1\d|\d|" + "|".join(w for w, v in _SMALL.items() if v < 20) + ")"
_RATIO_RE = re.compile(rf"\b(?P<a>{_RATIO_NUM})\s+(?:in|out\s+of)\s+(?:every\s+)?"
                       rf"(?P<b>{_RATIO_NUM})\b(?!\s*(?:per\s*cent|percent|%))", re.I)
# Word classes (unit, teen, tens, hundred, scale, "and") and which class may follow which.
_CLASS = {**{w: "u" if v < 10 else "t" if v < 20 else "d" for w, v in _SMALL.items()},
          **{w: "s" for w in _BIG}, "hundred": "h", "and": "a"}
_NEXT = {"": "utd", "u": "hs", "t": "hs", "d": "us", "h": "utdsa", "s": "utda", "a": "utd"}
_PART_OF = re.compile(r"[ \t]+of[ \t]+(?:them\b|(?:the|its|their|his|her|these|those|our)[ \t]+"
                      r"(?!\w+est\b|most\b|least\b|best\b|worst\b|top\b|main\b|few\b|many\b))",
                      re.I)
_NOT_NOUN = set(
    "of the a an and or to in on at by for with from is are was were be been has have had who "
    "which that this these those it its they them he she we you as than more less other others "
    "per cent percent".split())
_QUALIFIERS = {  # canonical qualifier: the phrasings written before a figure
    "over": "more than|over|above|in excess of|upwards of|exceeding|greater than",
    "about": "about|around|approximately|approx.|roughly|some|an estimated|estimated|circa",
    "nearly": "nearly|almost|close to|just under",
    "at least": "at least|no fewer than|no less than|not less than|a minimum of",
    "up to": "up to|as many as|as much as|at most|no more than|not more than|a maximum of",
    "under": "fewer than|less than|below|under",
}
_QUAL_OF = {p: q for q, ps in _QUALIFIERS.items() for p in ps.split("|")}
MARKER_RE = re.compile(r"\[\s*(\d+(?:\s*[,;–-]\s*\d+)*)\s*\]")
# An endnote reference written against a word or a full stop: "work.(8)", "labor(8, 23)".
# A paragraph of an article, "Article 8(6)" or "15(4)(a)", is part of an identifier.
NOTE_REF_RE = re.compile(r"(?<=[A-Za-z.,;:”\"’'])\(\s*\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\s*\)"
                         r"|(?<=\d)\(\d{1,3}\)(?:\([a-z]\))*")
# The number of a numbered paragraph or list item opening the text: "4.3 The Authority
# imposed ...", "2.14. Between 2018 and 2020 ...", "(3) the Bank shall ...". It orders the
# text; it counts nothing. In an answer the item opens its quote, after the one before's
# marker: "... to the RBI. [1] (3) The bank shall not ...".
PARAGRAPH_NUMBER_RE = re.compile(
    r"(?:^|(?<=\]))\s*(?:\d{1,2}(?:\.\d{1,3}){1,3}\.?(?=\s+(?!(?:[Mm]illion|[Bb]illion|[Tt]housand|"
    r"[Pp]er\b|[Pp]ercent))[A-Z(“\"])|\(\d{1,3}\)(?=\s+\w))")
QUALIFIER_RE = re.compile(
    r"(?<![\w.])(?P<q>" + "|".join(re.escape(p) for p in sorted(_QUAL_OF, key=len, reverse=True))
    + rf"){_SP}+$", re.I)
_POSTQUALIFIER_RE = re.compile(rf"{_SP}+or{_SP}+(?P<q>more|fewer|less)\b", re.I)
_ID_WORD = (r"resolution|article|art\.|paragraph|para\.|no\.|rule|goal|target|section|chapter|"
            r"page|p\.|pp\.|annex|table|figure|fig\.|fig|map|box|graph|chart|sdg|phase|track|tier|"
            r"level|stage|step|category|version|appendix|schedule|round|wave|grade|cfr|usc|"
            r"u\.s\.c\.|c\.f\.r\.|recommendation|principle|pillar|criterion|objective|field|"
            r"item|exhibit|form|question|part|clause|issue|(?-i:Count)")
_ID_RE = re.compile(rf"(?:\b(?:{_ID_WORD})s?|§§?){_SP}*$", re.I)
# The later numbers of a list of identifiers: "Recommendations 12 and 22", "Articles 5, 6 or 8".
_ID_LIST_RE = re.compile(rf"\b(?:{_ID_WORD})s?{_SP}+\d+[a-z]?(?:{_SP}*(?:,|and|or|to|through|&)"
                         rf"{_SP}*\d+[a-z]?)*{_SP}*(?:,|and|or|to|through|&){_SP}*$", re.I)
# The title of a code of law: "18 U.S.C. § 2333", "31 CFR 1010".
CODE_TITLE = re.compile(r"\s*(?:U\.\s?S\.\s?C\.|USC\b|C\.\s?F\.\s?R\.|CFR\b)")


SINCE_AT_LEAST = re.compile(r"\b(?:since|until|before|after|from|back to|as far back as|in(?: or)?|"
                            r"(?:beginning|starting) in|during|by)\s+"
                            r"(?:at least|about|around|approximately|circa|roughly)\s+$", re.I)
# The last part of a code: "CVE-2014-0160", "MS12-027".
CODE_ID = re.compile(r"(?<![\w-])[A-Za-z][\w-]*\d-$")
# A house number in a street address, after the place words that lead to it: "in front of
# 3491 Baychester Avenue", "on East 225 Street", "of 127-04 Guy R. Brewer Blvd.". It names a
# place; it counts nothing.
STREET_BEFORE = re.compile(r"\b(?:at|on|to|from|of|near|outside|onto|along|off)\s+"
                           r"(?:(?:East|West|North|South)\s+)?(?:\d+-)?$")
STREET_AFTER = re.compile(r"(?:-\d+)?\s+(?!The\b)(?:(?:[A-Z][a-z]+|[A-Z]\.)\s+){0,3}"
                          r"(?:Avenue|Ave\b|Street|St\.|Road|Rd\b|Boulevard|Blvd\b|Lane|Drive|"
                          r"Parkway|Highway|Plaza)\b")
# Numbers joined by two dots or more: an IP address (50.63.202.94) or a release (1.2.3).
DOTTED = re.compile(r"\d+(?:\.\d+){2,}")


def _dotted_id(text: str, start: int) -> bool:
    """Return True for an identifier of dotted numbers; "1.000.000 euros" is a number."""
    m = DOTTED.match(text, start)
    return m is not None and any(len(g) != 3 for g in m.group().split(".")[1:])


# A name just before a decimal number makes it a version: "Windows 8.1", "CryptoWall 2.0".
VERSION_OF = re.compile(r"(?<![.!?:]\s)(?<!^)\b(?:[A-Z][a-z]+[A-Z]\w*|[A-Z][a-z]{2,})\s$")


def _clean(num: str) -> str:
    """Return digits written with thousands separators or a decimal comma as plain decimal."""
    num = re.sub("[ \u00a0\u202f\u2009]", "", num)
    if "," in num and "." in num:
        decimal = max(num.rfind(","), num.rfind("."))
        num = re.sub("[.,]", "", num[:decimal]) + "." + num[decimal + 1:]
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+", num):
        num = num.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", num):
        num = num.replace(".", "")
    return num.replace(",", ".")


def _apply_suffix(text: str, atom: _Atom) -> None:
    """Extend ``atom`` over a following per cent sign, currency word or measure."""
    s = _SUFFIX_RE.match(text, atom.end)
    if not s:
        return
    if s["pct"] or s["pp"]:
        atom.unit, atom.kind = ("%" if s["pct"] else "pp"), "percent"
    elif s["curw"] and not atom.unit:
        word = s["curw"].lower()
        atom.kind = "money"
        if word.startswith("cent") and atom.value is not None:
            atom.value /= 100  # "65.4 cents" is $0.654
        atom.unit = _CURRENCIES.get(s["curw"]) or (
            "EUR" if word.startswith("eur") else "GBP" if word[0] == "p" else "USD")
    elif s["measure"] and atom.kind == "count":
        word = s["measure"].lower()
        atom.unit = next(unit for start, unit in _MEASURES if word.startswith(start))
    else:
        return
    atom.end = s.end()


def _numeric_atoms(text: str) -> list[_Atom]:
    atoms = []
    for m in _NUM_RE.finditer(text):
        start, end = m.start(), m.end()
        if (re.search(r"[A-Za-z]-$|[:/]$", text[max(0, start - 2):start])
                or re.match(r"[:/]\d", text[end:end + 2])
                or _dotted_id(text, m.start("num"))
                or CODE_ID.search(text[max(0, start - 24):start])
                or _ID_RE.search(text, max(0, start - 16), start)
                or _ID_LIST_RE.search(text, max(0, start - 40), start)
                or CODE_TITLE.match(text, end)
                or (m["num"].isdigit() and STREET_AFTER.match(text, end)
                    and STREET_BEFORE.search(text, max(0, start - 30), start))):
            # part of a name (COVID-19), a document symbol (78/267) or an identifier: an IP
            # address (50.63.202.94), a dotted version (1.2.3), a code (CVE-2014-0160, MS12-027),
            # a house number (3491 Baychester Avenue)
            continue
        if (VERSION_OF.search(text, max(0, start - 40), start)
                and re.fullmatch(r"\d{1,2}\.\d{1,2}", m["num"])
                and not m["cur"] and not m["scale"] and not m["short"]
                and not _SUFFIX_RE.match(text, end)):
            continue  # a version of a named thing: "Windows 8.1", "CryptoWall 2.0"
        scale = m["scale"] or m["short"]
        exp = _SCALES[scale.lower()] if scale else 0
        digits = _clean(m["num"])
        atom = _Atom(start, end, float(f"{digits}e{exp}"), digits, exp)
        if m["cur"]:
            atom.unit, atom.kind = _CURRENCIES[m["cur"]], "money"
        elif not scale and digits.isdigit():
            _and_a_half(text, atom)  # "2 and a half years", "a 3-and-a-half-year sentence"
        _apply_suffix(text, atom)
        glued = text[atom.end:atom.end + 1]
        if (glued.isalpha() and text[atom.end - 1] != "%") or (glued.isdigit() and not m["scale"]):
            # glued to letters: an ordinal (2nd) or a code (5G); a scale word may carry its
            # footnote's number ("US$18bio14"). A per-cent sign ends a figure, whatever a PDF
            # sets against it ("over 10%of funds").
            continue
        if (atom.kind == "count" and not atom.unit and not scale
                and re.fullmatch(r"\d{4}", m["num"]) and 1900 <= int(digits) <= 2100
                and (not _qualifier(text, start)
                     or SINCE_AT_LEAST.search(text, max(0, start - 60), start))):
            atom.kind = "year"  # "since at least 2007" dates; "some 2007 cases" counts
        atoms.append(atom)
    return atoms


def _date_atoms(text: str) -> list[_Atom]:
    atoms = []
    for rx in _DATE_RES:
        for m in rx.finditer(text):
            groups = m.groupdict()
            month = int(m["m"]) if "m" in groups else _MONTHS.get(m["mon"].lower(), 0)
            day = int(m["d"]) if groups.get("d") else 0
            if not 1 <= month <= 12 or day > 31 or (groups.get("d") and day < 1):
                continue
            iso = f"{groups.get('y') or '-'}-{month:02d}" + (f"-{day:02d}" if day else "")
            atoms.append(_Atom(m.start(), m.end(), None, kind="date", iso=iso))
    return atoms


def _word_value(words: list[str]) -> tuple[int, int, int, bool]:
    """Return value, length, final scale exponent and has-scale of the longest number prefix."""
    total = current = used = 0
    last, last_big, has_scale = "", 10**15, False
    for i, word in enumerate(words):
        cls = _CLASS[word]
        if cls not in _NEXT[last] or (cls == "s" and _BIG[word] >= last_big):
            break
        if cls in "utd":
            current += _SMALL[word]
        elif cls == "h":
            current, has_scale = current * 100, True
        elif cls == "s":
            total, current, last_big, has_scale = total + current * _BIG[word], 0, _BIG[word], True
        last, used = cls, used if cls == "a" else i + 1
    exp = len(str(last_big)) - 1 if last == "s" else 0
    return total + current, used, exp, has_scale


def _word_atoms(text: str) -> list[_Atom]:
    atoms = []
    for m in _WORDS_RE.finditer(text):
        toks = [(t.group().lower(), m.start() + t.start(), m.start() + t.end())
                for t in re.finditer(r"[A-Za-z]+", m.group())]
        while toks:
            mult, start = 1.0, toks[0][1]
            if toks[0][0] == "half":  # the regex puts "a" or "an" after it
                mult, toks = (0.5, toks[1:]) if toks[2][0] in _BIG else (1.0, toks[2:])
            if toks[0][0] in ("a", "an", "and"):
                if toks[0][0] != "and" and len(toks) > 1 and toks[1][0] in ("hundred", *_BIG):
                    toks[0] = ("one", *toks[0][1:])
                else:
                    toks = toks[1:]
                    continue
            start = start if mult != 1.0 else toks[0][1]
            total, used, exp, has_scale = _word_value([w for w, _, _ in toks])
            if not used:
                toks = toks[1:]
                continue
            value = total * mult
            atom = _Atom(start, toks[used - 1][2], value, repr(value / 10**exp), exp)
            toks = toks[used:]
            if not exp and mult == 1.0 and _and_a_half(text, atom):
                # "two and a half months", "a three-and-a-half-year sentence"
                value += 0.5
                toks = [t for t in toks if t[1] >= atom.end]
            _apply_suffix(text, atom)
            nxt = re.match(r"[ \t]+([A-Za-z]+)", text[atom.end:])
            noun = nxt is not None and nxt[1].lower() not in _NOT_NOUN and value != 1
            # "two of the bank's employees", "three of them": a count of a group's members
            noun = noun or (value >= 2 and _PART_OF.match(text, atom.end) is not None)
            # "a two-year investigation", "a nine-month sentence": a span of time
            noun = noun or _SPAN_AFTER.match(text, atom.end) is not None
            # "reduced the number of stages to four.": a count the sentence ends on
            noun = noun or (value >= 2 and _ENDS_ON.search(text, 0, atom.start) is not None
                            and re.match(r"\s*(?:[.;:,)]|$)", text[atom.end:]) is not None)
            atom.weak = not (has_scale or atom.kind != "count" or noun)
            atoms.append(atom)
    return atoms


def _and_a_half(text: str, atom: _Atom) -> bool:
    """Extend a whole number over an "and a half" that follows it; return True if it did."""
    half = _AND_A_HALF.match(text, atom.end)
    if half is None:
        return False
    atom.value = float(atom.value or 0) + 0.5
    atom.raw, atom.end = repr(atom.value), half.end()
    return True


_AND_A_HALF = re.compile(r"(?:\s+|-)and(?:\s+|-)a(?:\s+|-)half\b"
                         r"(?![\s-]+(?:thousand|million|billion|trillion)\b)", re.I)
_SPAN_AFTER = re.compile(r"-(?:years?|months?|weeks?|days?|hours?)\b", re.I)
_ENDS_ON = re.compile(r"\b(?:to|reached|totall?ed|numbered|rose to|fell to)[ \t]+$", re.I)
_FRACTIONS = {"half": 50.0, "a third": 100 / 3, "one third": 100 / 3, "two thirds": 200 / 3,
              "a quarter": 25.0, "one quarter": 25.0, "three quarters": 75.0, "a fifth": 20.0,
              "one fifth": 20.0}
# "at least half have ...": after a qualifier a fraction needs no "of".
_BARE_FRACTION_RE = re.compile(
    r"\b(?:at least|about|nearly|almost|more than|over|under|less than|roughly|around|"
    r"fewer than|just over|just under|only|some)\s+(?P<f>"
    + "|".join(k.replace(" ", "[ -]") for k in _FRACTIONS) + r")\b(?![ -](?:of|an?|the)\b)",
    re.I)
_FRACTION_RE = re.compile(
    r"(?<!\bfirst )(?<!\bsecond )(?<!\blast )(?<!\bthe )\b(?P<f>"
    + "|".join(k.replace(" ", "[ -]") for k in _FRACTIONS) + r")\s+of\s+(?!\d)", re.I)


_ORDINALS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
    "twentieth".split(), start=1)}
# "for the eighth consecutive year", "the 3rd year in a row": a count of years, not a rank.
_RUN_RE = re.compile(
    r"\b(?P<n>" + "|".join(_ORDINALS) + r"|\d{1,3}(?:st|nd|rd|th))\s+"
    r"(?:(?:consecutive|successive|straight)\s+(?:years?|months?|weeks?|days?|times?|"
    r"quarters?|seasons?|editions?|terms?)\b"
    r"|(?:year|month|week|day|time|quarter|season|edition|term)\s+in\s+a\s+row\b)", re.I)


def _run_atoms(text: str) -> list[_Atom]:
    """Return "eighth consecutive year" and "3rd year in a row" as counts (8 and 3)."""
    out = []
    for m in _RUN_RE.finditer(text):
        n = m["n"].lower()
        value = _ORDINALS[n] if n in _ORDINALS else int(n[:-2])
        out.append(_Atom(m.start(), m.end(), float(value)))
    return out


def _ratio_atoms(text: str) -> list[_Atom]:
    """Return "one in three", "1 in 5", "two out of every ten" and "a quarter of" as shares."""
    atoms = [_Atom(m.start("f"), m.start("f") + len(m["f"]),
                   round(_FRACTIONS[m["f"].lower().replace("-", " ")], 2), unit="%",
                   kind="percent", approx=True)
             for r in (_FRACTION_RE, _BARE_FRACTION_RE) for m in r.finditer(text)]
    for m in _RATIO_RE.finditer(text):
        a, b = (int(x) if x.isdigit() else _SMALL[x.lower()] for x in (m["a"], m["b"]))
        if 0 < a < b:
            atoms.append(_Atom(m.start(), m.end(), round(100 * a / b, 2), unit="%",
                               kind="percent", approx=True))
    return atoms


def _merge_ranges(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """Join "18 - 37 billion", "2015-2021" and "between 10 and 20 per cent" into ranges."""
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        a, b = atoms[i], atoms[i + 1] if i + 1 < len(atoms) else None
        merged = _join(text, a, b) if b else None
        linked = b and re.fullmatch(rf"{_SP}*(?:[-–—]|to|and){_SP}*", text[a.end:b.start])
        if b and linked and not merged:
            if a.iso.startswith("--") and b.iso[:1].isdigit():  # 29 September to 4 October 2024
                a.iso = b.iso[:4] + a.iso[1:]
            elif (a.kind == "count" and not a.unit and b.kind in ("percent", "money")
                  and re.search(rf"\bfrom{_SP}+$", text[:a.start])):  # from 10 to 20 per cent
                a.kind, a.unit = b.kind, b.unit
                if _in_cents(text, b) and a.value is not None:
                    a.value /= 100  # from 45 to 75 cents
        out.append(merged or a)
        i += 2 if merged else 1
    return out


def _join(text: str, a: _Atom, b: _Atom) -> _Atom | None:
    gap, head = text[a.end:b.start], text[max(0, a.start - 12):a.start]
    between = re.search(rf"\bbetween{_SP}+$", head, re.I)
    if not (re.fullmatch(rf"{_SP}*[-–—]{_SP}*", gap)
            or (re.fullmatch(rf"{_SP}+to{_SP}+", gap) and not re.search(r"\bfrom\s+$", head))
            or (re.fullmatch(rf"{_SP}+and{_SP}+", gap) and between)):
        return None
    if "date" in (a.kind, b.kind) or a.high is not None or b.high is not None:
        return None
    low, high = a.value or 0.0, b.value or 0.0
    if a.kind == "year":
        b_text = text[b.start:b.end]
        if b.kind == "count" and gap in "-–" and re.fullmatch(r"\d\d", b_text) \
                and high > low % 100:  # 2015-16
            high, b.kind = low - low % 100 + high, "year"
        if b.kind != "year":
            return None
        kind, unit = "year", ""
    else:
        if a.unit and b.unit and a.unit != b.unit:
            return None
        if _in_cents(text, b) and not a.unit and a.kind == "count":
            low /= 100  # "45 to 75 cents"
        if b.exp and not a.exp and float(a.raw) <= float(b.raw):
            low = float(f"{a.raw}e{b.exp}")  # the scale of "18 - 37 billion" covers both ends
        unit = a.unit or b.unit
        kind = a.kind if a.kind != "count" else b.kind.replace("year", "count")
    if low > high:
        return None
    start = a.start - len(head) + between.start() if between else a.start
    return _Atom(start, b.end, low, kind=kind, unit=unit, high=high, weak=a.weak and b.weak)


def _in_cents(text: str, atom: _Atom) -> bool:
    return atom.kind == "money" and text[atom.start:atom.end].lower().endswith(("cent", "cents"))


def strip_qualifiers(before: str) -> str:
    """Return ``before`` without the qualifier words at its end ("close to an estimated")."""
    while (q := QUALIFIER_RE.search(before.rstrip() + " ")) is not None:
        before = before[:q.start()]
    return before


def _qualifier(text: str, start: int) -> str:
    m = QUALIFIER_RE.search(text, max(0, start - 24), start)
    return _QUAL_OF[m["q"].lower()] if m else ""


ASKED_QUALIFIER = re.compile(
    r"\b(?P<q>" + "|".join(re.escape(p) for p in sorted(_QUAL_OF, key=len, reverse=True))
    + r")\s+how\s+(?:many|much|long|large|big)\b|\b(?P<most>maximum)\s+"
    r"(?:number|amount)\b", re.I)


def asked_qualifier(question: str) -> str:
    """Return the canonical qualifier a question asks the figure to carry, or ''.

    "Up to how many servers can be configured?" wants "up to 5", not "our sample had 3".
    """
    m = ASKED_QUALIFIER.search(question)
    if not m:
        return ""
    return "up to" if m["most"] else _QUAL_OF[m["q"].lower()]


def parse_figures(text: str) -> list[Figure]:
    """Return every figure in ``text`` in reading order, without overlaps.

    Citation markers ("[3]"), document symbols ("78/267"), names with digits ("G20",
    "COVID-19"), identifiers ("Article 5"), ordinals ("2nd", "first"; but "the eighth
    consecutive year" counts 8 years) and "one" used as a
    pronoun are not figures.

    Args:
        text: Any text: an answer, a passage or a claim.

    Returns:
        The figures, with offsets into ``text``.
    """
    masked = [m.span() for r in (MARKER_RE, NOTE_REF_RE, PARAGRAPH_NUMBER_RE)
              for m in r.finditer(text)]
    candidates = sorted(_date_atoms(text) + _ratio_atoms(text) + _run_atoms(text)
                        + _numeric_atoms(text) + _word_atoms(text),
                        key=lambda a: (a.start, -a.end))
    atoms: list[_Atom] = []
    for atom in candidates:
        overlaps = atoms and atom.start < atoms[-1].end
        if not overlaps and not any(s < atom.end and atom.start < e for s, e in masked):
            atoms.append(atom)
    figures = []
    for atom in _merge_ranges(text, atoms):
        if atom.weak:
            continue
        qualifier = _qualifier(text, atom.start)
        post = _POSTQUALIFIER_RE.match(text, atom.end)
        if not qualifier and post:
            qualifier = "at least" if post["q"].lower() == "more" else "up to"
        figures.append(Figure(text[atom.start:atom.end], atom.value, atom.high, atom.unit,
                              atom.kind, qualifier, atom.start, atom.end, atom.iso,
                              atom.approx))
    return figures


def _time_key(fig: Figure) -> str:
    if fig.kind == "date":
        return fig.iso
    return f"{fig.value:.0f}" + (f"/{fig.high:.0f}" if fig.high is not None else "")


def same_value(a: Figure, b: Figure) -> bool:
    """Return whether two figures state the same value in compatible units.

    Percents match percents of the same unit, money matches money of the same (or an
    unstated) currency, counts match counts of the same measure; years and dates must be
    equal. Ranges match only ranges with the same ends.
    """
    if a.kind in ("year", "date") or b.kind in ("year", "date"):
        return a.kind == b.kind and _time_key(a) == _time_key(b)
    if a.kind != b.kind:
        return False
    if a.unit != b.unit and not (a.kind == "money" and "" in (a.unit, b.unit)):
        return False
    if (a.high is None) != (b.high is None) or a.value is None or b.value is None:
        return False
    return isclose(a.value, b.value, rel_tol=1e-9) and isclose(a.high or 0, b.high or 0,
                                                              rel_tol=1e-9)


def supports(claim: Figure, found: Figure) -> bool:
    """Return whether ``found`` states ``claim``, allowing a vaguer date or year in the claim."""
    if same_value(claim, found):
        return True
    if found.kind == "date" and claim.kind in ("year", "date") and claim.high is None:
        return found.iso.startswith(_time_key(claim) + "-")
    return False


def find_in_text(fig: Figure, text: str) -> Figure | None:
    """Return the first figure of ``text`` with the value of ``fig``, or None.

    The qualifier need not match. A year or month ("2000", "November 2000") is also found in
    a fuller date ("15 November 2000"), never the other way round.
    """
    return next((f for f in parse_figures(text) if supports(fig, f)), None)


ABOUT = 0.1  # "about 6 million" holds for values within 10 per cent
NEARLY = 0.15  # "nearly 60 per cent" holds for 51 to 60 per cent
OVER = 1.0  # "over 2,500" holds up to twice 2,500 (further above, a writer says more)
APPROX_POINTS = 2.0  # "one in three" holds for a share within two points of 33.3 per cent


def comparable(a: Figure, b: Figure) -> bool:
    """Return whether two figures measure in the same terms (so one can contradict the other)."""
    if a.kind in ("year", "date") or b.kind in ("year", "date"):
        return a.kind in ("year", "date") and b.kind in ("year", "date")
    if a.kind != b.kind:
        return False
    return a.unit == b.unit or (a.kind == "money" and "" in (a.unit, b.unit))


def _holds(qualifier: str, claimed: float, value: float) -> bool:
    """Return whether ``value`` (exact) makes "``qualifier`` ``claimed``" true."""
    if qualifier == "over":
        return claimed < value <= claimed * (1 + OVER)
    if qualifier == "at least":
        return claimed <= value <= claimed * (1 + OVER)
    if qualifier == "nearly":
        return claimed * (1 - NEARLY) <= value <= claimed
    if qualifier in ("up to", "under"):
        return claimed * (1 - OVER / 2) <= value <= claimed and not (
            qualifier == "under" and value == claimed)
    return abs(value - claimed) <= ABOUT * abs(claimed)  # about


def agrees(claim: Figure, found: Figure) -> bool:
    """Return whether a source's figure ``found`` bears out the figure ``claim``, qualifiers read.

    "over 2,500" in a source supports a claim of "2,500" (the source's own figure is rounded);
    2,517 supports "over 2,500" and "about 2,500" but not "fewer than 2,000" or a bare "2,500";
    a share written "one in three" holds within two points of 33.3 per cent. Years and dates
    follow ``supports``: a claimed year is borne out by a full date in that year.
    """
    if claim.kind in ("year", "date") or found.kind in ("year", "date"):
        return supports(claim, found)
    if not comparable(claim, found) or claim.value is None or found.value is None:
        return False
    if claim.high is not None and found.high is not None:
        return same_value(claim, found)
    if claim.high is not None or found.high is not None:
        # a claimed value inside a source's range ("up to" its top end) or a range around it
        if found.high is not None and claim.high is None:
            return claim.qualifier in ("up to", "under") and isclose(claim.value, found.high)
        return False
    if claim.approx or found.approx:
        return abs(claim.value - found.value) <= APPROX_POINTS
    if isclose(claim.value, found.value, rel_tol=1e-9):
        # same number: a source's "over 2,500" supports "2,500", but a claim's "over 2,500"
        # needs more than 2,500 (and "under 2,000" less than 2,000)
        return claim.qualifier in ("", "about", "at least", "up to") or \
            found.qualifier in (claim.qualifier, "about")
    if found.qualifier and found.qualifier != "about":
        return found.qualifier == claim.qualifier and claim.qualifier in ("over", "at least") \
            and claim.value <= found.value <= claim.value * (1 + OVER)
    return bool(claim.qualifier) and _holds(claim.qualifier, claim.value, found.value)
