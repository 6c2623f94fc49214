"""Place context: readings of a report's place names that the rest of the report rules out.

``geocode.resolve`` scores each mention's candidates, then hands the picks here: a village homonym
outside the province that frames it ("X (District, Province)") falls back to the province, and
so does a district read from a name the province frames; a look-alike village far from the
landmark ("X, west of Y") or the district ("X area of Y district") told right after it gives way
to that place; a transliteration look-alike in Syria goes when the report's spelled names all lie
elsewhere; a place abroad survives the report's countries when the report frames it as the
event's place.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from services.extractor.gazetteer import distance_km
from services.extractor.place_scores import is_city, province_named_elsewhere

if TYPE_CHECKING:
    from services.extractor.gazetteer import Gazetteer, Place
    from services.extractor.geocode import Mention

#: How far after a place its province frame may start: "X (District, Province)", "X in the
#: southern countryside of Province" (characters).
FRAME_CHARS = 60
#: A village this close to the framing province's capital is kept whatever its own province:
#: news files border villages under the neighbouring governorate ("Kafr Nabouda", in Hama, is
#: "southern Idlib countryside"), while a homonym in another province lies 80 km or more away.
BORDER_KM = 60.0
#: A town at least this populous, spelled as written, is trusted over the province framing it.
KNOWN_TOWN_POP = 20_000
#: ... unless the frame lies farther than this (a coder's slip names a neighbouring province):
#: then the town is a namesake ("Benito Juarez, Nuevo Leon" is not Mexico City's borough, 700 km
#: away).
SLIP_KM = 400.0
#: How far a village may lie from the point of the district told right after it.
DISTRICT_KM = 60.0
#: How far a place may lie from the landmark it is told against ("X, 20 km northwest of Y"),
#: and how far after it the landmark may start ("X, northwest of the town of Y", characters).
LANDMARK_KM = 60.0
LANDMARK_GAP = 20
#: A place this far from every frame, all in other countries, is a homonym of one the gazetteer
#: lacks; nearer, it may be a border town the frame names a region across from ("Sarmada ... on
#: the border with Iskenderun region").
ABROAD_KM = 500.0


def drop_outside_frames(mentions: list[Mention], gaz: Gazetteer,
                        choose: Callable[[Mention], None]) -> None:
    """A place framed with its province right after it ("near X, Donetsk", "Y in the countryside
    of Al-Hasakeh", "Z (District, Province)") lies in that province: the name's best reading
    spelled as written there is chosen; with none, a village homonym in another province of the
    country is the gazetteer lacking the village, and the province's own point (the event falls
    back to it) is the better answer. A village near the province (see ``BORDER_KM``) is kept,
    and so is a town spelled as written and of some size within ``SLIP_KM`` of the frame (a
    coder's slip, a renamed region: "Ales (Occitanie)"). A reading in another country than every
    frame, far from them all (``ABROAD_KM``), is a homonym too."""
    for k, m in enumerate(mentions):
        p = m.place
        if p is None or p.precision not in ("town", "district"):
            continue
        frames = _frame_of(mentions, k)
        if p.precision == "district":
            _district_in_frames(m, p, frames, gaz, choose)
            continue
        if (p.population >= KNOWN_TOWN_POP and m.rule_ids[0] == "geo.name"
                and all(distance_km(f, p) <= SLIP_KM for f in frames)):
            continue
        framing = [f for f in frames if f.country == p.country]
        if not framing:
            if frames and all(distance_km(f, p) > ABROAD_KM for f in frames):
                m.place = None  # "in El Alto, La Paz": a Texan Alto is a homonym of a Bolivian town
            continue
        inside = {i: s for i, s in m.scores.items() if _within(gaz.place(i), framing)}
        outside = not _within(p, framing)
        if outside:
            # another reading spelled as written may lie there: "Qarah in Rif Dimashq", though
            # Aleppo's Qarah lies nearer the report's other places; a look-alike is no better
            # than the province's own point
            spelled = {c for c, ex in m.candidates if ex}
            inside = {i: s for i, s in inside.items() if i in spelled}
            if not inside:
                m.place = None
                continue
        m.scores = inside  # for good: nearness to other places re-chooses among these only
        if outside:
            choose(m)


def _district_in_frames(m: Mention, p: Place, frames: list[Place], gaz: Gazetteer,
                        choose: Callable[[Mention], None]) -> None:
    """A district read from a name framed by a province of its country that it does not lie in
    ("in X of Nawa-e Barakzayi district, Helmand" is no Nawa district of Ghazni): another
    reading of the name inside the frame, else none (the province framing it is the place).
    A district told as one and spelled as written is kept: the province is the slip."""
    framing = [f for f in frames if f.country == p.country]
    if not framing or any(f.admin1 == p.admin1 for f in framing):
        return
    if m.level_hint == "district" and m.rule_ids[0] == "geo.name":
        return  # "in Y district, Z" spelled as written: a coder's slip names the wrong province
    inside = {i: s for i, s in m.scores.items()
              if gaz.place(i).precision in ("town", "district")
              and any(gaz.place(i).country == f.country and gaz.place(i).admin1 == f.admin1
                      for f in framing)}
    if not inside:
        m.place = None
        return
    m.scores = inside
    choose(m)


def keep_near_landmarks(mentions: list[Mention], gaz: Gazetteer,
                        choose: Callable[[Mention], None]) -> None:
    """A place told against a landmark right after it ("the village of X, northwest of Y town")
    lies near that landmark: a look-alike reading of X farther than ``LANDMARK_KM`` from Y's
    point is a homonym, replaced by a reading near Y, else dropped for Y itself, the nearest
    point told. A name spelled as written is trusted over the distance."""
    for k, m in enumerate(mentions[:-1]):
        p, ref = m.place, mentions[k + 1]
        if (p is None or p.precision != "town" or m.rule_ids[0] != "geo.skeleton"
                or not ref.landmark or not ref.reference
                or ref.place is None or ref.place.precision not in ("town", "district")
                or ref.start - m.end > LANDMARK_GAP or distance_km(p, ref.place) <= LANDMARK_KM):
            continue
        near = {i: s for i, s in m.scores.items()
                if distance_km(gaz.place(i), ref.place) <= LANDMARK_KM}
        if not near:
            m.place = None
            ref.reference = False  # the landmark is the nearest point the report gives
            continue
        m.scores = near
        choose(m)


def drop_far_from_districts(mentions: list[Mention]) -> None:
    """A look-alike village farther than ``DISTRICT_KM`` from the district told right after it
    ("Ghondi of Garmsir district": Ghundey lies in Nahri Sarraj, 80 km north) is a homonym of
    one the gazetteer lacks: the district's point is the better answer. A name spelled as
    written keeps its reading (the district may be the coder's slip)."""
    for k, m in enumerate(mentions[:-1]):
        p, d = m.place, mentions[k + 1]
        if (p is not None and p.precision == "town" and m.rule_ids[0] == "geo.skeleton"
                and d.level_hint == "district" and d.place is not None
                and d.rule_ids[0] == "geo.name"
                and d.place.country == p.country and d.start - m.end <= FRAME_CHARS
                and distance_km(p, d.place) > DISTRICT_KM):
            m.place = None


def drop_outside_areas(mentions: list[Mention], areas: Collection[tuple[str, str]]) -> None:
    """A village outside the areas the report's words point to, in their country (a Ukrainian
    village name outside Donetsk and Luhansk in an OSCE mission report), is a homonym of one the
    gazetteer lacks: the report's country says more than the wrong village would."""
    countries = {cc for cc, _ in areas}
    for m in mentions:
        p = m.place
        if (p is not None and p.precision == "town" and p.country in countries
                and (p.country, p.admin1) not in areas):
            m.place = None


def _frame_of(mentions: list[Mention], k: int) -> list[Place]:
    """The provinces named as provinces right after mention ``k``, before another place phrase
    opens: in "in X, while ... shelled Y in southern Z", Z frames Y, not X; in "Santipur village
    (Udalguri, Assam)" Assam frames Santipur."""
    out: list[Place] = []
    end = mentions[k].end
    for f in mentions[k + 1 :]:
        if f.start - end > FRAME_CHARS or f.place is None:
            break
        if (
            (f.place.precision in ("province", "district") or is_city(f.place))
            and f.level_hint == "province"
            and f.rule_ids[0] != ("geo.skeleton")
        ):  # a look-alike province ("Occitanie" ~ Aquitaine) frames nothing; a city or a
            # district framing a name ("in La Candelaria, Bogota", "in the countryside of Tell
            # Abiad", "X, Tandubas, Tawi-Tawi") holds it as a province would
            out.append(f.place)
        elif f.place.precision == "town" and f.opens:
            break  # a place with its own preposition opens a new phrase ("..., while shelling Y")
    return out


def drop_syrian_lookalikes(mentions: list[Mention]) -> None:
    """In a report that names no country, Syria is the default reading, but a transliteration-only
    (skeleton) Syrian match is no evidence of it: when the names spelled as written all read as
    places elsewhere ("Usaquen, Bogota"; "Chifuko village (Kabare, Sud-Kivu)"), the look-alike
    villages ("Iskan", "Shafqat") are dropped."""
    spelled = {m.place.country for m in mentions if m.place and m.rule_ids[0] != "geo.skeleton"}
    if not spelled or "SY" in spelled:
        return
    for m in mentions:
        if m.place is not None and m.place.country == "SY" and m.rule_ids[0] == "geo.skeleton":
            m.place = None


def framed_abroad(m: Mention, p: Place, provinces: dict[tuple[str, str | None], set[str]]) -> bool:
    """A place abroad that the report itself frames as the event's place, so the countries named
    elsewhere (the subject of a protest: "in Van city, to denounce the raids on Gaza") do not
    drop it: "in X town/city", or "in X (Y)" where another mention names X's own province."""
    if not m.prep or m.rule_ids[0] != "geo.name":  # ``p`` read by its own name
        return False
    if m.level_hint == "town" and p.precision == "town":
        return True
    return p.precision == "town" and province_named_elsewhere(p, m, provinces)


def _within(town: Place, frames: list[Place]) -> bool:
    """A town in one of the framing provinces, or near one's point (``BORDER_KM``)."""
    return town.precision == "town" and any(
        town.country == f.country and (town.admin1 == f.admin1 or distance_km(f, town) <= BORDER_KM)
        for f in frames)
