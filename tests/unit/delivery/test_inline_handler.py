"""Delivery inside the rules worker: each alert the rules step raises is published and journaled
for delivery as the same event, and the incident's commit (not its delivery) waits for the
journal; the delivery worker refuses to run beside it; ``up`` leaves it out."""

from __future__ import annotations

import asyncio

import pytest

from schemas import AlertEvent, Casualties, Location
from services.common.codec import encode
from services.common.errors import ConfigError
from services.common.settings import Settings
from services.common.stage import Await, Output
from services.delivery.handler import AlertsHandler, DeliveringRulesHandler
from services.delivery.records import PendingDelivery
from services.rules import Rulebook
from services.rules.handler import RulesHandler
from services.runtime.pipeline import worker_stages
from tests.factories import NOW, incident
from tests.unit.delivery.test_dispatcher_intake import Journal, dispatcher


def handler(journal: Journal) -> tuple[DeliveringRulesHandler, list[PendingDelivery]]:
    d, queued = dispatcher(journal)
    ready = asyncio.Event()
    ready.set()
    rules = RulesHandler(Rulebook.load(), {}, clock=lambda: NOW)
    return DeliveringRulesHandler(rules, AlertsHandler(d, ready)), queued


async def test_an_alert_is_published_and_journaled_as_the_same_event():
    journal = Journal()
    deliver, queued = handler(journal)
    results = await deliver(encode(incident()))

    [output, wait] = results
    assert isinstance(output, Output) and isinstance(wait, Await)
    event = AlertEvent.model_validate_json(output.value)
    assert (output.topic, output.key) == ("alerts", event.data.alert_id.encode())
    await asyncio.sleep(0)
    assert list(journal.writes) == [f"default/{event.id}".encode()]
    assert not asyncio.ensure_future(wait.ack).done()  # the commit waits for the journal
    assert [r.webhook_id for r in queued] == [event.id]  # its delivery does not wait
    journal.complete(event.id)
    await wait.ack


async def test_an_incident_that_raises_no_alert_journals_nothing():
    journal = Journal()
    deliver, _ = handler(journal)
    # a clash far from every zone, one killed: no rule's line is crossed
    quiet = incident(targets=[], fatalities=Casualties(total=1), sub_event_type="Armed clash",
                     event_type="Battles",
                     location=Location(name="Qamishli", admin1="Al-Hasakah", country="SY",
                                       lat=37.05, lon=41.22, precision="town", radius_km=2.0))
    assert await deliver(encode(quiet)) == []
    assert journal.writes == {}


def test_the_delivery_worker_refuses_to_run_beside_an_inline_rules_worker():
    from services.delivery.app import create_app

    with pytest.raises(ConfigError, match="twice"):
        create_app(Settings(kafka_bootstrap_servers="127.0.0.1:1", delivery_inline=True))


def test_a_pipeline_runs_a_delivery_worker_only_when_the_rules_worker_does_not_deliver():
    assert worker_stages(Settings(delivery_inline=True)) == ("extractor", "rules")
    assert worker_stages(Settings(delivery_inline=False)) == ("extractor", "rules", "delivery")
