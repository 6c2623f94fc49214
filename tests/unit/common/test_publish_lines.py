"""``publish`` reads JSON Lines within the shared bounds: hostile lines are reasons, not crashes,
and the good lines around them are still read."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

from schemas import Report
from services.common.bounds import DEFAULT_BOUNDS
from services.common.publish import read_reports

NOW = datetime(2024, 3, 1, tzinfo=UTC)
SMALL = replace(DEFAULT_BOUNDS, max_bytes=4096)
BIG = b'{"id": "big", "text": "' + b"a" * 10_000 + b'"}'


def _report(rid: str) -> bytes:
    return json.dumps({"id": rid, "text": f"Report {rid}: shelling near a bakery.",
                       "published_at": "2024-02-29T08:00:00Z"}).encode()


def _read(tmp_path, lines: list[bytes], bounds=SMALL):
    path = tmp_path / "reports.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path, list(read_reports([str(path)], NOW, bounds))


def test_deep_huge_and_odd_lines_are_reasons_with_line_numbers(tmp_path):
    path, got = _read(tmp_path, [
        _report("r1"),
        b"[" * 3000,                                    # deeper than any bound
        b'{"id": "r2", "text": ' + b'{"x": ' * 40 + b"1" + b"}" * 40 + b"}",
        _report("r3"),
        BIG,                                            # over max_bytes
        b"\xff\xfe not utf-8",
        b"[1, 2]",
        b"",
        _report("r4"),
    ])
    good = [(where, item.id) for where, item in got if isinstance(item, Report)]
    bad = {where: item for where, item in got if isinstance(item, str)}
    assert good == [(f"{path}:1", "r1"), (f"{path}:4", "r3"), (f"{path}:9", "r4")]
    assert set(bad) == {f"{path}:{n}" for n in (2, 3, 5, 6, 7)}
    assert "nested deeper than 32" in bad[f"{path}:2"]
    assert "nested deeper than 32" in bad[f"{path}:3"]
    assert bad[f"{path}:5"] == f"line is {len(BIG):,} bytes; the limit is 4,096"
    assert "not UTF-8" in bad[f"{path}:6"]
    assert "expected a JSON object, got list" in bad[f"{path}:7"]


def test_a_line_far_over_the_limit_is_read_in_chunks(tmp_path):
    # ten times the bound, with no newline until the end: counted, not held
    huge = b'{"id": "x", "text": "' + b"b" * 10 * SMALL.max_bytes + b'"}'
    path, got = _read(tmp_path, [huge, _report("after")])
    assert got[0] == (f"{path}:1", f"line is {len(huge):,} bytes; the limit is 4,096")
    assert got[1][0] == f"{path}:2" and got[1][1].id == "after"


def test_a_line_at_the_limit_is_read(tmp_path):
    frame = b'{"id": "edge", "published_at": "2024-02-29T08:00:00Z", "text": "%s"}'
    line = frame % (b"t" * (SMALL.max_bytes - len(frame) + 2))
    assert len(line) == SMALL.max_bytes
    longer = frame % (b"t" * (SMALL.max_bytes - len(frame) + 3))
    _, got = _read(tmp_path, [line, longer])
    assert isinstance(got[0][1], Report) and got[0][1].id == "edge"
    assert got[1][1] == "line is 4,097 bytes; the limit is 4,096"


def test_unreadable_files_are_reasons(tmp_path):
    bad_text = tmp_path / "note.txt"
    bad_text.write_bytes(b"\xc3\x28 broken")
    big_text = tmp_path / "big.txt"
    big_text.write_bytes(b"word " * 2000)
    got = dict(read_reports([str(tmp_path / "missing.jsonl"), str(bad_text), str(big_text)],
                            NOW, SMALL))
    assert got[str(tmp_path / "missing.jsonl")].startswith("cannot read:")
    assert "not UTF-8" in got[str(bad_text)]
    assert got[str(big_text)] == "file is 10,000 bytes; the limit is 4,096"
