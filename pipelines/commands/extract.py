"""`protokoll extract FILE.pdf [--json]`: one PDF, no warehouse."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="PDF file to extract")
    parser.add_argument("--json", action="store_true", help="print the EXTRACTION.md object")


def clip(text: str, width: int) -> str:
    """`text` in at most `width` characters, with an ellipsis where it is cut."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def assignment_table(assignments: list[dict[str, Any]], width: int, indent: str = "    ") -> list[str]:
    """Aligned columns (label, status, beredning, multi-year, page, text); the text fills the rest."""
    rows = [
        (
            a["label"] or "(unnumbered)",
            a["status"],
            a["beredning"],
            "yes" if a["multi_year"] else "",
            str(a["page"]),
            a["text"],
        )
        for a in assignments
    ]
    head = ("label", "status", "beredning", "multi-year", "page", "text")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head[:-1])]
    fixed = len(indent) + sum(widths) + 2 * len(widths)
    text_width = max(width - fixed, 10)
    out = []
    for row in [head, *rows]:
        cells = [
            c.rjust(w) if i in (0, 4) else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=False))
        ]
        out.append((indent + "  ".join(cells) + "  " + clip(row[-1], text_width)).rstrip())
    return out


def _summary(data: dict[str, Any], width: int = 100) -> str:
    out = [f"{data['source']}: {data['pages']} page(s), {len(data['documents'])} document(s)"]
    for p in data.get("page_sources") or ():
        if p["source"] == "ocr":
            out.append(f"page {p['page']}: read with OCR ({p['engine']}, mean confidence {p['confidence']})")
        elif p["source"] == "needs_ocr":
            out.append(
                f"page {p['page']}: needs OCR (no usable text layer; no Tesseract with its model,"
                " or OCR over its time budget)"
            )
    for d in data["documents"]:
        out.append(f"\n[{d['page_start']}-{d['page_end']}] {d['doc_type']}: {d['title']}")
        out.append(
            f"    organ: {d['organ'] or '-'}   year: {d['year'] or '-'}   "
            f"diarienummer: {', '.join(d['diarienummer']) or '-'}"
        )
        if d["meeting"]:
            m = d["meeting"]
            when = f"{m['date']} {m['start'] or ''}{'-' + m['end'] if m['end'] else ''}".strip()
            out.append(f"    meeting: {when}  {m['place'] or ''}".rstrip())
        if d["meeting_dates"]:
            out.append(f"    meeting dates: {', '.join(d['meeting_dates'])}")
        if d["assignments"]:
            out += assignment_table(d["assignments"], width)
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    from extractors.api import extract_file
    from extractors.errors import PdfRejected

    try:
        result = extract_file(args.file)
    except PdfRejected as exc:
        print(f"protokoll extract: {args.file}: {exc.reason}: {exc.detail}", file=sys.stderr)
        return 1
    data = dict(result.data, source=args.file)
    if args.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    else:
        print(_summary(data, shutil.get_terminal_size((100, 24)).columns))
    return 0
