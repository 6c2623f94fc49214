"""The restart policy: backoff grows per crash in the window, repeated crashes give up."""

from services.runtime.restart import RestartPolicy


def test_backoff_doubles_and_is_capped():
    policy = RestartPolicy(max_crashes=10, window_s=100, base_s=1, max_s=5)
    delays = [policy.crashed("rules", now=float(t)) for t in range(5)]
    assert delays == [1, 2, 4, 5, 5]
    assert policy.restarts == {"rules": 5}


def test_gives_up_after_too_many_crashes_in_the_window():
    policy = RestartPolicy(max_crashes=3, window_s=10, base_s=0.1)
    assert all(policy.crashed("extractor", now=t) is not None for t in (0.0, 1.0, 2.0))
    assert policy.crashed("extractor", now=3.0) is None


def test_crashes_outside_the_window_are_forgotten():
    policy = RestartPolicy(max_crashes=2, window_s=10, base_s=1)
    assert policy.crashed("rules", now=0.0) == 1
    assert policy.crashed("rules", now=5.0) == 2
    # the first crash left the window: two recent ones, not three
    assert policy.crashed("rules", now=11.0) == 2
    assert policy.crashed("rules", now=30.0) == 1


def test_workers_are_counted_apart():
    policy = RestartPolicy(max_crashes=1, window_s=10)
    assert policy.crashed("rules", now=0.0) is not None
    assert policy.crashed("extractor", now=0.0) is not None
    assert policy.crashed("rules", now=1.0) is None
