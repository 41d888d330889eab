"""The gazetteer's phrase matcher: names as token sequences, found on a Doc's tokens, made without tokenizing each.

spaCy's PhraseMatcher takes its patterns as Docs, so the ~20,000 gazetteer names were tokenized
each time a pipeline was built (19,700 `make_doc` calls, 0.9 s of every start, most of it making
a lexeme for each word). Almost every name is words of letters, joined by single spaces and
inner hyphens ("Bosnien und Herzegowina", "Baden-Württemberg"): spaCy's German tokenizer keeps
each such word whole (no prefix, suffix or infix rule of its matches letters or a hyphen between
letters), so those names are split at their spaces here. The others ("1. FC Köln", "Biel/Bienne",
a word the tokenizer has a special case for), and every name if the tokenizer's rules are not
German's, go through the tokenizer. Matching compares the ids of the Doc's token texts (ORTH: a
hash, or a symbol's id for "ORG") with the patterns', as PhraseMatcher does, and finds the same
matches in the same order: by start, then by length (for one token sequence of several keys, in
the order the keys were added; PhraseMatcher's order there is its hash table's).

>>> import spacy
>>> nlp = spacy.blank("de")
>>> names = PhraseIndex(nlp.tokenizer)
>>> names.add("country:BA", ["Bosnien und Herzegowina", "Bosnien"])
>>> names.add("org:fc-koeln", ["1. FC Köln"])
>>> names(nlp("Bosnien und Herzegowina spielt gegen den 1. FC Köln."))
[('country:BA', 0, 1), ('country:BA', 0, 3), ('org:fc-koeln', 6, 9)]
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.attrs import ORTH
from spacy.strings import get_string_id
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

#: Suffix rules geokg adds to German's that never split a plain name (a trailing en or em dash).
EXTRA_SUFFIXES = (r"[–—]",)

#: A pattern: the ids of its tokens after the first, and its key.
Pattern = tuple[list[int], str]


class PhraseIndex:
    """Keys by the token sequences of their names; called on a Doc, the (key, start, end) of every occurrence."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        self.special = frozenset(tokenizer.rules or {})
        # a special case across words ("a b") would join the words of a plain name
        self.plain = german_rules(tokenizer) and not any(" " in case.strip() for case in self.special)
        self.first: dict[int, list[Pattern]] = {}  # the id of a first token → patterns, shortest first

    def words(self, name: str) -> list[str]:
        """The texts of the tokens the tokenizer makes of `name`."""
        if self.plain and plain(name):
            words = name.split(" ")
            if not self.special.intersection(words):
                return words
        return [t.text for t in self.tokenizer(name)]

    def add(self, key: str, names: Iterable[str]) -> None:
        """Match `key` wherever the tokens of one of `names` occur."""
        for name in names:
            ids = [get_string_id(w) for w in self.words(name)]
            if not ids:
                continue
            pattern = (ids[1:], key)
            patterns = self.first.get(ids[0])
            if patterns is None:
                self.first[ids[0]] = [pattern]
            elif pattern not in patterns:
                patterns.append(pattern)
                patterns.sort(key=lambda p: len(p[0]))  # stable: keys of one length stay in the order added

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(key, start, end) of each match in `doc`, by start, then by end."""
        orths: list[int] = doc.to_array(ORTH).tolist()
        found = []
        for i, orth in enumerate(orths):
            patterns = self.first.get(orth)
            if patterns is None:
                continue
            for rest, key in patterns:
                end = i + 1 + len(rest)
                if end <= len(orths) and (not rest or orths[i + 1:end] == rest):
                    found.append((key, i, end))
        return found


def plain(name: str) -> bool:
    """True for a name the German tokenizer leaves as its words: letters, inner hyphens, single spaces.

    >>> plain("Baden-Württemberg"), plain("Bosnien und Herzegowina"), plain("1. FC Köln"), plain("Biel/Bienne")
    (True, True, False, False)
    >>> plain("Nord- und Ostsee"), plain("Kiew "), plain("")
    (False, False, False)
    """
    return PLAIN_NAME.fullmatch(name) is not None


#: Words of letters joined by single spaces or hyphens (`plain`); one C call for each of the ~15,000 names.
PLAIN_NAME = re.compile(r"[^\W\d_]+(?:[ -][^\W\d_]+)*")


def german_rules(tokenizer: Tokenizer) -> bool:
    """True if the tokenizer's prefix, suffix and infix rules are spaCy's German ones (blank or trained),
    the suffixes perhaps with `EXTRA_SUFFIXES`."""
    from spacy.lang.de import German
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    defaults = German.Defaults
    return (_pattern(tokenizer.prefix_search) == compile_prefix_regex(defaults.prefixes or ())
            and _pattern(tokenizer.suffix_search) in (compile_suffix_regex(defaults.suffixes or ()),
                                                      compile_suffix_regex([*(defaults.suffixes or ()), *EXTRA_SUFFIXES]))
            and _pattern(tokenizer.infix_finditer) == compile_infix_regex(defaults.infixes or ()))


def _pattern(method: object) -> object:
    """The compiled expression a tokenizer's `prefix_search` (or the like) is a method of, else None."""
    return getattr(method, "__self__", None)
