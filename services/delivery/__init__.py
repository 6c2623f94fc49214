"""Webhook delivery: reads the ``alerts`` topic and POSTs each alert, signed the Standard Webhooks
way, to every receiver whose filters match.

    config    receivers file (YAML), validated
    routing   which receivers an alert goes to (pure)
    signing   Standard Webhooks headers and signatures
    outcome   what an HTTP result means: delivered, retry, permanent failure, gone (pure)
    sender    one receiver's HTTP client, attempts with backoff and a deadline
    redact    webhook URLs as they may appear in logs and errors
    handler   one alert message in, deliveries out
    app       the faust worker (the only module here that imports faust)
"""
