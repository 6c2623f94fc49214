"""Place scores: how well each candidate reading of a mention fits the report.

``geocode.resolve`` adds these up per candidate: the match (name, alias, transliteration), the
report's countries and named provinces, size and admin seat, the level a word beside the name
asks for ("X district", "Y province", "Z city"), a preposition, and nearness to the other places.
"""

from __future__ import annotations

import difflib
import functools
import math
from typing import TYPE_CHECKING

from services.extractor.gazetteer import name_keys

if TYPE_CHECKING:
    from services.extractor.gazetteer import Gazetteer, Place
    from services.extractor.geocode import Mention

#: A town bearing the name of the province it lies in, framed as a town ("As-Sweida city", "the
#: city of Dar'a") while the mention also reads as that province: the provincial capital, not a
#: village homonym elsewhere. Without such a frame, "in Idleb" after a village names the province
#: (whose point is the capital anyway).
CAPITAL_BONUS = 2.0
#: The same without a town frame: enough to break a tie with a homonym, not to beat a better match.
CAPITAL_TIE_BONUS = 0.5
#: "X area of Y district", "X village (Y district, Z)": another mention names the district this
#: reading of X lies in. The village is the event's place, finer than the district that frames it.
DISTRICT_FRAME_BONUS = 2.0


def likeness(written: str, name: str) -> float:
    """How alike two names are spelled, 0 to 1 (their light keys' matching-blocks ratio): what
    breaks a tie between readings that score the same ("Mhemideh" is Muhaymidah rather than Al
    Mahmudiyah, whose consonants are the same)."""
    return difflib.SequenceMatcher(None, _light(written), _light(name), autojunk=False).ratio()


@functools.lru_cache(maxsize=1 << 16)  # the same names recur across mentions and reports
def _light(name: str) -> str:
    return name_keys(name)[0]


def province_countries(m: Mention, gaz: Gazetteer) -> set[str]:
    """Countries of the provinces a mention may name; spelled provinces (name or alias) outrank
    transliteration-only (skeleton) look-alikes: "Taraba" is Nigeria's, not a Syrian near-miss.
    A look-alike counts in Syria, whose names the skeletons are for, or where a spelled reading
    of the same name lies ("Al Nabatieh": Nabatiye province, and the town in Lebanon); "Almaty
    region" is no evidence of Romania's Ialomita."""
    spelled: set[str] = set()
    other: set[str] = set()
    spelled_any: set[str] = {"SY"}
    for i, ex in m.candidates:
        p = gaz.place(i)
        if ex:
            spelled_any.add(p.country)
        if p.precision == "province":
            (spelled if ex else other).add(p.country)
    return spelled or other & spelled_any


def proximity(m: Mention, others: list[Place], gaz: Gazetteer) -> dict[int, float]:
    """Score bonus per candidate for being near the report's other towns."""
    out = {}
    pts = [(math.radians(o.lat), math.radians(o.lon)) for o in others]
    for idx in m.scores:
        p = gaz.place(idx)
        if p.precision in ("town", "district"):
            la, lo = math.radians(p.lat), math.radians(p.lon)
            # equirectangular squared distance in radians^2; 40 km and 120 km thresholds below
            near2 = min(((lo - b) * math.cos((la + a) / 2)) ** 2 + (la - a) ** 2 for a, b in pts)
            out[idx] = 2.0 if near2 < _R40 else 1.0 if near2 < _R120 else 0.0
    return out


_R40, _R120 = (40 / 6371.0) ** 2, (120 / 6371.0) ** 2


#: Who's On First's Syrian rows carry no population; these feature codes mark its cities and
#: district seats ("locality" is what it calls Syria's cities).
_SEAT_FEATURES = ("PPLC", "PPLA", "PPLA2", "locality")


def is_city(p: Place) -> bool:
    """A city that news names by its own name in reports about other countries too: 100,000
    people or more, or a Syrian city or district seat (the Syrian table has no population)."""
    return p.precision == "town" and (
        p.population >= 100_000 or (not p.population and p.feature in _SEAT_FEATURES))


def prior(
    p: Place,
    exact: int,
    m: Mention,
    countries: set[str],
    provinces: dict[tuple[str, str | None], set[str]],
    districts: dict[tuple[str, str | None, str], set[str]] | None = None,
) -> float:
    s = (0.5, 1.5, 2.0)[exact]
    if m.coded:
        s += 3.0
    if countries:
        s += 3.0 if p.country in countries else -1.5
    elif p.country == "SY":
        s += 0.5  # the service watches Syria first
    if p.precision == "town" and province_named_elsewhere(p, m, provinces):
        s += 3.0  # "X in Y province": another mention names the province this X is in
    if districts and p.precision == "town" and district_named_elsewhere(p, m, districts):
        s += DISTRICT_FRAME_BONUS
    if p.population:
        s += 0.4 * math.log10(p.population + 1)
    if p.feature.startswith("PPLA") or p.feature in ("PPLC", "locality"):
        s += 1.5  # an admin seat; Who's On First's "locality" rows are Syria's cities
    if p.precision == "town" and _names_own_province(p, m, provinces):
        # "As-Sweida city": the provincial capital; a bare "in Quneitra" too, over a homonym
        # village elsewhere that only ties with it
        s += CAPITAL_BONUS if m.level_hint == "town" else CAPITAL_TIE_BONUS
    hint = m.level_hint
    if p.precision == "country":
        # a country's own name is that country, never a look-alike village ("pro-Turkey" ~
        # Turkiyah, which the report's other names would otherwise favour)
        s += 12.0 if exact == 2 else 2.0
    elif hint == "province" and p.precision == "province":
        s += 4.0
    elif hint == "district" and p.precision == "district":
        s += 4.0
    elif p.precision in ("province", "district") and hint != p.precision and p.feature != "AREA":
        s -= 1.0  # a bare admin name is more often its town; a named area has no such town
    elif hint == "town" and p.precision == "town":
        s += 2.0
    if m.prep:
        s += 1.0
    return s


def province_named_elsewhere(
    p: Place, m: Mention, provinces: dict[tuple[str, str | None], set[str]]
) -> bool:
    """Another mention of the report (or the report's own words) names the province ``p`` lies
    in: "X in Y province". A name never counts for its own homonyms."""
    return bool(provinces.get((p.country, p.admin1), {m.text}) - {m.text})


def district_key(p: Place) -> tuple[str, str | None, str] | None:
    """(country, province, district) of a town's district or of a district itself; None for a
    place the gazetteer files under no district."""
    if p.precision == "district":
        return p.country, p.admin1, _light(p.admin2 or p.name)
    if p.precision == "town" and p.admin2:
        return p.country, p.admin1, _light(p.admin2)
    return None


def district_named_elsewhere(
    p: Place, m: Mention, districts: dict[tuple[str, str | None, str], set[str]]
) -> bool:
    """Another mention of the report names the district the town ``p`` lies in ("Laman area of
    Qala-i-Naw district"); a town never counts as its own district's frame."""
    key = district_key(p)
    return key is not None and bool(districts.get(key, {m.text}) - {m.text})


def _names_own_province(
    p: Place, m: Mention, provinces: dict[tuple[str, str | None], set[str]]
) -> bool:
    """The town shares its name with the province it is in: the provincial capital ("As-Sweida
    city", "in Idlib"), which a name's own province reading points at."""
    return m.text in provinces.get((p.country, p.admin1), ())
