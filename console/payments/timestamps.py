"""Reading the two kinds of time a verify reply carries, without ever raising.

`purchaseTime` / `purchaseTimeMillis` are epoch numbers whose unit the documentation gets
wrong (API.md: the table says seconds, every sample is milliseconds). We decide by magnitude
and always say which unit was assumed, so a person can spot a wrong guess.

`payTimeTxt` is free text whose only sample is garbled ("2024 - 10 - 3006: 08: 01") and whose
time zone is not documented: we read what can be read and say the zone is not stated rather
than guessing one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Final

from console.payments.numbers import long_digit_run

# API.md [decision]: 10^11 seconds is the year 5138 and 10^11 ms is 1973, so no real purchase
# time is ambiguous across this line.
MILLISECONDS_THRESHOLD: Final = 10**11
SECONDS: Final = "seconds"
MILLISECONDS: Final = "milliseconds"

_EPOCH_NUMBER = re.compile(r"[0-9]{1,20}(?:\.[0-9]{1,9})?")
# The largest instant `datetime` can hold, in milliseconds: beyond it no unit makes a date.
_MAX_MILLISECONDS: Final = 253_402_300_799_999


@dataclass(frozen=True)
class DecodedTime:
    """An epoch time from the reply, in words.

    When the value cannot be read, `instant` and `unit` are None, `utc_text` and `local_text`
    hold the raw value as shown (so a display never goes blank) and `note` says why.
    """

    raw: str
    instant: datetime | None
    unit: str | None
    """"seconds" or "milliseconds": the unit that was assumed from the magnitude."""
    utc_text: str
    """e.g. "2021-09-01 20:49:57 UTC"."""
    local_text: str
    """e.g. "2021-09-02 05:49:57 KST (UTC+09:00)": the operator's zone, or the one asked for."""
    note: str
    """e.g. "assumed milliseconds since the epoch", or why the value could not be read."""

    @property
    def readable(self) -> bool:
        return self.instant is not None

    @property
    def text(self) -> str:
        """One line: "2021-09-01 20:49:57 UTC (assumed milliseconds since the epoch)"."""
        return f"{self.utc_text} ({self.note})"


def printable(text: str) -> str:
    """`text` with control characters escaped, so a reply cannot move the terminal's cursor."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)


def zone_label(moment: datetime) -> str:
    """ "KST (UTC+09:00)", or just "UTC+09:00" when the zone has no name of its own."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    offset_text = f"UTC{sign}{hours:02d}:{rest:02d}"
    name = moment.tzname()
    if not name or name.startswith(("UTC", "GMT")) or name == offset_text:
        return "UTC" if minutes == 0 and name in (None, "UTC") else offset_text
    return f"{name} ({offset_text})"


def unreadable_time(raw: str, why: str) -> DecodedTime:
    """A `DecodedTime` for a value that is not a time: shown as it came (a number far too long
    to read described instead), with the reason."""
    shown = long_digit_run(raw) or printable(raw)
    return DecodedTime(raw, None, None, shown, shown, f"could not be read as a time: {why}")


def decode_epoch(raw: str, local_zone: tzinfo | None = None) -> DecodedTime:
    """`raw` seconds or milliseconds since the epoch, the unit decided by magnitude.

    `local_zone` None means the machine's own zone. Never raises.
    """
    text = raw.strip()
    if not text:
        return unreadable_time(raw, "it is empty")
    if long_digit_run(text) is not None:
        return unreadable_time(raw, "it is too large to be a date in seconds or milliseconds")
    if not _EPOCH_NUMBER.fullmatch(text):
        return unreadable_time(raw, "it is not a whole number of seconds or milliseconds")
    number = float(text)
    unit = MILLISECONDS if number >= MILLISECONDS_THRESHOLD else SECONDS
    milliseconds = number if unit == MILLISECONDS else number * 1000
    if milliseconds > _MAX_MILLISECONDS:
        return unreadable_time(raw, "it is too large to be a date in seconds or milliseconds")
    # Whole milliseconds from the digits, not the float, so 13-digit values stay exact.
    whole = int(text.split(".")[0])
    if unit == MILLISECONDS:
        instant = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=whole)
    else:
        instant = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=number)
    note = f"assumed {unit} since the epoch"
    if whole == 0:
        note += "; zero is usually a placeholder, not a real time"
    return DecodedTime(
        raw=raw,
        instant=instant,
        unit=unit,
        utc_text=f"{instant:%Y-%m-%d %H:%M:%S} UTC",
        local_text=_local_text(instant, local_zone),
        note=note,
    )


def _local_text(instant: datetime, zone: tzinfo | None) -> str:
    try:
        local = instant.astimezone(zone)
    except (OverflowError, ValueError, OSError):
        # The first and last days datetime can hold have no local form east/west of UTC.
        return "(outside the range of local time)"
    return f"{local:%Y-%m-%d %H:%M:%S} {zone_label(local)}"


# --- payTimeTxt -------------------------------------------------------------------------


@dataclass(frozen=True)
class PayTime:
    """payTimeTxt read as a date and time; `moment` is naive: the reply names no zone."""

    raw: str
    moment: datetime | None
    text: str


_ZONE_SUFFIX = re.compile(
    r"(?<=[0-9])\s*(?:(?P<utc>Z|UTC|GMT)|(?P<sign>[+-])(?P<hours>[0-9]{2}):?(?P<minutes>[0-9]{2}))\s*$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"[0-9]+")
NOT_A_DATE: Final = "(could not be read as a date)"
ZONE_NOT_STATED: Final = "time zone not stated"


def _from_groups(groups: list[str]) -> datetime | None:
    # Separated fields, padded or not: "2024-10-30 06:08:01", "2024/1/5 6:08".
    if len(groups) not in (3, 5, 6, 7) or len(groups[0]) != 4:
        return None
    if any(len(group) > 2 for group in groups[1:6]):
        return None
    return _build([int(group) for group in groups[:6]])


def _from_run(groups: list[str]) -> datetime | None:
    # Fields whose separators were lost, so the digits run together ("3006" = day 30, hour 06):
    # only fully padded fields can be cut apart again, so only 8, 12 or 14 digits are read.
    digits = "".join(groups)
    if len(digits) not in (8, 12, 14):
        return None
    cuts = [int(digits[i : i + 2]) for i in range(4, len(digits), 2)]
    return _build([int(digits[:4]), *cuts])


def _build(numbers: list[int]) -> datetime | None:
    """Year, month, day and optionally hour, minute, second; None when not a real date."""
    year, month, day, hour, minute, second = [*numbers, 0, 0, 0][:6]
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def _zone_candidates(text: str) -> list[tuple[str, str | None]]:
    # With a zone suffix stripped first, then the whole text: a garbled date-only form such as
    # "2024-10-3006" ends like an offset ("-30:06") but is not one.
    candidates: list[tuple[str, str | None]] = []
    match = _ZONE_SUFFIX.search(text)
    if match and match["utc"]:
        candidates.append((text[: match.start()], "UTC"))
    elif match and int(match["hours"]) <= 14 and int(match["minutes"]) < 60:
        zone = f"UTC{match['sign']}{match['hours']}:{match['minutes']}"
        candidates.append((text[: match.start()], zone))
    candidates.append((text, None))
    return candidates


def _first_reading(text: str) -> tuple[datetime, list[str], str | None] | None:
    for core, stated_zone in _zone_candidates(text):
        groups = _DIGITS.findall(core)
        moment = _from_groups(groups) or _from_run(groups)
        if moment is not None:
            return moment, groups, stated_zone
    return None


def read_pay_time(raw: str) -> PayTime:
    """`payTimeTxt` in words, e.g. "2024-10-30 06:08:01 (time zone not stated)". Never raises."""
    text = raw.strip()
    found = _first_reading(text)
    if found is None:
        return PayTime(raw, None, f"{long_digit_run(raw) or printable(raw)} {NOT_A_DATE}")
    moment, groups, stated_zone = found
    has_time = len(groups) > 3 or len("".join(groups)) > 8
    shown = f"{moment:%Y-%m-%d %H:%M:%S}" if has_time else f"{moment:%Y-%m-%d}"
    notes = [f"time zone {stated_zone} as stated" if stated_zone else ZONE_NOT_STATED]
    if not has_time:
        notes.append("no time of day")
    canonical = f"{shown} {stated_zone}" if stated_zone else shown
    if canonical != text:
        # Say what was actually sent whenever we re-read it, so a misreading can be caught.
        notes.append(f"the reply says {printable(raw)!r}")
    return PayTime(raw, moment, f"{shown} ({'; '.join(notes)})")
