"""The Interner: one object for many equal ones, bounded."""

from cluster.engine.interning import Interner


def test_equal_objects_come_back_as_the_first_one_kept():
    interned: Interner[tuple[str, ...]] = Interner()
    first = interned(tuple(["app", "web"]))
    again = interned(tuple(["app", "web"]))
    assert again is first
    assert interned(("app", "db")) is not first


def test_an_unhashable_object_is_kept_by_the_key_it_is_given():
    interned: Interner[dict] = Interner()
    first = interned({"cpu": "1"}, key="cpu=1")
    assert interned({"cpu": "1"}, key="cpu=1") is first
    assert interned({"cpu": "2"}, key="cpu=2") == {"cpu": "2"}


def test_once_full_it_forgets_what_it_kept_and_starts_afresh():
    interned: Interner[tuple[int]] = Interner(size=2)
    first = interned(tuple([1]))
    interned((2,))
    interned((3,))  # full: forgets (1,) and (2,)
    later = interned(tuple([1]))
    assert later == first and later is not first
    assert interned(tuple([3])) == (3,)
