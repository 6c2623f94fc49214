"""The whole pipeline on one machine: a broker (embedded Tansu unless ``KAFKA_BOOTSTRAP_SERVERS``
is set), the topics, and one process per worker. Used by ``up`` and ``demo``."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

from services.common.kafka import ensure_topics, wait_for_broker
from services.common.settings import Settings
from services.common.topics import pipeline_topics
from services.runtime.broker import EmbeddedBroker
from services.runtime.ports import free_port, port_free
from services.runtime.processes import DASHBOARD, STAGES, WorkerGroup

__all__ = ["Pipeline", "worker_stages"]

log = logging.getLogger(__name__)

DEFAULT_EMBEDDED_PORT = 9092
#: First port tried for the workers' /healthz /readyz /metrics (one port per worker).
DEFAULT_OPS_PORT = 9101


def worker_stages(settings: Settings) -> tuple[str, ...]:
    """The workers a pipeline runs: no delivery worker when the rules worker delivers."""
    return tuple(s for s in STAGES if not (s == "delivery" and settings.delivery_inline))


def _default_secrets_key(env: dict[str, str], settings: Settings) -> None:
    """No secrets key configured: use ``<data dir>/secrets.key``, made on first start (mode
    0600), so the subscriptions of a local pipeline are sealed at rest too. Its path, never the
    key, goes to the workers' environment."""
    from services.delivery.sealing import KEY_FILE_NAME, ensure_key_file

    if env.get("CONFLICT_ALERTS_SECRETS_KEY") or env.get("CONFLICT_ALERTS_SECRETS_KEY_FILE"):
        return
    data_dir = Path(env["CONFLICT_ALERTS_DATA_DIR"]) if env.get("CONFLICT_ALERTS_DATA_DIR") \
        else settings.data_dir
    path = ensure_key_file((data_dir / KEY_FILE_NAME).absolute())
    env["CONFLICT_ALERTS_SECRETS_KEY_FILE"] = str(path)


class Pipeline:
    def __init__(self, env_overrides: Mapping[str, str] | None = None,
                 log_dir: Path | None = None) -> None:
        self._overrides = dict(env_overrides or {})
        self._log_dir = log_dir
        self.broker: EmbeddedBroker | None = None
        self.workers: WorkerGroup | None = None
        self.bootstrap = ""
        self.env: dict[str, str] = {}
        #: Where each process answers HTTP: the dashboard's page, each worker's ops endpoints.
        self.urls: dict[str, str] = {}
        #: The worker processes started (delivery only when the rules worker does not deliver).
        self.stages: tuple[str, ...] = ()

    def _http_ports(self, settings: Settings, stages: tuple[str, ...]
                    ) -> dict[str, dict[str, str]]:
        """Per-process environment giving the dashboard and each worker a distinct free port
        (the configured or default one when it is free)."""
        taken: set[int] = set()

        def pick(preferred: int) -> int:
            port = preferred or free_port()  # 0: any free port
            while port in taken or not port_free(port):
                port = free_port() if port == preferred else port + 1
            taken.add(port)
            return port

        stage_env: dict[str, dict[str, str]] = {}
        port = pick(settings.dashboard_port)
        stage_env[DASHBOARD] = {"CONFLICT_ALERTS_DASHBOARD_PORT": str(port)}
        self.urls[DASHBOARD] = f"http://{settings.dashboard_host}:{port}/"
        for n, stage in enumerate(stages):
            port = pick((settings.ops_port or DEFAULT_OPS_PORT) + n)
            stage_env[stage] = {"CONFLICT_ALERTS_OPS_PORT": str(port)}
            self.urls[stage] = f"http://{settings.ops_host}:{port}/"
        return stage_env

    def start(self) -> Pipeline:
        env = dict(os.environ) | self._overrides
        # One machine: the rules worker delivers (one process and one hop fewer per alert)
        # unless the environment says otherwise.
        env.setdefault("CONFLICT_ALERTS_DELIVERY_INLINE", "true")
        settings = Settings()  # validates the environment early: a bad variable fails here
        _default_secrets_key(env, settings)
        bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS") or settings.kafka_bootstrap_servers
        if bootstrap:
            wait_for_broker(bootstrap, timeout_s=30)
        else:
            port = DEFAULT_EMBEDDED_PORT if port_free(DEFAULT_EMBEDDED_PORT) else free_port()
            log_path = self._log_dir / "broker.log" if self._log_dir else None
            if self._log_dir:
                self._log_dir.mkdir(parents=True, exist_ok=True)
            self.broker = EmbeddedBroker(port, log_path=log_path).start()
            bootstrap = self.broker.bootstrap
            env.setdefault("CONFLICT_ALERTS_PROFILE", "embedded")
        env["KAFKA_BOOTSTRAP_SERVERS"] = bootstrap
        self.bootstrap, self.env = bootstrap, env
        worker_settings = Settings(kafka_bootstrap_servers=bootstrap,
                                   profile=env.get("CONFLICT_ALERTS_PROFILE", "production"),
                                   delivery_inline=env["CONFLICT_ALERTS_DELIVERY_INLINE"])
        stages = worker_stages(worker_settings)
        self.stages = stages
        created = ensure_topics(bootstrap, pipeline_topics(worker_settings))
        log.info("topics ready", extra={"created": created, "bootstrap": bootstrap})
        stage_env = self._http_ports(settings, stages)
        self.workers = WorkerGroup(env, self._log_dir, stage_env)
        self.workers.start((*stages, DASHBOARD))
        return self

    def stop(self) -> None:
        if self.workers:
            self.workers.stop()
        if self.broker:
            self.broker.stop()

    def __enter__(self) -> Pipeline:
        try:
            return self.start()
        except BaseException:  # a signal or error half-way: stop what was started
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()
