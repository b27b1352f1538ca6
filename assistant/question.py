"""What a question asks for: its answer type, named entities, years and focus."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from .figures import CURRENCY_CODES, Figure, parse_figures
from .text import STOPWORDS, content_tokens, tokens

# Words that start a question or are capitalised for grammar, not because they name something.
NOT_NAMES = frozenset(
    """how what which when where who whom whose why did do does is are was were in on at
    according the a an and or of for to by can could tell give please i me it its that this
    these those over about per many much approximately around roughly some all any as during
    after before since between from with without into under than then there their they
    what's who's how's has have had will would should may might must shall being been be
    also both each either neither more most less least only other such same so very just
    and, if whether while besides despite beyond unlike apart except excluding including
    following given regarding concerning among amongst within across against through
    throughout via""".split()
)
# Words that open a question as an adverb ("Overall, how many ...", "Last year, ..."): no name
# begins with them there, though elsewhere they are words of the question.
OPENERS = frozenset("""overall altogether worldwide globally currently recently today together
    additionally finally meanwhile similarly likewise last next""".split())
# Generic nouns that wrap a name ("operation Liberterra II") and may be dropped from its edges.
WRAPPERS = frozenset("operation operations campaign report initiative the".split())
WRAPPER_STEMS = frozenset({"operation", "campaign", "initiative"})

# Currencies named in words: "in pesos" asks for money, "how many rupees" too, "200 dollars"
# is a unit. ("pounds" may be a weight: each pattern says whether it takes it.)
_COUNTED_CURRENCIES = "dollar euro peso rupee franc dinar shilling".split()
CURRENCY_WORDS = "|".join([f"{c}s?" for c in _COUNTED_CURRENCIES] + ["yen", "yuan"])
_CURRENCY_PLURALS = "|".join([f"{c}s" for c in _COUNTED_CURRENCIES] + ["yen", "yuan"])

BY_HOW_MUCH = re.compile(r"\bby how much\b", re.I)
MEDIAN = re.compile(r"\bmedian\b", re.I)
TYPE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "How far did the currency fall?": a change, told as a share or an amount, not a distance.
    ("figure", re.compile(
        r"\bhow far (?:did|has|have|had|does|do|will|would|could|can)\s+(?:[\w'’-]+\s+){1,6}?"
        r"(?:fall|fell|fallen|drop|dropped|decline|declined|rise|rose|risen|increase|increased|"
        r"grow|grew|shrink|shrunk|slump|plunge|sink|sunk|depreciate|climb|slide|slid)\b"
        # "How fast are the proceeds growing?": a rate, told as a share or an amount, not a time.
        r"|\bhow (?:fast|quickly|rapidly)\s+(?:is|are|was|were|did|has|have|had|does|do)\s+"
        r"(?:[\w'’-]+\s+){1,8}?(?:grow|grew|grown|growing|rise|rose|risen|rising|increas\w*|"
        r"expand\w*|declin\w*|fall|fell|fallen|falling|shrink\w*|spread\w*)\b"
        r"|\bat what (?:annual\s+|yearly\s+)?rate\b", re.I)),
    ("length", re.compile(
        r"\bhow far (?:from|away|apart|is|are|was|were|did|do|does|had|has|have|will|would|could"
        r"|can)\b|\bwhat distance\b"
        r"|\bhow long (?:an?|is|was|are|were) (?:the\s+)?(?:\w+\s+)?(?:stretch|segment|section|"
        r"distance|route|border|road|pipeline|journey|coastline|tunnel|wall|fence|corridor|trip|"
        r"river|frontier|coast)s?\b", re.I)),
    # "How long is the AES key?": a size in bytes or characters, not a span of time.
    ("figure", re.compile(
        r"\bhow long (?:is|are|was|were) (?:the|a|an|its|their|each)\s+(?:[\w-]+\s+){0,3}?"
        r"(?:key|file|string|password|payload|hash|script|domain|url|message|name)s?\b"
        # "How long was the file, in lines?": a size in the unit it names
        r"|\bhow long\b.*\bin (?:lines|characters|bytes|bits|words|pages|digits)\b", re.I)),
    ("frequency", re.compile(
        r"\bhow (?:often|frequently|regularly)\b|\bhow many times (?:a|per|each|every)\b"
        r"|\bat what (?:interval|frequency)\b", re.I)),
    ("duration", re.compile(
        r"\bhow long\b|\bfor how many (?:days|weeks|months|years)\b|\bover what period\b"
        r"|\bhow (?:quickly|soon)\b|\bhow much (?:[\w-]+\s+)?time\b"
        r"|\bwithin what (?:time|period|timeframe)\b"
        r"|\bhow many (?:days|weeks|months|years) did\b"
        # "What prison sentence did she receive?": a term of years or months (or life).
        r"|\bwhat (?:\w+\s+){0,2}?(?:(?:prison|jail|custodial)\s+(?:sentence|term)|sentence)s?"
        r"\s+(?:was|were|did|has|had|is|are|do|does)\b", re.I)),
    ("date", re.compile(
        r"^\s*(?:and\s+)?when\b|\b(?:what|which|in what)\s+(?:year|date|day|month)\b"
        r"|\bsince when\b|\bon what (?:date|day)\b"
        r"|\bwhat (?:is|was|were|are) the (?:\w+\s+){0,2}?(?:date|year|day|month)s?(?![\w-])",
        re.I)),
    # "By how much did the balances fall?": by an amount of money, a share or a count.
    ("figure", BY_HOW_MUCH),
    ("percent", re.compile(
        r"\b(?:share|percentage|proportion|fraction|per ?cent|percent)\b|%"
        r"|\bhow much of\b|\bwhat (?:part|portion) of\b", re.I)),
    ("count", re.compile(
        rf"\bhow many\b(?!\s+(?:us\s+)?(?:pounds|{_CURRENCY_PLURALS})\b)|\bnumber of\b"
        r"|\bhow large\b|\bhow big\b|\bcount of\b|\btotal of\b"
        r"|\bhow old\b|\b(?:at )?what age\b|\b(?:death|casualty) toll\b", re.I)),
    ("money", re.compile(
        r"\bhow much (?:money|cash|ransom)\b|\bworth\b|\bvalue\b|\blosses\b|\blost\b|\bloss\b"
        r"|\bprofits?\b|\brevenues?\b|\bearnings?\b|\bproceeds\b|\bturnover\b"
        rf"|\b(?:usd|{CURRENCY_WORDS})\b|\$"
        r"|\bcost(?:s|ing)?\b|\bfined\b"
        # "What price did the kit sell for?", "what ransom did it demand?"
        r"|\bwhat (?:\w+\s+){0,2}?(?:price|ransom|fee|fine|bribe|salary|wage|payment|reward|bail)s?"
        r"\s+(?:was|were|did|do|does|is|are|has|have|had|would|could|can)\b"
        r"|\bwhat (?:was|is|were|are) the (?:\w+\s+)?(?:ransom|bribe|salary|wage|reward|bail)s?\b"
        # "What did victims pay the smugglers?", "what do they charge per crossing?"
        r"|\bwhat (?:did|do|does|would|will) (?:\w+\s+){1,4}?(?:pay|charge|earn)\b"
        # "How much did the bank pay to settle?", "how much did the gang launder?"
        r"|\bhow much (?:did|do|does|has|have|had|will|would|could)\s+(?:[\w'’-]+\s+){1,5}?"
        r"(?:pay|paid|spend|spent|charge|earn|steal|stolen|launder|extort|embezzle|owe|"
        r"receive|demand|collect)\b", re.I)),
    # A quantity noun asks for a number: "what is the weight cap", "what was the average age".
    ("figure", re.compile(
        r"\bhow much\b|\bhow heavy\b|\bweigh(?:ed|s)?\b"
        r"|\bwhat (?:quantity|amount|volume|weight|number|sum|total) of\b"
        r"|\bwhat (?:was|is|were|are) (?:the|its|their|(?:the )?[\w-]+[’']s) (?:\w+[ -]){0,2}?"
        r"(?:figure|total|scale|maximum|minimum|limit|cap|ceiling|threshold|average|median|size|weight|age|"
        r"price|fee|fine|penalty|rate|amount|quantity|volume)s?\b", re.I)),
]

# What a question without a figure asks for; the first pattern that matches decides.
INTENT_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("list", re.compile(
        r"^\s*(?:list|name|enumerate|outline)\b|^\s*what (?:kinds?|types?|sorts?|forms?) of\b"
        r"|\bwhat (?:are|were) (?:the |some )?(?:\w+ ){0,2}(?:types|forms|kinds|categories|"
        r"factors|drivers|reasons|ways|methods|means|steps|components|elements|trends|"
        r"challenges|recommendations|measures|sectors|services|groups|sources|tactics|"
        r"techniques|indicators|risks|routes|commodities|products|offences|crimes)\b"
        r"|\bwhich (?:\w+ )?(?:services|types|forms|kinds|sectors|methods|commodities|"
        r"products|offences|crimes|tactics|techniques)\b", re.I)),
    ("compare", re.compile(
        r"\bcompare[sd]?\b|\bcompared (?:to|with)\b|\bdiffer(?:ence|s|ent)?\b"
        r"|\bversus\b|\bvs\.?\s", re.I)),
    ("why", re.compile(
        r"^\s*(?:and\s+)?why\b|\bwhat (?:drives|drove|causes|caused|explains|explained|"
        r"fuels|fuelled|fueled|motivates)\b|\breasons? (?:for|why|behind)\b", re.I)),
    ("who", re.compile(
        r"^\s*(?:and\s+)?(?:who|whom)\b|\bwhich (?:organi[sz]ations?|agenc(?:y|ies)|bodies|body|"
        r"groups?|people|persons|authorit(?:y|ies)|institutions?|partners?|networks?)\b"
        r"|\bwho (?:is|was|were|are) (?:behind|responsible)\b", re.I)),
    ("where", re.compile(
        r"^\s*(?:and\s+)?where\b|\b(?:in|to|from) (?:which|what) (?:countr(?:y|ies)|cit(?:y|ies)|"
        r"regions?|places?|locations?|areas?|provinces?|states?)\b"
        r"|\bwhich (?:countr(?:y|ies)|cit(?:y|ies)|regions?|places?|locations?)\b", re.I)),
    ("define", re.compile(
        r"^\s*what\s+(?:is|are|was|were)\s+(?:an?\s+|the\s+)?(?P<term>[^?,]{2,60}?)\s*\??\s*$"
        r"|\bwhat does (?P<term2>[^?]{2,60}?) (?:mean|stand for|refer to)\b"
        r"|\b(?:define|definition of|meant by|meaning of)\s+(?:an?\s+|the\s+)?"
        r"(?P<term3>[^?,]{2,60}?)\s*\??\s*$", re.I)),
    ("how", re.compile(r"^\s*(?:and\s+)?how\b|\bin what way", re.I)),
]

# A modal verb ends what is counted ("How much money could the gang launder?"), or stands where
# nothing is named ("How much might banks have contributed?").
MODALS = "might|may|must|could|would|should|can|will"
FOCUS = re.compile(
    r"\bhow many\s+(?P<a>[\w\s'&/-]+?)(?=\s+(?:did|do|does|were|was|are|is|have|has|had|"
    rf"{MODALS}|in|on|at|by|during|for|from|across|according|under|within|"
    r"that|which|who|overall|altogether|total)\b|[?.,]|$)"
    r"|\b(?:share|percentage|proportion|fraction|number|per ?cent|percent)\s+of\s+"
    r"(?:the\s+|all\s+)?(?P<b>[\w\s'-]+?)(?=\s+(?:did|do|does|were|was|are|is|have|has|had|"
    r"in|on|at|by|during|for|from|across|according|that|which|who|came|come)\b|[?.,]|$)"
    rf"|\bhow much\s+(?!(?:was|were|is|are|did|do|does|has|have|had|in|of|{MODALS})\b)"
    r"(?P<c>[\w\s'-]+?)(?=\s+(?:did|do|does|were|was|are|is|have|has|had|in|"
    rf"on|at|by|during|for|from|according|{MODALS})\b|[?.,]|$)",
    re.I,
)
# An age asked: "how old", "aged", "what age".
ASKS_AGE = re.compile(r"\b(?:how old|ages?|aged|years? old)\b", re.I)
SHARE_PREDICATE = re.compile(
    r"\b(?:share|percentage|proportion|fraction|per ?cent|percent)\s+of\s+[\w\s'-]+?\s+"
    r"(?:were|was|are|is|have|has|had|that|which|who)\s+\w", re.I)
# A year, but not the number inside an identifier: "FIN-2010-G006", "CVE-2015-2545",
# "S/2025/223" and "Regulation (EU) 2024/1624" name a document or a flaw ("mid-2019",
# "2014-15", "2023/24" and "2023/2024" are years).
YEAR = re.compile(r"(?<![A-Z][-/])\b(19\d\d|20\d\d)\b(?![-/]\d*[A-Za-z])"
                  r"(?!/(?!(?:19|20)?\d{1,2}\b)\d)")
# A decade: "the 1990s", "the 2010s" (its first three digits).
DECADE = re.compile(r"\b((?:19|20)\d)0s\b")
CIRCUMSTANCE = re.compile(r"(?<=\w\s)\b(?:when|while|after|before|because|once|until|whenever)\b",
                          re.I)
# Month names that date and never mean anything else ("may" is left out: it is a verb too).
MONTHS = frozenset(
    "january february march april june july august september october november december".split())
# A month written short beside a day or a year ("Sept 2024", "3 Jan"): "Jan" alone is a name.
MONTH_SHORT = {"jan": "january", "feb": "february", "mar": "march", "apr": "april",
               "jun": "june", "jul": "july", "aug": "august", "sep": "september",
               "sept": "september", "oct": "october", "nov": "november", "dec": "december"}
TIME_WORDS = MONTHS | frozenset(MONTH_SHORT) | frozenset(
    """late early mid end start beginning until since year years fiscal spring summer autumn
    fall winter may""".split()
)
# A numbered series typed in lower case ("liberterra iii") is still a name.
LOWER_SERIES = re.compile(
    r"\b([a-z]{3,})\s+(ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii|(?:19|20)\d\d)\b")
UNIT = re.compile(
    r"\b(tonnes|tons|kilograms|kilos|kg|litres|liters|hectares|kilometres|kilometers|km|"
    r"dollars|euros|pounds|flights|checks)\b", re.I)
# What a weight or volume measures: "kilograms of MDMA".
MEASURE_OF = re.compile(r"\b(?:tonnes|tons|kilograms|kilos|kg|litres|liters|hectares)\s+of\s+"
                        r"(?:the\s+|pure\s+)?([A-Za-z][\w-]*)", re.I)
# A run starts at a word's start; a brand written "eBay" or "iPhone" keeps its small letters.
NAME_RUN = re.compile(
    r"(?<![A-Za-z])(?:[a-z]{1,2}(?=[A-Z][a-z]))?"
    r"(?:[A-Z][\w'’&-]*|[IVX]+|\d{1,4})(?:\s+(?:[A-Z][\w'’&-]*|[IVX]+\b|\d{1,4}(?:\.\d{1,2})?\b(?!\.\d)|"
    r"of(?=\s+[A-Z])|and(?=\s+[A-Z][a-z])))*"
)
# A nickname quoted between a given name and a surname ("William “Tae” Harris") is another name
# for the same person: read without it, the name is one ("William Harris"), not three.
NICKNAME = re.compile(r"\b([A-Z][a-z]+)\s+[“\"‘'][A-Z][\w.-]{0,20}[”\"’']\s+(?=[A-Z][a-z])")
# A web address typed in lower case ("theblaze.com") names a site, and an IP address a host.
IP_ADDRESS = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.]\w)")
DOMAIN = re.compile(r"(?<![\w.@/])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|info|biz|"
                    r"edu|int|io|ru|cn|uk)\b")


# The endings a name takes as an adjective or plural ("Africa-n", "Sudan-ese", "Somali-a"),
# not any three letters: "Niger" must not match "Nigeria".
NAME_ENDING = r"(?:n|an|ian|ean|ese|s|es|i|e|ns|ans|ians)?"
# A place in -y has its people in -ian or without the y: "Italy" / "Italian", "Germany" / "German".
Y_ENDING = r"(?:y|ys|ies|ian|ians|an|ans)?"


def _root(word: str) -> str:
    """Return a place adjective's place ("asian" -> "asia", "nigerian" -> "nigeria").

    The ending comes back through NAME_ENDING, so "Asian" matches "Asia" and "Asian" alike.
    "African" is left as it is: read as "Africa" it took "West Africa" for all of Africa and
    cost two right answers in the quality tests, gaining nothing elsewhere.
    """
    return word[:-1] if len(word) >= 5 and word.endswith(("ian", "yan")) else word


# An acronym with a plural "s" ("IPs"), too short for the stemmer to take it off.
PLURAL_ACRONYM = re.compile(r"[A-Z]{2,7}s")
# Its people in -ian lead back to a place not ending in "ia": "Belarus-ian", "Brazil-ian",
# "Ukrain-ian" (the stem of "Ukraine"), "Canad-ian", "Ital-ian", "Peru-vian".
PEOPLE_IAN = re.compile(r"^(?P<stem>[a-z]{4,}?)v?ian$")
# A place ending in a vowel drops it for its people ("Mexic-o" / "Mexic-an", "Chin-a" /
# "Chin-ese", "Kore-a" / "Kore-an"); its adjective in -ean or -ese leads back to it. An
# adjective in -an does not: "African victims" read as "Africa" answered two near misses of
# blind2 with figures on all of Africa (the "Mexican" it would find cost less). The stem keeps
# four letters, and a stem of four must take an ending: "chin" is no "China".
VOWEL_ENDING = r"(?:[aeiou]{1,2}|[aeiou]?(?:n|an|ian|ean|ese?)s?)"  # "ese" stems to "es"
ADJECTIVE = re.compile(r"^(?P<stem>[a-z]{4,}?)(?:ean|ese?)$")


def _word_form(word: str, plural: str) -> str:
    """Return the regex for one word of a name with the endings it may take ("Africa-n",
    "Ital-ian", "Mexic-o" / "Mexic-an"); a short word takes only ``plural``."""
    if len(word) >= 5 and word.isalpha() and word[-1] == "y":
        return re.escape(word[:-1]) + Y_ENDING
    if len(word) >= 4 and word.isalpha():
        own = re.escape(_root(word)) + NAME_ENDING
        if people := PEOPLE_IAN.match(word):
            own = f"(?:{own}|{re.escape(people['stem'])}[aiy]?)"
        stem = word[:-1] if len(word) >= 5 and word[-1] in "aeiou" else ""
        if not stem and (m := ADJECTIVE.match(word)):
            stem = m.group("stem")
        if not stem:
            return own
        # The word's own endings stay: "Pakistan" still matches "Pakistani".
        ending = VOWEL_ENDING if len(stem) == 4 else VOWEL_ENDING + "?"
        return f"(?:{own}|{re.escape(stem)}{ending})"
    return re.escape(_root(word)) + plural


@dataclass
class Entity:
    """A name in the question, as written and as a token sequence."""

    text: str
    seq: tuple[str, ...]
    soft: bool = False  # the question's first word, maybe capitalised only by position
    variants: list[tuple[str, ...]] = field(default_factory=list)  # other spellings (names.py)
    kind: str = ""  # the generic noun the question puts before it: "operation" Winter Shield

    @property
    def acronym(self) -> str:
        """Return the name when it is an acronym ("WCO"), else ''."""
        return self.text if re.fullmatch(r"[A-Z]{2,7}", self.text) else ""

    def pattern(self) -> re.Pattern[str]:
        """Return a regex over space-joined tokens; long words may take an ending (Africa-n).

        Variants of the name ("United Kingdom" for "Britain") match as well. Built once per
        name: evidence reads it for every sentence (``names.with_variants`` gives a name its
        variants by making a new Entity, never by changing one).
        """
        return self._pattern

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        forms = []
        plural = "s?" if self.acronym else ""  # "IPs" for "IP"; a contraction "wa" is no "was"
        for seq in [self.seq, *self.variants]:
            parts = [_word_form(t, plural if seq is self.seq else "") for t in seq]
            forms.append(" ".join(parts))
        if 2 <= len(self.acronym) <= 4:
            forms.append(" ".join(self.acronym.lower()))  # dotted: "U.S." for "US"
        if PLURAL_ACRONYM.fullmatch(self.text):
            forms.append(re.escape(self.text[:-1].lower()) + "s?")  # "IPs": too short to stem
        return re.compile(" (?:" + "|".join(forms) + ") ")

    def written_in(self, words: str) -> bool:
        """Return True when space-joined tokens ``words`` hold the name, or each of the names
        it joins with "and" ("Ivory Coast and Ghana" in "64% in Ivory Coast and 14% in Ghana")."""
        return bool(self.pattern().search(words)) or bool(self.joined) and all(
            part.pattern().search(words) for part in self.joined)

    @cached_property
    def joined(self) -> tuple[Entity, ...]:
        """The names this one joins with "and" ("Ivory Coast", "Ghana"), or () for one name."""
        texts = re.split(r"\s+and\s+", self.text)
        parts = [(t, tuple(tokens(t))) for t in texts]
        if len(parts) < 2 or not all(seq for _, seq in parts):
            return ()
        return tuple(Entity(t, seq) for t, seq in parts)


@dataclass
class QuestionProfile:
    """The parts of a question that evidence must match."""

    text: str
    answer_type: str  # count | percent | money | date | figure | duration | length |
    # frequency | other
    entities: list[Entity] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    months: list[str] = field(default_factory=list)  # month names, lower case
    decades: list[str] = field(default_factory=list)  # "the 1990s": "199"
    source_years: list[str] = field(default_factory=list)  # years that date the report
    # asked about ("the 2025 report", "its 2020-2022 data"), not the figure
    focus: str = ""
    terms: list[str] = field(default_factory=list)
    unit: str = ""  # a unit the question names ("in tonnes"): the figure should carry it
    intent: str = ""  # for questions without a figure: list | compare | why | who | where |
    # define | how | other
    term: str = ""  # what a "what is X" question defines
    cited: list[str] = field(default_factory=list)  # names given as the answer's source
    titles: list[str] = field(default_factory=list)  # quoted titles of the asked report
    source: str = ""  # the report a closing clause names ("the FATF's correspondent banking
    # guidance"), unquoted

    @cached_property
    def asks_term(self) -> bool:
        """Return True when the question asks for a prison term: counted in months or years
        ("180 months' imprisonment"), never told as the dates of what happened ("From
        December 2008 through May 2011, ATF investigated ...")."""
        return TERM_ASKED.search(self.text) is not None

    @cached_property
    def asks_average(self) -> bool:
        """Return True when a figure question asks for an average ("the average prison term",
        "on average, how long"): the longest, the shortest or a total does not answer it."""
        return self.wants_figure and AVERAGE_ASKED.search(self.text) is not None

    @cached_property
    def measured_in(self) -> str:
        """Return the unit the question wants its figure given in ("in tons", "how many
        kilograms of", "tonnes of cocaine"), or "" (none named, or a price per unit: "per
        kg")."""
        u = re.escape(self.unit)
        wanted = re.search(rf"\b(?:in|how many)\s+(?:metric\s+)?{u}\b|\b{u}\s+of\b",
                           self.text, re.I)
        return self.unit if self.unit and wanted else ""

    @cached_property
    def measured_of(self) -> list[str]:
        """Return the stems of what the question's weight or volume measures ("kilograms of
        MDMA": ["mdma"]), or []."""
        m = MEASURE_OF.search(self.text)
        return tokens(m[1]) if m else []

    @cached_property
    def figures(self) -> tuple[Figure, ...]:
        """Return the figures the question writes itself ("in the 46 offices", "in 2023")."""
        return tuple(parse_figures(self.text))

    @cached_property
    def days(self) -> dict[str, str]:
        """Return the days the question dates in full, as month-day -> year ("07-03": "2024")."""
        return {f.iso[5:]: f.iso[:4] for f in self.figures
                if f.kind == "date" and re.fullmatch(r"\d{4}-\d\d-\d\d", f.iso)}

    @property
    def name_words(self) -> frozenset[str]:
        """Return the (stemmed) words of the question's names."""
        return frozenset(t for e in self.entities for t in e.seq)

    @property
    def focus_text(self) -> str:
        """Return the question's own words without names, years and stop words."""
        names = self.name_words | set(self.years)
        # "how many civilians died when the mosque was shelled": the clause after "when"
        # says which event, not what is counted.
        asked = CIRCUMSTANCE.split(self.text, maxsplit=1)[0]
        words = [w for w in re.findall(r"[\w'-]+", asked)
                 if w.lower() not in STOPWORDS and w.lower() not in NOT_NAMES | WRAPPERS
                 and not set(tokens(w)) <= names]
        return " ".join(words)

    @property
    def focus_head(self) -> str:
        """Return the stem of the counted noun ('arrests' -> 'arrest'), or ''."""
        before_of = self.focus.split(" of ")[0]
        words = content_tokens(before_of)
        return words[-1] if words else ""

    @cached_property
    def asks_age(self) -> bool:
        """Return True when the question asks of an age: only then may an age answer it."""
        return ASKS_AGE.search(self.text) is not None

    @cached_property
    def share_with_predicate(self) -> bool:
        """Return True for "what share of X were Y": the figure is told of Y ("30% being
        business owners"), and one that counts X ("65% of study participants used social
        media") answers it no better than any other share of X."""
        return self.answer_type == "percent" and SHARE_PREDICATE.search(self.text) is not None

    @cached_property
    def asks_median(self) -> bool:
        """Return True when the average asked is a median: a mean does not answer it."""
        return self.asks_average and MEDIAN.search(self.text) is not None

    @cached_property
    def asks_change(self) -> bool:
        """Return True for "by how much": the answer is a change, not a level or a total."""
        return BY_HOW_MUCH.search(self.text) is not None

    @property
    def wants_figure(self) -> bool:
        """Return True when the answer must contain a number or a date."""
        return self.answer_type in {"count", "percent", "money", "date", "figure", "duration",
                                    "length", "frequency"}


# "How do criminals launder the proceeds?" asks how, not how much: money words alone do not
# make a figure question when it opens with another question word.
DESCRIPTIVE_OPENING = re.compile(
    r"^\s*(?:and\s+)?(?:why|who|whom|where|which|how (?:do|does|did|are|is|were|was|can|could|"
    r"have|has)|what (?:kinds?|types?|sorts?|forms?|categories) of"
    r"|what (?:did|do|does|will|would) (?:\w+\s+){1,4}?do)\b", re.I)


# "average", "median", "mean" as a figure ("the mean price"), not the verb ("what does X mean").
AVERAGE_ASKED = re.compile(r"\b(?:average|median)\b|(?<!\bdoes )(?<!\bdo )(?<!\bdid )"
                           r"(?<!\bto )\bmean\b(?!\s+by\b)", re.I)
TERM_ASKED = re.compile(r"\b(?:sentences?|sentenced|(?:prison|jail|custodial) terms?|"
                        r"imprisonment|incarceration)\b", re.I)
# A clause before the question proper sets the scene: "When extortion took off in the 2000s,
# how much did gangs charge?" asks for money, "After the party lost power, how much more
# violence ...?" for a figure.
LEADING_CLAUSE = re.compile(
    r"^\s*(?:when|after|before|while|once|since|as|if|during|in|following)\b[^,?]{3,150},\s*"
    r"(?=(?:how|what|which|who|whom|where|when|why|in what|on what|by how|at what|within what|"
    r"within how|for how)\b)", re.I)


def answer_type(question: str) -> str:
    """Return the kind of answer a question asks for (the question proper, after any scene-
    setting clause)."""
    lead = LEADING_CLAUSE.match(question)
    if lead:
        question = question[lead.end():]
    descriptive = DESCRIPTIVE_OPENING.search(question) is not None
    for kind, pattern in TYPE_PATTERNS:
        if descriptive and kind in ("money", "figure"):
            continue
        if pattern.search(question):
            return kind
    return "other"


ROLE = re.compile(r"\b(?:supposed|meant|expected|required|responsible|used|able|going|doing|"
                  r"trying|built|designed|created|made|intended|developed)\b|\bto do\b", re.I)


# Where a term is defined is not part of it: "define extortion in their article on ...".
WHERE_DEFINED = re.compile(r"\s+(?:in|within|under|according to|as used in|for the purposes? of)"
                           r"\s+(?:the|their|its|this|his|her|our|that)\b.*$", re.I)


def source_free(question: str) -> str:
    """Return the question without a closing clause naming its source, when what is left asks
    for a short term ("What is the key message?"); else the question itself ("What was the
    aim of North Korea's remote IT worker scheme described in the report?" asks for no
    definition)."""
    bare = SOURCE_CLAUSE.sub("?", question)
    m = SHORT_TERM.match(bare)
    return bare if m else question


QUOTE_MARKS = "'\"‘’“”"


def intent(question: str) -> tuple[str, str]:
    """Return what a question without a figure asks for, and the term a definition names."""
    # "What is the key message of the Rapporteur's 2012 study?": the source is no part of
    # the term asked.
    bare = source_free(question)
    for kind, pattern in INTENT_PATTERNS:
        m = pattern.search(bare if kind == "define" else question)
        if m:
            term = next((g for g in m.groups() if g), "") if kind == "define" else ""
            if kind == "define" and ROLE.search(term):
                return "other", ""  # "what is the group supposed to do": its task, no definition
            if kind == "define":
                term = WHERE_DEFINED.sub("", term)  # "extortion in their article": "extortion"
            return kind, term.strip().strip(QUOTE_MARKS).strip()  # "define 'traffic'"
    return "other", ""


# A prefix joined to a word makes one word: "Anti-corruption Agency" keeps its "corruption".
PREFIXES = frozenset(
    "anti counter non co cross inter intra multi pro sub trans pre post self ex semi mid neo"
    .split())


def _split_compound(word: str) -> list[str]:
    parts = word.split("-")
    if len(parts) > 1 and all(len(p) >= 2 and p.isupper() for p in parts):
        return [p + "'s" for p in parts[:-1]] + [parts[-1]]
    if len(parts) > 1 and parts[0][:1].isupper() and parts[-1].islower() \
            and parts[0].lower() not in PREFIXES:
        return [parts[0]]  # "Africa-based", "INTERPOL-led": the name is the first part
    return [word]


CURRENCY_AFTER = re.compile(rf"\s+(?:pounds?|{CURRENCY_WORDS})\b", re.I)


def _strip_wrappers(words: list[str]) -> list[str]:
    while words and words[0].lower() in WRAPPERS | NOT_NAMES:
        words = words[1:]
    while words and words[-1].lower() in WRAPPERS | NOT_NAMES:
        if words[-1] == "I" and len(words) > 1:
            break  # "Appendix I", "Phase I": a numeral, not the pronoun
        words = words[:-1]
    return words


ROMAN = re.compile(r"[IVXL]+")


def _modifying_acronym(words: list[str], after: str) -> bool:
    """Return True when a name's last word is an acronym that qualifies the lower-case noun
    after it ("Cloud Atlas IP addresses", "Gauss C2 servers"), not part of the name
    ("Liberterra II arrests" keeps its numeral)."""
    if len(words) < 2 or not re.match(r"\s+[a-z]", after):
        return False
    last = words[-1]
    return (re.fullmatch(r"[A-Z][A-Z0-9&]{1,4}", last) is not None and not ROMAN.fullmatch(last)
            and all(not w.isupper() for w in words[:-1]))


# "U.S.", "U.N.": an acronym written with stops, one name like "US" (whose pattern finds the
# dotted form in a passage too), not the letters "U" and "S".
DOTTED = re.compile(r"\b(?:[A-Z]\.){2,4}(?![a-z])")


def undotted(question: str) -> str:
    """Return the question with its dotted acronyms written without stops ("U.S." -> "US")."""
    return DOTTED.sub(lambda m: m.group(0).replace(".", ""), question)


def entities(question: str) -> list[Entity]:
    """Return the names in a question: capitalised runs, with numerals that belong to them."""
    found: list[Entity] = []
    runs: list[list[str]] = []
    question = NICKNAME.sub(r"\1 ", undotted(question))
    dated = {(m.group(1) or m.group(2)).lower() for m in SHORT_MONTH.finditer(question)}
    for m in NAME_RUN.finditer(question):
        if CURRENCY_AFTER.match(question, m.end()) and len(m.group(0).split()) <= 2:
            continue  # "in US dollars", "Hong Kong dollars": a unit, not a place asked about
        # A possessive ends a name: "INTERPOL's operation Liberterra II" names two things;
        # so does a hyphen between two names ("INTERPOL-AFRIPOL").
        current: list[str] = []
        words = m.group(0).replace("’", "'").split()
        if question.startswith("$", m.end()):
            words = words[:-1]  # "US$200", "HK$ 5 million": a currency, not a place
        words = [w for w in words if w not in CURRENCY_CODES]  # "USD 46 000": a unit
        for word in [p for w in words for p in _split_compound(w)]:
            if word.lower() in MONTHS or word.lower().rstrip(".") in dated:
                # "between January and June 2024", "Sept 2024": a month dates, it does not name.
                runs.append(current)
                current = []
            elif word.endswith("'s"):
                runs.append(current + [word[:-2]])
                current = []
            elif word.endswith("'"):
                # A closing quote ends a name: "'Ugly Gorilla' Wang Dong" names one man twice.
                runs.append(current + [word.rstrip("'")])
                current = []
            else:
                current.append(word)
        if _modifying_acronym(current, question[m.end():]):
            # "the Cloud Atlas IP addresses": the acronym qualifies the noun after it.
            runs.append(current[:-1])
            current = current[-1:]
        runs.append(current)
    first = question.lstrip().split(" ", 1)[0].rstrip(",;:")
    for run in runs:
        if run == [first] and not first.isupper() and first.lower().endswith(("ed", "ing", "ly")):
            continue  # "Measured in tonnes, ...": capitalised only because it starts the question
        soft = run == [first] and not first.isupper()
        if run and run[0] == first and first.lower() in STOPWORDS | OPENERS:
            run = run[1:]  # "Among FIUs ...": a function word capitalised by position
        words = _strip_wrappers(run)
        while words and words[0].isdigit():
            words = words[1:]  # "19 African countries": the count is not part of the name
        if not words:
            continue
        # A lone number or year is not a name; years are handled apart.
        if all(w.isdigit() for w in words):
            continue
        if not any(re.match(r"[a-z]{0,2}[A-Z]", w) for w in words):
            continue
        # Trailing years are kept apart so "First Light 2024" matches a text saying only
        # "First Light" while the year is still checked on its own.
        while len(words) > 1 and YEAR.fullmatch(words[-1]):
            words = words[:-1]
        seq = tuple(tokens(" ".join(words)))
        seq = tuple(t for t in seq if t not in {"s"})
        if seq and not all(t in STOPWORDS for t in seq):
            kind = re.search(rf"\b({'|'.join(sorted(WRAPPER_STEMS))})s?\s+{re.escape(words[0])}",
                             question, re.I)
            found.append(Entity(" ".join(words), seq, soft, kind=kind[1].lower() if kind else ""))
    for m in [*DOMAIN.finditer(question), *IP_ADDRESS.finditer(question)]:
        seq = tuple(tokens(m.group(0)))
        if not any(set(seq) <= set(e.seq) for e in found):
            found.append(Entity(m.group(0), seq))
    for m in LOWER_SERIES.finditer(question):
        # A year names an edition ("thunder 2024"); it is checked apart, like "First Light 2024".
        text = m.group(1) if m.group(2).isdigit() else m.group(0)
        seq = tuple(tokens(text))
        if (m.group(1) not in STOPWORDS | NOT_NAMES | WRAPPERS | TIME_WORDS
                and not any(set(seq) <= set(e.seq) for e in found)):
            found.append(Entity(text, seq))
    return found


def focus_phrase(question: str) -> str:
    """Return what a 'how many X' or 'what share of X' question counts, e.g. 'arrests'."""
    m = FOCUS.search(undotted(question))
    if not m:
        return ""
    phrase = next(g for g in m.groups() if g)
    # "how many of the arrested traffickers": what is counted follows "of the".
    phrase = re.sub(r"^of\s+(?:the\s+|those\s+|these\s+|all\s+)?", "", phrase, flags=re.I)
    words: list[str] = []
    for w in phrase.split():
        if len(w) > 4 and w.lower().endswith(("ed", "ing")) and words and not (
                len(words) == 1 and words[0].islower() and words[0].endswith("ly")):
            # "traffickers belonged to ...": the verb ends what is counted ("illegally
            # imported pets" is one thing)
            break
        if w.lower() not in {"the", "a", "an", "people's"}:
            words.append(w)
    return " ".join(words[:5])


_SOURCE_NOUNS = ("report|study|analysis|findings|data|edition|survey|review|assessment|paper|"
                 "brief|update|index|yearbook|hotline data|advisory|guidance|guide|strategy|"
                 "notice|bulletin|article|thesis|dissertation|handbook|manual|factsheet|alert|"
                 "press release|indictment|complaint").split("|")
SOURCE_NOUN = "(?:" + "|".join(_SOURCE_NOUNS) + ")"
# The source nouns' stems ("guidanc", "report"): words that say what kind of report, not which.
SOURCE_STEMS = frozenset(t for w in _SOURCE_NOUNS for t in tokens(w))
# A closing clause that names where the question's answer is written: "..., as described in
# the EBA's 2024-2025 report on their functioning?", "... of the Rapporteur's first report?"
SOURCE_CLAUSE = re.compile(
    rf"(?:,\s*|\s+)(?:as (?:described|defined|explained|set out|used|put|given)\s+)?"
    rf"(?:in|of|from|by|according to|under)\s+(?:the\s+|an?\s+)?(?:[\w'’./-]+\s+){{0,6}}?"
    rf"{SOURCE_NOUN}s?\b[^?]*\??\s*$", re.I)
SHORT_TERM = re.compile(r"\s*what\s+(?:is|are|was|were)\s+(?:an?\s+|the\s+)?\S+(?:\s+\S+){0,2}\?$",
                        re.I)
# What follows a year that dates the source: "2020 advisory", "2025 annual report".
BEFORE_SOURCE = rf"\s+(?:[\w-]+\s+){{0,2}}(?:\w+-)*{SOURCE_NOUN}\b"
# A year or a span of years: "2020-2022", "2024-25" (the second year written short).
_SPAN = r"((?:19|20)\d\d)(?:\s*[-–/]\s*((?:19|20)?\d\d)\b)?"
SOURCE_YEAR = re.compile(
    rf"\b{_SPAN}(?:'s)?{BEFORE_SOURCE}"
    # "the report on the functioning of AML/CFT colleges in 2024-25"
    rf"|\b{SOURCE_NOUN}\s+(?:of|for|from|on|covering)\s+(?:the\s+)?(?:[\w/’'-]+\s+){{0,5}}?"
    rf"(?:in\s+)?{_SPAN}"
    rf"|\((?:[^()]{{1,60}}?,\s*)?{_SPAN}\)", re.I)


def source_years(question: str) -> list[str]:
    """Return the years a question gives its source ("the 2025 report", "(2020-2022)", "the
    Rapporteur's first report (2011)", "as cited by Esser (Anti-Trafficking Review, 2016)")."""
    years: set[str] = set()
    for m in SOURCE_YEAR.finditer(question):
        found = [y for y in m.groups() if y]
        years.update(y if len(y) == 4 else found[0][:2] + y for y in found)
    return sorted(years)


# A name given as where the answer comes from: "according to the Dutch Rapporteur", "the
# FATF's 2018 report", "as cited by UNODC", "per FinCEN", or a source itself ("the National
# Threat Assessment", "the FATF Horizontal Study"). A report names its author and the works it
# cites anywhere, often far from the sentence that answers.
CITED_BEFORE = re.compile(
    r"(?:\baccording to|\bper|\bas (?:cited|noted|reported|described|stated|estimated|"
    r"quoted|found|shown) (?:by|in)|\bcited by|\breported by|\bpublished by)\s+(?:the\s+)?$",
    re.I)
CITED_NOUN = rf"(?:{SOURCE_NOUN}|chapter|annex|introduction|conclusions?|statement|website|piece)"
CITED_AFTER = re.compile(rf"(?:'s|’s)?\s+(?:[\w-]+\s+){{0,2}}{CITED_NOUN}\b", re.I)
SOURCE_WORD = re.compile(rf"{CITED_NOUN}s?", re.I)


# A work the question names by its quoted title, with the authors after it: "the 2012 study
# 'Case law on trafficking in human beings 2009-2012'", "the paper “Machine Learning Partners
# in Criminal Networks” (Lopes, Ribeiro et al.)". The title says which report, not what the
# answer says: its words, names and years are looked for in the report's front pages
# (evidence.titled), never in the answering sentence.
TITLE = re.compile(
    rf"\b(?P<noun>{CITED_NOUN}s?)\s*,?\s*(?:(?:titled|entitled|called)\s+)?"
    r"['‘\"“](?P<title>(?-i:[A-Z0-9])[^'’\"”\n]*?\s[^'’\"”\n]*?[^\s'’\"”])['’\"”](?![A-Za-z])"
    r"(?:\s*\((?P<authors>[^()]*\bet al\b\.?[^()]*)\))?", re.I)
ET_AL = re.compile(r",?\s+et al\b\.?")


def cited_titles(question: str) -> tuple[str, list[str]]:
    """Return the question without the titles it quotes (the noun before each stays, "the
    paper"), and those titles, each with its authors."""
    titles: list[str] = []

    def noun(m: re.Match[str]) -> str:
        titles.append(" ".join(x for x in (m["title"], ET_AL.sub("", m["authors"] or "")) if x))
        return m["noun"]

    return ET_AL.sub("", TITLE.sub(noun, question)), titles


def cited_names(question: str, found: list[Entity]) -> list[str]:
    """Return the names ``question`` gives as its source (see CITED_BEFORE)."""
    out = []
    for ent in found:
        for m in re.finditer(re.escape(ent.text), question):
            before = question[max(0, m.start() - 40):m.start()]
            if CITED_BEFORE.search(before) or SOURCE_WORD.fullmatch(ent.text.split()[-1]) \
                    or (CITED_AFTER.match(question, m.end())
                        and re.search(r"\b(?:the|its|their|in|from|by|of)\s+$", before, re.I)):
                out.append(ent.text)
                break
    return out


MONTH_ORDER = ("january february march april may june july august september october november "
               "december").split()
_MONTH_NAME = r"(January|February|March|April|May|June|July|August|September|October|November|" \
              r"December)"
MONTH_RANGE = re.compile(rf"\b{_MONTH_NAME}\s*(?:and|to|-|–|through|until)\s*{_MONTH_NAME}\b")
_SHORT = "|".join(MONTH_SHORT)
SHORT_MONTH = re.compile(rf"\b({_SHORT})\.?(?=\s+\d)|(?<=\d\s)({_SHORT})\b", re.I)
# "May" is a month beside a day or a year, in a range or after a time preposition; otherwise
# a verb.
MAY = re.compile(r"\b(?:in|since|until|from|between|of|by|during|before|after)\s+May\b"
                 r"|\bMay\s+(?:19|20)\d\d\b|\b\d{1,2}(?:st|nd|rd|th)?\s+May\b")


SOURCE_MONTH = re.compile(
    rf"\b{_MONTH_NAME}\s+(?:\d{{1,2}},?\s+)?(?=(?:19|20)\d\d{BEFORE_SOURCE})", re.I)


def asked_months(question: str) -> list[str]:
    """Return the months a question asks about, lower case; a range counts every month in it.

    "between May and July 2024" asks about May, June and July: a sentence on June answers it.
    """
    # "FinCEN's March 2020 advisory" dates the source, as its year does (SOURCE_YEAR).
    question = SOURCE_MONTH.sub(" ", question)
    months = {w for w in tokens(question) if w in MONTHS}
    months.update(MONTH_SHORT[(m.group(1) or m.group(2)).lower()]
                  for m in SHORT_MONTH.finditer(question))
    if MAY.search(question):
        months.add("may")
    for m in MONTH_RANGE.finditer(question):
        lo, hi = (MONTH_ORDER.index(x.lower()) for x in m.groups())
        if lo <= hi:
            months.update(MONTH_ORDER[lo:hi + 1])
    return sorted(months)


def described_source(question: str) -> str:
    """Return the report a question's closing clause names, as written ("the FATF's
    correspondent banking guidance" of "..., according to the FATF's correspondent banking
    guidance?"), or ''."""
    m = SOURCE_CLAUSE.search(question)
    if not m:
        return ""
    clause = re.split(r"\baccording to\b", m.group(0), flags=re.I)[-1]
    return re.sub(r"^[\s,]*(?:as \w+\s+)?(?:(?:in|of|from|by|under)\s+)?", "",
                  clause).rstrip(" ?.")


def analyse(question: str) -> QuestionProfile:
    """Return the profile of a stand-alone question (the titles it quotes set apart)."""
    question, titles = cited_titles(question)
    kind = answer_type(question)
    wants, term = intent(question) if kind == "other" else ("", "")
    return QuestionProfile(
        text=question,
        answer_type=kind,
        intent=wants,
        term=term,
        entities=(found := entities(question)),
        cited=cited_names(question, found),
        years=sorted(set(YEAR.findall(question))),
        source_years=source_years(question),
        months=asked_months(question),
        decades=sorted(set(DECADE.findall(question))),
        focus=focus_phrase(question),
        # A definition is judged by the term's words, not by the source's ("as described in
        # the EBA's 2024-2025 report"), whose names the name checks judge.
        terms=[t for t in content_tokens(source_free(question) if wants == "define"
                                         else question) if t not in WRAPPER_STEMS],
        unit=(UNIT.search(question) or [""])[0].lower(),
        titles=titles,
        source=described_source(question),
    )
