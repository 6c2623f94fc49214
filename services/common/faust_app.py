"""The faust app factory every worker uses, and the consumer tuning faust does not expose.

faust builds its worker consumer with ``fetch_max_wait_ms=1500`` hard-coded. Apache Kafka answers a
fetch as soon as one record is there, so the constant costs nothing; Tansu holds every fetch for the
full wait, so each hop would cost up to 1.5 s. ``TunedTransport`` is the stock aiokafka transport
whose consumer takes the wait from ``Settings.effective_fetch_max_wait_ms`` instead.

The same consumer corrects end offsets on brokers that under-report them (Tansu 0.6, see
``endoffsets``), so table recovery reads every changelog record.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import faust
from faust.transport.drivers import aiokafka as faust_aiokafka
from mode import Service

from services.common import ops
from services.common.endoffsets import exact_end_offsets
from services.common.ops import enable_ops, ops_options
from services.common.settings import Settings
from services.common.stall import StallWatch, head_unfinished

__all__ = ["ServiceApp", "build_worker", "create_app", "run_worker"]

log = logging.getLogger(__name__)

#: How often the worker looks for a partition that stalled (``_TunedConsumer._reread_stalled``),
#: and how long nothing must have moved on it, with records fetched past its committed offset.
STALL_CHECK_S = 5.0
STALL_S = 15.0


class _TunedConsumerThread(faust_aiokafka.AIOKafkaConsumerThread):
    def _create_worker_consumer(self, transport: Any) -> Any:
        consumer = super()._create_worker_consumer(transport)
        # aiokafka reads this attribute when start() builds its fetcher; the consumer is not
        # started yet, so setting it here is the same as passing it to the constructor.
        consumer._fetch_max_wait_ms = self.app.fetch_max_wait_ms
        return consumer

    async def _highwaters(self, partitions: Any) -> Any:
        # faust asks for end offsets only to recover tables (tables/recovery.py)
        reported = await super()._highwaters(partitions)
        if not self.app.exact_end_offsets:
            return reported
        return await exact_end_offsets(self.app.bootstrap_servers, reported,
                                       fetch_max_wait_ms=self.app.fetch_max_wait_ms)


class _TunedConsumer(faust_aiokafka.Consumer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: per partition, (generation, first offset fetched in it): see ``_low_mark``
        self._first_fetched: dict[Any, tuple[int, int]] = {}
        self._stall_watch = StallWatch(STALL_S)

    def _new_consumer_thread(self) -> _TunedConsumerThread:
        return _TunedConsumerThread(self, loop=self.loop, beacon=self.beacon)

    async def _getmany(self, active_partitions: Any, timeout: float) -> Any:
        records = await super()._getmany(active_partitions, timeout)
        generation = self.app.consumer_generation_id
        first = self._first_fetched
        for tp, batch in (records or {}).items():
            if batch:
                seen = first.get(tp)
                offset = batch[0].offset
                if seen is None or seen[0] != generation or offset < seen[1]:
                    first[tp] = (generation, offset)
        return records

    def _low_mark(self, tp: Any) -> int | None:
        """The offset the partition's next commit starts from: its committed offset, or, with
        nothing committed yet, the first offset fetched in this generation."""
        committed = self._committed_offset.get(tp)
        if committed is not None:
            return committed
        seen = self._first_fetched.get(tp)
        if seen is not None and seen[0] == self.app.consumer_generation_id:
            return seen[1]
        return None

    def _new_offset(self, tp: Any) -> Any:
        # commit only up to the first unfinished record (``stall.head_unfinished``); compacted
        # topics, whose offsets have gaps, keep faust's own reckoning
        if not self._gap.get(tp) and head_unfinished(self._low_mark(tp), self._acked[tp]):
            return None
        return super()._new_offset(tp)

    @Service.timer(STALL_CHECK_S)
    async def _reread_stalled(self) -> None:
        """Read again, from its committed offset, a partition that stalled (``stall``)."""
        watch = self._stall_watch
        if self.app.in_recovery or self.app.rebalancing:
            watch.reset()
            return
        for tp in self.assignment():
            if tp.topic.endswith("-changelog") or "__assignor" in tp.topic:
                continue
            committed = self._low_mark(tp)  # None: nothing committed or fetched yet
            try:
                position = await self.position(tp)
            except Exception:  # noqa: BLE001 - revoked meanwhile: the next rebalance decides
                continue
            if watch.observe(tp, committed, position, self._read_offset.get(tp),
                             time.monotonic()):
                log.warning("partition %s:%s stalled at committed offset %s (fetched to %s): "
                            "reading it again from there", tp.topic, tp.partition, committed,
                            position)
                ops.count_reread(tp.topic)
                await self.seek(tp, committed or 0)


class TunedTransport(faust_aiokafka.Transport):
    Consumer = _TunedConsumer


class ServiceApp(faust.App):
    """A faust app whose consumer fetch wait is a setting, and whose table recovery can work
    around a broker's under-reported end offsets."""

    fetch_max_wait_ms: int = 500
    exact_end_offsets: bool = False
    bootstrap_servers: str = ""

    def _new_transport(self) -> TunedTransport:
        return TunedTransport(self.conf.broker_consumer, self)


def create_app(settings: Settings, stage: str, **overrides: Any) -> ServiceApp:
    """A faust app for one stage (consumer group ``conflict-alerts-<stage>``)."""
    rebalance = settings.effective_rebalance_timeout_s
    options: dict[str, Any] = {
        "broker": f"kafka://{settings.bootstrap_servers.replace(',', ';kafka://')}",
        "topic_partitions": settings.topic_partitions,
        "topic_replication_factor": settings.topic_replication,
        "broker_rebalance_timeout": rebalance,
        # faust requires session timeout <= request timeout; a short session lets a restarted
        # worker take its partitions back quickly.
        "broker_session_timeout": max(rebalance, 6.0),
        "broker_heartbeat_interval": 1.0,
        "consumer_auto_offset_reset": "earliest",
        "producer_linger": 0.0,
        "producer_max_request_size": 16 * 1024 * 1024,
        "consumer_max_fetch_size": 16 * 1024 * 1024,
        # /healthz /readyz /metrics on Settings.ops_port through faust's web server (ops.py)
        **ops_options(settings),
        "datadir": str(settings.data_dir / stage),
        "store": "memory://",
        "table_cleanup_interval": 60.0,
    }
    options.update(overrides)
    (settings.data_dir / stage).mkdir(parents=True, exist_ok=True)
    # The topic prefix is part of the group id, so pipelines sharing a broker never share groups.
    app = ServiceApp(f"{settings.topic_prefix}conflict-alerts-{stage}", **options)
    app.fetch_max_wait_ms = settings.effective_fetch_max_wait_ms
    app.bootstrap_servers = settings.bootstrap_servers
    app.exact_end_offsets = settings.effective_exact_end_offsets
    enable_ops(app, settings, stage)
    return app


class _Worker(faust.Worker):
    """faust's worker without its terminal progress spinner.

    The spinner hooks itself into the root logger and lowers it to DEBUG, whatever level was
    configured: every debug call in faust then builds a log record (one per message sent, with
    the value's repr), about 3 % of a worker's CPU. Log output is unchanged without it.
    """

    def on_setup_root_logger(self, logger: Any, level: int) -> None:
        self.spinner = None


def build_worker(app: ServiceApp, settings: Settings) -> faust.Worker:
    """The faust worker for ``app``, logging as configured."""
    from services.common.logs import logging_config

    return _Worker(
        app,
        loglevel=settings.log_level,
        logging_config=logging_config(settings.log_level, settings.log_format),
        redirect_stdouts=False,
    )


def run_worker(app: ServiceApp, settings: Settings) -> None:
    """Run one worker in this process until SIGTERM/SIGINT (blocks)."""
    build_worker(app, settings).execute_from_commandline()
