"""The two reports the product was specified from, told again in the project's own words
(``tests/fixtures/reports/``): the incidents a reader would code from each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "reports"


def _live(run, name: str, published: str):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return [i for i in run(text, published=published) if not i.background]


def test_strikes_on_the_northwest_are_one_incident_per_town(run):
    incs = _live(run, "northwest-syria-strikes.txt", "2018-08-11T09:00:00Z")
    # Termla lies on the Idlib side of the Hama border, where the gazetteer puts it
    assert len(incs) == 4
    assert {i.location.admin1 for i in incs} == {"Aleppo", "Idleb"}
    assert {i.date for i in incs} == {dt.date(2018, 8, 10)}  # Friday; not the 2017 sarin attack


def test_the_region_wide_toll_is_not_one_towns_toll(run):
    incs = _live(run, "northwest-syria-strikes.txt", "2018-08-11T09:00:00Z")
    urum = next(i for i in incs if i.location.admin1 == "Aleppo")
    assert urum.fatalities.total == 20  # not the 30 summed across the region
    assert urum.fatalities.children == 5


def test_the_maternity_hospital_strike_is_an_attack_on_health_care_by_russia(run):
    incs = _live(run, "northwest-syria-strikes.txt", "2018-08-11T09:00:00Z")
    termla = next(i for i in incs if i.location.name.startswith("T"))
    assert any(t.category == "health" for t in termla.targets)
    perpetrators = {a.name for a in termla.actors if a.role == "perpetrator"}
    assert not any("Turkey" in p for p in perpetrators)


def test_the_fire_beside_a_hospital_is_its_own_incident(run):
    incs = _live(run, "northwest-syria-strikes.txt", "2018-08-11T09:00:00Z")
    maara = [i for i in incs if i.location.admin1 == "Idleb" and "Ma" in i.location.name]
    assert len(maara) == 1 and any(t.category == "health" for t in maara[0].targets)


def test_the_old_sarin_attack_gives_the_new_shelling_neither_date_nor_toll(run):
    incs = _live(run, "northwest-syria-strikes.txt", "2018-08-11T09:00:00Z")
    khan = next(i for i in incs if "Sh" in i.location.name and i.location.admin1 == "Idleb")
    assert khan.date == dt.date(2018, 8, 10)
    assert khan.fatalities.total is None


def test_a_campaigns_running_tolls_are_no_incident(run):
    incs = _live(run, "northwest-syria-offensive.txt", "2019-05-10T09:00:00Z")
    assert all(i.fatalities.total != 122 for i in incs)
    assert all(i.injured.total != 329 for i in incs)


def test_the_captured_town_is_the_reports_new_event(run):
    incs = _live(run, "northwest-syria-offensive.txt", "2019-05-10T09:00:00Z")
    capture = [i for i in incs if i.sub_event_type == "Government regains territory"]
    assert len(capture) == 1
    assert capture[0].location.admin1 == "Hama"
    assert capture[0].date == dt.date(2019, 5, 9)
