"""The test suite's clock: a fixed moment, whatever today's date.

The demo meeting is on 9 December 2026, and the tests sign people up for it, send its reminders
and its follow-up. On the real clock they would start failing the evening it ends. So the suite
starts at ``tests/conftest.py``'s SUITE_STARTS_AT and the clock runs on from there (time-machine:
``datetime.now`` and ``time.time`` move, ``time.monotonic`` is untouched). A process the suite
starts (``chalice local`` of the live stack, the dev stack) reads the same moment from
``SIGNUPS_CLOCK_OFFSET``, seconds from the real clock, and runs on from it too.
"""
import os
import time
from datetime import datetime

OFFSET = "SIGNUPS_CLOCK_OFFSET"


def start(at: datetime) -> None:
    """Move this process's clock to ``at`` and let it run; the processes it starts follow."""
    import time_machine
    os.environ[OFFSET] = repr(at.timestamp() - time.time())
    time_machine.travel(at, tick=True).start()


def follow() -> None:
    """In a process the suite started: the suite's moment (nothing without SIGNUPS_CLOCK_OFFSET)."""
    offset = os.environ.get(OFFSET)
    if offset:
        import time_machine
        time_machine.travel(time.time() + float(offset), tick=True).start()
