"""The English catalog as a fresh process reads it (chalicelib/translations.py): each Lambda reads
it once, so these tests read it anew instead of using the copy this process already holds."""
import pytest

from chalicelib import translations


@pytest.fixture
def fresh():
    translations._catalog.cache_clear()
    yield
    translations._catalog.cache_clear()


def test_a_fresh_process_finds_the_english_of_a_plain_text(fresh):
    assert translations.gettext("en")("Bewijs van deelname") == "Proof of attendance"


def test_a_fresh_process_finds_both_english_forms_of_a_plural_by_its_dutch_singular(fresh):
    n_ = translations.ngettext("en")
    assert (n_("{n} dag", "{n} dagen", 1), n_("{n} dag", "{n} dagen", 3)) == ("1 day", "3 days")


def test_a_language_without_a_catalog_reads_the_dutch(fresh):
    assert translations.gettext("fy")("Bewijs van deelname") == "Bewijs van deelname"
    assert translations.ngettext("fy")("{n} dag", "{n} dagen", 3) == "3 dagen"


def test_values_fill_a_text_and_a_text_without_values_keeps_its_braces(fresh):
    _, n_ = translations.gettext("fy"), translations.ngettext("fy")
    assert _("Welkom, {naam}", naam="Ada") == "Welkom, Ada"
    assert _("Schrijf {naam} in je tekst") == "Schrijf {naam} in je tekst"
    assert n_("{n} plek bij {wie}", "{n} plekken bij {wie}", 2, wie="Ada") == "2 plekken bij Ada"
