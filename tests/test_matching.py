"""Issue 30 item 5: the grouping of maatjes, a tested function. Every opted-in person in exactly
one group, sizes within the organiser's bounds whenever a split within them exists (else the
nearest, as documented), for any number of people from 0 to 500; similar and mixed do what they
say, and the score tells them apart."""
import random

import pytest
from hypothesis import given, settings, strategies as st

from chalicelib import matching

REGIONS = ["Noord", "Oost", "Zuid", "West"]


def crowd(n, seed=0):
    rng = random.Random(seed)
    return [{"id": f"r{i:03d}", "answers": {"regio": rng.choice(REGIONS), "rol": rng.choice(["beleid", "inkoop"])}}
            for i in range(n)]


@pytest.mark.parametrize("smallest, largest", [(3, 4), (2, 3), (3, 5), (4, 6), (2, 2), (5, 5)])
def test_every_count_from_0_to_500_is_split_within_the_bounds_whenever_a_split_can_be(smallest, largest):
    for n in range(0, 501):
        sizes = matching.group_sizes(n, smallest, largest)
        assert sum(sizes) == n
        if n and matching.within_bounds_possible(n, smallest, largest):
            assert all(smallest <= size <= largest for size in sizes), (n, sizes)
            assert max(sizes) - min(sizes) <= 1, (n, sizes)
        elif n >= smallest:          # no split within the bounds: never smaller than asked
            assert all(size >= smallest for size in sizes), (n, sizes)
        elif n:
            assert sizes == [n]       # fewer than the smallest group: together


def test_the_only_counts_of_3_to_4_that_cannot_be_kept_are_below_3_and_5():
    assert [n for n in range(0, 501) if not matching.within_bounds_possible(n, 3, 4)] == [1, 2, 5]
    assert matching.group_sizes(5, 3, 4) == [5]
    assert matching.group_sizes(7, 3, 4) == [4, 3]
    assert matching.group_sizes(0) == []


@pytest.mark.parametrize("mode", matching.MODES)
@given(n=st.integers(0, 500), seed=st.integers(0, 10))
@settings(max_examples=60, deadline=None)
def test_every_person_is_in_exactly_one_group_of_the_planned_sizes(mode, n, seed):
    people = crowd(n, seed)
    grouping = matching.groups(people, ["regio"], mode)
    ids = [rid for group in grouping for rid in group]
    assert sorted(ids) == sorted(p["id"] for p in people)
    assert sorted(map(len, grouping), reverse=True) == matching.group_sizes(n)


def test_similar_keeps_a_region_together_and_mixed_spreads_it():
    people = [{"id": f"{region}{i}", "answers": {"regio": region}} for region in REGIONS for i in range(4)]
    similar = matching.groups(people, ["regio"], matching.SIMILAR)
    mixed = matching.groups(people, ["regio"], matching.MIXED)
    assert all(len({rid[:-1] for rid in group}) == 1 for group in similar)     # one region a group
    assert all(len({rid[:-1] for rid in group}) == 4 for group in mixed)       # four regions a group
    assert matching.score(similar, people, ["regio"], matching.SIMILAR) == 100
    assert matching.score(mixed, people, ["regio"], matching.MIXED) == 100
    assert matching.score(mixed, people, ["regio"], matching.SIMILAR) == 0


def test_the_score_of_the_chosen_grouping_beats_a_random_one():
    people = crowd(120, seed=3)
    for mode in matching.MODES:
        chosen = matching.score(matching.groups(people, ["regio", "rol"], mode), people, ["regio", "rol"], mode)
        shuffled = [p["id"] for p in random.Random(1).sample(people, len(people))]
        sizes, start, random_grouping = matching.group_sizes(120), 0, []
        for size in sizes:
            random_grouping.append(shuffled[start:start + size])
            start += size
        assert chosen >= matching.score(random_grouping, people, ["regio", "rol"], mode) + 10, mode


def test_the_same_people_give_the_same_groups_in_any_order():
    people = crowd(37, seed=5)
    assert matching.groups(people, ["regio"]) == matching.groups(list(reversed(people)), ["regio"])


def test_no_questions_or_no_pairs_have_no_score():
    assert matching.score([["a"]], [{"id": "a", "answers": {}}], ["regio"]) is None
    assert matching.score(matching.groups(crowd(8), []), crowd(8), []) is None
