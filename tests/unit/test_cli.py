"""The command line: bad configuration stops ``up`` before anything starts."""

from __future__ import annotations

from pathlib import Path

from services.cli import build_parser, main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "receivers"


def test_up_with_a_bad_receivers_file_fails_naming_the_field(capsys, monkeypatch):
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    assert main(["up", "--config", str(FIXTURES / "bad-url-scheme.yaml")]) == 2
    err = capsys.readouterr().err
    assert "configuration error" in err and "receivers[0].url" in err


def test_up_with_a_malformed_webhook_secret_fails(capsys):
    code = main(["up", "--webhook-url", "http://127.0.0.1:9/hook", "--webhook-secret", "nope"])
    assert code == 2
    assert "whsec_" in capsys.readouterr().err


def test_every_subcommand_is_registered():
    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices)  # noqa: SLF001 - argparse
    assert {"up", "demo", "publish", "extract", "replay", "worker", "topics",
            "dashboard", "redeliver"} <= commands
