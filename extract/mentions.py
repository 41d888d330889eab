"""What a noun phrase refers to: its entity, a person a pronoun or description points back to, or a concept."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

if not Doc.has_extension("offices"):
    Doc.set_extension("offices", default=None)  # person ident → ident of the state or body they serve
if not Doc.has_extension("countries"):
    Doc.set_extension("countries", default=None)  # country key → weight of its mentions (see context_countries)
if not Doc.has_extension("speaker"):
    Doc.set_extension("speaker", default=None)  # who speaks in the sentence being read (for "ich")
if not Doc.has_extension("speakers"):
    Doc.set_extension("speakers", default=None)  # start of each sentence read → its speaker (or None)
if not Doc.has_extension("titles"):
    Doc.set_extension("titles", default=None)  # first token of a person's mention → its title words
if not Doc.has_extension("genders"):
    Doc.set_extension("genders", default=None)  # person's name → m or f, as titles give it (`person_genders`)

from geokg.extract.chunks import DATELINE_DASHES, Phrase
from geokg.extract.entities import role_info, role_lemma
from geokg.extract.ents import ents_from
from geokg.extract.kb import capital_of, knowledge_base
from geokg.extract.lang_de import gazetteer
from geokg.extract.lang_de.frames import descriptions, org_nouns, pair_nouns, transparent_kind
from geokg.extract.model import EntityRef
from geokg.extract.tagger import AGE_NOUN, FINITE_TAGS
from geokg.extract.titles import apposed_name, former, genitive_body, may_describe, names_role, present_titles, title_word

# Head nouns too vague to stand as a concept of the graph.
VAGUE = frozenset({"Weise", "Form", "Format", "Art", "Rahmen", "Hinsicht", "Blick", "Verweis",
                   "Sicht", "Seite", "Fall", "Teil", "Zahl", "Größenordnung", "Menschen", "Leute",
                   "Prozent", "Ding", "Sache", "Etwas", "Frage", "Thema", "Punkt"})
MAX_DISTANCE = 600  # characters a pronoun may reach back


def antecedent(doc: Doc, i: int, types: tuple[str, ...] = ("Person",),
               country: EntityRef | None = None, within: int = MAX_DISTANCE, neuter: bool = False,
               gender: str | None = None, feminine: bool = False) -> EntityRef | None:
    """The last entity of one of `types` named before token i, within a short distance; with
    `country`, not a person known to hold an office of another state ("der ukrainische Präsident");
    `neuter`: not one named with a feminine, masculine or plural article (what "es" may stand for);
    `gender` (m, f): not a person the text gave the other one (what "er", "sie" may stand for);
    `feminine`: only one named with "die" (a body "sie" may stand for: "die AKP", not "Kroatien")."""
    limit = doc[i].idx - within
    offices = doc._.offices or {}
    sentence = doc[i].sent.start
    found: EntityRef | None = None
    for ent in reversed([e for e in ents_from(doc, 0, i) if e.end <= i]):
        if ent.start_char < limit or (found is not None and ent.start < sentence):
            break
        ref = ent._.entity
        if ref is None or ref.type not in types or (neuter and _article(doc, ent.start) in NOT_NEUTER) \
                or (feminine and _article(doc, ent.start) != "die") or not _fits(doc, ref, gender):
            continue
        if country is not None and (_serves_other(ref, country, offices) or (
                _governed(doc, ent.start) and not _serves(ref, country, offices))):
            continue  # "der Bericht von Richard Falk … der israelische Botschafter": not Falk
        if ent.start < sentence or ref.type != "Person":
            return ref
        if _aside(doc, ent.start):
            continue  # "Gegen die Überschrift (X beleidigt Y) wolle er vorgehen": neither X nor Y
        if not _governed(doc, ent.start):
            return ref
        # in the pronoun's own sentence a person as subject or object beats one a preposition governs
        # ("X hegt den Verdacht, dass … unter Y Druck ausgeübt wird – und er fordert": X; a state is
        # often named in a phrase: "ich lebte in Großbritannien, als es die Falklands bombardierte")
        found = found or ref
    return found


NOT_NEUTER = frozenset({"die", "der", "diese", "dieser"})  # articles no neuter singular takes in the nominative


def _article(doc: Doc, start: int) -> str:
    """The lower-case word before the name at token `start` and its adjectives ("die" of "die
    regierende AKP"), or "" at the sentence start: "die AKP" is no "es", "Kroatien" no "sie"."""
    j = start - 1
    while j >= doc[start].sent.start and doc[j].tag_ == "ADJA":
        j -= 1
    return doc[j].lower_ if j >= doc[start].sent.start else ""


GENDERED_ADDRESS = {"Herr": "m", "Herrn": "m", "Frau": "f"}


def person_genders(doc: Doc) -> dict[str, str]:
    """Person's name → m or f, as the text gives it: by a role noun or form of address right before
    a mention ("Innenministerin X", "Präsident X", "Frau X"); a person given both has none."""
    if doc._.genders is not None:
        return doc._.genders  # type: ignore[no-any-return]
    given: dict[str, set[str]] = {}
    for ent in doc.ents:
        ref = ent._.entity
        if ref is None or ref.type != "Person" or ent.start == 0:
            continue
        before = doc[ent.start - 1]
        role = role_info(before)
        gender = GENDERED_ADDRESS.get(before.text) or (role.gender if role is not None else None)
        if gender in ("m", "f"):
            given.setdefault(ref.name, set()).add(gender)
    doc._.genders = {name: next(iter(g)) for name, g in given.items() if len(g) == 1}
    return doc._.genders  # type: ignore[no-any-return]


def _fits(doc: Doc, ref: EntityRef, gender: str | None) -> bool:
    """True unless `ref` is a person the text gave another gender than `gender`."""
    return gender is None or ref.type != "Person" or person_genders(doc).get(ref.name, gender) == gender


def _governed(doc: Doc, start: int) -> bool:
    """True if a name at token `start` stands in a prepositional or genitive attribute ("von X", "mit X",
    "des Sonderberichterstatters X"), not as a subject or object of its own."""
    sent_start = doc[start].sent.start
    before = list(doc[max(sent_start, start - 2):start])
    return any(t.tag_ in ("APPR", "APPRART") for t in before) or (
        len(before) == 2 and before[0].tag_ == "NN" and before[1].tag_ == "ART") or (
        len(before) == 2 and before[1].tag_ == "NN" and (before[0].lower_ == "des" or (
            before[0].lower_ == "der" and _after_noun_or_preposition(doc, before[0].i, sent_start))))


def _aside(doc: Doc, start: int) -> bool:
    """True if token `start` stands in brackets: "Gegen die Überschrift (X beleidigt Y) wolle er vorgehen"."""
    for tok in reversed(doc[doc[start].sent.start:start]):
        if tok.text in "()":
            return tok.text == "("
    return False


def _after_noun_or_preposition(doc: Doc, i: int, sent_start: int) -> bool:
    """True if the word before token i is a noun or preposition: its "der" opens a genitive or dative
    attribute ("die Rede der Ministerin X", "mit der Ministerin X"), not a subject ("Der Abgeordnete X sagte")."""
    return i > sent_start and doc[i - 1].tag_ in ("NN", "NE", "APPR", "APPRART")


def _serves(ref: EntityRef, country: EntityRef, offices: dict[str, str]) -> bool:
    """True if a person is known to hold an office of `country`: named so in this document, or by the
    gazetteer (persons.tsv)."""
    if ref.ident in offices:
        return offices[ref.ident] == country.ident
    entry = knowledge_base().by_key.get(ref.key or "")
    return entry is not None and entry.type == "Person" and entry.country == country.key


def _serves_other(ref: EntityRef, country: EntityRef, offices: dict[str, str]) -> bool:
    """True if a person holds an office of another state than `country`: one this document named
    ("US-Präsident Trump"), else the state the gazetteer lists for them."""
    if ref.ident in offices:
        return offices[ref.ident] != country.ident
    entry = knowledge_base().by_key.get(ref.key or "")
    return entry is not None and entry.type == "Person" and bool(entry.country) and \
        country.type == "Country" and entry.country != country.key


def _salient(doc: Doc, i: int, types: tuple[str, ...], country: EntityRef | None = None,
             gender: str | None = None) -> EntityRef | None:
    """The entity of `types` the previous sentence is about: its first one that no preposition or
    noun governs (a subject or object, not "zu Russland", "mit Putin", "die Grenze der Ukraine");
    None if one of `types` stands earlier in this sentence, which is nearer. With `country`, not a
    person known to hold an office of another state; with `gender`, not a person of the other."""
    sent = doc[i].sent
    if sent.start == 0 or doc[sent.start - 1].idx < doc[i].idx - MAX_DISTANCE or any(
            e._.entity is not None and e._.entity.type in types for e in ents_from(doc, sent.start, i)):
        return None
    offices = doc._.offices or {}
    previous = doc[sent.start - 1].sent
    for ent in ents_from(doc, previous.start, previous.end):
        ref = ent._.entity
        if ref is None or ref.type not in types or not _fits(doc, ref, gender):
            continue
        if _governed(doc, ent.start) or (country is not None and _serves_other(ref, country, offices)):
            continue
        return ref
    return None


def _described(doc: Doc, i: int, gender: str) -> EntityRef | None:
    """The person the one definite office noun in the previous sentence, with the article of the gender and
    governed by no preposition, stands for: "Die Kirche lobte der Papst. In Havanna hatte er …" (none where two
    could be meant: "… sieht der deutsche Minister nicht – anders der UN-Hochkommissar. Er warnte …")."""
    sent = doc[i].sent
    if sent.start == 0:
        return None
    article = "der" if gender == "m" else "die"
    found = []
    for tok in doc[sent.start - 1].sent:
        if tok.tag_ != "NN" or role_lemma(tok) is None:
            continue
        k = tok.i - 1
        while k > 0 and doc[k].tag_ == "ADJA":
            k -= 1  # "der argentinische Papst"
        if doc[k].lower_ == article and not _governed(doc, k):
            found.append((k, tok))
    if len(found) != 1:
        return None
    k, tok = found[0]
    ref = role_referent(doc, k, tok, _role_country(tok))
    return ref if ref is not None and ref.type == "Person" and _fits(doc, ref, gender) else None


def _previous_speaker(doc: Doc, i: int) -> EntityRef | None:
    """The person who spoke the sentence before token i's ("…, sagte Demirtaş der AFP."), as the
    attribution of that sentence found them."""
    sent = doc[i].sent
    if sent.start == 0 or not doc._.speakers:
        return None
    ref = doc._.speakers.get(doc[sent.start - 1].sent.start)
    return ref if ref is not None and ref.type == "Person" else None


def described_person(doc: Doc, i: int, country: EntityRef | None) -> EntityRef | None:
    """The person a definite description at token i points back to ("der Republikaner", "den
    Kremlchef"): the one the previous sentence is about, else the last one named (of `country`)."""
    return _salient(doc, i, ("Person",), country) or antecedent(doc, i, country=country)


ROLE_REACH = 3000  # characters a role noun may reach back to the one person it fits, if none is nearer


@dataclass
class Named:
    """A person named before a role noun: as last named, with every present title the text gave them."""

    ref: EntityRef
    at: int  # first character of the last mention
    titles: list[str] = field(default_factory=list)  # title words: Finanzminister, ÖGB-Präsident
    subject: bool = False  # named in the role noun's own sentence, not in an attribute ("mit X", "Xs Büro")


def persons_before(doc: Doc, start: int) -> list[Named]:
    """Every person named before token `start`, nearest first, with their titles ("Finanzminister X",
    "X, Sprecher der …")."""
    sent_start = doc[start].sent.start
    known: dict[str, Named] = {}
    for ent in ents_from(doc, 0, start):
        ref = ent._.entity
        if ent.label_ != "PER" or ref is None or ent.end > start:
            continue
        named = known.setdefault(ref.ident, Named(ref, ent.start_char))
        named.at = ent.start_char
        named.titles += _title_words(doc, ent)
        named.subject = named.subject or (ent.start >= sent_start and not _governed(doc, ent.start)
                                          and not (ent.end < len(doc) and doc[ent.end].tag_ == "NN"))
    return sorted(known.values(), key=lambda n: -n.at)


def _title_words(doc: Doc, ent: Span) -> list[str]:
    """The title words of a person's mention, kept on the doc: each role noun reads them again."""
    if doc._.titles is None:
        doc._.titles = {}
    if ent.start not in doc._.titles:
        doc._.titles[ent.start] = [title_word(t) for t in present_titles(doc, ent)]
    return doc._.titles[ent.start]  # type: ignore[no-any-return]


def titled_persons(doc: Doc, start: int, role: Token, country: EntityRef | None = None) -> list[EntityRef]:
    """The persons before token `start` whose own title the role noun names ("Finanzminister X … dem
    Minister"), nearest first: those named within MAX_DISTANCE, else those within ROLE_REACH. Not the
    subject of the role noun's own sentence ("X sagte, der Minister …" is someone else); with
    `country`, not a person serving another state."""
    noun = title_word(role)
    offices = doc._.offices or {}
    fits = [n for n in persons_before(doc, start) if not n.subject and any(names_role(t, noun) for t in n.titles)
            and (country is None or not _serves_other(n.ref, country, offices))]
    for reach in (MAX_DISTANCE, ROLE_REACH):
        near = [n.ref for n in fits if n.at >= doc[start].idx - reach]
        if near:
            return near
    return []


def _several(doc: Doc, start: int, role: Token, gender: str) -> bool:
    """True if a definite role noun from token `start` is plural: "die Minister", "den Ministern",
    "die Ministerinnen", "die Vorsitzenden", "der Minister" after a noun (a genitive)."""
    article = doc[start].lower_
    if role.text.endswith("innen"):
        return True
    if article == "die" and (gender == "m" or (gender == "n" and role.text.endswith("n"))):
        return True
    if article == "den" and role.text == role.lemma_ + "n" and role.lemma_.endswith(("er", "el")):
        return True
    return article == "der" and gender == "m" and start > 0 and doc[start - 1].tag_ == "NN"


def _specified(doc: Doc, role: Token) -> bool:
    """True if a genitive or von-phrase after a role noun says whose office it is ("der Chef der Bank"):
    it may be someone new, not the last person with that title."""
    return role.i + 1 < len(doc) and doc[role.i + 1].lower_ in ("des", "der", "von", "vom")


def role_referent(doc: Doc, start: int, role: Token, country: EntityRef | None) -> EntityRef | None:
    """The person a definite role noun (its article at token `start`) stands for: the name it titles
    ("der Chef der HDP, X"); else the one person before whose title it names ("dem Minister" →
    Finanzminister X), nobody where two fit or it is plural; else, for a head of state or government,
    the person the last sentence is about or last named (of `country`: "den Kremlchef"), if they may
    hold that office; a profession ("der Richter") only a person titled so."""
    info = role_info(role)
    if info is None:
        return described_person(doc, start, country)  # "der Republikaner"
    apposed = apposed_name(doc, role)
    if apposed is not None:
        return apposed._.entity  # type: ignore[no-any-return]
    if _several(doc, start, role, info.gender):
        return None  # "die Minister der EU" are no one person
    if not former(doc, role) and not _specified(doc, role):
        own = role._.country or next((t._.country for t in doc[start:role.i] if t.tag_ == "ADJA"
                                      and t._.country is not None and t._.country.type == "Country"), None)
        fits = titled_persons(doc, start, role, own.ref() if own is not None else None)
        if fits:
            return fits[0] if len(fits) == 1 else None  # two ministers fit "der Minister": unclear which
        ahead = headline_titled(doc, role)
        if ahead is not None:
            return ahead
    if info.relation != "leads" and not info.state and not role._.country:
        return None  # "der Richter" is nobody the text titled so
    return _described_office(doc, start, role, country)


def headline_titled(doc: Doc, role: Token) -> EntityRef | None:
    """For a role noun in the document's first sentence (its headline: "Die Sozialdemokraten werfen dem
    Finanzminister Zynismus vor"), the one person the text then titles so ("Finanzminister Hans Jörg
    Schelling"); nobody where two are."""
    if role.sent.start != 0:
        return None
    noun = title_word(role)
    found = {ent._.entity.ident: ent._.entity for ent in ents_from(doc, role.sent.end, len(doc))
             if ent.label_ == "PER" and ent._.entity is not None
             and any(names_role(t, noun) for t in _title_words(doc, ent))}
    return next(iter(found.values())) if len(found) == 1 else None


def _described_office(doc: Doc, start: int, role: Token, country: EntityRef | None) -> EntityRef | None:
    """The person `described_person` finds for an office no one was titled with before: not one the
    text gave another kind of office ("Vizekanzler X … den Kanzler"), nor the subject of this sentence;
    for an office of a body the genitive names, only a person titled alike or, if it is a known body
    ("der Vorsitzende der Partei Recht und Gerechtigkeit"), the one the last sentence is about: "der
    Chef der Sicherheitspolizei" may be someone new."""
    salient = _salient(doc, start, ("Person",), country)
    person = salient or antecedent(doc, start, country=country)
    named = next((n for n in persons_before(doc, start) if person is not None and n.ref.ident == person.ident), None)
    if named is None:
        return person
    if named.subject or (named.titles and not any(may_describe(t, title_word(role)) for t in named.titles)):
        return None
    if _specified(doc, role) and not former(doc, role) and not named.titles and (
            salient is None or genitive_body(doc, role) is None):
        return None
    return person


def context_countries(doc: Doc) -> dict[str, int]:
    """How much the document is about each country (key `country:XX` → weight): one for each mention of
    the country, a place in it or its demonym, three for the dateline place ("Wien – Die Regierung …")."""
    if doc._.countries is not None:
        return doc._.countries  # type: ignore[no-any-return]
    kb = knowledge_base()
    weights: dict[str, int] = {}
    for ent in doc.ents:
        entry = kb.by_key.get(ent.kb_id_)
        key = entry.key if entry is not None and entry.type == "Country" else (
            entry.country if entry is not None and entry.type == "Location" else None)
        if key is None:
            continue
        dateline = ent.end < len(doc) and doc[ent.end].text in DATELINE_DASHES and (
            ent.start == 0 or doc[ent.start - 1].is_punct or ent.sent.start == ent.start)
        weights[key] = weights.get(key, 0) + (3 if dateline else 1)
    for tok in doc:
        if tok.tag_ == "ADJA" and tok._.country is not None and tok._.country.type == "Country":
            weights[tok._.country.key] = weights.get(tok._.country.key, 0) + 1
    doc._.countries = weights
    return weights


def context_country(doc: Doc) -> EntityRef | None:
    """The country the document is clearly about: named at least three times and twice as often as
    any other (the dateline counting three); None where no one country dominates."""
    key = _dominant(context_countries(doc), 3)
    entry = knowledge_base().by_key.get(key) if key is not None else None
    return entry.ref() if entry is not None else None


def _dominant(weights: dict[str, int], least: int) -> str | None:
    """The key weighing at least `least` and twice as much as any other, if one does."""
    ranked = sorted(weights.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < least or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0]


def context_region(doc: Doc) -> EntityRef | None:
    """The region within a state the document is clearly about (Tirol, Bayern): named or named by its
    adjective at least twice and twice as often as any other region; None otherwise."""
    kb = knowledge_base()
    weights: dict[str, int] = {}
    named = [kb.by_key.get(ent.kb_id_) for ent in doc.ents]
    named += [tok._.country for tok in doc if tok.tag_ == "ADJA"]
    for entry in named:
        if entry is not None and entry.region:
            weights[entry.key] = weights.get(entry.key, 0) + 1
    key = _dominant(weights, 2)
    return kb.by_key[key].ref() if key is not None else None


def title_default(doc: Doc, lemma: str) -> EntityRef | None:
    """The state or body a role noun names by itself ("Kremlchef" → Russland); of a title several
    states use (Bundespräsident: DE, AT, CH), the one the document names most, else the first."""
    role = gazetteer.role_nouns().get(lemma)
    if role is None or not role.defaults:
        return None
    kb = knowledge_base()
    weights = context_countries(doc) if len(role.defaults) > 1 else {}
    best = max(role.defaults, key=lambda d: (weights.get(f"country:{d}", 0), -role.defaults.index(d)))
    entry = kb.by_key.get(f"country:{best}") or kb.by_key.get(f"org:{best}")
    return entry.ref() if entry is not None else None


def _role_country(head: Token) -> EntityRef | None:
    """The state a role noun's prefix names ("US-Präsident"), else the one it names by itself ("der Kremlchef")."""
    return (head._.country.ref() if head._.country else None) or default_country(head)


def default_country(head: Token) -> EntityRef | None:
    """The state or body a role noun names by itself: "der Kremlchef" → Russland."""
    return title_default(head.doc, role_lemma(head) or "")


def plural_verb(form: str) -> bool:
    """Whether a finite verb form is plural (or "Sie"): -en, -rn, -ln, "sind"; singular forms never end so.

    >>> [plural_verb(f) for f in ("hatten", "fordern", "sind", "hat", "forderte", "wird")]
    [True, True, True, False, False, False]
    """
    form = form.lower()
    return form.endswith(("en", "rn", "ln")) or form == "sind"


def _adjacent_finite(doc: Doc, phrase: Phrase) -> Token | None:
    """The finite verb right after or (else) right before a phrase, if one stands there."""
    return next((doc[j] for j in (phrase.end, phrase.start - 1) if 0 <= j < len(doc) and doc[j].tag_ in FINITE_TAGS),
                None)


def _singular_verb(doc: Doc, phrase: Phrase) -> bool:
    """True if the finite verb right after or before a phrase is singular."""
    finite = _adjacent_finite(doc, phrase)
    return finite is not None and not plural_verb(finite.text)


def _plural_verb(doc: Doc, phrase: Phrase) -> bool:
    """True if the finite verb of a pronoun is plural: right after or before it (sie bezeichneten), or
    at the end of the clause it opens after a conjunction ("…, wo sie 89 Menschen töteten")."""
    finite = _adjacent_finite(doc, phrase)
    if finite is not None:
        return plural_verb(finite.text)
    if phrase.start > 0 and doc[phrase.start - 1].tag_ in ("KOUS", "PWAV", "PRELS", "PRELAT"):
        finite = last = None
        for tok in doc[phrase.end:doc[phrase.start].sent.end]:
            if tok.is_punct:
                break
            if tok.tag_ in FINITE_TAGS:
                finite = tok  # the last one: "…, dass sie X angreifen wollten"
            elif tok.pos_ in ("VERB", "AUX"):
                last = tok
        # a subordinate clause has a finite verb: without one, its last verb is it, tagged an infinitive
        # ("indem sie für Überzeugungen eintreten")
        finite = finite or last
        return finite is not None and plural_verb(finite.text)
    return False


def referents(doc: Doc, phrase: Phrase) -> list[EntityRef]:
    """What a phrase stands for; a transparent noun ("Stellungen der Hisbollah") for its genitive's
    entities; "beide Seiten", "die beiden Staatsführer" (pair_nouns.tsv) for the last two actors named."""
    both = doc[phrase.start].lower_ in ("beide", "beiden") or (
        doc[phrase.start].lower_ == "die" and phrase.start + 1 < phrase.end and doc[phrase.start + 1].lower_ == "beiden")
    kinds = pair_nouns().get(doc[phrase.head].lemma_) if both else None
    if kinds is not None:
        return _last_actors(doc, phrase.start, 2, kinds)
    if phrase.entity is None and transparent_kind(doc[phrase.head].lemma_) and phrase.genitive:
        found = [r for p in phrase.genitive.members for r in referents(doc, p)]
        if any(r.type != "Concept" for r in found):
            return found
    ref = referent(doc, phrase)
    return [ref] if ref is not None else []


ACTOR_TYPES = frozenset({"Person", "Country", "Organization"})


def _last_actors(doc: Doc, i: int, n: int, types: frozenset[str] = ACTOR_TYPES) -> list[EntityRef]:
    """The last `n` different actors of these types (persons, states, organizations) named before token i."""
    found: list[EntityRef] = []
    for ent in reversed([e for e in ents_from(doc, 0, i) if e.end <= i]):
        ref = ent._.entity
        if ref is not None and ref.type in types and \
                all(r.ident != ref.ident for r in found):
            found.append(ref)
            if len(found) == n:
                break
    return list(reversed(found)) if len(found) == n else []


def demonym_country(doc: Doc, phrase: Phrase) -> EntityRef | None:
    """The country a demonym adjective in the phrase names ("einem russischen Raketenangriff")."""
    for tok in doc[phrase.start:phrase.head]:
        if tok.tag_ == "ADJA" and tok._.country is not None and tok._.country.type == "Country":
            return tok._.country.ref()
    return None


COUNTED = frozenset({"beide", "beiden", "viele", "vielen", "einige", "einigen", "mehrere", "mehreren",
                     "zahlreiche", "zahlreichen", "wenige", "wenigen", "tausende", "hunderte"})


def _people(doc: Doc, phrase: Phrase) -> EntityRef | None:
    """The state a people stands for as a group: "Israelis und Palästinenser", "der Russen" (not
    "ein Russe", "zwei Israelis", "viele Syrer" or "der Australier Peter Greste": persons)."""
    head = doc[phrase.head]
    peoples = gazetteer.peoples()
    key = peoples.get(head.text) or (peoples.get(head.text[:-1]) if head.text.endswith("n") else None)
    if key is None or head.tag_ != "NN":
        return None
    if any(t.tag_ == "CARD" or t.lower_ in COUNTED or t.lower_.startswith("ein")
           for t in doc[phrase.start:phrase.head]):
        return None
    if phrase.head + 1 < len(doc) and doc[phrase.head + 1].ent_type_ == "PER":
        return None
    if doc[phrase.start].lower_ == "der" and head.text.endswith("er") and _singular_verb(doc, phrase):
        return None  # "verteidigt der Ukrainer seinen Titel": one person (the plural takes "die")
    entry = knowledge_base().by_key.get(f"country:{key}")
    return entry.ref(head.text) if entry is not None else None


def _capital(doc: Doc, phrase: Phrase) -> EntityRef | None:
    """ "die polnische Hauptstadt": the capital the gazetteer knows for the state its demonym names."""
    head = doc[phrase.head]
    adj = doc[phrase.head - 1] if phrase.head > phrase.start else None
    if head.lemma_ != "Hauptstadt" or adj is None or adj.tag_ != "ADJA" or adj._.country is None:
        return None
    capital = capital_of(adj._.country.key)
    return capital.ref(doc[phrase.start:phrase.end].text) if capital is not None else None


BARE_PLURALS = frozenset({"Behörden"})  # the plural bodies that act named by their noun alone


def _bare_body(doc: Doc, phrase: Phrase) -> EntityRef | None:
    """A body named by its noun alone ("die Polizei", "das Parlament", "ein Militärgericht"): an actor
    whose state the text leaves open (key `body::Polizei`); "die Truppen" are nobody in particular."""
    head = doc[phrase.head]
    kind = org_nouns().get(head.text)
    if kind is None or head.tag_ != "NN" or (kind == "p" and head.text not in BARE_PLURALS):
        return None
    if phrase.head == phrase.start or doc[phrase.head - 1].tag_ not in ("ART", "ADJA", "PPOSAT"):
        return None  # a determiner or adjective before it: not a compound's part or a bare mention
    return EntityRef(head.text, "Organization", doc[phrase.start:phrase.end].text, f"body::{head.text}")


ALLIANCES = frozenset({"alliance", "intergovernmental"})  # kinds whose troops and envoys a compound names


def _group(doc: Doc, phrase: Phrase) -> EntityRef | None:
    """A group acting as one: "die Rebellen", "die Houthi-Rebellen", "prorussische Separatisten", "Regierungstruppen"
    (of the state the document is about), "westliche Regierungen"; not "19 Rebellen", "einige Islamisten"."""
    head = doc[phrase.head]
    groups = gazetteer.groups()
    if head.tag_ != "NN":
        return None
    prefix, _, tail = head.text.rpartition("-")
    if prefix[:1].isupper() and groups.get(tail) is False:  # "die Houthi-Rebellen": a group by its name
        return EntityRef(head.text, "Organization", doc[phrase.start:phrase.end].text, f"group:{head.text}")
    owner = knowledge_base().lookup(prefix) if groups.get(tail) else None
    if owner is not None and owner.kind in ALLIANCES:  # "UN-Soldaten", "Nato-Soldaten": the alliance's
        return EntityRef(head.text, "Organization", doc[phrase.start:phrase.end].text, f"group:{owner.key}:{tail}")
    if head.text not in groups:
        return None
    before = list(doc[phrase.start:phrase.head])
    if any(t.tag_ == "CARD" or t.lower_ in COUNTED or t.lower_.startswith("ein") for t in before):
        return None
    adjectives = [t for t in before if t.tag_ == "ADJA"]
    if groups[head.text] and not adjectives:
        return None
    country = next((t._.country for t in adjectives if t._.country is not None and t._.country.type == "Country"),
                   None)
    if country is None and head.text.startswith("Regierungs"):
        ref = context_country(doc)
        country = knowledge_base().by_key.get(ref.key) if ref is not None else None
    if groups[head.text]:
        name = f"{_nominative(adjectives[-1].lower_)} {head.text}"
    elif country is not None and country.adjective:
        name = f"{country.adjective}e {head.text}"
    else:
        name = head.text
    key = f"group:{country.key}:{head.text}" if country is not None else f"group:{name}"
    return EntityRef(name, "Organization", doc[phrase.start:phrase.end].text, key)


def _singular_age(doc: Doc, phrase: Phrase) -> bool:
    """True for an age noun after a singular definite article: "der 78-Jährige", "die 65-Jährige", not
    "die 20-Jährigen" (a plural) nor "ein 30-Jähriger" (someone new)."""
    article = doc[phrase.start].lower_ if phrase.start < phrase.head else ""
    head = doc[phrase.head].text
    return article in ("der", "dem", "den", "des") or (article == "die" and not head.endswith("n"))


def _nominative(adjective: str) -> str:
    """A plural adjective in the nominative after the definite article: westlichen → westliche."""
    for ending in ("en", "er", "em", "es"):
        if adjective.endswith(ending):
            return adjective[: -len(ending)] + "e"
    return adjective


def _quoted_name(doc: Doc, phrase: Phrase) -> str:
    """A capitalised name in quotes inside a phrase, or ""."""
    toks = doc[phrase.start:phrase.end]
    opens = [t.i for t in toks if t.text in ("„", "»", "\"")]
    if not opens:
        return ""
    words = []
    for t in doc[opens[0] + 1:phrase.end]:
        if t.text in ("“", "«", "\"", "”"):
            break
        words.append(t.text)
    return " ".join(words) if words and words[0][:1].isupper() else ""


EXPLETIVE_VERBS = frozenset({"sein", "geben", "gehen", "werden", "heißen", "bleiben", "scheinen", "kommen",
                             "handeln", "hageln"})  # "es handelt sich um", "es hagelt Kritik"


def _expletive(doc: Doc, i: int) -> bool:
    """True for an "es" that stands for nothing: beside a copula or "geben" ("es sei sinnvoll",
    "es gibt", "auch war es nicht klar")."""
    if i > 0 and doc[i - 1].lemma_ in EXPLETIVE_VERBS and doc[i - 1].pos_ in ("AUX", "VERB"):
        return True  # "auch war es nicht klar"
    if i > doc[i].sent.start and _correlate(doc, i):
        return True  # (a sentence's first "Es" is its subject: "Es warf der Regierung vor, …")
    for tok in doc[i + 1:]:
        if tok.is_punct or tok.tag_ == "KON":
            return False
        if tok.lemma_ in EXPLETIVE_VERBS and tok.pos_ in ("AUX", "VERB"):
            return True  # "es auch nicht sinnvoll sei"
        if tok.tag_.startswith("VV"):
            return False  # "dass es die Hisbollah angreifen wird": es acts
    return False


def _correlate(doc: Doc, i: int) -> bool:
    """True for an "es" that announces the clause after the comma: "lehnt es ab, den Antrag vorzulegen",
    "begrüßte es, dass …"."""
    sent_end = doc[i].sent.end
    comma = next((t.i for t in doc[i + 1:sent_end] if t.text == ","), None)
    if comma is None or comma + 1 >= sent_end:
        return False
    if doc[comma + 1].lower_ in ("dass", "ob"):
        return True
    clause = doc[comma + 1:next((t.i for t in doc[comma + 1:sent_end] if t.is_punct), sent_end)]
    return any(t.tag_ in ("PTKZU", "VVIZU") for t in clause)


def referent(doc: Doc, phrase: Phrase) -> EntityRef | None:
    """The entity a phrase stands for, or a Concept named by its head noun, or None."""
    if phrase.entity is not None:
        return phrase.entity
    head = doc[phrase.head]
    if phrase.pronoun:
        low = head.text.lower()
        if low in ("ich", "wir") and doc._.speaker is not None:
            return doc._.speaker  # in a quote, "ich" is whoever the sentence says spoke
        if low == "es" and "nom" in phrase.cases:  # "…, dass es die Hisbollah angreifen wird": a state
            if _expletive(doc, phrase.head):
                return None  # "es sei nicht sinnvoll", "es gibt": nobody
            return antecedent(doc, phrase.start, ("Country", "Organization"), within=200, neuter=True)
        if low == "er" or (low == "sie" and not _plural_verb(doc, phrase)):
            gender = "m" if low == "er" else "f"
            sent = head.sent  # "X warf Y vor, er …. Er forderte" / "In Havanna hatte er …": with no person
            if not any(e.label_ == "PER" and not _aside(doc, e.start)
                       for e in ents_from(doc, sent.start, phrase.start)):  # before it in its
                speaker = _previous_speaker(doc, phrase.start)
                salient = speaker if speaker is not None and _fits(doc, speaker, gender) else \
                    _salient(doc, phrase.start, ("Person",), gender=gender) or _described(doc, phrase.start, gender)
                if salient is not None:  # sentence, its subject continues the last one's
                    return salient
            return antecedent(doc, phrase.start, gender=gender) or (
                antecedent(doc, phrase.start, ("Organization", "Country"), feminine=True) if low == "sie" else None)
        if low in ("ihm", "ihn"):  # "X verteidigte sich. Die Grünen warfen ihm vor": whom the last sentence
            return _salient(doc, phrase.start, ("Person",)) or antecedent(doc, phrase.start)  # is about
        if low == "ihr" and head.tag_ == "PPER":  # her, as "ihm" is him ("obwohl ihr die SPÖ … zeigte")
            return _salient(doc, phrase.start, ("Person",), gender="f") or antecedent(doc, phrase.start, gender="f")
        return None
    people = _people(doc, phrase) or _group(doc, phrase) or _bare_body(doc, phrase) or _capital(doc, phrase)
    if people is not None:
        return people
    if AGE_NOUN.match(head.text) and _singular_age(doc, phrase):
        # "Papst Franziskus … Am Dienstag reist der 78-Jährige weiter": the person the text is about
        return _salient(doc, phrase.start, ("Person",)) or antecedent(doc, phrase.start)
    if head.lemma_ in ("Land", "Staat") and doc[phrase.start].lower_ in ("das", "der", "dem", "des"):
        # "Finnland hat seine Grenze zu Russland geschlossen. Das Land wirft Moskau vor": Finnland
        return _salient(doc, phrase.start, ("Country",)) or antecedent(doc, phrase.start, ("Country",))
    if head.text in descriptions() or (role_lemma(head) is not None and head.tag_ == "NN"):
        words = [t.lower_ for t in doc[phrase.start:phrase.head]]
        definite = bool(words) and words[0] in ("der", "die", "dem", "den", "des")
        if definite and not any(t.tag_ in ("CARD", "PIAT") for t in doc[phrase.start:phrase.head]):
            # "der Republikaner", "die Außenministerin", "der ukrainische Präsident"
            country = demonym_country(doc, phrase) or _role_country(head)
            return role_referent(doc, phrase.start, head, country)
        if not definite and role_lemma(head) is not None:  # "zwei israelische Minister": officials
            lemma = role_lemma(head) or head.text
            return EntityRef(lemma, "Concept", doc[phrase.start:phrase.end].text, f"concept:{lemma}")
        return None
    quoted = _quoted_name(doc, phrase)
    if quoted:  # das Manöver „Steadfast Defender“, der Tanker „Delta Sea“
        return EntityRef(quoted, "Concept", doc[phrase.start:phrase.end].text, f"concept:{quoted}")
    lemma = head.lemma_ if head.lemma_ and head.lemma_[0].isupper() else head.text
    if head.tag_ != "NN" or lemma in VAGUE or len(lemma) < 3:
        return None
    return EntityRef(lemma, "Concept", doc[phrase.start:phrase.end].text, f"concept:{lemma}")
