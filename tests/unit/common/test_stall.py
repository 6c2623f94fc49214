"""A partition with records fetched past its committed offset that stands still is read again;
one that moves, or has caught up, is left alone."""

from services.common.stall import StallWatch


def test_a_partition_standing_still_past_its_commit_is_read_again_once():
    watch = StallWatch(after_s=15)
    assert not watch.observe("p3", committed=10, position=18, read=17, now=0)
    assert not watch.observe("p3", committed=10, position=18, read=17, now=10)
    assert watch.observe("p3", committed=10, position=18, read=17, now=16)
    # it starts over: the next stall needs its own wait
    assert not watch.observe("p3", committed=10, position=18, read=17, now=17)


def test_a_partition_that_moves_is_not_stalled():
    watch = StallWatch(after_s=15)
    for step in range(10):
        assert not watch.observe("p0", committed=step, position=step + 3, read=step + 2,
                                 now=step * 5)


def test_a_partition_that_caught_up_is_not_stalled():
    watch = StallWatch(after_s=15)
    assert not watch.observe("p1", committed=6, position=6, read=5, now=0)
    assert not watch.observe("p1", committed=6, position=6, read=5, now=100)
    assert not watch.observe("p2", committed=None, position=0, read=None, now=100)


def test_a_partition_with_nothing_committed_is_read_from_its_start():
    watch = StallWatch(after_s=15)
    assert not watch.observe("p1", committed=None, position=2, read=None, now=0)
    assert watch.observe("p1", committed=None, position=2, read=None, now=20)


def test_a_rebalance_forgets_what_was_seen():
    watch = StallWatch(after_s=15)
    watch.observe("p3", committed=10, position=18, read=17, now=0)
    watch.reset()
    assert not watch.observe("p3", committed=10, position=18, read=17, now=20)


def test_nothing_is_committed_past_an_unfinished_record():
    from services.common.stall import head_unfinished

    assert head_unfinished(committed=2, acked=[3])  # the record at 2 is not finished
    assert head_unfinished(committed=2, acked=[4, 5])
    assert not head_unfinished(committed=2, acked=[2, 3])
    assert not head_unfinished(committed=2, acked=[])
    assert not head_unfinished(committed=None, acked=[3])
