"""docs/asyncapi.yaml parses, describes the four pipeline topics, and every schema it references
exists (the generated files in schemas/json/) and is the right one."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from services.common.settings import Settings
from services.common.stage import LOGICAL_TOPICS

DOC_PATH = Path(__file__).resolve().parents[3] / "docs" / "asyncapi.yaml"
DOC = yaml.safe_load(DOC_PATH.read_text())


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if "$ref" in node else []
        return own + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def _resolve_local(ref: str) -> object:
    node: object = DOC
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]  # type: ignore[index]
    return node


def test_document_is_asyncapi_2_6_with_the_pipeline_topics():
    assert DOC["asyncapi"] == "2.6.0"
    assert DOC["info"]["title"] and DOC["info"]["version"]
    assert set(DOC["channels"]) == {Settings().topic(t) for t in LOGICAL_TOPICS}
    for channel in DOC["channels"].values():
        assert {"publish", "subscribe"} <= set(channel)
        for operation in ("publish", "subscribe"):
            assert channel[operation]["operationId"]


def test_every_reference_resolves_and_schemas_exist():
    refs = _refs(DOC)
    files = [r for r in refs if not r.startswith("#")]
    assert len(files) == 4
    for ref in refs:
        if ref.startswith("#"):
            assert _resolve_local(ref) is not None, ref
            continue
        path = (DOC_PATH.parent / ref).resolve()
        assert path.is_file(), ref
        schema = json.loads(path.read_text())
        assert schema["$schema"].startswith("https://json-schema.org/")


def test_each_message_carries_its_own_schema():
    messages = DOC["components"]["messages"]
    for name, message in messages.items():
        schema = json.loads((DOC_PATH.parent / message["payload"]["$ref"]).read_text())
        assert schema["title"] == name
