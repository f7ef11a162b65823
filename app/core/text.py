"""Text as the portal stores it, and its normalization for search that ignores case and
accents."""

import re
import unicodedata

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """What a person typed or a file brought, as it is stored: line breaks as "\\n" (Windows'
    and old Macs' too), no control characters but tab and new line (Word's manual line break
    is one, and a workbook cannot hold them), no surrounding whitespace. Forms and imports
    both clean text here, so that a text exported and imported again stays the same."""
    return CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def fold(text: str) -> str:
    """Lower-case ``text`` and strip diacritics, so that ``Trámite`` and ``tramite`` match.

    The same folding is applied to stored search text and to queries, which keeps the search
    portable between SQLite and PostgreSQL (no ``unaccent`` extension needed).
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_terms(query: str) -> list[str]:
    """The folded words of a search query, without duplicates, in order, without the
    punctuation around them (``¿acta?``, ``licencia,``, ``"predial"``): inside a word it stays
    (a code such as ``TM-001``), and a word of punctuation only is looked for as it is."""
    return list(dict.fromkeys(_trimmed(word) or word for word in fold(query).split()))


# Words that say how a person asks rather than what they look for ("¿cómo saco mi acta de
# nacimiento?"): a search for services leaves them out when it has other words.
FILLER_WORDS = frozenset(
    "a al con como cual de del donde el en la las lo los mi mis para por que quiero necesito "
    "saco sacar hago hacer puedo su sus tramitar obtener un una unos unas y o "
    "the an of for to my how do i get want need where can is in on and or".split()
)


def service_terms(query: str) -> list[str]:
    """The words of a search for services (``search_terms``) that say what is looked for: no
    filler words when others remain, and each in the singular, which is found inside its
    plural too ("actas" finds "Acta de nacimiento" and "Actas del Registro Civil")."""
    terms = search_terms(query)
    meaningful = [term for term in terms if term not in FILLER_WORDS] or terms
    return list(dict.fromkeys(map(_singular, meaningful)))


def _singular(word: str) -> str:
    """A Spanish or English plural's singular, roughly: "ciudades", "papeles" lose "es",
    "actas", "tramites", "certificates" their "s"; anything else is left as it is."""
    if len(word) > 4 and word.endswith("es") and word[-3] in "dlnrj":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and word[-2] in "aeiou":
        return word[:-1]
    return word


def _trimmed(word: str) -> str:
    start, end = 0, len(word)
    while start < end and unicodedata.category(word[start]).startswith("P"):
        start += 1
    while end > start and unicodedata.category(word[end - 1]).startswith("P"):
        end -= 1
    return word[start:end]


def _spaced(text: str) -> str:
    return " ".join(fold(text).split())


def search_line(text: str) -> str:
    """``text`` folded, its words single-spaced, between line breaks: how a whole name is
    looked for in what ``search_lines`` stores."""
    return f"\n{_spaced(text)}\n"


def search_lines(texts) -> str:
    """Texts (say, a name in every language and an acronym) folded, one per line between line
    breaks, for a search that finds a word anywhere (``contains(word)``) and a whole text as a
    line of its own (``contains(search_line(text))``)."""
    lines = dict.fromkeys(line for line in map(_spaced, filter(None, texts)) if line)
    return "\n" + "\n".join(lines) + "\n"
