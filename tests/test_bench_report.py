"""The benchmark report's cold-start verdicts: a ratio meets the goal only when both wall and
CPU time are within it, and the first mail is judged beside the bare worker doing the same work."""
from benchmarks import report


def cold(ours, bare, **extra):
    c = {"ours": ours[0], "ours_cpu": ours[1], "bare": bare[0], "bare_cpu": bare[1],
         "ratio": round(ours[0] / bare[0], 2), "ratio_cpu": round(ours[1] / bare[1], 2)}
    if "libraries" in extra:
        lib = extra["libraries"]
        c.update(libraries=lib[0], libraries_cpu=lib[1], ratio_libraries=round(ours[0] / lib[0], 2),
                 ratio_libraries_cpu=round(ours[1] / lib[1], 2))
    return c


def verdict(c):
    (row,) = [r for r in report.rows({"cold": {"x": c}}, {"cold": {}}) if r[0] == "cold start: x"]
    return row[3]


def test_a_cold_start_slower_in_wall_time_only_misses_the_goal():
    assert "misses it" in verdict(cold((112, 100), (100, 100)))
    assert "misses it" in verdict(cold((100, 112), (100, 100)))
    assert "meets it" in verdict(cold((110, 109), (100, 100)))


def test_the_first_mail_is_judged_beside_a_bare_worker_that_renders_a_mail_too():
    c = cold((330, 310), (270, 260), libraries=(320, 300))
    assert verdict(c).startswith("1.03x wall, 1.03x CPU meets it")
    assert "1.22x wall, 1.19x CPU of a fixed text" in verdict(c)
    assert "misses it" in verdict(cold((400, 310), (270, 260), libraries=(320, 300)))
