from services.common.settings import Settings


def test_topic_names_take_the_prefix(monkeypatch):
    monkeypatch.setenv("CONFLICT_ALERTS_TOPIC_PREFIX", "staging.")
    monkeypatch.setenv("CONFLICT_ALERTS_ALERTS_TOPIC", "alerts-v1")
    settings = Settings()
    assert settings.topic("reports") == "staging.reports"
    assert settings.topic("alerts") == "staging.alerts-v1"


def test_bootstrap_servers_use_the_standard_variable(monkeypatch):
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092")
    assert Settings().bootstrap_servers == "kafka-1:9092,kafka-2:9092"


def test_embedded_profile_tunes_the_consumer():
    embedded = Settings(profile="embedded")
    production = Settings(profile="production")
    assert embedded.effective_fetch_max_wait_ms == 20
    assert embedded.effective_rebalance_timeout_s == 3.0
    assert production.effective_fetch_max_wait_ms == 500
    assert Settings(profile="embedded", fetch_max_wait_ms=50).effective_fetch_max_wait_ms == 50
    # consumers off the alert path wait longer, but never less than the path itself
    assert embedded.effective_feed_fetch_max_wait_ms == 100
    assert production.effective_feed_fetch_max_wait_ms == 500
    # Tansu under-reports end offsets: table recovery checks them by reading
    assert embedded.effective_exact_end_offsets is True
    assert production.effective_exact_end_offsets is False
    assert Settings(profile="production", exact_end_offsets=True).effective_exact_end_offsets


def test_secrets_do_not_show_in_repr(monkeypatch):
    monkeypatch.setenv("CONFLICT_ALERTS_WEBHOOK_SECRET", "whsec_c2VjcmV0c2VjcmV0c2VjcmV0")
    assert "c2VjcmV0" not in repr(Settings())
