"""A minimal faust worker with a table, for tests/integration/test_table_recovery.py.

Each command on ``<prefix>probe-in`` writes some keys (all in one event, so their changelog
records can share a produce batch) and answers on ``<prefix>probe-out`` with the values it reads.
"""

from __future__ import annotations

import json

from services.common.faust_app import create_app, run_worker
from services.common.settings import Settings

settings = Settings()
app = create_app(settings, "probe")
table = app.Table("probe", default=None, partitions=1)
commands = app.topic(settings.topic_prefix + "probe-in", partitions=1,
                     key_serializer="raw", value_serializer="raw")
answers = app.topic(settings.topic_prefix + "probe-out", partitions=1,
                    key_serializer="raw", value_serializer="raw")


@app.agent(commands)
async def probe(stream):  # noqa: ANN001, ANN201
    async for value in stream:
        command = json.loads(value)
        for key in command.get("write", []):
            table[key] = command["value"]
        answer = {key: table.get(key) for key in command["read"]}
        await (await answers.send(value=json.dumps(answer).encode()))


if __name__ == "__main__":
    run_worker(app, settings)
