"""The ~3 KB synthetic reports of ``bench_extract`` (the set its history of figures is on): each
report is event sentences (actor, act, place, province, day, casualties) between filler lines.
"""

from __future__ import annotations

import datetime as dt
import random

from schemas.report import Report

PLACES = [
    "Kafr Nabouda",
    "Khan Sheikhoun",
    "Maarat al-Numan",
    "Saraqib",
    "Ariha",
    "Jisr al-Shughur",
    "Mhardeh",
    "Suqaylabiyeh",
    "Termala",
    "Douma",
    "Azaz",
    "Afrin",
    "Tal Tamr",
    "Manbij",
    "Kandahar",
    "Mosul",
    "Taiz",
    "Maiduguri",
    "Hodeidah",
    "Lashkar Gah",
]
PROVINCES = ["Idlib", "Hama", "Aleppo", "Rural Damascus", "Hasakah", "Deir ez-Zor"]
ACTORS = [
    "Russian warplanes",
    "Regime forces",
    "Turkish drones",
    "Unidentified gunmen",
    "HTS fighters",
    "Taliban militants",
    "The coalition",
]
ACTS = [
    "struck a hospital in {p}",
    "shelled residential neighbourhoods of {p}",
    "carried out airstrikes on a market in {p}",
    "clashed with opposition fighters near {p}",
    "detonated an IED on the road to {p}",
    "abducted two aid workers outside {p}",
]
FILLER = [
    "Local sources said the situation remained tense.",
    "Residents reported that many families had fled towards the border.",
    "The observatory said it was unable to verify all the figures independently.",
    "Humanitarian organisations called for an immediate end to the violence.",
    "Schools in the area have been closed since the start of the month.",
    "Read more: latest updates from the region, markets and business news.",
]
DAYS = ["on Friday", "yesterday", "overnight into Sunday", "on 9 May 2020", "on Tuesday morning"]


def synth(rng: random.Random, i: int) -> Report:
    parts = []
    while sum(len(p) for p in parts) < 3000:
        p = rng.choice(PLACES)
        parts.append(
            f"{rng.choice(ACTORS)} {rng.choice(ACTS).format(p=p)} in "
            f"{rng.choice(PROVINCES)} province {rng.choice(DAYS)}, killing "
            f"{rng.randint(0, 30)} civilians, including {rng.randint(0, 5)} children."
        )
        parts.extend(rng.sample(FILLER, 3))
    return Report(
        id=f"bench-{i}",
        text=" ".join(parts),
        published_at=dt.datetime(2020, 5, 10, 12, tzinfo=dt.UTC),
    )
