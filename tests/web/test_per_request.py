"""Template helpers every page shares (survey.web.per_request)."""
from __future__ import annotations

from survey.web.per_request import numbers_ltr

ARABIC_HELP = "تشايلدلاين: اتصل على 0800 1111، مجانًا <b>"


def test_a_phone_number_in_right_to_left_words_is_kept_left_to_right_and_the_rest_escaped():
    assert str(numbers_ltr(ARABIC_HELP, rtl=True)) == (
        'تشايلدلاين: اتصل على <span dir="ltr">0800 1111</span>، مجانًا &lt;b&gt;')
    assert str(numbers_ltr("Call 0800-111-222 or 5 times", rtl=True)) == (
        'Call <span dir="ltr">0800-111-222</span> or 5 times')


def test_a_left_to_right_page_gets_its_words_as_they_are():
    assert str(numbers_ltr("Childline: call 0800 1111 <now>", rtl=False)) == (
        "Childline: call 0800 1111 &lt;now&gt;")
