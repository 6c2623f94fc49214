"""Prometheus metrics of the delivery worker, on a registry of its own (served at ``/metrics``).

    conflict_alerts_deliveries_total{outcome}          settled deliveries: delivered, exhausted,
                                                       permanent, gone, disabled, deleted
    conflict_alerts_delivery_attempts_total{verdict}   HTTP attempts: delivered, retry, permanent,
                                                       gone
    conflict_alerts_delivery_attempt_seconds           one attempt's request latency
    conflict_alerts_delivery_latency_seconds           alert message time -> delivered
    conflict_alerts_delivery_queue_depth{subscription} pending deliveries per endpoint
    conflict_alerts_delivery_breaker_open{subscription} 1 while that breaker is open
    conflict_alerts_delivery_consumer_lag{partition}   alerts not yet consumed (see docs: Tansu)
    conflict_alerts_delivery_alert_age_seconds         age of the last alert message consumed
    conflict_alerts_subscriptions_unusable{subscription} 1 while a stored subscription's secrets
                                                       cannot be decrypted (deliveries held)

Labels never carry URLs; endpoints are named by subscription id.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

__all__ = ["DeliveryMetrics"]

_LATENCY = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600, 86400)


class DeliveryMetrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.deliveries = Counter("conflict_alerts_deliveries", "Settled deliveries by outcome.",
                                  ["outcome"], registry=r)
        self.attempts = Counter("conflict_alerts_delivery_attempts",
                                "Webhook HTTP attempts by verdict.", ["verdict"], registry=r)
        self.attempt_seconds = Histogram("conflict_alerts_delivery_attempt_seconds",
                                         "Latency of one webhook request.", registry=r,
                                         buckets=_LATENCY[:12])
        self.latency = Histogram("conflict_alerts_delivery_latency_seconds",
                                 "Alert message time to delivered.", registry=r, buckets=_LATENCY)
        self.queue_depth = Gauge("conflict_alerts_delivery_queue_depth",
                                 "Pending deliveries per endpoint.", ["subscription"], registry=r)
        self.breaker_open = Gauge("conflict_alerts_delivery_breaker_open",
                                  "1 while an endpoint's circuit breaker is open.",
                                  ["subscription"], registry=r)
        self.consumer_lag = Gauge("conflict_alerts_delivery_consumer_lag",
                                  "Alerts topic: high watermark minus next offset to consume.",
                                  ["partition"], registry=r)
        self.alert_age = Gauge("conflict_alerts_delivery_alert_age_seconds",
                               "Age of the last alert message consumed (time-based lag).",
                               registry=r)
        self.unusable = Gauge("conflict_alerts_subscriptions_unusable",
                              "1 while a stored subscription's signing secrets cannot be "
                              "decrypted with the configured secrets key.", ["subscription"],
                              registry=r)

    def subscription_changed(self, subscription_id: str, unusable: bool) -> None:
        if unusable:
            self.unusable.labels(subscription_id).set(1)
            return
        try:
            self.unusable.remove(subscription_id)
        except KeyError:
            pass

    def attempt(self, verdict: str, seconds: float) -> None:
        self.attempts.labels(verdict).inc()
        self.attempt_seconds.observe(seconds)

    def settled(self, outcome: str) -> None:
        self.deliveries.labels(outcome).inc()

    def value(self, name: str, **labels: str) -> float:
        """A sample's current value (tests and the benchmark read it); 0 when absent."""
        found = self.registry.get_sample_value(name, labels)
        return found or 0.0

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
