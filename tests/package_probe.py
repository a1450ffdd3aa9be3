"""What tests/test_package.py renders twice: from the unpacked zip alone (run as a script, with
``python -S``, so the venv's site-packages stay off sys.path) and from the repository's sources."""
import json
import sys


def render(demo: dict) -> dict:
    """A signup's address, the confirmation mail in nl and en, and a date in each."""
    from datetime import datetime, timezone
    from email import message_from_bytes, policy

    from chalicelib import emails, events, forms, i18n, templating
    from chalicelib.models import CONFIRMED, Registration
    demo = dict(demo)
    event = events.from_definition(events.validate(demo.pop("id"), demo))
    out = {"signup": forms.clean_signup(event, {"name": "Zoë", "email": " Zoe@Example.ORG ", "consent": True,
                                                "organisation": "Gemeente Utrecht"})["email"],
           "template_file": templating.environment().get_template("html:email/registered.j2").filename}
    for locale in ("nl", "en"):
        registration = Registration(id="r1", event_id=event.id, status=CONFIRMED, name="Zoë",
                                    email="zoe@example.org", locale=locale)
        msg = emails.build_message("registered", event, registration,
                                   {"manage_url": "https://signup.test/registrations/t"}, "noreply@signup.test")
        parsed = message_from_bytes(msg.as_bytes(), policy=policy.default)
        out[locale] = {"subject": parsed["Subject"], "text": parsed.get_body(("plain",)).get_content(),
                       "html": parsed.get_body(("html",)).get_content()}
        out["date_" + locale] = i18n.format_datetime(datetime(2026, 12, 9, 12, 0, tzinfo=timezone.utc),
                                                     "Europe/Amsterdam", locale)
        out["period_" + locale] = i18n.format_period(event, locale)
    return out


if __name__ == "__main__":      # python -S package_probe.py <unpacked zip> <demo event JSON>
    sys.path[:0] = [sys.argv[1]]
    result = render(json.loads(sys.argv[2]))
    result["outside"] = sorted({name.split(".")[0] for name, module in list(sys.modules.items())
                                if "site-packages" in (getattr(module, "__file__", None) or "")})
    print(json.dumps(result))
