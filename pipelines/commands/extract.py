"""`protokoll extract FILE.pdf [--json]`: one PDF, no warehouse."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="PDF file to extract")
    parser.add_argument("--json", action="store_true", help="print the EXTRACTION.md object")


def _summary(data: dict[str, Any]) -> str:
    out = [f"{data['source']}: {data['pages']} page(s), {len(data['documents'])} document(s)"]
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
        for a in d["assignments"]:
            label = a["label"] or "(unnumbered)"
            flags = " multi-year" if a["multi_year"] else ""
            out.append(
                f"    {label:>12}  {a['status']:<16} {a['beredning']:<12}{flags}  p{a['page']}  {a['text'][:70]}"
            )
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
        print(_summary(data))
    return 0
