"""Maatjes (issue 30 item 5): people who opted in, split into small groups that keep learning
together after the meeting. A pure function of the people and the organiser's choices; no storage.

``group_sizes(n, smallest, largest)`` splits ``n`` people into as few groups as the largest size
allows, as even as possible. That keeps every group within the bounds whenever any split can
(always, once ``largest >= 2 * smallest - 1``); when none can (5 people in groups of 3 to 4), the
groups are as many as the smallest size allows and may hold more than ``largest``; fewer people
than ``smallest`` make one group. ``groups()`` then fills them: ``similar`` keeps people with the
same answers to the chosen questions together, ``mixed`` spreads each answer over the groups.
``score()`` says how well the grouping does what the organiser asked, from 0 to 100.
"""
from itertools import combinations
from typing import Iterable, Optional

SIMILAR, MIXED = "similar", "mixed"
MODES = (SIMILAR, MIXED)


def group_sizes(n: int, smallest: int = 3, largest: int = 4) -> list:
    """The sizes of the groups for ``n`` people, largest first."""
    if smallest < 1 or largest < smallest:
        raise ValueError("bounds")
    if n <= 0:
        return []
    count = -(-n // largest)                 # as few groups as the largest size allows
    if count * smallest > n:                 # no split within the bounds exists
        count = max(n // smallest, 1)
    base, extra = divmod(n, count)
    return [base + 1] * extra + [base] * (count - extra)


def within_bounds_possible(n: int, smallest: int, largest: int) -> bool:
    """Whether ``n`` people can be split into groups of ``smallest`` to ``largest`` people."""
    return n == 0 or -(-n // largest) * smallest <= n


def _profile(person: dict, questions: Iterable[str]) -> tuple:
    answers = person.get("answers") or {}
    return tuple((answers.get(q) is None, str(answers.get(q) or "")) for q in questions)


def groups(people: list, questions: list, mode: str = SIMILAR, smallest: int = 3, largest: int = 4) -> list:
    """``people`` (dicts with ``id`` and ``answers``) as a list of groups (lists of ids). Every
    person is in exactly one group; the same input gives the same groups."""
    if mode not in MODES:
        raise ValueError(mode)
    ordered = sorted(people, key=lambda p: (_profile(p, questions), str(p["id"])))
    sizes = group_sizes(len(ordered), smallest, largest)
    if mode == SIMILAR:            # neighbours in answer order share a group
        out, start = [], 0
        for size in sizes:
            out.append([p["id"] for p in ordered[start:start + size]])
            start += size
        return out
    out = [[] for _ in sizes]      # mixed: each person joins the group with room where the fewest share an answer
    seen = [[] for _ in sizes]     # per group: the members' profiles
    for person in ordered:
        mine = _profile(person, questions)
        clash = [sum(a == b and not a[0] for other in seen[i] for a, b in zip(mine, other)) for i in range(len(out))]
        best = min((i for i in range(len(out)) if len(out[i]) < sizes[i]), key=lambda i: (clash[i], len(out[i]), i))
        out[best].append(person["id"])
        seen[best].append(mine)
    return out


def score(grouping: list, people: list, questions: list, mode: str = SIMILAR) -> Optional[int]:
    """How well ``grouping`` does what ``mode`` asks, 0-100: of all pairs of people in one group and
    each chosen question both answered, the share with the same answer (``similar``) or a different
    one (``mixed``). None when nothing can be compared (no questions, no pairs)."""
    answers = {p["id"]: p.get("answers") or {} for p in people}
    alike = compared = 0
    for group in grouping:
        for a, b in combinations(group, 2):
            for q in questions:
                x, y = answers[a].get(q), answers[b].get(q)
                if x is not None and y is not None:
                    compared += 1
                    alike += x == y
    if not compared:
        return None
    share = alike / compared if mode == SIMILAR else 1 - alike / compared
    return round(100 * share)
