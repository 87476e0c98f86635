"""Layout rule families on PDFs rendered here from small specs in our own Swedish: status tables
(ruled, borderless, colour words with a legend), plan tables, two columns, repeated lines, item
styles, meeting lists, header fields. Regression tests are named after what broke."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from extractors.api import extract_file

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))
import build  # type: ignore[import-not-found]

sys.path.pop(0)


def _extract(
    nlp: Any, tmp_path: Path, documents: list[dict[str, Any]], **layout: Any
) -> list[dict[str, Any]]:
    spec = tmp_path / "doc.yaml"
    spec.write_text(
        yaml.safe_dump({"layout": layout, "documents": documents}, allow_unicode=True), encoding="utf-8"
    )
    pdf = tmp_path / "doc.pdf"
    build.render(spec, pdf)
    return extract_file(pdf, nlp=nlp).data["documents"]


def _by_number(doc: dict[str, Any]) -> dict[int | None, dict[str, Any]]:
    return {a["number"]: a for a in doc["assignments"]}


TABLE_ROWS = [
    ["1", "Ta fram en plan för fler platser i förskolan", "Genomfört", "Planen antogs i oktober."],
    ["2", "Utreda samordnad skolskjuts med grannkommunen", "Pågår", "Utredningen bedöms inte bli klar i år."],
    ["3", "Se över taxan för fritidshem", "Ej påbörjat", "Inget arbete har skett."],
    ["4", "Införa digital närvaroregistrering", "Delvis genomfört", "Införd på hälften av skolorna."],
]


@pytest.mark.parametrize(
    ("columns", "grid", "pagesize"),
    [
        (["Nr", "Uppdrag", "Status", "Kommentar"], True, "a4"),
        (["Nr", "Uppdrag", "Bedömning", "Kommentar"], False, "a4"),
        (["Nr", "Uppdragets lydelse", "Status", "Kommentar till bedömning"], True, "a4-landscape"),
    ],
)
def test_status_tables_ruled_borderless_landscape(nlp, tmp_path: Path, columns, grid, pagesize) -> None:  # type: ignore[no-untyped-def]
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"title": "Uppföljning av nämndens uppdrag 2024"},
                    {"p": "Barn- och skolnämnden redovisar här läget för sina uppdrag vid årets slut."},
                    {
                        "table": {
                            "columns": columns,
                            "rows": TABLE_ROWS,
                            "grid": grid,
                            "widths": [0.07, 0.4, 0.18, 0.35],
                        }
                    },
                ]
            }
        ],
        pagesize=pagesize,
    )
    assert doc["doc_type"] == "aterrapportering" and doc["year"] == 2024
    by = _by_number(doc)
    assert sorted(by) == [1, 2, 3, 4]
    assert by[1]["text"] == "Ta fram en plan för fler platser i förskolan"
    assert by[1]["status"] == "genomfort"
    assert by[2]["status"] == "ej_genomfort"  # the comment's year-end judgment overrules "Pågår"
    assert by[3]["status"] == "ej_genomfort"
    assert by[4]["status"] == "ej_genomfort"  # partly done is not done at year end


def test_colour_words_follow_the_documents_legend(nlp, tmp_path: Path) -> None:
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"title": "Helårsuppföljning 2023"},
                    {
                        "lines": [
                            "Teckenförklaring",
                            "Grön = uppdraget är genomfört",
                            "Gul = uppdraget kommer inte att bli klart i år",
                            "Röd = arbetet har inte påbörjats",
                        ]
                    },
                    {
                        "table": {
                            "columns": ["Nr", "Uppdrag", "Färg"],
                            "rows": [
                                ["1", "Öppna en ny simhall i centrum", "Grön"],
                                ["2", "Ta fram en ny idrottsplan för kommunen", "Gul"],
                                ["3", "Bygga om konstgräsplanen vid skolan", "Röd"],
                            ],
                        }
                    },
                ]
            }
        ],
    )
    by = _by_number(doc)
    # "Gul" is "pagar" by default; this document's legend says it will not be done this year.
    assert [by[n]["status"] for n in (1, 2, 3)] == ["genomfort", "ej_genomfort", "ej_genomfort"]


def test_plan_table_meeting_column_only(nlp, tmp_path: Path) -> None:
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"title": "Sammanträdesplan 2026"},
                    {
                        "table": {
                            "columns": [
                                "Nämndens sammanträde",
                                "Presidiets beredning",
                                "Sista dag för ärenden",
                            ],
                            "rows": [
                                ["tisdag 27/1", "13/1", "8/1"],
                                ["onsdag 25 februari", "11/2", "5/2"],
                                ["den 24 mars", "10/3", "3/3"],
                            ],
                            "grid": False,
                        }
                    },
                ]
            }
        ],
    )
    assert doc["doc_type"] == "aktivitetsplan" and doc["year"] == 2026
    assert doc["meeting_dates"] == ["2026-01-27", "2026-02-25", "2026-03-24"]


LEAD_INS = [
    "Kommunstyrelsen sammanträder följande datum under 2027:",
    "Nämndens sammanträden 2027 hålls på dessa dagar:",
    "Beredningen kommer att sammanträda 2027:",
]


@pytest.mark.parametrize("lead_in", LEAD_INS)
def test_meeting_list_under_a_lead_in(nlp, tmp_path: Path, lead_in: str) -> None:
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"title": "Sammanträdestider"},
                    {"p": lead_in},
                    {"bullets": ["19 januari", "16 februari", "23 mars"]},
                    {"p": "Budgetdagen den 4 maj är inget sammanträde."},
                ]
            }
        ],
    )
    assert doc["meeting_dates"] == ["2027-01-19", "2027-02-16", "2027-03-23"]


def test_two_column_page_is_read_column_by_column(nlp, tmp_path: Path) -> None:
    left = "Uppdrag: Att bygga ut cykelvägarna mellan byarna och centralorten under året."
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"title": "Uppföljning av tekniska nämndens uppdrag 2025"},
                    {"p": left},
                    {
                        "p": "Läget vid årets slut: Två av tre sträckor är klara och den sista byggs under våren. Uppdraget bedöms därför inte vara genomfört."
                    },
                    *[
                        {
                            "p": "Nämnden har under året också arbetat med underhåll av gator och broar i hela kommunen."
                        }
                        for _ in range(8)
                    ],
                    {"p": "Uppdrag: Att ta fram en plan för laddstolpar vid kommunens arbetsplatser."},
                    {"p": "Läget vid årets slut: Planen är antagen och uppdraget är genomfört."},
                ]
            }
        ],
        columns=2,
    )
    texts = {a["text"][:30]: a["status"] for a in doc["assignments"]}
    assert texts == {
        "Att bygga ut cykelvägarna mell": "ej_genomfort",
        "Att ta fram en plan för laddst": "genomfort",
    }


def test_regression_status_sentence_repeated_on_every_page_is_text(nlp, tmp_path: Path) -> None:
    # One assignment per page with the same judgment at the same height: it was taken for a running
    # header, and every assignment fell to "okant".
    pages: list[dict[str, Any]] = []
    for n, task in enumerate(
        [
            "Att se över parkeringsnormen.",
            "Att inventera gatubelysningen.",
            "Att utreda en ny återvinningscentral.",
        ],
        start=1,
    ):
        if n > 1:
            pages.append({"pagebreak": True})
        pages += [
            {"heading": f"Uppdrag {n}"},
            {"p": "Bedömning: Uppdraget bedöms vara genomfört vid årets slut."},
            {"p": f"Uppdrag: {task}"},
            {"p": "Redovisning: Arbetet redovisades för nämnden under hösten."},
        ]
    (doc,) = _extract(
        nlp,
        tmp_path,
        [{"blocks": [{"title": "Årsrapport 2022"}, *pages]}],
        header="Storvik kommun | Årsrapport",
    )
    by = _by_number(doc)
    assert sorted(by) == [1, 2, 3]
    assert {a["status"] for a in by.values()} == {"genomfort"}


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("Ta fram en ny lokalförsörjningsplan för skolorna AVSLUTAT", "genomfort"),
        ("Starta en fritidsbank i samarbete med föreningarna PÅGÅENDE", "pagar"),
        ("Bygga om biblioteket i Västby EJ PÅBÖRJAT", "ej_genomfort"),
    ],
)
def test_status_word_at_the_line_end(nlp, tmp_path: Path, line: str, status: str) -> None:
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"title": "Verkställighet av beslut 2020"},
                    {"heading": "Kultur- och fritidsnämnden"},
                    {"lines": [line]},
                ]
            }
        ],
    )
    (a,) = doc["assignments"]
    assert a["status"] == status and a["label"] is None and line.startswith(a["text"])


@pytest.mark.parametrize(
    ("heading", "label", "number"),
    [
        ("Uppdrag 2.3 Ny bibliotekslag", "Uppdrag 2.3", None),
        ("KF-uppdrag 14 Läxhjälp", "KF-uppdrag 14", 14),
        ("Uppdrag 7 – Skolgårdar", "Uppdrag 7", 7),
    ],
)
def test_labelled_headings_with_uppdrag_lines(
    nlp, tmp_path: Path, heading: str, label: str, number: int | None
) -> None:
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"title": "Årsrapport 2024"},
                    {"subheading": heading},
                    {"p": "Uppdrag: Att anpassa verksamheten till de nya kraven."},
                    {"p": "Redovisning: Arbetet har ännu inte slutförts."},
                ]
            }
        ],
    )
    (a,) = doc["assignments"]
    assert (a["label"], a["number"], a["status"]) == (label, number, "ej_genomfort")
    assert a["text"] == "Att anpassa verksamheten till de nya kraven."


def test_several_assignments_summarised_in_one_paragraph(nlp, tmp_path: Path) -> None:
    text = (
        "Förvaltningen lämnar följande lägesrapport: Uppdrag 2 Rusta upp lekplatsen i Norrby – genomfört; "
        "Uppdrag 4 Ta fram en trädplan – pågår; Uppdrag 9 Utreda nya badplatser – har skjutits upp till nästa år."
    )
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"title": "Protokoll"},
                    {"lines": ["Tekniska nämnden", "Sammanträdesdatum 2025-05-13"]},
                    {"p": "§ 41 Lägesrapport"},
                    {"p": text},
                ]
            }
        ],
    )
    by = _by_number(doc)
    assert {n: by[n]["status"] for n in (2, 4, 9)} == {2: "genomfort", 4: "pagar", 9: "ej_genomfort"}
    assert doc["meeting"]["date"] == "2025-05-13"


@pytest.mark.parametrize(
    ("header", "dnr"),
    [
        ("Dnr KS 2024/123", "KS2024/123"),
        ("Diarienummer: 1.6-0463/2011", "1.6-0463/2011"),
        ("Vår beteckning (SÄN/2012:3)", "SÄN/2012:3"),
        ("Dnr 2016/561.106", "2016/561.106"),
    ],
)
def test_diarienummer_forms(nlp, tmp_path: Path, header: str, dnr: str) -> None:
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"lines": ["Storvik kommun", header]},
                    {"title": "Tjänsteskrivelse"},
                    {"p": "Förvaltningen föreslår att nämnden godkänner redovisningen."},
                ]
            }
        ],
    )
    assert dnr in doc["diarienummer"]


@pytest.mark.parametrize(
    ("lines", "date", "start"),
    [
        (["Plats och tid Kommunhuset, tisdagen den 15 januari 2019, kl. 13.00–17.15"], "2019-01-15", "13:00"),
        (["Sammanträde: onsdagen den 12 februari 2025 kl. 13.00", "Plats: Rådhuset"], "2025-02-12", "13:00"),
        (["Tid Torsdagen den 6 mars 2025 kl. 08.30–12.00"], "2025-03-06", "08:30"),
    ],
)
def test_meeting_header_of_other_bodies(nlp, tmp_path: Path, lines: list[str], date: str, start: str) -> None:
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"lines": ["SOCIALNÄMNDEN"]},
                    {"title": "Kallelse"},
                    {"lines": lines},
                    {"p": "Ledamöterna kallas till sammanträde."},
                ]
            }
        ],
    )
    assert doc["doc_type"] == "kallelse" and doc["organ"] == "Socialnämnden"
    assert doc["meeting"]["date"] == date and doc["meeting"]["start"] == start


def test_regression_protocol_form_fields_are_not_a_table(nlp, tmp_path: Path) -> None:
    # "Plats och tid  Kommunhuset, sammanträdesrum ..." has two header words ("plats", "tid") and a
    # prefix of "sammanträde": it was read as a plan table and the protocol lost its header block.
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"lines": ["VÄSTBY KOMMUN SAMMANTRÄDESPROTOKOLL", "Kultur- och fritidsnämnden"]},
                    {
                        "kv": [
                            [
                                "Plats och tid",
                                "Kulturhuset, sammanträdesrum Ugglan, måndagen den 9 september 2024, kl. 14.00–16.00",
                            ],
                            ["Beslutande", "Eva Lind (S), ordförande"],
                        ]
                    },
                    {"p": "§ 12 Val av justerare"},
                    {"p": "Nämnden utser Per Ek att justera protokollet."},
                ]
            }
        ],
    )
    assert doc["doc_type"] == "protokoll"
    assert doc["meeting"]["date"] == "2024-09-09" and doc["meeting"]["start"] == "14:00"


def test_regression_weekday_list_running_over_a_line(nlp, tmp_path: Path) -> None:
    # A line starting with a weekday was a new paragraph even after "maj,": the list lost its year.
    dates = ", ".join(
        f"onsdag {d}"
        for d in [
            "28 januari",
            "25 februari",
            "25 mars",
            "22 april",
            "20 maj",
            "17 juni",
            "26 augusti",
            "23 september",
            "21 oktober",
            "18 november",
        ]
    )
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"title": "Protokollsutdrag"},
                    {"lines": ["Tekniska nämnden", "Sammanträdesdatum 2025-11-19"]},
                    {
                        "p": f"Tekniska nämnden fastställer följande sammanträdesdagar för 2026: {dates} och onsdag 9 december."
                    },
                ]
            }
        ],
    )
    assert [d for d in doc["meeting_dates"] if d.startswith("2026")] == [
        "2026-01-28", "2026-02-25", "2026-03-25", "2026-04-22", "2026-05-20", "2026-06-17",
        "2026-08-26", "2026-09-23", "2026-10-21", "2026-11-18", "2026-12-09",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Uppdrag 3, att rusta upp badplatsen i Norrviken, är genomfört.", "genomfort"),
        ("Uppdrag 3, att ta fram en ny parkeringsnorm, har skjutits upp till hösten.", "ej_genomfort"),
        (
            "Uppdrag 3, att bygga en ny förskola, bedöms därför inte vara klart vid årets slut.",
            "ej_genomfort",
        ),
    ],
)
def test_assignment_as_an_apposition(nlp, tmp_path: Path, sentence: str, status: str) -> None:
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"title": "Protokoll"},
                    {"lines": ["Kommunstyrelsen", "Sammanträdesdatum 2025-04-08"]},
                    {"p": f"§ 12 Lägesrapport. {sentence} Övriga uppdrag redovisas i augusti."},
                ]
            }
        ],
    )
    by = _by_number(doc)
    assert by[3]["status"] == status and by[3]["text"].startswith("att ")


def test_calendar_grid_months_as_rows(nlp, tmp_path: Path) -> None:
    rows = [
        ["Januari", "8", "15", "22", "29"],
        ["Februari", "5", "12", "19", "–"],
        ["Mars", "5", "12", "19", "26"],
    ]
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"title": "Sammanträdeskalender 2026"},
                    {
                        "table": {
                            "columns": [
                                "Månad",
                                "Sista dag för ärenden",
                                "Presidieberedning",
                                "Nämndens sammanträde",
                                "Kommunfullmäktige",
                            ],
                            "rows": rows,
                        }
                    },
                ]
            }
        ],
    )
    assert doc["doc_type"] == "aktivitetsplan" and doc["year"] == 2026
    assert doc["meeting_dates"] == ["2026-01-22", "2026-02-19", "2026-03-19"]


@pytest.mark.parametrize(
    ("letterhead", "organ"),
    [
        ("STORVIKS KOMMUN ÄLDRENÄMNDEN", "Äldrenämnden"),
        ("Storviks kommun Kommunala pensionärsrådet", "Kommunala pensionärsrådet"),
        ("STORVIKS KOMMUN Kommunstyrelsens arbetsutskott", "Kommunstyrelsens arbetsutskott"),
        ("MILJÖ- OCH BYGGNADSNÄMNDEN", "Miljö- och byggnadsnämnden"),
    ],
)
def test_organ_from_any_letterhead(nlp, tmp_path: Path, letterhead: str, organ: str) -> None:
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"lines": [letterhead]},
                    {"title": "Minnesanteckningar"},
                    {"p": "Mötet hölls i kommunhuset."},
                ]
            }
        ],
    )
    assert doc["organ"] == organ


def test_bundle_split_at_capitals_titles(nlp, tmp_path: Path) -> None:
    # Regression: "TJÄNSTESKRIVELSE" and "Tjänsteutlåtande" did not start a new document, and a
    # page ending in "Bilaga: Sammanträdesplan 2027" swallowed the plan that followed as a list.
    docs = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"title": "KALLELSE"},
                    {
                        "lines": [
                            "Kallelse till sammanträde med kommunstyrelsen",
                            "Dag: tisdagen den 9 februari 2027",
                            "Tid: kl. 09.00",
                        ]
                    },
                ]
            },
            {
                "blocks": [
                    {"title": "TJÄNSTESKRIVELSE"},
                    {"p": "Förvaltningen föreslår att styrelsen fastställer sammanträdesplanen."},
                    {"lines": ["Bilaga: Sammanträdesplan 2027"]},
                ]
            },
            {
                "blocks": [
                    {"title": "Sammanträdesplan 2027"},
                    {"p": "Kommunstyrelsen sammanträder följande dagar:"},
                    {"bullets": ["tisdag 9 februari", "tisdag 9 mars"]},
                ]
            },
            {"blocks": [{"title": "Tjänsteutlåtande"}, {"p": "Ärendet gäller en ny policy för lokaler."}]},
        ],
    )
    assert [d["doc_type"] for d in docs] == [
        "kallelse",
        "foredragningspm",
        "aktivitetsplan",
        "foredragningspm",
    ]
    assert docs[0]["meeting"]["date"] == "2027-02-09"
    assert docs[2]["meeting_dates"] == ["2027-02-09", "2027-03-09"]


def test_plan_prose_continues_its_meeting_sentence(nlp, tmp_path: Path) -> None:
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"title": "Mötesplan 2026"},
                    {
                        "p": "Nämnden sammanträder normalt den andra tisdagen i månaden kl. 15.00. Under 2026 blir det den 13 januari, 10 februari och 10 mars. Budgeten ska vara klar senast den 30 april."
                    },
                ]
            }
        ],
    )
    assert doc["meeting_dates"] == ["2026-01-13", "2026-02-10", "2026-03-10"]


@pytest.mark.parametrize(
    "held",
    [
        "Mötet hölls den 14 oktober 2026 kl. 14.00–16.00 i Träffpunkten.",
        "Sammanträdet ägde rum den 14 oktober 2026 kl. 14.00 i kommunhuset.",
        "Rådets möte hölls måndagen den 14 oktober 2026, kl. 14.00–15.30.",
    ],
)
def test_meeting_header_of_notes_in_prose(nlp, tmp_path: Path, held: str) -> None:
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"lines": ["Storviks kommun Kommunala pensionärsrådet"]},
                    {"title": "Minnesanteckningar"},
                    {"p": held},
                    {"p": "Rådet diskuterade färdtjänsten."},
                ]
            }
        ],
    )
    assert doc["doc_type"] == "anteckningar"
    assert doc["meeting"]["date"] == "2026-10-14" and doc["meeting"]["start"] == "14:00"
    assert doc["year"] == 2026


def test_meetings_mentioned_in_a_status_tables_comments(nlp, tmp_path: Path) -> None:
    rows = [
        [
            "1",
            "Genomföra en medborgardialog om biblioteket",
            "Genomfört",
            "Resultatet redovisades vid nämndens sammanträde den 9 december.",
        ],
        ["2", "Ta fram en plan för idrottshallar", "Pågår", "Planen ska vara klar senast den 1 mars."],
    ]
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"lines": ["Kultur- och fritidsnämnden"]},
                    {"title": "Uppföljning av nämndens uppdrag 2025"},
                    {"table": {"columns": ["Nr", "Uppdrag", "Status", "Kommentar"], "rows": rows}},
                ]
            }
        ],
    )
    assert doc["meeting_dates"] == ["2025-12-09"]  # the deadline is no meeting


def test_regression_a_title_repeated_as_running_header_gives_the_year(nlp, tmp_path: Path) -> None:
    # One assignment per page under a running header "Uppföljning ... 2023": the year was printed
    # nowhere in the body and came out null.
    blocks: list[dict[str, Any]] = []
    for n in (1, 2, 3):
        blocks += ([{"pagebreak": True}] if n > 1 else []) + [
            {"heading": f"Uppdrag {n}"},
            {"p": "Uppdrag: Att se över lokalerna."},
            {"p": "Bedömning: Uppdraget är genomfört."},
        ]
    (doc,) = _extract(nlp, tmp_path, [{"blocks": blocks}], header="Uppföljning av beredningens uppdrag 2023")
    assert doc["year"] == 2023


@pytest.mark.parametrize(
    "items",
    [
        [
            "1. Ta fram en handlingsplan mot buller i bostadsområden",
            "2. Utreda en ny återvinningscentral i väster",
        ],
        [
            "1) Inventera kommunens lekplatser och deras skick",
            "2) Se över avgifterna för upplåtelse av torgplats",
        ],
    ],
)
def test_numbered_tasks_opened_by_a_task_verb(nlp, tmp_path: Path, items: list[str]) -> None:
    blocks: list[dict[str, Any]] = [{"title": "Årsrapport om nämndens uppdrag 2025"}, {"p": "1. Inledning"}]
    for item in items:
        blocks += [{"p": item}, {"p": "Kommentar: Arbetet har inte påbörjats under året."}]
    (doc,) = _extract(nlp, tmp_path, [{"blocks": blocks}])
    by = _by_number(doc)
    assert sorted(by) == [1, 2] and by[2]["status"] == "ej_genomfort"
    assert not any(a["text"].startswith("Inledning") for a in doc["assignments"])


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("Ta fram en ny lokalplan för skolorna – Genomfört", "genomfort"),
        ("• Utreda gemensam växel med grannkommunen - pågår", "pagar"),
        ("Inventera dagvattenbrunnarna i centrum – Ej påbörjat", "ej_genomfort"),
    ],
)
def test_task_with_its_status_after_a_dash(nlp, tmp_path: Path, line: str, status: str) -> None:
    (doc,) = _extract(
        nlp,
        tmp_path,
        [{"blocks": [{"title": "Uppföljning av tekniska nämndens uppdrag 2024"}, {"lines": [line]}]}],
    )
    (a,) = doc["assignments"]
    assert a["status"] == status and a["text"].split()[0] in line
    assert doc["organ"] == "Tekniska nämnden"  # from the title's genitive


@pytest.mark.parametrize(
    "sentence",
    [
        "Uppdraget att ta fram en ny avfallsplan är nu slutfört.",
        "Uppdraget att ta fram en ny avfallsplan har genomförts under hösten.",
        "Uppdraget att ta fram en ny avfallsplan bedöms vara klart vid årets slut.",
    ],
)
def test_unnumbered_assignment_reported_in_a_protocol(nlp, tmp_path: Path, sentence: str) -> None:
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"title": "Protokoll"},
                    {"lines": ["Välfärdsberedningen", "Sammanträdesdatum 2024-10-01"]},
                    {"p": "§ 5 Lägesrapport"},
                    {"p": sentence},
                ]
            }
        ],
    )
    (a,) = doc["assignments"]
    assert a["text"].startswith("att ta fram en ny avfallsplan") and a["status"] == "genomfort"
    assert doc["organ"] == "Välfärdsberedningen"


def test_untitled_document_typed_by_its_content(nlp, tmp_path: Path) -> None:
    rows = [
        ["1", "Bygga ut fibernätet på landsbygden", "Genomfört", ""],
        ["2", "Ta fram en ny bredbandsstrategi", "Pågår", ""],
    ]
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"title": "Läget i december"},
                    {"table": {"columns": ["Nr", "Uppdrag", "Status", "Kommentar"], "rows": rows}},
                ]
            }
        ],
    )
    assert doc["doc_type"] == "aterrapportering"


@pytest.mark.parametrize(
    "lead",
    [
        "Kommunfullmäktige uppdrog 2022 åt nämnden att inventera kommunens broar.",
        "Kommunstyrelsen uppdrar åt tekniska nämnden att inventera kommunens broar.",
        "Nämnden fick i budget 2022 i uppdrag att inventera kommunens broar.",
    ],
)
def test_assignment_given_in_running_text(nlp, tmp_path: Path, lead: str) -> None:
    (doc,) = _extract(
        nlp,
        tmp_path,
        [{"blocks": [{"title": "Årsrapport 2024"}, {"p": lead + " Inventeringen är genomförd."}]}],
    )
    (a,) = doc["assignments"]
    assert a["text"].startswith("att inventera kommunens broar") and a["status"] == "genomfort"


@pytest.mark.parametrize(
    ("blocks", "organ"),
    [
        # named only in the signature at the end
        (
            [
                {"title": "Årsrapport om uppdrag 2024"},
                {"p": "1. Ta fram en plan mot hemlöshet"},
                {"p": "Planen är antagen."},
                {"lines": ["Socialnämnden"]},
            ],
            "Socialnämnden",
        ),
        # named only in the title, not at the title's start
        (
            [
                {"title": "Tekniska nämndens uppföljning av uppdrag 2024"},
                {"p": "Kommunfullmäktige gav nämnden tre uppdrag."},
            ],
            "Tekniska nämnden",
        ),
        # a compound body name in the letterhead
        (
            [
                {"lines": ["Storviks kommun", "Trygghetsberedningen"]},
                {"title": "Årsrapport 2024"},
                {"p": "Beredningen har sammanträtt fyra gånger."},
            ],
            "Trygghetsberedningen",
        ),
    ],
)
def test_organ_where_bodies_print_it(nlp, tmp_path: Path, blocks: list[dict[str, Any]], organ: str) -> None:
    (doc,) = _extract(nlp, tmp_path, [{"blocks": blocks}])
    assert doc["organ"] == organ


def test_decimal_task_lines_keep_their_label(nlp, tmp_path: Path) -> None:
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"title": "Årsrapport om uppdrag 2024"},
                    {"p": "2.1 Ta fram en handlingsplan mot hemlöshet"},
                    {"p": "Kommentar: Planen är antagen och uppdraget är genomfört."},
                    {"p": "2.2 Utreda ett nytt boende för unga vuxna"},
                    {"p": "Kommentar: Utredningen har inte påbörjats."},
                ]
            }
        ],
    )
    assert [(a["label"], a["number"], a["status"]) for a in doc["assignments"]] == [
        ("2.1", None, "genomfort"),
        ("2.2", None, "ej_genomfort"),
    ]


def test_a_year_in_a_title_that_does_not_open_its_line(nlp, tmp_path: Path) -> None:
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"lines": ["Storviks kommun", "Trygghetsberedningens årsrapport 2024", "Dnr KF 2025/7"]},
                    {
                        "p": "I budget 2023 fick beredningen i uppdrag att följa belysningen i tunnlarna. Uppdraget pågår."
                    },
                ]
            }
        ],
    )
    assert doc["year"] == 2024


def test_regression_a_comment_about_a_part_does_not_overrule_a_year_end_cell(nlp, tmp_path: Path) -> None:
    # "Delvis genomfört" + "Inventeringen är klar men planen återstår" was read as done.
    rows = [
        [
            "1",
            "Ta fram en tillsynsplan för förorenade områden",
            "Delvis genomfört",
            "Inventeringen är klar men planen återstår.",
        ],
        [
            "2",
            "Kartlägga enskilda avlopp i norra kommundelen",
            "Pågår",
            "Uppdraget bedöms inte bli klart i år.",
        ],
        ["3", "Utreda gemensam livsmedelskontroll", "Pågår", "Utredningen är klar och lämnades i december."],
    ]
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"title": "Helårsuppföljning 2024"},
                    {"table": {"columns": ["Nr", "Uppdrag", "Status", "Kommentar"], "rows": rows}},
                ]
            }
        ],
    )
    by = _by_number(doc)
    assert [by[n]["status"] for n in (1, 2, 3)] == ["ej_genomfort", "ej_genomfort", "genomfort"]


def test_an_attachments_year_is_not_its_target_year(nlp, tmp_path: Path) -> None:
    # In a notice of 2026, a memo "inför budget 2027" is a 2026 document that targets 2027.
    docs = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"lines": ["Kulturnämnden"]},
                    {"title": "Kallelse"},
                    {"lines": ["Sammanträdesdatum 2026-10-20"]},
                ]
            },
            {
                "blocks": [
                    {"title": "Tjänsteskrivelse"},
                    {"p": "Inspel från nämnden inför budget 2027"},
                    {"p": "Vid sammanträdet den 8 september 2026 diskuterade nämnden budgeten för 2027."},
                ]
            },
        ],
    )
    assert [d["year"] for d in docs] == [2026, 2026]


@pytest.mark.parametrize(
    "items",
    [
        ["tisdag 27/1", "tisdag 24/2", "tisdag 24/3"],
        ["27 januari kl. 13.00", "24 februari kl. 13.00", "24 mars kl. 13.00"],
        ["Tisdag den 27 januari", "Tisdag den 24 februari", "Tisdag den 24 mars"],
    ],
)
def test_plan_sections_own_and_other_bodies(nlp, tmp_path: Path, items: list[str]) -> None:
    other = ["tisdag 13/1", "tisdag 10/2"] if "/" in items[0] else ["13 januari", "10 februari"]
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"lines": ["Storviks kommun", "Kommunstyrelsen"]},
                    {"title": "Sammanträdestider 2026"},
                    {"subheading": "Kommunstyrelsen"},
                    {"bullets": items},
                    {"subheading": "Kommunstyrelsens arbetsutskott"},
                    {"bullets": other},
                ]
            }
        ],
    )
    assert doc["meeting_dates"] == ["2026-01-27", "2026-02-24", "2026-03-24"]


@pytest.mark.parametrize(
    "label", ["Reviderad 2026-01-12", "Sista dag för ärenden 13/1", "Fastställd den 4 december"]
)
def test_regression_a_labelled_date_in_a_plan_is_no_meeting(nlp, tmp_path: Path, label: str) -> None:
    # "Reviderad 2018-12-06" under a plan's title was taken for a planned meeting.
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"lines": ["Kommunstyrelsen"]},
                    {"title": "Sammanträdesplan 2026"},
                    {"lines": [label]},
                    {"bullets": ["27 januari", "24 februari"]},
                ]
            }
        ],
    )
    assert doc["meeting_dates"] == ["2026-01-27", "2026-02-24"]


def test_regression_a_plan_row_as_text_keeps_only_its_leading_date(nlp, tmp_path: Path) -> None:
    # A plan's row printed as text ("tisdag 27/1  13/1  20/1"): the later dates are its deadline
    # and presidium columns, not meetings.
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"lines": ["Kommunstyrelsen"]},
                    {"title": "Sammanträdesplan 2026"},
                    {"lines": ["tisdag 27/1 13/1 20/1", "tisdag 24/2 10/2 17/2"]},
                ]
            }
        ],
    )
    assert doc["meeting_dates"] == ["2026-01-27", "2026-02-24"]


def test_regression_a_sentence_opening_with_a_colour_is_no_legend(nlp, tmp_path: Path) -> None:
    # "Grön omställning pågår ..." was read as a legend entry and turned every "Grön" cell into pagar.
    rows = [
        ["1", "Byta till fossilfria fordon i hemtjänsten", "Grön"],
        ["2", "Bygga solceller på skolorna", "Röd"],
    ]
    (doc,) = _extract(
        nlp,
        tmp_path,
        [
            {
                "blocks": [
                    {"title": "Helårsuppföljning 2025"},
                    {"p": "Grön omställning pågår i hela kommunen och berör alla nämnder."},
                    {"table": {"columns": ["Nr", "Uppdrag", "Färg"], "rows": rows}},
                ]
            }
        ],
    )
    assert [a["status"] for a in doc["assignments"]] == ["genomfort", "ej_genomfort"]
