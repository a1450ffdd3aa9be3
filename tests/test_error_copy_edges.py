"""The sentences of an error answer (chalicelib.error_copy): how long to wait, and what a code or field key
without a sentence of its own says."""
import pytest



@pytest.mark.parametrize("seconds, said", [
    (119, "Wacht 119 seconden en probeer het opnieuw."),
    (120, "Wacht 2 minuten en probeer het opnieuw."),
    (121, "Wacht 3 minuten en probeer het opnieuw."),      # never a wait shorter than Retry-After
    (3660, "Wacht 61 minuten en probeer het opnieuw.")])
def test_a_wait_from_two_minutes_on_is_said_in_whole_minutes_rounded_up(seconds, said):
    from chalicelib import error_copy
    assert error_copy.wait(seconds, "nl") == said


def test_an_error_or_field_key_without_its_own_sentence_reads_as_the_general_one():
    from chalicelib import error_copy
    assert error_copy.error_message("no_such_code", "nl") == error_copy.error_message("bad_request", "nl")
    assert error_copy.field_message("no_such_key", "en", "name") == error_copy.field_message("invalid", "en", "name")


def test_the_daily_message_cap_says_its_number():
    from chalicelib import error_copy
    assert "Het maximum is 10 per dag." in error_copy.error_message("messages_per_day", "nl", n=10)
