"""Go's sort.Sort, step for step: sorted, and equal elements where Go leaves them."""

import random

import pytest

from cluster.kubectl import gosort


@pytest.mark.parametrize("size", [0, 1, 2, 12, 13, 49, 50, 51, 200, 1000])
def test_it_sorts(size):
    values = [random.Random(size).randint(0, 30) for _ in range(size)]
    ordered = list(values)
    gosort.sort(ordered, lambda a, b: a < b)
    assert ordered == sorted(values)


def test_twelve_or_fewer_equal_elements_keep_their_order():
    items = [(i % 2, i) for i in range(12)]
    gosort.sort(items, lambda a, b: a[0] < b[0])
    assert items == sorted(items, key=lambda item: item[0])


def test_more_than_twelve_equal_elements_end_where_kubectl_puts_them():
    # forty events at three different times, listed by name: `kubectl describe` (Go's
    # sort.Sort by last timestamp) printed them in this order
    rng = random.Random(7)
    stamps = [rng.randint(0, 2) for _ in range(40)]
    events = list(enumerate(stamps))
    gosort.sort(events, lambda a, b: a[1] < b[1])
    assert [number for number, _ in events] == [
        14, 34, 33, 25, 29, 5, 24, 7, 13, 37, 10, 35, 1, 12, 4, 22, 19, 17, 18, 16,
        0, 21, 15, 8, 38, 39, 2, 32, 20, 28, 30, 31, 27, 26, 23, 11, 36, 9, 6, 3,
    ]  # fmt: skip
