"""Settings, read once from the environment, frozen, and passed down.

Every variable is prefixed ``CONFLICT_ALERTS_`` except ``KAFKA_BOOTSTRAP_SERVERS``, which is the
name every Kafka tool understands. ``docs/configuration.md`` lists them all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]

Profile = Literal["production", "embedded"]


class Settings(BaseSettings):
    """Runtime configuration shared by every worker and command."""

    model_config = SettingsConfigDict(
        env_prefix="CONFLICT_ALERTS_", frozen=True, extra="ignore", populate_by_name=True
    )

    kafka_bootstrap_servers: str | None = Field(
        None,
        validation_alias=AliasChoices(
            "KAFKA_BOOTSTRAP_SERVERS", "CONFLICT_ALERTS_KAFKA_BOOTSTRAP_SERVERS"
        ),
        description="host:port[,host:port]; unset: `up` and `demo` start an embedded broker.",
    )
    profile: Profile = Field(
        "production",
        description="'embedded' tunes consumers for the in-process Tansu broker and allows "
        "loopback webhook URLs.",
    )
    topic_prefix: str = Field("", description="Prepended to every topic name, e.g. 'staging.'.")
    reports_topic: str = Field("reports", description="Name of the reports topic (no prefix).")
    incidents_topic: str = Field("incidents", description="Name of the incidents topic.")
    alerts_topic: str = Field("alerts", description="Name of the alerts topic.")
    deadletter_topic: str = Field("deadletter", description="Name of the dead-letter topic.")
    topic_partitions: int = Field(4, ge=1, description="Partitions of every topic created.")
    topic_replication: int = Field(1, ge=1, description="Replication factor of created topics.")
    fetch_max_wait_ms: int | None = Field(
        None,
        ge=1,
        description="Longest a consumer fetch waits for data. Default 500 (Kafka's own default); "
        "20 in the embedded profile, where Tansu holds an empty fetch instead of answering when "
        "data arrives (shorter waits poll more, and cost more latency under load than they save).",
    )
    feed_fetch_max_wait_ms: int = Field(
        100,
        ge=1,
        description="Fetch wait of the consumers off the report-to-webhook path (dashboard feed, "
        "delivery state topics); never shorter than fetch_max_wait_ms. A dashboard 0.1 s "
        "behind is still live, and idle polls of Tansu cost 5x less than at 20 ms.",
    )
    exact_end_offsets: bool | None = Field(
        None,
        description="Verify end offsets by reading before table recovery, for brokers that "
        "under-report them (Tansu 0.6). Default: on in the embedded profile only.",
    )
    event_loop: Literal["uvloop", "asyncio"] = Field(
        "uvloop",
        description="Event loop of workers and dashboard: 'uvloop' (faster), or the standard "
        "'asyncio' loop.",
    )
    rebalance_timeout_s: float | None = Field(
        None,
        gt=0,
        description="Consumer group rebalance timeout. Default 60; 3 in the embedded profile, "
        "where group joins otherwise take the full timeout.",
    )
    max_report_bytes: int = Field(
        1024 * 1024, ge=1024,
        description="Messages larger than this are dead-lettered unread (every topic)."
    )
    max_dead_letter_payload_bytes: int = Field(
        8 * 1024 * 1024,
        ge=1024,
        description="Original bytes kept in a dead letter; larger payloads are truncated.",
    )
    webhook_config: Path | None = Field(
        None, description="YAML file of webhook receivers (see docs/configuration.md)."
    )
    webhook_url: str | None = Field(None, description="A single receiver, without a config file.")
    webhook_secret: SecretStr | None = Field(
        None, description="Its Standard Webhooks secret, 'whsec_<base64>'."
    )
    rules_file: Path | None = Field(
        None, description="Ruleset YAML; default: services/rules/data/default-rules.yaml."
    )
    zones_file: Path | None = Field(
        None, description="Zones GeoJSON; default: the shipped services/rules/data/zones.geojson."
    )
    delivery_timeout_s: float = Field(5.0, gt=0, description="Timeout of one webhook request.")
    delivery_inline: bool = Field(
        False,
        description="The rules worker delivers webhooks itself and no delivery worker runs: one "
        "hop and one process fewer per alert, but delivery scales and restarts with the rules "
        "worker. `up` and `demo` turn it on unless it is set.",
    )
    # --- durable delivery and subscriptions (docs/delivery.md) ---
    deliveries_topic: str = Field("deliveries", description="Journal of pending deliveries "
                                  "(compacted; docs/delivery.md).")
    subscriptions_topic: str = Field("subscriptions", description="Subscriptions made over the "
                                     "API (compacted).")
    delivery_deadletter_topic: str = Field("delivery-deadletter", description="Deliveries given "
                                           "up on, with the reason (compacted).")
    redeliveries_topic: str = Field("redeliveries", description="Dead letters sent back by "
                                    "`conflict-alerts redeliver`.")
    delivery_retry_schedule: tuple[float, ...] = Field(
        (0.0, 5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0),
        min_length=1,
        description="Delay in seconds before each attempt (the first is usually 0); JSON list. "
        "Default: Svix-like, about 27 hours in all.",
    )
    delivery_jitter: float = Field(0.2, ge=0, le=1, description="Each delay is multiplied by "
                                   "a random factor in [1 - jitter, 1 + jitter].")
    delivery_max_retry_after_s: float = Field(
        3600.0, ge=0, description="Longest Retry-After honoured; longer values are capped.")
    delivery_endpoint_concurrency: int = Field(
        8, ge=1, description="Requests in flight per endpoint.")
    delivery_breaker_failures: int = Field(
        5, ge=1, description="Consecutive retryable failures that open an endpoint's breaker.")
    delivery_breaker_cooldown_s: float = Field(
        30.0, gt=0, description="First open period of the breaker; doubles up to 10 minutes.")
    delivery_http_host: str = Field("127.0.0.1", description="Bind address of delivery's HTTP "
                                    "server (/subscriptions, /metrics), in the delivery worker "
                                    "or the rules worker that delivers.")
    delivery_http_port: int | None = Field(
        None, ge=0, le=65535, description="Port of that server; unset: no server.")
    subscriptions_api_token: SecretStr | None = Field(
        None, description="Bearer token of the /subscriptions API; unset: the API refuses all.")
    secrets_key: SecretStr | None = Field(
        None, description="Fernet key(s) that encrypt the subscriptions' signing secrets at rest "
        "on the subscriptions topic, comma-separated, newest first (older ones still decrypt). "
        "Unset with no key file: the embedded profile makes <data_dir>/secrets.key (0600); "
        "otherwise the API cannot store subscriptions (docs/delivery.md).")
    secrets_key_file: Path | None = Field(
        None, description="File of those keys, one urlsafe-base64 Fernet key a line, newest "
        "first; wins over CONFLICT_ALERTS_SECRETS_KEY. Read again when it changes: add a key "
        "first, then run `conflict-alerts reseal`.")
    webhook_allowlist: tuple[str, ...] = Field(
        (), description="Hosts or CIDRs a subscription URL may use despite the URL checks "
        "(http scheme, private addresses); JSON list.")
    # --- dashboard and operations (docs/dashboard.md, docs/operations.md) ---
    dashboard_host: str = Field("127.0.0.1", description="Bind address of the dashboard.")
    dashboard_port: int = Field(8080, ge=0, le=65535, description="Port of the dashboard.")
    dashboard_expose: bool = Field(
        False, description="Let the dashboard listen on a non-loopback address (it then needs "
        "a read token); same as `dashboard --expose`.")
    dashboard_token: SecretStr | None = Field(
        None, description="Read token of the dashboard: when set, every request but "
        "/healthz, /readyz and /metrics must carry it (docs/dashboard.md).")
    dashboard_token_file: Path | None = Field(
        None, description="File holding that token (first line); wins over "
        "CONFLICT_ALERTS_DASHBOARD_TOKEN.")
    dashboard_window_h: float = Field(
        72.0, gt=0, description="Alerts updated within this many hours are kept and shown.")
    dashboard_max_alerts: int = Field(
        2000, ge=1, description="Most alerts the dashboard holds; the oldest are dropped.")
    dashboard_max_reports: int = Field(
        2000, ge=0, description="Report texts kept to highlight evidence; 0: none.")
    ops_host: str = Field("127.0.0.1", description="Bind address of a worker's /healthz, "
                          "/readyz and /metrics server ('0.0.0.0' in containers).")
    ops_port: int | None = Field(
        None, ge=1, le=65535, description="Port of that server; unset: no server.")
    data_dir: Path = Field(Path("var"), description="Where workers keep local state.")
    log_level: str = Field("info", description="debug, info, warning or error.")
    log_format: Literal["json", "text"] = Field("json", description="Log line format.")

    def topic(self, name: str) -> str:
        """Full name of a logical topic ('reports', 'incidents', ...), prefix included."""
        return self.topic_prefix + getattr(self, f"{name}_topic")

    @property
    def embedded(self) -> bool:
        return self.profile == "embedded"

    @property
    def effective_fetch_max_wait_ms(self) -> int:
        if self.fetch_max_wait_ms is not None:
            return self.fetch_max_wait_ms
        return 20 if self.embedded else 500

    @property
    def effective_feed_fetch_max_wait_ms(self) -> int:
        return max(self.feed_fetch_max_wait_ms, self.effective_fetch_max_wait_ms)

    @property
    def effective_exact_end_offsets(self) -> bool:
        return self.embedded if self.exact_end_offsets is None else self.exact_end_offsets

    @property
    def effective_rebalance_timeout_s(self) -> float:
        if self.rebalance_timeout_s is not None:
            return self.rebalance_timeout_s
        return 3.0 if self.embedded else 60.0

    @property
    def bootstrap_servers(self) -> str:
        if not self.kafka_bootstrap_servers:
            raise RuntimeError("KAFKA_BOOTSTRAP_SERVERS is not set and no embedded broker runs")
        return self.kafka_bootstrap_servers
