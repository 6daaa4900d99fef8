"""Diacritic folding for search: "Quảng Trị" and "quang tri" fold to the same key."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case, strip Vietnamese tone and vowel marks, map đ to d, collapse spaces."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
