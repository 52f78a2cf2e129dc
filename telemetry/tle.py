"""Two-line element sets (TLE, in 2-line or 3-line "3LE" form) to :class:`ElementSet`.

The format is fixed-column ASCII (column layout: CelesTrak, "NORAD Two-Line Element Set Format",
https://celestrak.org/NORAD/documentation/tle-fmt.php). Each data line ends in a modulo-10
checksum over columns 1-68 (digits count their value, '-' counts 1). We check the layout and the
checksum ourselves before handing the lines to sgp4, because sgp4's C++ reader accepts a corrupted
line and silently propagates garbage.

Lines past column 69 are ignored: Vallado's verification file puts start/stop/step times there.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sgp4.alpha5 import from_alpha5

from telemetry.elements import ElementSet, ParseResult, check_element_ranges
from telemetry.errors import ElementSetError

TLE_LINE_LENGTH = 69


def tle_checksum(line: str) -> int:
    """The modulo-10 checksum of columns 1-68 of a TLE data line."""
    total = 0
    for char in line[:68]:
        if char.isdigit():
            total += int(char)
        elif char == "-":
            total += 1
    return total % 10


def _implied_decimal(text: str) -> float:
    """A TLE "assumed decimal point" field such as ' 12345-3' (= 0.12345e-3)."""
    text = text.strip()
    if not text:
        return 0.0
    sign = -1.0 if text[0] == "-" else 1.0
    if text[0] in "+-":
        text = text[1:]
    exponent = 0
    if len(text) >= 2 and text[-2] in "+-":
        text, exponent = text[:-2], int(text[-2:])
    return sign * float("0." + text.strip()) * 10.0**exponent


def _epoch_from_tle(field: str) -> datetime:
    """Epoch 'YYDDD.DDDDDDDD' to UTC datetime (years 57-99 are 19xx, as the format defines)."""
    two_digit_year = int(field[:2])
    year = 1900 + two_digit_year if two_digit_year >= 57 else 2000 + two_digit_year
    day_of_year = float(field[2:])
    if not 1.0 <= day_of_year < 367.0:
        raise ValueError(f"day of year {day_of_year} outside 1-366")
    start = datetime(year, 1, 1, tzinfo=UTC)
    return start + timedelta(days=day_of_year - 1.0)


def _check_line(line: str, number: int, *, source: str, line_no: int, index: int) -> None:
    if len(line) < TLE_LINE_LENGTH:
        raise ElementSetError(f"TLE line {number} has {len(line)} characters, needs "
                              f"{TLE_LINE_LENGTH}", source=source, line=line_no, index=index,
                              text=line)
    if not line.isascii():
        raise ElementSetError(f"TLE line {number} contains non-ASCII characters", source=source,
                              line=line_no, index=index, text=line)
    if line[0] != str(number) or line[1] != " ":
        raise ElementSetError(f"expected TLE line {number} to start with '{number} '",
                              source=source, line=line_no, index=index, text=line)
    expected = tle_checksum(line)
    found = line[68]
    if not found.isdigit() or int(found) != expected:
        raise ElementSetError(f"line {number} checksum {found} != {expected}", source=source,
                              line=line_no, index=index, text=line)


def parse_tle_record(name: str, line1: str, line2: str, *, source: str = "<string>",
                     line_no: int = 1, index: int = 0) -> ElementSet:
    """One TLE record to an :class:`ElementSet`, or :class:`ElementSetError` saying why not.

    ``line_no`` is the 1-based line of ``line1`` in its file; errors in line 2 report
    ``line_no + 1``.
    """
    line1 = line1.rstrip("\r\n")
    line2 = line2.rstrip("\r\n")
    _check_line(line1, 1, source=source, line_no=line_no, index=index)
    _check_line(line2, 2, source=source, line_no=line_no + 1, index=index)
    column = ""
    try:
        column = "catalogue number (line 1, columns 3-7)"
        satnum1 = from_alpha5(line1[2:7])
        column = "catalogue number (line 2, columns 3-7)"
        satnum2 = from_alpha5(line2[2:7])
        column = "epoch (line 1, columns 19-32)"
        epoch = _epoch_from_tle(line1[18:32])
        column = "mean motion derivative (line 1, columns 34-43)"
        ndot = float(line1[33:43])
        column = "mean motion second derivative (line 1, columns 45-52)"
        nddot = _implied_decimal(line1[44:52])
        column = "BSTAR (line 1, columns 54-61)"
        bstar = _implied_decimal(line1[53:61])
        column = "ephemeris type (line 1, column 63)"
        ephemeris_type = int(line1[62]) if line1[62].strip() else 0
        column = "element set number (line 1, columns 65-68)"
        element_set_no = int(line1[64:68]) if line1[64:68].strip() else 0
        column = "inclination (line 2, columns 9-16)"
        inclination = float(line2[8:16])
        column = "RAAN (line 2, columns 18-25)"
        raan = float(line2[17:25])
        column = "eccentricity (line 2, columns 27-33)"
        eccentricity = float("0." + line2[26:33].strip())
        column = "argument of perigee (line 2, columns 35-42)"
        arg_perigee = float(line2[34:42])
        column = "mean anomaly (line 2, columns 44-51)"
        mean_anomaly = float(line2[43:51])
        column = "mean motion (line 2, columns 53-63)"
        mean_motion = float(line2[52:63])
        column = "revolution number (line 2, columns 64-68)"
        rev = int(line2[63:68]) if line2[63:68].strip() else 0
    except (ValueError, IndexError) as exc:
        bad_line = line_no + (1 if "line 2" in column else 0)
        raise ElementSetError(f"bad {column}: {exc}", source=source, line=bad_line,
                              index=index, text=line2 if "line 2" in column else line1) from None
    if satnum1 != satnum2:
        raise ElementSetError(f"catalogue numbers differ: line 1 has {satnum1}, line 2 has "
                              f"{satnum2}", source=source, line=line_no + 1, index=index,
                              text=line2)
    launch_year = line1[9:11].strip()
    designator = ""
    if launch_year.isdigit():
        year = int(launch_year)
        year += 1900 if year >= 57 else 2000
        designator = f"{year}-{line1[11:17].strip()}"
    record = ElementSet(
        name=name.strip() or str(satnum1), norad_id=satnum1, intl_designator=designator,
        epoch=epoch, mean_motion_rev_per_day=mean_motion, eccentricity=eccentricity,
        inclination_deg=inclination, raan_deg=raan, arg_perigee_deg=arg_perigee,
        mean_anomaly_deg=mean_anomaly, bstar_per_earth_radius=bstar,
        mean_motion_dot_rev_per_day2=ndot, mean_motion_ddot_rev_per_day3=nddot,
        classification=line1[7] if line1[7].strip() else "U", element_set_no=element_set_no,
        rev_at_epoch=rev, ephemeris_type=ephemeris_type, source=source, line1=line1,
        line2=line2,
    )
    check_element_ranges(record, source=source, line=line_no + 1, index=index, text=line2)
    return record


def _is_data_line(line: str, number: int) -> bool:
    """'1 ...'/'2 ...', or a bare '1'/'2' left by a cut-off download (reported as too short)."""
    line = line.rstrip()
    return line[:1] == str(number) and (len(line) == 1 or line[1] == " ")


def parse_tle_text(text: str, source: str = "<string>") -> ParseResult:
    """Parse 2-line or 3-line TLE text (LF or CRLF); keep the good records, report the bad.

    A name line is any line that is not a data line; ``0 NAME`` (Space-Track's 3LE) is accepted.
    Blank lines and ``#`` comment lines (as in Vallado's verification file) are skipped.
    Every bad record becomes one :class:`ElementSetError` with its line
    number, and parsing resumes at the next line.
    """
    lines = text.splitlines()
    records: list[ElementSet] = []
    errors: list[ElementSetError] = []
    pending_name: tuple[int, str] | None = None
    index = 0
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if not line.strip() or line.startswith("#"):
            i += 1
            continue
        if _is_data_line(line, 1):
            name = pending_name[1] if pending_name else ""
            pending_name = None
            if i + 1 >= len(lines) or not _is_data_line(lines[i + 1], 2):
                errors.append(ElementSetError("TLE line 1 is not followed by line 2",
                                              source=source, line=i + 1, index=index, text=line))
                index += 1
                i += 1
                continue
            try:
                records.append(parse_tle_record(name, lines[i], lines[i + 1], source=source,
                                                line_no=i + 1, index=index))
            except ElementSetError as exc:
                errors.append(exc)
            index += 1
            i += 2
            continue
        if _is_data_line(line, 2):
            errors.append(ElementSetError("TLE line 2 without a line 1 before it", source=source,
                                          line=i + 1, index=index, text=line))
            index += 1
            i += 1
            continue
        if pending_name is not None:
            errors.append(ElementSetError("name line is not followed by TLE lines",
                                          source=source, line=pending_name[0], index=index,
                                          text=pending_name[1]))
            index += 1
        name = line[2:] if line.startswith("0 ") else line
        pending_name = (i + 1, name)
        i += 1
    if pending_name is not None:
        errors.append(ElementSetError("name line is not followed by TLE lines", source=source,
                                      line=pending_name[0], index=index, text=pending_name[1]))
    return ParseResult(tuple(records), tuple(errors), source)
