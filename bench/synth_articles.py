"""News-like articles for the extraction bench, written here from templates (no evaluation data).

``article(rng, i, size)`` builds one article of about ``size`` characters the way wire and
newspaper stories run: a lead paragraph with the event, a quote or two, background on earlier
attacks at other places and dates, the event retold with more detail, a paragraph on aid and
displacement, and page furniture, with typographic quotes and dashes (“ ” ’ —) as most outlets
print them. At ~3 KB that is a short wire story; at ~20 KB a long feature, where the same
incident is retold several times and many past events are recalled.
"""

from __future__ import annotations

import datetime as dt
import random

from schemas.report import Report

TOWNS = [
    ("Saraqib", "Idlib"), ("Ariha", "Idlib"), ("Maarat al-Numan", "Idlib"), ("Kafr Nabl", "Idlib"),
    ("Khan Sheikhoun", "Idlib"), ("Mhardeh", "Hama"), ("Kafr Zita", "Hama"), ("Azaz", "Aleppo"),
    ("Manbij", "Aleppo"), ("Douma", "Rural Damascus"), ("Tal Tamr", "Hasakah"),
    ("Mosul", "Nineveh"), ("Tal Afar", "Nineveh"), ("Taiz", "Taiz"), ("Hodeidah", "Al Hudaydah"),
    ("Maiduguri", "Borno"), ("Lashkar Gah", "Helmand"), ("Kandahar", "Kandahar"),
    ("Kharkiv", "Kharkiv"), ("Bakhmut", "Donetsk"),
]
ATTACKERS = [
    "Russian warplanes", "Government forces", "Armed drones", "Gunmen on motorcycles",
    "Militants", "Artillery units", "An armed group", "Coalition aircraft",
]
ATTACKS = [
    "struck a crowded market in {t}",
    "shelled residential streets on the edge of {t}",
    "hit a field hospital in {t} with two missiles",
    "attacked a checkpoint outside {t}",
    "bombed a bakery in the centre of {t}",
    "fired rockets at a school being used as a shelter in {t}",
]
DAYS = ["on Thursday", "on Friday night", "early on Sunday", "on Monday afternoon", "yesterday"]
PAST = ["in March", "last year", "in the summer of 2019", "two weeks ago", "in January",
        "in 2016", "earlier this month", "in late 2018"]
PAST_EVENTS = [
    "an airstrike on the same road killed {n} people {when}",
    "{n} civilians died when a car bomb went off near the main mosque of {t} {when}",
    "fighters took control of {t} {when} after days of clashes",
    "a hospital in {t} was put out of service by shelling {when}",
    "protesters gathered in {t} {when} to demand the release of detainees",
    "the town of {t} was emptied of most of its residents {when}",
]
SPEAKERS = [
    ("a doctor at the local hospital", "said"), ("the head of the civil defence team", "told us"),
    ("a resident who asked not to be named", "said by telephone"),
    ("a spokesman for the provincial council", "said in a statement"),
    ("a teacher whose house was damaged", "said"),
]
QUOTES = [
    "We were pulling people out of the rubble with our hands until the ambulances arrived.",
    "There is no safe place left here, the children do not sleep at night any more.",
    "Most of the victims were women and elderly people who had gone out to buy bread.",
    "We have asked the international community many times to protect the civilians.",
    "The second strike came when the rescuers were already at the scene.",
    "Nobody warned us, the planes came suddenly and then everything was smoke.",
]
BACKGROUND = [
    "The war has displaced millions of people since it began, and several rounds of talks have "
    "failed to produce a lasting settlement between the parties.",
    "A ceasefire agreed in the spring has been broken repeatedly, with each side blaming the "
    "other for the violations along the front line.",
    "Aid agencies say that more than half of the population of the region depends on "
    "humanitarian assistance, and that funding has fallen short this year.",
    "Analysts say the offensive is meant to secure the main highway that links the two largest "
    "cities in the north of the country.",
    "Human rights groups have documented dozens of attacks on medical facilities in the past "
    "year, many of them in areas far from any front line.",
    "Winter temperatures have made conditions in the crowded camps along the border worse, "
    "and several families have been living in unfinished buildings.",
]
RETELL = [
    "The attack on {t} {d} was the deadliest in the province’s recent history.",
    "Rescue workers said the strike in {t} {d} destroyed at least four buildings.",
    "Footage shared online after the attack on {t} showed a street covered in debris and "
    "burning cars.",
    "By the evening, the death toll from the attack on {t} had risen to {n}, according to "
    "medical sources.",
]
AID = [
    "Thousands of families have fled towards the border since the start of the month, most of "
    "them to camps that were already full.",
    "The United Nations said it was deeply concerned by the reports and called on all parties to "
    "respect international humanitarian law.",
    "Local councils said they had run out of tents and that schools were being used as shelters.",
]
FURNITURE = [
    "Read more: the latest news from the region, explained in five charts.",
    "Share this article. Follow us for breaking news alerts.",
    "Reporting by our correspondents; editing by the foreign desk.",
]


def _event(rng: random.Random) -> dict:
    town, prov = rng.choice(TOWNS)
    return {"t": town, "p": prov, "d": rng.choice(DAYS), "a": rng.choice(ATTACKERS),
            "x": rng.choice(ATTACKS).format(t=town), "n": rng.randint(2, 40),
            "c": rng.randint(0, 9)}


def _paragraphs(rng: random.Random, ev: dict):
    """An endless stream of paragraphs about the event ``ev``, lead first."""
    yield (f"{ev['a']} {ev['x']} {ev['d']}, killing at least {ev['n']} people, including "
           f"{ev['c']} children, in {ev['p']} province, local officials and rescuers said.")
    while True:
        kind = rng.choice(("quote", "past", "background", "retell", "aid", "quote", "past"))
        if kind == "quote":
            who, verb = rng.choice(SPEAKERS)
            yield f"“{rng.choice(QUOTES)}” {who} {verb}. “{rng.choice(QUOTES)}”"
        elif kind == "past":
            town, _ = rng.choice(TOWNS)
            past = rng.choice(PAST_EVENTS).format(n=rng.randint(2, 60), t=town,
                                                  when=rng.choice(PAST))
            yield f"It was not the first time — {past}."
        elif kind == "background":
            yield " ".join(rng.sample(BACKGROUND, 2))
        elif kind == "retell":
            yield rng.choice(RETELL).format(**ev) + " " + rng.choice(AID)
        else:
            yield rng.choice(AID)


def article(rng: random.Random, i: int, size: int) -> Report:
    """One article of about ``size`` characters (paragraphs end it once it is that long)."""
    ev = _event(rng)
    paras = []
    for para in _paragraphs(rng, ev):
        if sum(len(p) + 2 for p in paras) + len(para) > size and paras:
            break
        paras.append(para)
    paras.append(rng.choice(FURNITURE))
    return Report(
        id=f"article-{size // 1000}k-{i}",
        text="\n\n".join(paras),
        published_at=dt.datetime(2020, 5, 10, 12, tzinfo=dt.UTC),
    )
