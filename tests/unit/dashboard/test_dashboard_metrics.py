"""services.common.ops: the metric helpers and the faust options (the endpoints themselves are
exercised over a real broker in tests/integration/test_dashboard_ops.py)."""

from __future__ import annotations

import socket

from services.common import ops
from services.common.settings import Settings


def _value(name: str, **labels: str) -> float:
    return ops.REGISTRY.get_sample_value(name, labels) or 0.0


def test_alerts_are_counted_per_rule_and_status():
    before = _value("conflict_alerts_alerts_total", rule="r-x", status="new")
    ops.count_alert(["r-x", "r-y"], "new")
    assert _value("conflict_alerts_alerts_total", rule="r-x", status="new") == before + 1
    assert _value("conflict_alerts_alerts_total", rule="r-y", status="new") >= 1


def test_lag_is_read_from_each_tracked_consumer_on_scrape():
    ops.LAG.track("unit-a", lambda: {"t.alerts": 3})
    ops.LAG.track("unit-b", lambda: 1 / 0)  # a failing source is left out, not fatal
    assert _value("conflict_alerts_consumer_lag", topic="t.alerts", consumer="unit-a") == 3
    body, content_type = ops.metrics_body()
    assert content_type.startswith("text/plain") and b"unit-b" not in body


def test_ops_server_is_off_unless_a_port_is_set():
    assert ops.ops_options(Settings()) == {"web_enabled": False}
    options = ops.ops_options(Settings(ops_port=9200, ops_host="0.0.0.0"))
    assert options["web_enabled"] and options["web_port"] == 9200
    assert options["web_bind"] == "0.0.0.0"


async def test_broker_reachable():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        assert await ops.broker_reachable(f"127.0.0.1:1,127.0.0.1:{port}")
    assert not await ops.broker_reachable(f"127.0.0.1:{port}", timeout_s=0.5)
