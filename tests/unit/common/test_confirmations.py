"""Outputs' acknowledgements awaited in the background, one task per message (stage.py)."""

import asyncio

import pytest

from services.common.stage import Confirmations


async def test_add_returns_before_the_acks_and_finish_runs_after_all_of_them():
    acks = [asyncio.get_running_loop().create_future() for _ in range(2)]
    finished: list = []

    async def finish(error):
        finished.append(error)

    confirmations = Confirmations()
    await confirmations.add(acks, finish)
    assert finished == [] and len(confirmations) == 1
    acks[0].set_result(None)
    await asyncio.sleep(0)
    assert finished == []  # one ack is not enough
    acks[1].set_result(None)
    await confirmations.drain()
    assert finished == [None] and len(confirmations) == 0


async def test_a_refused_send_finishes_the_message_with_the_error():
    ack = asyncio.get_running_loop().create_future()
    finished: list = []

    async def finish(error):
        finished.append(error)

    confirmations = Confirmations()
    await confirmations.add([ack], finish)
    ack.set_exception(ValueError("record too large"))
    await confirmations.drain()
    assert len(finished) == 1 and isinstance(finished[0], ValueError)


async def test_a_message_without_outputs_finishes_at_once():
    finished: list = []

    async def finish(error):
        finished.append(error)

    confirmations = Confirmations()
    await confirmations.add([], finish)
    await confirmations.drain()
    assert finished == [None]


async def test_past_the_limit_add_waits_for_the_oldest_message():
    loop = asyncio.get_running_loop()
    first, second = loop.create_future(), loop.create_future()

    async def finish(error):
        return None

    confirmations = Confirmations(limit=1)
    await confirmations.add([first], finish)
    blocked = asyncio.create_task(confirmations.add([second], finish))
    await asyncio.sleep(0.01)
    assert not blocked.done()
    first.set_result(None)
    await asyncio.wait_for(blocked, 1)
    second.set_result(None)
    await confirmations.drain()


@pytest.mark.parametrize("limit", [0, -1])
def test_the_limit_must_allow_one_message(limit):
    with pytest.raises(ValueError):
        Confirmations(limit=limit)
