"""Which stream entries may be trimmed: those every group has delivered and acknowledged."""

from shared.stream_trim import GroupProgress, trim_bound


def test_the_bound_is_the_oldest_entry_any_group_still_needs():
    done = GroupProgress(last_delivered="5-0", oldest_pending=None)
    behind = GroupProgress(last_delivered="3-0", oldest_pending=None)
    holding = GroupProgress(last_delivered="5-0", oldest_pending="2-1")
    assert trim_bound([done]) == "5-1"  # everything up to its last delivered entry may go
    assert trim_bound([done, behind]) == "3-1"
    assert trim_bound([done, holding]) == "2-1"  # an unacknowledged entry stays for reclaiming


def test_nothing_goes_while_a_group_has_read_nothing_or_there_is_no_group():
    assert trim_bound([GroupProgress("0-0", None), GroupProgress("9-0", None)]) is None
    assert trim_bound([]) is None


def test_ids_compare_as_numbers_not_text():
    assert trim_bound([GroupProgress("10-0", None), GroupProgress("9-5", None)]) == "9-6"
