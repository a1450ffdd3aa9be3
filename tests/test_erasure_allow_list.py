"""Erasure keeps what store.roster.KEPT_ON_ERASURE names and nothing else (issue 23, item 3).

The property: whatever attributes and answers a registration item has, also ones no code
knows (added by a later version, or by hand), none of their values is left after erasure in
the table item, any export format (CSV, Excel, JSON, erased rows asked for) or the
organiser's people list.
"""
import io
import itertools
import json
import string
from datetime import datetime, timezone

import openpyxl
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

from chalicelib import aws, signups
from chalicelib.store import roster, table as codec
from conftest import DEMO_EVENT, bearer
from test_organisers import sign_in, ses  # noqa: F401 (ses is a fixture)

EID = DEMO_EVENT["id"]
NOW = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
PEOPLE = itertools.count()
SESSIONS = {}

# a value a person gave, findable in any output: a fixed prefix that no template or label has
secrets = st.text(string.ascii_letters, min_size=6, max_size=12).map(lambda s: "Zq9" + s)
names = st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True).filter(lambda n: n not in roster.KEPT_ON_ERASURE)
values = st.one_of(secrets, st.lists(secrets, min_size=1, max_size=3), st.dictionaries(names, secrets, min_size=1,
                                                                                         max_size=3))
declared = [field["name"] for field in DEMO_EVENT.get("fields", [])]
answers = st.fixed_dictionaries({n: secrets for n in declared}, optional={"extra": secrets}) | st.dictionaries(
    names, secrets, min_size=1, max_size=4)


def leaked(text: str, given_values: list) -> list:
    return [value for value in given_values if value in text]


def flat(value) -> list:
    if isinstance(value, dict):
        return [v for item in value.values() for v in flat(item)]
    if isinstance(value, list):
        return [v for item in value for v in flat(item)]
    return [value]


def every_download(client, export_token) -> str:
    texts = []
    for query in ("format=csv", "format=csv&include_erased=1", "format=json&include_erased=1",
                  "format=json&status=erased"):
        answer = client.http.get(f"/events/{EID}/registrations?{query}", headers={**bearer(export_token), "Accept": "*/*"})
        assert answer.status_code == 200, answer.body[:300]
        texts.append(answer.body.decode("utf-8-sig"))
    for query in ("format=xlsx", "format=xlsx&include_erased=1"):
        answer = client.http.get(f"/events/{EID}/registrations?{query}", headers={**bearer(export_token), "Accept": "*/*"})
        assert answer.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(answer.body))
        texts.extend(str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row)
    return "\n".join(texts)


def people_pages(client, cookie, search_for: list) -> str:
    """The people list, all and erased, and searched for given values (the search box shows the
    term searched for: that echo is taken out, so only a person found by it would show it), and
    the event's overview page (Overzicht)."""
    texts = []
    for query, term in [("", None), ("?status=erased", None), *((f"?q={value}", value) for value in search_for[:2])]:
        page = client.http.get(f"/organiser/events/{EID}/registrations{query}", headers={"Cookie": cookie})
        assert page.status_code == 200
        texts.append(page.body.decode().replace(f'value="{term}"', "") if term else page.body.decode())
    overview = client.http.get(f"/organiser/events/{EID}", headers={"Cookie": cookie})     # the Overzicht
    assert overview.status_code == 200
    return "\n".join([*texts, overview.body.decode()])


# no shrinking: an example is a signup, six downloads and five pages, and a failing one says enough
@settings(max_examples=8, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate], suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(extra=st.dictionaries(names, values, min_size=1, max_size=5), given_answers=answers)
def test_erasure_leaves_nothing_but_the_allow_list(client, demo_event, admin_token, export_token, ses,
                                                   extra, given_answers):
    mailbox = f"zq9{next(PEOPLE)}"
    reg = signups.register(EID, {"name": "Zq9Naam Persoon", "email": f"{mailbox}@example.org",
                                 "organisation": "Zq9Org", "consent": True}, now=NOW)
    names_ = {f"#a{i}": name for i, name in enumerate(extra)}
    aws.dynamodb().update_item(
        TableName=aws.table_name(), Key=roster.reg_key(EID, reg.id),
        UpdateExpression="SET answers = :answers, " + ", ".join(f"#a{i} = :a{i}" for i in range(len(extra))),
        ExpressionAttributeNames=names_,
        ExpressionAttributeValues=codec.values(answers=given_answers,
                                               **{f"a{i}": value for i, value in enumerate(extra.values())}))
    given_values = ["Zq9Naam", mailbox, *flat(given_answers), *flat(extra)]
    before = aws.dynamodb().get_item(TableName=aws.table_name(), Key=roster.reg_key(EID, reg.id))["Item"]
    assert leaked(json.dumps(before), given_values) == given_values        # all of them were there

    if id(client) not in SESSIONS:    # one sign-in for all examples: they share the fixtures
        SESSIONS[id(client)] = sign_in(client, ses)
    cookie = SESSIONS[id(client)]
    answer = client.http.delete(f"/events/{EID}/registrations/{reg.id}", headers=bearer(admin_token))
    assert answer.status_code in (200, 204), answer.body

    item = aws.dynamodb().get_item(TableName=aws.table_name(), Key=roster.reg_key(EID, reg.id))["Item"]
    assert set(item) <= set(roster.KEPT_ON_ERASURE)
    assert codec.from_item(item)["status"] == "erased"
    assert leaked(json.dumps(item), given_values) == []
    assert leaked(every_download(client, export_token), given_values) == []
    assert leaked(people_pages(client, cookie, flat(given_answers)), given_values) == []
