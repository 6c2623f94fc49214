"""``conflict-alerts replay --live`` against a running ``up``: the reports come from the
pipeline's reports topic, found through the run file (topic prefix included), and give the same
alert messages as the offline replay of the same reports; an explicit address wins over the run
file; with no pipeline and no address it says so."""

from __future__ import annotations

import json
import signal

from services.runtime.ports import free_port
from tests.integration.test_up_supervisor import _cli, _env, _gone, _reports, _start_up


def _ids(stdout: str) -> list[str]:
    return [json.loads(line)["id"] for line in stdout.splitlines() if line.strip()]


def test_replay_live_reads_the_running_pipeline(tmp_path):
    env = _env(tmp_path, CONFLICT_ALERTS_TOPIC_PREFIX="live.")
    up, info = _start_up(tmp_path, env)
    try:
        assert info["topic_prefix"] == "live."
        path, expected = _reports(0, 4, tmp_path)
        assert expected >= 2
        published = _cli("publish", str(path), env=env, cwd=tmp_path)
        assert published.returncode == 0, published.stderr
        assert "to live.reports" in published.stderr
        # a message the pipeline refuses is refused here too, with its reason
        from services.common.kafka import producer

        kafka = producer(info["bootstrap"])
        kafka.send("live.reports", key=b"r-junk", value=b'{"id": ').get(timeout=10)
        kafka.close()

        offline = _cli("replay", str(path), env=env, cwd=tmp_path)
        assert offline.returncode == 0, offline.stderr
        # no address given: the run file names the broker and the prefix
        no_address = {k: v for k, v in env.items() if k != "CONFLICT_ALERTS_TOPIC_PREFIX"}
        live = _cli("replay", "--live", "--idle", "1", env=no_address, cwd=tmp_path)
        assert live.returncode == 1, live.stderr  # one refused message
        assert "live.reports record" in live.stderr and "(r-junk): invalid Report" in live.stderr
        assert "4 report(s) read from the live pipeline; 1 refused" in live.stderr
        assert _ids(live.stdout) == _ids(offline.stdout)
        assert len(_ids(live.stdout)) == expected

        # an explicit address wins over the run file: here one where nothing answers
        nowhere = f"127.0.0.1:{free_port()}"
        flag = _cli("replay", "--live", "--bootstrap", nowhere, env=no_address, cwd=tmp_path)
        assert flag.returncode == 3 and f"the broker at {nowhere} does not answer" in flag.stderr
        by_env = _cli("replay", "--live", env=no_address | {"KAFKA_BOOTSTRAP_SERVERS": nowhere},
                      cwd=tmp_path)
        assert by_env.returncode == 3 and nowhere in by_env.stderr
    finally:
        up.send_signal(signal.SIGTERM)
        assert up.wait(timeout=60) == 0
    assert _gone(tmp_path / "run", timeout_s=5) == set()

    # nothing running, no address: a clear word and exit 3, not a traceback
    gone = _cli("replay", "--live", env=_env(tmp_path), cwd=tmp_path)
    assert gone.returncode == 3 and "no `conflict-alerts up` is running here" in gone.stderr
