"""Page clutter: other stories' headlines, captions and embedded posts place nothing."""

from services.extractor.clutter import clutter_lines


def _rules(text):
    return {text[a:b]: rule for a, b, rule in clutter_lines(text)}


STORY = (
    "Shelling hit the market of a small town on Monday, residents said.\n"
    "Two shopkeepers were wounded and a bakery burned down.\n"
    "Medics took the wounded to a clinic in the next valley.\n"
)


def test_headlines_after_a_marker_line_are_clutter():
    text = STORY + "Read More\nFloods cut the road to Harbourtown\nFarmers protest in Lowfield\n"
    rules = _rules(text)
    assert rules == {"Floods cut the road to Harbourtown": "clutter.after_marker",
                     "Farmers protest in Lowfield": "clutter.after_marker"}


def test_the_run_after_a_marker_ends_at_prose():
    text = "Related\nBridge reopens in Eastham\n" + STORY
    assert list(_rules(text)) == ["Bridge reopens in Eastham"]


def test_a_list_of_dated_headlines_after_the_story_is_clutter():
    text = STORY + ("Mayor of Westbury resigns over budget, March 3, 2024\n"
                    "Westbury mayor resigns\n"
                    "Strike at Northport docks enters third week 5 hours ago\n")
    assert set(_rules(text).values()) == {"clutter.dated_list"}
    assert len(_rules(text)) == 3


def test_one_dated_line_is_not_a_list():
    text = STORY + "Mayor of Westbury resigns over budget, March 3, 2024\n"
    assert _rules(text) == {}


def test_captions_and_embeds_on_a_page_with_prose():
    text = STORY + ("Smoke over the hills near Greyford (Image: Social media)\n"
                    "File photo - a checkpoint outside Redmarsh\n"
                    "Heavy shelling tonight — Sam Reporter (@samreports) July 4, 2023\n")
    assert _rules(text) == {
        "Smoke over the hills near Greyford (Image: Social media)": "clutter.caption",
        "File photo - a checkpoint outside Redmarsh": "clutter.caption",
        "Heavy shelling tonight — Sam Reporter (@samreports) July 4, 2023": "clutter.embed",
    }


def test_a_post_alone_is_the_story():
    text = "Shelling on Greyford tonight pic.twitter.com/abc123"
    assert _rules(text) == {}


def test_a_story_with_no_clutter_keeps_every_line():
    assert _rules(STORY) == {}
