"""The geokg vocabulary as a closed rdflib namespace, checked against geokg.ttl by the tests."""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["GKG", "ID"]

ID = Namespace("https://w3id.org/geokg/id/")


class GKG(DefinedNamespace):
    """
    geokg ontology: German news to a geopolitical knowledge graph.

    Generated from and checked against: ontology/geokg.ttl
    """

    _fail = True

    # http://www.w3.org/2002/07/owl#Class
    Entity: URIRef  # Anything a text talks about; instances carry exactly one of the five core subclasses.
    Person: URIRef  # A human being, such as a head of state, minister or spokesperson.
    Organization: URIRef  # An organized body: government, ministry, armed force, alliance, party, agency.
    Country: URIRef  # A sovereign state or state-like political entity.
    Location: URIRef  # A place that is not a country: city, region, building, sea, border area.
    Concept: URIRef  # An abstract thing statements are about (Sicherheitsgarantien, Waffenruhe).
    Statement: URIRef  # One mention of a relation in one document, as a reified triple.
    Document: URIRef  # A source text that statements are derived from.
    Modality: URIRef  # How a text presents a statement: fact, intention, possibility, requirement, report.
    RelationFamily: URIRef  # A coarse grouping of relations.

    # https://w3id.org/geokg/ontology#Modality
    Asserted: URIRef  # The text presents the relation as a fact.
    Intended: URIRef  # The subject wants, plans or announces the relation.
    Possible: URIRef  # The relation may hold or happen.
    Required: URIRef  # The relation is presented as necessary or obligatory.
    Reported: URIRef  # The relation is reported by a third party.

    # https://w3id.org/geokg/ontology#RelationFamily
    Conflict: URIRef  # Hostile or disapproving relations.
    Cooperation: URIRef  # Supportive or conciliatory relations.
    Diplomacy: URIRef  # Consultation and diplomatic exchange.
    Communication: URIRef  # Public statements without a more specific relation.
    StaticFact: URIRef  # Lasting facts: leadership, affiliation, membership, location.

    # Properties of statements
    negated: URIRef  # True when the text denies the relation; always present.
    modality: URIRef  # How the text presents the statement (a gkg:Modality).
    attributedTo: URIRef  # The source the text cites for the statement, if any.
    evidence: URIRef  # The sentence expressing the statement, tagged @de.
    charStart: URIRef  # Offset of the first character of the evidence sentence.
    charEnd: URIRef  # Offset just past the last character of the evidence sentence.
    eventDate: URIRef  # The date the stated event happened, when resolvable.
    location: URIRef  # Where the stated event happened, when the text gives it.
    instrument: URIRef  # The means used in the stated event, when the text gives it.
    confidence: URIRef  # How sure the extractor is, xsd:decimal between 0 and 1.
    rule: URIRef  # Id of the lexicon entry or pattern that produced the statement.

    # Properties of entities
    role: URIRef  # The office or function of a person as the text names it.
    standsFor: URIRef  # Links a capital or seat used as a metonym to the country it stands for.
    capital: URIRef  # The capital city of a country.

    # Annotations of relations
    family: URIRef  # The gkg:RelationFamily a relation belongs to.
    plover: URIRef  # The PLOVER event type a relation corresponds to.
    cameo: URIRef  # The CAMEO root code or codes a relation corresponds to.

    # Relation catalogue (SPEC section 3)
    states: URIRef  # Makes a public statement about the object.
    demands: URIRef  # Asks for, appeals to or calls on the object.
    proposes: URIRef  # Proposes or offers the object.
    agrees_on: URIRef  # Reaches or signs an agreement on the object.
    supports: URIRef  # Endorses, backs or praises the object.
    cooperates_with: URIRef  # Cooperates with the object. Symmetric.
    provides_aid: URIRef  # Gives material, military or humanitarian aid to the object, the recipient.
    meets: URIRef  # Meets the object in person. Symmetric.
    visits: URIRef  # Travels to or arrives at the object.
    talks_with: URIRef  # Talks, phones or negotiates with the object. Symmetric.
    discusses: URIRef  # Deliberates about the object, a topic.
    participates_in: URIRef  # Takes part in the object, a meeting, conference or mission.
    informs: URIRef  # Informs or briefs the object.
    withdraws_from: URIRef  # Retreats from or gives up the object, a territory or position.
    criticizes: URIRef  # Disapproves of, condemns or accuses the object.
    rejects: URIRef  # Rejects, refuses, blocks or rules out the object.
    threatens: URIRef  # Threatens the object.
    protests: URIRef  # Demonstrates against the object.
    deploys: URIRef  # Moves or shows military force at the object.
    sanctions: URIRef  # Imposes sanctions on the object.
    coerces: URIRef  # Seizes, blocks, expels or forces away the object.
    attacks: URIRef  # Attacks the object with force.
    evacuates: URIRef  # Evacuates people from the object, a place.
    leads: URIRef  # Heads the object, a state, government or organization.
    affiliated_with: URIRef  # Is an official, spokesperson or unit of the object.
    member_of: URIRef  # Is a member of the object, an alliance, coalition or body.
    located_in: URIRef  # Lies in the object. Transitive.

    _NS = Namespace("https://w3id.org/geokg/ontology#")
