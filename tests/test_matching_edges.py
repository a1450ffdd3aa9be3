"""Maatjes (chalicelib/matching.py) at its edges, as the organiser sees the groups page: bounds
that cannot be met are refused, people who left a question open are grouped like everyone else
and never counted as agreeing, and the groups always have the planned sizes."""
import pytest

from chalicelib import matching
from test_matching import crowd

QUESTIONS = ["regio", "rol"]
# seven people: two left every question open, three answered one of the two (found by a search
# over small crowds: here a mix that treats "no answer" as an answer loses half its score)
SEVEN = [{"id": "p0", "answers": {"regio": "Noord", "rol": "Oost"}}, {"id": "p1", "answers": {}},
         {"id": "p2", "answers": {"regio": "Oost"}}, {"id": "p3", "answers": {"rol": "Oost"}},
         {"id": "p4", "answers": {"rol": "Noord"}}, {"id": "p5", "answers": {"regio": "Oost"}},
         {"id": "p6", "answers": {}}]


@pytest.mark.parametrize("smallest, largest", [(0, 3), (-1, 2), (4, 3)])
def test_bounds_no_group_can_have_are_refused(smallest, largest):
    with pytest.raises(ValueError):
        matching.group_sizes(6, smallest, largest)


def test_groups_of_one_are_allowed():
    assert matching.group_sizes(3, 1, 1) == [1, 1, 1]


def test_mixing_does_not_count_two_open_answers_as_the_same_answer():
    grouping = matching.groups(SEVEN, QUESTIONS, matching.MIXED)
    assert matching.score(grouping, SEVEN, QUESTIONS, matching.MIXED) == 100


@pytest.mark.parametrize("n", range(1, 40))
def test_mixed_groups_have_the_planned_sizes_whatever_the_answers(n):
    people = crowd(n, seed=n)
    for person in people[::3]:
        person["answers"].pop("rol")         # some leave a question open
    grouping = matching.groups(people, QUESTIONS, matching.MIXED)
    assert sorted(map(len, grouping), reverse=True) == matching.group_sizes(n)


def test_someone_who_answered_nothing_is_grouped_and_scored_like_the_rest():
    people = crowd(6) + [{"id": "zonder"}, {"id": "leeg", "answers": None}]
    for mode in matching.MODES:
        grouping = matching.groups(people, QUESTIONS, mode)
        assert sorted(rid for group in grouping for rid in group) == sorted(p["id"] for p in people)
        assert matching.score(grouping, people, QUESTIONS, mode) is not None


def test_a_pair_counts_only_where_both_answered():
    people = [{"id": "a", "answers": {"regio": "Noord"}}, {"id": "b", "answers": {}},
              {"id": "c", "answers": {"regio": "Noord"}}]
    assert matching.score([["a", "b", "c"]], people, ["regio"], matching.SIMILAR) == 100     # a and c only
    assert matching.score([["b", "a"]], people, ["regio"], matching.SIMILAR) is None


def test_similar_groups_list_the_answers_in_order_and_those_who_left_it_open_last():
    people = [{"id": f"z{i}", "answers": {"regio": "Zuid"}} for i in range(3)] + \
             [{"id": f"o{i}", "answers": {}} for i in range(3)] + \
             [{"id": f"n{i}", "answers": {"regio": "Noord"}} for i in range(3)]
    assert matching.groups(people, ["regio"], matching.SIMILAR, 3, 3) == [
        ["n0", "n1", "n2"], ["z0", "z1", "z2"], ["o0", "o1", "o2"]]
