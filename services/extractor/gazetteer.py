"""The gazetteer: places loaded from ``data/*.tsv.gz`` and indexed by name keys.

Two indexes: a *light* key (ASCII letters, lower case, articles dropped) for every place in the
world, and a *skeleton* key (``text.skeleton``) for Syrian places, tolerant of transliteration
("Khan Sheikhoun" ~ "Khan Shaykhun"). Keys are precomputed by ``build_data`` so loading is a
split per line; rows are parsed into ``Place`` objects only when a key is looked up.
``admin_aliases.yaml`` adds other names of first-level areas ("Urozgan", "Sud-Kivu");
``capitals.yaml`` places areas whose most populous town is not their seat at the seat.
``geocode`` decides which candidate a mention means.

Village tables of 21 countries (``data/wof/<CC>.tsv.gz``, from Who's On First) are loaded only
when a report is about one of them, once per process, and are seen only through a view of the
gazetteer for that report's countries (``with_countries``): what a report reads never depends on
which other reports came before.
"""

from __future__ import annotations

import copy
import functools
import gzip
import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from services.extractor.compact import KeyIndex, RowChain, Rows
from services.extractor.text import ARTICLES, light_key, skeleton, tokens

DATA_DIR = Path(__file__).parent / "data"
HEADER = [
    "id",
    "name",
    "lat",
    "lon",
    "country",
    "admin1",
    "admin2",
    "precision",
    "population",
    "feature",
    "light_keys",
    "skeleton_keys",
]
SYRIA_PLACES = "syria_places.tsv.gz"
FILES = (
    "countries.tsv.gz",
    "syria_admin.tsv.gz",
    SYRIA_PLACES,
    "world_places.tsv.gz",
    "world_admin.tsv.gz",
    "world_extra.tsv.gz",
)
WOF_DIR = "wof"
ADMIN_ALIASES = "admin_aliases.yaml"
CAPITALS = "capitals.yaml"
#: A province that is one city, and the province of the countryside around it: "rural
#: Damascus" and "the Damascus countryside" are Rural Damascus, not the capital's own governorate.
COUNTRYSIDE = {"sy-province:Damascus": "sy-province:Rural Damascus"}

#: Uncertainty radius per precision, km: a town's extent; a district/province's typical half-width.
RADIUS_KM = {"town": 3.0, "district": 25.0, "province": 60.0, "country": 300.0}
#: A Syrian town this close to its province's point is the province's seat.
SEAT_KM = 5.0
#: Bearing of each direction, degrees clockwise from north.
BEARINGS = {"n": 0.0, "ne": 45.0, "e": 90.0, "se": 135.0, "s": 180.0, "sw": 225.0, "w": 270.0,
            "nw": 315.0}
#: A province's part ("the southern countryside of Idlib") is the mean of the villages that lie
#: that way from its seat, at least this far out (the seat's own suburbs are not its countryside)
PART_MIN_KM = 5.0
#: ... and needs this many villages to say where it is.
PART_MIN_VILLAGES = 5


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    lat: float
    lon: float
    country: str
    admin1: str | None
    admin2: str | None
    precision: str  # town | district | province | country
    population: int
    feature: str

    @property
    def radius_km(self) -> float:
        return RADIUS_KM[self.precision]


def name_keys(name: str) -> tuple[str, str]:
    """(light key, skeleton key) of a place name, token by token, articles dropped."""
    toks = [t.text for t in tokens(name)]
    toks = [t for t in toks if light_key(t) not in ARTICLES] or toks
    return " ".join(light_key(t) for t in toks), " ".join(skeleton(t) for t in toks)


@functools.lru_cache(maxsize=1 << 16)  # the same capitalised words recur across reports
def fuzzy_key(light: str) -> str:
    """A loose transliteration key of a world place's main name, whatever its spacing:
    the skeleton of the name written as one word ("Pul-e Alam" ~ "Puli Alam", "Ghoriyan" ~
    "Ghoryan"), or, when that skeleton is too short to tell places apart, the light key with
    doubled letters collapsed ("Bossaso" ~ "Bosaso"). Looked up only for names with no spelled
    match, among places in the countries a report names (``geocode.resolve``)."""
    flat = light.replace(" ", "")
    sk = skeleton(flat)
    if len(sk) >= 3:
        return sk
    return "~" + re.sub(r"(.)\1+", r"\1", flat)


#: Shortest ``geminate_key`` looked up: shorter names match too much.
GEMINATE_MIN = 5


def geminate_key(light: str) -> str:
    """A name's light key with doubled letters written once: Arabic's doubled consonants
    (shadda) are written single as often as double ("Shadadah" ~ "Ash Shaddadah", "Mayadin" ~
    "Mayyadin")."""
    return re.sub(r"(.)\1+", r"\1", light)


def _by_area(path: Path) -> dict[str, Any]:
    """A table keyed by country, then by admin-1 code: the entries by code."""
    table = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {code: entry for areas in table.values() for code, entry in areas.items()}


def _add(index: dict, key: str, idx: int) -> None:
    old = index.get(key)
    if old is None:
        index[key] = idx
    elif isinstance(old, int):
        if old != idx:
            index[key] = (old, idx)
    elif idx not in old:
        index[key] = (*old, idx)


class Gazetteer:
    def __init__(self) -> None:
        self._rows = RowChain()
        self._cache: dict[int, Place] = {}
        self.light: dict[str, int | tuple[int, ...]] = {}
        self.skel: dict[str, int | tuple[int, ...]] = {}
        #: skeleton of the name written as one word: "Deir Ezzor" ~ "Deir ez-Zor", "Ras al Ain" ~
        #: "Ras al-Ayn" whatever the spacing (Syrian places and provinces, those with skeletons)
        self.joined: dict[str, int | tuple[int, ...]] = {}
        #: id of a city province -> index of its countryside's province (``COUNTRYSIDE``)
        self._countryside: dict[str, int] = {}
        #: ``fuzzy_key`` of world towns' main names (precomputed by ``build_data``, stored in the
        #: skeleton column after a "~")
        self.fuzzy: dict[str, int | tuple[int, ...]] = {}
        #: ``geminate_key`` of the names of Syrian places whose skeletons are too short to
        #: index ("Ash Shaddadah" is "$d"): "Shadadah" and "Shaddadah" are one name
        self.geminate: dict[str, int | tuple[int, ...]] = {}
        self.countries: dict[str, Place] = {}
        self.sy_provinces: dict[str, Place] = {}
        #: rows of the Syrian village table (``syria_places``): the parts of Syrian provinces
        self._syria_rows = range(0)
        self._parts: dict[tuple[str, str], tuple[float, float, float] | None] = {}
        self._data_dir = DATA_DIR
        #: countries with a village table, and the tables loaded so far (``village_table``)
        self.village_countries: frozenset[str] = frozenset()
        self._villages: dict[str, VillageTable] = {}

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> Gazetteer:
        g = cls()
        rows, light, skel = g._rows, g.light, g.skel
        for name in FILES:
            first = len(rows)
            with gzip.open(data_dir / name, "rt", encoding="utf-8") as fh:
                header = fh.readline().rstrip("\n").split("\t")
                if header != HEADER:
                    raise ValueError(f"{name}: unexpected columns {header}")
                for line in fh:
                    idx = len(rows)
                    head, lk, sk = line.rstrip("\n").rsplit("\t", 2)
                    rows.append(head)
                    for n, k in enumerate(lk.split("|")):
                        if k:  # the first key is the main name; aliases are stored as ~idx
                            _add(light, k, idx if n == 0 else ~idx)
                    if sk[:1] == "~":
                        _add(g.fuzzy, sk[1:], idx)
                    elif sk:
                        short = False
                        for k in sk.split("|"):
                            if len(k) >= 3:
                                _add(skel, k, idx)
                            else:
                                short = True
                        if short:
                            for k in lk.split("|"):
                                gk = geminate_key(k)
                                if len(gk) >= GEMINATE_MIN:
                                    _add(g.geminate, gk, idx)
                        for k in lk.split("|"):
                            if " " in k:
                                _add(g.joined, skeleton(k.replace(" ", "")), idx)
            if name == SYRIA_PLACES:
                g._syria_rows = range(first, len(rows))
        g._apply_area_tables(data_dir / ADMIN_ALIASES, data_dir / CAPITALS)
        g._data_dir = data_dir
        g.village_countries = frozenset(
            p.name.split(".")[0] for p in (data_dir / WOF_DIR).glob("*.tsv.gz"))
        for i in range(len(rows)):
            p = g.place(i)
            if p.precision == "country":
                g.countries[p.country] = p
            elif p.precision == "province" and p.country == "SY":
                g.sy_provinces[p.admin1 or p.name] = p
            else:
                break
        return g

    def _apply_area_tables(self, aliases_path: Path, capitals_path: Path) -> None:
        """Other names of first-level areas, matched as aliases (``ADMIN_ALIASES``), and areas
        moved to their seats, whose English spellings become aliases of the seat towns
        (``CAPITALS``). One pass over the rows finds every row the two tables name; both are
        checked before either is applied."""
        aliases = {(code if ":" in code else f"admin1:{code}"): names
                   for code, names in _by_area(aliases_path).items()}
        seats = {f"admin1:{code}": seat for code, seat in _by_area(capitals_path).items()}
        wanted = {*aliases, *seats, *(seat["town"] for seat in seats.values()),
                  *COUNTRYSIDE.values()}
        where: dict[str, int] = {}
        for idx, head in enumerate(self._rows):
            key = head[: head.index("\t")]
            if key in wanted:
                where[key] = idx
        unknown = sorted(area for area in aliases if area not in where)
        if unknown:
            raise ValueError(f"{aliases_path.name}: no such area: {', '.join(unknown)}")
        for area, seat in seats.items():
            t = where.get(seat["town"])
            if area not in where or t is None or self._rows[t].split("\t")[1] != seat["name"]:
                raise ValueError(f"{capitals_path.name}: no area {area} or town {seat['town']} "
                                 f"{seat['name']}")
        for area, names in aliases.items():
            for name in names:
                _add(self.light, name_keys(name)[0], ~where[area])
        self._countryside = {city: where[area] for city, area in COUNTRYSIDE.items()}
        for area, seat in seats.items():
            a, t = where[area], where[seat["town"]]
            fields = self._rows[a].split("\t")
            fields[2:4] = self._rows[t].split("\t")[2:4]
            self._rows[a] = "\t".join(fields)
            for name in seat.get("also", ()):
                _add(self.light, name_keys(name)[0], ~t)

    def village_table(self, cc: str) -> VillageTable:
        """The village table of country ``cc``, read on first use; its rows join ``_rows``."""
        table = self._villages.get(cc)
        if table is None:
            first = len(self._rows)
            rows: list[str] = []
            light: dict[str, int | tuple[int, ...]] = {}
            fuzzy: dict[str, int | tuple[int, ...]] = {}
            with gzip.open(self._data_dir / WOF_DIR / f"{cc}.tsv.gz", "rt",
                           encoding="utf-8") as fh:
                if fh.readline().rstrip("\n").split("\t") != HEADER:
                    raise ValueError(f"{WOF_DIR}/{cc}.tsv.gz: unexpected columns")
                for line in fh:
                    idx = first + len(rows)
                    head, lk, sk = line.rstrip("\n").rsplit("\t", 2)
                    rows.append(head)
                    for n, k in enumerate(lk.split("|")):
                        if k:
                            _add(light, k, idx if n == 0 else ~idx)
                    if sk[:1] == "~":
                        _add(fuzzy, sk[1:], idx)
            self._rows.extend_block(Rows(rows))
            table = self._villages[cc] = VillageTable(first, KeyIndex(light), KeyIndex(fuzzy))
        return table

    def with_countries(self, countries: Collection[str]) -> Gazetteer:
        """This gazetteer with the village tables of ``countries`` (those that have one) added
        to its lookups; itself when none has."""
        codes = sorted(c for c in countries if c in self.village_countries)
        if not codes:
            return self
        view = copy.copy(self)  # shares every table; only the lookups differ
        view._extra = tuple(self.village_table(c) for c in codes)
        return view

    #: village tables this view's lookups also read (``with_countries``)
    _extra: tuple[VillageTable, ...] = ()

    def has_villages(self) -> bool:
        """This view's lookups read village tables (``with_countries``)."""
        return bool(self._extra)

    def villages_hold(self, lights: Collection[str], loose: Collection[str] = ()) -> bool:
        """Any of this view's village tables holds one of the light keys ``lights`` or the
        ``fuzzy_key`` of one of ``loose``: only then do its lookups of them differ from the
        base gazetteer's."""
        if not self._extra:
            return False
        fuzzy = [fuzzy_key(k) for k in loose]  # once, not once per table
        return any(t.light.get(k) is not None for t in self._extra for k in lights) or any(
            t.fuzzy.get(k) is not None for t in self._extra for k in fuzzy)

    def is_village(self, idx: int) -> bool:
        """A row of a village table (Who's On First locality with no GeoNames town of its own)."""
        return self.place(idx).feature == "WOF"

    def place(self, idx: int) -> Place:
        p = self._cache.get(idx)
        if p is None:
            f = self._rows[idx].split("\t")
            p = Place(
                f[0],
                f[1],
                float(f[2]),
                float(f[3]),
                f[4],
                f[5] or None,
                f[6] or None,
                f[7],
                int(f[8] or 0),
                f[9],
            )
            self._cache[idx] = p
        return p

    def seat_province(self, place: Place) -> Place | None:
        """The Syrian province a town is the seat of ("Idlib" the city, for Idlib province):
        news names a province by its seat's name, so the town may stand for the province."""
        if place.precision != "town" or place.country != "SY":
            return None
        province = self.sy_provinces.get(place.admin1 or "")
        if province is not None and distance_km(place, province) <= SEAT_KM:
            return province
        return None

    def countryside_of(self, idx: int) -> int | None:
        """The province of the countryside around place ``idx`` when it is not the place's own
        (``COUNTRYSIDE``): Rural Damascus for Damascus, the governorate or the city."""
        p = self.place(idx)
        if p.precision == "town":
            p = self.seat_province(p) or p
        return self._countryside.get(p.id)

    def part(self, province: Place, direction: str) -> tuple[float, float, float] | None:
        """The ``direction`` part ("n", "sw"...) of a Syrian province as (lat, lon, radius km):
        the mean of its villages that lie that way from its seat (the province's point), the
        radius their spread. None elsewhere, or when fewer than ``PART_MIN_VILLAGES`` lie there.
        Computed once per province and direction."""
        key = (province.id, direction)
        if key not in self._parts:
            self._parts[key] = self._part(province, direction) if province.country == "SY" else None
        return self._parts[key]

    def _part(self, province: Place, direction: str) -> tuple[float, float, float] | None:
        aim = BEARINGS[direction]
        half = 60.0 if len(direction) == 1 else 45.0  # "northern" is wider than "north-western"
        pts = []
        for i in self._syria_rows:
            f = self._rows[i].split("\t", 6)
            if f[5] != province.admin1:
                continue
            lat, lon = float(f[2]), float(f[3])
            d = _distance(province.lat, province.lon, lat, lon)
            if d < PART_MIN_KM:
                continue  # the seat itself and its suburbs
            turn = _bearing(province.lat, province.lon, lat, lon) - aim
            if abs((turn + 180.0) % 360.0 - 180.0) <= half:
                pts.append((lat, lon))
        if len(pts) < PART_MIN_VILLAGES:
            return None
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        spread = math.sqrt(sum(_distance(lat, lon, a, b) ** 2 for a, b in pts) / len(pts))
        return round(lat, 5), round(lon, 5), round(min(RADIUS_KM["province"], spread), 1)

    def lookup_joined(self, light: str) -> list[tuple[int, int]]:
        """Skeleton-quality candidates for a name whatever its spacing ("Deir Ezzor")."""
        hit = self.joined.get(skeleton(light.replace(" ", "")))
        return [(i, 0) for i in ((hit,) if isinstance(hit, int) else hit or ())]

    def lookup_geminate(self, light: str) -> list[tuple[int, int]]:
        """Skeleton-quality candidates for a short Syrian name told with its doubled letters
        written otherwise (``geminate_key``)."""
        hit = self.geminate.get(geminate_key(light))
        return [(i, 0) for i in _tuple(hit)]

    def lookup_fuzzy(self, light: str) -> tuple[int, ...]:
        """World towns whose main name has the same ``fuzzy_key`` (any country)."""
        key = fuzzy_key(light)
        out: tuple[int, ...] = ()
        for index in (self.fuzzy, *(t.fuzzy for t in self._extra)):
            hit = index.get(key)
            out += (hit,) if isinstance(hit, int) else hit or ()
        return out

    def lookup(self, light: str, skel: str | None) -> list[tuple[int, int]]:
        """Candidates as (place index, match) pairs: 2 main name, 1 alias, 0 skeleton only."""
        hit = self.light.get(light)
        shit = self.skel.get(skel) if skel else None
        for t in self._extra:
            more = t.light.get(light)
            if more is not None:
                hit = (*_tuple(hit), *_tuple(more))
        if hit is None and shit is None:
            return []  # most capitalised words are no place: the common case, kept cheap
        out: dict[int, int] = {}
        for i in (hit,) if isinstance(hit, int) else hit or ():
            if i >= 0:
                out[i] = 2
            elif out.get(~i, 0) < 1:
                out[~i] = 1
        for i in (shit,) if isinstance(shit, int) else shit or ():
            out.setdefault(i, 0)
        return list(out.items())


@dataclass(slots=True)
class VillageTable:
    """One country's village table: its first row in ``Gazetteer._rows``, and its name indexes
    (light keys as in ``Gazetteer.light``, loose keys as in ``Gazetteer.fuzzy``), kept compact
    (``compact``: about 90 bytes a row instead of 200 as strings, dicts and ints)."""

    first: int
    light: KeyIndex
    fuzzy: KeyIndex


def _tuple(hit: int | tuple[int, ...] | None) -> tuple[int, ...]:
    return (hit,) if isinstance(hit, int) else hit or ()


def distance_km(a: Place, b: Place) -> float:
    return _distance(a.lat, a.lon, b.lat, b.lon)


def _distance(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def _bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial bearing from the first point to the second, degrees clockwise from north."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(y, x)) % 360.0
