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


def test_up_with_a_malformed_webhook_secret_fails(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CONFLICT_ALERTS_RUN_DIR", str(tmp_path / "run"))
    (tmp_path / "secret").write_text("nope\n")
    code = main(["up", "--webhook-url", "http://127.0.0.1:9/hook",
                 "--webhook-secret-file", str(tmp_path / "secret")])
    assert code == 2
    assert "whsec_" in capsys.readouterr().err


def test_every_subcommand_is_registered():
    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices)  # noqa: SLF001 - argparse
    assert {"up", "demo", "publish", "extract", "replay", "worker", "topics",
            "dashboard", "redeliver", "reseal"} <= commands


def test_webhook_secret_on_the_command_line_is_refused(capsys):
    import pytest

    from services.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["up", "--webhook-url", "http://127.0.0.1:1/h", "--webhook-secret", "whsec_abc"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "--webhook-secret-file" in err and "whsec_abc" not in err


def test_webhook_secret_file_goes_to_the_environment(tmp_path):
    import argparse

    from services.runtime.cli import _webhook_env

    secret = tmp_path / "secret"
    secret.write_text("whsec_c2VjcmV0c2VjcmV0\n")
    env = _webhook_env(argparse.Namespace(webhook_url="http://127.0.0.1:1/h",
                                          webhook_secret_file=str(secret)))
    assert env["CONFLICT_ALERTS_WEBHOOK_SECRET"] == "whsec_c2VjcmV0c2VjcmV0"


def test_extract_exits_1_after_the_good_lines(tmp_path):
    import subprocess
    import sys

    reports = tmp_path / "r.jsonl"
    reports.write_text('{"id": "x1", "text": "Shelling hit a market in Douma on Sunday, killing '
                       'three civilians.", "published_at": "2018-02-05T09:00:00Z"}\n'
                       "not json\n")
    result = subprocess.run([sys.executable, "-m", "services.cli", "extract", str(reports)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "line 2" in result.stderr
    assert '"x1"' in result.stdout or "x1" in result.stdout


def test_publish_to_an_unreachable_broker_fails_clearly(tmp_path):
    import os
    import subprocess
    import sys

    from services.runtime.ports import free_port

    reports = tmp_path / "r.jsonl"
    reports.write_text('{"id": "p1", "text": "A car bomb went off in Azaz.", '
                       '"published_at": "2018-02-05T09:00:00Z"}\n')
    env = dict(os.environ, KAFKA_BOOTSTRAP_SERVERS=f"127.0.0.1:{free_port()}")
    result = subprocess.run([sys.executable, "-m", "services.cli", "publish", str(reports)],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 3
    assert "unreachable" in result.stderr and "Traceback" not in result.stderr


def test_publish_with_no_broker_anywhere_says_so(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if "BOOTSTRAP" not in k}
    env["CONFLICT_ALERTS_RUN_DIR"] = str(tmp_path / "run")
    result = subprocess.run([sys.executable, "-m", "services.cli", "publish", "-"], input="",
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 2
    assert "no `conflict-alerts up` is running" in result.stderr


def test_up_refuses_a_bad_secrets_key_file_before_starting_anything(tmp_path):
    import os
    import subprocess
    import sys

    keys = tmp_path / "keys"
    keys.write_text("not-a-fernet-key-but-private\n")
    env = dict(os.environ, CONFLICT_ALERTS_RUN_DIR=str(tmp_path / "run"),
               CONFLICT_ALERTS_SECRETS_KEY_FILE=str(keys))
    env.pop("KAFKA_BOOTSTRAP_SERVERS", None)
    result = subprocess.run([sys.executable, "-m", "services.cli", "up"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"secrets key file {keys}: line 1 is not a Fernet key" in result.stderr
    assert "not-a-fernet-key-but-private" not in result.stderr + result.stdout
    assert "pipeline up" not in result.stdout
