"""Where places lie: "die ukrainische Stadt Odessa", "das Dorf X im Gebiet Y", capitals, a group's seat."""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from geokg.extract.ents import doc_tokens, ents_from
from geokg.extract.kb import KBEntry, capital_of, knowledge_base
from geokg.extract.lang_de.frames import entity_cues
from geokg.extract.mentions import context_country
from geokg.extract.model import EntityRef


SETTLEMENT_CUES = frozenset({"Stadt", "Kleinstadt", "Großstadt", "Hafenstadt", "Grenzstadt", "Frontstadt",
                             "Dorf", "Ort", "Ortschaft", "Siedlung"})


DIRECTIONS = frozenset({"Norden", "Süden", "Osten", "Westen", "Nordosten", "Nordwesten", "Südosten",
                        "Südwesten", "Zentrum", "Inneren"})


REGION_CUES = ("gebiet", "region", "oblast", "provinz", "bezirk", "kreis", "bundesstaat", "gemeinde")


# "in der östlichen Stadt Miskolc", "in der zentralen Provinz Hama": a part of the country the text is about
DIRECTION_ADJECTIVES = ("nördlich", "südlich", "östlich", "westlich", "nordöstlich", "nordwestlich", "südöstlich",
                        "südwestlich", "zentral", "mittler")


def _state_or_region(entry: KBEntry | None) -> bool:
    """True for a country, or a region a regional adjective names (bayerisch, Tiroler)."""
    return entry is not None and (entry.type == "Country" or entry.region)


def place_facts(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """Where a place lies: "die ukrainische Stadt Odessa" (a demonym), "das Dorf X im Gebiet Y"."""
    facts = []
    cue = doc[span.start - 1] if span.start >= 1 else None
    adj = doc[span.start - 2] if span.start >= 2 else None
    cued = cue is not None and entity_cues().get(cue.lemma_) == "LOC"
    if cue is not None and (cue._.title_noun or cue.lemma_.endswith(("ort", "gemeinde"))) and adj is not None \
            and adj.tag_ == "ADJA" and _state_or_region(adj._.country):
        facts.append((ref, "located_in", adj._.country.ref(), "cue:demonym-place"))  # "der korsischen Hauptstadt X"
    elif cued and adj is not None and adj.tag_ == "ADJA" and (city := city_of_adjective(adj.text)) is not None:
        if city.key != ref.key:
            facts.append((ref, "located_in", city.ref(), "cue:city-adjective-place"))  # "im Brüsseler Stadtteil X"
    elif cue is not None and cue.lemma_ in SETTLEMENT_CUES and adj is not None and adj.tag_ == "ADJA" \
            and adj.lower_.startswith(DIRECTION_ADJECTIVES) \
            and adj._.country is None:
        home = context_country(doc)  # "in der östlichen Stadt Miskolc" in a text about Hungary
        if home is not None and home.ident != ref.ident and not _elsewhere(ref, home):
            facts.append((ref, "located_in", home, "cue:direction-place-context"))
    elif cue is not None and cue.tag_ == "ADJA" and cue._.country is not None and cue._.country.type == "Country" \
            and cue._.country.key != ref.key:
        facts.append((ref, "located_in", cue._.country.ref(), "cue:demonym-place"))  # "im türkischen Antalya"
    elif cue is not None and cue.lemma_ in CAPITAL_NOUNS:
        entry = knowledge_base().by_key.get(ref.key or "")
        state = knowledge_base().by_key.get(entry.stands_for or "") if entry is not None else None
        if state is not None and state.type == "Country" and entry is not None and entry.key.startswith("place:"):
            facts.append((ref, "located_in", state.ref(), "cue:capital"))  # "die Hauptstadt Ankara"
    settled = cue is not None and cue.lemma_ in SETTLEMENT_CUES
    if settled:
        facts += _region_before(doc, span, ref)
    elif cue is not None and cue.lower_ == "in":
        facts += _country_frame(doc, span, ref)
    facts += _region_members(doc, span, ref) + _stronghold(doc, span, ref)
    settlement = cued or (ref.key.startswith("place:") and ref.key in knowledge_base().by_key
                          and not _is_region(ref))
    end = _list_end(doc, span)
    if end + 1 >= len(doc) or doc[end].lower_ not in ("im", "in"):
        return facts
    outer, how = _place_after(doc, end + 1)
    known_region = _is_region(ref)  # "die Industrieregion Donbass im Gebiet Donezk" overlaps, lies in no part
    if (settlement or how == "direction" or (how and not known_region)) and outer is not None \
            and outer.ident != ref.ident and not _elsewhere(ref, outer):
        rule = "cue:place-in-direction" if how == "direction" else "cue:place-in-region"
        facts.append((ref, "located_in", outer, rule))
    return facts


def _list_end(doc: Doc, span: Span) -> int:
    """The end of the list of places a place opens: "in den Bezirken Cizre und Silopi in der Provinz
    Sirnak" → after Silopi, so that the list shares its region."""
    end = span.end
    for _ in range(4):
        if end + 1 >= len(doc) or doc[end].lower_ not in ("und", "sowie", ","):
            return end
        nxt = next((e for e in ents_from(doc, end + 1, end + 2) if e.start == end + 1 and e.label_ == "LOC"), None)
        if nxt is None:
            return end
        end = nxt.end
    return end


def _place_after(doc: Doc, k: int) -> tuple[EntityRef | None, str]:
    """The place a phrase after "in"/"im" at `k` names, and the word that led to it ("region" for a
    region noun, "direction" for a compass word, else ""): "der Region Kursk", "dem Süden des
    Gazastreifens", "Norden Syriens", "Nordosten des Landes" (the country the text is about)."""
    if doc[k].lower_ in ("der", "dem", "den") and k + 1 < len(doc):
        k += 1
    if doc[k].tag_ == "ADJA" and doc[k].lower_.startswith(DIRECTION_ADJECTIVES) and k + 1 < len(doc):
        k += 1  # "in der zentralen Provinz Hama"
    how = ""
    if doc[k].tag_ == "NN" and doc[k].lemma_.lower().endswith(REGION_CUES):
        how = "region"
        k += 1  # "im Gebiet Donezk", "in der Region Kursk"
    elif doc[k].lemma_ in DIRECTIONS and k + 1 < len(doc):
        how = "direction"
        k += 1  # "im Norden Syriens"
        if doc[k].lower_ in ("des", "der") and k + 1 < len(doc):
            if doc[k + 1].lower_ == "landes":
                return context_country(doc), how  # "im Nordosten des Landes"
            k += 1  # "im Süden des Gazastreifens"
    if k >= len(doc):
        return None, ""
    outer = _place_at(doc, k)
    return (outer._.entity if outer is not None else None), how


def _entity_at(doc: Doc, k: int, accept: Callable[[Span], bool]) -> Span | None:
    """The entity whose name starts at token k and that `accept` takes, if the entity rules found one there."""
    return next((e for e in ents_from(doc, k, k + 1) if e.start == k and e._.entity is not None and accept(e)), None)


def _place_at(doc: Doc, k: int, labels: tuple[str, ...] = ("LOC", "GPE")) -> Span | None:
    """The place (or state) whose name starts at token k, if the entity rules found one there."""
    return _entity_at(doc, k, lambda e: e.label_ in labels)


def _country_at(doc: Doc, k: int) -> Span | None:
    """The state whose name starts at token k, if the entity rules found one there."""
    return _entity_at(doc, k, lambda e: e._.entity.type == "Country")


@lru_cache(maxsize=4096)
def city_of_adjective(word: str) -> KBEntry | None:
    """The city an invariant adjective in -er names ("Brüsseler" → Brüssel, "Grazer" → Graz, "Münchner" →
    München), if the gazetteer knows it."""
    if len(word) < 6 or not word[0].isupper() or not word.endswith("er"):
        return None
    stem = word[:-2]
    by_name = knowledge_base().by_name
    for name in (stem, stem + "en", stem[:-1] + "en" if stem.endswith("n") else stem):
        entry = by_name.get(name)
        if entry is not None and entry.type == "Location" and entry.kind == "city":
            return entry
    return None


def _elsewhere(place: EntityRef, outer: EntityRef) -> bool:
    """True if the gazetteer puts the place in another country than `outer`: "der Zug, der von
    Istanbul in den Iran fährt" is a direction, not where Istanbul lies."""
    kb = knowledge_base()
    entry, region = kb.by_key.get(place.key or ""), kb.by_key.get(outer.key or "")
    if entry is None or region is None or not entry.country:
        return False
    home = region.key if region.type == "Country" else region.country
    return home is not None and home != entry.country


CAPITAL_NOUNS = frozenset({"Hauptstadt", "Kapitale"})  # not "Metropole": a country has several


def capital_facts(doc: Doc, sent: Span) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """"In der polnischen Hauptstadt" (no name after it): the capital the document names elsewhere
    lies in that country — Warschau located_in Polen, with this sentence as evidence."""
    facts = []
    kb = knowledge_base()
    for tok in doc_tokens(doc)[sent.start:sent.end]:
        prefix = _capital_prefix(tok)
        if prefix is None and (tok.lemma_ not in CAPITAL_NOUNS or tok.ent_type_) or tok.i < 1:
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and (nxt.ent_type_ or nxt.text in ("(", ",")):
            continue  # "die polnische Hauptstadt Warschau": the demonym-place rule states it
        adj = doc[tok.i - 1]
        country = prefix or (adj._.country if adj.tag_ == "ADJA" else None)
        if country is None and nxt is not None and nxt.i + 1 < len(doc):  # "die Hauptstadt Polens"
            country = next((kb.by_key.get(e._.entity.key) for e in ents_from(doc, nxt.i, nxt.i + 1)
                            if e._.entity is not None and e.label_ == "GPE"), None)
        rule = "cue:capital"
        if country is None and adj.lower_ == "der" and (nxt is None or nxt.tag_ not in ("NE", "NN", "ADJA")):
            home = context_country(doc)  # "auf den Straßen der Hauptstadt" in a text about Hungary
            country, rule = (kb.by_key.get(home.key) if home is not None else None), "cue:capital-context"
        if country is None or country.type != "Country":
            continue
        capital = _named_capital(doc, country.key)
        if capital is not None:
            facts.append((capital, "located_in", country.ref(), rule))
    return facts


def _capital_prefix(tok: Token) -> KBEntry | None:
    """The country a capital compound names: "US-Hauptstadt" → USA."""
    head, dash, tail = tok.text.rpartition("-")
    if not dash or tail not in CAPITAL_NOUNS:
        return None
    entry = knowledge_base().lookup(head)
    return entry if entry is not None and entry.type == "Country" else None


def _named_capital(doc: Doc, country_key: str) -> EntityRef | None:
    """The document's mention of a country's capital (the place that stands for it), if any."""
    capital = capital_of(country_key)
    return next((e._.entity for e in doc.ents if capital is not None and e._.entity is not None
                 and e._.entity.key == capital.key), None)


# groups that sell, play or campaign in a place rather than lie there: "Apple in Deutschland", "die SPÖ in Wien"
TRADING_KINDS = frozenset({"party", "company", "sports_club", "sports_body"})


COMPANY_SUFFIXES = frozenset({"AG", "GmbH", "SE", "Inc", "Corp", "Ltd", "KG", "SA"})  # "die Flughafen Wien AG"


# heads of names of meetings, not groups: "die UN-Generalversammlung in New York"
MEETING_ENDINGS = ("versammlung", "gipfel", "konferenz", "tagung", "sitzung", "kongress", "festival", "forum")


# A body's people or bodies sent elsewhere for a time: "EU-Mission im Kongo" does not put the EU there.
VISITING_NOUNS = ("Mission", "Delegation", "Beobachter", "Gesandte", "Vermittler", "Inspektor")
SEAT_ADJECTIVES = ("ansässig", "beheimatet", "stationiert", "aktiv", "tätig")


def seat_facts(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """Where a group sits or acts: "die in Großbritannien ansässige Beobachtungsstelle", "die in
    Syrien und im Irak aktive Miliz IS", "die Arbeiterpartei Kurdistans (PKK) in der Türkei"."""
    return _seat_before(doc, span, ref) + _place_right_after(doc, span, ref)


def _place_right_after(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """A group and the place right after it: "die PKK in der Türkei", "kurdische Rebellen in Syrien"."""
    k = span.end
    entry = knowledge_base().by_key.get(ref.key or "")
    if (entry is not None and entry.kind in TRADING_KINDS) or span[-1].lower_.endswith(MEETING_ENDINGS) \
            or (entry is None and len(span) == 1 and span[0].tag_ == "NN") or span[-1].text in COMPANY_SUFFIXES:
        return []  # "die SPÖ in Wien" is a branch, "Apple in Deutschland" a market, "die UN-Generalversammlung
        # in New York" a meeting, "während des Drehs in Italien" no group
    if span.start >= 2 and doc[span.start - 1].lower_ in ("der", "des") and doc[span.start - 2].tag_ == "NN":
        return []  # "Wahlsieg der AKP in der Türkei": the place belongs to the head noun
    if len(span) == 1 and span.text.rpartition("-")[2].startswith(VISITING_NOUNS):
        return []  # "eine EU-Mission im Kongo": the mission is there, not the EU ("PKK-Stellungen im Nordirak" are)
    if k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")":
        k += 3  # "Arbeiterpartei Kurdistans (PKK) in der Türkei"
    if k + 1 >= len(doc) or doc[k].lower_ not in ("in", "im"):
        return []
    k += 1
    if doc[k].lower_ in ("der", "dem", "den") and k + 1 < len(doc):
        k += 1
    place = _place_at(doc, k)
    if place is None or place._.entity.ident == ref.ident or _is_landmark(place._.entity) \
            or (place._.entity.key not in knowledge_base().by_key and place[0].tag_ != "NE"):
        return []  # "die Spitzen der EU im Weißen Haus" met there; "Advances in Parasitology" is a title
    if place.end < len(doc) and doc[place.end].tag_ == "NN":
        return []  # "von Manchester United in Frankreichs Hauptstadt": the place is a genitive
    if entry is not None and entry.country == place._.entity.key:
        return []  # "die Huthi-Miliz im Jemen": the background already puts the group there
    return [(ref, "located_in", place._.entity, "cue:group-in-place")]


def branch_facts(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """A party's branch named by the adjective of a region or city: "die oberösterreichische SPÖ", "die
    Wiener ÖVP" → the party located_in Oberösterreich, Wien (a country's adjective names no branch)."""
    entry = knowledge_base().by_key.get(ref.key or "")
    if entry is None or entry.kind != "party" or span.start == 0:
        return []
    adj = doc_tokens(doc)[span.start - 1]
    if adj.tag_ != "ADJA" and not adj.text.endswith("er"):
        return []
    named = adj._.country
    place = named.ref() if named is not None and named.region else None
    if place is None and adj.text[:1].isupper():
        city = city_of_adjective(adj.text)
        place = city.ref() if city is not None else None
    if place is None or place.ident == ref.ident:
        return []
    return [(ref, "located_in", place, "cue:party-branch")]


def _seat_before(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """The places of a seat adjective before a group: "die in Großbritannien ansässige Beobachtungsstelle"."""
    k = span.start - 1
    if k >= 0 and doc[k].tag_ == "NN" and doc[k]._.title_noun:
        k -= 1  # "die … aktive Extremistenmiliz IS"
    while k >= span.sent.start and doc[k].tag_ == "ADJA" and not doc[k].lower_.startswith(SEAT_ADJECTIVES):
        k -= 1
    if k < span.sent.start or doc[k].tag_ != "ADJA" or not doc[k].lower_.startswith(SEAT_ADJECTIVES):
        return []
    places: list[EntityRef] = []
    k -= 1
    while k > span.sent.start:
        place = next((e for e in ents_from(doc, max(span.sent.start, k - 6), k + 1)
                      if e.end == k + 1 and e._.entity is not None and e.label_ in ("GPE", "LOC")), None)
        if place is None:
            break
        k = place.start - 1
        if doc[k].lower_ in ("der", "dem", "den"):
            k -= 1
        if doc[k].lower_ not in ("in", "im"):
            break
        places.append(place._.entity)
        k -= 1
        if doc[k].lower_ not in ("und", "sowie", ","):
            break
        k -= 1
    return [(ref, "located_in", p, "cue:seat") for p in reversed(places) if p.ident != ref.ident]


def _region_before(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """A settlement after a region named earlier in its clause: "Im Gebiet Saporischschja wurde das
    Dorf Stepnohirsk beschossen" (no comma between, so the region still frames the settlement)."""
    sent = span.sent
    for k in range(span.start - 2, sent.start, -1):
        tok = doc[k]
        if tok.text in (",", ";", ":") or tok.tag_ in ("KON", "$("):
            return []
        if tok.tag_ == "NN" and tok.lemma_.lower().endswith(REGION_CUES) and doc[k - 1].lower_ in ("im", "in", "der"):
            outer = _place_at(doc, k + 1)
            if outer is not None and outer._.entity.ident != ref.ident:
                return [(ref, "located_in", outer._.entity, "cue:region-before-place")]
            return []
    return []


def _country_frame(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """A place after a country that opens its sentence: "In Bolivien will er in Santa Cruz eine Messe
    halten" (no comma between, so the country still frames the place)."""
    sent = span.sent
    if sent.start + 2 >= span.start or doc[sent.start].lower_ != "in":
        return []
    country = _country_at(doc, sent.start + 1)
    if country is None or country._.entity.ident == ref.ident or _elsewhere(ref, country._.entity):
        return []
    if any(t.text in (",", ";", ":") or t.tag_ in ("KON", "$(") for t in doc[country.end:span.start]):
        return []
    return [(ref, "located_in", country._.entity, "cue:country-frame")]


def _region_members(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """The countries bracketed after a region that spans states: "aus dem Maghreb (Marokko, Tunesien
    und Algerien)" → each located_in Maghreb."""
    entry = knowledge_base().by_key.get(ref.key)
    if entry is None or entry.kind != "region" or entry.country or span.end >= len(doc) or doc[span.end].text != "(":
        return []
    members, k = [], span.end + 1
    while k < len(doc):
        member = _country_at(doc, k)
        if member is None:
            return []
        members.append(member._.entity)
        k = member.end
        if k < len(doc) and doc[k].text == ")":
            return [(m, "located_in", ref, "cue:region-members") for m in members if len(members) >= 2]
        if k >= len(doc) or doc[k].lower_ not in (",", "und", "sowie"):
            return []
        k += 1
    return []


STRONGHOLD_NOUNS = ("Hochburg", "Bastion")  # "Cizre, eine Hochburg der PKK": the group sits there


def _stronghold(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """A group whose stronghold a place is: "Cizre, einer Hochburg der verbotenen PKK", "die
    IS-Hochburg Raka" → the group located_in the place; not a former one ("einer ehemaligen Hochburg")."""
    kb = knowledge_base()
    cue = doc[span.start - 1] if span.start >= 1 else None
    if cue is not None and cue.text.endswith(tuple("-" + n for n in STRONGHOLD_NOUNS)):
        group = kb.lookup(cue.text.rpartition("-")[0])
        return [(group.ref(), "located_in", ref, "cue:stronghold")] if group is not None \
            and group.type == "Organization" else []
    k = span.end
    if k + 3 >= len(doc) or doc[k].text != "," or doc[k + 1].tag_ != "ART":
        return []
    k += 2
    while k < len(doc) and doc[k].tag_ == "ADJA" and not doc[k].lower_.startswith(("ehemalig", "früher")):
        k += 1
    if k + 2 >= len(doc) or doc[k].lemma_ not in STRONGHOLD_NOUNS or doc[k + 1].lower_ not in ("der", "des"):
        return []
    named = next((e for e in ents_from(doc, k + 2, min(len(doc), k + 6)) if e.label_ == "ORG"
                  and e._.entity is not None), None)
    if named is None or any(t.text in (",", ".") for t in doc[k + 2:named.start]):
        return []
    return [(named._.entity, "located_in", ref, "cue:stronghold")]


def _is_region(ref: EntityRef) -> bool:
    """True if the gazetteer knows the place as a region, sea or continent (not a settlement)."""
    entry = knowledge_base().by_key.get(ref.key)
    return entry is not None and entry.kind not in ("city", "landmark", "")


def origin_facts(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """A person's home in an apposition: "Oliver Pilz, ein Lehrer aus Miskolc", "John Kibanga (29) aus
    Rutshuru" → located_in the place."""
    k = span.end
    if k + 3 < len(doc) and doc[k].text == "(" and doc[k + 1].tag_ == "CARD" and doc[k + 2].text == ")":
        k += 3  # "(29) aus Rutshuru"
    elif k + 3 < len(doc) and doc[k].text == "," and doc[k + 1].lower_ in ("ein", "eine"):
        k += 2
        while k < len(doc) and doc[k].tag_ in ("ADJA", "CARD"):
            k += 1
        if doc[k].tag_ != "NN":
            return []
        k += 1
    else:
        return []
    if k + 1 >= len(doc) or doc[k].lower_ != "aus":
        return []
    place = _place_at(doc, k + 1, ("LOC",))
    if place is None or _is_region(place._.entity):
        return []
    return [(ref, "located_in", place._.entity, "cue:person-from-place")]


def _is_landmark(ref: EntityRef) -> bool:
    """True if the gazetteer knows the place as a building or site (Weißes Haus), where one meets."""
    entry = knowledge_base().by_key.get(ref.key)
    return entry is not None and entry.kind == "landmark"
