"""Theme labels a facilitator would keep: 2-5 words, a noun or verb phrase, in sentence case.

A label is a window of words that one of the theme's ideas really contains, chosen because
its words (or their lexicon groups) are shared by many of the theme's ideas and by few
others. It starts on a verb or a content word and ends on a content word or the particle of
a phrasal verb ("follow up"). Quantifiers are dropped ("greet every customer" reads "greet
customers"), an imperative verb becomes a gerund ("Greeting customers at the door"), and the
whole is written in sentence case, acronyms kept ("QR code on the receipt").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .concepts import ConceptIndex
from .keywords import CONNECTORS, ENDING_PARTICLES, PARTICLES, PRONOUNS, SessionContext
from .tokens import UNIT, Doc, Segment, Term

MIN_WORDS, MAX_WORDS = 2, 5
MAX_WINDOW_WORDS = 7  # before quantifiers are dropped
MAX_CONTENT_WORDS = 3
# A word's weight: the share of the theme's ideas using it (or, at this discount, its lexicon
# group) times its inverse document frequency in the session, less a toll that words only one
# or two ideas use do not pay back, so a window stops growing at the theme's own words.
CONCEPT_SHARE = 0.7
COMMON_PHRASE = 0.4  # the rest of a lexicon phrase's weight goes by its share of its group
WORD_TOLL = 0.35
LENGTH_BONUS = {2: 0.35, 3: 0.35, 4: 0.25, 5: 0.1}
EARLY_BONUS = 0.15  # the window opens an idea: staff name the subject first
CUT_PENALTY = 0.3  # the window splits a run of content words ("quarter using")
JOIN_PENALTY = 0.2  # "x and y" reads as two subjects
SUPPORT_BONUS = 0.1  # per further idea using the very same words
FALLBACK = "Ideas about {word}"
UNTITLED = "Untitled theme"

QUANTIFIERS = frozenset(["every", "each", "all", "any"])
ARTICLES = frozenset(["a", "an", "the"])
# Adjectives staff put after the noun ("keep the floor clean"): a label ends on one only when
# it opens with the verb.
_ADJECTIVE_WORDS = """
    tidy clean neat spotless happy busy calm friendly quick easy clear available ready open
    closed aware smart safe short long fast simple visible welcome free quiet empty full
    warm
"""
ADJECTIVES = frozenset(_ADJECTIVE_WORDS.split())
# Generic nouns that may end a label after a content word, as domain words do.
HEAD_NOUNS = frozenset(["staff", "team", "teams", "people", "colleagues"])
LY_NOUNS = frozenset(["reply", "supply", "family", "assembly", "rally", "bully", "belly", "holy"])
POSSESSIVES = frozenset(["their", "your", "our"])
CONJUNCTIONS = frozenset(["and", "or"])
INSIDE = CONNECTORS | QUANTIFIERS | POSSESSIVES | CONJUNCTIONS | PARTICLES | PRONOUNS
# Verbs staff open an idea with. They may start a label even when they are too common to be
# a key phrase alone ("say hello", "keep the queue moving"), and become gerunds there.
_VERB_WORDS = """
    accept acknowledge allow answer apologise apologize approve ask bring call check clean
    close coach collect contact count credit cut dust email empty encourage escalate explain
    follow get give greet hand handle hear help hold introduce invite keep know learn listen
    log look make measure mop note nod offer open pair pass phone play praise print promise
    publish put read recommend record reduce remind repeat replace reply respond review
    reward ring run say send serve set share show smile solve sort speak stand stay suggest
    swap take talk teach tell test text thank track train treat try update use visit walk
    watch wave wear welcome wipe wish write
"""
VERBS = frozenset(_VERB_WORDS.split())
_DOUBLE_FINAL = re.compile(r"^[^aeiou]*[aeiou][^aeiouwxy]$")  # "stop", "shop", "log", "nod"
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")


@dataclass(frozen=True)
class Window:
    """One readable run of words in one idea, as a label would show it."""

    keys: tuple[str, ...]  # what it says, for counting the same window in several ideas
    words: tuple[str, ...]  # what it shows (quantifiers dropped, nouns made plural)
    content: tuple[str, ...]  # the keys of its content words outside lexicon phrases
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # lexicon groups, with their words' keys
    opens_idea: bool
    opens_clause: bool  # first word of a segment: an imperative verb there reads as one
    cut: bool
    joins: bool  # "x and y"


def _content(term: Term) -> bool:
    """Say whether a word carries the meaning of a window (not a function or generic word)."""
    return not (term.stop or term.weak or term.generic or term.surface in PARTICLES)


def _adverb(term: Term) -> bool:
    """Say whether a word is an -ly adverb ("confidently"), which neither starts nor ends a
    label."""
    return term.surface.endswith("ly") and term.surface not in LY_NOUNS and len(term.surface) > 4


def _may_start(segment: Segment, at: int, english: bool) -> bool:
    """A label starts on a content word or on a verb staff open ideas with."""
    term = segment[at]
    if english and (_adverb(term) or _participle_clause(segment, at)):
        return False
    return _content(term) or (english and term.surface in VERBS and not term.stop)


def _participle_clause(segment: Segment, at: int) -> bool:
    """Say whether a word opens a participle clause ("changed after complaints"), not a noun
    phrase ("expected waiting time")."""
    word = segment[at].surface
    after = segment[at + 1].surface if at + 1 < len(segment) else ""
    return len(word) > 4 and word.endswith("ed") and after in CONNECTORS - ARTICLES


def _may_end(segment: Segment, start: int, end: int, english: bool) -> bool:
    """A label ends on a content word, a domain word after one ("angry customers"), a unit
    after a number ("10 seconds"), or the particle of a phrasal verb ("follow up")."""
    term = segment[end]
    if english and _adverb(term):
        return False
    if english and term.surface in ADJECTIVES:  # "keep the counter tidy", not "counter tidy"
        return segment[start].surface in VERBS
    if _content(term):
        return True
    before = segment[end - 1] if end > start else None
    if before is None:
        return False
    if term.weak or term.surface in HEAD_NOUNS:  # "angry customers", "front line staff"
        return _content(before)
    if term.generic == UNIT:
        return before.number or _content(before)
    if term.surface in ENDING_PARTICLES:
        after = segment[end + 1].surface if end + 1 < len(segment) else ""
        verb = before if before.surface not in PRONOUNS else segment[end - 2]
        return after != "to" and (verb.surface in VERBS or _content(verb))
    return False


def _windows(
    segment: Segment, opens: bool, spans: Sequence[tuple[int, int, str]], english: bool
) -> list[Window]:
    """List every window of a segment that may be a label. In English only some function
    words may sit inside one; in other languages any stop word may."""
    found = []
    for start in range(len(segment)):
        if not _may_start(segment, start, english):
            continue
        content = 0
        for end in range(start, min(len(segment), start + MAX_WINDOW_WORDS)):
            term = segment[end]
            if end > start and not (_content(term) or term.generic or term.weak or term.number):
                if not english:
                    pass
                elif term.surface not in INSIDE or (
                    term.surface in PRONOUNS
                    and not (end + 1 < len(segment) and segment[end + 1].surface in PARTICLES)
                ):
                    break  # an object pronoun only sits before its particle: "call them back"
            if (
                english
                and end > start
                and term.surface in VERBS
                and not _verb_may_follow(segment, start, end)
            ):
                break
            content += _content(term)
            if content > MAX_CONTENT_WORDS:
                break
            if end > start and _may_end(segment, start, end, english):
                window = _window(segment, start, end, opens and start == 0, spans, english)
                if window is not None:
                    found.append(window)
    return found


def _verb_may_follow(segment: Segment, start: int, at: int) -> bool:
    """A verb inside a label joins another verb ("smile and greet", "show empathy and
    apologise"), never opens a clause of purpose ("email [to check]") or a second one
    ("queue [and open] tills")."""
    before = segment[at - 1].surface
    if before == "to":
        return False
    if before in CONJUNCTIONS:
        return segment[start].surface in VERBS
    return True


def _window(
    segment: Segment,
    start: int,
    end: int,
    opens: bool,
    spans: Sequence[tuple[int, int, str]],
    english: bool,
) -> Window | None:
    """Build a window, quantifiers dropped ("every branch" -> "branches"); None unless it is
    2-5 words long."""
    terms = segment[start : end + 1]
    words: list[str] = []
    keys: list[str] = []
    plural_pending = False
    for i, term in enumerate(terms):
        if (
            english
            and term.surface in QUANTIFIERS
            and i + 1 < len(terms)
            and _nounish(terms[i + 1])
        ):
            plural_pending = True
            continue
        if plural_pending and not _nounish(term):
            words[-1], plural_pending = plural(words[-1]), False
        words.append(term.surface)
        keys.append(term.surface if term.stop else term.key)
    if plural_pending:
        words[-1] = plural(words[-1])
    if (
        not any(_content(t) for t in terms)
        or not MIN_WORDS <= len(" ".join(words).split()) <= MAX_WORDS
    ):
        return None
    inside = [(a, b, name) for a, b, name in spans if start <= a and b <= end + 1]
    grouped = {i for a, b, _name in inside for i in range(a, b)}
    groups = tuple((name, _span_keys(segment, a, b)) for a, b, name in inside)
    content = tuple(
        dict.fromkeys(t.key for i, t in enumerate(terms, start) if _content(t) and i not in grouped)
    )
    after = segment[end + 1] if end + 1 < len(segment) else None
    if after is not None and (
        _content(after)
        or after.surface in ENDING_PARTICLES
        or (_content(terms[-1]) and (after.weak or after.surface in HEAD_NOUNS))
    ):
        return None  # "time at busy [periods]", "a call [back]", "front line [staff]"
    cut = start > 0 and _content(segment[start - 1])
    joins = any(term.surface in CONJUNCTIONS for term in terms)
    return Window(tuple(keys), tuple(words), content, groups, opens, start == 0, cut, joins)


def _span_keys(segment: Segment, start: int, end: int) -> tuple[str, ...]:
    """The content keys of a lexicon phrase found in a segment."""
    return tuple(t.key for t in segment[start:end] if _content(t))


def _nounish(term: Term) -> bool:
    """Say whether a word can be the noun a quantifier counts ("every customer")."""
    return _content(term) or term.weak


@dataclass
class LabelMaker:
    """Choose labels for the themes of one session, each distinct from the others."""

    context: SessionContext
    concepts: ConceptIndex
    group_df: Counter[str]  # ideas of the session mentioning each lexicon group
    acronyms: Mapping[str, str]
    english: bool
    used: set[str]

    @classmethod
    def for_session(
        cls,
        context: SessionContext,
        concepts: ConceptIndex,
        found: Sequence[Sequence[str]],
        texts: Sequence[str],
        language: str = "english",
    ) -> LabelMaker:
        """Remember the session's statistics and the acronyms its ideas write in capitals."""
        group_df: Counter[str] = Counter()
        for names in found:
            group_df.update(set(names))
        acronyms = {word.lower(): word for text in texts for word in _ACRONYM.findall(text)}
        return cls(context, concepts, group_df, acronyms, language == "english", set())

    def label(self, docs: Sequence[Doc]) -> str:
        """Return the best unused label for a group of ideas (sentence case, 2-5 words)."""
        words, groups = self._weights(docs)
        scored: dict[tuple[str, ...], float] = {}
        shown: dict[tuple[str, ...], Counter[tuple[tuple[str, ...], bool]]] = {}
        support: Counter[tuple[str, ...]] = Counter()
        surfaces: dict[str, Counter[str]] = {}
        for doc in docs:
            seen = set()
            for number, segment in enumerate(doc):
                for term in segment:
                    surfaces.setdefault(term.key, Counter())[term.surface] += 1
                spans = self.concepts.spans(segment)
                for window in _windows(segment, number == 0, spans, self.english):
                    score = _score(window, words, groups)
                    scored[window.keys] = max(scored.get(window.keys, -math.inf), score)
                    written = (window.words, window.opens_clause)
                    shown.setdefault(window.keys, Counter())[written] += 1
                    seen.add(window.keys)
            support.update(seen)
        ranked = sorted(
            scored,
            key=lambda keys: (-(scored[keys] + SUPPORT_BONUS * (support[keys] - 1)), keys),
        )
        for keys in ranked:
            text = self.format(*shown[keys].most_common(1)[0][0])
            if text.lower() not in self.used:
                self.used.add(text.lower())
                return text
        return self._fallback(words, surfaces)

    def _weights(
        self, docs: Sequence[Doc]
    ) -> tuple[dict[str, float], dict[tuple[str, tuple[str, ...]], float]]:
        """Weigh the group's content words and lexicon phrases: the share of its ideas using
        them (a phrase counts its group's ideas, more so for the group's commonest phrase),
        times how rarely the rest of the session does, less a toll."""
        n = max(1, len(docs))
        word_df: Counter[str] = Counter()
        group_df: Counter[str] = Counter()
        phrase_df: Counter[tuple[str, tuple[str, ...]]] = Counter()
        for doc in docs:
            word_df.update({t.key for seg in doc for t in seg if _content(t)})
            spans = [(seg, span) for seg in doc for span in self.concepts.spans(seg)]
            group_df.update({name for _seg, (_a, _b, name) in spans})
            phrase_df.update({(name, _span_keys(seg, a, b)) for seg, (a, b, name) in spans})
        words = {key: df / n * self.context.idf(key) - WORD_TOLL for key, df in word_df.items()}
        phrases = {}
        for (name, keys), df in phrase_df.items():
            share = COMMON_PHRASE + (1 - COMMON_PHRASE) * df / group_df[name]
            idf = _idf(self.context.n_docs, self.group_df[name])
            phrases[(name, keys)] = CONCEPT_SHARE * share * group_df[name] / n * idf - WORD_TOLL
        return words, phrases

    def _fallback(self, weights: Mapping[str, float], surfaces: Mapping[str, Counter[str]]) -> str:
        """Name a group no window fits by its strongest word, as the ideas write it."""
        if not weights:
            return UNTITLED
        key = max(weights, key=lambda key: (weights[key], key))
        word = surfaces[key].most_common(1)[0][0]
        text = FALLBACK.format(word=word) if self.english else word[:1].upper() + word[1:]
        self.used.add(text.lower())
        return text

    def format(self, words: Sequence[str], opens_clause: bool = True) -> str:
        """Write a window as a label: gerund for an opening verb, sentence case, acronyms."""
        words = list(words)
        if (
            self.english
            and opens_clause
            and words[0] in VERBS
            and words[1] not in CONNECTORS - ARTICLES
        ):
            words[0] = gerund(words[0])
            for at in range(2, len(words)):  # "smile and greet" -> "smiling and greeting"
                if words[at - 1] in CONJUNCTIONS and words[at] in VERBS:
                    words[at] = gerund(words[at])
        words = [self.acronyms.get(word, word) for word in words]
        text = " ".join("I" if word == "i" else word for word in words)
        return text[:1].upper() + text[1:]


def _score(
    window: Window,
    words: Mapping[str, float],
    groups: Mapping[tuple[str, tuple[str, ...]], float],
) -> float:
    """Score a window: its words' and groups' weights, its length and where it stands."""
    score = sum(words.get(key, 0.0) for key in window.content)
    for name, keys in window.groups:
        score += max([groups.get((name, keys), 0.0), *(words.get(key, 0.0) for key in keys)])
    score += LENGTH_BONUS.get(len(" ".join(window.words).split()), 0.0)
    score += EARLY_BONUS * window.opens_idea - CUT_PENALTY * window.cut
    return score - JOIN_PENALTY * window.joins


def _idf(n_docs: int, df: int) -> float:
    """Smooth inverse document frequency, as the session's words have it."""
    return math.log((1 + n_docs) / (1 + df)) + 1.0


def gerund(verb: str) -> str:
    """Spell a verb's -ing form: "greet" greeting, "make" making, "stop" stopping."""
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) and len(verb) > 2:
        return verb[:-1] + "ing"
    if _DOUBLE_FINAL.match(verb):
        return verb + verb[-1] + "ing"
    return verb + "ing"


def plural(noun: str) -> str:
    """Spell a noun's plural for a label ("every branch" reads "branches")."""
    if noun.endswith("s") or noun in {"staff", "people", "feedback", "equipment", "stock"}:
        return noun
    if noun.endswith("y") and len(noun) > 1 and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("x", "z", "ch", "sh")):
        return noun + "es"
    return noun + "s"
