"""The organiser CLI: events from JSON files, tokens, and the export audit trail.

    python -m scripts.organiser [--local] event put FILE.json
    python -m scripts.organiser [--local] org put FILE.json       ({"id", "name", "members": [...]})
    python -m scripts.organiser [--local] org show ORGANISATION_ID
    python -m scripts.organiser [--local] token create --scope export --events ID[,ID] [--expires 30d] [--label TEXT]
        (--expires: at most 365d; an operator's token belongs to no member, so it ends only when it
        expires or is revoked)
    python -m scripts.organiser [--local] token list
    python -m scripts.organiser [--local] token revoke TOKEN_ID
    python -m scripts.organiser [--local] audit list [--event ID]

It talks to the table named by TABLE_NAME with the usual AWS credentials; ``--local``
points it at the emulator of a running ``make dev`` (from .dev/env.json).
"""
import argparse
import json
import os
import pathlib
import re
import sys
from datetime import datetime, timedelta, timezone

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main(argv=None, out=sys.stdout) -> int:
    args = _parser().parse_args(argv)
    if args.local:
        _use_local_stack()
    from chalicelib import auth, organising, store
    from chalicelib.errors import NotFound, ValidationFailed
    now = datetime.now(timezone.utc)
    if args.noun in ("event", "org") and args.verb == "put":
        body = _read_json(args.file)
        if body is None:
            return 2
        item_id = (body.pop("id", None) if isinstance(body, dict) else None) or args.id
        try:
            if args.noun == "event":
                created = organising.save_event(item_id, body, now)
            else:
                created = organising.put_organisation(item_id, body, now)[1]
        except ValidationFailed as e:
            print(f"invalid {args.noun}: " + "; ".join(f"{k}: {_message(v)}" for k, v in e.fields.items()),
                  file=sys.stderr)
            return 2
        print(f"{'created' if created else 'updated'} {args.noun} {item_id}", file=out)
    elif args.noun == "org" and args.verb == "show":
        try:
            print(json.dumps(organising.organisation(args.organisation_id), ensure_ascii=False, indent=2), file=out)
        except NotFound:
            print(f"no organisation {args.organisation_id}", file=sys.stderr)
            return 1
    elif args.noun == "token" and args.verb == "create":
        expires = (auth.default_expiry(now) if args.expires is None
                   else None if args.expires == "never" else now + _duration(args.expires))
        try:
            token_id, secret = auth.mint(args.scope, args.events.split(","), expires_at=expires, label=args.label,
                                         now=now)
        except ValidationFailed:
            print(f"--expires: at most {auth.MAX_DAYS}d (a token reads personal data); 'never' is not allowed",
                  file=sys.stderr)
            return 2
        print(json.dumps({"token_id": token_id, "token": secret, "scope": args.scope, "events": args.events,
                          "expires_at": store.table.iso(expires)}), file=out)
        print("The token is shown only this once; store it now.", file=sys.stderr)
    elif args.noun == "token" and args.verb == "list":
        for record in auth.list_tokens():
            print(json.dumps(record, ensure_ascii=False), file=out)
    elif args.noun == "token" and args.verb == "revoke":
        if not auth.revoke(args.token_id, now):
            print(f"no token {args.token_id}", file=sys.stderr)
            return 1
        print(f"revoked {args.token_id}", file=out)
    elif args.noun == "audit":
        for record in store.organisers.list_audit(args.event):
            print(json.dumps(record, ensure_ascii=False), file=out)
    return 0


def _parser():
    p = argparse.ArgumentParser(prog="organiser", description=__doc__.split("\n")[0])
    p.add_argument("--local", action="store_true", help="use the emulator of a running `make dev`")
    nouns = p.add_subparsers(dest="noun", required=True)
    event = nouns.add_parser("event").add_subparsers(dest="verb", required=True)
    put = event.add_parser("put", help="create or update an event from a JSON file")
    put.add_argument("file")
    put.add_argument("--id", help="event id, when the file has none")
    org = nouns.add_parser("org").add_subparsers(dest="verb", required=True)
    org_put = org.add_parser("put", help="create or update an organisation and its members from a JSON file")
    org_put.add_argument("file")
    org_put.add_argument("--id", help="organisation id, when the file has none")
    org.add_parser("show", help="an organisation and its members").add_argument("organisation_id")
    token = nouns.add_parser("token").add_subparsers(dest="verb", required=True)
    create = token.add_parser("create", help="mint a token (shown once)")
    create.add_argument("--scope", choices=("export", "admin"), required=True)
    create.add_argument("--events", required=True, help="comma-separated event ids, or * for all")
    create.add_argument("--expires", help="lifetime such as 30d, 12h or 90m, at most 365d (default: 90d)")
    create.add_argument("--label", default="", help="who or what the token is for")
    token.add_parser("list", help="list tokens (never their secrets)")
    revoke = token.add_parser("revoke")
    revoke.add_argument("token_id")
    audit = nouns.add_parser("audit").add_subparsers(dest="verb", required=True)
    audit_list = audit.add_parser("list", help="who exported which event's registrations, when")
    audit_list.add_argument("--event")
    return p


def _read_json(path: str):
    """The JSON document in ``path``; None (after a readable message) if it cannot be read."""
    try:
        text = pathlib.Path(path).read_text(encoding="utf-8")
    except OSError as e:
        print(f"cannot read {path}: {e.strerror}", file=sys.stderr)
        return None
    except UnicodeDecodeError:
        print(f"cannot read {path}: it is not UTF-8 text", file=sys.stderr)
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        print(f"{path} is not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}"
              " (a comma after the last item is a common cause)", file=sys.stderr)
        return None


def _message(key: str) -> str:
    from chalicelib import error_copy
    return error_copy.field_message(key, "en")


def _duration(text: str) -> timedelta:
    m = re.fullmatch(r"(\d+)([dhm])", text or "")
    if not m:
        raise SystemExit(f"bad duration {text!r}: use e.g. 30d, 12h, 90m")
    unit = {"d": "days", "h": "hours", "m": "minutes"}[m.group(2)]
    return timedelta(**{unit: int(m.group(1))})


def _use_local_stack():
    stack = ROOT / ".dev" / "env.json"
    if not stack.exists():
        raise SystemExit("no .dev/env.json: start `make dev` first")
    for key, value in json.loads(stack.read_text()).items():
        os.environ[key] = value


if __name__ == "__main__":
    sys.exit(main())
