"""Text normalization for search that ignores case and accents."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case ``text`` and strip diacritics, so that ``Trámite`` and ``tramite`` match.

    The same folding is applied to stored search text and to queries, which keeps the search
    portable between SQLite and PostgreSQL (no ``unaccent`` extension needed).
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_terms(query: str) -> list[str]:
    """The folded words of a search query, without duplicates, in order."""
    return list(dict.fromkeys(fold(query).split()))


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
