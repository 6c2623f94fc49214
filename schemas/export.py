"""Write the JSON Schema of every contract model into ``schemas/json/``.

    python -m schemas.export          # rewrite the files
    python -m schemas.export --check  # exit 1 if any file is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pydantic import BaseModel

from schemas import AlertEvent, DeadLetter, Incident, Report
from schemas.alert import Alert

OUT_DIR = Path(__file__).parent / "json"
MODELS: dict[str, type[BaseModel]] = {
    "report": Report,
    "incident": Incident,
    "alert": Alert,
    "alert-event": AlertEvent,
    "deadletter": DeadLetter,
}


def rendered() -> dict[Path, str]:
    """Every schema file's path and the text it should hold."""
    files = {}
    for name, model in MODELS.items():
        schema = model.model_json_schema(mode="serialization")
        schema["$id"] = f"https://conflict-alerts.example/schemas/{name}.schema.json"
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        files[OUT_DIR / f"{name}.schema.json"] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if a file is stale")
    args = parser.parse_args(argv)
    stale = []
    for path, text in rendered().items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print("stale: " + ", ".join(p.name for p in stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
