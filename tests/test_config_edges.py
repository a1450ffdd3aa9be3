"""The settings a stage runs with: docs/deploy.md's configuration table is what an operator reads, so a
stage that sets none of those variables gets the defaults the table names, and one that sets them gets
its own values."""
import dataclasses
import pathlib
import re

import pytest

from chalicelib import config

ROOT = pathlib.Path(__file__).resolve().parent.parent
ROW = re.compile(r"^\| `([A-Z_]+)` \| ([^|]+) \|")


def documented_defaults() -> dict:
    """The table in docs/deploy.md ("Configuration"): variable -> its default as written there."""
    text = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    table = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return {m.group(1): m.group(2).strip() for line in table.splitlines() if (m := ROW.match(line))}


FIELDS = {f.name.upper(): f for f in dataclasses.fields(config.Settings)}


def as_setting(field, written: str):
    if written in ("(none)", "unset"):
        return False if field.type in (bool, "bool") else ""
    value = written.strip("`")
    return {"int": int, "float": float, "bool": lambda v: v == "1"}.get(getattr(field.type, "__name__", field.type),
                                                                         str)(value)


@pytest.fixture
def bare(monkeypatch):
    """A stage that sets none of the settings' variables."""
    for name in FIELDS:
        monkeypatch.delenv(name, raising=False)
    config.settings.cache_clear()
    yield monkeypatch
    config.settings.cache_clear()


def test_every_setting_is_in_the_deploy_guide():
    assert set(FIELDS) <= set(documented_defaults())


def test_a_stage_that_sets_nothing_gets_the_defaults_the_deploy_guide_names(bare):
    got = config.settings()
    documented = documented_defaults()
    assert {name: getattr(got, f.name) for name, f in FIELDS.items()} == \
        {name: as_setting(f, documented[name]) for name, f in FIELDS.items()}


def test_every_variable_a_stage_sets_is_the_setting_it_runs_with(bare):
    chosen = {}
    for n, (name, field) in enumerate(FIELDS.items(), 1):
        value = {"int": str(1000 + n), "float": f"{n}.5", "bool": "1"}.get(
            getattr(field.type, "__name__", field.type), f"value-{n}")
        bare.setenv(name, value)
        chosen[name] = as_setting(field, value)
    got = config.settings()
    assert {name: getattr(got, f.name) for name, f in FIELDS.items()} == chosen


def test_a_base_url_written_with_a_trailing_slash_makes_links_without_a_double_slash(bare):
    bare.setenv("PUBLIC_BASE_URL", "https://example.org/api//")
    assert config.settings().public_base_url == "https://example.org/api"


@pytest.mark.parametrize("written", ["0", "true", "yes", ""], ids=["zero", "true", "yes", "empty"])
def test_only_a_1_lets_webhooks_go_to_a_local_receiver(bare, written):
    bare.setenv("WEBHOOK_ALLOW_LOCAL", written)
    assert config.settings().webhook_allow_local is False
