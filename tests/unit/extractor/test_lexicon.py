import pytest

from services.extractor.lexicon import LexiconError, Trigger, load_entries


def test_bad_file_names_entry_and_field(tmp_path):
    bad = tmp_path / "triggers.yaml"
    bad.write_text("- id: trig.x\n  sub_event_type: Air strike\n  priority: 5\n  phrases: [x]\n")
    with pytest.raises(LexiconError, match=r"triggers.yaml: entry trig.x: field 'sub_event_type'"):
        load_entries(bad, Trigger)


def test_duplicate_ids_rejected(tmp_path):
    bad = tmp_path / "t.yaml"
    entry = "- {id: trig.x, sub_event_type: Grenade, priority: 5, phrases: [x]}\n"
    bad.write_text(entry * 2)
    with pytest.raises(LexiconError, match="duplicate id"):
        load_entries(bad, Trigger)


def test_shipped_lexicons_load(resources):
    kinds = resources.lexicon.entries
    assert {"trigger", "target", "actor", "number", "cue", "country"} <= set(kinds)
