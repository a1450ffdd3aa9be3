"""The store package (chalicelib/store/__init__.py): callers name a module, ``store.seats``, and it
is loaded when first named. A cold start has loaded none of them yet: every module must still be
found by its name then, or the first request that needs it fails; a name that is no module is an
AttributeError, as for any module, so ``hasattr`` and ``getattr(..., default)`` keep working."""
import pytest

from chalicelib import store

# the modules store/__init__.py's docstring names, written out here: a module missing from the
# store's own list would be found in this process (already loaded) but not on a cold start
NAMED = ("after", "announcements", "buddies", "counters", "digests", "events", "jobs", "mails", "organisations",
         "organisers", "pools", "roster", "schedule", "seats", "sessions", "table", "webhooks", "writes")


@pytest.mark.parametrize("name", NAMED)
def test_a_cold_start_finds_each_store_module_the_first_time_it_is_named(name, monkeypatch):
    monkeypatch.delattr(store, name, raising=False)     # as in a fresh process: not named yet
    module = getattr(store, name)
    assert module.__name__ == f"chalicelib.store.{name}"


def test_a_name_that_is_no_store_module_is_an_attribute_error():
    assert not hasattr(store, "tickets")
    assert getattr(store, "tickets", None) is None
    with pytest.raises(AttributeError) as raised:
        store.tickets     # noqa: B018  # the attribute read is what is tested
    assert str(raised.value) == "module 'chalicelib.store' has no attribute 'tickets'"
