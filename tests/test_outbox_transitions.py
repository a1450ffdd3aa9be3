"""Each move of a registration sends its own mail once (chalicelib/outbox.py ``TRANSITIONS``), also
the moves of double opt-in, where a seat is first held until the person confirms it: whoever lets
such a hold go hears it is cancelled, and the next in line hears they moved up and must confirm."""
from chalicelib import signups
from conftest import make_event
from test_outbox import join, kinds, sent, stream, to, work  # noqa: F401  (stream is a fixture)


def test_a_held_seat_given_up_mails_the_canceller_and_moves_the_next_up_to_confirm(client, admin_token, stream):  # noqa: F811
    make_event(client, admin_token, capacity=1, double_opt_in=True)
    holder, next_in_line = join(client, 1), join(client, 2)
    assert kinds(work(stream)) == [("pending", "sent"), ("waitlisted", "sent")]
    before = len(sent())

    signups.cancel(holder)

    assert sorted(work(stream)) == sorted([(holder.id, "cancelled", "sent"), (next_in_line.id, "promoted", "sent")])
    mails = {to(m): m for m in sent()[before:]}
    assert mails["deelnemer1@gemeente.example"]["Subject"].startswith("Afgemeld:")
    assert mails["deelnemer2@gemeente.example"]["Subject"].startswith("Er is een plek voor je:")


def test_leaving_the_waiting_list_mails_a_cancellation(client, admin_token, stream):  # noqa: F811
    make_event(client, admin_token, capacity=1)
    join(client, 1)
    waiting = join(client, 2)
    work(stream)

    signups.cancel(waiting)

    assert work(stream) == [(waiting.id, "cancelled", "sent")]
