import pytest

from services.extractor.numbers import counts
from services.extractor.text import fold, tokens


def _counts(resources, s):
    return counts(s, tokens(s), resources.lexicon.match(fold(s)))


@pytest.mark.parametrize(
    "sentence, kind, value, qualifier, group",
    [
        ("The strike killed five children.", "killed", 5, "exact", "children"),
        ("At least 12 civilians were killed.", "killed", 12, "at_least", "civilians"),
        ("Dozens of people were wounded.", "injured", 12, "approximate", None),
        ("The shelling killed more than 20 people.", "killed", 20, "more_than", None),
        ("An entire family was killed in the raid.", "killed", 4, "approximate", "civilians"),
        ("3 fatalities.", "killed", 3, "exact", None),
        ("The death toll rose to 1,250.", "killed", 1250, "exact", None),
        ("The shell killed three schoolchildren.", "killed", 3, "exact", "children"),
    ],
)
def test_casualty_counts(resources, sentence, kind, value, qualifier, group):
    found = [c for c in _counts(resources, sentence) if c.kind == kind]
    assert found, sentence
    assert (found[0].value, found[0].qualifier) == (value, qualifier)
    if group:
        assert found[0].group == group


def test_killed_and_injured_in_one_sentence(resources):
    cs = _counts(resources, "Shelling killed 4 soldiers and wounded 7 others.")
    assert [(c.kind, c.value) for c in cs] == [("killed", 4), ("injured", 7)]


def test_ages_and_years_are_not_counts(resources):
    cs = _counts(resources, "A 12-year-old boy was injured in 2019 when a shell fell 3 km away.")
    assert [(c.kind, c.value) for c in cs] == [("injured", 1)]


def test_the_day_after_a_month_name_is_not_a_count(resources):
    cs = _counts(resources, "On June 29, activists documented the death of two civilians.")
    assert [(c.kind, c.value) for c in cs] == [("killed", 2)]


@pytest.mark.parametrize("sentence", [
    "The bombs landed in a busy street, possibly resulting in the deaths of 40 residents.",
    "Witnesses said the raid may have killed 9 people.",
])
def test_a_hedged_toll_is_not_a_count(resources, sentence):
    assert _counts(resources, sentence) == []


def test_an_age_after_a_name_is_not_a_count(resources):
    cs = _counts(resources, "Two fighters, Rania Khalil, 30, and Dilan Haso, 19, were killed.")
    assert 19 not in [c.value for c in cs] and 30 not in [c.value for c in cs]


@pytest.mark.parametrize("sentence, expected", [
    ("Two children were among five people killed when a shell hit the school.",
     [("killed", 2, "children", True), ("killed", 5, None, False)]),
    ("Three women were among 20 people wounded in the attack.",
     [("injured", 3, "civilians", True), ("injured", 20, None, False)]),
    ("The shelling killed 12 people, among them 3 children.",
     [("killed", 12, None, False), ("killed", 3, "children", True)]),
])
def test_a_part_among_the_whole(resources, sentence, expected):
    assert [(c.kind, c.value, c.group, c.subset) for c in _counts(resources, sentence)] == expected


def test_victims_joined_by_a_possessive_are_one_list(resources):
    cs = _counts(resources, "The shell hit their tent, killing a woman and her two children.")
    assert [(c.kind, c.value, c.group) for c in cs] == [
        ("killed", 1, "civilians"), ("killed", 2, "children")]


def test_acled_coded_figure(resources):
    cs = _counts(resources, "Fatalities coded as 0 (other sources reported 10).")
    assert cs[0].coded and cs[0].value == 0


def test_ambiguous_killed_and_wounded_gives_no_split(resources):
    assert _counts(resources, "The attack killed and wounded 3 soldiers.") == []


@pytest.mark.parametrize("text, killed", [
    ("On 6 May 2020, a retired army sergeant was shot to death by two gunmen on a motorbike.", 1),
    ("On 9 May 2020, masked men assassinated a judge in Debsi Afnan.", 1),
])
def test_a_victim_named_at_length_or_assassinated_is_counted(run, text, killed):
    (incident,) = run(text)
    assert incident.fatalities.total == killed


@pytest.mark.parametrize("sentence, expected", [
    ("The body of a shepherd was found near the village.", [("killed", 1)]),
    ("The bodies of three farmers were found near the village.", [("killed", 3)]),
    # a body of people is no dead body
    ("A governing body of 12 members met in the town.", []),
])
def test_a_body_found_is_one_dead(resources, sentence, expected):
    assert [(c.kind, c.value) for c in _counts(resources, sentence)] == expected


@pytest.mark.parametrize("sentence, expected", [
    ("The 40 delegates met soon after the shelling killed 3.", [("killed", 3)]),
    ("Its 9 members left the town after gunmen wounded at least 2.", [("injured", 2)]),
    # a comma ends the verb's phrase: the figure after it has its own word
    ("Five civilians were killed, 3 injured.", [("killed", 5), ("injured", 3)]),
])
def test_a_casualty_verb_with_its_own_figure_says_nothing_of_one_before(resources, sentence,
                                                                        expected):
    assert [(c.kind, c.value) for c in _counts(resources, sentence)] == expected


@pytest.mark.parametrize(
    "sentence, group",
    [
        ("A shell killed a nine-year-old girl in the market.", "children"),
        ("A sniper killed a 15-year-old near the checkpoint.", "children"),
        ("The drone strike killed a 17 year old shepherd.", "children"),
        ("The drone strike killed a 40-year-old farmer.", None),
        ("Shelling killed a 62-year-old woman.", "civilians"),
        ("A strike killed a twenty-five-year-old soldier.", None),
    ],
)
def test_a_victim_described_by_age(resources, sentence, group):
    [found] = [c for c in _counts(resources, sentence) if c.kind == "killed"]
    assert (found.value, found.group) == (1, group)


def test_a_count_that_opens_who_tells_is_no_victim(resources):
    cs = _counts(resources, "Rebels ambushed the convoy, killing nine soldiers, a colonel said.")
    assert [(c.kind, c.value) for c in cs] == [("killed", 9)]
    cs = _counts(resources, "The raid killed nine soldiers, a colonel and two guards.")
    assert sum(c.value for c in cs if c.kind == "killed") == 12


def test_a_speaker_of_several_words_after_a_toll_is_no_victim(resources):
    cs = _counts(resources, "Jets bombed the village, killing 11 people, a local aid group and "
                            "residents said.")
    assert [(c.kind, c.value) for c in cs] == [("killed", 11)]
    cs = _counts(resources, "Jets bombed the village, killing 11 people, a teacher and her "
                            "son.")
    assert sum(c.value for c in cs if c.kind == "killed") == 12  # the teacher counted


def test_a_list_that_breaks_a_toll_down_stays_its_part(resources):
    cs = _counts(resources, "The drone strike killed four people, including two brothers and "
                            "two fighters.")
    assert sum(c.value for c in cs if c.kind == "killed" and not c.subset) == 4
    cs = _counts(resources, "The shelling killed two nurses and a patient.")
    assert sum(c.value for c in cs if c.kind == "killed" and not c.subset) == 3


def test_the_article_of_a_death_toll_is_no_victim(resources):
    cs = _counts(resources, "Monitors documented the deaths of four people as a preliminary "
                            "death toll.")
    assert [(c.kind, c.value) for c in cs] == [("killed", 4)]


def test_a_victim_listed_before_a_comma_and_its_teller_is_counted(resources):
    cs = _counts(resources, "Jets struck the clinic, killing two nurses and a patient, local "
                            "medics said.")
    assert sum(c.value for c in cs if c.kind == "killed") == 3


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("Six members of one family died when the roof fell in.", 6),
        ("The raid killed nine people from two households.", 9),
        ("Shelling killed a family of five near the river.", 5),
        ("A drone strike killed a family of 6 on the coast road.", 6),
    ],
)
def test_a_family_counts_its_members_not_itself(resources, sentence, value):
    found = [c for c in _counts(resources, sentence) if c.kind == "killed"]
    assert [c.value for c in found] == [value], sentence


def test_ages_told_after_aged_are_not_victims(resources):
    for s in ("Two brothers, aged 8 and 10, were killed when the shell hit.",
              "Three women, aged between 30 and 45, were wounded."):
        assert all(c.value not in (8, 10, 30, 45) for c in _counts(resources, s)), s


def test_a_whole_with_its_share_told_before_the_verb_is_the_toll(resources):
    found = _counts(resources, "At least 11 people, six of them children, died in the raid.")
    killed = [(c.value, c.subset, c.group) for c in found if c.kind == "killed"]
    assert killed[0][:2] == (11, False)
    assert (6, True, "children") in killed


def test_a_figure_that_opens_who_tells_is_no_victim(resources):
    for s, toll in (("Two soldiers were killed, a police officer said.", [2]),
                    ("Shelling killed a woman, a local official told reporters.", [1])):
        assert [c.value for c in _counts(resources, s) if c.kind == "killed"] == toll, s


@pytest.mark.parametrize("sentence, value", [
    ("At least 1,240 people, including civilians and members of the police, were killed in "
     "May.", 1240),
    ("Some 85 villagers, mostly farmers and herders, were killed in the raid.", 85),
])
def test_an_aside_on_who_a_figures_people_were_leaves_it_the_toll(resources, sentence, value):
    assert [(c.kind, c.value) for c in _counts(resources, sentence)] == [("killed", value)]


@pytest.mark.parametrize("sentence", [
    "At least 34 people have been killed, an official said, raising an earlier toll of 27.",
    "The death toll has risen to 34, up from 27 on Tuesday.",
])
def test_an_earlier_toll_a_new_one_replaces_is_no_count(resources, sentence):
    assert [(c.kind, c.value) for c in _counts(resources, sentence)] == [("killed", 34)]
