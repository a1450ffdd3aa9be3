"""Memory per Lambda function, chosen from measured CPU: AWS Lambda Power Tuning's method on paper.

Power Tuning runs a function at several memory sizes and compares time and cost per size. Lambda
gives a function CPU in proportion to its memory (one whole vCPU at 1,769 MB,
chalicelib.export_jobs.FULL_VCPU_MB), so from the CPU one request takes on a whole core here
(benchmarks/coldstart.py: the first request of a fresh process, and the warm ones after it) the
time at each size is CPU / share + the time it waits on AWS, and the cost is that time x memory
at Lambda's price. The waits are not measured here (the emulator is far slower than DynamoDB):
each request's AWS calls (benchmarks/calls.py) count at an assumed latency, below.

Choice: for each function the cheapest size whose modelled time meets its goals (GOALS: a cold
first request, and for the email worker a warm one too), and at least 1.5 times the peak RSS
measured. Above 1,769 MB a single-threaded function gets no faster,
so no size above it is considered. ``python -m benchmarks.memory`` prints the table from
benchmarks/results.json (run.py's "memory" part writes it into RESULTS.md).
"""
import json
import pathlib

from chalicelib.export_jobs import CPU_SECONDS_PER_CELL, FULL_VCPU_MB

ROOT = pathlib.Path(__file__).resolve().parent.parent
SIZES = (128, 256, 512, 768, 1024, 1536, 1769)
GB_SECOND_USD = 0.0000166667     # x86, eu-west-1, per GB-second
REQUEST_USD = 0.20 / 1_000_000
DYNAMODB_MS, SES_MS = 10, 50     # assumed waits per call on AWS (not measured: the emulator is slower)
EXPORT_COLUMNS, EXPORT_JOB_ROWS = 13, 1_000_000      # the demo event's columns; the export worker's goal

# (function in .chalice/config.json, request kinds it serves, goal in ms for a cold first request,
# goal in ms for a warm one (None: none), why)
GOALS = [
    ("api_handler", ("signup", "api", "form", "organiser"), 1000, None,
     "a visitor waits on it: a cold start in an opening burst within the hot event's p99 goal of 1 s"),
    ("email_worker", ("worker",), 5000, 200,
     "the confirmation mail within seconds, cold; warm, 5 mails a second from one stream shard "
     "(a stream shard feeds one instance at a time: 10,000 signups' mails in about half an hour)"),
    ("expire_holds", ("schedules",), 15000, None, "nobody waits; a quarter of its 60 s timeout"),
    ("send_reminders", ("schedules",), 15000, None, "nobody waits; a quarter of its 60 s timeout"),
    ("send_digests", ("schedules",), 15000, None, "nobody waits; a quarter of its 60 s timeout"),
    ("ses_feedback", ("sns",), 15000, None, "nobody waits; a quarter of its 60 s timeout"),
]
# AWS calls of each request kind (benchmarks/calls.py's floors; a cold worker also reads the event)
CALLS = {"signup": (3, 0), "api": (1, 0), "form": (1, 0), "organiser": (4, 0), "worker": (5, 1),
         "schedules": (1, 0), "sns": (1, 0)}


def share(memory: int) -> float:
    return min(memory / FULL_VCPU_MB, 1.0)


def wait_ms(kind: str) -> float:
    dynamodb, ses = CALLS[kind]
    return dynamodb * DYNAMODB_MS + ses * SES_MS


def duration_ms(cpu_ms: float, memory: int, waits: float) -> float:
    return cpu_ms / share(memory) + waits


def cost_usd(ms: float, memory: int) -> float:
    return max(1, round(ms)) / 1000 * memory / 1024 * GB_SECOND_USD + REQUEST_USD


def table(cold: dict) -> list:
    """Per request kind and size: (kind, size, cold ms, warm ms, warm cost per million in USD)."""
    out = []
    for kind, c in cold.items():
        for memory in SIZES:
            first = duration_ms(c["ours_cpu"], memory, wait_ms(kind))
            warm = duration_ms(c.get("warm_cpu_ms") or 0, memory, wait_ms(kind))
            out.append((kind, memory, round(first), round(warm, 1), round(cost_usd(warm, memory) * 1e6, 2)))
    return out


def choose(cold: dict) -> dict:
    """{function: (memory, why)}: the cheapest size meeting each goal, and the export worker's."""
    chosen = {}
    for function, kinds, goal_ms, warm_goal_ms, why in GOALS:
        peak = max(cold[k]["peak_mb"] for k in kinds)

        def slowest(memory, key, kinds=kinds):
            return max(duration_ms(cold[k][key] or 0, memory, wait_ms(k)) for k in kinds)
        fits = [m for m in SIZES if m >= 1.5 * peak and slowest(m, "ours_cpu") <= goal_ms
                and (warm_goal_ms is None or slowest(m, "warm_cpu_ms") <= warm_goal_ms)]
        memory = fits[0] if fits else SIZES[-1]
        warm = f", warm {slowest(memory, 'warm_cpu_ms'):.0f} ms (goal {warm_goal_ms} ms)" if warm_goal_ms else ""
        chosen[function] = (memory, f"{why}; cold {slowest(memory, 'ours_cpu'):.0f} ms (goal {goal_ms:,} ms){warm}, "
                                    f"peak RSS {peak:.0f} MB")
    # the export worker: CPU bound; a 1,000,000-row XLSX within half its 15-minute timeout
    cpu_s = EXPORT_JOB_ROWS * EXPORT_COLUMNS * CPU_SECONDS_PER_CELL["xlsx"]
    memory = next((m for m in SIZES if cpu_s / share(m) <= 450), SIZES[-1])
    chosen["export_worker"] = (memory, f"an XLSX of {EXPORT_JOB_ROWS:,} rows x {EXPORT_COLUMNS} columns "
                                       f"({cpu_s:.0f} s CPU on a whole vCPU) in {cpu_s / share(memory):.0f} s, "
                                       "within half its 900 s timeout")
    return chosen


def configured() -> dict:
    """{function: memory} as .chalice/config.json sets it (Chalice's default 128 where it does not)."""
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    default = config.get("lambda_memory_size", 128)
    return {name: f.get("lambda_memory_size", default) for name, f in config["lambda_functions"].items()}


def rows_that_fit(fmt: str, memory: int, seconds: float = 20.0, columns: int = EXPORT_COLUMNS) -> int:
    """A synchronous export's rows that fit EXPORT_SYNC_SECONDS at ``memory`` (chalicelib.export_jobs)."""
    return int(seconds / (columns * CPU_SECONDS_PER_CELL[fmt] / share(memory)))


def markdown(results: dict) -> list:
    cold = results["cold"]
    chosen, config = choose(cold), configured()
    lines = ["## Memory per function", "",
             "From the cold-start part's CPU (first request, and the median of the warm ones after it) on a "
             f"whole core here; time at a size = CPU / (size / {FULL_VCPU_MB} MB) + {DYNAMODB_MS} ms per DynamoDB "
             f"call and {SES_MS} ms per SES call (assumed); cost = time x size at ${GB_SECOND_USD} per GB-s + "
             "$0.20 per million requests (benchmarks/memory.py).", "",
             "| request | CPU ms cold / warm | peak RSS MB | " + " | ".join(f"{m} MB" for m in SIZES) + " |",
             "|---|---:|---:|" + "---:|" * len(SIZES)]
    by_kind = {}
    for kind, _size, first, warm, cost in table(cold):
        by_kind.setdefault(kind, []).append(f"{first:,} / {warm} ms, ${cost}")
    for kind, cells in by_kind.items():
        c = cold[kind]
        lines.append(f"| {kind} | {c['ours_cpu']} / {c.get('warm_cpu_ms')} | {c['peak_mb']} | " + " | ".join(cells) + " |")
    lines += ["", "Each cell: the cold first request / a warm one, in ms, and a million warm ones in USD.", "",
              "| function | chosen MB | in .chalice/config.json | why |", "|---|---:|---:|---|"]
    for function, (memory, why) in chosen.items():
        lines.append(f"| {function} | {memory} | {config.get(function)} | {why} |")
    api = config["api_handler"]
    lines += ["", f"At the API function's {api} MB a synchronous export fits {rows_that_fit('csv', api):,} CSV rows "
              f"or {rows_that_fit('xlsx', api):,} XLSX rows of {EXPORT_COLUMNS} columns in EXPORT_SYNC_SECONDS (20 s)."]
    return lines


if __name__ == "__main__":
    print("\n".join(markdown(json.loads((ROOT / "benchmarks" / "results.json").read_text()))))
