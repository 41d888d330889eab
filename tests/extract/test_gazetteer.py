"""The gazetteer tables: every row parses, keys are unique, and a sample of facts is right."""
from __future__ import annotations

import csv
import re
from collections import Counter
from importlib import resources

import pycountry
import pytest

from geokg.extract.lang_de import gazetteer, tables
from geokg.errors import GeokgError

LOADERS = {
    "countries": gazetteer.countries,
    "organizations": gazetteer.organizations,
    "places": gazetteer.places,
    "role_nouns": gazetteer.role_nouns,
    "first_names": gazetteer.first_names,
    "demonyms": gazetteer.demonyms,
}


def _all_names(entries) -> Counter:
    return Counter(n for e in entries for n in e.names)


def _country_by_name() -> dict[str, str]:
    return {n: c.key for c in gazetteer.countries().values() for n in c.names}


@pytest.mark.parametrize("table", sorted(LOADERS))
def test_gazetteer_table_loads_with_unique_keys(table):
    loaded = LOADERS[table]()
    assert len(loaded) > 0
    if table == "places":
        keys = [(p.name, p.country) for p in loaded]
        assert len(keys) == len(set(keys))


def test_gazetteer_countries_keys_match_their_fields():
    for key, country in gazetteer.countries().items():
        assert key == country.key
        assert country.name and country.name not in country.aliases
        assert key == "XK" or pycountry.countries.get(alpha_2=key).alpha_3 == country.iso3


def test_gazetteer_organizations_keys_match_their_fields():
    for key, org in gazetteer.organizations().items():
        assert key == org.key and org.kind in gazetteer.ORG_KINDS


@pytest.mark.parametrize("key, qid", [
    ("RU", "Q159"), ("UA", "Q212"), ("US", "Q30"), ("DE", "Q183"), ("FR", "Q142"), ("ES", "Q29"),
    ("CN", "Q148"), ("IL", "Q801"), ("IR", "Q794"), ("GB", "Q145"), ("TW", "Q865"), ("JP", "Q17"),
    ("IN", "Q668"), ("BR", "Q155"),
])
def test_gazetteer_country_wikidata(key, qid):
    assert gazetteer.countries()[key].wikidata == qid


@pytest.mark.parametrize("key, qid", [("RU", "Q649"), ("UA", "Q1899"), ("US", "Q61"), ("DE", "Q64"),
                                      ("FR", "Q90"), ("CN", "Q956"), ("GB", "Q84")])
def test_gazetteer_capital_wikidata(key, qid):
    assert gazetteer.countries()[key].capital_wikidata == qid


@pytest.mark.parametrize("key, qid", [("nato", "Q7184"), ("eu", "Q458"), ("un", "Q1065"),
                                      ("un-sicherheitsrat", "Q37470"), ("reuters", "Q130879")])
def test_gazetteer_organization_wikidata(key, qid):
    assert gazetteer.organizations()[key].wikidata == qid


@pytest.mark.parametrize("table", ["countries", "organizations"])
def test_gazetteer_wikidata_ids_are_not_shared(table):
    ids = Counter(e.wikidata for e in LOADERS[table]().values() if e.wikidata)
    assert [q for q, n in ids.items() if n > 1] == []


def test_gazetteer_has_every_un_member_state():
    members = [c for c in gazetteer.countries().values() if c.status == "member"]
    assert len(members) == 193
    assert all(pycountry.countries.get(alpha_2=c.key) for c in members)
    assert len(gazetteer.countries()) >= 193


@pytest.mark.parametrize("name, key", [
    ("Russland", "RU"), ("Ukraine", "UA"), ("USA", "US"), ("Vereinigte Staaten", "US"), ("Deutschland", "DE"),
    ("Frankreich", "FR"), ("Spanien", "ES"), ("China", "CN"), ("Israel", "IL"), ("Iran", "IR"),
    ("Nordkorea", "KP"), ("Südkorea", "KR"), ("Vereinigtes Königreich", "GB"), ("Großbritannien", "GB"),
    ("Türkei", "TR"), ("Polen", "PL"), ("Ungarn", "HU"), ("Belarus", "BY"), ("Moldau", "MD"),
    ("Georgien", "GE"), ("Syrien", "SY"), ("Libanon", "LB"), ("Taiwan", "TW"), ("Kosovo", "XK"),
    ("Palästinensische Gebiete", "PS"), ("Vatikan", "VA"),
])
def test_gazetteer_country_names(name, key):
    assert _country_by_name()[name] == key


def test_gazetteer_country_names_are_unambiguous():
    names = _all_names(gazetteer.countries().values())
    assert [n for n, count in names.items() if count > 1] == []


@pytest.mark.parametrize("form, key", [
    ("russischen", "RU"), ("ukrainische", "UA"), ("französische", "FR"), ("spanische", "ES"),
    ("US-amerikanische", "US"), ("amerikanischen", "US"), ("deutschen", "DE"), ("israelische", "IL"),
    ("chinesischen", "CN"), ("britischer", "GB"), ("nordkoreanisches", "KP"), ("Russische", "RU"),
])
def test_gazetteer_demonym_forms(form, key):
    assert gazetteer.demonyms()[form.lower()] == key


def test_gazetteer_demonyms_belong_to_one_country_each():
    stems = [s.lower() for c in gazetteer.countries().values() for s in c.demonym]
    assert len(stems) == len(set(stems))
    assert len(gazetteer.demonyms()) == len(stems) * len(gazetteer.ADJECTIVE_ENDINGS)


@pytest.mark.parametrize("key, seat", [("RU", "Kreml"), ("US", "Weißes Haus"), ("FR", "Élysée"),
                                       ("GB", "Downing Street"), ("DE", "Kanzleramt")])
def test_gazetteer_seats_stand_for_their_state(key, seat):
    assert seat in gazetteer.countries()[key].seat_aliases


def test_gazetteer_role_nouns_relations_and_orgs_exist():
    keys = set(gazetteer.countries()) | set(gazetteer.organizations())
    for lemma, role in gazetteer.role_nouns().items():
        assert lemma == role.lemma and not re.match(r"[A-Z]{2,}-", lemma)  # no NATO-, US- compounds
        assert role.relation in gazetteer.RELATIONS
        assert not role.default_org or role.default_org in keys


@pytest.mark.parametrize("lemma, relation, org", [
    ("Präsident", "leads", ""), ("Bundeskanzler", "leads", "DE"), ("Kremlchef", "leads", "RU"),
    ("Generalsekretär", "leads", ""), ("Kommissionspräsidentin", "leads", "eu-kommission"),
    ("Außenminister", "affiliated_with", ""), ("Bundesaußenminister", "affiliated_with", "DE"),
    ("Sprecherin", "affiliated_with", ""), ("Sondergesandte", "affiliated_with", ""),
])
def test_gazetteer_role_noun(lemma, relation, org):
    role = gazetteer.role_nouns()[lemma]
    assert (role.relation, role.default_org) == (relation, org)


def test_gazetteer_every_capital_is_a_place_of_its_country():
    places = {(p.name, p.country): p for p in gazetteer.places()}
    for country in gazetteer.countries().values():
        if country.capital:
            place = places[(country.capital, country.key)]
            assert place.kind == "city" and place.wikidata == country.capital_wikidata


@pytest.mark.parametrize("name, key", [("Odessa", "UA"), ("Charkiw", "UA"), ("Krim", "UA"), ("Gazastreifen", "PS"),
                                       ("Golanhöhen", "SY"), ("Alaska", "US"), ("Sankt Petersburg", "RU")])
def test_gazetteer_place_country(name, key):
    assert next(p for p in gazetteer.places() if p.name == name).country == key


def test_gazetteer_curated_places_come_before_generated_cities():
    curated = gazetteer.places(cities=False)
    assert gazetteer.places()[: len(curated)] == curated
    assert {p.kind for p in gazetteer.places()[len(curated):]} <= {"city"}


@pytest.mark.parametrize("name", ["Wolodymyr", "Wladimir", "Sergej", "Olaf", "Annalena", "Kaja", "Ursula",
                                  "Emmanuel", "Keir", "Benjamin", "Recep", "Pedro", "Maria", "Mark", "Donald"])
def test_gazetteer_first_names_known(name):
    assert name in gazetteer.first_names()


@pytest.mark.parametrize("word", ["Marine", "Rand", "Ernst", "Roman", "Israel", "Mai", "Die", "Am"])
def test_gazetteer_first_names_exclude_common_words(word):
    assert word not in gazetteer.first_names()


def test_gazetteer_first_names_are_no_state_or_organization():
    names = set(_all_names(gazetteer.countries().values())) | set(_all_names(gazetteer.organizations().values()))
    assert sorted(gazetteer.first_names() & names) == []


def test_gazetteer_generated_countries_follow_the_curated_file():
    """countries.tsv was rebuilt after the last edit of countries_curated.tsv (CLDR-derived cells aside)."""
    here = resources.files("geokg.extract.lang_de")

    def rows(name: str) -> dict[str, dict[str, str]]:
        lines = [ln for ln in here.joinpath(name).read_text("utf-8").splitlines() if ln and not ln.startswith("#")]
        return {r["key"]: r for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)}

    curated, built = rows("countries_curated.tsv"), rows("countries.tsv")
    assert curated.keys() == built.keys()
    for key, cur in curated.items():
        for column in ("demonym", "prefix", "wikidata", "capital", "capital_wikidata", "seat_aliases", "status"):
            assert cur[column] == built[key][column], (key, column)
        assert not cur["name"] or cur["name"] == built[key]["name"]
        assert set(tables.alternatives(cur["aliases"])) - {built[key]["name"]} <= set(
            tables.alternatives(built[key]["aliases"]))


@pytest.mark.parametrize("text, where", [
    ("key\tname\n", "countries.tsv:1: header lacks"),
    ("key\tname\taliases\tdemonym\tprefix\tiso3\twikidata\tcapital\tcapital_wikidata\tseat_aliases\tstatus\n"
     "RU\tRussland\t\trussisch\t\tRUS\t159\tMoskau\t\t\tmember\n", "countries.tsv:2: bad Wikidata id"),
    ("# comment\nkey\tname\taliases\tdemonym\tprefix\tiso3\twikidata\tcapital\tcapital_wikidata\tseat_aliases\tstatus\n"
     "RU\tRussland\t\t\t\t\t\t\t\t\tmember\textra\n", "countries.tsv:3: 12 cells"),
])
def test_gazetteer_malformed_row_names_file_and_line(swapped_table, text, where):
    with pytest.raises(GeokgError, match=where):
        swapped_table(gazetteer.countries, "countries.tsv", text)


def test_gazetteer_organizations_and_places_share_no_name():
    """A name is an organization or a place, never both (the knowledge base would keep only the first)."""
    orgs = set(_all_names(gazetteer.organizations().values()))
    assert sorted(orgs & set(_all_names(gazetteer.places()))) == []


@pytest.mark.parametrize("kind, minimum", [("company", 250), ("media", 150), ("party", 60), ("sports_club", 80),
                                           ("sports_body", 15), ("government_body", 50)])
def test_gazetteer_organization_kinds_are_filled(kind, minimum):
    assert kind in gazetteer.ORG_KINDS
    assert sum(o.kind == kind for o in gazetteer.organizations().values()) >= minimum


@pytest.mark.parametrize("kind, minimum", [("river", 40), ("lake", 30), ("mountains", 40), ("historic_state", 15)])
def test_gazetteer_place_kinds_are_filled(kind, minimum):
    assert kind in gazetteer.PLACE_KINDS
    assert sum(p.kind == kind for p in gazetteer.places(cities=False)) >= minimum


@pytest.mark.parametrize("name, kind, country", [
    ("Elbe", "river", ""), ("Donau", "river", ""), ("Spree", "river", "DE"), ("Wolga", "river", "RU"),
    ("Bodensee", "lake", ""), ("Gardasee", "lake", "IT"), ("Alpen", "mountains", ""), ("Harz", "mountains", "DE"),
    ("Sowjetunion", "historic_state", ""), ("DDR", "historic_state", "DE"), ("Osmanisches Reich", "historic_state", ""),
    ("Tirol", "region", "AT"), ("Toskana", "region", "IT"), ("Eurasien", "continent", ""),
])
def test_gazetteer_new_place_kind_and_country(name, kind, country):
    place = next(p for p in gazetteer.places() if p.name == name)
    assert (place.kind, place.country) == (kind, country)


@pytest.mark.parametrize("key, kind, country", [
    ("deutsche-bahn", "company", "DE"), ("siemens", "company", "DE"), ("toyota", "company", "JP"),
    ("fc-bayern", "sports_club", "DE"), ("real-madrid", "sports_club", "ES"), ("fifa", "sports_body", ""),
    ("dfb", "sports_body", "DE"), ("bka", "government_body", "DE"), ("fpoe", "party", "AT"), ("evp", "party", ""),
    ("frankfurter-rundschau", "media", "DE"), ("der-standard", "media", "AT"),
])
def test_gazetteer_new_organization_kind_and_country(key, kind, country):
    org = gazetteer.organizations()[key]
    assert (org.kind, org.country) == (kind, country)


@pytest.mark.parametrize("text, surface, label, key", [
    ("Die Deutsche Bahn erhöht die Preise.", "Deutsche Bahn", "ORG", "org:deutsche-bahn"),
    ("Kunden der Deutschen Bahn müssen warten.", "Deutschen Bahn", "ORG", "org:deutsche-bahn"),
    ("Siemens und die Deutsche Bank legten Zahlen vor.", "Siemens", "ORG", "org:siemens"),
    ("Siemens und die Deutsche Bank legten Zahlen vor.", "Deutsche Bank", "ORG", "org:deutsche-bank"),
    ("Der FC Bayern München schlug Borussia Dortmund.", "FC Bayern München", "ORG", "org:fc-bayern"),
    ("Der FC Bayern München schlug Borussia Dortmund.", "Borussia Dortmund", "ORG", "org:bvb"),
    ("Die UEFA hat den Verein gesperrt.", "UEFA", "ORG", "org:uefa"),
    ("Nach Angaben des BKA gab es Festnahmen.", "BKA", "ORG", "org:bka"),
    ("Die FPÖ und die ÖVP verhandeln in Wien.", "FPÖ", "ORG", "org:fpoe"),
    ("Das Hochwasser an der Elbe steigt weiter.", "Elbe", "LOC", "place:xx:Elbe"),
    ("Schiffe stauen sich auf der Donau.", "Donau", "LOC", "place:xx:Donau"),
    ("Die Lage am Dnjepr bleibt angespannt.", "Dnjepr", "LOC", "place:xx:Dnjepr"),
    ("Urlauber zieht es an den Bodensee.", "Bodensee", "LOC", "place:xx:Bodensee"),
    ("In den Alpen fiel der erste Schnee.", "Alpen", "LOC", "place:xx:Alpen"),
    ("Die Sowjetunion zerfiel im Jahr 1991.", "Sowjetunion", "LOC", "place:xx:Sowjetunion"),
    ("Im Osmanischen Reich lebten viele Armenier.", "Osmanischen Reich", "LOC", "place:xx:Osmanisches Reich"),
    ("In der DDR wurde die Mauer gebaut.", "DDR", "LOC", "place:DE:DDR"),
    ("Die Blockade von Leningrad dauerte 872 Tage.", "Leningrad", "LOC", "place:RU:Sankt Petersburg"),
    ("In Tirol und in der Toskana regnet es.", "Toskana", "LOC", "place:IT:Toskana"),
])
def test_gazetteer_new_names_are_found_by_the_pipeline(nlp, text, surface, label, key):
    doc = nlp(text)
    assert (surface, label, key) in [(e.text, e.label_, e.kb_id_) for e in doc.ents]


@pytest.mark.parametrize("text, surface, label", [
    ("Der FC Bayern München feierte, Bayern jubelte.", "Bayern", "LOC"),  # a club never takes its Land's name
    ("Israels Außenminister Gideon Saar traf Wadephul.", "Gideon Saar", "PER"),  # the river Saar as a surname
    ("Hessens Ministerpräsident Boris Rhein hat das kritisiert.", "Boris Rhein", "PER"),  # the river Rhein as a surname
    ("Jordan Bardella führt den Rassemblement National.", "Jordan Bardella", "PER"),  # river Jordan, first name
])
def test_gazetteer_new_names_leave_other_entities_alone(nlp, text, surface, label):
    doc = nlp(text)
    assert (surface, label) in [(e.text, e.label_) for e in doc.ents]


def test_gazetteer_role_nouns_of_several_states_and_state_offices():
    roles = gazetteer.role_nouns()
    assert roles["Bundespräsident"].defaults == ("DE", "AT", "CH") and roles["Bundespräsident"].default_org == "DE"
    assert roles["Präsident"].state and roles["Außenminister"].state and roles["Verteidigungsminister"].state
    assert not roles["Parteichef"].state and not roles["Sprecher"].state and not roles["Generalsekretär"].state


def test_gazetteer_peoples_and_groups():
    peoples, groups, names = gazetteer.peoples(), gazetteer.groups(), set()
    for c in gazetteer.countries().values():
        names.update(c.names)
    assert peoples["Russen"] == "RU" and peoples["Palästinenser"] == "PS"
    assert not names & set(peoples)  # "Polen" is the country, never its people
    assert groups["Rebellen"] is False and groups["Regierungen"] is True
