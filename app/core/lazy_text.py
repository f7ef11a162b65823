"""Translations made when they are shown (labels, messages defined at import time)."""

from flask_babel import gettext
from flask_babel.speaklater import LazyString
from markupsafe import Markup, escape


class LazyText(LazyString):
    """Flask-Babel's lazy string says it is HTML, so a value filled into it (an indicator's
    name a manager typed) reached pages unescaped. No msgid holds markup: this one is text,
    escaped as any other when a template shows it."""

    def __html__(self) -> Markup:
        return escape(str(self))


def lazy_gettext(string: str, /, **variables) -> LazyText:
    return LazyText(gettext, string, **variables)
