"""A support agent sees a country name beside every region code now.gg sends."""

import pytest

from console.payments.regions import (
    ASSIGNED_REGIONS,
    NONSTANDARD_REGIONS,
    is_assigned,
    region_name,
)


def test_every_officially_assigned_code_has_a_name() -> None:
    # ISO 3166-1 has 249 officially assigned alpha-2 codes.
    assert len(ASSIGNED_REGIONS) == 249
    for code, name in ASSIGNED_REGIONS.items():
        assert len(code) == 2 and code.isascii() and code.isupper()
        assert name.strip() == name and name


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("US", "United States"),
        ("KR", "South Korea"),
        ("CN", "China"),
        ("GB", "United Kingdom"),
        ("JP", "Japan"),
        ("AX", "Åland Islands"),
    ],
)
def test_common_codes_read_as_country_names(code: str, name: str) -> None:
    assert region_name(code) == name


@pytest.mark.parametrize("code", ["us", "Us", " us ", "uS\n"])
def test_codes_are_read_in_any_case_and_with_stray_spaces(code: str) -> None:
    assert region_name(code) == "United States"


@pytest.mark.parametrize("code", [None, "", "ZZ", "USA", "U", "12", "ÜS", "AA"])
def test_a_code_that_names_no_region_gives_none(code: str | None) -> None:
    assert region_name(code) is None


def test_non_standard_codes_are_named_but_say_they_are_not_iso() -> None:
    uk = region_name("uk")
    kosovo = region_name("XK")
    assert uk is not None and "United Kingdom" in uk and "GB" in uk
    assert kosovo is not None and "Kosovo" in kosovo and "not an official" in kosovo
    assert not is_assigned("UK")
    assert not is_assigned("XK")
    assert is_assigned("gb")


def test_non_standard_codes_do_not_shadow_assigned_ones() -> None:
    assert not set(NONSTANDARD_REGIONS) & set(ASSIGNED_REGIONS)
