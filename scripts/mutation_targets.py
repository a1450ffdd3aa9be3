"""What ``make mutate`` mutates, the tests that may kill each module's mutants, and the mutants
known to be equivalent (no test can tell them from the real code), each with its reason.

To add a module: one line in MODULES, with the test files that exercise it (a mutant runs only
the tests of these files that ran its lines, fastest first). An EQUIVALENT key is the text
``python -m scripts.mutate --list --module <name>`` prints after the line number.
"""

_SEATS = ("tests/test_seat_guards.py", "tests/test_signup_rules.py", "tests/test_signups.py", "tests/test_lifecycle.py",
          "tests/test_consent_and_erasure.py", "tests/test_waitlist_model.py")

MODULES = {
    "chalicelib/store/seats.py": _SEATS,
    "chalicelib/signups.py": _SEATS + ("tests/test_outbox.py",),
    "chalicelib/forms.py": ("tests/test_forms.py", "tests/test_signups.py"),
    "chalicelib/exports.py": ("tests/test_exports.py", "tests/test_downloads.py"),
    "chalicelib/tokens.py": ("tests/test_tokens.py", "tests/test_lifecycle.py", "tests/test_downloads.py"),
    "chalicelib/auth.py": ("tests/test_auth.py", "tests/test_organiser_cli.py"),
    "chalicelib/outbox.py": ("tests/test_outbox.py",),
    "chalicelib/store/mails.py": ("tests/test_outbox.py", "tests/test_bounces.py"),
}

EQUIVALENT = {
}
