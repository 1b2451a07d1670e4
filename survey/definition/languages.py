"""The languages a consultation can be offered in: one row each, read by every stage.

A consultation names its working language (`language: en`) and offers more through its
`translations` block; a young person picks one on the start page by its own name. A row says
what each stage needs: the code that `lang` carries (BCP 47), the language's name in itself
(the link a young person picks) and in English (what officers read), which way it is written
(`dir`), and who must check a translation that has not been checked yet.

What must stay true: a consultation can be offered only in a language whose row says
`interface=True`, that is one whose buttons, messages and fixed words ship as a gettext
catalogue in survey/translations (a test checks the rows against the folder). So a page never
mixes the young person's language with English buttons; a language without its catalogue is
refused at load with a message saying how to add one (docs/translating.md).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str        # as in <html lang="...">
    own_name: str    # in the language itself: what a young person picks
    english: str     # what officers read
    direction: str = "ltr"   # "rtl": written right to left
    # Whose check a new translation waits for: "a Welsh speaker".
    reviewer: str = ""
    # Whether the product's own words (buttons, errors, fixed sentences) ship in it.
    interface: bool = False

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


LANGUAGES: dict[str, Language] = {language.code: language for language in (
    Language("en", "English", "English", reviewer="an English speaker", interface=True),
    Language("cy", "Cymraeg", "Welsh", reviewer="a Welsh speaker", interface=True),
    Language("ar", "العربية", "Arabic", "rtl", reviewer="an Arabic speaker", interface=True),
    # Ready for a catalogue: the rows say how each is written, so adding its catalogue is all
    # a council needs to offer it.
    Language("ps", "پښتو", "Pashto", "rtl", reviewer="a Pashto speaker"),
    Language("prs", "دری", "Dari", "rtl", reviewer="a Dari speaker"),
    Language("fa", "فارسی", "Persian (Farsi)", "rtl", reviewer="a Persian speaker"),
    Language("ur", "اردو", "Urdu", "rtl", reviewer="an Urdu speaker"),
    Language("ckb", "کوردی", "Kurdish (Sorani)", "rtl", reviewer="a Sorani speaker"),
    Language("ti", "ትግርኛ", "Tigrinya", reviewer="a Tigrinya speaker"),
    Language("am", "አማርኛ", "Amharic", reviewer="an Amharic speaker"),
    Language("so", "Soomaali", "Somali", reviewer="a Somali speaker"),
    Language("ku", "Kurdî", "Kurdish (Kurmanji)", reviewer="a Kurmanji speaker"),
    Language("sq", "Shqip", "Albanian", reviewer="an Albanian speaker"),
    Language("vi", "Tiếng Việt", "Vietnamese", reviewer="a Vietnamese speaker"),
    Language("pl", "Polski", "Polish", reviewer="a Polish speaker"),
    Language("ro", "Română", "Romanian", reviewer="a Romanian speaker"),
    Language("uk", "Українська", "Ukrainian", reviewer="a Ukrainian speaker"),
    Language("gd", "Gàidhlig", "Scottish Gaelic", reviewer="a Gaelic speaker"),
)}

# The working language when a definition does not name one.
WORKING_LANGUAGE = "en"


def language(code: str) -> Language:
    """The row of a language code; an unknown code (only ever one from a stored response or a
    URL, since loading refuses them) reads as itself, left to right."""
    return LANGUAGES.get(code) or Language(code, code, code)


def interface_languages() -> tuple[str, ...]:
    """The codes whose buttons and messages ship."""
    return tuple(code for code, row in LANGUAGES.items() if row.interface)
