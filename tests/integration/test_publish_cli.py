"""``conflict-alerts publish`` sends JSON Lines, stdin and .txt reports to the reports topic."""

from __future__ import annotations

import json
import subprocess
import sys

from schemas import Report


def test_publish_jsonl_stdin_and_text(settings, worker_env, read_topic, tmp_path):
    jsonl = tmp_path / "reports.jsonl"
    jsonl.write_text(
        json.dumps({"id": "a", "text": "Clashes in Daraa.", "published_at": "2020-05-01T10:00:00Z"})
        + "\n" + json.dumps({"id": "b", "text": ""}) + "\n", encoding="utf-8")
    text = tmp_path / "field-note.txt"
    text.write_text("An IED exploded near a checkpoint in Raqqa on Monday.", encoding="utf-8")
    stdin = json.dumps({"id": "c", "text": "A drone strike hit a car near Sarmada.",
                        "published_at": "2020-05-02T10:00:00Z"}) + "\n"

    result = subprocess.run(
        [sys.executable, "-m", "services.cli", "publish", str(jsonl), "-", str(text)],
        input=stdin, capture_output=True, text=True, env=worker_env, timeout=60)

    assert result.returncode == 1  # one line was rejected
    assert f"{jsonl}:2: Report.text" in result.stderr
    assert "published 3 report(s)" in result.stderr
    reports = [Report.model_validate_json(v) for _, v in read_topic("reports", expect=3)]
    assert sorted(r.id[:11] for r in reports) == ["a", "c", "field-note-"]
    assert {k for k, _ in read_topic("reports", expect=3)} >= {b"a", b"c"}
