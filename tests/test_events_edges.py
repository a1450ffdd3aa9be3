"""An event's definition as an organiser writes it (chalicelib/events.py): which mistakes are named
and where, which questions may stand on the participant list or group maatjes, how a PATCH merges,
and the times and the public answer of the event as a visitor reads them."""
from datetime import datetime, timezone

import pytest

from chalicelib import events
from chalicelib.errors import ValidationFailed
from conftest import DEMO_EVENT, DEMO_PROGRAMME

EID = DEMO_EVENT["id"]
NOW = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


def body(**overrides):
    return {**{k: v for k, v in DEMO_EVENT.items() if k != "id"}, **overrides}


def mistakes(**overrides) -> dict:
    with pytest.raises(ValidationFailed) as refused:
        events.validate(EID, body(**overrides))
    return refused.value.fields


def question(name="vraag", **extra):
    return {"name": name, "label": {"nl": f"Vraag {name}"}, **extra}


# ---------------------------------------------------------------- times

def test_a_missing_start_or_end_is_named_itself():
    assert mistakes(starts_at=None) == {"starts_at": "required"}
    assert mistakes(ends_at="") == {"ends_at": "required"}
    assert mistakes(starts_at="morgen") == {"starts_at": "invalid_datetime"}


def test_an_event_that_ends_when_it_starts_is_refused_on_its_end():
    assert mistakes(ends_at=DEMO_EVENT["starts_at"]) == {"ends_at": "end_before_start"}
    assert mistakes(ends_at="2026-12-09T12:59:00") == {"ends_at": "end_before_start"}
    assert events.validate(EID, body(ends_at="2026-12-09T13:01:00"))["ends_at"] == "2026-12-09T13:01:00+01:00"


def test_times_without_an_offset_are_read_in_the_events_zone_winter_and_summer():
    winter = events.from_definition(events.validate(EID, body()))
    summer = events.from_definition(events.validate(EID, body(starts_at="2026-07-09T13:00:00",
                                                              ends_at="2026-07-09T17:00:00")))
    assert winter.starts_at.astimezone(timezone.utc).hour == 12         # CET, +01:00
    assert summer.starts_at.astimezone(timezone.utc).hour == 11         # CEST, +02:00
    assert (winter.ends_at - winter.starts_at).total_seconds() == 4 * 3600


def test_a_stored_definition_without_offsets_is_read_in_its_zone():
    """A definition stored before offsets were written (the demo file's spelling)."""
    stored = {**events.validate(EID, body()), "starts_at": "2026-07-09T13:00:00", "ends_at": "2026-07-09T17:00:00"}
    event = events.from_definition(stored)
    assert event.starts_at == datetime(2026, 7, 9, 11, 0, tzinfo=timezone.utc)
    assert event.ends_at == datetime(2026, 7, 9, 15, 0, tzinfo=timezone.utc)


def test_a_new_event_has_every_seat_free_and_nobody_waiting():
    event = events.from_definition(events.validate(EID, body(capacity=12)))
    assert (event.seats_taken, event.waitlist_count, event.spots_left) == (0, 0, 12)


# ---------------------------------------------------------------- questions

@pytest.mark.parametrize("kind, shareable", [("text", True), ("select", True), ("checkbox", False), ("email", False)])
def test_a_text_or_a_choice_may_stand_on_the_participant_list(kind, shareable):
    asked = question(type=kind, shared=True, **({"options": ["a", "b"]} if kind == "select" else {}))
    if shareable:
        assert events.validate(EID, body(fields=[asked]))["fields"][0]["shared"] is True
    else:
        assert mistakes(fields=[asked]) == {"fields[0]": "invalid"}


def test_a_tick_box_or_an_address_question_that_is_not_shared_is_fine():
    asked = [question("akkoord", type="checkbox"), question("collega", type="email", required=True)]
    assert [f["type"] for f in events.validate(EID, body(fields=asked))["fields"]] == ["checkbox", "email"]


def test_only_a_choice_groups_maatjes():
    choice = question(type="select", options=["Noord", "Zuid"], match=True)
    assert events.validate(EID, body(fields=[choice]))["fields"][0]["match"] is True
    assert mistakes(fields=[question(type="text", match=True)]) == {"fields[0]": "invalid"}
    assert mistakes(fields=[question(type="select", options=["a"], match="yes")]) == {"fields[0]": "invalid"}


def test_thirty_questions_are_allowed_and_thirty_one_are_not():
    thirty = [question(f"v{n}") for n in range(30)]
    assert len(events.validate(EID, body(fields=thirty))["fields"]) == 30
    assert mistakes(fields=thirty + [question("v30")]) == {"fields": "invalid"}
    assert mistakes(fields={"v1": question()}) == {"fields": "invalid"}


def test_each_bad_question_is_named_by_its_place_and_the_good_ones_are_kept():
    asked = [question("a"), question("email"), "vraag", question("a"), question("b", type="select"),
             question("c", type="text", options=["x"]), question("d", type="select", options=["x", ""]),
             question("e", required="ja"), question("f", label={"de": "Frage"}), question("g", label=["x"])]
    assert mistakes(fields=asked) == {f"fields[{i}]": "reserved_name" if i == 1 else "invalid" for i in range(1, 10)}


def test_a_question_keeps_its_labels_options_and_flags():
    asked = question("regio", type="select", options=["Noord", "Zuid"], required=True, label="Regio")
    assert events.validate(EID, body(fields=[asked]))["fields"] == [
        {"name": "regio", "type": "select", "required": True, "label": {"nl": "Regio"}, "options": ["Noord", "Zuid"]}]


# ---------------------------------------------------------------- a PATCH

def test_a_patch_merges_objects_removes_with_null_and_replaces_the_rest():
    stored = {"title": {"nl": "Oud", "en": "Old", "de": "Alt"}, "capacity": 10, "fields": [1, 2],
              "online": {"url": "x"}, "location": "Utrecht"}
    patch = {"title": {"en": None, "nl": "Nieuw"}, "capacity": None, "fields": [3], "online": "weg", "new": {"a": 1},
             "never_there": None}
    assert events.merge_patch(stored, patch) == {"title": {"nl": "Nieuw", "de": "Alt"}, "fields": [3], "online": "weg",
                                                 "new": {"a": 1}, "location": "Utrecht"}
    assert stored["title"] == {"nl": "Oud", "en": "Old", "de": "Alt"}     # the stored definition is not changed
    assert events.merge_patch(stored, [1]) == [1]


# ---------------------------------------------------------------- the organiser

def test_the_organisers_name_and_address_are_trimmed_and_checked():
    definition = events.validate(EID, body(organiser={"name": " DuurzaamDoor ", "email": " Info@DuurzaamDoor.example "}))
    assert definition["organiser"] == {"name": "DuurzaamDoor", "email": "info@duurzaamdoor.example"}
    assert mistakes(organiser={"name": "X", "email": "geen adres"}) == {"organiser.email": "invalid_email"}
    assert mistakes(organiser={"name": "X\u0007"}) == {"organiser": "control_chars"}
    assert mistakes(organiser={"name": 3}) == {"organiser": "invalid"}
    assert events.validate(EID, body(organiser={"name": "", "email": ""}))["organiser"] == {"name": "", "email": ""}


def test_an_organisation_id_is_a_slug_or_absent():
    assert events.validate(EID, body(organisation_id=None))["organisation_id"] is None
    assert mistakes(organisation_id="niet goed!") == {"organisation_id": "invalid"}


@pytest.mark.parametrize("event_id", ["", "-begint-met-streep", "a" * 101, "met spatie", 7])
def test_an_event_id_that_is_no_slug_is_refused(event_id):
    with pytest.raises(ValidationFailed) as refused:
        events.validate(event_id, body())
    assert refused.value.fields == {"id": "invalid"}


# ---------------------------------------------------------------- what a visitor reads

def test_the_public_answer_shows_the_closing_moment_and_hides_what_the_organiser_keeps_back():
    definition = events.validate(EID, body(
        registration_closes_at="2026-12-01T17:00:00", public_spots="bands", consent_required=False, consent_text={},
        allowed_email_domains=["gemeente.example"], invitation_only=True, capacity=12,
        fields=[question("regio", type="select", options=["Noord", "Zuid"], match=True)]))
    view = events.public_view(events.from_definition(definition, seats_taken=3), "nl", NOW)
    assert view["registration_closes_at"] == "2026-12-01T17:00:00+01:00"
    assert (view["starts_at"], view["ends_at"]) == ("2026-12-09T13:00:00+01:00", "2026-12-09T17:00:00+01:00")
    assert "spots_left" not in view and view["consent_text"] is None
    assert view["allowed_email_domains"] == ["gemeente.example"] and view["invitation_only"] is True
    assert view["fields"] == [{"name": "regio", "type": "select", "required": False, "label": {"nl": "Vraag regio"},
                               "options": ["Noord", "Zuid"], "match": True}]


def test_an_open_event_says_nothing_of_a_closing_moment_domains_or_invitations():
    view = events.public_view(events.from_definition(events.validate(EID, body()), seats_taken=5), "nl", NOW)
    assert view["registration_closes_at"] is None and view["spots_left"] == 75
    assert "allowed_email_domains" not in view and "invitation_only" not in view
    assert "programme" not in view and "online" not in view
    assert view["consent_text"].startswith("Ik geef DuurzaamDoor toestemming")


# ---------------------------------------------------------------- more about questions

@pytest.mark.parametrize("asked", [
    question("Vraag 1"), question("1vraag"), question(type="text", shared="ja"), question(label={"nl": 3}),
    question(type="select", options="Noord,Zuid"), question(type="select", options=[1, 2]),
    question(type="radio"), question(3), question(type="select", options=[])],
    ids=["space", "digit", "shared-word", "label-number", "options-text", "options-numbers", "unknown-type",
         "name-number", "no-options"])
def test_a_question_an_organiser_got_wrong_is_named(asked):
    assert mistakes(fields=[asked]) == {"fields[0]": "invalid"}


@pytest.mark.parametrize("asked, where", [
    (question("wie", label={"nl": "Naam"}), "nl"),                       # the Dutch download's "Naam" column
    (question("wie", label={"nl": "wie", "en": " NAME "}), "en"),          # the English download's, in any case
    (question("mail", label={"nl": "Email address"}), "nl"),             # shown in English too: its one label
    (question("taal", label={"nl": ""}), "nl")])                         # no label: its name, "Taal", is shown
def test_a_label_a_download_shows_as_a_standard_column_is_named_where_it_was_typed(asked, where):
    assert mistakes(fields=[asked]) == {f"fields[0].label.{where}": "reserved_name"}


def test_an_organiser_who_is_not_a_name_and_address_is_refused_not_a_crash():
    assert mistakes(organiser="DuurzaamDoor") == {"organiser": "invalid"}


def test_a_programme_that_is_no_programme_is_named():
    assert mistakes(programme="workshops") == {"programme": "invalid"}


def test_the_public_answer_in_english_is_the_whole_contract():
    event = events.from_definition(events.validate(EID, body(double_opt_in=True)), seats_taken=80)
    assert events.public_view(event, "en", NOW) == {
        "id": EID, "title": DEMO_EVENT["title"]["en"], "description": event.description.get("en", event.description.get("nl")),
        "starts_at": "2026-12-09T13:00:00+01:00", "ends_at": "2026-12-09T17:00:00+01:00",
        "timezone": "Europe/Amsterdam", "location": DEMO_EVENT["location"]["en"], "capacity": 80,
        "availability": event.availability(NOW), "waitlist_enabled": True, "registration_open": True,
        "registration_closes_at": None, "consent_required": True, "consent_text": DEMO_EVENT["consent_text"]["en"],
        "double_opt_in": True, "locales": ["nl", "en"], "fields": DEMO_EVENT["fields"], "participant_list": True,
        "buddies": True, "spots_left": 0}
    assert event.availability(NOW) != "open"


def test_an_event_keeps_its_organiser_practical_information_and_organisation():
    event = events.from_definition(events.validate(EID, body()))
    assert event.organiser == DEMO_EVENT["organiser"] and event.organisation_id == "duurzaamdoor"
    assert event.text("practical_info", "en") == DEMO_EVENT["practical_info"]["en"]
    assert event.text("location", "nl") == DEMO_EVENT["location"]["nl"]


def test_a_setting_missing_from_an_older_stored_definition_takes_its_default():
    stored = {k: v for k, v in events.validate(EID, body()).items() if k not in ("public_spots", "waitlist_enabled")}
    event = events.from_definition(stored)
    assert (event.public_spots, event.waitlist_enabled) == ("bands", False)
    assert "spots_left" not in events.public_view(event, "nl", NOW)


def test_a_hybrid_event_with_a_programme_shows_its_sessions_and_places_with_their_counts_never_the_link():
    definition = events.validate(EID, body(capacity=30, public_spots="exact", online={
        "capacity": 10, "join_url": "https://meet.example/geheim"}, **DEMO_PROGRAMME))
    first = DEMO_PROGRAMME["programme"]["rounds"][0]["sessions"][0]
    event = events.from_definition(definition, counts={first["id"]: (3, 1), "online": (4, 0)})
    assert event.online["join_url"] == "https://meet.example/geheim"        # kept for the confirmation mail
    assert [(s.id, s.taken) for s in event.attendance] == [("onsite", 0), ("online", 4)]
    session = event.programme[0].sessions[0]
    assert (session.taken, session.waiting) == (3, 1)
    view = events.public_view(event, "en", NOW)
    assert view["online"]["online"]["spots_left"] == 6 and "geheim" not in str(view)
    shown = view["programme"]["rounds"][0] if isinstance(view["programme"], dict) else view["programme"][0]
    assert "Workshops, round 1" in str(shown) and first["title"]["en"] in str(view["programme"])


def test_an_older_definition_without_practical_information_reads_as_none_given():
    stored = {k: v for k, v in events.validate(EID, body()).items() if k != "practical_info"}
    event = events.from_definition(stored, seats_taken=80, waitlist_count=5)
    assert event.text("practical_info", "nl") == "" and event.practical_info == {}
    assert (event.seats_taken, event.waitlist_count) == (80, 5)        # the waiting list the overview counts

