"""Reports that tell of no new event raise nothing: a weekly or monthly toll, a disaster, a
denial, a trial, a condemnation of attacks in general, an investigation of an old strike, a
threat, a funeral weeks after, a humanitarian warning, an election. Each is a whole short report,
headline first, as a feed would send it. Every report is written for these tests."""

from __future__ import annotations

import pytest

PUB = "2024-05-06T10:00:00Z"  # a Monday

REPORTS = {
    "weekly": (
        'Monitor: 48 civilians killed in northwest Syria this week',
        'At least 48 civilians, among them 11 children, were killed in northwest Syria during '
        'the past seven days, a war monitor said on Monday. Most died in air strikes and '
        'shelling on towns in southern Idlib, the group said. Another 90 people were wounded, '
        'and four medical facilities were put out of service.'
    ),
    "monthly": (
        'Rights group documents 130 civilian deaths in April',
        'The rights network said in its monthly report, published on Monday, that 130 civilians'
        ' were killed in Syria in April, including 29 children and 12 women. Government forces '
        'were responsible for 61 deaths, the report said, while 14 people died in explosions '
        'whose perpetrators could not be identified. The group also recorded nine attacks on '
        'vital civilian facilities, three of them on hospitals.'
    ),
    "quake": (
        'Earthquake kills 14 in eastern Turkey',
        'A magnitude 6.1 earthquake struck eastern Turkey early on Monday, killing at least 14 '
        'people and injuring more than 200, officials said. Several buildings collapsed in the '
        'town of Malatya, and a hospital was evacuated as a precaution. Rescue teams were '
        'searching the rubble for survivors.'
    ),
    "denial": (
        'Army denies shelling school in Ariha',
        'The army on Monday denied reports that its artillery had shelled a school in Ariha, '
        'calling them fabricated. An army spokesman said troops had only returned fire at '
        'militant positions outside the town.'
    ),
    "court": (
        'Court jails three over 2019 market bombing',
        'A court in Baghdad on Monday sentenced three men to life in prison for the 2019 car '
        'bombing of a market in Sadr City that killed 31 people. The men were found guilty of '
        'planting the explosives, the judiciary said.'
    ),
    "un": (
        'UN condemns attacks on health care in Syria',
        'The United Nations on Monday condemned continued attacks on health facilities in '
        'northwest Syria, saying 12 hospitals had been hit since January. Attacks on medical '
        'workers must stop, the UN humanitarian coordinator said in a statement. Many clinics '
        'have closed, leaving thousands without care.'
    ),
    "investigation": (
        'Investigation finds Russian jets bombed hospital',
        'An investigation published on Monday found that Russian jets carried out the air '
        'strike on the hospital in Kafr Nabl in March 2023, which killed five people. The '
        'researchers used flight data and witness accounts, the report said.'
    ),
    "threat": (
        'Militants threaten attacks on Kabul hospitals',
        'A militant group threatened on Monday to attack hospitals and schools in Kabul if the '
        'government did not release its prisoners, in a video posted online. Security was '
        "stepped up around the capital's main hospitals."
    ),
    "funeral": (
        'Mourners bury victims of market strike',
        'Hundreds of mourners attended the funerals on Monday of the 12 people killed in the '
        'air strike on the market in Saraqib last month. Relatives called for those responsible'
        ' to be held to account.'
    ),
    "aid": (
        'Aid agencies warn of hunger in Gaza',
        'Aid agencies warned on Monday that hundreds of thousands of people in Gaza face '
        'famine, as fighting continues to block deliveries. The World Food Programme said only '
        'a fraction of the trucks needed had entered in April.'
    ),
    "election": (
        "Voting ends in Pakistan's general election",
        "Polls closed on Monday in Pakistan's general election, with results expected later in "
        'the week. Turnout was reported to be low in parts of Balochistan, where security was '
        'tight after attacks on election offices earlier in the campaign.'
    ),
    "trial": (
        'Ex-commander jailed for life over prison killings',
        'A court in The Hague on Monday sentenced a former militia commander to life in prison. '
        'Prosecutors said dozens of detainees were beaten to death at a camp he ran, and '
        'witnesses told the court that guards shot prisoners who tried to flee.'
    ),
    "called-protests": (
        'Opposition calls for nationwide protests on Friday',
        'Opposition parties on Monday called for mass protests in Dhaka and Chittagong on '
        'Friday against the election results, and planned demonstrations in other cities '
        'over the weekend.'
    ),
    "last-week": (
        'Monitor counts 37 civilian deaths in Yemen last week',
        'At least 37 civilians were killed in Yemen last week, nine of them children, a '
        'monitoring project said on Monday. Most of the deaths were caused by shelling in Taiz '
        'and by landmines in Hodeidah, it said in its weekly update.'
    ),
    "years-since": (
        'Families mark a decade since the Houla killings',
        'Syrians on Sunday marked ten years since the massacre in Houla that killed more than '
        '100 people, among them dozens of children. No one has been brought to justice, '
        'relatives said.'
    ),
    "arms-supply": (
        'Kyiv asks allies for more air defence',
        'The foreign minister asked allies on Monday for more air defence systems and new '
        'deliveries of artillery shells, telling a meeting in Brussels that military aid must '
        'arrive before winter.'
    ),
}


@pytest.mark.parametrize("kind", sorted(REPORTS))
def test_a_report_of_no_new_event_raises_no_incident(run, kind):
    title, text = REPORTS[kind]
    incs = run(f"{title}\n{text}", published=PUB, title=title)
    assert [(i.event_type, i.location and i.location.name) for i in incs if not i.background] == []


def test_an_event_set_after_an_earlier_one_keeps_its_own_place_and_toll(run):
    text = ("Gunmen killed nine villagers in an attack on the village of Tin-Akoff in northern "
            "Burkina Faso on Saturday, security sources said.\nThe attack came a week after a "
            "roadside bomb near Djibo killed 14 soldiers.")
    live = [i for i in run(text, published=PUB) if not i.background]
    assert [(i.location.name, i.fatalities.total) for i in live] == [("Tin-Akoff", 9)]
