"""Country names as news writes them: aliases and demonyms, each pointing to one country.

Facts, not prose: the gazetteer's country names, plus the short forms and adjectives that news
uses for them. "Iranian" and "Azeri" name Iran and Azerbaijan; "U.S.", "US" and "America" are the
United States.
"""

from functools import cache

from shared.gazetteer import Gazetteer

ALIASES = {
    "us": "United States", "u.s.": "United States", "usa": "United States", "u.s.a.": "United States",
    "america": "United States", "united states of america": "United States", "the united states": "United States",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "britain": "United Kingdom", "great britain": "United Kingdom",
    "russian federation": "Russia", "islamic republic of iran": "Iran", "persia": "Iran",
    "south korea": "South Korea", "north korea": "North Korea", "uae": "United Arab Emirates",
    "holland": "Netherlands", "the netherlands": "Netherlands", "czech republic": "Czechia",
    "ivory coast": "Ivory Coast", "burma": "Myanmar", "turkiye": "Turkey", "türkiye": "Turkey",
}  # fmt: skip

DEMONYMS = {
    "american": "United States", "americans": "United States", "british": "United Kingdom", "briton": "United Kingdom",
    "russian": "Russia", "russians": "Russia", "iranian": "Iran", "iranians": "Iran", "persian": "Iran",
    "azeri": "Azerbaijan", "azerbaijani": "Azerbaijan", "turkish": "Turkey", "turk": "Turkey", "turks": "Turkey",
    "syrian": "Syria", "syrians": "Syria", "iraqi": "Iraq", "iraqis": "Iraq", "israeli": "Israel", "israelis": "Israel",
    "palestinian": "Palestine", "palestinians": "Palestine", "lebanese": "Lebanon", "saudi": "Saudi Arabia",
    "emirati": "United Arab Emirates", "qatari": "Qatar", "egyptian": "Egypt", "egyptians": "Egypt",
    "afghan": "Afghanistan", "afghans": "Afghanistan", "pakistani": "Pakistan", "indian": "India",
    "chinese": "China", "japanese": "Japan", "korean": "South Korea", "north korean": "North Korea",
    "south korean": "South Korea", "ukrainian": "Ukraine", "ukrainians": "Ukraine", "belarusian": "Belarus",
    "german": "Germany", "germans": "Germany", "french": "France", "italian": "Italy", "spanish": "Spain",
    "dutch": "Netherlands", "polish": "Poland", "greek": "Greece", "swedish": "Sweden", "norwegian": "Norway",
    "canadian": "Canada", "mexican": "Mexico", "brazilian": "Brazil", "argentine": "Argentina",
    "chilean": "Chile", "moroccan": "Morocco", "moroccans": "Morocco", "algerian": "Algeria",
    "nigerian": "Nigeria", "kenyan": "Kenya", "ethiopian": "Ethiopia", "south african": "South Africa",
    "australian": "Australia", "indonesian": "Indonesia", "turkmen": "Turkmenistan", "kazakh": "Kazakhstan",
    "armenian": "Armenia", "georgian": "Georgia", "venezuelan": "Venezuela", "cuban": "Cuba",
    "yemeni": "Yemen", "jordanian": "Jordan", "libyan": "Libya", "sudanese": "Sudan", "tunisian": "Tunisia",
}  # fmt: skip


# Kinds of region news writes after a name ("Herat province", "Zindajan district").
REGION_KINDS = (
    "province", "provinces", "district", "districts", "governorate", "governorates", "prefecture",
    "prefectures", "oblast", "oblasts", "county", "counties", "municipality",
)  # fmt: skip


@cache
def _gazetteer() -> Gazetteer:
    return Gazetteer()


def country_named(text: str) -> str | None:
    """The country a name or alias stands for, if it is one."""
    if alias := ALIASES.get(text.casefold().strip()):
        return alias
    country = _gazetteer().country(text.strip())
    return country.name if country else None


def country_of_demonym(text: str) -> str | None:
    return DEMONYMS.get(text.casefold().strip())


def without_region_kind(name: str) -> str:
    """ "Kahramanmaras province" is the place Kahramanmaras: one entity whichever way it is written."""
    head, _, last = name.rpartition(" ")
    return head if head and last.casefold() in REGION_KINDS else name


def city_named(text: str) -> str | None:
    city = _gazetteer().city(text.strip())
    return city.name if city else None
