"""Sorting names the Polish way (the Partners page's register, pickers and lists).

    sorted(['Żary', 'Łódź', 'Zamość', 'Lublin'], key=polish_key) -> ['Lublin', 'Łódź', 'Zamość', 'Żary']

Python's default order puts every letter with a diacritic after 'z' ("Łódź" after "Żary" is right,
"Łódź" after "Zamość" is not). No ICU in the environment, so the Polish alphabet is written out:
a ą b c ć d e ę f g h i j k l ł m n ń o ó p q r s ś t u v w x y z ź ż. Comparison ignores case
first (a name in capitals sorts with the others), then breaks ties lower case first; characters
outside the alphabet (digits, spaces, punctuation) keep their code-point order, before the letters.
"""
from __future__ import annotations

ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_RANK = {ch: i for i, ch in enumerate(ALPHABET)}
_LETTERS = 0x110000  # letters sort after every other character


def _rank(ch: str) -> int:
    r = _RANK.get(ch)
    return ord(ch) if r is None else _LETTERS + r


def polish_key(text) -> tuple:
    """A sort key putting `text` in Polish alphabetical order (None and NaN last)."""
    if not isinstance(text, str):
        return (1, (), ())
    low = text.casefold()
    return (0, tuple(_rank(c) for c in low), tuple(c != l for c, l in zip(text, low)))
