"""kubectl get --sort-by: JSONPath values compared as kubectl's sorters compare them."""

import pytest

from cluster.kubectl import sorter


def test_paths_are_relaxed_as_kubectl_relaxes_them() -> None:
    for field in ("a.b", ".a.b", "{a.b}", "{.a.b}"):
        assert sorter.relaxed(field) == "{.a.b}"
    with pytest.raises(sorter.SortError):
        sorter.relaxed("{{")


def test_quantities_numbers_text_and_missing_fields() -> None:
    items = [{"v": "1Gi"}, {"v": "500Mi"}, {}, {"v": "2"}]
    sorter.sort(items, ".v")
    assert items == [{}, {"v": "2"}, {"v": "500Mi"}, {"v": "1Gi"}]
    names = [{"n": "web-10"}, {"n": "web-9"}, {"n": "db"}]
    sorter.sort(names, "n")
    assert names == [{"n": "db"}, {"n": "web-10"}, {"n": "web-9"}]
    numbers = [{"n": 10}, {"n": 9}]
    sorter.sort(numbers, "{.n}")
    assert numbers == [{"n": 9}, {"n": 10}]


def test_a_field_no_item_has_does_not_sort() -> None:
    with pytest.raises(sorter.SortError):
        sorter.sort([{"a": 1}], ".b")
