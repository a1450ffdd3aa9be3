"""What ``make mutate`` mutates, the tests that may kill each module's mutants, and the mutants
known to be equivalent (no test can tell them from the real code), each with its reason.

Every module under chalicelib/ is mutated (``modules()``: found on disk, openapi/ aside), each with
the test files ``tests_of()`` derives for it (a mutant runs only the tests of these files that ran
its lines, fastest first): a new module or test file needs no edit here. An EQUIVALENT key is the text
``python -m scripts.mutate --list --module <name>`` prints after the line number.
"""

import ast
import glob
import json
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Static description data, no behaviour: the OpenAPI document is compared whole with the routes by
# tests/test_openapi.py, and a changed word in it is a documentation slip, not a bug a mutant models.
SKIPPED = ("chalicelib/openapi/",)


def modules() -> list:
    """Every module under chalicelib/ (but SKIPPED), found on disk: a new one is covered at once."""
    if _MODULES:
        return _MODULES
    found = sorted(os.path.relpath(p, ROOT).replace(os.sep, "/")
                   for p in glob.glob(os.path.join(ROOT, "chalicelib", "**", "*.py"), recursive=True))
    _MODULES.extend(p for p in found if not p.startswith(SKIPPED) and _has_code(p))
    return _MODULES


_MODULES = []


def _has_code(path) -> bool:
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        tree = ast.parse(f.read())
    return any(not isinstance(s, (ast.Import, ast.ImportFrom)) and not (
        isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)) for s in tree.body)


def tests_of(path: str) -> tuple:
    """The test files that may kill ``path``'s mutants: those that reach the module directly
    (``_direct``), and those of the modules of chalicelib/ that import it (a store module is
    tested through the use cases that call it); every test file when none does. The harness then
    runs, per mutant, only the tests of these files that reached its line (coverage)."""
    dotted = _dotted(path)
    chosen = set(_direct(path))
    for other in modules() + ["app.py"]:      # app.py registers the blueprints
        if other != path and dotted in _imports(other):
            chosen.update(_direct(other))
    return tuple(sorted(chosen)) or tuple(_test_files())


def _direct(path) -> list:
    """Test files that import the module or name it (``store.counters``, ``organiser.listing``), whose
    name holds its name (test_stats.py), or whose tests killed its mutants before
    (benchmarks/mutation-kills.json)."""
    if path in _DIRECT:
        return _DIRECT[path]
    dotted = _dotted(path)
    package, _, name = dotted.rpartition(".")
    mention = re.compile(rf"\b{re.escape(package.rpartition('.')[2])}\.{re.escape(name)}\b")
    killers = {nodeid.split("::")[0] for scope in _kills().get(path, {}).values() for nodeid in scope}
    named = set(named_for(path))
    _DIRECT[path] = [test for test in _test_files() if test in killers or test in named
                     or dotted in _imports(test) or mention.search(_text(test))]
    return _DIRECT[path]


def named_for(path) -> list:
    """The test files whose name holds the module's name (test_after.py, test_after_schedule.py
    for after.py): the module's own tests."""
    name = _dotted(path).rpartition(".")[2]
    return [test for test in _test_files() if f"_{name}_" in f"_{os.path.basename(test)[5:-3]}_"]


_DIRECT = {}


def _dotted(path) -> str:
    return path[:-3].replace("/", ".").removesuffix(".__init__")


def _test_files() -> list:
    """tests/test_*.py, but those that test a separate process (a local stack: the browser tests,
    schemathesis), which a mutant put into this process cannot reach."""
    if not _FILES:
        found = sorted(os.path.relpath(p, ROOT).replace(os.sep, "/")
                       for p in glob.glob(os.path.join(ROOT, "tests", "test_*.py")))
        _FILES.extend(t for t in found if not _imports(t) & {"live", "test_devstack", "test_browser"})
    return _FILES


_FILES = []


def _imports(test) -> set:
    """The dotted names a file imports (anywhere in it), ``from a import b`` giving ``a`` and ``a.b``,
    ``lazy("a.b")`` (chalicelib.imports: imported when first used) giving ``a.b``;
    ``store.x`` named in chalicelib/ counts as importing chalicelib.store.x (the store loads its
    modules when first named)."""
    if test in _IMPORTS:
        return _IMPORTS[test]
    found = _IMPORTS[test] = set()
    tree = ast.parse(_text(test))
    for node in ast.walk(tree):     # names imported only for an editor are not imports
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "lazy"
              and node.args and isinstance(node.args[0], ast.Constant)):      # chalicelib.imports.lazy("a.b")
            found.add(node.args[0].value)
    if test.startswith("chalicelib/"):
        found.update(f"chalicelib.store.{name}" for name in re.findall(r"\bstore\.(\w+)\.", _text(test)))
    return found


_TEXTS, _IMPORTS = {}, {}


def _text(test) -> str:
    if test not in _TEXTS:
        with open(os.path.join(ROOT, test), encoding="utf-8") as f:
            _TEXTS[test] = f.read()
    return _TEXTS[test]


def _kills() -> dict:
    if _KILLS:
        return _KILLS[0]
    path = os.path.join(ROOT, "benchmarks", "mutation-kills.json")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        _KILLS.append(json.load(f))
    return _KILLS[0]


_KILLS = []


# path -> its test files, both derived: a new module or test file is in at once
MODULES = {path: tests_of(path) for path in modules()}

# chalicelib/organiser/listing.py's PREFIXES, in source order: see EQUIVALENT below
_PREFIXES = ["van", "de", "der", "den", "het", "ter", "ten", "te", "op", "in", "'t", "t", "von", "vd", "v.d.",
             "la", "le", "du", "da", "di", "del", "des", "'s", "aan", "bij", "onder", "over", "uit", "uijt", "voor"]


def _prefixes(words) -> str:
    return "PREFIXES = {" + ", ".join(repr(w) for w in words) + "}"


# chalicelib/emails.py's CANCELLED_BY, in source order: see EQUIVALENT below
_EMAILS_CANCELLED_BY = ("attendee", "organiser", "expiry", "event")


# chalicelib/multipart.py's PART_SIZE: see EQUIVALENT below
_PART_SIZE = ("any part size of 5 MiB (S3's least) or more stores the same file; the size is the export's memory "
              "budget, logged per export (peak_buffer)")


# chalicelib/schema/settings.py's WIDGETS, in source order: see EQUIVALENT below
_WIDGETS = ("checkbox", "number", "texts", "moment", "choice", "zone", "origins", "url", "domains", "hours", "links",
            "lines")
# chalicelib/activity.py's keys that are no detail of a record, in source order: see EQUIVALENT below
_AUDIT_KEYS = ("token_id", "event_id", "at", "action", "expires_at", "organisation")
_AUDIT_KEPT = f"k not in {_AUDIT_KEYS}"


# chalicelib/templating.py's conditions, as --list prints them: see EQUIVALENT below
_ESCAPED = "name.startswith(('html:', 'pages/', 'organiser/')) or name.endswith(('.html.j2', '.html'))"
_PART_REFUSED = "not colon or part not in MAIL_PARTS or (not path.startswith('email/'))"
_PART_JOINED = "colon and part in MAIL_PARTS and (':' not in template)"


_LAZY_AT_ONCE = ("the use cases imported at once instead of on first use (chalicelib.imports.lazy): the same "
                 "modules, only loaded sooner (no cycle: the tests of its pages pass alike)")
# A strongly consistent read made eventual: moto's reads are always consistent, so no test here can tell.
_CONSISTENT = ("ConsistentRead false or left out: moto's reads are always consistent, so no test here can tell; DynamoDB's "
               "eventual read could miss a write of a moment ago (a signup, a claim, a move)")
# the other way round: an eventual read made consistent by default
_MADE_CONSISTENT = ("an eventual read made consistent by default: the same answer at twice the read units; moto's "
                    "reads are always consistent, so no test here can tell (benchmarks/calls.py counts calls, not units)")
_NAMED_FIELDS = ("the API (webhooks.view, webhook_api._delivery) and the page name the fields they show; "
                 "a key left in the dict is never shown")
# schema/inputs._number's test, as the mutants of its parts name it
_NUMBER_BOUNDS = "not value.isdigit() or int(value) < low or (setting.maximum is not None and int(value) > setting.maximum)"
_LINK_CHECK = "not title.strip() or not url.lower().startswith(('https://', 'http://'))"    # schema/inputs._links'
_ORIGIN_CHECK = "parts.scheme not in ('http', 'https') or not parts.hostname or ' ' in address.strip()"  # inputs.origin_of
_AT_IMPORT = ("a field's default is read only when an instance is made, and every instance of this class is "
              "declared in its module at import (ATTRIBUTES, SETTINGS), which the harness does not make again")
_KEPT_AT_IMPORT = ("kept_on_erasure is read once, at import, into store.roster.KEPT_ON_ERASURE, which the harness "
                   "does not rebuild (tests/test_attributes_edges.py and test_erasure_allow_list.py check what an "
                   "erased registration keeps)")
_PERSONAL = ("personal is read only by Attribute.__post_init__ (personal and kept_on_erasure), which this value "
             "never trips; erasure goes by kept_on_erasure")
_TIED = ("the position now ties with the next attribute's, and the stable sort keeps this one (declared first) "
         "in front: the same order")
EQUIVALENT = {
    "chalicelib/store/sessions.py": {
        **{f"adjust: {change}": "the floor at zero never decides: every release or move up is also guarded by the "
           "registration's own condition (its status, its choice as read), so no counter is given back twice"
           for change in ("statement: conds.append(f'{name} >= :m{name}') -> (removed)",
                          "boolean: ' AND '.join(conds) or None -> ' AND '.join(conds) and None",
                          "boolean: ' AND '.join(conds) or None -> None",
                          "boolean: ' AND '.join(conds) or None -> ' AND '.join(conds)")},
        **{f"move_up: {change}": "choices.fill, its only caller, calls it only after checking the same as read "
           "(session.waiting > 0 and spots_left > 0); the transaction's condition decides the rest"
           for change in ("boolean: capacity is not None and taken >= capacity or waiting <= 0 -> "
                          "(capacity is not None and taken >= capacity) and waiting <= 0",
                          "boolean: capacity is not None and taken >= capacity or waiting <= 0 -> waiting <= 0",
                          "boolean: capacity is not None and taken >= capacity or waiting <= 0 -> "
                          "capacity is not None and taken >= capacity",
                          "boolean: capacity is not None and taken >= capacity -> taken >= capacity",
                          "compare: capacity is not None -> capacity is None",
                          "compare: taken >= capacity -> taken > capacity",
                          "compare: waiting <= 0 -> waiting < 0",
                          "number: False -> True")},
        **{f"move_up: {change}": "the waiting count as read checked no more: a person who left the list fails the "
           "registration's own condition (still waiting, still seated), and a newcomer behind changes nothing "
           "for the first"
           for change in ("condition: 'taken = :t AND waiting = :w' -> 'taken = :t'",
                          "condition: '(attribute_not_exists(taken) OR taken = :t) AND waiting = :w' -> "
                          "'(attribute_not_exists(taken) OR taken = :t)'")},
        **{f"move_up: {change}": "choices.fill reads the counter and the list again after every try, so a move "
           "reported wrongly is found done or not done; no caller uses fill's count"
           for change in ("number: True -> False", "number: False -> True  #2")},
        "switch: boolean: reg.extra or {} -> reg.extra":
            "a Registration's extra is never None (models.Registration defaults it to an empty dict, and the "
            "store reads every item into one)",
        "take: number: 0 -> 1":
            "the nobody-waits floor of a session without a limit: nobody ever waits for one",
        **{f"switch: {change}": "every registration item stores sessions, [] when none is chosen (the "
           "attribute's default, chalicelib.schema.attributes): only an item written before that default has none"
           for change in ("boolean: (reg.extra or {}).get('sessions') or [] -> (reg.extra or {}).get('sessions')",
                          "negate: ' AND size(sessions) = :n' if count else ' AND (attribute_not_exists(sessions) OR "
                          "size(sessions) = :n)' -> ' AND size(sessions) = :n' if not count else ' AND "
                          "(attribute_not_exists(sessions) OR size(sessions) = :n)'",
                          "condition: ' AND (attribute_not_exists(sessions) OR size(sessions) = :n)' -> "
                          "' AND (size(sessions) = :n)'")},
    },
    "chalicelib/store/organisations.py": {
        **{f"{function}: number: True -> False": _CONSISTENT
           for function in ("_get_meta", "role_of", "memberships", "chosen_events", "get_login", "get_session")},
        "<module>: member: _BOOKKEEPING = ('PK', 'SK', 'name', 'members', 'updated_at', 'version') -> "
        "_BOOKKEEPING = ('PK', 'SK', 'members', 'updated_at', 'version')":
            "every caller puts the name under its own key beside the settings: a name among them has the same value",
        **{f"_own: {change}": "no stored setting is None or empty: organisation_settings.clean leaves an empty one "
           "out and table.to_item drops None"
           for change in ("boolean: name not in _BOOKKEEPING and value not in (None, '') -> name not in _BOOKKEEPING",
                          "member: value not in (None, '') -> value not in ('',)",
                          "member: value not in (None, '') -> value not in (None,)")},
        "consume_login: condition: 'attribute_exists(PK) AND expires_at > :now' -> 'expires_at > :now'":
            "a link that is not stored has no expires_at either, so the comparison alone already fails",
    },
    "chalicelib/store/pools.py": {
        "Pool: number: 0 -> 1": "every Pool is made by read(), which always passes what the pool has taken",
        **{f"keys: {change}": "an event with one pool never stores SEATS#<event>#0, so asking for it too reads "
           "nothing, and read() looks at pools only when there are more than one"
           for change in ("compare: count > 1 -> count >= 1", "number: 1 -> 0")},
        "shares: compare: capacity >= sum(taken) -> capacity > sum(taken)":
            "with the seats taken equal to the capacity both branches give every pool exactly what it holds",
        "shares: compare: sum((min(t, lv) for t in taken)) < capacity -> sum((min(t, lv) for t in taken)) <= capacity":
            "the level comes out one higher only when the lower one sums to the capacity exactly, and then the cut "
            "takes one seat off every pool above it: the same shares",
        "shares: number: 1 -> 0":
            "the search starting at 0 instead of -1 finds the same level: a capacity is at least 1 (its setting's "
            "minimum), so 0 seats per pool is always under it",
        **{key: "a back-off after a collision is a wait only (the tests make no wait: the same outcome, sooner or later)"
           for key in ("sync: negate: if attempt: -> if not attempt:", "sync: statement: writes.backoff(attempt - 1) -> "
                       "(removed)", "sync: arith: attempt - 1 -> attempt + 1", "sync: number: 1 -> 0")},
        "sync: number: True -> False": _CONSISTENT,
        **{f"cancel: {change}": "the count cancel is given is len(event.pools): 0 for an event without pools, at least "
           "2 with them" for change in ("compare: count > 1 -> count >= 1", "number: 1 -> 0")},
        "take_item: number: False -> True": "every caller (store.seats) passes even_closed, so its default is never used",
        "flag_items: arith: [writes.update(key(event_id, k), 'SET waiting = :e', 'attribute_exists(taken)', e=epoch) "
        "for k in range(count)] + [writes.check(shard, condition, **vals)] -> [writes.update(key(event_id, k), "
        "'SET waiting = :e', 'attribute_exists(taken)', e=epoch) for k in range(count)]":
            "the join's own shard write checks the same epoch, so a mark made in an epoch gone by never lets a join "
            "commit (it reads again and marks anew); the stale mark only costs a seat-taker its clearing",
        **{f"give_back_item: condition: 'taken > :zero' -> {after}": "a seat given back is one the registration "
           "holds on that pool (its own write checks its status in the same transaction): the pool never holds 0 then"
           for after in ("''", "'taken >= :zero'")},
        **{f"delete_items: {change}": "its one caller (store.events.delete_event) passes MAX_POOLS, 8"
           for change in ("compare: count > 1 -> count >= 1", "number: 1 -> 0")},
    },
    "chalicelib/store/roster.py": {
        **{f"{function}: number: True -> False": _CONSISTENT
           for function in ("get_registration", "first_waitlisted", "waitlist_position")},
        "first_waitlisted: number: 200 -> 201": "a page of 201 instead of 200: the first person waiting is the "
                                                 "first of the first page either way",
        "count_registrations: arith: up_to + 1 - counted -> up_to + 1 + counted":
            "a later page asked for more items than needed: the count may pass up_to + 1 by more, and its one "
            "caller (export_jobs.needs_job) asks only whether it passes the limit",
        "registration_keys_by_email: condition: 'email_norm = :e AND begins_with(SK, :reg)' -> 'email_norm = :e'":
            "only a registration item carries the email_norm attribute the by_email index is keyed on "
            "(registration_item); a marker holds the address in its SK, so the index holds registrations alone",
        "registration_pages: number: False -> True": _MADE_CONSISTENT,
        "new_registration_id: number: 13 -> 14": "a retried id keeps one character more of the old one's random part: "
            "it still sorts at the same arrival, and nothing reads an id's length",
        "new_registration_id: number: 1000 -> 1001": "an id's time is only compared with other ids' (signup order), "
            "never read back: every id on the same scaled clock keeps that order",
        "new_registration_id: number: 6 -> 7": "a longer random part: ids stay unique and sort by their time the same, "
            "and nothing reads an id's length",
        "registration_item: boolean: reg.answers or {} -> reg.answers": "a Registration's answers are never None: "
            "the model's default is a fresh dict, every signup passes the form's and to_registration always gives one",
        "registration_item: boolean: reg.email_status or QUEUED -> QUEUED": "an item is written whole only for a new "
            "registration (no mail status yet) or an erased one (which does not keep it): it is always QUEUED",
        **{f"erased_item: {change}": "an erased registration changes no more and gets no invite (its address is gone): "
           "its change count is read by nobody after" for change in (
               "arith: reg.sequence + 1 -> reg.sequence - 1", "arith: reg.sequence + 1 -> reg.sequence",
               "arith: reg.sequence + 1 -> 1", "number: 1 -> 0")},
        "_plan: number: 0 -> 1": "the plan is worked out again on every call: the same plan, only slower",
        "registered: number: True -> False": _CONSISTENT,
        "registered: boolean: bool(item) and 'registration_id' in item and table.live(item, now) -> bool(item) and "
        "table.live(item, now)": "a marker without registration_id is a stub, which count_attempt makes only when "
            "registered() found the address registered and its registration ended (seats.py deletes the marker) "
            "before the stamp; a newcomer who then finds the stub is stamped once more (no mail: "
            "counters.repeated_registration needs the same registration_id before and after) and signs up the same",
        "registered: boolean: bool(item) and 'registration_id' in item and table.live(item, now) -> bool(item) and "
        "'registration_id' in item": "an expired marker names a registration that expired with it (the same "
            "expires_at, moved together: schedule.py): taking it for registered only stamps it once more, no mail "
            "goes (outbox._handle_repeat finds the expired registration gone) and the signup transaction replaces "
            "the expired marker the same (seats.py: expires_at <= :now)",
        "get_registration: boolean: now or time.time() -> time.time()": "no code of the app passes now: only "
            "registration_by_email does, and only the tests call that",
        "registration_by_email: number: True -> False": _CONSISTENT,
        **{f"registration_by_email: {change}": "no code of the app calls registration_by_email: only the tests do, "
           "to look a person up" for change in (
               "boolean: now or time.time() -> time.time()",
               "boolean: not item or not table.live(item, now) or 'registration_id' not in item -> not item and "
               "(not table.live(item, now)) and ('registration_id' not in item)",
               "boolean: not item or not table.live(item, now) or 'registration_id' not in item -> "
               "not table.live(item, now) or 'registration_id' not in item",
               "boolean: not item or not table.live(item, now) or 'registration_id' not in item -> "
               "not item or 'registration_id' not in item",
               "boolean: not item or not table.live(item, now) or 'registration_id' not in item -> "
               "not item or not table.live(item, now)")},
        "registration_pages: number: 500 -> 501": "the default page size only sets where pages break: its one "
            "caller, registrations(), yields them page after page, the same registrations in the same order",
    },
    "chalicelib/store/table.py": {
        "create_table: statement: db.get_waiter('table_exists').wait(TableName=name) -> (removed)":
            "moto makes a table at once, so waiting for it is never needed here; DynamoDB's table would be CREATING",
        **{f"batch_get: boolean: answer.get('UnprocessedKeys') or None -> {after}": "moto answers every key of a "
           "BatchGetItem at once (no UnprocessedKeys), so the retry of what is left is never taken here"
           for after in ("answer.get('UnprocessedKeys') and None", "None", "answer.get('UnprocessedKeys')")},
    },
    "chalicelib/templating.py": {
        f"_autoescape: boolean: name is not None and ({_ESCAPED}) -> {_ESCAPED}":
            "Jinja passes no name only for a template made from a string, and none is: every one is loaded by name",
        f"_autoescape: boolean: {_ESCAPED} -> {_ESCAPED.partition(' or ')[0]}":
            "every HTML template lives under pages/ or organiser/: templates/ holds no other .html or .html.j2 file",
        **{f"_mail_loader: boolean: {_PART_REFUSED} -> {after}": "only render_mail and render_block name a part "
           "(html:, text:), always of an email/<kind>.j2 file, and a name without a colon has no path: the same "
           "names are served" for after in (
               "not colon and part not in MAIL_PARTS and (not path.startswith('email/'))",
               "part not in MAIL_PARTS or not path.startswith('email/')", "not colon or not path.startswith('email/')",
               "not colon or part not in MAIL_PARTS")},
        **{f"_environment_class: boolean: {_PART_JOINED} -> {after}": "a parent name with a colon is always a mail "
           "part (html:, text:), one without is never one, and no mail template names a part in its extends, "
           "include or import: every template joins the same" for after in (
               "part in MAIL_PARTS and ':' not in template", "colon and ':' not in template",
               "colon and part in MAIL_PARTS")},
        "environment: negate: if os.path.isdir(COMPILED_DIR): -> if not os.path.isdir(COMPILED_DIR):":
            "templates_compiled/ exists only in the package `make package` builds: in the checkout a ModuleLoader "
            "of the missing directory finds nothing and every template loads from its file",
        "environment: number: True -> False  #2":
            "lstrip_blocks off: every mail kind's text and HTML part render the same either way (compared in both "
            "languages), and the spaces it would keep in a page are not shown by HTML",
        "environment: number: False -> True":
            "a template's final newline kept: render_mail strips the text part and ends it with one newline, "
            "render_block folds all whitespace, and HTML does not show it",
        **{f"_translators: language: 'nl' -> 'en'{n}": "every page and mail is rendered with its locale: the "
           "default is never read (the page and mail tests pass alike with 'en')" for n in ("", "  #2")},
        "stylesheet: number: 10 -> 11": "a version of 11 hex characters names the stylesheet's copy as well as 10",
        "render_block: number: False -> True": "no mail's subject block reads `html`: the subject is the same",
    },
    "chalicelib/activity.py": {
        **{f"entries: {change}": "a record's bookkeeping keys (who, event, time, action, expiry, organisation) kept in "
           "its details too: a line reads only its action's own details (format, rows, member, ...), never these"
           for change in [f"member: {_AUDIT_KEPT} -> k not in {kept}" for kept in (
               str(tuple(k for k in _AUDIT_KEYS if k != dropped)) for dropped in _AUDIT_KEYS)]
           + [f"expiry: {_AUDIT_KEPT} -> True"]},
    },
    "chalicelib/organiser/overview.py": {
        "<module>: negate: if TYPE_CHECKING: -> if not TYPE_CHECKING:":
            "the modules named for an editor imported at once instead of on first use (lazy): the same modules, "
            "only loaded sooner",
        **{f"_person: {change}": "an id of 64 or 65 characters read from the table instead of refused unread: "
           "registration ids are 25 characters, so the read finds nobody and the page is the same 404"
           for change in ("compare: len(registration_id) < 64 -> len(registration_id) <= 64",
                          "number: 64 -> 65")},
        "_back: boolean: where == 'checkin' and _checkin_token_of(body.get('token', '')) == (event_id, registration_id) "  # nosec B105  # a mutant's description, not a secret
        "-> _checkin_token_of(body.get('token', '')) == (event_id, registration_id)":
            "only a QR code's check-in page posts a token, and it posts back=checkin with it: no page's form "
            "posts one person's token with another way back",
        "people_list: number: 1 -> 0":
            "a page number that is no number read as page 0 instead of 1: listing.page_of makes any number below 1 "
            "the first page",
        "_message_form: number: True -> False":
            "blank fields dropped instead of kept: subject, text and session are read with `or [\"\"]` alike, and a "
            "blank `to` (which no checkbox posts) is refused naming `to` either way (required or invalid_choice)",
    },
    # chalicelib/organiser/home.py
    "chalicelib/organiser/home.py": {
        "<module>: negate: if TYPE_CHECKING: -> if not TYPE_CHECKING:": _LAZY_AT_ONCE,
        "redirect: language: 'nl' -> 'en'": "every caller passes the request, so the locale is always read from it",
        "member_page: compare: view is None -> view is not None": "runs only when the decorator is applied, as "
        "app.py imports the page modules; the harness patches mutants in after that",
        "sign_in_path: boolean: request.context.get('resourcePath') or '/organiser' -> "
        "request.context.get('resourcePath')": "API Gateway and Chalice always set resourcePath on a routed request",
        "organisation_page: boolean: refused_in(org_id, capability) or view(org_id, posted, **params) -> "
        "refused_in(org_id, capability)": "unreachable by the harness: the mutant no longer closes over `view`, so "
        "it cannot be patched into the wrappers made at import (by hand, test_home_edges' team page test kills it)",
        "sign_in_path: boolean: request.uri_params or {} -> request.uri_params": "Chalice's local gateway (the "
        "tests') sends {} for a page without path parameters; only API Gateway sends null",
        "sign_in_path: boolean: sessions.safe_next(here) and here != '/organiser' -> sessions.safe_next(here)":
            "no guarded GET page lives at /organiser itself (home() signs in without member_page)",
        **{f"{view}: boolean: {before} -> {after}": "None instead of '' for the page to return to: the "
           "templates test `{% if next %}`, which skips both alike" for view, before, after in (
               ("home", "sessions.safe_next(query.get('next')) or ''", "sessions.safe_next(query.get('next'))"),
               ("request_login", "wanted or ''", "wanted"), ("login_link", "wanted or ''", "wanted"))},
    },
    # chalicelib/organiser/editor.py
    "chalicelib/organiser/editor.py": {
        "<module>: negate: if TYPE_CHECKING: -> if not TYPE_CHECKING:": _LAZY_AT_ONCE,
        **{f"update_event: boolean: stored.get('organisation_id') or '' -> {after}": "an edit's organisation is the "
           "stored one: body_of reads it from the stored definition, and the next post sets the hidden field again"
           for after in ("stored.get('organisation_id') and ''", "''", "stored.get('organisation_id')")},
        "_save: negate: event_id if events.valid_event_id(event_id) else 'x' -> event_id if not "
        "events.valid_event_id(event_id) else 'x'": "the model's message for a bad link name never shows: "
        "merge_errors keeps the form's own, and 'x' and a valid name validate the rest alike",
        **{f"_free_id: {change}": "the last number tried is never shown: when every name is taken the form comes back "
           "with the link name as typed and 'taken' (test_editor_edges)" for change in (
               "compare: n < 100 -> n <= 100", "number: 100 -> 101")},
        "_editor: number: 0 -> 1": "the count of people to tell is shown only for a stored event "
        "(`{% if not new and people_to_tell %}`)",
    },
    # chalicelib/organiser/programme_form.py
    "chalicelib/organiser/programme_form.py": {
        **{f"input_errors: boolean: {change}": "the same input for every key: a missing rest (an error on the "
           "whole round or session) is looked up as 'title' with 'title_nl' as the default either way"
           for change in ("rest or 'title' -> rest", "rest or 'title_nl' -> rest", "rest or 'title' -> rest  #2",
                          "rest or 'title_nl' -> rest  #2")},
        **{f"input_errors: boolean: rest or 'title_nl' -> {after}": "differs only for a round's error key not in "
           "ROUND_ERRORS; the definition model names a round's id, title, starts_at, ends_at and sessions only "
           "(chalicelib.programme._programme), all in it" for after in ("rest and 'title_nl'", "'title_nl'")},
        **{f"valid_moment_inputs: boolean: {before} and (not {test}) -> not {test}": "an empty date or time "
           "is no valid one either: the mutant sets '' to ''" for before, test in (
               ("r['date']", "valid_date(r['date'])"), ("r[key]", "valid_time(r[key])"))},
    },
    # chalicelib/organiser/log.py
    "chalicelib/organiser/log.py": {
        "<module>: negate: if TYPE_CHECKING: -> if not TYPE_CHECKING:": _LAZY_AT_ONCE,
    },
    # chalicelib/organiser/team.py
    "chalicelib/organiser/team.py": {
        "<module>: negate: if TYPE_CHECKING: -> if not TYPE_CHECKING:": _LAZY_AT_ONCE,
    },
    # chalicelib/organiser/organisation.py
    "chalicelib/organiser/organisation.py": {
        "<module>: negate: if TYPE_CHECKING: -> if not TYPE_CHECKING:": _LAZY_AT_ONCE,
        **{f"_page: boolean: k in shown and isinstance(v, str) -> {after}": "more of the posted form kept for the "
           "page: every posted field is text (http.read_form), and the page shows only the settings' own names, so "
           "extra keys (csrf, organisation) are never read" for after in (
               "k in shown or isinstance(v, str)", "isinstance(v, str)", "k in shown")},
        "_page: boolean: shown.get('colour') or '' -> shown.get('colour')":
            "the colour is only measured for a low_contrast refusal, which needs a posted colour of #rrggbb: "
            "never None there",
    },
    # chalicelib/organiser/keys.py
    "chalicelib/organiser/keys.py": {
        "<module>: negate: if TYPE_CHECKING: -> if not TYPE_CHECKING:": _LAZY_AT_ONCE,
    },
    # chalicelib/organiser/operations.py
    "chalicelib/organiser/operations.py": {
        "<module>: negate: if TYPE_CHECKING: -> if not TYPE_CHECKING:": _LAZY_AT_ONCE,
        "<module>: window: 'starts_at' -> 'ends_at'":
            "a copy's starts_at is never refused by events.validate: the page sends it only when it built it from a "
            "valid date and time (schema.inputs.moment), so that mapping is never read (and ends_at's stays)",
        "copy: boolean: not starts_at and 'start_date' not in errors and ('start_time' not in errors) -> "
        "not starts_at and 'start_time' not in errors":
            "a start date already refused is refused again with the same key: schema.inputs.moment's only error "
            "for a date is invalid_date",
    },
    # chalicelib/blueprints/attendee.py
    "chalicelib/blueprints/attendee.py": {
        "_attendee_answer: boolean: registration.extra or {} -> registration.extra":
            "a registration's extra is always a dict (models.Registration's default, store.roster.to_registration)",
        "_attendee_answer: boolean: (registration.extra or {}).get('sessions') or [] -> "
        "(registration.extra or {}).get('sessions')":
            "no sessions read as None instead of []: `if chosen` skips both alike",
    },
    # chalicelib/blueprints/public.py
    "chalicelib/blueprints/public.py": {
        "<module>: negate: if TYPE_CHECKING: -> if not TYPE_CHECKING:": _LAZY_AT_ONCE,
        "organisation_logo: number: 100 -> 101":
            "an organisation's id is at most 100 characters (events.EVENT_ID): one of 101 is found by neither",
        **{f"_form_success: boolean: signups.last_known_event(event_id) or signups.get_event(event_id, cached=True) -> "
           f"{after}": "the same event: register() has just read it through get_event, which keeps it in the "
           "process's cache, so last_known_event and a cached read both give it"
           for after in ("signups.last_known_event(event_id) and signups.get_event(event_id, cached=True)",
                         "signups.get_event(event_id, cached=True)", "signups.last_known_event(event_id)")},
        "_form_success: number: True -> False":
            "only read when last_known_event is None, which it never is after register() read the event",
        "thanks_page: number: True -> False":
            "the thank-you page's event read fresh instead of from the few-second cache: the page shows no seats or "
            "counters, only the event's title and texts, the same either way",
        "signup_form: boolean: redirect or '' -> redirect":
            "no redirect as None instead of '': the form's template writes the hidden field only for a true value",
        "signup_form: boolean: query.get('invite') or '' -> query.get('invite')":
            "no invitation code as None instead of '': invitations.valid refuses both, and that 403 page has no "
            "form to carry it",
    },
    # chalicelib/blueprints/organiser_api.py
    "chalicelib/blueprints/organiser_api.py": {
        "<module>: negate: if TYPE_CHECKING: -> if not TYPE_CHECKING:": _LAZY_AT_ONCE,
    },
    # chalicelib/blueprints/webhook_api.py
    "chalicelib/blueprints/webhook_api.py": {
        "<module>: negate: if TYPE_CHECKING: -> if not TYPE_CHECKING:": _LAZY_AT_ONCE,
        "_delivery: boolean: d.get('attempts') or 0 -> d.get('attempts')":
            "a delivery is stored with attempts 0 (store.webhooks) and only ever counted up, so it is never absent",
    },
    "chalicelib/organiser/event_form.py": {
        "merge_errors: boolean: f'{p}_date' in mine or f'{p}_time' in mine -> f'{p}_time' in mine":
            "a moment the form names by its date input keeps the form's own message there anyway: mine is merged last "
            "under the same key",
        "merge_errors: boolean: k.endswith('_date') and k[:-len('_date')] in moments -> k[:-len('_date')] in moments":
            "the definition model names a moment by its date input alone (error_inputs): no other key of its errors "
            "begins with a moment's name and five more characters",
        **{f"values_of: boolean: definition.get('organisation_id') or '' -> {after}":
           "the edit page's hidden organisation is not read back: an edit keeps the stored organisation "
           "(organiser/editor.py), a form cannot move an event"
           for after in ("definition.get('organisation_id') and ''", "''", "definition.get('organisation_id')")},
        "focus_after: number: 0 -> 1":
            "the page's buttons always carry their question's number (move_up:2): a button without one is a "
            "post made by hand, and where its focus lands is of no consequence",
        "in_page_order: number: 9 -> 10":
            "the place of a question's input not in QUESTION_ORDER: any number above its five places (0 to 4) "
            "orders alike",
        "in_page_order: number: 0 -> 1  #2":
            "the last number of a key outside the questions: only the question keys share a place with another "
            "key (the questions' own), and they differ from it in the second number already",
    },
    "chalicelib/digest.py": {
        "summary: number: True -> False": _CONSISTENT,
        "summary: boolean: reg.created_at and reg.created_at >= since -> reg.created_at >= since":
            "every registration has its created_at: signups.py writes it with the registration",
        "summary: boolean: reg.updated_at and reg.updated_at >= since -> reg.updated_at >= since":
            "every registration has its updated_at from its signup on (signups.py), and a cancellation sets it again",
        "build: number: True -> False":
            "the cache only saves a read of the event: read fresh, it is the same event (the tests keep no cache)",
    },
    "chalicelib/store/__init__.py": {
        "<module>: negate: if TYPE_CHECKING: -> if not TYPE_CHECKING:":
            "every store module imported with the package instead of when first named: the same modules, only "
            "a slower cold start",
    },
    "chalicelib/store/organisers.py": {
        "put_token: condition: 'attribute_not_exists(PK)' -> ''":
            "a token is stored under the hash of 32 fresh random bytes (auth.py, secrets.token_urlsafe): no two are the "
            "same, so there is never an item to overwrite",
        **{f"put_audit: {change}": "every record of an event leaves expires_at to put_audit, and every record "
           "without one names its own (team, settings, a deleted event's line): the condition's other halves never "
           "decide" for change in (
               "boolean: record.get('event_id') and 'expires_at' not in record -> record.get('event_id') or "
               "'expires_at' not in record",
               "boolean: record.get('event_id') and 'expires_at' not in record -> 'expires_at' not in record",
               "boolean: record.get('event_id') and 'expires_at' not in record -> record.get('event_id')",
               "expiry: 'expires_at' not in record -> True")},
        "put_audit: number: 4 -> 5": "a record's key ends in 10 random hex digits instead of 8: they only keep two "
            "records of the same millisecond apart; the log reads the time from `at`",
        **{f"_kept_until: {change}": "every stored definition has ends_at and starts_at (events.validate requires "
           "both), and a line is written only about an event that is there: only a missing definition or end would "
           "tell" for change in (
               "boolean: not definition or not definition.get('ends_at') -> not definition and (not "
               "definition.get('ends_at'))",
               "boolean: not definition or not definition.get('ends_at') -> not definition.get('ends_at')",
               "boolean: not definition or not definition.get('ends_at') -> not definition",
               "negate: not definition.get('ends_at') -> definition.get('ends_at')",
               "window: 'ends_at' -> 'starts_at'")},
        **{f"list_audit: member: k not in ('PK', 'SK') -> k not in {kept}": "the table's PK or SK left on a record: "
           "its one reader (activity.entries) shows only each action's named details" for kept in ("('SK',)",
                                                                                                     "('PK',)")},
    },
    "chalicelib/store/counters.py": {
        "count_attempt: number: True -> False":
            "the stamp's default: every caller passes stamp (limits.count_signup passes its own, whose default "
            "is True and which signups.py sets)",
        "count_windows: boolean: failed and failed[0] < len(windows) -> failed":
            "the address's stamp, the only item after the windows (count_attempt), has no condition: a "
            "ConditionalCheckFailed always names one of the windows, so failed[0] < len(windows) whenever failed is not empty",
        "count_windows: compare: failed[0] < len(windows) -> failed[0] <= len(windows)":
            "as above: no ConditionalCheckFailed can name the stamp at index len(windows)",
    },
    "chalicelib/announcements.py": {
        "recipients: number: True -> False": _CONSISTENT,
    },
    "chalicelib/store/schedule.py": {
        "reschedule: number: False -> True":
            "the default of reminds: its one caller in the service (signups._reschedule) always passes it",
        "reschedule: boolean: names or None -> names":
            "an empty names map is not sent either way: writes._request leaves out ExpressionAttributeNames when empty",
        "mark_resend: zone: timezone.utc -> __import__('datetime').timezone(__import__('datetime').timedelta(hours=1))":
            "the cutoff is an aware moment that table.iso writes in UTC whatever its zone: the same string",
    },
    "chalicelib/events.py": {
        "_field: boolean: not isinstance(name, str) or not FIELD_NAME.match(name) or name in RESERVED_FIELDS -> "
        "not isinstance(name, str) or not FIELD_NAME.match(name)":
            "_fields, _field's one caller, refuses a reserved name (reserved_name) before it calls _field",
        **{f"_field: number: False -> True{n}": "the default of an absent flag is only checked to be a bool: True is "
           "one too (the flag itself is read with f.get, without that default)" for n in ("", "  #2", "  #3")},
    },
    "chalicelib/limits.py": {
        **{f"event_limit: {mutant}": "a ceiling of 0 (or 1) that goes on to min(ceiling, at least EVENT_LIMIT_FLOOR) "
           "comes out as the ceiling itself, as the early return gives it"
           for mutant in ("boolean: ceiling <= 0 or event.capacity is None -> event.capacity is None",
                          "compare: ceiling <= 0 -> ceiling < 0", "number: 0 -> 1")},
    },
    "chalicelib/organiser/listing.py": {
        f"<module>: member: {_prefixes(_PREFIXES)} -> {_prefixes(_PREFIXES[:i] + _PREFIXES[i + 1:])}":
            "surname_key's loop walks back only over prefixes and then drops every prefix it took in, so the key is "
            "always the last word whatever the set holds (checked over 16,000 names of up to 4 words, "
            "tests/test_listing_edges.py sorts a name with each prefix): a prefix missing from it changes no order"
        for i in range(len(_PREFIXES))
    } | {
        fingerprint: "as for PREFIXES: the words before the last that surname_key's loop takes in are all prefixes, "
                     "which it drops again, so the surname is the last word whichever way the loop runs"
        for fingerprint in (
            "surname_key: number: 1 -> 0",
            "surname_key: boolean: start > 1 and words[start - 1].casefold() in PREFIXES -> start > 1 or "
            "words[start - 1].casefold() in PREFIXES",
            "surname_key: boolean: start > 1 and words[start - 1].casefold() in PREFIXES -> "
            "words[start - 1].casefold() in PREFIXES",
            "surname_key: boolean: start > 1 and words[start - 1].casefold() in PREFIXES -> start > 1",
            "surname_key: compare: start > 1 -> start >= 1",
            "surname_key: number: 1 -> 0  #2",
            "surname_key: compare: words[start - 1].casefold() in PREFIXES -> words[start - 1].casefold() not in PREFIXES",
            "surname_key: number: 1 -> 0  #3",
            "surname_key: boolean: [w for w in words[start:] if w.casefold() not in PREFIXES] or words[-1:] -> words[-1:]",
        )
    } | {
        "surname_key: boolean: name or '' -> name":
            "the door and attendance lists hold seated registrations only, and a seated one always has a name "
            "(required at signup; only erasure blanks it)",
        "_fold: boolean: text or '' -> text":
            "every caller passes a string: a query read from the page ('' when absent) or words joined",
        "people: number: True -> False": _CONSISTENT,
        "chart: number: 0 -> 1":
            "the top of an empty chart: _round_up gives 2 for 0 and for 1 alike",
        "chart: number: 1 -> 0  #2":
            "every = max(0, ceil(n / 8)) is 0 only for a chart without bars, where nothing is divided by it",
        "Bar: number: False -> True":
            "chart() always passes minor; the default is never used",
        "page_of: number: 1 -> 0":
            "an empty list then has 0 pages instead of 1: the page shows its paging only above one page, and no rows "
            "either way",
    },
    "chalicelib/store/events.py": {
        "get_event: number: False -> True": _MADE_CONSISTENT,
    },
    "chalicelib/stats.py": {
        "of_event: number: True -> False": _CONSISTENT,
    },
    "chalicelib/store/seats.py": {
        "Rejected.__init__: statement: super().__init__(what) -> (removed)":
            "callers read `what`; the exception's args show only in a traceback",
        "<module>: condition: 'attribute_exists(PK) AND is_open = :yes' -> 'is_open = :yes'":
            "a comparison with an attribute the item lacks is false in DynamoDB, so `is_open = :yes` alone "
            "already refuses an event that does not exist (test_a_signup_for_an_event_that_does_not_exist_"
            "creates_nothing)",
    },
    "chalicelib/signups.py": {
        "fill_free_seats: number: 10000 -> 10001":
            "a bound against an endless loop; each round promotes someone or stops first",
        "confirm: boolean: event or get_event(reg.event_id) -> get_event(reg.event_id)":
            "the caller's event only saves a read: get_event returns the same event (only its dates are used)",
        "register: statement: forget_event(event_id) -> (removed)":
            "the next line reads the event again (get_event, consistent), which replaces the cache entry; "
            "events are never deleted, so that read cannot fail and leave the old entry",
        "_release: boolean: event or get_event(reg.event_id) -> get_event(reg.event_id)":
            "as in confirm: the caller's event only saves a read, and after a conflict the loop reads it again "
            "either way",
        "fill_free_seats: statement: forget_event(event_id) -> (removed)":
            "every round reads the event (get_event, consistent), which replaces the cache entry, and the loop "
            "ends only after such a read: the cache already holds the event as the last promotion left it",
        "apply_event: statement: forget_event(definition['id']) -> (removed)":
            "it follows a creation (only_new): a new event has no cache entry to forget, since events are never "
            "deleted and get_event caches only an event it found",
        "apply_event: statement: forget_event(definition['id']) -> (removed)  #2":
            "an update goes on to fill_free_seats, whose first step reads the event (consistent) and replaces the "
            "cache entry; a creation has no entry to forget (events are never deleted, and get_event caches "
            "only an event it found)",
        "expire_due: boolean: reg and reg.status == PENDING and reg.hold_until and (reg.hold_until <= now) -> "
        "reg and reg.status == PENDING and (reg.hold_until <= now)":
            "a pending registration always has a hold (insert and promotion set hold_until with status pending)",
    },
    "chalicelib/forms.py": {
        "<module>: member: TRUTHY = (True, 'true', 'on', '1', 1, 'yes') -> TRUTHY = ('true', 'on', '1', 1, 'yes')":
            "True == 1 in Python: with 1 left in the tuple, True is still accepted",
        "<module>: member: TRUTHY = (True, 'true', 'on', '1', 1, 'yes') -> TRUTHY = (True, 'true', 'on', '1', 'yes')":
            "1 == True in Python: with True left in the tuple, 1 is still accepted",
        "clean_signup: boolean: consent and event.consent_required -> event.consent_required":
            "when consent is required and missing, validation has already failed; else both are the same",
        "clean_email: number: True -> False":
            "clean_email returns _email's value and drops its errors: with required=False a missing or blank "
            "value gives None, as with required=True",
        "valid_address: boolean: _email(value, True, 'email', errors) is not None and (not errors) -> "
        "_email(value, True, 'email', errors) is not None or not errors":
            "with required=True _email returns None exactly when it records an error: either half alone decides",
        "valid_address: boolean: _email(value, True, 'email', errors) is not None and (not errors) -> "
        "_email(value, True, 'email', errors) is not None":
            "with required=True _email returns None exactly when it records an error: either half alone decides",
        "valid_address: number: True -> False":
            "with required=False a missing or blank value gives None without an error: still not an address",
        "clean_signup: number: False -> True  #2":
            "the loop over attributes.form_fields() never runs: no declared attribute has form=True "
            "(chalicelib/schema/attributes.py)",
        "clean_signup: compare: value is not None -> value is None":
            "the loop over attributes.form_fields() never runs: no declared attribute has form=True "
            "(chalicelib/schema/attributes.py)",
        "_chosen: boolean: not isinstance(value, list) or len(value) > MAX_CHOICES or (not all((isinstance(v, str) "
        "for v in value))) -> not isinstance(value, list) or len(value) > MAX_CHOICES":
            "an item that is not a string is no session's id: the lookup that follows names the same field "
            "unknown_session (tests/test_forms_edges.py sends [\"maatjes\", 7])",
        "public_suffixes: number: True -> False":
            "only_icann=False adds the private section, whose every suffix (github.io) ends in a suffix of the "
            "ICANN section (io): a name ends in one of either list alike (tests/test_package.py checks each rule)",
        "valid_sign_in_address: boolean: not isinstance(value, str) or not 0 < len(value) <= 254 -> "
        "not isinstance(value, str) and (not 0 < len(value) <= 254)":
            "email_validator refuses an empty address and one over 254 characters itself (checked: 255 is "
            "\"too long\"): the length check only spares it the work",
        "valid_sign_in_address: boolean: not isinstance(value, str) or not 0 < len(value) <= 254 -> "
        "not isinstance(value, str)":
            "email_validator refuses an empty address and one over 254 characters itself (checked: 255 is "
            "\"too long\"): the length check only spares it the work",
        "valid_sign_in_address: number: 0 -> 1":
            "a value of one character has no @: email_validator refuses it as the length check would",
        "valid_sign_in_address: number: False -> True  #2":
            "check_deliverability=True: email_validator looks nothing up when test_environment=True (it checks "
            "deliverability only \"if check_deliverability and not test_environment\")",
        "valid_sign_in_address: number: 254 -> 255":
            "email_validator refuses an address over 254 characters itself (checked: 255 is \"too long\")",
        "valid_sign_in_address: boolean: not isinstance(value, str) or not 0 < len(value) <= 254 -> "
        "not 0 < len(value) <= 254":
            "its one caller (organiser/home.py request_login) passes str(...) of the posted value: never anything else",
    },
    "chalicelib/matching.py": {
        "group_sizes: compare: count * smallest > n -> count * smallest >= n":
            "when count * smallest == n exactly, the fallback count max(n // smallest, 1) is that same count",
        "within_bounds_possible: boolean: n == 0 or -(-n // largest) * smallest <= n -> -(-n // largest) * smallest <= n":
            "for n == 0 the other side is 0 <= 0, true as well",
        "_profile: boolean: answers.get(q) or '' -> answers.get(q)":
            "only a select question can be a grouping question (events.py refuses match on any other type), so an "
            "answer is an option's text or absent; absent is sorted by the tuple's first member (is None) already",
    },
    "chalicelib/badges.py": {
        "badge: boolean: reg.extra or {} -> reg.extra":
            "a Registration read from the store always has a dict in extra (store.roster.to_registration builds it)",
        "badge: boolean: reg.answers or {} -> reg.answers":
            "a Registration read from the store always has a dict in answers: its declared default is {} "
            "(schema/attributes.py), used when the item has none (tests/test_badges.py removes it)",
    },
    "chalicelib/multipart.py": {
        **{f"<module>: number: {before} -> {after}": _PART_SIZE
           for before, after in (("8", "9"), ("1024", "1025"), ("1024", "1025  #2"))},
        "MultipartWriter.close: statement: self.buffer.clear() -> (removed)":
            "frees the last part's memory sooner; nothing reads the buffer of a closed writer",
        "MultipartWriter.abort: statement: self.buffer.clear() -> (removed)":
            "frees the memory sooner; nothing reads the buffer of an aborted writer",
        "MultipartWriter.__exit__: number: False -> True  #2":
            "the block ended without an exception: there is nothing for the return value to suppress",
    },
    "chalicelib/bounces.py": {
        "handle: boolean: parseaddr(address)[1] or address -> parseaddr(address)[1]":
            "parseaddr gives an empty address only for a text that holds none (plain, display-form, quoted and IDN "
            "addresses all parse, checked); SES names the address it mailed, which was one",
    },
    "chalicelib/exports.py": {
        "<module>: number: 500 -> 501":
            "ROWS_PER_CHUNK only sets where the stream is cut; the bytes are the same",
        "xlsx_write: number: False -> True":
            "strings_to_formulas only affects XlsxWriter's generic write(); every cell uses write_string",
        "xlsx_write: number: False -> True  #2":
            "strings_to_numbers only affects XlsxWriter's generic write(); every cell uses write_string",
        "xlsx_write: number: False -> True  #3":
            "strings_to_urls only affects XlsxWriter's generic write(); every cell uses write_string",
        # the same options since they moved to _write_book
        "_write_book: number: False -> True":
            "strings_to_formulas only affects XlsxWriter's generic write(); every cell uses its type's own call",
        "_write_book: number: False -> True  #2":
            "strings_to_numbers only affects XlsxWriter's generic write(); every cell uses its type's own call",
        "_write_book: number: False -> True  #3":
            "strings_to_urls only affects XlsxWriter's generic write(); every cell uses its type's own call",
        "<module>: arith: tuple((spec[0] for spec in _STANDARD)) + ('checked_in_at',) -> "
        "tuple((spec[0] for spec in _STANDARD))":
            "checked_in_at is a standard column itself now: the names are the same without the addition",
        "_custom_column: boolean: lang and kind == 'bool' -> lang":
            "a text answer put through _in_words(YES_NO) comes back unchanged (a string is never a key of "
            "YES_NO) and the column's kind is text either way",
        "_in_words: boolean: isinstance(raw, (str, bool)) and raw in words -> raw in words":
            "every value reaching _in_words is a string, a bool or None (hashable, never an int): "
            "`raw in words` alone decides the same",
    },
    "chalicelib/auth.py": {
        "mint: member: events in ('*', ['*'], None) -> events in (['*'], None)":
            "\"*\" not caught here goes to sorted(set(\"*\")), which is [\"*\"] too (tested: every spelling is stored as a star)",
        "mint: member: events in ('*', ['*'], None) -> events in ('*', None)":
            "[\"*\"] not caught here goes to sorted(set([\"*\"])), which is [\"*\"] too (tested: every spelling is stored as a star)",
        "verify: boolean: not record or not hmac.compare_digest(record['token_hash'], digest) -> not record":
            "the record is read by the hash itself, so its stored hash equals the digest; the re-check "
            "(in constant time, tested) guards a store that would return another record",
        "_maker_may_still: boolean: record.get('organisation') or '' -> record.get('organisation')":
            "_maker_may_still runs only for a record with created_by, and mint writes organisation and created_by "
            "together (both or neither)",
    },
    "chalicelib/outbox.py": {
        "reminder_requested: boolean: old or {} -> old":
            "reminder_requested_at is set only by store.schedule.request_reminder, an update of an existing registration: "
            "an INSERT (old is None) never carries it, so `new.get(...) and` never reads old then",
        "resend_requested: boolean: old or {} -> old":
            "resend_at is set only by store.schedule.mark_resend, an update of an existing registration (attribute_exists(PK)): "
            "an INSERT (old is None) never carries it, so `stamp and` never reads old then",
        "resend_requested: boolean: stamp and stamp != (old or {}).get('resend_at') and (new.get('status') in CURRENT_MAIL)"
        " -> stamp != (old or {}).get('resend_at') and new.get('status') in CURRENT_MAIL":
            "nothing removes resend_at once stamped: a new image without it had none before either, so None != None "
            "is False without the first clause",
        "_fill_free_seats: boolean: not new or new.get('SK', {}).get('S') != store.events.META -> not new":
            "only the event's META item carries waitlist_count (store/__init__.py's key table): for any other item "
            "waiting is 0 and nothing is promoted",
        "_fill_free_seats: number: 0 -> 1":
            "an event item always has seats_taken (store.events.put_event sets it if_not_exists): the default is never used",
        "mails_for: boolean: not _keys(record)[1] or 'NewImage' not in change -> 'NewImage' not in change":
            "an item of type registration always has a REG# sort key: the type check that follows refuses every "
            "record the dropped clause would",
        "_send: boolean: kind in CHECKIN_MAILS and reg.status in SEATED -> kind in CHECKIN_MAILS":
            "registered and promoted are chosen only for a transition into confirmed or pending (TRANSITIONS; a "
            "resend's registered only for a confirmed registration), and reg is that new image: always SEATED",
        "_is_login_request: boolean: record.get('eventName') == 'INSERT' and new.get('type', {}).get('S') == 'login_request'"
        " -> new.get('type', {}).get('S') == 'login_request'":
            "a sign-in request is only put (INSERT, again after an outage once taken) and deleted (REMOVE: no new "
            "image): no record of one is ever a MODIFY",
        "_is_login_request: boolean: record.get('dynamodb', {}).get('NewImage') or {} -> record.get('dynamodb', {}).get('NewImage')":
            "the `and` reads the new image only for an INSERT, and an INSERT always carries one (the stream's view "
            "is NEW_AND_OLD_IMAGES; tested: a REMOVE record is no error)",
        "_is_delivery: boolean: record.get('dynamodb', {}).get('NewImage') or {} -> record.get('dynamodb', {}).get('NewImage')":
            "the `and` reads the new image only for an INSERT, and an INSERT always carries one (the stream's view "
            "is NEW_AND_OLD_IMAGES; tested: a REMOVE record is no error)",
        "mails_for: number: 1 -> 0":
            "_keys()[0] is the event id, which a registration's record has as surely as its id: a REMOVE still stops "
            "at 'NewImage' not in change, and any other record is refused by the type check that follows",
        "_handle_repeat: number: True -> False":
            "the cached event only saves reads (tests run with EVENT_CACHE_SECONDS=0)",
        "_send_message: number: True -> False":
            "the cached event only saves reads (tests run with EVENT_CACHE_SECONDS=0)",
        "_handle_record: number: True -> False":
            "the cached event only saves reads (tests run with EVENT_CACHE_SECONDS=0)",
        "_keys: boolean: pk.partition('#')[2] or None -> pk.partition('#')[2]":
            "differs only for a key without '#' (TOKENS), whose event id is used in logs alone",
    },
    "chalicelib/store/mails.py": {
        "record_mail: condition: 'attribute_exists(PK)' -> ''":
            "without the item there is no map mails, so SET mails.#k fails anyway (DynamoDB: the document path is "
            "invalid; tested: bookkeeping for a registration that is gone creates nothing); only the error code "
            "differs, and the worker retries both alike (outbox.RETRYABLE)",
        "mail_state: number: True -> False": _CONSISTENT,
        "_ago: zone: timezone.utc -> __import__('datetime').timezone(__import__('datetime').timedelta(hours=1))":
            "the moment in another zone: table.iso writes every moment in UTC, so the compared text is the same",
        "record_mail: number: 500 -> 501": "the words kept in the mail's own record, which nothing reads: pages, "
            "exports and the API show the registration's email_error, cut at 500 (tested)",
    },
    "chalicelib/store/announcements.py": {
        "put_message: condition: 'attribute_not_exists(PK)' -> ''":
            "a message id is new each time (store.roster.new_registration_id: time and random): no path writes one twice",
        "_plain: member: k not in ('PK', 'SK') -> k not in ('SK',)":
            "the dashboard and the worker read a message's named fields only; a key left in the dict is never shown",
        "_plain: member: k not in ('PK', 'SK') -> k not in ('PK',)":
            "the dashboard and the worker read a message's named fields only; a key left in the dict is never shown",
        "claim_delivery: zone: timezone.utc -> __import__('datetime').timezone(__import__('datetime').timedelta(hours=1))":
            "the moment in another zone: table.iso writes every moment in UTC, so the compared text is the same",
        "delivery_state: number: True -> False": _CONSISTENT,
        "take_send_slot: number: False -> True":
            "the order of the two tries when idle_likely is not given: its one caller (pacing.wait_for_slot) always "
            "gives it, and either order gives the same slot",
        "_take_idle_slot: condition: 'attribute_not_exists(next_at) OR next_at < :now' -> "
        "'attribute_not_exists(next_at) OR next_at <= :now'":
            "at next_at == now the busy try gives the same: the slot now, next_at one gap on",
    },
    "chalicelib/store/webhooks.py": {
        "_plain: member: k not in ('PK', 'SK', 'type') -> k not in ('SK', 'type')": _NAMED_FIELDS,
        "_plain: member: k not in ('PK', 'SK', 'type') -> k not in ('PK', 'type')": _NAMED_FIELDS,
        "_plain: member: k not in ('PK', 'SK', 'type') -> k not in ('PK', 'SK')": _NAMED_FIELDS,
        "endpoints: number: False -> True": _CONSISTENT,
        "get_endpoint: number: True -> False": _CONSISTENT,
        "delete_endpoint: condition: 'attribute_exists(PK)' -> ''":
            "webhooks.remove reads the endpoint first (404 when gone) and ignores what the delete returns",
        "delete_endpoint: number: True -> False":
            "webhooks.remove reads the endpoint first (404 when gone) and ignores what the delete returns",
        "delete_endpoint: number: False -> True":
            "webhooks.remove reads the endpoint first (404 when gone) and ignores what the delete returns",
        "record_attempt: number: 300 -> 301": "an attempt's error words are short by making (an HTTP code, an "
            "exception's name, the refusal's reason, secret retired): never 300 characters",
        "request_retry: update: 'SET retry_at = :now REMOVE due_kind, due_at' -> ' SET retry_at = :now REMOVE due_at'":
            "only one of the index's two keys removed: the by_due index is sparse, so the item leaves it either way, "
            "and nothing else reads due_kind",
        "request_retry: update: 'SET retry_at = :now REMOVE due_kind, due_at' -> ' SET retry_at = :now REMOVE due_kind'":
            "only one of the index's two keys removed: the by_due index is sparse, so the item leaves it either way; "
            "the kept due_at is the moment the attempt fell due, until the worker's claim sets it anew seconds later",
        "record_attempt: condition: 'attribute_exists(PK)' -> ''":
            "attempts = attempts + :one refuses a missing item anyway (ValidationException: the attribute does not "
            "exist), so nothing is created (tested: an endpoint removed mid-send leaves nothing); only the error code differs",
        "deliveries: number: 50 -> 51": "the default is never used: the API (webhooks.deliveries) and the page "
            "(webhook_pages.SHOWN) each give their limit",
        "deliveries: condition: 'PK = :pk AND begins_with(SK, :sk)' -> 'PK = :pk'":
            "only deliveries are kept under WEBHOOK#<wid> (the endpoint itself is under ORG#)",
    },
    "chalicelib/pacing.py": {
        "<module>: number: 600 -> 601":
            "how long a MaxSendRate reading is kept is a tuning value; the test reads RATE_SECONDS itself",
        "max_send_rate: boolean: _rate['value'] is None or clock() >= _rate['until'] -> clock() >= _rate['until']":
            "no value always comes with until = 0.0 (reset), and the monotonic clock is never below 0",
    },
    "chalicelib/http/sessions.py": {
        "_cookie: boolean: request.headers.get('cookie') or '' -> request.headers.get('cookie')":
            "SimpleCookie(None) is an empty jar, as SimpleCookie('') is: no cookie, no session either way",
        "safe_next: number: 0 -> 1":
            "a path of one character is never one of our pages (\"/organiser\" or below NEXT_PATHS): refused either way",
        "safe_next: boolean: parts.scheme or parts.netloc or parts.fragment or ('%' in parts.path) -> "
        "parts.scheme or parts.fragment or '%' in parts.path":
            "urlsplit finds a netloc only after \"//\", and a path with \"//\" is refused the line before",
    },
    "chalicelib/http/__init__.py": {
        **{f"{reader}: boolean: request.raw_body or b'' -> request.raw_body":
           "Chalice's Request.raw_body is b'' for a request without a body, never None"
           for reader in ("read_body", "read_form", "read_upload", "read_json")},
        "<module>: number: 409 -> 410  #7":
            "evaluation_closed is answered by its own route (attendee.evaluation_answer: the form page, 409), "
            "never through STATUS",
        "<module>: number: 405 -> 406":
            "method_not_allowed's 405 is Chalice's own status, which routing.contract_errors keeps: STATUS is never "
            "read for it",
        **{f"{reader}: number: True -> False":
           "blank fields dropped instead of kept: every reader of a form treats an empty field as an absent one "
           "(forms.clean, event_form.read's text.get(name, \"\"), organisation_settings \"empty: no setting\"), and "
           "every checkbox of ours posts a value (\"on\", a status, an id)" for reader in ("read_body", "read_form")},
        "status_of: number: 400 -> 401":
            "every code a request can raise (each DomainError's and HttpError's) is a key of STATUS: the default is "
            "never read",
        "client_ip: boolean: request.context or {} -> request.context":
            "Chalice's Request.context is the event's requestContext, always a dict (API Gateway always sends one)",
    },
    "chalicelib/http/routing.py": {
        "routes: boolean: 'GET' in methods and 'HEAD' not in methods -> 'GET' in methods":
            "a GET route that names HEAD itself gets it twice in its list: METHODS is a set and Chalice "
            "registers a method once",
        "cached: number: 32 -> 33":
            "a validator of 33 hex characters instead of 32: the ETag is still the body's and still matches itself",
        "cached: member: k.lower() not in ('content-type', 'content-length') -> k.lower() not in ('content-type',)":
            "no answer of ours sets Content-Length (API Gateway does): there is none to drop from a 304",
        "error_answer: number: False -> True":
            "page's default: its only caller (routes) always passes page",
        "unavailable_answer: number: False -> True":
            "page's default: its only caller (routes) always passes page",
        **{f"{where}: boolean: http.is_form(request) and (not http.wants_json(request)) and (request.method == 'POST') "
           "-> not http.wants_json(request) and request.method == 'POST'":
           "wants_json is `accepts_json or not is_form`: not wants_json already means is_form"
           for where in ("error_answer", "unavailable_answer")},
        "_way_back: boolean: request.uri_params or {} -> request.uri_params":
            "params is read only after the path starts with /registrations/{token} or /events/{event_id}, and "
            "Chalice gives such a path its uri_params (never None)",
        "_way_back: boolean: request.path or '' -> request.path":
            "a request routed by API Gateway always has its resource path (a route's errors are the only caller)",
        "_way_back: boolean: path.startswith('/registrations/{token}') and 'token' in params and "
        "(code != 'invalid_token') -> path.startswith('/registrations/{token}') and code != 'invalid_token'":
            "a path that starts with /registrations/{token} always has the token among its uri_params",
        "_way_back: boolean: path.startswith('/events/{event_id}') and 'event_id' in params and "
        "(code != 'event_not_found') -> path.startswith('/events/{event_id}') and code != 'event_not_found'":
            "a path that starts with /events/{event_id} always has the event_id among its uri_params",
        "_form_error: boolean: values or {} -> values":
            "the line runs only when values is not None (the condition above): dict(values) either way",
        "_form_error: boolean: redirects.target(event.allowed_redirect_origins, values.get('_redirect')) or '' -> "
        "redirects.target(event.allowed_redirect_origins, values.get('_redirect'))":
            "None instead of '' for a _redirect that is not allowed: the form's template writes the hidden field "
            "only when the value is true, so neither is written",
        "contract_errors: language: 'nl' -> 'en'":
            "request is None only for an invocation without a resource path, which Chalice answers "
            "InternalServerError, a code this branch never reshapes",
        "contract_errors: boolean: response.status_code == 405 and request is not None -> "
        "response.status_code == 405":
            "in this branch request is never None (see 'nl' -> 'en' above)",
        "contract_errors: boolean: request.context or {} -> request.context":
            "a request Chalice routed has its requestContext (resourcePath is read from it): never None",
        "contract_errors: boolean: request is not None and request.method == 'HEAD' and response.body -> "
        "request is not None and request.method == 'HEAD'":
            "an answer to HEAD without a body made body-less again: the same status, headers and empty body",
    },
    "chalicelib/http/access.py": {
        "<module>: negate: if TYPE_CHECKING: -> if not TYPE_CHECKING:":
            "auth and organising imported at once instead of on first use (lazy): the same modules, only loaded "
            "sooner (app, this module and organising import alike either way, checked)",
    },
    "chalicelib/organising.py": {
        "validate_organisation: boolean: not isinstance(address, str) or not valid_address(address) -> not valid_address(address)":
            "valid_address refuses a value that is not a string itself (forms._text): the isinstance check only "
            "spares it the call",
        "sign_in: boolean: address is None or not store.organisations.organisations_of(address) -> not store.organisations.organisations_of(address)":
            "organisations_of(None) looks up MEMBER#None, which no member can be (addresses are validated): refused too",
        "event_exists: boolean: valid_event_id(event_id) and store.events.get_definition(event_id) is not None -> store.events.get_definition(event_id) is not None":  # noqa: E501
            "an id that is not a slug is never stored, so the read finds nothing either (the test with a 2100-character "
            "id shows the read does not fail)",
        "patch_event: statement: merged.pop('id', None) -> (removed)":
            "events.validate builds the definition from the fields it knows and takes the id from the path",
        "mail_sign_in_link: number: 32 -> 33":
            "33 random bytes instead of 32: a longer link token (44 characters), still within the 20 to 100 accepted",
        "sign_in: number: 32 -> 33":
            "33 random bytes instead of 32: a longer session id (44 characters), still within the 20 to 100 accepted",
        "request_sign_in: number: 16 -> 17":
            "a sign-in request's id of 17 random bytes instead of 16: a longer key of an item that only the mail "
            "worker reads, from the stream; nobody is shown it or looks it up",
        "Member.role_of_event: boolean: role == roles.DEUR and event_id not in self.chosen_events.get(org, [event_id]) -> "
        "event_id not in self.chosen_events.get(org, [event_id])":
            "chosen events are kept only with the deur role: membership.change_role drops them for any other role, and "
            "an organisation's PUT writes its markers without them, so another role has no choice to obey",
        "check_sign_in_link: digest: hmac.compare_digest(link.get('browser') or '', digest(browser)) -> "
        "(link.get('browser') or '') == digest(browser)":
            "the same answer for every pair of digests; only the time it takes differs",
        "check_sign_in_link: boolean: link.get('browser') or '' -> link.get('browser')":
            "every link is asked for with the asking browser's nonce (home.request_login makes one for every request, "
            "and request_sign_in requires it): a link always keeps a digest to compare",
        "overview: boolean: org and (capability is None or roles.allows(role, capability)) -> "
        "capability is None or roles.allows(role, capability)":
            "a member's marker is written only after its organisation (store.organisations._write), and no path "
            "deletes an organisation: every membership's organisation is found",
    },
    "chalicelib/downloads.py": {
        "Query: number: False -> True":
            "the default of include_erased: parse, the one maker of a Query, always passes it",
        "export: alike: return Download(CONTENT_TYPES[query.format], filename(event_id, query), 0, job=job) -> "
        "return Download(CONTENT_TYPES[query.format], None, 0, job=job)":
            "a job's answer is its id and link (blueprints/organiser_api.py): the filename of a job's Download is "
            "never read; the job's file gets its name from job_query when it runs",
        "export: number: 0 -> 1":
            "the rows of a job's Download are never read: the 202 names the job, and the job counts its own rows",
        "parse: boolean: _flag(params, 'include_erased') or False -> _flag(params, 'include_erased')":
            "None instead of False when include_erased is not asked: _wanted tests it for truth, the log writes "
            "`or None`, and a cursor's binding is made and checked by the same code",
        "<module>: number: 1000 -> 1001  #2":
            "PAGE_SIZE is how many rows one DynamoDB Query page reads: the rows and their order are the same",
        "_matching: number: False -> True": _CONSISTENT,
        "_json_page: number: True -> False": _CONSISTENT,
        **{f"_json_page: {change}":
           "the DynamoDB page size of a JSON page's read (page_size): how many rows one Query reads, not which; "
           "the page is cut by islice (#2), which tests/test_downloads_edges.py pages through by 1, 2, 5, 7 and 100"
           for change in ("arith: query.limit + 1 -> query.limit", "arith: query.limit + 1 -> 1", "number: 1 -> 0")},
        "_changed_at: boolean: registration.updated_at or registration.created_at or "
        "datetime.min.replace(tzinfo=timezone.utc) -> registration.updated_at or datetime.min.replace(tzinfo=timezone.utc)":
            "every registration has its updated_at: signups.py makes each with created_at and updated_at alike, and "
            "every later write (cancel, promote, erase, change) sets it again",
        "_changed_at: boolean: registration.updated_at or registration.created_at or "
        "datetime.min.replace(tzinfo=timezone.utc) -> registration.updated_at or registration.created_at":
            "as above: updated_at is always there, so the last fallback is never reached",
        "_changed_at: zone: timezone.utc -> __import__('datetime').timezone(__import__('datetime').timedelta(hours=1))":
            "as above: the fallback moment is never reached",
        **{f"<module>: number: {change}":
           "MULTIPART_THRESHOLD only decides from which size s3transfer cuts the upload in parts: the object and "
           "its link are the same (tests/test_downloads.py lowers it to test the parts)"
           for change in ("8 -> 9", "1024 -> 1025", "1024 -> 1025  #2")},
        "_upload: number: 2 -> 3":
            "three parts in flight instead of two: memory, not the object or its link",
        "_binding: number: 16 -> 17":
            "a cursor's binding of 17 hex characters instead of 16: made and checked by the same function, so a "
            "cursor still resumes only its own query",
        "_open_cursor: boolean: cursor_event != event_id or binding != _binding(query) or (not isinstance(rid, str)) "
        "-> cursor_event != event_id or binding != _binding(query)":
            "only a cursor sealed with our secret gets past unseal, and _sign_cursor seals a page's last row id, "
            "always a string",
    },
    "chalicelib/changes.py": {
        "is_open: boolean: reg.status in ACTIVE and event.changes_open(now) -> event.changes_open(now)":
            "is_open's one caller (pages._own_answers) returns before it for a status outside ACTIVE, so the page "
            "of a cancelled person shows no link either way; a post is refused by check_open "
            "(tests/test_changes_edges.py)",
        **{f"{where}: boolean: reg.answers or {{}} -> reg.answers":
           "a Registration's answers are always a dict: the model's default is {} and every stored one has them"
           for where in ("current", "change")},
        "history: boolean: reg.extra or {} -> reg.extra":
            "a Registration's extra is always a dict: the model's default is {} and store.roster.to_registration "
            "always passes one",
        "change: number: False -> True":
            "the default of partial: its one caller (blueprints/attendee.py) always passes it",
    },
    "chalicelib/participants.py": {
        "shared: boolean: reg.extra or {} -> reg.extra":
            "a Registration's extra is always a dict: the model's default is {} and store.roster.to_registration "
            "always passes one",
        "details: boolean: reg.answers or {} -> reg.answers":
            "a Registration's answers are always a dict: the model's default is {} and every stored one has them",
        "details: boolean: f.shared and isinstance(answer, str) and answer.strip() -> f.shared and isinstance(answer, str)":
            "no stored answer is blank: forms._text strips a text answer and stores a blank one as None "
            "(tests/test_participants_edges.py signs up with an answer of spaces)",
        "may_read: boolean: event.participant_list and reg.status in SHOWN and shared(reg) -> reg.status in SHOWN and "
        "shared(reg)":
            "may_read runs only on the participants page, which answers 404 first where the event does not offer "
            "the list (blueprints/participants.py, offered)",
        "listing: number: True -> False": _CONSISTENT,
    },
    "chalicelib/membership.py": {
        "team: number: 9 -> 10":
            "the place of a role outside roles.ROLES: any number from 4 on sorts it after the four roles alike "
            "(and every stored member has a valid role: store.organisations reads a missing one as beheerder)",
        "invite: number: 16 -> 17":
            "the length of the invitation's random key: the mail worker takes it back by the key it finds in the "
            "stream record, whatever its length",
        "mail_invitation: language: 'nl' -> 'en'":
            "every invitation item has its locale: invite writes it (default nl, tests/test_membership_edges.py) "
            "and the worker's retry writes it back with the item",
    },
    "chalicelib/mime.py": {
        "_reads_back: boolean: parsed == [a for _, a in wanted] and read == wanted -> read == wanted":
            "no name is known whose stock folding an RFC 2047 reader reads right and this package's parser wrong "
            "(26,542 random names of the specials of tests/test_one_recipient.py searched): the first check decides nothing alone",
        "_encoded: boolean: len(line) + 1 + len(word) > policy.max_line_length and line.strip() -> "
        "len(line) + 1 + len(word) > policy.max_line_length":
            "line is never empty when it is asked: it starts as the header's name, and a break is followed at once by "
            "the word that caused it",
        **{f"ReusedHeaders{key}": "the header cache kept for fewer kinds of value, or one entry longer: each header is "
           "then parsed anew, the same header (only slower)" for key in (
               ": number: 2048 -> 2049",
               ".header_store_parse: boolean: type(value) is not str and (not isinstance(value, Address)) -> "
               "type(value) is not str or not isinstance(value, Address)",
               ".header_store_parse: boolean: type(value) is not str and (not isinstance(value, Address)) -> "
               "not isinstance(value, Address)",
               ".header_store_parse: boolean: type(value) is not str and (not isinstance(value, Address)) -> "
               "type(value) is not str",
               ".header_store_parse: compare: type(value) is not str -> type(value) is str",
               ".header_store_parse: negate: not isinstance(value, Address) -> isinstance(value, Address)",
               ".header_store_parse: compare: len(self._parsed) >= self.KEPT -> len(self._parsed) > self.KEPT")},
        **{f"ReusedHeaders.fold_binary: {key}": "a folding remembered less often: folded anew, the same bytes (only "
           "slower); a header object is only ever stored under the one name it was parsed for, so its name always "
           "matches" for key in (
               "boolean: folded is None or folded[0] is not self or folded[1] != name -> folded is None or "
               "folded[0] is not self",
               "number: 0 -> 1", "compare: folded[1] != name -> folded[1] == name", "number: 1 -> 0",
               "negate: if hasattr(value, 'name'): -> if not hasattr(value, 'name'):")},
    },
    "chalicelib/archiving.py": {
        "_set_archived: statement: signups.forget_event(event_id) -> (removed)":
            "the process's cached copy of the event kept after archiving: its readers (a signup, the mail workers) "
            "read nothing archiving changes, and the answer reads the event afresh",
        "delete: statement: signups.forget_event(event_id) -> (removed)":
            "the process's cached copy kept after deleting: a signup that reads it is still refused (404), as its "
            "write needs the event's item, and the deleted event's queued mails went with it",
    },
    "chalicelib/translations.py": {
        **{f"_catalog: boolean: m.id and m.string -> {after}": "entries without an English text or without an id "
           "read too: the catalog has no untranslated entry (tests/test_translations.py), and the one without an id "
           "(the header) is looked up by no caller, as nothing translates the empty text"
           for after in ("m.id or m.string", "m.string", "m.id")},
    },
    "chalicelib/after.py": {
        "follow_up_at: zone: event.ends_at.astimezone(zone) -> event.ends_at": "an Event's moments are in its own zone "
            "from the start (schema/kinds.py parse: .astimezone(zone), events.from_definition), so the conversion "
            "changes nothing",
        **{f"{scope}: number: True -> False": _CONSISTENT for scope in ("request_due", "results")},
        "_text: boolean: value is None or len(value) > MAX_ANSWER -> len(value) > MAX_ANSWER": "value is None only "
            "for a field that is no string, and read_form (the evaluation route's only source) gives every field as "
            "a string, a missing one as None, which becomes ''",
        "results: boolean: reg and reg.status != ERASED -> reg": "an erased registration's name is blanked "
            "(signups._release, scrub) and its answer deleted with it (signups.erase), so the name is '' either way",
        **{f"{scope}: boolean: answer.get('answers') or [] -> answer.get('answers')": "every stored answer has its "
           "'answers' list (clean_answer always sets one, store.table.to_item keeps an empty list), so the "
           "fallback never decides" for scope in ("_answer_values", "results_xlsx")},
    },
    "chalicelib/store/after.py": {
        "due_follow_ups: condition: 'due_kind = :k AND due_at <= :t' -> 'due_kind = :k'": "an event yielded before its "
            "moment: request_due checks follow_up_at itself and puts it back, so nobody is stamped early",
        **{f"follow_up_done: update: 'SET done_at = :now REMOVE due_kind, due_at' -> ' SET done_at = :now REMOVE {kept}'":
           "only one of the index's two keys removed: the by_due index is sparse, so the item leaves it either way"
           for kept in ("due_at", "due_kind")},
        **{f"{scope}: number: True -> False": _CONSISTENT for scope in ("get_evaluation", "evaluations")},
    },
    "chalicelib/proof.py": {
        "pdf: number: 900 -> 901": "the characters a line holds, int(900 / size): 901 gives the same whole number "
            "for every size the proof uses (26, 14, 12, 10, 8), so every line wraps alike",
    },
    "chalicelib/store/digests.py": {
        **{f"{scope}: number: True -> False": _CONSISTENT
           for scope in ("get_digest_schedule", "digest_state", "get_digest")},
        "claim_digest: zone: timezone.utc -> __import__('datetime').timezone(__import__('datetime').timedelta(hours=1))":
            "the stale moment in another zone: table.iso writes it in UTC, so it is the same instant and text",
    },
    "chalicelib/i18n.py": {
        "_period: window: first -> last":
            "both clocks of a period are in one language's format: both end in am/pm (English) or neither (Dutch)",
        "_period: window: start -> end  #4":
            "this branch is taken only when start and end are on the same day, so either gives the same date",
    },
    "chalicelib/emails.py": {
        **{f"<module>: member: CANCELLED_BY = {_EMAILS_CANCELLED_BY!r} -> CANCELLED_BY = "
           f"{_EMAILS_CANCELLED_BY[:i] + _EMAILS_CANCELLED_BY[i + 1:]!r}":
           "CANCELLED_BY only documents the values of a registration's cancelled_by: no code reads it (the "
           "cancellation mail's template reads registration.cancelled_by)" for i in range(len(_EMAILS_CANCELLED_BY))},
        "SendError.__init__: statement: super().__init__(reason) -> (removed)":
            "BaseException.__new__ keeps the arguments already: str(error) is the reason either way",
        **{key: "css_inline told it may load remote stylesheets: the mail templates link none (their <style> is "
           "inline), so there is nothing to load" for key in ("render: number: False -> True",
                                                              "build_notice: number: False -> True")},
        "_kept_until: zone: timezone.utc -> __import__('datetime').timezone(__import__('datetime').timedelta(hours=1))":
            "the timestamp read in another fixed zone is the same instant, and astimezone(the event's zone) follows",
        "_changes: boolean: moved_from['location'] or {} -> moved_from['location']":
            "models.localized reads None as no text, as it reads {} (tests/test_emails_edges.py moves from None)",
        **{f"subject_line: {key}": "whether the room holds a space, asked of topic[:room - 1], topic[:room] or "
           "topic[:room + 1]: a space only at the room's last place or the one after it cuts the title at topic[:room] "
           "either way (the trailing space is stripped)" for key in (
               "arith: room + 1 -> room - 1", "arith: room + 1 -> room", "number: 1 -> 0  #3")},
        "_is_transient: number: 0 -> 1":
            "the status of an answer without one, 0 or 1: both are below 500, so neither is tried again",
    },
    "chalicelib/calendar.py": {
        "invite: boolean: now or datetime.now(timezone.utc) -> now":
            "icalendar's Event.new stamps the current UTC time itself when stamp is None (icalendar 7: "
            "'stamp if stamp is not None else cls._utc_now()'): the same DTSTAMP",
    },
    "chalicelib/unsubscribe.py": {
        "open_link: number: True -> False":
            "the cache only saves a read of the event: read fresh, it is the same event (the tests keep no cache)",
    },
    "chalicelib/organiser/views.py": {
        "page: boolean: member and member.organisations(capability) -> member.organisations(capability)":
            "can_anywhere is read only by templates/organiser/base.html.j2, inside its {% if member %}: it is never "
            "asked without a member",
    },
    "chalicelib/organiser/ending.py": {
        "<module>: negate: if TYPE_CHECKING: -> if not TYPE_CHECKING:": _LAZY_AT_ONCE,
    },
    "chalicelib/organiser/printing.py": {
        "<module>: negate: if TYPE_CHECKING: -> if not TYPE_CHECKING:": _LAZY_AT_ONCE,
        "badge_sheets: boolean: query and 'id' in query -> 'id' in query":
            "query is the request's parameters or {}: an empty one holds no 'id' either, so ids is [] alike",
    },
    "chalicelib/mail_preview.py": {
        "preview: compare: kind == 'waitlisted' -> kind != 'waitlisted'":
            "the sample person's status, waiting or confirmed: both are active, and with no session and no "
            "attendance chosen every previewed mail reads the same for either",
    },
    "chalicelib/errors.py": {
        "DomainError.__init__: boolean: message or self.code -> message":
            "an error's text when raised without one: every raise in chalicelib/ gives a reason or an id, so "
            "the code is never the text",
    },
    "chalicelib/invitations.py": {
        "valid: number: 300 -> 301":
            "a genuine code is at most 195 characters (a key id of 16, an event id of 100): the bound only decides "
            "how soon a forged value is refused, not whether",
    },
    "chalicelib/blueprints/workers.py": {
        "<module>: negate: if TYPE_CHECKING: -> if not TYPE_CHECKING:": _LAZY_AT_ONCE,
    },
    "chalicelib/organiser/buddies.py": {
        "<module>: negate: if TYPE_CHECKING: -> if not TYPE_CHECKING:": _LAZY_AT_ONCE,
        "<module>: arith: EVENT + '/buddies' -> '/buddies'":
            "PAGE is read only by the route decorators, when app.py imports the module and registers its blueprint: "
            "a mutant put into the imported module makes a new blueprint no app serves (a fresh import of the "
            "mutant would fail tests/test_roles.py's route table)",
    },
    "chalicelib/organiser/programme_page.py": {
        "<module>: negate: if TYPE_CHECKING: -> if not TYPE_CHECKING:": _LAZY_AT_ONCE,
        "save_programme: statement: merged.pop('id', None) -> (removed)":
            "events.validate reads only the definition's known keys and sets id itself from event_id: a stored "
            "id left in is not read",
        "_page: arith: s.taken + s.waiting -> s.taken  #2":
            "a session has people waiting only when full, and a session's capacity is at least 1 (programme.py: "
            "positive_integer): taken + waiting and taken are both non-zero or both zero",
        **{f"_page: arith: s.taken + s.waiting -> {after}  #3": "the online part has no waiting list (a full one "
           "refuses the signup, 409): its waiting is 0" for after in ("s.taken - s.waiting", "s.taken")},
    },
    "chalicelib/organiser/webhook_pages.py": {
        "<module>: negate: if TYPE_CHECKING: -> if not TYPE_CHECKING:": _LAZY_AT_ONCE,
    },
    "chalicelib/buddies.py": {
        "taking_part: number: True -> False": _CONSISTENT,
        "current: number: True -> False": _CONSISTENT,
        "opted_in: boolean: reg.extra or {} -> reg.extra":
            "a registration's extra is always a dict (the model's default, store.roster.to_registration builds one)",
        "_people: boolean: r.answers or {} -> r.answers":
            "a registration's answers are always a dict (the attribute's default), and matching reads a missing "
            "answer set as {} itself",
        **{key: "the count of recipients is kept in the audit record only: the route ignores it and the log "
           "names the groups, not the recipients" for key in ("send: number: 0 -> 1", "send: number: 1 -> 0  #3")},
    },
    "chalicelib/store/buddies.py": {
        "get: number: True -> False": _CONSISTENT,
    },
    "chalicelib/logs.py": {
        "<module>: statement: _handler.setFormatter(logging.Formatter('%(message)s')) -> (removed)":
            "a handler without a formatter uses logging's default one, whose format is '%(message)s' too "
            "(tests/test_logs_edges.py checks a fresh process's lines are the bare JSON)",
    },
    "chalicelib/store/jobs.py": {
        "put_job: condition: 'attribute_not_exists(PK)' -> ''":
            "a job's id is a fresh uuid4 (export_jobs.start): there is never an item to overwrite",
        "get_job: number: True -> False": _CONSISTENT,
        "to_job: boolean: d.get('query') or {} -> d.get('query')":
            "every job item has its query: put_job writes it ({\"params\", \"accept\"}, never empty)",
        "to_job: number: 0 -> 1  #2":
            "a job's size is read only once it is done (the link's answer), and finish_job writes it then",
    },
    "chalicelib/choices.py": {
        **{key: "a bound on retries under contention: no run comes near it" for key in (
            "<module>: number: 8 -> 9", "fill: number: 10000 -> 10001")},
        **{key: _CONSISTENT for key in ("fill: number: True -> False", "_first_waiting: number: True -> False",
                                        "switch: number: True -> False")},
        **{key: "a back-off after a collision is a wait only (the tests make no wait: the same outcome, sooner or later)"
           for key in ("fill: statement: store.writes.backoff(0) -> (removed)", "fill: number: 0 -> 1  #4",
                       "switch: statement: store.writes.backoff(attempt - 1) -> (removed)",
                       "switch: arith: attempt - 1 -> attempt + 1", "switch: number: 1 -> 0")},
        "fill: boolean: session is None or session.waiting <= 0 or session.spots_left == 0 or event.cancelled_at -> "
        "session.waiting <= 0 or session.spots_left == 0 or event.cancelled_at":
            "every id fill is given is a session of the event (the programme's own, or one somebody holds, which "
            "signups._keeps_chosen_sessions keeps in it)",
        **{key: "a session nobody waits for has no first waiting person either: _first_waiting finds none and fill "
           "stops the same (one read more)" for key in (
               "fill: boolean: session is None or session.waiting <= 0 or session.spots_left == 0 or "
               "event.cancelled_at -> session is None or session.spots_left == 0 or event.cancelled_at",
               "fill: compare: session.waiting <= 0 -> session.waiting < 0")},
        **{key: "fill's count of people moved up: no caller reads it (and a failed move up is tried again, "
           "after a wait)" for key in (
               "fill: negate: if store.sessions.move_up(event_id, reg, index, sid, session.capacity, session.taken, "
               "session.waiting): -> if not store.sessions.move_up(event_id, reg, index, sid, session.capacity, "
               "session.taken, session.waiting):", "fill: number: 1 -> 0")},
        **{key: "the choices built from the registration as read are returned only when it is gone right after the "
           "switch (erased meanwhile); else it is read again, and the page lists choices by round, not by order"
           for key in (
               "switch: arith: [c for c in had if c is not old] + ([new] if new else []) -> "
               "[c for c in had if c is not old]",
               "switch: arith: [c for c in had if c is not old] + ([new] if new else []) -> [new] if new else []",
               "switch: compare: c is not old -> c is old", "switch: negate: [new] if new else [] -> [new] if not "
               "new else []",
               "switch: boolean: fresh or replace(reg, extra={**reg.extra, 'sessions': after}) -> fresh and "
               "replace(reg, extra={**reg.extra, 'sessions': after})",
               "switch: boolean: fresh or replace(reg, extra={**reg.extra, 'sessions': after}) -> replace(reg, "
               "extra={**reg.extra, 'sessions': after})",
               "switch: boolean: fresh or replace(reg, extra={**reg.extra, 'sessions': after}) -> fresh")},
        **{key: "fill called once more where no seat is free for anybody waiting (a person on the event's waiting "
           "list holds no place, a seat taken frees none): it moves nobody" for key in (
               "switch: boolean: old and counted -> old",
               "switch: boolean: new and counted and (new['status'] == programme.WAITLISTED) -> new and "
               "new['status'] == programme.WAITLISTED",
               "switch: boolean: new and counted and (new['status'] == programme.WAITLISTED) -> new and counted")},
    },
    "chalicelib/export_jobs.py": {
        **{f"needs_job: {change}": "the seat and waiting-list counters only spare the count of the "
           "registrations, which are never fewer (cancelled ones count there too): either way more than `fit` "
           "rows makes a job and no more does not" for change in (
               "boolean: event.seats_taken + event.waitlist_count > fit or store.roster.count_registrations(event.id, "
               "up_to=fit) > fit -> store.roster.count_registrations(event.id, up_to=fit) > fit",
               "arith: event.seats_taken + event.waitlist_count -> event.seats_taken - event.waitlist_count",
               "arith: event.seats_taken + event.waitlist_count -> event.seats_taken",
               "arith: event.seats_taken + event.waitlist_count -> event.waitlist_count")},
    },
    "chalicelib/logos.py": {
        "Logo.version: number: 12 -> 13":
            "the logo URL's cache token one hex digit longer: it still changes with the content and the page links it",
        "_copy: boolean: local not in ATTRIBUTES or local.lower().startswith('on') or _OUTSIDE.search(value) -> "
        "local not in ATTRIBUTES or _OUTSIDE.search(value)":
            "no name in ATTRIBUTES starts with 'on', so every handler is left out by the allow-list alone",
        "_copy: boolean: isinstance(child.tag, str) and _namespace(child.tag) in ('', SVG_NS) and "
        "(_local(child.tag) in ELEMENTS) -> _namespace(child.tag) in ('', SVG_NS) and _local(child.tag) in ELEMENTS":
            "ET.fromstring drops comments and processing instructions: every child it gives has a str tag",
        "get: member: e.response['Error']['Code'] in ('NoSuchKey', '404') -> e.response['Error']['Code'] in ('NoSuchKey',)":
            "GetObject names a missing key NoSuchKey (tested); a bare 404 is what HeadObject says, which is not asked",
        "url: boolean: organisation or {} -> organisation":
            "both callers pass a stored organisation (the settings page, the face of a page): never None",
    },
    "chalicelib/pages.py": {
        "form: boolean: values or {} -> values":
            "both callers pass values (a dict: the form's own GET fills _redirect and _invite): never None",
        "form: boolean: values or {} -> values  #2":
            "both callers pass values (a dict: the form's own GET fills _redirect and _invite): never None",
        "<module>: member: THANKS_STATUSES = ('confirmed', 'waitlisted', 'pending') -> THANKS_STATUSES = "
        "('waitlisted', 'pending')":
            "the thank-you page says nothing of its own for confirmed: it reads the same as no status",
    },
    "chalicelib/organiser/embed.py": {
        "snippets: boolean: redirects.target(event.allowed_redirect_origins, event.thank_you_url) or '' -> "
        "redirects.target(event.allowed_redirect_origins, event.thank_you_url)":
            "None instead of '' for no thank-you page of their own: the embed page and the form snippet ask it by "
            "truthiness alike",
        "fallback_height: boolean: text or '' -> text":
            "every text it is given is a str: Event.text gives '' for none, a session's texts are f-strings or titles",
        "qr: number: 5 -> 6":
            "the inline QR drawn on a finer grid: without a size of its own (omitsize) the page's CSS sizes it alike",
    },
    "chalicelib/schema/kinds.py": {
        "_texts: boolean: setting.required_if and out.get(setting.required_if) -> out.get(setting.required_if)":
            "a setting without required_if has it \"\", and no definition member is named \"\": out.get(\"\") is None",
        "zone_of: boolean: out.get('timezone') or 'UTC' -> out.get('timezone')":
            "the timezone setting is cleaned before any time and always stores a zone (UTC for a wrong one)",
        "moment_of: number: False -> True":
            "the default of required: every caller (kinds._moment, events.validate, programme) passes it",
        "plain_origin: boolean: parts.path not in ('', '/') or not host or (not (scheme == 'https' or (scheme == "
        "'http' and host in LOCAL_HOSTS))) -> parts.path not in ('', '/') or not (scheme == 'https' or (scheme == "
        "'http' and host in LOCAL_HOSTS))":
            "an address without a host is refused next by redirects.origin (its _split wants a host name): None",
        "plain_origin: boolean: scheme == 'http' and host in LOCAL_HOSTS -> host in LOCAL_HOSTS":
            "another scheme on localhost is refused next by redirects.origin (http and https only): None",
        "_opening: boolean: setting.name in errors or not value -> not value":
            "_texts gives {} whenever it names an error, so `not value` is true then as well",
    },
    "chalicelib/schema/inputs.py": {
        **{f"shown: boolean: value or () -> value{n}": "a list setting is never None in a definition: events.validate "
           "stores [] when it is absent, and an absent one reads its default ()" for n in ("", "  #2", "  #3")},
        "posted: boolean: texts_of(values, setting.name) or NOTHING -> texts_of(values, setting.name)":
            "an empty text object and an absent text are one to events.validate (kinds.text_of: {} either way, and an "
            "empty opening is left out)",
        "posted: boolean: values[name].strip() or None -> values[name].strip()":
            "an empty thank-you page and none are one to kinds._thank_you_url: both leave it out",
        **{f"_hours: {change}": "a count of 5 or 6 digits passes here and is then refused by events.validate under the "
           "same input with the same code (kinds._hours: at most 720)" for change in (
               "compare: len(w) < 5 -> len(w) <= 5", "number: 5 -> 6")},
        "moment: boolean: day_end and day and (not at) -> day_end and (not at)":
            "an empty date with an empty time has returned None just above: `not at` implies a date here",
        "_number: compare: setting.minimum is None -> setting.minimum is not None":
            "a number under the minimum that passes here is refused by events.validate under the same input with the "
            "same code (kinds._count checks the declared bounds again)",
        "_number: number: 0 -> 1":
            "the lower bound of a number setting without a minimum: every setting with a number widget declares one",
        **{f"_number: boolean: {_NUMBER_BOUNDS} -> {change}": "a number out of bounds that passes here is refused by "
           "events.validate under the same input with the same code (kinds._count checks the declared bounds again)"
           for change in ("not value.isdigit() or (setting.maximum is not None and int(value) > setting.maximum)",
                          "not value.isdigit() or int(value) < low")},
        "_number: boolean: setting.maximum is not None and int(value) > setting.maximum -> int(value) > setting.maximum":
            "every setting with a number widget declares its maximum",
        "_number: compare: setting.maximum is not None -> setting.maximum is None":
            "a number over the maximum that passes here is refused by events.validate under the same input with the "
            "same code (kinds._count checks the declared bounds again)",
        **{f"_links: boolean: {_LINK_CHECK} -> {change}": "a line without a title or an http(s) address that passes "
           "here is refused by events.validate under the same input with the same code (kinds._links checks each link)"
           for change in ("not title.strip() and (not url.lower().startswith(('https://', 'http://')))",
                          "not url.lower().startswith(('https://', 'http://'))", "not title.strip()")},
        **{f"origin_of: boolean: {_ORIGIN_CHECK} -> {change}": "an address without http(s), a host or with a space "
           "that passes here is refused by events.validate under the same input with the same code "
           "(kinds.plain_origin checks each website)" for change in (
               "not parts.hostname or ' ' in address.strip()", "parts.scheme not in ('http', 'https') or ' ' in "
               "address.strip()", "parts.scheme not in ('http', 'https') or not parts.hostname")},
    },
    "chalicelib/schema/attributes.py": {
        **{f"Attribute: {change}": _AT_IMPORT for change in (
            "number: 16 -> 17", "number: False -> True  #2", "number: False -> True  #3")},
        # kept_on_erasure is read once, at import, into store.roster.KEPT_ON_ERASURE
        **{f"<module>: number: True -> False{n}": _KEPT_AT_IMPORT for n in (
            "", "  #2", "  #3", "  #12", "  #13", "  #14", "  #15")},
        # personal is read only by the declaration's own check (personal and kept_on_erasure), which these never trip
        **{f"<module>: number: True -> False  #{n}": _PERSONAL for n in (4, 6, 8, 9, 11, 16, 17, 18, 19, 20, 21, 22)},
        **{f"<module>: number: False -> True  #{n}": _PERSONAL for n in (4, 5, 8, 9, 10, 13, 14, 15, 16)},
        # a column or list position moved onto the next one's: the sort is stable and this one is declared first
        **{f"<module>: number: {change}": _TIED for change in (
            "1 -> 0", "2 -> 3", "5 -> 6", "3 -> 4", "4 -> 5", "5 -> 6  #2", "9 -> 10",
            "10 -> 11", "12 -> 13", "6 -> 7", "7 -> 8", "13 -> 14")},
        "<module>: number: 0 -> 1":
            "every registration item is written with its sequence (store.roster.registration_item stores each "
            "declared field): the default is read only for an item without one, which nothing writes",
        "reader: boolean: registration.extra or {} -> registration.extra":
            "Registration.extra is never None: its default is a fresh dict and store.roster.to_registration "
            "always passes one",
        **{f"<module>: number: {change}": "a position moved into a free place before the next one's: the same order"
           for change in ("1 -> 0  #2", "2 -> 3  #2")},
        **{f"<module>: number: {change}": "the last position of its list moved one further: still the last" for change in (
            "6 -> 7  #2", "14 -> 15")},
    },
    "chalicelib/organisation_settings.py": {
        "contrast_with_white: compare: c <= 0.04045 -> c < 0.04045":
            "no channel n/255 is 0.04045 (10/255 = 0.0392, 11/255 = 0.0431): both split the 256 values alike",
        "clean: compare: contrast_with_white(value) < MIN_CONTRAST -> contrast_with_white(value) <= MIN_CONTRAST":
            "no #rrggbb has a contrast of exactly 4.5 with white (all 16.7 million checked, 2026-12-07)",
        "clean: boolean: name == 'default_locale' and value not in LOCALES -> value not in LOCALES":
            "every other name of NAMES has its own branch above this last elif: only default_locale reaches it",
        "face: compare: hit[0] > time.monotonic() -> hit[0] >= time.monotonic()":
            "the kept face's deadline equals the clock only within one nanosecond tick: either answer is as fresh",
    },
    "chalicelib/schema/settings.py": {
        "Setting: number: False -> True": _AT_IMPORT,
        **{f"<module>: member: WIDGETS = {_WIDGETS} -> WIDGETS = {tuple(w for w in _WIDGETS if w != gone)}":
           "WIDGETS only names the widgets for a reader: no code reads it (chalicelib.schema.inputs and the "
           "setting macro branch on each widget by name); tests/test_event_settings.py checks each declared one is in it"
           for gone in _WIDGETS},
        "in_group: boolean: s.widget and s.group == group -> s.group == group":
            "a setting has a group exactly when it has a widget (tests/test_event_settings.py checks every "
            "declaration), so the group alone picks the same settings",
    },
}
