"""Resource quantities: what ParseQuantity takes, and String() of what it took."""

import pytest

from cluster.engine.api import quantity


@pytest.mark.parametrize(
    ("text", "canonical"),
    [("1.5m", "1500u"), ("0.5", "500m"), ("1024Mi", "1Gi"), ("1e3", "1e3"), ("1E", "1E")],
)
def test_canonical_forms(text, canonical):
    assert quantity.canonical(text) == canonical


@pytest.mark.parametrize("text", ["1e+06m", "1e-05m", "1e3Mi", "abc", "1.2.3", "m"])
def test_an_exponent_and_a_suffix_together_or_no_number_is_no_quantity(text):
    with pytest.raises(quantity.QuantityError, match="quantities must match"):
        quantity.parse(text)
