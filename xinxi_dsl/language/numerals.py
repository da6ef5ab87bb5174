"""Numbers as the notices write them: ``2``, ``２``, ``0.1``, ``两``, ``十``,
``一百八十``, ``十一万``, ``11万``, ``百分之四十`` — always to an exact
:class:`~decimal.Decimal`.

Two ways of writing a number in Chinese characters are read:

* with unit characters (十 百 千 万 亿): ``二十五`` = 25, ``一百零八`` = 108,
  ``十一万`` = 110000;
* positionally, digit by digit, as a year or a number copied from a table is
  written: ``二五`` = 25, ``一五`` = 15, ``三〇`` = 30, ``二〇一二`` = 2012.

A spoken abbreviation is refused rather than guessed: ``一百八`` (180, or
108?) must be written ``一百八十`` or ``一百零八``; so is a string mixing the
two ways (``二三十``).

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
_WAN = {"万": 10_000, "萬": 10_000}
_YI = {"亿": 100_000_000, "億": 100_000_000}
#: 一百八 is 一百八十 in speech: the unit the last digit silently stands for
_NEXT_SMALLER = {"百": "十", "千": "百", "万": "千", "萬": "千", "亿": "千万", "億": "千萬"}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")

#: the largest number the language accepts: points, targets and counts are
#: at most this many digits before the point and after it
MAX_INTEGER_DIGITS = 12
MAX_DECIMALS = 4


class NumeralError(ValueError):
    """The text is not a number this converter understands; ``reason`` (Chinese
    and English) says why, or is empty."""

    def __init__(self, text: str, reason: str = ""):
        super().__init__(text)
        self.text, self.reason = text, reason


def to_decimal(text: str) -> Decimal:
    """Convert one number token to Decimal.

    >>> to_decimal("２"), to_decimal("0.1"), to_decimal("两"), to_decimal("一百八十")
    (Decimal('2'), Decimal('0.1'), Decimal('2'), Decimal('180'))
    >>> to_decimal("二五"), to_decimal("三〇"), to_decimal("十一万")
    (Decimal('25'), Decimal('30'), Decimal('110000'))
    """
    t = text.strip().translate(_FULLWIDTH)
    if not t:
        raise NumeralError(text)
    if t[0].isdigit() or t[0] == ".":
        scale = _WAN.get(t[-1]) or _YI.get(t[-1])
        if scale:  # 11万, 1.5亿 (beyond 12 digits is refused by check_bounds)
            v = to_decimal(t[:-1]) * scale
            return v.to_integral_value() if v == v.to_integral_value() else v
        try:
            return Decimal(t)
        except InvalidOperation as exc:  # pragma: no cover - grammar prevents it
            raise NumeralError(text) from exc
    if "点" in t or "點" in t:
        whole, _, frac = t.replace("點", "点").partition("点")
        digits = "".join(str(_digit(c)) for c in frac)
        return Decimal(f"{_integer(whole) if whole else 0}.{digits}")
    return Decimal(_integer(t))


def check_bounds(value: Decimal) -> str | None:
    """Why ``value`` is beyond what the language accepts, or None.  Exact
    arithmetic needs a bound: Decimal's 28 significant digits would round a
    longer number without a word."""
    sign, digits, exp = value.as_tuple()
    if not isinstance(exp, int):
        return "不是有限的数 (not a finite number)"
    digits = list(digits)
    while exp < 0 and len(digits) > 1 and digits[-1] == 0:
        digits.pop()
        exp += 1
    integer = max(len(digits) + exp, 0) if any(digits) else 0
    decimals = max(-exp, 0)
    if integer > MAX_INTEGER_DIGITS or decimals > MAX_DECIMALS:
        return (f"整数部分至多{MAX_INTEGER_DIGITS}位、小数至多{MAX_DECIMALS}位 "
                f"(too many digits: at most {MAX_INTEGER_DIGITS} digits before the point and {MAX_DECIMALS} after it)")
    return None


def _digit(c: str) -> int:
    if c not in _DIGITS:
        raise NumeralError(c)
    return _DIGITS[c]


def _positional(t: str) -> int:
    """``二〇一二`` → 2012: every character a digit."""
    if any(c in "两兩" for c in t):
        raise NumeralError(t, "“两”不能用于逐位书写的数字，请写“二” (write 二, not 两, digit by digit)")
    return int("".join(str(_DIGITS[c]) for c in t))


def _integer(t: str) -> int:
    if len(t) > 1 and all(c in _DIGITS for c in t):
        return _positional(t)
    high = 0  # completed 亿 sections
    mid = 0  # completed 万 sections within the current 亿
    section = 0  # within the current 万
    digit: int | None = None
    for c in t:
        if c in _DIGITS:
            if digit not in (None, 0):
                raise NumeralError(t, f"“{t}”写法混杂：请写带十百千的数（如“二十五”）或逐位的数（如“二五”） (digits and unit characters mixed)")
            digit = _DIGITS[c]
        elif c in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[c]
            digit = None
        elif c in _WAN:
            mid += (section + (digit or 0)) * _WAN[c]
            section, digit = 0, None
        elif c in _YI:
            high = (high + mid + section + (digit or 0)) * _YI[c]
            mid = section = 0
            digit = None
        else:
            raise NumeralError(t)
    if len(t) >= 2 and t[-1] in _DIGITS and t[-1] not in "零〇○" and t[-2] in _NEXT_SMALLER:
        raise NumeralError(t, f"“{t}”有两种读法，请写完整，如“{t}{_NEXT_SMALLER[t[-2]]}”或“{t[:-1]}零{t[-1]}” (abbreviated number: write it in full)")
    return high + mid + section + (digit or 0)


def percent(text: str) -> Decimal:
    """``40%`` / ``４０％`` / the number after 百分之 → fraction (0.4)."""
    t = text.strip().translate(_FULLWIDTH).rstrip("%")
    return to_decimal(t) / 100
