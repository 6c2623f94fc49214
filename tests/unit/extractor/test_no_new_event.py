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
    "remembrance": (
        'Kano remembers victims of bus station bombing three years on',
        'Hundreds of residents gathered at the bus station in Kano on Monday to mark the third '
        'anniversary of a bombing that killed 31 people. Relatives laid wreaths at the gate. '
        'The station, which was shut for weeks after the attack, is busy again.'
    ),
    "month-by-province": (
        'UN counts 640 killed across Iraq in April',
        'At least 640 Iraqis, among them civilians and police officers, were killed in violence '
        'in April, the UN mission said on Monday. Anbar was the worst-hit province. In Baghdad '
        'alone, 95 civilians were killed, most of them in bombings.'
    ),
    "war-toll": (
        'Envoy says talks on Sahel conflict to resume',
        'The envoy said on Monday that talks between the government and the rebels would resume '
        'next month. The insurgency has killed more than 12,000 people in the region.'
    ),
    "year-report-said-today": (
        'Monitor documents 58 attacks on clinics in Yemen in 2023',
        'ADEN, 6 May 2024 - Armed groups attacked at least 58 clinics across Yemen in 2023 and '
        'looted medical supplies from dozens more, a health rights monitor said today in its '
        'yearly report. The report found that at least nine health workers were killed in Taiz '
        'and Marib.'
    ),
    "report-cases": (
        'Watchdog report details village burnings in Magway',
        'Soldiers burned more than 900 homes in Magway region between October and February, a '
        'monitoring group said in a report published on Monday. In one case in Gangaw township, '
        'the report said, troops shot dead seven villagers after rounding them up.'
    ),
    "running-month": (
        'Envoy: civilian harm in Hodeidah rose again in April',
        'Civilian casualties in Hodeidah rose for a third straight month in April, the envoy '
        'told the council on Monday. Shelling and sniper fire caused most of them.'
    ),
    "since-offensive": (
        'Army says 900 militants killed in central offensive',
        'The defence ministry said on Monday that troops had killed more than 900 militants '
        'since launching an offensive in Hiraan region.'
    ),
    "report-denied": (
        'Army rejects report of killings near Djenne',
        'The army on Monday rejected a report by a rights group accusing soldiers of killing 14 '
        'herders near Djenne, in the central Mopti region, in March.'
    ),
    "camps-cholera": (
        'Cholera spreads in camps near Tawila',
        'Cholera is spreading in camps sheltering families who fled fighting around El Fasher, '
        'aid groups said on Monday. Twenty patients have died.'
    ),
    "contamination": (
        'Deminers clear fields around Marjah',
        'Fields around Marjah remain contaminated by landmines and unexploded rockets, deminers '
        'said on Monday, as teams cleared another 40 hectares.'
    ),
    "since-span": (
        'Analysis: a decade of war in the Sahel',
        'Burkina Faso has fought jihadist groups since 2015, and the army has lost control of '
        'large parts of the north.'
    ),
    "hostages-freed": (
        'Two nurses freed after four months in captivity in Ituri',
        'Two nurses kidnapped by militiamen in Ituri in January were released on Monday after '
        'talks led by church leaders, their employer said. They were handed over in good health '
        'near Bunia.'
    ),
    "analysis": (
        'Analysis: how cheap drones changed the war in Sudan',
        'When the war began, the army relied on its air force to bomb RSF positions in '
        'Khartoum. Two years later, both sides fly cheap drones, and doctors say drones now '
        'cause most of the wounds they treat. A drone strike on a market in Omdurman killed 40 '
        'people in 2024.'
    ),
    "compensation": (
        'Government pledges aid to families of Kabul wedding bombing victims',
        'The government on Monday announced a fund for the families of those killed in the '
        'bombing of a wedding hall in Kabul a year ago. The suicide attack killed 63 guests.'
    ),
    "arms-supply": (
        'Kyiv asks allies for more air defence',
        'The foreign minister asked allies on Monday for more air defence systems and new '
        'deliveries of artillery shells, telling a meeting in Brussels that military aid must '
        'arrive before winter.'
    ),
    "truce-kept": (
        'Ministers meet as Idlib truce holds',
        'The foreign ministers of Russia and Turkey met in Sochi on Monday to discuss Idlib, '
        'where a ceasefire agreed in February has largely held. Both governments said they '
        'remained committed to the truce and would press on with joint patrols.'
    ),
    "truce-violations": (
        'Monitors log ceasefire breaches in Latakia',
        "The monitoring centre said on Monday it had logged 17 violations of the ceasefire in "
        "Latakia and Hama over the past day. It gave no details of casualties."
    ),
    "drill": (
        'Navy fires missiles in Black Sea drills',
        'The navy held live-fire exercises in the Black Sea on Monday, firing anti-ship '
        'missiles at mock targets, the defence ministry said. Two frigates and a submarine took'
        ' part in the drills.'
    ),
    "aid-convoy": (
        'Aid trucks reach besieged town',
        'A convoy of 30 UN trucks carrying food and medicine reached the town of Rastan on '
        'Monday after government forces lifted their siege, the first aid to arrive in two '
        'months, a relief official said.'
    ),
    "recalled-year": (
        'Surgeon who stayed',
        'For eight years the surgeon has run the cave hospital outside Kafr Zita, and he has '
        'seen it bombed five times. "The worst night was in 2016, when the barrel bombs fell '
        'until dawn," he said. These days the ward treats fevers more often than wounds.'
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


def _live(run, text, published=PUB):
    return [(i.sub_event_type, i.location and i.location.name)
            for i in run(text, published=published) if not i.background]


def test_a_truce_agreed_in_the_report_is_an_agreement_one_kept_or_broken_is_not(run):
    assert _live(run, "Government forces and rebels agreed to a ceasefire in Daraa on "
                      "Monday.") == [("Agreement", "Dar'a")]
    assert _live(run, "Despite the truce, shelling killed three people in Ariha on "
                      "Monday.") == [("Shelling/artillery/missile attack", "Ariha")]
    assert _live(run, "Both sides said on Monday they were committed to the truce in "
                      "Daraa.") == []
    assert _live(run, "In Daraa, the truce agreed in March has collapsed.") == []


def test_a_drill_cancels_the_weapons_it_fires_not_the_drill(run):
    assert _live(run, "The army held military drills near Idlib on Monday.") == [
        ("Change to group/activity", "Idlib")]
    assert _live(run, "During exercises near Idlib on Monday, gunners fired rockets at mock "
                      "targets.") == []
    assert _live(run, "Rockets fired by the army hit the market in Idlib on Monday, killing "
                      "four people.") == [("Shelling/artillery/missile attack", "Idlib")]


def test_an_aid_convoy_is_no_movement_of_forces_but_an_attack_on_one_is_an_attack(run):
    assert _live(run, "After the army lifted its siege, a relief convoy entered Rastan on "
                      "Monday.") == []
    assert _live(run, "An air strike hit an aid convoy near Rastan on Monday, killing four "
                      "drivers.") == [("Air/drone strike", "Rastane")]
    assert _live(run, "A military convoy of 30 vehicles entered Rastan on Monday.") == [
        ("Change to group/activity", "Rastane")]


def test_attacks_told_as_repeated_over_years_are_a_pattern_and_one_day_of_them_is_news(run):
    assert _live(run, "The clinic in Atarib has been hit by shells four times since 2015.") == []
    assert _live(run, "Warplanes have repeatedly bombed the outskirts of Atarib.") == []
    assert _live(run, "Warplanes have struck the hospital in Atarib twice on Monday, killing "
                      "a nurse.") == [("Air/drone strike", "Al Atarib")]


def test_a_year_dates_the_when_clause_it_opens(run):
    assert _live(run, "The worst month was in 2016, when barrel bombs fell on Kafr Zita "
                      "every night.") == []
    assert _live(run, "Teachers who qualified in 2016 held a protest in Kabul on "
                      "Monday.") == [("Peaceful protest", "Kabul")]


def test_years_of_bombing_is_a_pattern_not_an_event(run):
    assert _live(run, "Half the houses of Kafr Zita lie in ruins after years of bombing, the "
                      "mayor said on Monday.") == []
    assert _live(run, "Bombing killed two people in Kafr Zita on Monday, the mayor "
                      "said.") != []


def test_a_kind_of_attack_told_as_usual_is_a_pattern(run):
    assert _live(run, "Kidnappings for ransom have become common in Zamfara, where gangs hide "
                      "in the forests.") == []
    assert _live(run, "Gunmen kidnapped 12 farmers in Zamfara on Monday.") == [
        ("Abduction/forced disappearance", "Zamfara")]


def test_weapons_a_side_relies_on_or_runs_short_of_are_no_attack(run):
    assert _live(run, "Short of artillery shells, the army has relied on drones near "
                      "Pokrovsk.") == []
    assert _live(run, "Artillery shells hit Pokrovsk on Monday, killing two.") == [
        ("Shelling/artillery/missile attack", "Pokrovsk")]


def test_years_after_an_attack_and_a_year_named_before_its_name_are_history(run):
    assert _live(run, "Mourners laid wreaths in Nairobi on Monday, ten years after gunmen "
                      "killed 67 people at a shopping mall there.") == []
    assert _live(run, "Families of the victims of the 2013 Westgate shopping mall attack met "
                      "in Nairobi on Monday.") == []


def test_a_toll_in_a_relative_clause_of_a_past_attack_is_that_attacks(run):
    # the toll's second verb and a clause with its own subject belong to the past attack too
    incs = [i for i in run("Police on Monday arrested a man over the 2016 bombing of a bus "
                           "station that killed 14 people and wounded 40.") if not i.background]
    assert [(i.sub_event_type, i.fatalities.total) for i in incs] == [("Arrests", None)]
    assert _live(run, "A court on Wednesday jailed a commander for his part in the 2019 "
                 "bombing of a market that killed 31 people and wounded 70.") == []
    assert _live(run, "Relatives on Monday remembered the 2015 bombing of the wedding hall, in "
                 "which 22 guests died.") == []
    # a toll told of the day's own strike stays news
    assert _live(run, "Jets struck a market in Ariha on Monday in which 12 people died.") != []


def test_an_arrest_over_last_years_attack_takes_none_of_that_attacks_toll_or_target(run):
    incs = [i for i in run("Police said on Sunday they had detained a man suspected of "
                           "planning last year's bombing of a church in Quetta, in which 30 "
                           "worshippers died.") if not i.background]
    assert [i.sub_event_type for i in incs] == ["Arrests"]
    assert incs[0].fatalities.total in (None, 0)
    assert not incs[0].targets


def test_an_accusation_of_a_past_attack_is_history_but_a_motive_keeps_an_abduction(run):
    assert _live(run, "The officer is accused of ordering the shelling of the school last "
                 "year.") == []
    assert _live(run, "Gunmen abducted a teacher on Sunday on allegations of previously "
                 "working for the police.") != []


def test_a_grave_holds_the_dead_of_old_killings(run):
    assert _live(run, "Teams exhumed a mass grave near the dam holding 60 prisoners shot by "
                 "the militants.") == []
    assert _live(run, "Villagers found the remains of 12 men executed by the group outside "
                 "Manbij.") == []


def test_ordnance_left_behind_is_no_attack_unless_it_kills(run):
    assert _live(run, "Olive groves outside Kafr Nabl remain littered with unexploded shells, "
                 "the deminers said on Monday.") == []
    assert _live(run, "The teams cleared 300 leftover rockets from the farms of Sarmin.") == []
    assert _live(run, "An unexploded shell killed two boys herding sheep near Sarmin on "
                 "Monday.") != []


def test_weapons_sold_or_supplied_are_no_attack(run):
    assert _live(run, "The firms are accused of supplying drones to the army.") == []
    assert _live(run, "Parliament voted to halt sales of rockets to the coalition.") == []
    assert _live(run, "Sanctions target the makers of the rockets fired at Haifa.") == []


def test_prisoners_freed_in_a_swap_are_an_agreement_not_ground_retaken(run):
    assert _live(run, "Forty prisoners were freed on Sunday in a swap between the army and the "
                 "rebels in Daraa.") == [("Agreement", "Dar'a")]
    assert _live(run, "The two sides swapped prisoners near Tadef on Sunday.") == [
        ("Agreement", "Tādif")]
    # a town freed is still ground retaken
    assert [s for s, _ in _live(run, "The army freed the town of Sarmin from the militants on "
                                "Sunday.")] == ["Government regains territory"]


def test_what_judges_find_is_the_crime_tried(run):
    assert _live(run, "Judges found that guards beat at least 15 inmates to death at the "
                 "prison.") == []
    assert _live(run, "The court found he had ordered the shelling of a school in Homs.") == []


def test_a_headline_year_right_before_the_event_word_names_a_past_event(run):
    assert _live(run, "Militia leader jailed for role in 2014 massacre") == []
    assert _live(run, "Officer convicted over part in 2016 bombing of a market") == []
    # a year that dates something else keeps the day's event
    assert _live(run, "Teachers hired in 2022 protested in Sweida on Sunday.") != []


def test_a_months_toll_told_on_a_day_is_the_months_total(run):
    assert _live(run, "At least 140 civilians were killed in April, the monitor said on "
                 "Monday.") == []
    assert _live(run, "More than 90 people died in shelling in April, the UN office "
                 "announced on Sunday.") == []
    # the day of the event itself dates one event
    assert _live(run, "Shelling killed 14 people in Ariha on Sunday.") != []


def test_a_year_whose_act_came_after_the_event_dates_the_event(run):
    assert _live(run, "He left Aleppo in 2015 after his school was bombed.") == []
    assert _live(run, "The family moved to Turkey in 2014 after shelling destroyed their "
                 "home in Daraya.") == []


def test_attacks_told_as_part_of_daily_life_are_a_pattern(run):
    assert _live(run, "Shelling has become part of daily life for the people of Ariha.") == []
    assert _live(run, "For the families of the camp, air strikes are a fact of life.") == []


def test_the_drill_named_again_cancels_the_weapons_that_take_part_in_it(run):
    assert [s for s, _ in _live(run, "Fighter jets and attack helicopters joined the drill "
                                "on Sunday.")] in ([], ["Change to group/activity"])
    assert _live(run, "Tanks fired shells at targets on a training range near Homs.") == []


def test_a_period_of_the_war_gone_by_dates_the_event_before_it(run):
    assert _live(run, "The camp holds families who fled shelling in earlier years of the "
                 "war.") == []
    assert _live(run, "The town was levelled by air strikes in past offensives.") == []


def test_what_is_feared_or_imminent_has_not_happened(run):
    assert _live(run, "Residents fear a repeat of the air strikes on the market.") == []
    assert _live(run, "A government assault on the town is imminent, officials said.") == []
    assert _live(run, "An offensive on the enclave is expected within days.") == []


def test_years_marked_since_an_attack_make_it_history(run):
    assert _live(run, "Families of the bus bombing victims mark five years without answers") == []
    assert _live(run, "Kabul marks a decade since the wedding hall bombing") == []
    # a march held to mark the years is today's
    assert [s for s, _ in _live(run, "Hundreds marched in Kabul on Monday to mark five years "
                                "since the wedding hall bombing.")] == ["Peaceful protest"]


def test_the_dead_remembered_or_mourned_are_no_new_toll(run):
    assert _live(run, "Relatives came together to remember the dead of the shelling of "
                 "Ariha.") == []
    assert _live(run, "The village continues to mourn the victims of the air strike.") == []


def test_every_and_a_meeting_topic_name_no_one_attack(run):
    assert _live(run, '"Every school shelled is a failure of us all," the envoy said.') == []
    assert _live(run, "Ministers met in Geneva to discuss attacks on aid workers.") == []
    assert _live(run, "Every strike on a hospital must be investigated.") == []


def test_the_terms_of_a_deal_are_what_is_to_happen(run):
    # the deal itself is told of; the withdrawal it provides for has not happened
    assert [s for s, _ in _live(run, "The agreement provides for the withdrawal of fighters "
                                "from Sarmin.")] == ["Agreement"]
    assert _live(run, "The plan envisages the shelling of positions that break the "
                 "truce.") == []


def test_an_events_own_relative_clause_dates_it(run):
    # "which"/"that" right after the event word opens the event's own clause: its year is the
    # event's, not a later thing's
    assert _live(run, "A rights group said on Monday that air strikes which hit six clinics in "
                 "Idlib in 2019 were deliberate.") == []
    assert _live(run, "Officials said on Monday that the shelling that destroyed the bakery in "
                 "Ariha in 2016 was never investigated.") == []
    # a clause about another thing keeps its year to itself
    assert [s for s, _ in _live(run, "Jets struck a school in Ariha on Monday, a building "
                                "which was built in 1990.")] == ["Air/drone strike"]


def test_a_period_named_by_its_year_dates_what_happened_in_it(run):
    assert _live(run, "The monitor said on Monday that shelling during the 2019 offensive "
                 "destroyed 40 schools.") == []
    assert _live(run, "Survivors told the court on Monday how the market was bombed in the "
                 "2016 siege.") == []


def test_in_protest_as_the_motive_of_a_resignation_or_walkout_is_no_protest(run):
    assert _live(run, "The health minister resigned in protest at the new budget on "
                 "Monday.") == []
    assert _live(run, "Opposition lawmakers walked out of the session in protest against the "
                 "vote on Monday.") == []
    # workers walking off their jobs strike: a protest
    assert [s for s, _ in _live(run, "Hundreds of dock workers walked out in protest over unpaid "
                                "wages in Aden on Monday.")] == ["Peaceful protest"]


def test_attacks_told_as_beyond_counting_are_no_one_event(run):
    assert _live(run, '"We were bombed so many times that we stopped counting," the nurse '
                 'said.') == []
    assert _live(run, "The clinic has been shelled time and again, its director said.") == []


def test_a_toll_of_a_whole_crackdown_is_no_one_protests(run):
    incs = run("Riot police fired tear gas at protesters in Tehran on Monday. Rights groups say "
               "more than 200 people have been killed in the crackdown.", published=PUB)
    [inc] = [i for i in incs if not i.background]
    assert inc.fatalities.total in (None, 0)
    incs = run("Students rallied in Tehran on Monday. Some 90 people have died since the "
               "protests began in September.", published=PUB)
    [inc] = [i for i in incs if not i.background]
    assert inc.fatalities.total in (None, 0)


def test_riot_police_are_no_riot(run):
    assert [s for s, _ in _live(run, "Riot police fired tear gas at protesters in Tehran on "
                                "Monday.")] == ["Protest with intervention"]
    assert [s for s, _ in _live(run, "Anti-riot police broke up a sit-in outside the ministry "
                                "in Tehran on Monday.")] == ["Protest with intervention"]


def test_attacks_told_over_years_are_a_pattern_not_an_event(run):
    assert _live(run, "For years, hospitals in Yemen have been bombed, shelled and "
                 "besieged.") == []
    assert _live(run, "Over the years, the market in Ariha has been shelled by every side.") == []


def test_a_meeting_still_to_come_agrees_nothing_yet(run):
    assert _live(run, "Tribal leaders are due to meet on Wednesday to agree a truce.") == []
    assert _live(run, "The two sides are set to sign a peace deal in Juba next week.") == []


def test_a_report_that_leads_with_the_aftermath_of_an_old_event_raises_nothing(run):
    # the dead buried, the toll risen: every event told is more than a week old
    assert _live(run, "Mourners gathered in Mogadishu on Monday to bury 12 traders who were "
                 "killed when a car bomb exploded at a market two weeks ago.") == []
    assert _live(run, "The number of people killed in last week's air strike on a hospital in "
                 "Kordofan has risen to 19, medical sources said on Monday.") == []
    # a toll risen over yesterday's strike is today's news
    assert [s for s, _ in _live(run, "The toll from Sunday's air strike on a hospital in "
                                "Kordofan has risen to 19, medics said on Monday.")] == [
        "Air/drone strike"]


def test_mourners_gathered_for_a_funeral_hold_no_protest(run):
    assert _live(run, "Hundreds of mourners gathered in Sarmin on Monday for the funeral of "
                 "an aid worker.") == []
    # a funeral that turns into a march against someone is a protest
    assert [s for s, _ in _live(run, "Mourners chanted slogans against the army at the "
                                "funeral of a protester in Khartoum on Monday.")] == [
        "Peaceful protest"]


def test_weapons_and_troops_on_parade_attack_no_one(run):
    assert _live(run, "Thousands of soldiers marched through the capital on Monday in a military "
                 "parade, displaying tanks, drones and missile launchers.") == []
    assert _live(run, "Troops paraded in Bamako on Monday to mark independence day.") == []


def test_an_arrest_warrant_is_no_arrest_yet(run):
    assert _live(run, "The court on Monday issued an arrest warrant for a militia commander.") == []
    assert _live(run, "Judges issued warrants for the arrest of two generals on Monday.") == []
    assert [s for s, _ in _live(run, "Police arrested three men in Kaduna on Monday.")] == [
        "Arrests"]


def test_land_named_as_occupied_is_no_taking_of_it(run):
    assert _live(run, "Aid groups said on Monday that children had been moved from occupied "
                 "areas.") == []
    assert all(s != "Non-state actor overtakes territory" for s, _ in _live(
        run, "Settlers in the occupied West Bank rallied on Monday against the plan."))
    assert [s for s, _ in _live(run, "Rebels occupied the town of Tougan on Monday.")] == [
        "Non-state actor overtakes territory"]


def test_fighting_named_as_the_cause_of_a_states_crime_rate_is_no_event(run):
    assert _live(run, "Guanajuato has the highest number of murders of any state, driven by "
                 "fighting between cartels.") == []
    assert _live(run, "Violence in the province is fuelled by clashes between rival "
                 "clans.") == []


def test_a_kind_of_attack_credited_with_a_share_of_a_wars_harm_is_a_pattern(run):
    assert _live(run, "Air strikes on the suburbs of Aleppo have caused many of the civilian "
                 "deaths recorded by the monitor.") == []
    assert _live(run, "Drone attacks have destroyed much of the old market in Kherson.") == []
    assert [s for s, _ in _live(run, "Drone attacks destroyed the old market in Kherson on "
                                "Monday.")] == ["Air/drone strike"]


def test_a_gathering_to_mark_a_day_of_mourning_is_no_protest_but_a_march_is(run):
    assert _live(run, "Families gathered at the cemetery in Homs on Monday to remember the "
                 "dead.") == []
    assert _live(run, "Villagers gathered outside the mosque in Talbiseh on Monday for prayers "
                 "for the victims.") == []
    assert [s for s, _ in _live(run, "Hundreds gathered in Homs on Monday to demand the release "
                                "of detainees.")] == ["Peaceful protest"]


def test_one_places_share_of_a_months_toll_is_part_of_the_total(run):
    text = ("At least 640 Iraqis, among them civilians and police officers, were killed in "
            "violence in April, the UN mission said on Monday. Anbar was the worst-hit province. "
            "In Baghdad alone, 95 civilians were killed, most of them in bombings.")
    assert _live(run, text) == []
    assert _live(run, "More than 300 people were killed in Darfur in April, the monitor said on "
                 "Monday. In El Fasher alone, 120 died in shelling.") == []


def test_a_dated_protest_in_a_weekly_series_is_that_days_protest(run):
    text = ("On Friday, for the 12th consecutive week, worshippers held a sit-in after prayers in "
            "Rabat in support of Gaza.")
    assert [s for s, _ in _live(run, text)] == ["Peaceful protest"]


def test_an_event_of_a_month_over_for_more_than_a_week_is_history(run):
    text = ("Five children wounded when a missile hit a block of flats in Kharkiv in April were "
            "flown to Poland on Monday for surgery.")
    assert _live(run, text, published="2024-05-14T10:00:00Z") == []
    assert _live(run, "A drone struck a clinic in Sumy in April, killing two nurses, the ministry "
                 "said on Monday.", published="2024-05-20T10:00:00Z") == []


def test_an_analysis_still_reports_an_event_of_the_last_days(run):
    text = ("Analysis: the battle for Kharkiv\n\nRussian guided bombs hit a shopping centre in "
            "Kharkiv on Saturday, killing 12 people, as the offensive in the north went on.")
    assert [s for s, _ in _live(run, text, published="2024-05-27T10:00:00Z")] == [
        "Air/drone strike"]


def test_a_toll_over_the_first_weeks_of_a_war_is_not_the_events(run):
    text = ("A drone strike on a bus station in Bure on Monday killed eight people, and the UN "
            "says at least 180 people were killed in the region in the first weeks of the "
            "conflict.")
    [inc] = run(text, published=PUB)
    assert inc.fatalities.total == 8
