import logging
import logging.config

import pytest

from services.common.faust_app import build_worker, create_app
from services.common.settings import Settings


@pytest.fixture
def restore_root_logger():
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.parametrize("level", ["warning", "info"])
def test_the_worker_keeps_the_configured_level(level, restore_root_logger, monkeypatch, tmp_path):
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1")  # never contacted
    settings = Settings(log_level=level, data_dir=tmp_path)
    worker = build_worker(create_app(settings, "logging-probe"), settings)
    worker._setup_logging()  # what the worker does first when it starts
    root = logging.getLogger()
    assert root.level == getattr(logging, level.upper())
    # faust's debug chatter (one record per message sent) is not even built
    assert not logging.getLogger("faust.topics").isEnabledFor(logging.DEBUG)
