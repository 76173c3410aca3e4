import gc

from cluster import gcpolicy


def test_apply_collects_the_young_generation_less_often_and_keeps_the_older_thresholds():
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        gcpolicy.apply()
        assert gc.get_threshold() == (gcpolicy.YOUNG_THRESHOLD, 10, 10)
    finally:
        gc.set_threshold(*before)
