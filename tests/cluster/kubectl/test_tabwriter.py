"""Go's text/tabwriter as kubectl describe configures it (minwidth 0, padding 2)."""

from cluster.kubectl.tabwriter import format_cells


def test_a_column_is_as_wide_as_its_widest_cell_plus_padding():
    text = "Name:\tweb\nNamespace:\tdefault\n"
    assert format_cells(text) == "Name:       web\nNamespace:  default\n"


def test_a_line_without_a_tab_ends_the_block_of_a_column():
    text = "Name:\tweb\nIPs:\n  IP:\t10.0.0.1\nControlled By:\tReplicaSet/web\n"
    assert format_cells(text) == (
        "Name:  web\nIPs:\n  IP:           10.0.0.1\nControlled By:  ReplicaSet/web\n"
    )


def test_the_last_cell_of_a_line_is_not_padded_but_empty_cells_are():
    text = "IP:\t\nStatus:\tRunning\n"
    assert format_cells(text) == "IP:      \nStatus:  Running\n"


def test_inner_columns_are_aligned_within_their_own_block():
    text = "  Type\tReason\tMessage\n  ----\t------\t-------\n  Normal\tPulled\tok\n"
    assert format_cells(text) == (
        "  Type    Reason  Message\n  ----    ------  -------\n  Normal  Pulled  ok\n"
    )


def test_minimum_width_and_padding_are_kubectls_get_settings_when_asked():
    assert format_cells("a\tb\n", minwidth=6, padding=3) == "a     b\n"
