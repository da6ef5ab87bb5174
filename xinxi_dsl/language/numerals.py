"""Numbers as the notices write them: ``2``, ``２``, ``0.1``, ``两``, ``十``,
``一百八十``, ``百分之四十`` — always to an exact :class:`~decimal.Decimal`.

Hand-written on purpose: cn2an returns floats and rewrites words around the
numbers; the grammar has already cut the number out, so only the number is
converted here.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3,
    "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "萬": 10_000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")


class NumeralError(ValueError):
    """The text is not a number this converter understands."""


def to_decimal(text: str) -> Decimal:
    """Convert one number token to Decimal.

    >>> to_decimal("２"), to_decimal("0.1"), to_decimal("两"), to_decimal("一百八十")
    (Decimal('2'), Decimal('0.1'), Decimal('2'), Decimal('180'))
    """
    t = text.strip().translate(_FULLWIDTH)
    if not t:
        raise NumeralError(text)
    if t[0].isdigit() or t[0] == ".":
        try:
            return Decimal(t)
        except InvalidOperation as exc:  # pragma: no cover - grammar prevents it
            raise NumeralError(text) from exc
    if "点" in t or "點" in t:
        whole, _, frac = t.replace("點", "点").partition("点")
        digits = "".join(str(_digit(c)) for c in frac)
        return Decimal(f"{_integer(whole) if whole else 0}.{digits}")
    return Decimal(_integer(t))


def _digit(c: str) -> int:
    if c not in _DIGITS:
        raise NumeralError(c)
    return _DIGITS[c]


def _integer(t: str) -> int:
    total = 0  # completed 万 sections
    section = 0  # within the current 万
    digit: int | None = None
    for c in t:
        if c in _DIGITS:
            digit = _DIGITS[c]
        elif c in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[c]
            digit = None
        elif c in _BIG:
            total += (section + (digit or 0)) * _BIG[c]
            section, digit = 0, None
        else:
            raise NumeralError(t)
    return total + section + (digit or 0)


def percent(text: str) -> Decimal:
    """``40%`` / ``４０％`` / the number after 百分之 → fraction (0.4)."""
    t = text.strip().translate(_FULLWIDTH).rstrip("%")
    return to_decimal(t) / 100
