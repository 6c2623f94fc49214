"""Webhook delivery: reads the ``alerts`` topic and POSTs each alert, signed the Standard Webhooks
way, to every subscription whose filters match; durably (a journal topic), with retries,
per-endpoint queues, a circuit breaker, dead letters and redelivery. See docs/delivery.md.

    pure      outcome, schedule, lifecycle, breaker, matchers, routing
    config    receivers file (YAML) and routing tree, validated
    records   subscriptions, pending deliveries, delivery dead letters (Kafka records)
    urlcheck  subscription URL checks (https, no private addresses), resolver injected
    signing   Standard Webhooks headers and signatures
    sealing   the subscriptions' secrets encrypted at rest (Fernet keys, seal and open)
    sender    one attempt with the endpoint's own HTTP client
    endpoint  one queue per subscription: schedule, order, concurrency, breaker
    dispatcher route -> journal -> queue; settle outcomes
    kafkalog  acknowledged writes; reading compacted topics to their end with markers
    subscriptions, api   the store and the /subscriptions HTTP API, /metrics
    metrics   Prometheus metrics
    service   starts and stops everything but the agents
    handler, app   the faust agents (app is the only module here that imports faust)
    redeliver `conflict-alerts redeliver`
    redact    webhook URLs as they may appear in logs and errors
"""
