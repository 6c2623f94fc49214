import asyncio

import pytest
import uvloop

from services.common.loop import install_event_loop
from services.common.settings import Settings


@pytest.fixture
def restore_policy():
    before = asyncio.get_event_loop_policy()
    yield
    asyncio.set_event_loop_policy(before)


def test_uvloop_is_the_default_and_new_loops_use_it(restore_policy):
    assert install_event_loop(Settings()) == "uvloop"
    loop = asyncio.new_event_loop()
    try:
        assert isinstance(loop, uvloop.Loop)
    finally:
        loop.close()


def test_the_standard_loop_can_be_chosen(restore_policy, monkeypatch):
    asyncio.set_event_loop_policy(None)
    monkeypatch.setenv("CONFLICT_ALERTS_EVENT_LOOP", "asyncio")
    assert install_event_loop(Settings()) == "asyncio"
    loop = asyncio.new_event_loop()
    try:
        assert not isinstance(loop, uvloop.Loop)
    finally:
        loop.close()


def test_an_unknown_loop_is_a_settings_error(monkeypatch):
    monkeypatch.setenv("CONFLICT_ALERTS_EVENT_LOOP", "trio")
    with pytest.raises(ValueError, match="event_loop"):
        Settings()
