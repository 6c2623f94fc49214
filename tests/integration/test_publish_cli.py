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


def test_publish_survives_huge_and_deep_lines(settings, worker_env, read_topic, tmp_path):
    good = [{"id": f"ok-{n}", "text": f"Shelling hit a school in Idlib, report {n}.",
             "published_at": "2021-03-01T10:00:00Z"} for n in range(3)]
    lines = [
        json.dumps(good[0]).encode(),
        b"[" * 200_000,                                              # 2: far past the depth
        b'{"id": "deep", "text": "x", "extra": ' + b'{"a":' * 5_000 + b"1" + b"}" * 5_001,
        json.dumps(good[1]).encode(),
        b'{"id": "huge", "text": "' + b"y" * (3 * 1024 * 1024) + b'"}',  # 4: three MiB
        json.dumps(good[2]).encode(),
    ]
    jsonl = tmp_path / "hostile.jsonl"
    jsonl.write_bytes(b"\n".join(lines) + b"\n")

    result = subprocess.run(
        [sys.executable, "-m", "services.cli", "publish", str(jsonl)],
        capture_output=True, text=True, env=worker_env, timeout=60)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{jsonl}:2: nested deeper than 32 levels" in result.stderr
    assert f"{jsonl}:3: nested deeper than 32 levels" in result.stderr
    assert f"{jsonl}:5: line is {len(lines[4]):,} bytes; the limit is 1,048,576" in result.stderr
    assert "published 3 report(s)" in result.stderr and "3 rejected" in result.stderr
    reports = [Report.model_validate_json(v) for _, v in read_topic("reports", expect=3)]
    assert sorted(r.id for r in reports) == ["ok-0", "ok-1", "ok-2"]
