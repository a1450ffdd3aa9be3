"""Every HTML page the service serves, rendered through chalice's test client on one moto stack:
``render_all()`` returns {name: html}; names end in ``-nl`` or ``-en`` (the page's language).

The pages are reached as a visitor, an attendee and an organiser reach them (form posts, mailed
links, a session from the sign-in mail); the 503 pages come from an injected DynamoDB outage.
"""
import re
from urllib.parse import urlencode

import pytest

from conftest import DEMO_EVENT, DEMO_PROGRAMME, fast_ses, make_event, person, registration_id, reset_caches, seed_table, \
    send_sign_in_links, signup, use_test_env
from organiser_pages import FORM, form_fields, post_form

EID = DEMO_EVENT["id"]
ORG = "duurzaamdoor"
MEMBER = "marieke@duurzaamdoor.example"
FULL, CLOSED, NO_WAITLIST, OPT_IN = "vol-overleg-2026-12-10", "dicht-overleg-2026-12-11", \
    "geen-wachtlijst-2026-12-12", "bevestigen-overleg-2026-12-14"
LIMITED = "collega-overleg-2026-12-15"     # only for addresses at chosen mail domains (issue 28 item 7)
INVITED = "genodigden-overleg-2026-12-16"  # only through the invitation link
ACCEPT_HTML = {"Accept": "text/html"}
PAST = "na-afloop-2026-11-20"       # a meeting that is over: the evaluation and the proof (issue 30)
PROGRAMMED = "werksessies-2026-12-17"   # with the demo's workshop rounds (issue 29)


def render_all() -> dict:
    """Render every page on a fresh moto stack (the test settings, as conftest's ``client``)."""
    from chalice.test import Client
    from moto import mock_aws
    from app import app
    from scripts.local_api import answer_unknown_paths
    with pytest.MonkeyPatch.context() as monkeypatch:
        use_test_env(monkeypatch)
        fast_ses(monkeypatch)
        with mock_aws():
            seed_table()
            dress_the_demo_organisation()
            from chalicelib import auth
            admin = auth.mint("admin", "*", label="pages")[1]
            answer_unknown_paths()
            with Client(app) as client:
                site = Site(client, admin)
                site.public()
                site.attendee()
                site.after_the_meeting()
                site.organiser()
                site.unavailable(monkeypatch)
    reset_caches()
    return site.pages


LOGO = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 10"><title>DuurzaamDoor</title>'
        b'<rect width="40" height="10" fill="#1b6b4a"/></svg>')


def dress_the_demo_organisation():
    """The demo organisation as demo/organisation.json has it (colour, privacy statement, sender)
    and a logo: every visitor page shows them (issue 28)."""
    from datetime import datetime, timezone

    from chalicelib import organisation_settings, organising
    from conftest import DEMO_ORG
    now = datetime.now(timezone.utc)
    organising.put_organisation(ORG, {k: v for k, v in DEMO_ORG.items() if k != "id"}, now)
    organisation_settings.save_logo(ORG, LOGO, by=MEMBER, now=now)


class Site:
    def __init__(self, client, admin):
        self.client, self.admin, self.pages = client, admin, {}

    def keep(self, name, answer, status=200):
        """Keep an HTML answer under ``name``; it must have the status and be HTML."""
        assert answer.status_code == status, f"{name}: {answer.status_code} {answer.body[:300]!r}"
        assert answer.headers["Content-Type"].startswith("text/html"), f"{name}: {answer.headers}"
        assert name not in self.pages, name
        self.pages[name] = answer.body.decode()
        return self.pages[name]

    def get(self, path, **headers):
        return self.client.http.get(path, headers={**ACCEPT_HTML, **headers})

    def post(self, path, fields=None, **headers):
        return self.client.http.post(path, body=urlencode(fields or {}), headers={**FORM, **headers})

    def followed(self, answer):
        """The page a form post's ``303`` leads to (POST-redirect-GET)."""
        assert answer.status_code == 303, answer.body[:300]
        return self.get(answer.headers["Location"].removeprefix("https://signup.test"))

    # ---------------------------------------------------------------- visitors
    def public(self):
        make_event(self.client, self.admin)
        make_event(self.client, self.admin, id=FULL, capacity=1)
        make_event(self.client, self.admin, id=NO_WAITLIST, capacity=1, waitlist_enabled=False)
        make_event(self.client, self.admin, id=CLOSED, registration_open=False)
        make_event(self.client, self.admin, id=OPT_IN, double_opt_in=True)
        for lang in ("nl", "en"):
            query = "?lang=en" if lang == "en" else ""
            self.keep(f"form-{lang}", self.get(f"/events/{EID}/form{query}"))
            self.keep(f"form-errors-{lang}", self.post(f"/events/{EID}/signups", {
                "name": "", "email": "geen adres", "organisation": "", "locale": lang}), 400)
            self.keep(f"thanks-confirmed-{lang}", self.followed(self.post(f"/events/{EID}/signups", person(
                10 if lang == "nl" else 11, consent="on", locale=lang))))
            self.keep(f"form-closed-{lang}", self.get(f"/events/{CLOSED}/form{query}"))
            self.keep(f"form-unknown-event-{lang}", self.get(f"/events/geen-bijeenkomst/form{query}"), 404)
        for n, lang in ((1, "nl"), (2, "en")):
            self.keep(f"thanks-pending-{lang}", self.followed(
                self.post(f"/events/{OPT_IN}/signups", person(n, consent="on", locale=lang))))
        for n, lang in ((3, "nl"), (4, "en")):      # these two let their hold lapse
            assert signup(self.client, OPT_IN, **person(n, locale=lang)).status_code == 201
        assert signup(self.client, FULL, **person(1)).status_code == 201
        assert signup(self.client, NO_WAITLIST, **person(1)).status_code == 201
        for n, lang in ((2, "nl"), (3, "en")):
            query = "?lang=en" if lang == "en" else ""
            self.keep(f"form-full-waitlist-{lang}", self.get(f"/events/{FULL}/form{query}"))
            self.keep(f"form-full-{lang}", self.get(f"/events/{NO_WAITLIST}/form{query}"))
            self.keep(f"thanks-waitlisted-{lang}", self.followed(
                self.post(f"/events/{FULL}/signups", person(n, consent="on", locale=lang))))
        self.keep("form-posted-to-full-nl", self.post(f"/events/{NO_WAITLIST}/signups", person(4, consent="on")), 409)
        self.keep("form-posted-to-full-en", self.post(f"/events/{NO_WAITLIST}/signups",
                                                      person(5, consent="on", locale="en")), 409)
        make_event(self.client, self.admin, id=LIMITED, allowed_email_domains=["minienw.nl", "*.rijksoverheid.nl"])
        for lang in ("nl", "en"):
            query = "?lang=en" if lang == "en" else ""
            self.keep(f"form-limited-{lang}", self.get(f"/events/{LIMITED}/form{query}"))
            self.keep(f"form-limited-refused-{lang}", self.post(f"/events/{LIMITED}/signups", person(
                40, consent="on", locale=lang)), 400)
        make_event(self.client, self.admin, id=INVITED, invitation_only=True)
        for lang in ("nl", "en"):
            query = "?lang=en" if lang == "en" else ""
            self.keep(f"form-invitation-required-{lang}", self.get(f"/events/{INVITED}/form{query}"), 403)
            self.keep(f"form-posted-without-invitation-{lang}", self.post(f"/events/{INVITED}/signups", person(
                41, consent="on", locale=lang)), 403)
        self.keep("form-posted-too-large-nl", self.post(f"/events/{EID}/signups",
                                                        person(6, consent="on", organisation="x" * 17000)), 413)

    # ---------------------------------------------------------------- attendees (the links in their mails)
    def attendee(self):
        from chalicelib import pages
        for lang, n in (("nl", 10), ("en", 11)):
            token = self.token(EID, person(n)["email"])
            page = self.keep(f"attendee-confirmed-{lang}", self.get(f"/registrations/{token}"))
            self.keep(f"participants-question-{lang}", self.get(f"/registrations/{token}/participants"))
            self.keep(f"participants-{lang}", self.followed(self.post(f"/registrations/{token}/participants",
                                                                     {"share": "on"})))
            self.keep(f"attendee-cancel-question-{lang}", self.get(f"/registrations/{token}/cancel"))
            self.keep(f"attendee-cancel-done-{lang}", self.post(self.action(page, "cancel")))
            self.keep(f"attendee-confirm-cancelled-{lang}", self.post(self.action(page, "confirm")), 409)
            self.keep(f"attendee-cancelled-{lang}", self.get(f"/registrations/{token}"))
        for lang, n in (("nl", 12), ("en", 13)):       # issue 29 item 5: people change their own answers
            assert signup(self.client, EID, **person(n, locale=lang)).status_code == 201
            answers = f"/registrations/{self.token(EID, person(n)['email'])}/answers"
            self.keep(f"attendee-answers-{lang}", self.get(answers))
            self.keep(f"attendee-answers-errors-{lang}", self.post(answers, {"name": "", "organisation": ""}), 400)
            self.keep(f"attendee-answers-saved-{lang}", self.post(answers, {"name": person(n)["name"],
                                                                           "organisation": "Provincie Utrecht"}))
            from chalicelib import store, tokens
            cancelled = tokens.sign(EID, next(r.id for r in store.roster.registrations(EID)      # cancelled above
                                              if r.email == person(n - 2)["email"]))
            self.keep(f"attendee-answers-closed-{lang}", self.post(f"/registrations/{cancelled}/answers",
                                                                  {"name": "Iemand"}), 409)
        for lang, n in (("nl", 1), ("en", 2)):
            token = self.token(OPT_IN, person(n)["email"])
            page = self.keep(f"attendee-pending-{lang}", self.get(f"/registrations/{token}"))
            self.keep(f"attendee-confirm-done-{lang}", self.post(self.action(page, "confirm")))
        for lang, n in (("nl", 3), ("en", 4)):
            from chalicelib import signups, store
            token, query = self.token(OPT_IN, person(n)["email"]), "?lang=en" if lang == "en" else ""
            signups.expire(store.roster.get_registration(OPT_IN, registration_id(OPT_IN, person(n)["email"])))
            self.keep(f"attendee-expired-{lang}", self.get(f"/registrations/{token}"))
            self.keep(f"attendee-confirm-expired-{lang}", self.post(f"/registrations/{token}/confirm{query}"), 409)
        for lang, n in (("nl", 2), ("en", 3)):
            self.keep(f"attendee-waitlisted-{lang}", self.get(f"/registrations/{self.token(FULL, person(n)['email'])}"))
        self.keep("attendee-bad-link-nl", self.get("/registrations/geen-geldige-link"), 404)
        self.keep("attendee-bad-link-en", self.get("/registrations/geen-geldige-link", **{"Accept-Language": "en"}), 404)
        # Chalice's router answers a 405 as JSON before any view; this is the page the error text would get
        for lang in ("nl", "en"):
            self.pages[f"error-method-not-allowed-{lang}"] = pages.error("method_not_allowed", lang)

    def after_the_meeting(self):
        """A past meeting (issue 30): the evaluation form, its errors and thanks, the proof and its check."""
        from datetime import datetime, timezone
        from chalicelib import checkin, tokens
        make_event(self.client, self.admin, id=PAST, starts_at="2026-11-20T13:00:00", ends_at="2026-11-20T17:00:00",
                   proof_of_attendance=True, evaluation_closes_at="2099-12-31T23:59:00",
                   evaluation_questions=["Kom je volgend jaar weer?"], locales=["nl", "en"])
        for lang, n in (("nl", 40), ("en", 41)):
            assert signup(self.client, PAST, **person(n, locale=lang)).status_code == 201
            rid = registration_id(PAST, person(n)["email"])
            checkin.check_in(PAST, rid, datetime(2026, 11, 20, 12, 5, tzinfo=timezone.utc))
            form = f"/evaluation/{tokens.sign_evaluation(PAST, rid)}"
            self.keep(f"evaluation-{lang}", self.get(form))
            self.keep(f"evaluation-errors-{lang}", self.post(form, {"score": "", "most_useful": "x" * 2001}), 400)
            self.keep(f"evaluation-saved-{lang}", self.post(form, {"score": "8", "most_useful": "De workshops",
                                                                    "show_name": "on" if lang == "nl" else ""}))
            self.keep(f"proof-{lang}", self.get(f"/proof/{tokens.sign_proof(PAST, rid)}"))
            self.keep(f"verify-{lang}", self.get(f"/verify/{tokens.sign_verify(PAST, rid)}"))
            self.keep(f"attendee-after-{lang}", self.get(f"/registrations/{tokens.sign(PAST, rid)}"))
        self.keep("verify-not-genuine-nl", self.get("/verify/geen-geldige-link"), 404)
        self.keep("verify-not-genuine-en", self.get("/verify/geen-geldige-link", **{"Accept-Language": "en"}), 404)

    @staticmethod
    def action(page, verb):
        """The path the page's cancel button posts to, with ``verb`` for cancel (as a stale page would post)."""
        path = re.search(r'action="https://signup\.test(/registrations/[^"]+)/cancel([^"]*)"', page)
        return f"{path.group(1)}/{verb}{path.group(2)}"

    @staticmethod
    def token(event_id, email):
        from chalicelib import tokens
        return tokens.sign(event_id, registration_id(event_id, email))

    # ---------------------------------------------------------------- organisers
    def organiser(self):
        from moto.ses.models import ses_backends
        for lang in ("nl", "en"):
            query = "?lang=en" if lang == "en" else ""
            self.keep(f"sign-in-{lang}", self.get(f"/organiser{query}"))
            self.keep(f"sign-in-error-{lang}", self.post(f"/organiser/login{query}", {"email": "marieke@"}), 400)
            self.keep(f"sign-in-sent-{lang}", self.post(f"/organiser/login{query}", {"email": MEMBER}))
            send_sign_in_links()
            raw = [m.raw_data for m in ses_backends["123456789012"]["eu-west-1"].sent_messages
                   if MEMBER in m.destinations][-1]
            link = re.search(r"(/organiser/login/[A-Za-z0-9_-]+)", raw.replace("=\r\n", "")).group(1)
            self.keep(f"sign-in-link-{lang}", self.get(link + query))
            self.keep(f"sign-in-expired-link-{lang}", self.get("/organiser/login/verlopen" + query), 404)
        answer = self.post(link)
        assert answer.status_code == 303, answer.body
        self.cookie = answer.headers["Set-Cookie"].split(";")[0]
        self.csrf = re.search(r'name="csrf" value="([^"]+)"', self.member_get("/organiser")).group(1)
        self.people_of_the_demo()
        for lang in ("nl", "en"):
            self.organiser_pages(lang, "?lang=en" if lang == "en" else "")
        self.checkin()
        self.session_pages()

    def member_get(self, path, name=None, status=200):
        answer = self.get(path, Cookie=self.cookie)
        if name is None:
            assert answer.status_code == status, answer.body[:300]
            return answer.body.decode()
        return self.keep(name, answer, status)

    def member_post(self, path, fields, name, status=200):
        return self.keep(name, post_form(self.client, path, {"csrf": self.csrf, **fields}, self.cookie), status)

    def people_of_the_demo(self):
        """Anne confirmed and checked in, Bram confirmed, Cas pending: a full dashboard."""
        from chalicelib import checkin, store
        from datetime import datetime, timezone
        for n, name in ((20, "Anne de Vries"), (21, "Bram van der Berg")):
            assert signup(self.client, EID, **person(n, name=name, buddies=True, regio="Oost-Nederland")).status_code == 201
        self.anne = registration_id(EID, person(20)["email"])
        checkin.check_in(EID, self.anne, datetime.now(timezone.utc))
        assert store.roster.get_registration(EID, self.anne).checked_in_at is not None
        from chalicelib import changes, signups       # a change of her own, for her person page (issue 29)
        changes.change(signups.get_event(EID), store.roster.get_registration(EID, self.anne),
                       {"functie": "Beleidsadviseur"}, datetime.now(timezone.utc), partial=True)

    def organiser_pages(self, lang, q):
        event = f"/organiser/events/{EID}"
        amp = q.replace("?", "&")
        self.member_get(f"/organiser{q}", f"events-{lang}")
        self.member_get(f"/organiser/events/new{q or '?'}{'&' if q else ''}organisation={ORG}", f"editor-new-{lang}")
        editor = self.member_get(f"{event}/edit{q}", f"editor-{lang}")
        self.member_get(f"{event}/edit?done=saved{amp}", f"editor-saved-{lang}")
        fields = form_fields(editor)
        self.member_post(f"{event}/edit{q}", {**fields, "title_nl": "", "start_date": "2027-02-30", "start_time": "25:61",
                                              "capacity": "veel", "organiser_email": "geen adres",
                                              "organiser_url": "geen site"}, f"editor-errors-{lang}", 400)
        self.member_post(f"{event}/edit{q}", {**fields, "action": "preview_mails", "confirmation_opening_nl": "Fijn dat je komt!",
                                              "confirmation_opening_en": "Great that you are coming!"},
                         f"editor-mail-preview-{lang}")
        programme = self.member_get(f"{event}/programme{q}", f"programme-{lang}")
        added = self.member_post(f"{event}/programme{q}", {**form_fields(programme, "programme"), "action": "add_round"},
                                 f"programme-round-{lang}")
        self.member_post(f"{event}/programme{q}", {**form_fields(added, "programme"), "r0s0_capacity": "veel",
                                                   "online": "on", "online_join_url": "geen link"},
                         f"programme-errors-{lang}", 400)
        self.member_get(f"/organiser/settings{q}", f"settings-{lang}")
        self.member_get(f"/organiser/settings?done=saved{amp}", f"settings-saved-{lang}")
        self.member_post(f"/organiser/settings{q}", {"organisation": ORG, "name": "", "colour": "#ffcc00",
                                                     "privacy_statement_url": "http://x", "reply_to": "geen adres",
                                                     "default_retention_days": "0"}, f"settings-errors-{lang}", 400)
        self.webhook_pages(lang, q)
        self.member_get(f"{event}/embed{q}", f"embed-{lang}")
        self.member_post(f"{event}/origins{q}", {"site": "geen adres"}, f"embed-error-{lang}", 400)
        self.member_get(f"/organiser/tokens{q}", f"api-keys-{lang}")
        self.member_post(f"/organiser/tokens{q}", {"label": "", "expiry": "90"}, f"api-keys-error-{lang}", 400)
        self.member_post(f"/organiser/tokens{q}", {"label": "Excel secretariaat", "expiry": "90", f"event:{EID}": "on"},
                         f"api-key-minted-{lang}")
        self.member_get(f"/organiser/events/geen-bijeenkomst/edit{q}", f"editor-not-found-{lang}", 404)
        self.member_get(f"{event}{q}", f"dashboard-{lang}")
        self.member_get(f"/organiser/events/geen-bijeenkomst{q}", f"dashboard-not-found-{lang}", 404)
        self.member_get(f"{event}/registrations{q}", f"people-{lang}")
        self.member_get(f"{event}/registrations?q=bram&status=confirmed&done=cancelled{amp}", f"people-searched-{lang}")
        self.member_get(f"{event}/registrations/{self.anne}/cancel{q}", f"cancel-confirm-{lang}")
        self.member_get(f"{event}/registrations/{self.anne}/erase{q}", f"erase-confirm-{lang}")
        self.member_get(f"{event}/messages/new{q}", f"compose-{lang}")
        self.member_post(f"{event}/messages/preview{q}", {"subject": "", "body": ""}, f"compose-errors-{lang}", 400)
        message = {"subject": "Andere zaal: Zaal 3", "body": "Beste deelnemers,\r\n\r\nWe zitten in zaal 3.",
                   "to": "confirmed"}
        self.member_post(f"{event}/messages/preview{q}", message, f"preview-{lang}")
        self.member_post(f"{event}/messages{q}", {**message, "edit": "1"}, f"compose-again-{lang}")
        sent = post_form(self.client, f"{event}/messages{q}", {"csrf": self.csrf, **message}, self.cookie)
        assert sent.status_code == 303, sent.body
        self.member_get(sent.headers["Location"].removeprefix("https://signup.test"), f"dashboard-sent-{lang}")
        self.member_get(f"{event}/door{q}", f"door-{lang}")
        self.member_get(f"{event}/door?q=bram&done=checked_in{amp}", f"door-searched-{lang}")
        self.member_get(f"{event}/attendance{q}", f"attendance-{lang}")
        self.member_get(f"{event}/registrations/{self.anne}{q}", f"person-{lang}")      # issue 29
        self.member_get(f"{event}/badges{q}", f"badges-{lang}")
        if lang == "nl":
            self.member_get(f"{event}/buddies", "buddies-empty-nl")
            made = post_form(self.client, f"{event}/buddies/make", {"csrf": self.csrf, "mode": "similar", "size": "2-3"},
                             self.cookie)
            assert made.status_code == 303, made.body
        self.member_get(f"{event}/buddies{q}", f"buddies-{lang}")
        self.member_post(f"{event}/buddies/make{q}", {"mode": "", "size": ""}, f"buddies-errors-{lang}", 400)
        # archive, delete (issue 28 item 8): the closed event goes to Gearchiveerd; the question before deleting
        post_form(self.client, f"/organiser/events/{CLOSED}/archive", {"csrf": self.csrf}, self.cookie)
        self.member_get(f"/organiser/archive{q}", f"archived-{lang}")
        self.member_get(f"{event}/delete{q}", f"delete-confirm-{lang}")
        self.member_get(f"/organiser/events/{PAST}/evaluation{q}", f"evaluation-results-{lang}")
        self.team_pages(lang, q)

    def webhook_pages(self, lang, q):
        """The Webhooks page: its errors, a new endpoint with its secret shown once, the delivery log."""
        from datetime import datetime, timezone
        from chalicelib import store, webhooks
        self.member_post(f"/organiser/webhooks{q}", {"organisation": ORG, "url": "ftp://x"}, f"webhooks-errors-{lang}", 400)
        self.member_post(f"/organiser/webhooks{q}", {"organisation": ORG, "url": f"http://127.0.0.1:9/{lang}",
                                                     "personal_data": "contact", "event:registration.created": "on",
                                                     "event:registration.erased": "on"}, f"webhooks-added-{lang}", 201)
        webhooks.send_test(ORG, store.webhooks.endpoints(ORG)[-1]["webhook_id"], datetime.now(timezone.utc))
        self.member_get(f"/organiser/webhooks{q}", f"webhooks-{lang}")

    def team_pages(self, lang, q):
        """The team page with its invitation, its errors and the question before a removal; the log."""
        team = f"/organiser/team{q or '?'}{'&' if q else ''}organisation={ORG}"
        colleague = f"collega-{lang}@duurzaamdoor.example"
        self.member_get(team, f"team-{lang}")
        self.member_post(f"/organiser/team/invite{q}", {"organisation": ORG, "email": "geen adres", "role": "deur"},
                         f"team-invite-error-{lang}", 400)
        invited = post_form(self.client, f"/organiser/team/invite{q}",
                            {"csrf": self.csrf, "organisation": ORG, "email": colleague, "role": "deur"}, self.cookie)
        self.member_get(invited.headers["Location"].removeprefix("https://signup.test"), f"team-invited-{lang}")
        self.member_get(f"{team}&{urlencode({'email': colleague})}".replace("/organiser/team?", "/organiser/team/remove?"),
                        f"team-remove-question-{lang}")
        self.member_get(f"/organiser/log{q or '?'}{'&' if q else ''}organisation={ORG}", f"log-{lang}")

    def session_pages(self):
        """Issue 29 item 3: the organiser's views per session of an event with a programme."""
        make_event(self.client, self.admin, id=PROGRAMMED, **DEMO_PROGRAMME)
        for n, name, first in ((30, "Anne de Vries", "maatjes"), (31, "Bram Bakker", "maatjes"),
                               (32, "Cor van Dijk", "randvoorwaarden")):
            assert signup(self.client, PROGRAMMED, **person(n, name=name, sessions=[first, "samenspel"])).status_code == 201
        event = f"/organiser/events/{PROGRAMMED}"
        for lang in ("nl", "en"):
            q = "?lang=en" if lang == "en" else ""
            amp = q.replace("?", "&")
            self.member_get(f"{event}{q}", f"dashboard-sessions-{lang}")
            self.member_get(f"{event}/registrations?session=maatjes{amp}", f"people-session-{lang}")
            self.member_get(f"{event}/door?session=maatjes{amp}", f"door-session-{lang}")
            self.member_get(f"{event}/attendance?session=maatjes{amp}", f"attendance-session-{lang}")
            self.member_get(f"{event}/rooms{q}", f"rooms-{lang}")
            self.member_get(f"{event}/messages/new{q}", f"compose-session-{lang}")
            self.member_get(f"{event}/badges?session=maatjes{amp}", f"badges-session-{lang}")

    def checkin(self):
        from chalicelib import tokens
        bram = registration_id(EID, person(21)["email"])
        path = "/checkin/" + tokens.sign_checkin(EID, bram)
        self.member_get(path, "checkin-nl")
        self.member_get(path + "?lang=en", "checkin-en")
        answer = post_form(self.client, path, {"csrf": self.csrf}, self.cookie)
        assert answer.status_code == 303, answer.body
        self.member_get(path + "?done=checked_in", "checkin-done-nl")
        self.keep("checkin-anonymous-nl", self.get(path))
        self.keep("checkin-anonymous-en", self.get(path + "?lang=en"))

    # ---------------------------------------------------------------- DynamoDB is down
    def unavailable(self, monkeypatch):
        from aws_faults import injected
        with injected(monkeypatch) as faults:
            faults.fail("server_error", service="dynamodb")
            for lang in ("nl", "en"):
                query = "?lang=en" if lang == "en" else ""
                self.keep(f"unavailable-{lang}", self.get(f"/events/{EID}/form{query}"), 503)
                self.keep(f"form-unavailable-{lang}", self.post(f"/events/{EID}/signups", person(
                    30, consent="on", locale=lang)), 503)
                self.keep(f"organiser-unavailable-{lang}", self.get(f"/organiser{query}", Cookie=self.cookie), 503)

