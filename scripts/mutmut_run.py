"""A second, independent set of mutants: mutmut's own operators over every module of chalicelib/.

    .venv/bin/python -m scripts.mutmut_run [--module tokens] [--jobs 2]

``make mutate`` uses the project's hand-made operators (scripts/mutants.py); this runs mutmut
(pinned in requirements-dev.txt), whose mutants were made by other people for any Python code
(strings changed, arguments dropped or set to None, operators swapped, ...). It copies the
tracked files to .mutate/mutmut/, writes mutmut's setup.cfg there (the module to mutate and
the test files of scripts/mutation_targets.py), runs ``mutmut run`` and prints the score per
module and every survivor (``mutmut show <name>`` in .mutate/mutmut/ shows its diff).
A module whose source and test files are as they were at its last run keeps that run's outcome
(its ``key``); ``--fresh`` runs it again.
"""
import argparse
import datetime
import json
import os
import pathlib
import platform
import re
import shutil
import subprocess  # nosec B404  # runs git and mutmut with fixed argv lists, no shell
import sys
import time

from scripts.mutation_targets import _CONSISTENT

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutate" / "mutmut"
KILLED = {1, 3, 36, 24, -24, 152, 255}     # mutmut counts a failing test and a timeout as killed
RESULTS = ROOT / "benchmarks" / "mutmut-results.json"     # committed with MUTMUT.md

# mutmut's survivors that no test can tell from the real code, each with the reason.
_KEYWORDS = "an expression's keywords in another case: DynamoDB reads them in any case"
_REFUSAL_TEXT = "the text of InvalidToken: the answer is the 404 page, which never shows it"
_STREAM_SK = "a default for a stream record's sort key: every record's Keys hold the table's SK, a string"
EQUIVALENT = {
    # export_jobs.py
    **{f"chalicelib.export_jobs.x_asker_may_download__mutmut_{n}": "another session hash for the member who asked: "
       "whether they may download is read from their memberships, which the hash has no part in" for n in (7, 10)},
    **{f"chalicelib.export_jobs.x_download_url__mutmut_{n}": "the last part of the object's key however it is split "
       "off (rsplit with or without a limit, [1] of a split in two): the same file name" for n in (5, 8, 9)},
    "chalicelib.export_jobs.x_needs_job__mutmut_16": "seated minus waiting instead of plus: the counters are only a "
        "shortcut; when they do not already say too many, the registrations are counted (up to one past the limit), "
        "which says it for the same events at the cost of one read",
    # schema/settings.py
    "chalicelib.schema.settings.x_json_schema__mutmut_28": "a tuple default left a tuple: the API document is JSON, "
        "which writes a tuple as the same list",
    # schema/attributes.py
    **{f"chalicelib.schema.attributes.{name}": "runs only as the module is imported (ATTRIBUTES' declarations, "
       "store.roster.KEPT_ON_ERASURE), before mutmut's child switches its mutant on: no test can reach it"
       for name in ("xǁAttributeǁ__post_init____mutmut_2", "xǁAttributeǁ__post_init____mutmut_3",
                    "x_kept_on_erasure__mutmut_1")},
    **{f"chalicelib.schema.attributes.x_reader__mutmut_{n}": "None instead of the declared default for an attribute "
       "outside the model: only sessions has one ([]); table.to_item leaves None out of the stored item and reading "
       "it back gives [] again" for n in (5, 7)},
    **{f"chalicelib.schema.attributes.x_openapi_schema__mutmut_{n}": "the schema of a NUMBER column: no exported "
       "attribute is a NUMBER, so RegistrationRow never holds it" for n in (18, 19, 20, 21, 22, 23)},
    **{f"chalicelib.schema.attributes.x_openapi_schema__mutmut_{n}": "additionalProperties left out: JSON Schema's "
       "default is true, as written" for n in (28, 29, 30)},
    **{f"chalicelib.schema.attributes.x_openapi_schema__mutmut_{n}": "the words of RegistrationRow's description in "
       "the API document: a documentation slip, not behaviour (as chalicelib/openapi/ is skipped by scripts.mutate)"
       for n in (32, 33, 34, 35, 36, 37, 38)},
    # organiser/home.py
    **{f"chalicelib.organiser.home.x_redirect__mutmut_{n}": "the locale when no request is given: every caller "
       "passes the request, so the locale is always read from it" for n in (3, 6)},
    **{f"chalicelib.organiser.home.x_member_page__mutmut_{n}": "member_page(capability=...) runs only as a page "
       "module is imported (the decorator), before mutmut's child switches its mutant on" for n in (1, 2, 3, 4, 5)},
    **{f"chalicelib.organiser.home.x_sign_in_path__mutmut_{n}": "API Gateway and Chalice always set resourcePath "
       "on a routed request" for n in (12, 13)},
    **{f"chalicelib.organiser.home.x_sign_in_path__mutmut_{n}": "quote's safe characters: the path parameters of a "
       "guarded GET page (event ids, checked before the guard) hold no '/' and no X" for n in (27, 28)},
    **{f"chalicelib.organiser.home.x_sign_in_path__mutmut_{n}": "no guarded GET page lives at /organiser itself "
       "(home() signs in without member_page)" for n in (53, 54)},
    # store/mails.py
    **{f"chalicelib.store.mails.x_mail_state__mutmut_{n}": _CONSISTENT for n in (10, 17)},
    **{f"chalicelib.store.mails.x_mail_state__mutmut_{n}": "no default (or None) for a mail's record or the mails "
       "map: the read projects mails.<key> alone, so an item it finds always holds both" for n in (29, 31, 33, 35)},
    **{f"chalicelib.store.mails.x_{name}": _KEYWORDS for name in (
        "release_mail_claim__mutmut_16", "set_email_status__mutmut_16", "claim_mail__mutmut_6", "claim_mail__mutmut_13",
        "claim_mail__mutmut_42", "record_mail__mutmut_21")},
    **{f"chalicelib.store.mails.x__ago__mutmut_{n}": "the moment made in the machine's zone instead of UTC: table.iso "
       "writes every moment in UTC, so the compared text is the same" for n in (3, 5)},
    **{f"chalicelib.store.mails.x__suppression_key__mutmut_{n}": "another label for the suppression pepper or "
       "another spelling of the entry's sort key: suppress and is_suppressed make the key alike, so an address put "
       "on the list is found there" for n in (12, 13, 21, 22)},
    **{f"chalicelib.store.mails.x_record_mail__mutmut_{n}": "the words kept in the mail's own record, under another "
       "name or one character longer: nothing reads them (pages, exports and the API show email_error, cut at 500)"
       for n in (33, 34, 35)},
    "chalicelib.store.mails.x_record_mail__mutmut_1": "another default for the failure's words: its one caller "
        "(outbox.py) always passes them, \"\" for a sent mail",
    "chalicelib.store.mails.x_record_mail__mutmut_4": "no condition: without the item there is no map mails, so SET "
        "mails.#k fails anyway (tested: bookkeeping for a registration that is gone creates nothing); only the error "
        "code differs, and the worker retries both alike (outbox.RETRYABLE)",
    **{f"chalicelib.store.mails.x_suppress__mutmut_{n}": "the entry's reason or time under another name, or no time: "
       "is_suppressed reads only whether the entry is there and live (its expires_at)" for n in (7, 8, 9, 10, 11)},
    # imports.py
    **{name: "lazy() runs only as a blueprint module is imported (`x = lazy(\"chalicelib.stats\")` at its top), "
       "before mutmut's child switches its mutant on: no test can reach it" for name in (
        "chalicelib.imports.x_lazy__mutmut_1", "chalicelib.imports.xǁ_Lazyǁ__init____mutmut_1")},
    # templating.py
    **{f"chalicelib.templating.x__autoescape__mutmut_{n}": "a suffix of an HTML template in another spelling: every "
       "HTML template lives under pages/ or organiser/, which escapes it as well" for n in (12, 13, 14, 15)},
    **{f"chalicelib.templating.x__autoescape__mutmut_{n}": "organiser/ in another spelling: every template there "
       "ends in .html.j2, which escapes it as well" for n in (9, 10)},
    **{f"chalicelib.templating.x__environment_class__mutmut_{n}": "a parent's part read after its last colon, or a "
       "template's colon sought as \"XX:XX\", or either half of the condition alone when the template names no "
       "part: a template name holds at most one colon and no mail template names a part itself"
       for n in (3, 6, 8)},
    **{f"chalicelib.templating.x__mail_loader__mutmut_{n}": "only render_mail and render_block name a part (html:, "
       "text:), always of an email/<kind>.j2 file with one colon, and a name without a colon is refused either way"
       for n in (3, 5, 6)},
    "chalicelib.templating.x__mail_loader__mutmut_13": "the name in a TemplateNotFound the ChoiceLoader catches to "
        "try the files next: nobody reads it",
    "chalicelib.templating.x__mail_loader__mutmut_14": "the environment not passed to FileSystemLoader.get_source, "
        "which does not read it",
    **{f"chalicelib.templating.x__mail_loader__mutmut_{n}": "the mail parts left out of list_templates, which only "
       "`make package` reads (to compile them): a part left out loads from its file" for n in (19, 20)},
    **{f"chalicelib.templating.x_render_block__mutmut_{n}": "`html` given another value or name in a subject's "
       "context: no mail's subject block reads it" for n in (8, 9, 10)},
    "chalicelib.templating.x_render_block__mutmut_5": "another joint between a subject block's pieces: every "
        "mail's subject block renders in one piece (counted over every mail kind the tests send)",
    "chalicelib.templating.x_render_mail__mutmut_3": "html=None for html=False in the text part: templates only "
        "ask `if html`, and both are false",
    **{f"chalicelib.templating.x_render_mail__mutmut_{n}": "the text part stripped of spaces or X's as well as "
       "newlines at its ends: every mail's text starts with its greeting and ends with a link or a sentence"
       for n in (10, 19)},
    # activity.py
    **{f"chalicelib.activity.x_download__mutmut_{n}": "the machine name of a column of the log's file: it is read only "
       "by the registrations' export (fields=, JSON keys); the log's file is written by its labels"
       for n in (4, 12, 13, 21, 31, 32, 41, 51, 52, 61, 71, 72, 81, 91, 92)},
    **{f"chalicelib.activity.x_download__mutmut_{n}": "the kind of a text column in another spelling or None: only "
       "\"datetime\" is read (its width and cells); every other kind is written as text"
       for n in (23, 37, 38, 43, 57, 58, 63, 77, 78, 83, 97, 98)},
    "chalicelib.activity.x_download__mutmut_147": "the words of the ValueError for another format: the log's route "
        "answers 404 for any format but xlsx and csv before it asks for the file",
    **{f"chalicelib.activity.x_entries__mutmut_{n}": "an entry's time None instead of \"\" when a record has none: "
       "line_of reads both as no time (`if entry.at`), and every record is written with its \"at\" (put_audit)"
       for n in (40, 42)},
    **{f"chalicelib.activity.x_entries__mutmut_{n}": "a bookkeeping key (token_id, event_id, at, action, expires_at, "
       "organisation) left in an entry's details: line_of reads the details by the names each action shows, "
       "never these" for n in range(62, 74)},
    **{f"chalicelib.activity.x_line_of__mutmut_{n}": "another default for an answers_changed record's registration "
       "id: changes.py writes every such record with its registration_id" for n in (224, 226, 229)},
    # organiser/overview.py
    **{f"chalicelib.organiser.overview.x__message_form__mutmut_{n}": "the message form decoded without \"replace\" "
       "or with another spelling of it: a body that is not UTF-8 is refused (400) by member_page's CSRF check, which "
       "reads the form first, so this decode never meets a bad byte" for n in (5, 7, 8, 9)},
    **{f"chalicelib.organiser.overview.x__message_form__mutmut_{n}": "blank fields dropped instead of kept: subject, "
       "text and session are read with `or [\"\"]` alike, and a blank `to` (which no checkbox posts) is refused "
       "naming `to` either way" for n in (18, 21, 23)},
    **{f"chalicelib.organiser.overview.x__message_form__mutmut_{n}": "the code of the too-many-fields refusal: an "
       "unknown code reads as bad_request's words with the same 400 on the page" for n in (25, 26, 27)},
    **{f"chalicelib.organiser.overview.x__message_form__mutmut_{n}": "a form without `to` read as None instead of "
       "[]: announcements.clean refuses both as `to` required" for n in (47, 49)},
    **{f"chalicelib.organiser.overview.x__person__mutmut_{n}": "an id of 64 characters or more read from the table "
       "instead of refused unread: registration ids are 25 characters, so the read finds nobody and the page is the "
       "same 404" for n in (3, 8, 9)},
    **{f"chalicelib.organiser.overview.x__back__mutmut_{n}": "the way back of a post without `back`: None, \"\" and "
       "\"XXXX\" are none of door and checkin, so it is the list either way" for n in (6, 8, 11)},
    "chalicelib.store.counters.x__counting__mutmut_11": _KEYWORDS,
    **{f"chalicelib.archiving.x_{name}": "signups.forget_event(None): the process's cached copy kept, as in our set's "
       "equivalent (scripts/mutation_targets.py): its readers cannot tell" for name in ("_set_archived__mutmut_34",
                                                                                  "delete__mutmut_6")},
    "chalicelib.archiving.x__set_archived__mutmut_45": "archived_at through table.iso also when unset: iso(None) is None",
    **{f"chalicelib.archiving.x_delete__mutmut_{n}": "the deleted event's id stored under another name: the log shows "
       "the title, which every event has, and names the id only without one" for n in (19, 20)},
    "chalicelib.translations.x_ngettext__mutmut_11": "forms[+1] for forms[-1]: English has two plural forms, so "
        "the second is the last",
    "chalicelib.proof.x__literal__mutmut_16": "\"CP1252\" for \"cp1252\": Python finds codecs by name in any case",
    "chalicelib.proof.x_duration__mutmut_6": "minutes by / instead of //, then int(): the same whole minutes for an "
        "event's length, which is never negative",
    "chalicelib.proof.x_pdf__mutmut_72": "int(901 / size): the same characters a line for every size the proof uses",
    "chalicelib.proof.x_pdf__mutmut_190": "break_on_hyphens=None instead of False: textwrap reads both as false",
    "chalicelib.proof.x_pdf__mutmut_193": "break_long_words=True dropped: it is textwrap's default",
    **{f"chalicelib.store.digests.x_{name}": _KEYWORDS for name in (
        "advance_digest_schedule__mutmut_31", "advance_digest_schedule__mutmut_40", "claim_digest__mutmut_20",
        "due_digests__mutmut_17", "ensure_digest_schedule__mutmut_20", "record_digest__mutmut_23",
        "release_digest__mutmut_16")},
    **{f"chalicelib.store.digests.x_{name}": _CONSISTENT for name in (
        "digest_state__mutmut_8", "digest_state__mutmut_13", "get_digest__mutmut_8", "get_digest__mutmut_13",
        "get_digest_schedule__mutmut_8", "get_digest_schedule__mutmut_10")},
    **{f"chalicelib.store.digests.x_claim_digest__mutmut_{n}": "the stale moment as a naive local time: table.iso "
       "reads a naive time as local, so it is the same instant in UTC" for n in (34, 36)},
    **{f"chalicelib.store.digests.x_ensure_digest_schedule__mutmut_{n}": "the schedule's type or event_id attribute "
       "written otherwise: nothing reads them (the schedule is found by its key and the by_due index, and the mail "
       "worker acts only on the types it sends)" for n in (4, 5, 26, 27, 28, 29)},
    **{f"chalicelib.store.digests.x_record_digest__mutmut_{n}": "the digest's done_at left out: nothing reads it (its "
       "outcome is read from state and email_status)" for n in (7, 31)},
    "chalicelib.store.digests.x_record_digest__mutmut_1": "the default of detail: its one caller (digest.deliver) "
        "always passes it",
    "chalicelib.calendar.x_invite__mutmut_107": "vevent.add(\"STATUS\") instead of \"status\": icalendar writes "
        "property names in capitals either way (and RFC 5545 reads them in any case)",
    **{f"chalicelib.calendar.x_organizer__mutmut_{n}": "an absent organiser name read as None instead of \"\": "
       "display_name(None) is \"\" too" for n in (4, 6)},
    "chalicelib.store.counters.x__counting__mutmut_14": _KEYWORDS,
    "chalicelib.store.counters.x_count_attempt__mutmut_16": _KEYWORDS,
    "chalicelib.store.counters.x_count_attempt__mutmut_1": "the stamp's default: every caller passes stamp",
    "chalicelib.store.counters.x_count_windows__mutmut_19": "the address's stamp, the only item after the windows, has "
        "no condition: a ConditionalCheckFailed never names index len(windows)",
    **{f"chalicelib.store.counters.x_repeated_registration__mutmut_{n}": _STREAM_SK for n in (3, 5, 7, 9, 14)},
    "chalicelib.stats.x_of_event__mutmut_10": _CONSISTENT,
    "chalicelib.stats.x_of_event__mutmut_11": _CONSISTENT,
    **{f"chalicelib.limits.x__window__mutmut_{n}": "another label for the counters' derived key: still a key of the "
       "secret that only limits.py derives and that one function both writes and reads with" for n in (11, 12)},
    "chalicelib.limits.x_client_key__mutmut_11": "strict=False -> None: ipaddress tests strict for truth, None is false",
    "chalicelib.limits.x_mailbox__mutmut_3": "rpartition('@') -> partition('@'): a validated address has one @ "
        "(email_validator refuses a quoted local part)",
    **{f"chalicelib.limits.x_event_limit__mutmut_{n}": "a ceiling of 0 or 1 then goes through min(ceiling, at least "
       "EVENT_LIMIT_FLOOR), which is the ceiling itself" for n in (3, 4)},
    **{f"chalicelib.store.schedule.x_{name}": _KEYWORDS for name in (
        "mark_resend__mutmut_16", "request_reminder__mutmut_22", "request_reminder__mutmut_25",
        "request_reminder__mutmut_53", "request_reminder__mutmut_56", "reschedule__mutmut_110", "reschedule__mutmut_23",
        "reschedule__mutmut_5", "reschedule__mutmut_70", "reschedule__mutmut_78", "reschedule__mutmut_81",
        "stop_messages__mutmut_14")},
    "chalicelib.store.schedule.x_reschedule__mutmut_1": "the default of reminds: its one caller in the service "
        "(signups._reschedule) always passes it",
    **{f"chalicelib.store.schedule.x_mark_resend__mutmut_{n}": "the cutoff as a naive local time of the same "
       "timestamp: table.iso's astimezone reads a naive time as local, so it writes the same UTC moment"
       for n in (24, 26)},
    **{f"chalicelib.tokens.x__parse_keys__mutmut_{n}": "the text of the 'empty' error, which is never raised: a "
       "blank value splits into one empty part, which fails the key-id check first" for n in (28, 29, 30)},
    **{f"chalicelib.events.x_from_definition__mutmut_{n}": "None instead of False for a question's absent shared or "
       "match flag: every reader asks it for truth (if f.shared, if f.match), and None is false"
       for n in (103, 105, 110, 112)},
    "chalicelib.tokens.x__pair__mutmut_3": "partition('/') -> rpartition('/'): the payload holds one '/', as an event id "
        "is a slug and a registration id is made by the service, and only the service can seal one",
    "chalicelib.tokens.x__unb64__mutmut_7": "for a length of 3 mod 4 it pads with '===' instead of '=': base64's lenient "
        "decoding ignores padding past the last group, and the canonical check after it is the same",
    "chalicelib.http.access.x_caller_of__mutmut_16": "check_csrf(request, None): check_csrf reads the session from "
        "request.session_id, never its member argument",
    "chalicelib.http.access.x_check_csrf__mutmut_23": "a missing Content-Type read as \"XXXX\" instead of \"\": "
        "neither holds \"form\"",
    "chalicelib.http.sessions.x__cookie__mutmut_6": "no Cookie header read as \"XXXX\" instead of \"\": "
        "SimpleCookie parses neither into a cookie",
    "chalicelib.http.sessions.x_csrf_token__mutmut_17": "rstrip(b\"XX=XX\"): the last of a 32-byte MAC's 43 "  # nosec B105  # a mutant named after csrf_token, no password
        "base64 characters carries 4 bits and two zero bits (A, E, I, ... 8), never an X",
    "chalicelib.http.sessions.x_safe_next__mutmut_5": "a path of one character is never one of our pages: refused either way",
    "chalicelib.http.sessions.x_safe_next__mutmut_6": "an empty path let past the first check is no page of ours "
        "either: refused at the last line",
    "chalicelib.http.sessions.x_set_next_cookie__mutmut_11": "quote(safe=\"XXXX\"): X is unreserved, never quoted: "
        "the same cookie",
    # checkin.py
    **{f"chalicelib.checkin.x_{name}": "the text of a raised DomainError: answers and pages say its class's code "
       "(chalicelib.errors, chalicelib.http.STATUS), never the text"
       for name in ("check_in__mutmut_25", "check_in__mutmut_27", "open_link__mutmut_11", "open_link__mutmut_12",
                    "open_link__mutmut_13", "undo_check_in__mutmut_29")},
    "chalicelib.checkin.x_qr_code__mutmut_6": "segno reads the error level in either case (and boosts both to Q): "
        "the same symbol",
    "chalicelib.checkin.x_qr_png__mutmut_12": "segno reads the kind in either case: the same PNG bytes",
    **{f"chalicelib.checkin.x_{name}": "border None or left out is segno's default quiet zone, 4 modules: the same "
       "image (tests/test_checkin.py measures it)" for name in ("qr_png__mutmut_5", "qr_png__mutmut_9",
                                                                "qr_svg__mutmut_3", "qr_svg__mutmut_9")},
    "chalicelib.checkin.x_qr_svg__mutmut_11": "dark left out is segno's default, #000: the same SVG",
    "chalicelib.checkin.x_qr_svg__mutmut_19": "#FFF and #fff are one colour (segno writes it as #fff): the same SVG",
    **{f"chalicelib.checkin.x_qr_svg__mutmut_{n}": "replace's count on an SVG that has one \"<svg \": the same text"
       for n in (27, 32)},
    **{f"chalicelib.checkin.x_qr_svg__mutmut_{n}": "the svg's own class: no stylesheet or script selects it (site.css's "
       "'.qr svg' is the embed page's wrapper div)" for n in (7, 13, 20, 21)},
    # participants.py
    **{f"chalicelib.participants.x_choose__mutmut_{n}": _REFUSAL_TEXT for n in (2, 3, 4, 17, 18, 19)},
    **{f"chalicelib.participants.x_listing__mutmut_{n}": _CONSISTENT for n in (25, 26)},
    **{f"chalicelib.participants.x_page__mutmut_{n}": "_ or n_ left out: templating gives every template both as "
       "globals that read its locale (chalicelib/templating.py _translators), the same words" for n in (18, 19)},
    **{f"chalicelib.participants.x_page__mutmut_{n}": "registration left out or None: pages/participants.html.j2 and "
       "its base never read it (StrictUndefined would fail the page if they did)" for n in (8, 21)},
    "chalicelib.participants.x_page__mutmut_45": "any done word reaches the template, whose if/elif shows a notice for "
        "'shared' and 'unshared' only (tests/test_participants_edges.py asks with another word)",
    **{f"chalicelib.downloads.x__changed_at__mutmut_{n}": "the fallbacks after updated_at: every registration has its "
       "updated_at (signups.py makes each with created_at and updated_at alike, every later write sets it again)"
       for n in (1, 3)},
    **{f"chalicelib.downloads.x__upload__mutmut_{n}": "how many parts s3transfer sends at once (None or left out: "
       "its default of 10; 3): memory while uploading, not the object or its link" for n in (9, 11, 13)},
    **{f"chalicelib.downloads.x__open_cursor__mutmut_{n}": "another key than \"invalid\" for the cursor field: "
       "error_copy.field_message reads an unknown key as \"invalid\", the same sentence (no cursor sentence of "
       "its own)" for n in (10, 11, 21, 22)},
    "chalicelib.downloads.x__binding__mutmut_5": "a cursor's binding of 17 hex characters instead of 16: made and "
        "checked by the same function, so a cursor still resumes only its own query",
    **{f"chalicelib.changes.x_history__mutmut_{n}": "another default for a change's missing \"at\": every entry has "
       "its at (change writes each with it), so the default is never read" for n in (14, 16, 19)},
    **{f"chalicelib.changes.x_current__mutmut_{n}": "a tick box's stored True or False handed on as it is instead of "
       "\"on\" or absent: the form's template ticks a true value only, and forms.TRUTHY reads True as ticked "
       "(tests/test_changes_edges.py: the form as stored, a JSON change keeps the box)" for n in (6, 7)},
    "chalicelib.changes.x_change__mutmut_1": "the default of partial: its one caller (blueprints/attendee.py) always "
        "passes it",
    "chalicelib.auth.x__maker_may_still__mutmut_12": "_maker_may_still runs only for a record with created_by, and "
        "mint writes organisation and created_by together: the fallback is never read",
    "chalicelib.auth.x_revoke__mutmut_3": "a naive now: table.iso's astimezone reads a naive time as local, so it "
        "writes the same UTC moment (Lambda and the tests run in UTC)",
    "chalicelib.auth.x_revoke__mutmut_20": _KEYWORDS,
    "chalicelib.auth.xǁPrincipalǁ_of_its_organisation__mutmut_5": "the definition read for an id that is not a slug too: "
        "such an id is never stored, so the read finds nothing (tests/test_auth_edges.py asks with ../etc)",
    "chalicelib.auth.x_list_tokens__mutmut_3": "pop without a default: every stored token has its token_hash (mint "
        "writes it with the record), so there is always one to drop",
    "chalicelib.auth.x_mint__mutmut_22": "token_urlsafe(None) is token_urlsafe(32): secrets' default is 32 bytes",
    "chalicelib.auth.x_mint__mutmut_62": "organisation and created_by written for an operator's key too: both are None "
        "there, and store.table.to_item leaves None values out: the same item",
    **{f"chalicelib.auth.x_mint__mutmut_{n}": "one spelling of all events not caught here goes to sorted(set(...)), "
       "which is [\"*\"] too (tests/test_auth.py: every spelling is stored as a star)" for n in (35, 36)},
    "chalicelib.auth.x_verify__mutmut_8": "no Authorization header read as \"XXXX\" instead of \"\": not the Bearer "
        "scheme either, refused alike",
    "chalicelib.auth.x_principal_of__mutmut_17": "the organisation read for a record without created_by too: mint "
        "writes organisation and created_by together, so such a record has none (None either way)",
    **{f"chalicelib.changes.x_change__mutmut_{n}": "put_audit without the event reads its definition itself: the same "
       "expires_at (its end plus its retention), one read more" for n in (72, 75)},
    # forms.py
    **{f"chalicelib.forms.x_clean_signup__mutmut_{n}": "the loop over attributes.form_fields() never runs: no "
       "declared attribute has form=True (chalicelib/schema/attributes.py)" for n in range(73, 88)},
    "chalicelib.forms.x__chosen__mutmut_2": "fields=None is only _chosen's default: its one caller, clean_signup, "
        "always passes its dict",
    "chalicelib.forms.x__chosen__mutmut_23": "picks is still the empty list here: = and += give the same list",
    **{f"chalicelib.forms.x__chosen__mutmut_{n}": "a form field's value that is not a string is no session's id "
       "either way: the lookup names the field unknown_session for it as for \"\" or \"XXXX\"" for n in (33, 34)},
    **{f"chalicelib.forms.x_{name}__mutmut_{n}": "\"XX\" added to a set of category letters (or of characters "
       "of a casefolded text): no Unicode category starts with X, and casefold() leaves no capital X"
       for name, n in (("has_stray_mark", 14), ("_visible", 5), ("_dotted", 6), ("_dotted", 10),
                       ("_ip", 3), ("_ends_in_public_suffix", 9), ("_ends_in_public_suffix", 14))},
    **{f"chalicelib.forms.x_has_web_address__mutmut_{n}": "the replace of \\uff61: NFKC, one step before, has already "
       "turned the halfwidth full stop into \\u3002 (tests/test_forms_edges.py sends both)" for n in (18, 19)},
    "chalicelib.forms.x__ends_in_public_suffix__mutmut_28": "continue -> break after a run of titles: a chain ends "
        "in a dot only as the last of re.split's pieces, so no chain follows it",
    **{f"chalicelib.forms.x_clean_email__mutmut_{n}": "clean_email drops _email's errors and returns its value: the "
       "key they are filed under, and required (None, False or True) for a value events.py only passes when it is "
       "not blank, change nothing" for n in (3, 4, 10, 11, 12)},
    **{f"chalicelib.forms.x_valid_address__mutmut_{n}": "with required=True, None or False _email returns None "
       "exactly when it files an error, under any key: either half of the and decides alike" for n in (2, 4, 5, 11, 12, 13)},
    **{f"chalicelib.forms.x_valid_sign_in_address__mutmut_{n}": "email_validator refuses an empty address and one "
       "over 254 characters itself (checked: 255 is \"too long\"), and its one caller passes str(...): the "
       "length and type check only spare it the work" for n in (1, 4, 5, 7)},
    **{f"chalicelib.forms.x_valid_sign_in_address__mutmut_{n}": "check_deliverability None, True or left out: "
       "email_validator looks nothing up when test_environment=True (\"if check_deliverability and not "
       "test_environment\")" for n in (10, 13, 15)},
    # http/routing.py
    "chalicelib.http.routing.xǁPathCORSǁ__init____mutmut_4": "allow_origin='*' dropped: '*' is CORSConfig's own "
        "default (chalice/app.py)",
    **{f"chalicelib.http.routing.x_routes__mutmut_{n}": "another name than HEAD in `\"HEAD\" not in methods`: no "
       "route names HEAD itself, so HEAD is appended to every GET route either way" for n in (16, 17)},
    "chalicelib.http.routing.x_cached__mutmut_16": "a validator of 33 hex characters instead of 32: the ETag is "
        "still the body's and still matches itself",
    "chalicelib.http.routing.x_without_body__mutmut_5": "status_code=200 dropped: 200 is Response's own default",
    "chalicelib.http.routing.x_without_body__mutmut_6": "a body on the answer to HEAD of a dict: contract_errors, "
        "the middleware of every app that uses routes, drops a HEAD answer's body again",
    "chalicelib.http.routing.x__form_error__mutmut_6": "last_known_event(None) when there is no event id: the "
        "cache has no None key, so None either way",
    "chalicelib.http.routing.x__form_error__mutmut_76": "request.headers is case-insensitive (Chalice's "
        "CaseInsensitiveMapping): REFERER reads the same header",
    "chalicelib.http.routing.x_cached__mutmut_34": "request.headers is case-insensitive (Chalice's "
        "CaseInsensitiveMapping): IF-NONE-MATCH reads the same header",
    "chalicelib.http.routing.x_unavailable_answer__mutmut_1": "page's default: its only caller (routes) always "
        "passes page",
    "chalicelib.http.routing.x_unavailable_answer__mutmut_9": "reachable=None instead of False: error_locale only "
        "tests it for truth",
    "chalicelib.http.routing.x_unavailable_answer__mutmut_47": "_way_back with code None instead of "
        "service_unavailable: it only compares the code with invalid_token and event_not_found",
    "chalicelib.http.routing.x__way_back__mutmut_4": "a request routed by API Gateway always has its resource path "
        "(a route's errors are the only caller)",
    **{f"chalicelib.http.routing.x__way_back__mutmut_{n}": "another word than \"form\" for back_to: the error page "
       "says \"Terug naar je aanmelding\" for \"registration\" only, \"Terug naar het formulier\" for anything "
       "else (templates/pages/error.html.j2)" for n in (34, 35, 36, 37)},
    **{f"chalicelib.http.routing.x_contract_errors__mutmut_{n}": "request is None only for an invocation without a "
       "resource path, which Chalice answers InternalServerError, a code this branch never reshapes"
       for n in (12, 15, 16)},
    "chalicelib.http.routing.xǁPathCORSǁget_access_control_headers__mutmut_11": "another default for an unset "
        "PUBLIC_BASE_URL: \"XXXX\" does not start with http:// either, so HSTS is sent alike",
    **{f"chalicelib.http.routing.x_cached__mutmut_{n}": "no answer of ours sets Content-Length (API Gateway does): "
       "there is none to drop from a 304" for n in (49, 50)},
    "chalicelib.http.routing.x_error_answer__mutmut_1": "page's default: its only caller (routes) always passes page",
    "chalicelib.http.routing.x_cached__mutmut_35": "\"XXXX\" instead of \"\" for a request without If-None-Match: "
        "no tag of ours (a quoted digest) equals either, so no 304 either way",
    "chalicelib.http.routing.x__retry_after__mutmut_9": "\"XXXX\" instead of \"\" for an answer without "
        "Retry-After: neither is digits, so None either way",
    "chalicelib.http.routing.x_error_locale__mutmut_15": "request_locale's default allowed is (\"nl\", \"en\"), "
        "which is SUPPORTED",
    "chalicelib.http.routing.x_error_locale__mutmut_23": "\"\" instead of None for no event: both are false, so "
        "SUPPORTED[0] either way",
    **{f"chalicelib.http.routing.x_contract_errors__mutmut_{n}": "another default for the resource path: a request "
       "Chalice routed always has one (it found the route by it)" for n in (37, 39, 44)},
    **{f"chalicelib.http.routing.x_contract_errors__mutmut_{n}": "Chalice's own error answers have no Content-Type "
       "header yet (error_response sets only Allow or the CORS headers; to_dict adds it later): nothing to drop"
       for n in (23, 25, 26)},
    # membership.py
    "chalicelib.membership.x_choose_events__mutmut_38": "an empty choice stored as events: [] instead of none: "
        "store.organisations reads an empty list as no choice (_members, chosen_events: 'if events')",
    **{f"chalicelib.membership.x_mail_invitation__mutmut_{n}": "the default of an invitation's locale: every "
       "invitation item has one (invite writes it, the worker's retry writes it back)" for n in (21, 23, 26, 27)},
    **{f"chalicelib.membership.x_team__mutmut_{n}": "the place of a role outside roles.ROLES: every stored member "
       "has a valid role (store.organisations reads a missing one as beheerder), so the else is never taken"
       for n in (10, 18)},
    **{f"chalicelib.membership.x_invite__mutmut_{n}": "the length of the invitation's random key (token_hex's "
       "default is 32 bytes): the mail worker takes it back by the key in the stream record" for n in (57, 58)},
    # emails.py (from a run of 261 of its 818 mutants, stopped for time)
    **{f"chalicelib.emails.x_{name}": "a header name in another case (\"subject\", \"LIST-UNSUBSCRIBE\"): header "
       "names are case-insensitive (RFC 5322 1.2.2); the email package, SES and every mail program read them in any "
       "case" for name in (
           "add_list_unsubscribe__mutmut_14", "add_list_unsubscribe__mutmut_15", "add_list_unsubscribe__mutmut_18",
           "add_list_unsubscribe__mutmut_19", "_request__mutmut_6", "_request__mutmut_7", "_request__mutmut_16",
           "_request__mutmut_17", *(f"build_notice__mutmut_{n}" for n in (38, 39, 42, 43, 47, 48, 52, 53, 59, 60)))},
    "chalicelib.emails.x_add_list_unsubscribe__mutmut_6": "\\x1f written \\x1F: a regular expression reads a hex "
        "escape in either case",
    "chalicelib.emails.x__is_transient__mutmut_14": "the status of an answer without one, 0 or 1: both are below 500",
    "chalicelib.emails.x_build_message__mutmut_8": "the QR image's Content-ID made with the host's name instead of the "
        "sender's domain: the HTML names the same cid, so the image shows either way",
    # mime.py
    **{f"chalicelib.mime.xǁWordFoldedHeaderǁfold__mutmut_{n}": "the token type of the subject's label (its name and "
       "colon): the folder reads token types only inside the value, so the bytes are the same" for n in (4, 7, 8, 10, 14, 15)},
    "chalicelib.mime.xǁWordFoldedHeaderǁfold__mutmut_18": "an unstructured header always has a parse tree; an empty "
        "one gives no words either way",
    "chalicelib.mime.x__reads_back__mutmut_22": "an empty name decoded as RFC 2047 text is the empty name",
    **{f"chalicelib.mime.{name}": "the codec named ASCII instead of ascii, or a hex escape in capitals: the same codec, "
       "the same regular expression" for name in ("x__encoded__mutmut_20", "xǁ_Generatorǁ_make_boundary__mutmut_8",
                                                  "x_display_name__mutmut_10")},
    "chalicelib.mime.xǁ_Generatorǁ_make_boundary__mutmut_10": "the second draw, after a boundary found in the text, "
        "not checked against the text: a fresh random 19-digit boundary is in it with a chance of about 1 in 10^19",
    **{f"chalicelib.mime.xǁWordFoldedHeaderǁfold__mutmut_{n}": "the token type of the space after the colon: the "
       "folder treats it by its class (a WhiteSpaceTerminal), so the bytes are the same" for n in (25, 29, 30)},
    "chalicelib.mime.xǁWordFoldedHeaderǁfold__mutmut_22": "the space after the colon kept for an empty subject too: "
        "\"Subject:\" and \"Subject: \" both read back as the empty subject, and the service never sends one",
    "chalicelib.mime.xǁ_HeaderClassesǁ__getitem____mutmut_2": "the remembered header class keyed by the name in capitals: "
        "the same class, made once per spelling",
    **{f"chalicelib.mime.xǁReusedHeadersǁ{name}": "the header cache asked less often, keyed more loosely (a str and an "
       "Address of the same text parse alike) or kept one entry longer: each header parsed or folded anew, the same "
       "bytes (only slower); the fold ignores the name it is handed (a header object folds under its own)"
       for name in ("header_store_parse__mutmut_1", "header_store_parse__mutmut_2", "header_store_parse__mutmut_3",
                    "header_store_parse__mutmut_4", "header_store_parse__mutmut_10", "header_store_parse__mutmut_12",
                    "header_store_parse__mutmut_13", "header_store_parse__mutmut_15", "fold_binary__mutmut_1",
                    "fold_binary__mutmut_2", "fold_binary__mutmut_7", "fold_binary__mutmut_8", "fold_binary__mutmut_12",
                    "fold_binary__mutmut_14", "fold_binary__mutmut_15", "fold_binary__mutmut_17",
                    "fold_binary__mutmut_21")},
    **{f"chalicelib.mime.xǁMailǁas_bytes__mutmut_{n}": "unixfrom passed as None or left at the generator's default "
       "(False): no Unix From line either way, and the service never asks for one" for n in (4, 6)},
    **{f"chalicelib.mime.xǁMailǁas_bytes__mutmut_{n}": "mangle_from_ None or left out: the generator then takes the "
       "policy's mangle_from_, False for this policy (tests/test_mime_edges.py keeps a body line \"From now on\")"
       for n in (8, 11)},
    "chalicelib.mime.xǁMailǁas_bytes__mutmut_14": "the policy handed on as it came: None makes the generator use the "
        "message's own policy, which is what self.policy is",
    **{f"chalicelib.mime.x__headers__mutmut_{n}": "a header name given to map_to_type in capitals: HeaderRegistry "
       "stores it lower-cased (\"self.registry[name.lower()] = cls\")" for n in (7, 9, 11, 13)},
    # i18n.py
    "chalicelib.i18n.x_format_short__mutmut_15": "the pattern \"d MMM y\" dropped: Babel's medium date pattern for "
        "nl_NL and en_GB is \"d MMM y\" itself",
    "chalicelib.i18n.x_format_short__mutmut_21": "the month's dot tried on English dates too: English month "
        "abbreviations are capitalised and the Dutch ones not (\" dec \" never occurs in \"9 Dec 2026\")",
    **{f"chalicelib.i18n.x_format_short__mutmut_{n}": "nl_NL written nl_nl or NL_NL: Babel reads a locale "
       "identifier in any case" for n in (35, 36, 47, 48)},
    **{f"chalicelib.i18n.x_format_short__mutmut_{n}": "the month's dot added to every match, or two: a short date "
       "holds its month once" for n in (55, 56)},
    "chalicelib.i18n.x__zone_suffix__mutmut_7": "width='long' dropped: it is get_timezone_name's default width",
    **{f"chalicelib.i18n.x__zone_key__mutmut_{n}": "another way to the zone's name: a name (str) has no key, so "
       "getattr gives str(tz), the name itself; str() of a ZoneInfo is its key; a zone without a key (UTC) is not "
       "Amsterdam whether read as None, \"None\" or its name, and only that is asked" for n in (1, 3, 5, 9, 10, 11)},
    # organiser/log.py
    "chalicelib.organiser.log.x__organisation__mutmut_18": "the role looked up for no organisation too: a member "
    "without an organisation whose log they may read has no membership under None, so the role is None either way",
    # organiser/organisation.py
    "chalicelib.organiser.organisation.x__page__mutmut_14": "more of the posted form kept for the page: every posted "
    "field is text (http.read_form), and the page shows only the settings' own names, so extra keys are never read",
    "chalicelib.organiser.organisation.x__page__mutmut_21": "the colour is only measured for a low_contrast refusal, "
    "which needs a posted colour of #rrggbb: never empty there",
    "chalicelib.organiser.organisation.x__page__mutmut_22": "no measured contrast as \"\" instead of None: the page "
    "asks only whether there is one (`if ratio`)",
    # organiser/keys.py
    **{f"chalicelib.organiser.keys.x__state__mutmut_{n}": "the state of a revoked key spelled otherwise: the page "
       "shows \"uitgezet\" for any state but active, expired and stopped" for n in (4, 5)},
    # organiser/operations.py
    **{f"chalicelib.organiser.operations.x__free_id__mutmut_{n}": "no Dutch title read as None instead of \"\": "
       "suggested_id takes `title_nl or title_en` alike" for n in (6, 8)},
    **{f"chalicelib.organiser.operations.x__free_id__mutmut_{n}": "another stand-in for a missing English title: it "
       "is read only when there is no Dutch title, and an event's title is required (events.validate), so then the "
       "English one is there" for n in (15, 17, 20)},
    # organiser/views.py
    **{f"chalicelib.organiser.views.x_page__mutmut_{n}": "gettext or ngettext not passed: the template environment's "
       "own _ and n_ (templating._translators) translate into the context's locale, the same words" for n in (31, 32)},
    **{f"chalicelib.organiser.views.x_page__mutmut_{n}": "another csrf for a request without one: only a signed-in "
       "member's pages hold the token (base.html.j2's logout form is inside {% if member %}), and member_page sets "
       "request.csrf with request.member" for n in (47, 53)},
    "chalicelib.organiser.views.x_page__mutmut_70": "field_message's default field \"XXXX\" instead of \"\": "
        "error_copy.FIELD_OWN_MESSAGES has no entry for either, so the key's own sentence is shown",
    **{f"chalicelib.mail_preview.x_openings__mutmut_{n}": "the default of an opening input missing from the "
       "editor's values: event_form.read gives every input of the form, a left-out one as \"\" (tests/"
       "test_mail_preview_edges.py leaves one out)" for n in (8, 10, 11)},
    "chalicelib.mail_preview.x_openings__mutmut_18": "the cleaner's view of the settings cleaned before: an opening "
        "has no required_if, so the cleaner never reads it",
    **{f"chalicelib.mail_preview.x_preview__mutmut_{n}": "the sample person's status, waiting or confirmed: both are "
       "active, and with no session and no attendance chosen every previewed mail reads the same for either"
       for n in (22, 23, 24, 25, 26)},
    **{f"chalicelib.mail_preview.x_preview__mutmut_{n}": "the sample person's address: no mail shows the "
       "addressee's own address (it is greeted by name)" for n in (12, 30, 31)},
    "chalicelib.mail_preview.x_preview__mutmut_9": "the sample registration's event id: rendering reads the event "
        "itself, and the link is made from event.id",
    **{f"chalicelib.mail_preview.x_preview__mutmut_{n}": "days_before under another key: the reminder reads "
       "extra.get(\"days_before\", 1), the same 1" for n in (38, 39)},
    "chalicelib.mail_preview.x_preview__mutmut_61": "a preview's setting name: the editor's page shows a preview by "
        "its kind and language, it reads no setting",
    "chalicelib.errors.xǁDomainErrorǁ__init____mutmut_1": "the default text of an error raised without one: every "
        "raise in chalicelib/ gives a reason or an id (and ValidationFailed, RateLimited give theirs)",
    "chalicelib.errors.xǁDomainErrorǁ__init____mutmut_4": "an error's details: no code reads them (answers say the "
        "class's code, a ValidationFailed's fields, a RateLimited's Retry-After)",
    **{f"chalicelib.errors.xǁ{cls}ǁ__init____mutmut_{n}": "the text of a ValidationFailed or RateLimited: answers and "
       "pages say its code and fields or Retry-After, and no log line carries the text" for cls in ("RateLimited",
       "ValidationFailed") for n in (1, 2, 3)},
    **{f"chalicelib.invitations.x_valid__mutmut_{n}": "another bound on a code's length (500, 301): a genuine code is "
       "at most 195 characters (a key id of 16, an event id of 100), so the bound only decides how soon a forged "
       "value is refused, not whether" for n in (6, 7)},
    "chalicelib.invitations.x_check__mutmut_6": "the text of a raised DomainError: answers and pages say its class's "
        "code (403 invitation_required), never the text",
    "chalicelib.error_copy.x_field_message__mutmut_1": "the default field of a field's sentence: no field's own "
        "sentence is kept under an empty or made-up field name, so both read the key's sentence",
    # unsubscribe.py
    **{f"chalicelib.unsubscribe.x_open_link__mutmut_{n}": "the event read fresh instead of from the cache (cached "
       "None, False or left at its default False): the cache only saves a read, it is the same event" for n in (15, 17, 18)},
    "chalicelib.unsubscribe.x_page__mutmut_12": "gettext not passed: the template environment's own _ "
        "(templating._translators) translates into the context's locale, the same words",
    **{f"chalicelib.unsubscribe.x_page__mutmut_{n}": "done left out or None: templates/pages/unsubscribe.html.j2 "
       "(and the base it extends) never reads done, only off" for n in (8, 15)},
    # multipart.py
    "chalicelib.multipart.xǁMultipartWriterǁ__exit____mutmut_3": "True instead of False after a block that ended "
        "without an exception: there is nothing for the return value to suppress",
    "chalicelib.multipart.xǁMultipartWriterǁ_upload__mutmut_3": "part numbers from 2 instead of 1: S3 wants them "
        "ascending within 1..10000, not from 1 (an export would need 9999 parts of 8 MiB to notice); the object is "
        "the same",
    # organiser/webhook_pages.py
    **{f"chalicelib.organiser.webhook_pages.x__page__mutmut_{n}": "secret_for left out or None: "
       "templates/organiser/webhooks.html.j2 never reads it (the one secret shown is the page's)" for n in (35, 54)},
    # organiser/buddies.py
    **{f"chalicelib.organiser.buddies.x__show__mutmut_{n}": "modes left out or None: "
       "templates/organiser/dashboard/buddies.html.j2 writes its two modes out itself and never reads modes"
       for n in (15, 26)},
    # organiser/programme_page.py
    "chalicelib.organiser.programme_page.x__page__mutmut_40": "taken - waiting for the online attendance: an "
        "attendance counter's waiting is never raised (store.sessions: who waits for the event takes the attendance's "
        "seat only on moving up), so it is taken either way",
    # announcements.py
    **{f"chalicelib.announcements.x_clean__mutmut_{n}": "another code than \"invalid\" for a body that is no object: "
       "a code without a sentence of its own gets invalid's (error_copy.field_message), the one the answer shows"
       for n in (5, 6)},
    **{f"chalicelib.announcements.x__count_against_daily_cap__mutmut_{n}": "the setting looked up by another name, "
       "only for an event without messages_per_day: events.validate writes the setting's default (10) into every "
       "stored definition, so the event's own is always there" for n in (3, 4, 5)},
    **{f"chalicelib.announcements.x__count_against_daily_cap__mutmut_{n}": "midnight made naive, read as local time "
       "by timestamp(): the Lambda runtime's local zone (and the tests') is UTC, so the same moment" for n in (12, 16)},
    **{f"chalicelib.announcements.x_send__mutmut_{n}": "the event not handed to put_audit (None or left out): it "
       "then reads the event's definition itself for the same expires_at (passing it only saves the read)"
       for n in (56, 59)},
    "chalicelib.announcements.x_send__mutmut_53": "sleep not handed on: put_deliveries' own default is "
        "time.sleep, send's default too (only a test passes another), and it is called only to back off from "
        "unprocessed batch items",
    **{f"chalicelib.announcements.x_recipients__mutmut_{n}": _CONSISTENT for n in (7, 9)},
    **{f"chalicelib.announcements.x_preview__mutmut_{n}": "the sample person's id: it only names the sample in the "
       "preview's own links, which lead to no registration by either id" for n in (3, 15, 16)},
    "chalicelib.announcements.x_preview__mutmut_8": "the sample person's locale None instead of the event's first: "
        "Event.locale_or_default reads None as the event's first language",
    "chalicelib.announcements.x_preview__mutmut_4": "the sample registration's event id: rendering reads the event "
        "itself, and the links are made from event.id",
    "chalicelib.announcements.x_preview__mutmut_5": "the sample person's status: a message's footer gives the "
        "unsubscribe link whatever the status, and the sample chose no sessions for the layout to list",
    **{f"chalicelib.announcements.x_preview__mutmut_{n}": "the sample person's address: no mail shows the "
       "addressee's own address (it is greeted by name)" for n in (7, 20, 21)},
    # blueprints/participants.py
    **{f"chalicelib.blueprints.participants.x__choice__mutmut_{n}": "another key for the refused button than "
       "\"invalid\": the answer holds the key's sentence (error_copy.field_message), and a key without one gets "
       "\"invalid\"'s, the same words" for n in (12, 13)},
    # blueprints/public.py
    **{f"chalicelib.blueprints.public.x__form_success__mutmut_{n}": "the same event: register() has just read it "
       "through get_event, which keeps it in the process's cache, so a cached read gives it too" for n in (2, 3)},
    **{f"chalicelib.blueprints.public.x__form_success__mutmut_{n}": "the read after `or` is never made: "
       "last_known_event is the event register() has just read (get_event keeps every read)" for n in (4, 5, 6, 7, 8)},
    # blueprints/organiser_api.py
    **{f"chalicelib.blueprints.organiser_api.x__require_operator__mutmut_{n}": "no default for a caller's events: "
       "they are read only of a caller whose scope is admin, a token, and every token has its events" for n in (22, 25)},
    # startup.py
    "chalicelib.startup.x_imported__mutmut_10": "the older generations' thresholds left out of set_threshold: "
        "it then changes the young one only, so they keep the values they had (what [1:] hands back)",
    # store/buddies.py
    **{f"chalicelib.buddies.x_move__mutmut_{n}": "another key than \"invalid\" for a move that cannot be made: "
       "error_copy.field_message reads an unknown key as \"invalid\", the same sentence" for n in (7, 8, 27, 28, 46, 47)},
    **{f"chalicelib.buddies.x_make__mutmut_{n}": "another key than \"invalid\" for a mode or size that is not "
       "offered: error_copy.field_message reads an unknown key as \"invalid\", the same sentence" for n in (6, 7, 12, 13)},
    **{f"chalicelib.buddies.x_move__mutmut_{n}": "moved_at under another name or empty: kept in the grouping's "
       "record for the record's sake, read by no page or mail" for n in (54, 55, 56)},
    **{f"chalicelib.buddies.x_make__mutmut_{n}": "made_by or made_at under another name or empty: kept in the "
       "grouping's record for the record's sake, read by no page or mail" for n in (48, 49, 50, 51, 52)},
    **{f"chalicelib.buddies.x_send__mutmut_{n}": "the count of recipients: kept in the audit record only; the route "
       "ignores it and the log names the groups, not the recipients" for n in (28, 46, 47, 48, 74, 75)},
    **{f"chalicelib.buddies.x_{name}": _CONSISTENT for name in ("taking_part__mutmut_8", "taking_part__mutmut_9",
                                                                  "current__mutmut_10", "current__mutmut_11")},
    **{f"chalicelib.buddies.x_send__mutmut_{n}": "the audit record without the event: put_audit then reads the "
       "event's definition for the same expires_at (the event is passed only to save that read)" for n in (51, 54)},
    **{f"chalicelib.store.buddies.x_get__mutmut_{n}": _CONSISTENT for n in (8, 10)},
    "chalicelib.store.buddies.x_mark_sent__mutmut_11": _KEYWORDS,
    # logs.py
    "chalicelib.logs.x_log__mutmut_23": "ensure_ascii=None: json.dumps reads it as a truth value, so None is False",
    # store/after.py
    **{f"chalicelib.store.after.x_{name}": _KEYWORDS for name in (
        "due_follow_ups__mutmut_17", "follow_up_done__mutmut_11", "request_follow_up__mutmut_18",
        "request_follow_up__mutmut_21", "schedule_follow_up__mutmut_19")},
    **{f"chalicelib.store.after.x_schedule_follow_up__mutmut_{n}": "the schedule's type or event_id written "
       "otherwise (NULL, another name or value): nothing reads them (the schedule is found by its key and the by_due "
       "index, whose key holds the event)" for n in (5, 6, 25, 26, 27, 28)},
    **{f"chalicelib.store.after.x_{name}": _CONSISTENT for name in (
        "evaluations__mutmut_13", "evaluations__mutmut_21", "get_evaluation__mutmut_8", "get_evaluation__mutmut_13")},
    "chalicelib.store.after.x_follow_up_done__mutmut_4": "done_at written as NULL instead of the moment: the "
        "attribute still exists, which is all that is read (schedule_follow_up's attribute_not_exists(done_at))",
    **{f"chalicelib.store.after.x_put_evaluation__mutmut_{n}": "the evaluation's event_id attribute under another "
       "name: nothing reads it (answers are found by their key, EVENT#<event>/EVAL#<rid>)" for n in (7, 8)},
    # store/writes.py
    **{f"chalicelib.store.writes.x_batch_write__mutmut_{n}": "no unprocessed items of the table read as None instead "
       "of []: `if not requests` returns [] either way" for n in (7, 9)},
    **{f"chalicelib.store.writes.x_batch_write__mutmut_{n}": "an answer without UnprocessedItems read as None: "
       "DynamoDB's (and moto's) answer always holds it, an empty map when every request was written" for n in (11, 13)},
    **{f"chalicelib.store.writes.x_transact__mutmut_{n}": "the stand-in for a cancellation reason without a Code: "
       "DynamoDB gives every item of a cancelled transaction its Code (\"None\" when that item was fine)"
       for n in (14, 16, 20, 21, 22)},
    # store/organisers.py
    **{f"chalicelib.store.organisers.x_put_token__mutmut_{n}": "no condition on a new token (or one on an attribute "
       "`pk` no item has): a token is stored under the hash of 32 fresh random bytes (auth.py, "
       "secrets.token_urlsafe), so there is never an item to overwrite" for n in (10, 12)},
    "chalicelib.store.organisers.x_touch_token__mutmut_9": _KEYWORDS,
    **{f"chalicelib.store.organisers.x_put_audit__mutmut_{n}": "every record of an event leaves expires_at to "
       "put_audit, and every record without one names its own (team, settings, a deleted event's line): the "
       "condition's other half never decides" for n in (1, 5, 6)},
    **{f"chalicelib.store.organisers.x_put_audit__mutmut_{n}": "the event not handed to _kept_until (None or left "
       "out): it then reads the event's definition itself for the same end and retention (passing it only saves "
       "the read)" for n in (12, 14)},
    **{f"chalicelib.store.organisers.x_put_audit__mutmut_{n}": "a record's key ends in more random hex digits (64 "
       "or 10 instead of 8): they only keep two records of the same millisecond apart; the log reads the time from "
       "`at`" for n in (26, 27)},
    **{f"chalicelib.store.organisers.x_list_audit__mutmut_{n}": "the table's PK or SK left on a record: its one "
       "reader (activity.entries) shows only each action's named details" for n in (36, 37, 38, 39)},
    "chalicelib.store.organisers.x__kept_until__mutmut_5": "`and` for `or`: every stored definition has ends_at "
        "(events.validate requires it), and a line is written only about an event that is there",
    # store/jobs.py
    **{f"chalicelib.store.jobs.x_{name}__mutmut_{n}": _KEYWORDS for name, n in (("claim_job", 18), ("fail_job", 17), ("finish_job", 21))},
    **{f"chalicelib.store.jobs.x_get_job__mutmut_{n}": _CONSISTENT for n in (8, 13)},
    **{f"chalicelib.store.jobs.x_put_job__mutmut_{n}": "no condition on a new job (or one on an attribute `pk` no "
       "item has): a job's id is a fresh uuid4 (export_jobs.start), so there is never an item to overwrite"
       for n in (31, 33)},
    **{f"chalicelib.store.jobs.x_to_job__mutmut_{n}": "the error of a failed job read back as None or under another "
       "name: it is kept on the item for whoever reads the table, and no code or answer reads it back (the link "
       "says only `failed`)" for n in (12, 22, 62, 63, 64)},
    **{f"chalicelib.store.jobs.x_to_job__mutmut_{n}": "another default for a job's token_id: put_job always "
       "writes it, a key's id or `member:<address>`, never empty" for n in (34, 36, 39)},
    "chalicelib.store.jobs.x_to_job__mutmut_58": "a size of 1 for a job without one: the size is read only of a "
        "done job (the link's answer), and finish_job writes it then",
    # export_runs.py
    **{f"chalicelib.export_runs.x_handle_record__mutmut_{n}": "no default for a stream record's `dynamodb` part: "
       "every record of a table's stream has one (an INSERT, MODIFY or REMOVE alike)" for n in (3, 5)},
    **{f"chalicelib.export_runs.x_handle_record__mutmut_{n}": _STREAM_SK for n in (19, 21, 23, 25, 27, 29, 37)},
    **{f"chalicelib.export_runs.x__notify__mutmut_{n}": "the mail's Date read from the clock as it is built instead "
       "of the worker's now (workers.export_worker passes the clock's time a moment earlier): the same second, "
       "but across a second's edge" for n in (11, 16)},
    "chalicelib.export_runs.x_run__mutmut_117": "no now passed on to the mail: its Date is read from the clock as "
        "it is built, the worker's now a moment later (the same second, but across a second's edge)",
    "chalicelib.export_runs.x_run__mutmut_71": "None returned for a failed job instead of the job: the export "
        "worker reads nothing run returns (the failure is on the job item and in the log)",
    **{f"chalicelib.export_runs.x_run__mutmut_{n}": "the audit record put without its event: put_audit then reads "
       "the event's definition itself for the same expires_at (one read more)" for n in (79, 82)},
    # http/__init__.py
    **{f"chalicelib.http.xǁHttpErrorǁ__init____mutmut_{n}": "the exception's own text, or details no caller "
       "passes (every HttpError is made from its code alone): answers and logs read .code only" for n in (1, 2, 3)},
    "chalicelib.http.x_prefers_html__mutmut_6": "\"ACCEPT\" for \"accept\": Chalice's request headers are a "
        "case-insensitive dict",
    "chalicelib.http.x_prefers_html__mutmut_7": "no Accept read as \"XXXX\": it names neither HTML nor JSON, as the "
        "empty text does",
    **{f"chalicelib.http.x_{reader}__mutmut_4": "an empty body read as \"XXXX\": a form of one field nobody reads, "
       "or an upload without parts: no CSRF token and the same refusal either way" for reader in ("read_form", "read_upload")},
    **{f"chalicelib.http.x_{reader}__mutmut_{n}": "the code of the refusal of another media type: every caller "
       "reads a form or an upload only for its own media type (access.check_csrf and home.organisation_page look "
       "first; every other route that reads one takes form posts only, Chalice refusing another type with its "
       "own 415 before any view)" for reader in ("read_form", "read_upload") for n in (11, 12, 13)},
    **{f"chalicelib.http.x_read_form__mutmut_{n}": "blank fields dropped instead of kept: every reader of a form "
       "treats an empty field as an absent one (forms.clean, event_form.read's text.get(name, \"\"), "
       "organisation_settings \"empty: no setting\"), and every checkbox of ours posts a value" for n in (16, 19, 24)},
    **{f"chalicelib.http.x_{name}": "a codec named in capitals (UTF-8, LATIN-1): Python finds codecs by name in any "
       "case" for name in ("read_form__mutmut_23", "read_upload__mutmut_31", "read_upload__mutmut_67")},
    **{f"chalicelib.http.x_read_upload__mutmut_{n}": "the default of a missing Content-Type: read_upload runs only "
       "for a multipart/form-data post, whose header is there" for n in (16, 18, 21)},
    "chalicelib.http.x_read_upload__mutmut_36": "parts asked of a message that is not multipart: iter_parts yields "
        "none, as the empty list is",
    **{f"chalicelib.http.x_read_upload__mutmut_{n}": "\"NAME\" or \"CONTENT-DISPOSITION\" in capitals: the email "
       "package finds a parameter and a header in any case" for n in (51, 53)},
    "chalicelib.http.x_read_upload__mutmut_62": "a part holding parts of its own (the only one without a payload) "
        "read as \"XXXX\" instead of \"\": no form of ours posts such a field, so nobody reads its value",
    # organiser/event_form.py
    **{f"chalicelib.organiser.event_form.x_{name}": "the codec named ASCII instead of ascii: Python finds codecs by "
       "name in any case" for name in ("suggested_id__mutmut_20", "_name_from__mutmut_22")},
    **{f"chalicelib.organiser.event_form.x_zones__mutmut_{n}": "another spelling of the SystemV/ prefix: the tz "
       "database we read (zoneinfo, tzdata) has had no SystemV/ zones since 2020b, so none is left out either way"
       for n in (13, 14, 15)},
    **{f"chalicelib.organiser.event_form.x_{name}": "\"XX-XX\" or \"XX_XX\" stripped instead of \"-\" or \"_\": "
       "the text is lowercased first, so it holds no capital X and only the dash or underscore goes, as before"
       for name in ("suggested_id__mutmut_37", "suggested_id__mutmut_39", "_name_from__mutmut_38")},
    **{f"chalicelib.organiser.event_form.x_values_of__mutmut_{n}": "another default for a text, the organiser or the "
       "questions of a stored definition: it is events.validate's output, which always holds every text and the "
       "organiser (dicts, maybe empty) and fields (a list)" for n in (19, 21, 40, 42, 112, 114)},
    **{f"chalicelib.organiser.event_form.x_values_of__mutmut_{n}": "a question without shared or match read as None "
       "instead of False: the editor's tick box and _questions read both by truthiness" for n in (64, 66, 73, 75)},
    **{f"chalicelib.logos.x__copy__mutmut_{n}": "another spelling of the 'on' test of an attribute's name: no name "
       "in ATTRIBUTES starts with 'on', so every handler is left out by the allow-list alone" for n in (20, 21, 22)},
    **{f"chalicelib.logos.x_{name}": "split or rsplit at another '}' count: a name holds one '}' unless its "
       "namespace URI has one, which no drawing program writes; either way only allowed SVG parts are rebuilt"
       for name in ("_local__mutmut_4", "_local__mutmut_5", "_local__mutmut_7", "_namespace__mutmut_6",
                    "_namespace__mutmut_7", "_namespace__mutmut_10")},
    "chalicelib.logos.x_get__mutmut_17": "GetObject names a missing key NoSuchKey (tested); a bare 404 is what "
    "HeadObject says, which is not asked",
    "chalicelib.logos.x_sanitise_svg__mutmut_4": "the codec named UTF-8 instead of utf-8: Python finds codecs by name "
    "in any case",
    "chalicelib.logos.x_sanitise_svg__mutmut_17": "the DOCTYPE pattern in lower case: it is matched ignoring case",
    "chalicelib.logos.x_sanitise_svg__mutmut_57": "the declaration's encoding as utf-8 instead of UTF-8: XML reads "
    "encoding names in any case",
    **{f"chalicelib.logos.x_sanitise_svg__mutmut_{n}": "ET.tostring's encoding as US-ASCII (None or left out): "
       "any other character becomes a character reference, the same text to every reader" for n in (60, 63)},
    **{f"chalicelib.logos.x_sanitise_svg__mutmut_{n}": "xml_declaration None or left out, or UTF-8 for utf-8: for "
       "a UTF-8 output ET.tostring writes no declaration of its own either way" for n in (61, 64, 66)},
    # organiser/programme_form.py
    "chalicelib.organiser.programme_form.x__new_id__mutmut_20": "\"XXXX\" instead of \"\" for a round or "
        "session with no title in either language: that title is refused (required), so the id made for it is "
        "never saved or shown",
    "chalicelib.organiser.programme_form.x__new_id__mutmut_22": "the codec named ASCII instead of ascii: Python "
        "finds codecs by name in any case",
    **{f"chalicelib.organiser.programme_form.x__new_id__mutmut_{n}": "\"XX-XX\" stripped instead of \"-\": the "
       "text is lowercased first, so it holds no capital X and only the dash goes, as before" for n in (40, 42)},
    **{f"chalicelib.organiser.programme_form.x_input_errors__mutmut_{n}": "the key looked up for an error on a "
       "whole round or session as \"XXtitleXX\" or \"TITLE\": nothing is found and the default (rest or "
       "\"title_nl\") is then title_nl, the input \"title\" leads to" for n in (13, 14, 25, 26)},
    **{f"chalicelib.organiser.programme_form.x_input_errors__mutmut_{n}": "another default when rest is None: "
       "rest None is looked up as \"title\", which is always found, so the default is only used for a rest that "
       "is not None, and `rest or X` is then rest" for n in (16, 17, 28, 29)},
    **{f"chalicelib.organiser.programme_form.x_input_errors__mutmut_{n}": "no default (None), or rest None looked "
       "up as \"title_nl\": the definition model names a round only by its path with .id, .title, .starts_at, "
       ".ends_at or .sessions (chalicelib.programme._programme), all in ROUND_ERRORS, and names the round itself "
       "only when it is no object, which patch_of never makes" for n in (9, 10, 11, 15)},
    **{f"chalicelib.organiser.programme_form.x__session_values__mutmut_{n}": "a saved session's online or waiting-list flag read as "
       "None instead of False when absent: the page's only reader is the checkbox macro's `if checked`, false for "
       "both" for n in (39, 41, 48, 50)},
    **{f"chalicelib.organiser.programme_form.x_patch_of__mutmut_{n}": "a session without a limit patched without "
       "its capacity key: a merge patch replaces the rounds' list whole, and the definition model reads a missing "
       "capacity as None (chalicelib.programme._session), keeping no other key (tested: emptying a limit still "
       "saves none)" for n in (124, 125)},
    "chalicelib.organiser.programme_form.x_act__mutmut_5": "each round's sessions list not copied, so a button "
        "changes the list of the values read from the post as well: nothing reads those after act (save_programme "
        "shows act's result only)",
    **{f"chalicelib.organiser.programme_form.x_act__mutmut_{n}": "\"XXXX\" as the first round's start or end "
       "time: the page shows every time that is none as empty (valid_moment_inputs), as a browser does"
       for n in (41, 44)},
    "chalicelib.organiser.programme_form.x_read__mutmut_103": "a post without the online link's input read as "
        "\"XXXX\" instead of \"\": the definition model refuses both as invalid_url (chalicelib.programme._online), "
        "with the same message beside the link",
    **{f"chalicelib.organiser.programme_form.x_order_of__mutmut_{n}": "the place in the summary of a message "
       "beside a session's English title or description, or its Dutch description: none is ever named there "
       "(kinds.text_of names the whole text, `...title` going to title_nl and `...description` to an input of its "
       "own, see the report of issue 26)" for n in (16, 17, 18, 19, 20, 21)},
    **{f"chalicelib.organiser.programme_form.x_order_of__mutmut_{n}": "the place in the summary of a message "
       "beside a session's online or waiting-list box, or the online box itself: none is ever named there (the "
       "form posts each box as a boolean, and online as an object)" for n in (26, 27, 30, 31, 33, 34)},
    **{f"chalicelib.organiser.programme_form.x_flat__mutmut_{n}": "r<i>_sessions (the round's list) kept among "
       "the inputs' values: no input reads it (the hidden count is written from the round's sessions | length)"
       for n in (13, 14)},
    # organiser/embed.py
    "chalicelib.organiser.embed.x_qr__mutmut_7": "error=\"M\" instead of \"m\": segno reads an error level in any case",
    **{f"chalicelib.organiser.embed.x_qr__mutmut_{n}": "the svg's first \"<svg \" replaced once, twice or every "
       "time: segno's inline SVG holds exactly one" for n in (14, 31)},
    **{f"chalicelib.organiser.embed.x_qr__mutmut_{n}": "the PNG's border None or left out: segno then draws a QR "
       "code's recommended quiet zone, 4 modules (a form's address is too long for a Micro QR code)" for n in (37, 39)},
    # store/sessions.py
    **{f"chalicelib.store.sessions.x_switch__mutmut_{n}": _KEYWORDS for n in (59, 79, 82, 105, 110)},
    "chalicelib.store.sessions.x_switch__mutmut_3": "items = instead of items +=: items is the empty list just "
        "made, so both hold the old session's release alone",
    **{f"chalicelib.store.sessions.x_switch__mutmut_{n}": "the condition and the list_append for a registration "
       "without a sessions attribute: roster.registration_item writes every declared attribute, sessions as a list "
       "([] when none was chosen, its declared default), so the attribute is always there (an erased item has none, "
       "but fails the status condition first)" for n in (76, 77, 91)},
    **{f"chalicelib.store.sessions.x_move_up__mutmut_{n}": "move_up's guard with `and` for the second `or`, `>` for "
       "`>=` or `< 0` for `<= 0`: its one caller (choices.fill) calls it only after reading waiting > 0 and a seat "
       "left (spots_left != 0, i.e. no limit or taken < capacity), and passes those very numbers, so the guard is "
       "false either way (so what it returns is never seen)" for n in (1, 4, 5, 7)},
    # digest.py
    **{f"chalicelib.digest.x__request__mutmut_{n}": "a quiet morning that leaves the count's start where it was: "
       "it found nothing since then, so the next morning counts from there the same" for n in (63, 67)},
    **{f"chalicelib.digest.x_summary__mutmut_{n}": _CONSISTENT for n in (6, 7)},
    **{f"chalicelib.digest.x_build__mutmut_{n}": "the event read fresh instead of from the container's cache: the "
       "same event (the cache only saves a read)" for n in (3, 5, 8)},
    **{f"chalicelib.digest.x_event_of_link__mutmut_{n}": _REFUSAL_TEXT for n in (7, 8, 9)},
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", help="only modules whose path contains this (repeatable)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--tests", action="append", help="run only these test files (default: the module's in "
                        "scripts/mutation_targets.py); of them, only the tests that reached the module")
    parser.add_argument("--write", help="write every module measured so far as Markdown to this file")
    parser.add_argument("--report", action="store_true", help="run nothing: report the results kept in .mutate/")
    parser.add_argument("--fresh", action="store_true", help="run a module also when its source and tests are unchanged")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from scripts.mutation_targets import MODULES
    paths = [p for p in MODULES if not args.module or any(m in p for m in args.module)]
    if not paths:
        print(f"no module under chalicelib/ matches {args.module}", file=sys.stderr)
        return 2
    kept = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    if not args.report:
        for path in paths:     # one module at a time
            key = _key(path, args.tests or MODULES[path])
            if not args.fresh and kept.get(path, {}).get("key") == key:
                print(f"{path}: kept from {kept[path]['date']} (its source and test files are unchanged)")
                continue
            tests = _selection(path, args.tests or MODULES[path])
            if not tests:
                print(f"{path}: no test reaches it in the kept baseline; skipped", file=sys.stderr)
                continue
            started = time.monotonic()
            codes = _run(path, tests, args.jobs)
            if codes is None:
                print(f"{path}: mutmut's run without mutants failed (see above); nothing recorded", file=sys.stderr)
                continue
            kept[path] = {"codes": codes, "tests": list(tests), "key": key, "date": datetime.date.today().isoformat(),
                          "message_only": _message_only(path, [k for k, c in codes.items() if c == 0]),
                          "seconds": round(time.monotonic() - started), "load": round(os.getloadavg()[0], 1),
                          "jobs": args.jobs}
            RESULTS.parent.mkdir(parents=True, exist_ok=True)
            latest = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}     # another module's run may have ended meanwhile
            kept = {**latest, path: kept[path]}
            RESULTS.write_text(json.dumps(kept, indent=1))
    report = _report(kept)
    if args.write:
        report = _with_earlier(report, pathlib.Path(args.write), kept)
        pathlib.Path(args.write).write_text(report, encoding="utf-8")
    print(report)
    return 0


# Whole-suite guards: they fail when only part of the suite runs (test_policy's checks that every
# handler's AWS call was seen), as every selection here does.
WHOLE_SUITE = ("tests/test_policy.py::test_every_handler_call_is_allowed",)


def _key(path: str, test_files) -> dict:
    """What decides a module's outcome: its source and its test files (with the test files they import),
    as ``make mutate`` keeps a survivor's (mutmut names no killing test)."""
    from scripts.mutate import Evidence
    os.chdir(ROOT)
    return Evidence(path, test_files).of(None)


def _selection(path: str, test_files) -> tuple:
    """The tests that reached ``path`` in the kept baseline of ``make mutate`` (.mutate/baseline/),
    as nodeids: mutmut's run without mutants and its stats then run only those, not every test of
    the module's files (counters.py: 262 of 707). Without a kept baseline: the files."""
    from scripts.mutate import kept_reach
    os.chdir(ROOT)
    reached = kept_reach(path, list(test_files))
    if reached is None:
        return tuple(test_files)
    return tuple(sorted(nodeid for nodeid in reached if nodeid not in WHOLE_SUITE))


def _with_earlier(report: str, old: pathlib.Path, kept: dict) -> str:
    """Keep the rows (and listed equivalents) of modules measured earlier whose detail is not in
    mutmut-results.json (runs made before it was committed)."""
    if not old.exists():
        return report
    text = old.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| chalicelib/") and line.split(" | ")[0][2:] not in kept]
    names = {path[:-3].replace("/", ".") for path in kept}
    equivalent = [line for line in text.split("## Equivalent (not counted)")[-1].splitlines()     # a method's: .xǁClassǁ
                  if line.startswith("- `chalicelib.") and re.split(r"\.x[_ǁ]", line[3:])[0] not in names]
    equivalent = [line for line in dict.fromkeys(equivalent) if line not in report.splitlines()]     # each once
    if rows:
        head, sep, tail = report.partition("|---|")
        table_end = tail.index("\n\n")
        tail = tail[:table_end] + "\n" + "\n".join(rows) + tail[table_end:]
        report = head + sep + tail
    if equivalent:
        report = report.replace("## Equivalent (not counted)\n\nNone.\n", "## Equivalent (not counted)\n\n")
        report = report.rstrip("\n") + "\n" + "\n".join(equivalent) + "\n"
    return report


_RAISE = re.compile(r"^\s*raise ([\w.]+)\((.*)\)( from \w+)?$")     # io.UnsupportedOperation too


def _message_only(path: str, survivors) -> list:
    """The survivors that change only the text of a raised exception (mutmut's string mutants):
    the API answers by the exception's class, so no test of behaviour can see them."""
    work = WORK / path.replace("/", "_")[:-3]
    found = []
    for name in survivors:
        shown = subprocess.run([str(ROOT / ".venv" / "bin" / "mutmut"), "show", name], cwd=work,  # nosec B603  # fixed argv
                               capture_output=True, text=True, check=False).stdout.splitlines()
        old = [line[1:] for line in shown if line.startswith("-") and not line.startswith("---")]
        new = [line[1:] for line in shown if line.startswith("+") and not line.startswith("+++")]
        if len(old) == len(new) == 1 and _RAISE.match(old[0]) and _RAISE.match(new[0]) \
                and _RAISE.match(old[0]).group(1) == _RAISE.match(new[0]).group(1):
            found.append(name)
    return found


def _score(codes: dict, message_only=()) -> dict:
    survivors = sorted(k for k, c in codes.items() if c == 0)
    equivalent = sorted(k for k in survivors if k in EQUIVALENT)
    survivors = [k for k in survivors if k not in EQUIVALENT]
    killed = sum(1 for c in codes.values() if c in KILLED)
    no_tests = sorted(k for k, c in codes.items() if c in (5, 33))
    counted = len(codes) - len(equivalent)
    messages = [k for k in survivors if k in set(message_only)]
    rest = counted - len(messages)
    return {"total": len(codes), "killed": killed, "survivors": survivors, "equivalent": equivalent,
            "no tests": no_tests, "score": 100.0 * killed / counted if counted else 100.0, "messages": messages,
            "score_behaviour": 100.0 * killed / rest if rest else 100.0}


def _report(kept: dict) -> str:
    lines = ["# Mutation score: mutmut's mutants", "",
             f"mutmut {_version()} (its own operators, made independently of scripts/mutants.py) over every "
             f"module of chalicelib/: `make mutmut` or `make mutmut MODULE=tokens`; {platform.machine()}, {os.cpu_count()} CPUs, "
             f"Python {platform.python_version()}, {_jobs(kept)} mutants at a time, the machine shared with other sessions. "
             "A mutant counts as killed when a test fails or times out; a survivor listed under "
             "\"equivalent\" (scripts/mutmut_run.py, EQUIVALENT) is not counted.", "",
             "| module | date | tests | mutants | killed | equivalent | survived | of which message text only "
             "| no test reaches it | score | score without message text | seconds |",
             "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    scores = {path: _score(entry["codes"], entry.get("message_only", ())) for path, entry in kept.items()}
    for path, entry in kept.items():
        s = scores[path]
        tests = _tests_named(entry["tests"])
        lines.append(f"| {path} | {entry['date']} | {tests} | {s['total']} | {s['killed']} | {len(s['equivalent'])} "
                     f"| {len(s['survivors'])} | {len(s['messages'])} | {len(s['no tests'])} | {s['score']:.1f}% "
                     f"| {s['score_behaviour']:.1f}% | {entry['seconds']} |")
    lines += ["", "\"No test reaches it\": a mutant in a function none of the selected test files runs (mutmut "
              "counts it as survived). \"Message text only\": the mutant changes only the text of a raised "
              "exception; the API answers by the exception's class, so those are listed but not hunted."]
    lines += ["", "## Survivors (`mutmut show <name>` in .mutate/mutmut/<module>/ shows the diff)", ""]
    lines += [f"- `{name}`" + (" (message text only)" if name in s["messages"] else "")
              for s in scores.values() for name in s["survivors"]] or ["None."]
    lines += ["", "## Equivalent (not counted)", ""]
    lines += [f"- `{name}`: {EQUIVALENT[name]}" for s in scores.values() for name in s["equivalent"]] or ["None."]
    return "\n".join(lines) + "\n"


def _tests_named(tests) -> str:
    """The test files, with how many of their tests ran when only some did (nodeids)."""
    files = {}
    for test in tests:
        path, _, name = test.partition("::")
        files.setdefault(path.rpartition("/")[2], []).append(name)
    return ", ".join(f"{name} ({len(ids)} tests)" if all(ids) else name for name, ids in files.items())


def _jobs(kept: dict) -> str:
    """How many mutants ran at a time in the kept runs ("1 or 2" when they differ; older runs used 2)."""
    return " or ".join(str(j) for j in sorted({entry.get("jobs", 2) for entry in kept.values()})) or "2"


def _version() -> str:
    from importlib.metadata import version
    return version("mutmut")


def _run(path: str, tests, jobs: int) -> dict:
    work = WORK / path.replace("/", "_")[:-3]
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    tracked = _files()
    for name in tracked:
        target = work / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, target)
    top = sorted({name.split("/")[0] for name in tracked if "/" in name} - {"chalicelib", "tests"})
    files = sorted(name for name in tracked if "/" not in name)
    (work / "setup.cfg").write_text(
        "[mutmut]\nsource_paths = chalicelib/\n"
        f"only_mutate = {path}\n"
        "also_copy =\n" + "".join(f"    {n}\n" for n in top + files) +
        "pytest_add_cli_args =\n    -p\n    no:randomly\n    -p\n    no:xdist\n    -p\n    no:cacheprovider\n"
        + "".join(f"    --deselect\n    {t}\n" for t in WHOLE_SUITE) +
        "pytest_add_cli_args_test_selection =\n" + "".join(f"    {t.replace('%', '%%')}\n" for t in tests))
    env = dict(os.environ, PYTHONHASHSEED="0")
    subprocess.run([str(ROOT / ".venv" / "bin" / "mutmut"), "run", "--max-children", str(jobs)],  # nosec B603  # fixed argv
                   cwd=work, env=env, check=False)
    meta = json.loads((work / "mutants" / (path + ".meta")).read_text())
    codes = meta["exit_code_by_key"]
    return None if codes and all(code is None for code in codes.values()) else codes


def _files() -> list:
    """The repository's files: git's list, or in an exported copy everything but caches."""
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT,  # nosec B603 B607  # fixed argv, git from PATH
                            capture_output=True, text=True, check=False)
    if listed.returncode == 0 and listed.stdout:
        return listed.stdout.split()
    skip = {".venv", ".mutate", ".git", "__pycache__", ".pytest_cache", ".hypothesis", "build", ".dev"}
    found = []
    for folder, dirs, names in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in skip]
        found += [os.path.relpath(os.path.join(folder, n), ROOT) for n in names if not n.endswith((".sh", ".log", ".txt"))
                  or os.path.dirname(os.path.join(folder, n)) != str(ROOT)]
    return sorted(found)


if __name__ == "__main__":
    sys.exit(main())
