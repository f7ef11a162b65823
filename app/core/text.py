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
