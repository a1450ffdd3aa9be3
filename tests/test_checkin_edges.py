"""The edges of checking in at the door (chalicelib/checkin.py) that the door notices: who may be
checked in (a seat: confirmed, or still to confirm; never the waiting list), and undoing a
check-in of someone who was not checked in, is unknown or was erased."""
import json
from datetime import datetime, timezone

import pytest

from chalicelib import checkin, signups, store, tokens
from chalicelib.errors import InvalidToken, RegistrationNotFound
from conftest import DEMO_EVENT, make_event, person, signup
from test_logs import log_lines  # noqa: F401 - the fixture

EID = DEMO_EVENT["id"]
AT = datetime(2026, 12, 9, 8, 55, tzinfo=timezone.utc)


def _people():
    return {reg.name: reg for reg in store.roster.registrations(EID, consistent=True)}


@pytest.fixture
def door(client, admin_token):
    """Capacity 1: Anne confirmed, Bram on the waiting list."""
    make_event(client, admin_token, capacity=1)
    for n, name in enumerate(["Anne de Vries", "Bram van der Berg"]):
        assert signup(client, EID, **person(n, name=name)).status_code == 201
    return _people()


def test_someone_still_to_confirm_holds_a_seat_and_can_check_in(client, admin_token):
    make_event(client, admin_token, double_opt_in=True)
    assert signup(client, EID, **person(1, name="Anne de Vries")).status_code in (201, 202)
    anne = _people()["Anne de Vries"]
    assert anne.status == "pending"
    assert checkin.check_in(EID, anne.id, AT).checked_in_at == AT


def test_the_waiting_list_cannot_check_in(door):
    bram = door["Bram van der Berg"]
    with pytest.raises(checkin.NotSeated):
        checkin.check_in(EID, bram.id, AT)
    assert store.roster.get_registration(EID, bram.id).checked_in_at is None


def test_undoing_for_someone_not_checked_in_changes_nothing_and_logs_nothing(door, log_lines):  # noqa: F811
    anne = door["Anne de Vries"]
    assert checkin.undo_check_in(EID, anne.id, caller_id="deur").checked_in_at is None
    assert not [line for line in log_lines if '"checkin.undone"' in line]


def test_undoing_a_check_in_logs_who_did_it_once(door, log_lines):  # noqa: F811
    anne = door["Anne de Vries"]
    checkin.check_in(EID, anne.id, AT)
    assert checkin.undo_check_in(EID, anne.id, caller_id="deur").checked_in_at is None
    checkin.undo_check_in(EID, anne.id, caller_id="deur")
    undone = [json.loads(line) for line in log_lines if '"checkin.undone"' in line]
    assert len(undone) == 1 and undone[0]["registration_id"] == anne.id and undone[0]["caller_id"] == "deur"
    # the operator reads who it was as in the check-in's own line: status, and the masked address and name
    done = next(json.loads(line) for line in log_lines if '"checkin.done"' in line)
    assert {k: undone[0].get(k) for k in ("status", "email", "name")} == \
        {k: done[k] for k in ("status", "email", "name")} == {"status": "confirmed", "email": "d***@g***", "name": "A***"}
    assert store.roster.get_registration(EID, anne.id).checked_in_at is None


def test_undoing_for_someone_unknown_or_erased_is_not_found(door):
    anne = door["Anne de Vries"]
    with pytest.raises(RegistrationNotFound):
        checkin.undo_check_in(EID, "onbekend")
    signups.erase(store.roster.get_registration(EID, anne.id))
    with pytest.raises(RegistrationNotFound):
        checkin.undo_check_in(EID, anne.id)


def test_a_check_in_link_of_someone_unknown_is_the_not_found_page(client, door):
    answer = client.http.get("/checkin/" + tokens.sign_checkin(EID, "onbekend"))
    assert answer.status_code == 404
    with pytest.raises(InvalidToken):
        checkin.open_link(tokens.sign_checkin(EID, "onbekend"))


def test_an_erased_person_checked_in_before_is_not_found_at_the_door(door):
    anne = door["Anne de Vries"]
    checkin.check_in(EID, anne.id, AT)
    signups.erase(store.roster.get_registration(EID, anne.id))
    with pytest.raises(RegistrationNotFound):
        checkin.check_in(EID, anne.id, AT)


def test_the_qr_code_is_black_on_its_own_white_square(env):
    """A phone must read the code on a page or in a mail shown in dark mode: black modules, drawn on
    a white square of its own (the quiet zone included), not on whatever is behind it."""
    import re
    svg = checkin.qr_svg(checkin.checkin_url(EID, "r1"), "Inchecklink")
    size = re.search(r'width="(\d+)"', svg).group(1)
    side = int(size) // 5
    assert f'<path fill="#fff" d="M0 0h{side}v{side}h-{side}z"/>' in svg
    assert re.search(r'<path [^>]*stroke="#000" d="M4 ', svg)
