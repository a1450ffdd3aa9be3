"""Where a form poster is sent back to (chalicelib/redirects.py), at the edges the visitor would
notice: the longest address that is still followed, a port written out that is the default one,
and addresses that look like a website's but are not one we may send people to (another scheme,
no host), which must fall back to our own thank-you page and never fail."""
import pytest

from chalicelib import redirects

ALLOWED = ("https://www.duurzaamdoor.example", "http://intranet.example", "http://[::1]:8080")
BASE = "https://www.duurzaamdoor.example/"


def test_an_address_of_exactly_the_longest_length_is_followed_and_one_more_is_not():
    longest = BASE + "a" * (redirects.MAX_LENGTH - len(BASE))
    assert len(longest) == 2000
    assert redirects.target(ALLOWED, longest) == longest
    assert redirects.target(ALLOWED, longest + "a") is None


@pytest.mark.parametrize("url, uri", [
    ("http://intranet.example:80/bedankt", "http://intranet.example/bedankt"),
    ("https://www.duurzaamdoor.example:443/bedankt", "https://www.duurzaamdoor.example/bedankt"),
    ("http://[::1]:8080/bedankt", "http://[::1]:8080/bedankt"),
])
def test_a_default_port_written_out_is_the_same_website(url, uri):
    assert redirects.target(ALLOWED, url) == uri


@pytest.mark.parametrize("url", [
    "http://intranet.example:81/", "https://www.duurzaamdoor.example:444/", "http://[::1]/",
    "ftp://www.duurzaamdoor.example/bedankt", "https:///bedankt", "http://:80/", "https://:443",
])
def test_another_port_scheme_or_no_host_is_no_redirect(url):
    assert redirects.target(ALLOWED, url) is None


def test_an_allowed_origin_is_read_with_its_default_port_left_out():
    assert redirects.origin("HTTP://Intranet.Example:80") == "http://intranet.example"
    assert redirects.origin("https://www.duurzaamdoor.example:8443") == "https://www.duurzaamdoor.example:8443"
    assert redirects.origin("ftp://intranet.example") is None
