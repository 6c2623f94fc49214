import gc

import pytest

from services.common.gctune import THRESHOLDS, tune_gc


@pytest.fixture
def restore_gc():
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


def test_thresholds_are_applied_and_startup_objects_frozen(restore_gc):
    survivor = [object() for _ in range(10)]  # alive at start-up, like the app and its tables
    tune_gc()
    assert gc.get_threshold() == THRESHOLDS
    assert gc.get_freeze_count() >= len(survivor)
