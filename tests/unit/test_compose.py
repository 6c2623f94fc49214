"""docker-compose.yml cannot run here (no Docker engine), so check that it is consistent."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml

from services.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
WORKERS = {name: s for name, s in SERVICES.items() if name != "kafka"}


def _command(service: dict) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def test_kafka_runs_in_kraft_mode_from_the_official_image():
    kafka = SERVICES["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    env = kafka["environment"]
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert "CONTROLLER" in env["KAFKA_CONTROLLER_LISTENER_NAMES"]
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"].startswith(f"{env['KAFKA_NODE_ID']}@")
    assert "zookeeper" not in " ".join(SERVICES).lower()
    assert not any("ZOOKEEPER" in key for key in env)


def test_workers_are_built_from_the_one_dockerfile():
    for name, service in WORKERS.items():
        build = service["build"]
        context = ROOT / build["context"]
        assert context.is_dir(), name
        assert (context / build["dockerfile"]).is_file(), name
    images = {service["image"] for service in WORKERS.values()}
    assert len(images) == 1


@pytest.mark.parametrize("name", sorted(WORKERS))
def test_env_files_exist(name):
    for env_file in WORKERS[name].get("env_file", []):
        assert (ROOT / env_file).is_file(), env_file


@pytest.mark.parametrize("name", sorted(WORKERS))
def test_commands_are_real_entry_points(name):
    command = _command(WORKERS[name])
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert command[0] == "conflict-alerts"
    assert 'conflict-alerts = "services.cli:main"' in pyproject
    args = build_parser().parse_args(command[1:])  # SystemExit on an unknown subcommand
    assert callable(args.func)


def test_every_pipeline_stage_has_a_worker():
    stages = {tuple(_command(s)[1:3]) for s in WORKERS.values()}
    assert {("worker", "extractor"), ("worker", "rules"), ("worker", "delivery")} <= stages


def test_mounted_files_exist():
    for service in WORKERS.values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert (ROOT / source).exists(), source


def test_dockerfile_installs_the_project():
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    assert "pip install ." in dockerfile
    for copied in ("pyproject.toml", "schemas", "services"):
        assert copied in dockerfile


def test_dashboard_is_served_and_published_on_loopback():
    dashboard = SERVICES["dashboard"]
    assert _command(dashboard) == ["conflict-alerts", "dashboard"]
    port = dashboard["environment"]["CONFLICT_ALERTS_DASHBOARD_PORT"]
    assert dashboard["environment"]["CONFLICT_ALERTS_DASHBOARD_HOST"] == "0.0.0.0"
    assert f"127.0.0.1:8080:{port}" in dashboard["ports"]
    assert f":{port}/readyz" in " ".join(dashboard["healthcheck"]["test"])


@pytest.mark.parametrize("name", ["extractor", "rules", "delivery"])
def test_workers_serve_ops_endpoints_probed_by_their_healthcheck(name):
    service = SERVICES[name]
    env = service["environment"]
    assert env["CONFLICT_ALERTS_OPS_HOST"] == "0.0.0.0"
    assert f":{env['CONFLICT_ALERTS_OPS_PORT']}/readyz" in " ".join(service["healthcheck"]["test"])


def test_env_example_sets_every_variable_compose_requires():
    import re

    from standardwebhooks.webhooks import Webhook

    required = set(re.findall(r"\$\{(\w+):\?", (ROOT / "docker-compose.yml").read_text()))
    assert required  # the secrets are required, so .env.example must give them
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    assert required <= set(values)
    for name in required:
        if name.endswith("_SECRET"):
            Webhook(values[name])  # a well-formed whsec_ secret
    assert ".env" in (ROOT / ".gitignore").read_text().split()
