"""Numbers as policy writers write them (issue 11): positional digit strings,
万 and 亿, and the forms that are refused rather than guessed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xinxi_dsl.language.numerals import NumeralError, check_bounds, percent, to_decimal


@pytest.mark.parametrize("text, value", [
    ("二五", "25"), ("一五", "15"), ("三〇", "30"), ("三零", "30"), ("三○", "30"),
    ("二〇一二", "2012"), ("〇", "0"), ("零", "0"), ("一〇〇", "100"),
    ("十一万", "110000"), ("十一萬", "110000"), ("三万零五百", "30500"),
    ("一亿二千万", "120000000"), ("十万亿", "10000000000000"), ("两亿", "200000000"),
    ("二十五", "25"), ("十", "10"), ("一百零八", "108"), ("一百八十", "180"), ("两千", "2000"),
    ("11万", "110000"), ("1.5万", "15000"), ("２亿", "200000000"),
    ("一点五", "1.5"), ("二五点五", "25.5"), ("零点二五", "0.25"), ("２", "2"), ("0.1", "0.1"),
])
def test_reads(text, value):
    got = to_decimal(text)
    assert got == Decimal(value) and str(got) == value


@pytest.mark.parametrize("text, says", [
    ("一百八", "一百八十"), ("一万五", "一万五千"), ("一千二", "一千二百"),
    ("二三十", "写法混杂"), ("两五", "两"),
])
def test_refuses_guesses(text, says):
    with pytest.raises(NumeralError) as e:
        to_decimal(text)
    assert says in e.value.reason


def test_percent():
    assert percent("40%") == Decimal("0.4") and percent("４０％") == Decimal("0.4")


@pytest.mark.parametrize("value, ok", [
    ("999999999999", True), ("1000000000000", False), ("0.0001", True), ("0.00001", False),
    ("1.50000", True), ("12345678901234567890123456789", False), ("0", True),
])
def test_bounds(value, ok):
    assert (check_bounds(Decimal(value)) is None) == ok


def test_numbers_in_a_regulation():
    """The grammar hands each form over whole: 十一万 is a target, not part
    of the unit's name; 一五分 is 15 points."""
    from xinxi_dsl import compile_text

    reg, _ = compile_text(
        "規程 T\n考核期 2012年1月1日 至 2012年12月31日\n"
        + "單位組 甲 按采用數 共三個：\n    市發改委 十一万、市教委 三〇、市水務局 二五\n"
        + "《快訊》每采用1條計一五分\n")
    assert [(u.name, u.target) for u in reg.groups[0].units] == [
        ("市發改委", Decimal("110000")), ("市教委", Decimal("30")), ("市水務局", Decimal("25"))]
    assert reg.rules[0].points == Decimal("15")
