"""The shared vocabulary: the crawler's and the extractor's dates come from one reader."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from vocab.calendar import MONTHS, WEEKDAYS, weekday_name
from vocab.dates import find_dates, printed_date
from vocab.digest import sha256_file
from vocab.labels import DONE, STATUS_RANK, STATUSES, YEAR_END


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("mote-2023-03-14",), dt.date(2023, 3, 14)),
        (("sammanträde", "Tisdag 14 mars 2023 kl 09.00"), dt.date(2023, 3, 14)),
        (("beredning-77", "Sammanträde tisdagen den 3 sept. 2024"), dt.date(2024, 9, 3)),
        (("mote-2023-02-30", "Onsdag 1 mars 2023"), dt.date(2023, 3, 1)),  # no 30 February
        (("beredning-77", "Inställt"), None),
        (("Sammanträde 14 mars",), None),  # no year: the crawler does not guess one
    ],
)
def test_printed_date_reads_meeting_links(texts: tuple[str, ...], expected: dt.date | None) -> None:
    assert printed_date(*texts) == expected


def test_crawler_and_extractor_read_the_same_swedish_date() -> None:
    text = "Nämnden sammanträder torsdagen den 7 november 2024 i Exempelby."
    assert [d.date for d in find_dates(text, None)] == [printed_date(text)] == [dt.date(2024, 11, 7)]


def test_calendar() -> None:
    assert (
        MONTHS["okt"] == MONTHS["oktober"] == 10 and MONTHS["sept"] == 9 and len(set(MONTHS.values())) == 12
    )
    assert weekday_name(dt.date(2024, 11, 7)) == "torsdag" and WEEKDAYS[0] == "måndag"


def test_status_vocabulary() -> None:
    assert set(DONE) < set(YEAR_END) < set(STATUSES) == set(STATUS_RANK)
    assert STATUS_RANK["okant"] < STATUS_RANK["pagar"] < STATUS_RANK["ej_genomfort"]


def test_sha256_file(tmp_path: Path) -> None:
    data = b"%PDF-1.4\n" + bytes(range(256)) * 5000  # over one read block
    (tmp_path / "a.pdf").write_bytes(data)
    assert sha256_file(tmp_path / "a.pdf") == hashlib.sha256(data).hexdigest()
