"""Where assignments start in a document's lines: numbered items, "Uppdrag: Att ..." paragraphs,
lines that end in their status, references, task bullets, and (when nothing is numbered)
"får i uppdrag att" sentences; headings and list intros are stops that end a block."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from extractors.cleanup import TextSpan, one_line
from extractors.model import Line
from extractors.rules import RuleSet
from extractors.structure import LineKind, heading_number, unbullet


@dataclass
class Marker:
    start: int
    kind: str  # numbered | reference | unnumbered | stop
    line: int = -1
    text_start: int = 0
    text_end: int = 0
    label: str | None = None
    numbers: tuple[int, ...] = ()


def series(label: str | None) -> str:
    return "ber" if (label or "").lower().startswith("ber") else "nr"


def _is_para_heading(i: int, lines: list[Line], kinds: list[LineKind], breaks: list[bool]) -> bool:
    t = lines[i].text.strip()
    after = i + 1 == len(lines) or breaks[i + 1]
    return (
        kinds[i].kind == "text"
        and breaks[i]
        and after
        and len(t) < 70
        and t[:1].isupper()
        and not t.endswith((".", ",", ";", ":", "!", "?"))
    )


def _numbered_heading_task(
    i: int, lines: list[Line], kinds: list[LineKind], spans: list[TextSpan], doc_type: str, rules: RuleSet
) -> tuple[str, int | None, int] | None:
    """(label, number, where the task text starts) when line i is "N Title" over the task's line."""
    if doc_type != "aterrapportering" or kinds[i].kind != "heading" or i + 1 >= len(lines):
        return None
    label = heading_number(lines[i].text)
    if label is None:
        return None
    nxt = kinds[i + 1]
    if nxt.kind == "text_label" and nxt.match is not None:
        start = spans[i + 1].start + nxt.match.start("text")
    elif nxt.kind == "text" and rules.task_start.match(lines[i + 1].text.strip()):
        start = spans[i + 1].start
    else:
        return None
    return label, (int(label) if label.isdigit() else None), start


def find_markers(
    lines: list[Line],
    kinds: list[LineKind],
    breaks: list[bool],
    spans: list[TextSpan],
    doc: Doc,
    doc_text: str,
    rules: RuleSet,
    doc_type: str = "aterrapportering",
) -> list[Marker]:
    markers: list[Marker] = []
    seen: set[tuple[str, int | str]] = set()
    consumed: set[int] = set()
    for i, kind in enumerate(kinds):
        s = spans[i].start
        if kind.kind == "numbered" and kind.match is not None:
            m = kind.match
            label = one_line(m.group("label") or "").rstrip(".:") or None
            label = label[:1].upper() + label[1:] if label else None
            printed = m.groupdict().get("number") or ""
            # "Uppdrag 3.2": the printed label is kept, a decimal has no integer number.
            number = int(printed) if printed.isdigit() else None
            text_start = s + m.start("text")
            if not m.group("text").strip() and i + 1 < len(lines) and kinds[i + 1].kind == "text_label":
                nxt = kinds[i + 1].match
                assert nxt is not None
                text_start = spans[i + 1].start + nxt.start(
                    "text"
                )  # "Uppdrag 3.2 Titel" + "Uppdrag: Att ..."
            elif markers and markers[-1].kind == "numbered" and markers[-1].line == i - 1 and label is None:
                continue  # the text line of the heading just above
            key = (series(label), number if number is not None else (label or f"#{i}"))
            # A number given again comments on the assignment already listed (e.g. in a table).
            what = "repeat" if key in seen and label is not None else "numbered"
            seen.add(key)
            markers.append(Marker(s, what, i, text_start, 0, label, (number,) if number is not None else ()))
        elif i in consumed:
            continue
        elif kind.kind == "text_label" and kind.match is not None:
            prev = markers[-1] if markers else None
            if prev is not None and prev.kind in ("numbered", "repeat") and prev.line == i - 1:
                continue  # consumed by the heading above
            if (
                prev is not None
                and prev.kind in ("numbered", "repeat")
                and prev.text_start == spans[prev.line].end
            ):
                prev.text_start = s + kind.match.start(
                    "text"
                )  # "Uppdrag 4" / "Bedömning: ..." / "Uppdrag: Att ..."
                continue
            markers.append(Marker(s, "numbered", i, s + kind.match.start("text"), 0, None, ()))
        elif kind.kind == "status_line" and kind.match is not None:
            markers.append(
                Marker(s, "numbered", i, s + kind.match.start("text"), s + kind.match.end("text"), None, ())
            )
        elif kind.kind == "reference" and kind.match is not None:
            nums = tuple(int(n) for n in re.findall(r"\d+", kind.match.group("numbers")))
            rng = re.search(r"(\d+)\s*[-–]\s*(\d+)", kind.match.group("numbers"))
            if rng and int(rng.group(2)) - int(rng.group(1)) < 50:
                nums = tuple(range(int(rng.group(1)), int(rng.group(2)) + 1))
            markers.append(Marker(s, "reference", i, s, spans[i].end, None, nums))
        elif (task := _numbered_heading_task(i, lines, kinds, spans, doc_type, rules)) is not None:
            # "3 Laddplatser" + "Uppdrag: Installera ..." / "2. Handläggningstider" + "Korta ...":
            # a numbered heading whose next line is the task is that assignment's label.
            label, number, text_start = task
            markers.append(
                Marker(s, "numbered", i, text_start, 0, label, (number,) if number is not None else ())
            )
            consumed.add(i + 1)
        elif (
            kind.kind == "bullet"
            and doc_type == "aterrapportering"
            and rules.task_start.match(unbullet(lines[i].text))
        ):
            # "• Utöka antalet platser ... Uppdraget är genomfört": the task is the first sentence.
            start = s + len(lines[i].text) - len(unbullet(lines[i].text))
            end = next((e for b, e in doc.user_data["sent_bounds"] if b <= start < e), spans[i].end)
            markers.append(Marker(s, "numbered", i, start, end, None, ()))
        elif kind.kind in ("heading", "intro") or _is_para_heading(i, lines, kinds, breaks):
            markers.append(Marker(s, "stop", i))
    if not any(m.kind in ("numbered", "repeat") and m.numbers for m in markers):
        starts = [sp.start for sp in spans]
        for s_start, s_end in doc.user_data["sent_bounds"]:
            sent_text = doc_text[s_start:s_end]
            hit = next((h for r in rules.unnumbered if (h := r.pattern.search(sent_text))), None)
            if hit is None or sent_text.rstrip().endswith(":"):
                continue  # "... får i uppdrag att:" introduces a list, it is not itself the task
            begin = s_start
            # A heading line without a full stop runs into the sentence: start at the line that
            # holds the assignment when that line opens with a capital (the subject).
            j = bisect.bisect_right(starts, s_start + hit.start()) - 1
            if spans[j].start > begin and lines[j].text[:1].isupper():
                begin = spans[j].start
            # "Nämnden fick 2020 i uppdrag att utveckla ...": the task starts at its "att".
            task = s_start + hit.end() - 3 if hit.group().lower().endswith("att") else begin
            task_line = bisect.bisect_right(starts, task) - 1
            if any(mk.line == task_line for mk in markers if mk.kind == "numbered"):
                continue  # the sentence is an "Uppdrag: Att ..." line already taken
            markers.append(Marker(begin, "unnumbered", -1, task, s_end))
    markers.sort(key=lambda m: (m.start, m.kind != "stop"))
    return markers
