"""deploy/k8s/ cannot be applied here (no cluster), so check it offline: core objects against the
Kubernetes OpenAPI schemas (kubernetes-validate, strict), Strimzi KafkaTopics structurally, and the
cross-references (selectors, probes, ConfigMaps, commands, topics) against the code."""

from __future__ import annotations

from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from services.cli import build_parser
from services.common.settings import Settings
from services.common.topics import pipeline_topics

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
#: The oldest Kubernetes minor still supported by its upstream when this was written.
KUBERNETES_VERSION = "1.30"
DOCS = [(path.name, doc) for path in sorted(K8S.glob("*.yaml")) if path.name != "kustomization.yaml"
        for doc in yaml.safe_load_all(path.read_text()) if doc]
CORE = [(name, doc) for name, doc in DOCS if doc["kind"] != "KafkaTopic"]
TOPICS = [doc for _, doc in DOCS if doc["kind"] == "KafkaTopic"]
DEPLOYMENTS = {doc["metadata"]["name"]: doc for _, doc in DOCS if doc["kind"] == "Deployment"}
CONFIGMAPS = {doc["metadata"]["name"]: doc for _, doc in DOCS if doc["kind"] == "ConfigMap"}


def _containers(deployment: dict) -> list[dict]:
    return deployment["spec"]["template"]["spec"]["containers"]


@pytest.mark.parametrize(("name", "doc"), CORE,
                         ids=[f"{n}:{d['kind']}/{d['metadata']['name']}" for n, d in CORE])
def test_core_objects_match_the_kubernetes_schemas(name, doc):
    kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_kustomization_lists_every_file():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    listed = set(kustomization["resources"])
    assert listed == {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}


def test_every_worker_and_the_dashboard_is_deployed_with_its_command():
    assert set(DEPLOYMENTS) == {"extractor", "rules", "delivery", "dashboard"}
    for name, deployment in DEPLOYMENTS.items():
        [container] = _containers(deployment)
        command = container["command"]
        assert command[0] == "conflict-alerts"
        args = build_parser().parse_args(command[1:])
        assert callable(args.func)
        assert name in command


@pytest.mark.parametrize("name", ["extractor", "rules", "delivery", "dashboard"])
def test_probes_resources_and_config_by_reference(name):
    deployment = DEPLOYMENTS[name]
    spec = deployment["spec"]
    assert spec["selector"]["matchLabels"].items() <= spec["template"]["metadata"]["labels"].items()
    [container] = _containers(deployment)
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    for probe in ("livenessProbe", "readinessProbe"):
        assert container[probe]["httpGet"]["port"] in ports
    requests = container["resources"]["requests"]
    assert requests["cpu"] and requests["memory"]
    config = CONFIGMAPS["conflict-alerts-config"]["data"]
    refs = [e["configMapRef"]["name"] for e in container["envFrom"]]
    assert refs == ["conflict-alerts-config"]
    # The port the process listens on (from the ConfigMap) is the one probed.
    key = "CONFLICT_ALERTS_DASHBOARD_PORT" if name == "dashboard" else "CONFLICT_ALERTS_OPS_PORT"
    assert int(config[key]) in ports.values()
    for env in container.get("env", []):
        assert "value" in env or "secretKeyRef" in env["valueFrom"]  # secrets only by reference
    for volume in deployment["spec"]["template"]["spec"]["volumes"]:
        if "configMap" in volume:
            assert volume["configMap"]["name"] in CONFIGMAPS
    services = [d for _, d in DOCS if d["kind"] == "Service" and d["metadata"]["name"] == name]
    assert len(services) == 1
    assert services[0]["spec"]["selector"].items() <= spec["template"]["metadata"]["labels"].items()
    assert {p["targetPort"] for p in services[0]["spec"]["ports"]} <= set(ports)


def test_configmap_settings_are_real_settings():
    data = CONFIGMAPS["conflict-alerts-config"]["data"]
    settings = Settings(**{k.removeprefix("CONFLICT_ALERTS_").lower(): v for k, v in data.items()
                           if k.startswith("CONFLICT_ALERTS_")})
    assert settings.ops_port == 9100 and settings.ops_host == "0.0.0.0"
    assert settings.topic_partitions == int(data["CONFLICT_ALERTS_TOPIC_PARTITIONS"])


def test_receivers_configmap_is_a_valid_receivers_file(tmp_path, monkeypatch):
    from services.delivery.config import load_receivers

    path = tmp_path / "receivers.yaml"
    path.write_text(CONFIGMAPS["conflict-alerts-receivers"]["data"]["receivers.yaml"])
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    monkeypatch.setenv("HEALTH_DESK_WEBHOOK_SECRET", secret)
    monkeypatch.setenv("MONITORING_DESK_WEBHOOK_SECRET", secret)
    assert len(load_receivers(path)) == 2


def test_kafka_topics_are_well_formed_strimzi_resources():
    for topic in TOPICS:
        assert topic["apiVersion"] == "kafka.strimzi.io/v1beta2"
        assert set(topic) == {"apiVersion", "kind", "metadata", "spec"}
        assert topic["metadata"]["labels"]["strimzi.io/cluster"]
        spec = topic["spec"]
        assert set(spec) <= {"topicName", "partitions", "replicas", "config"}
        assert isinstance(spec["partitions"], int) and spec["partitions"] >= 1
        assert isinstance(spec["replicas"], int) and 1 <= spec["replicas"] <= 32767
        assert all(isinstance(k, str) and isinstance(v, str | int | bool)
                   for k, v in spec.get("config", {}).items())


def test_every_pipeline_topic_has_a_kafka_topic_with_the_partitions_faust_expects():
    config = CONFIGMAPS["conflict-alerts-config"]["data"]
    settings = Settings(topic_partitions=int(config["CONFLICT_ALERTS_TOPIC_PARTITIONS"]))
    declared = {t["spec"]["topicName"]: t["spec"] for t in TOPICS}
    for spec in pipeline_topics(settings):
        assert spec.name in declared, spec.name
        assert declared[spec.name]["partitions"] == spec.partitions
        for key, value in spec.config.items():
            assert str(declared[spec.name]["config"][key]) == value, (spec.name, key)


def test_delivery_has_one_journal_owner_at_a_time():
    spec = DEPLOYMENTS["delivery"]["spec"]
    assert spec["replicas"] == 1
    assert spec["strategy"]["type"] == "Recreate"


@pytest.mark.parametrize("name", ["extractor", "rules", "delivery", "dashboard"])
def test_every_deployment_is_probed_on_its_ops_endpoints(name):
    [container] = _containers(DEPLOYMENTS[name])
    ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
    for probe in ("readinessProbe", "livenessProbe"):
        get = container[probe]["httpGet"]
        assert get["path"] in ("/readyz", "/healthz")
        assert get["port"] in ports or get["port"] in ports.values()
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"


def test_every_scaled_deployment_has_a_disruption_budget():
    budgets = [doc for _, doc in DOCS if doc["kind"] == "PodDisruptionBudget"]
    covered = {b["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"] for b in budgets}
    scaled = {name for name, d in DEPLOYMENTS.items() if d["spec"]["replicas"] > 1}
    assert scaled and scaled <= covered
    for budget in budgets:
        name = budget["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"]
        assert budget["spec"]["minAvailable"] < DEPLOYMENTS[name]["spec"]["replicas"]
