"""Render the generality corpus: hand-written YAML specs -> PDFs + expected JSON.

Each spec under ``specs/<split>/NAME.yaml`` describes one PDF: a layout and one or more logical
documents, each with its blocks (the printed content, written by hand in our own Swedish) and its
``gold`` (the expected EXTRACTION.md object, annotated by hand by the spec's author, never by the
extractor). Rendering adds only what a human cannot know in advance: each document's page range.

    python tests/corpus/build.py            # all splits
    python tests/corpus/build.py holdout    # one split

Output: ``<split>/pdf/NAME.pdf`` and ``<split>/expected/NAME.json`` (the scoring extras of
``../shared/corpus``: ``status_also_ok``, ``optional``, ``meeting_dates_optional``, ``other_dates``).
Rendering is deterministic (reportlab's invariant mode), so a rebuild changes no bytes.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import yaml
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from vocab.labels import BEREDNING as RULE_BEREDNING
from vocab.labels import DOC_TYPES as RULE_DOC_TYPES
from vocab.labels import STATUSES as RULE_STATUSES

rl_config.invariant = 1  # no timestamps or random ids: the same spec gives the same bytes

HERE = Path(__file__).resolve().parent
SPLITS = ("dev", "holdout")
BOLD = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold", "Courier": "Courier-Bold"}
LAYOUT_KEYS = {"pagesize", "font", "size", "margins", "columns", "header", "footer", "header_first_page"}
BLOCK_KEYS = {"title", "heading", "subheading", "p", "lines", "kv", "bullets", "table", "spacer", "pagebreak"}


class SpecError(ValueError):
    pass


@dataclass
class Layout:
    pagesize: str = "a4"
    font: str = "Helvetica"
    size: float = 10.0
    margins: tuple[float, float, float, float] = (70.0, 70.0, 72.0, 72.0)  # left, right, top, bottom
    columns: int = 1
    header: str = ""  # "left | right"; {page} {pages} {dpage} {dpages} are filled in
    footer: str = ""
    header_first_page: bool = True

    @classmethod
    def of(cls, raw: dict[str, Any] | None, base: Layout | None = None, where: str = "") -> Layout:
        out = Layout(**vars(base)) if base else Layout()
        for key, value in (raw or {}).items():
            if key not in LAYOUT_KEYS:
                raise SpecError(f"{where}: layout: unknown key {key!r}")
            setattr(out, key, tuple(value) if key == "margins" else value)
        if out.pagesize not in ("a4", "a4-landscape"):
            raise SpecError(f"{where}: layout: pagesize must be a4 or a4-landscape")
        return out

    @property
    def size_pt(self) -> tuple[float, float]:
        return landscape(A4) if self.pagesize == "a4-landscape" else A4


@dataclass
class DocMark(Flowable):  # type: ignore[misc]
    """Zero-size flowable that records on which PDF page a document starts."""

    index: int
    sink: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        Flowable.__init__(self)
        self.width = self.height = 0

    def draw(self) -> None:
        self.sink[self.index] = self.canv.getPageNumber()


def _styles(lay: Layout) -> dict[str, ParagraphStyle]:
    f, b, s = lay.font, BOLD.get(lay.font, lay.font), lay.size
    return {
        "title": ParagraphStyle("t", fontName=b, fontSize=s + 6, leading=s + 10, spaceAfter=8),
        "heading": ParagraphStyle(
            "h", fontName=b, fontSize=s + 2, leading=s + 5, spaceBefore=8, spaceAfter=4
        ),
        "subheading": ParagraphStyle(
            "sh", fontName=b, fontSize=s, leading=s + 3, spaceBefore=6, spaceAfter=2
        ),
        "p": ParagraphStyle("p", fontName=f, fontSize=s, leading=s * 1.3, spaceAfter=s * 0.6),
        "line": ParagraphStyle("l", fontName=f, fontSize=s, leading=s * 1.3),
        "cell": ParagraphStyle("c", fontName=f, fontSize=s - 1, leading=(s - 1) * 1.25),
        "hcell": ParagraphStyle("hc", fontName=b, fontSize=s - 1, leading=(s - 1) * 1.25),
        "bullet": ParagraphStyle("b", fontName=f, fontSize=s, leading=s * 1.3, leftIndent=14, bulletIndent=2),
    }


def _para(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _table(spec: dict[str, Any], st: dict[str, ParagraphStyle], width: float, where: str) -> Table:
    cols = spec.get("columns")
    rows = spec.get("rows") or []
    if not rows:
        raise SpecError(f"{where}: table without rows")
    ncol = len(cols) if cols else len(rows[0])
    fractions = spec.get("widths") or [1 / ncol] * ncol
    if len(fractions) != ncol or any(len(r) != ncol for r in rows):
        raise SpecError(f"{where}: table rows and widths must have {ncol} cells")
    data = [[_para(c, st["hcell"]) for c in cols]] if cols else []
    data += [[_para(c, st["cell"]) for c in r] for r in rows]
    t = Table(data, colWidths=[width * x for x in fractions], repeatRows=1 if cols else 0)
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
    if spec.get("grid", True):
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    elif cols:
        style.append(("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black))
    t.setStyle(TableStyle(style))
    return t


def _blocks(blocks: list[dict[str, Any]], lay: Layout, frame_width: float, where: str) -> list[Flowable]:
    st = _styles(lay)
    out: list[Flowable] = []
    for n, block in enumerate(blocks):
        here = f"{where}: blocks[{n}]"
        if not isinstance(block, dict) or len(block) != 1 or next(iter(block)) not in BLOCK_KEYS:
            raise SpecError(f"{here}: one key of {sorted(BLOCK_KEYS)} expected, got {block!r}")
        ((kind, value),) = block.items()
        if kind in ("title", "heading", "subheading", "p"):
            out.append(_para(value, st[kind]))
        elif kind == "lines":
            out += [_para(v, st["line"]) for v in value] + [Spacer(1, lay.size * 0.6)]
        elif kind == "kv":
            t = Table(
                [[_para(k, st["hcell"]), _para(v, st["cell"])] for k, v in value],
                colWidths=[frame_width * 0.28, frame_width * 0.72],
                hAlign="LEFT",
            )
            t.setStyle(
                TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
            )
            out += [t, Spacer(1, lay.size)]
        elif kind == "bullets":
            out += [Paragraph(escape(str(v)), st["bullet"], bulletText="•") for v in value]
            out.append(Spacer(1, lay.size * 0.6))
        elif kind == "table":
            out += [_table(value, st, frame_width, here), Spacer(1, lay.size)]
        elif kind == "spacer":
            out.append(Spacer(1, float(value)))
        elif kind == "pagebreak":
            out.append(PageBreak())
    return out


def _fill(text: str, page: int, pages: int, dpage: int, dpages: int) -> str:
    return text.format(page=page, pages=pages, dpage=dpage, dpages=dpages)


def _template(name: str, lay: Layout, furniture: Any) -> PageTemplate:
    w, h = lay.size_pt
    left, right, top, bottom = lay.margins
    inner = w - left - right
    if lay.columns == 2:
        gap = 24.0
        cw = (inner - gap) / 2
        frames = [
            Frame(left, bottom, cw, h - top - bottom, id=f"{name}a"),
            Frame(left + cw + gap, bottom, cw, h - top - bottom, id=f"{name}b"),
        ]
    else:
        frames = [Frame(left, bottom, inner, h - top - bottom, id=f"{name}a")]
    return PageTemplate(id=name, frames=frames, onPage=furniture(lay), pagesize=lay.size_pt)


def render(spec_path: Path, out_pdf: Path) -> list[tuple[int, int]]:
    """Render one spec; return each document's (page_start, page_end)."""
    where = str(spec_path)
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    unknown = set(spec) - {"layout", "documents", "note"}
    if unknown:
        raise SpecError(f"{where}: unknown keys {sorted(unknown)}")
    base = Layout.of(spec.get("layout"), where=where)
    docs = spec.get("documents") or []
    if not docs:
        raise SpecError(f"{where}: no documents")
    layouts = [Layout.of(d.get("layout"), base, f"{where}: documents[{i}]") for i, d in enumerate(docs)]
    starts: dict[int, int] = {}
    totals = {"pages": 1}
    ranges: list[tuple[int, int]] = [(1, 1)] * len(docs)

    def furniture(lay: Layout) -> Any:
        def on_page(canv: Any, doc: Any) -> None:
            page = canv.getPageNumber()
            di = max((i for i, (a, _b) in enumerate(ranges) if a <= page), default=0)
            dstart, dend = ranges[di]
            args = (page, totals["pages"], page - dstart + 1, dend - dstart + 1)
            w, h = lay.size_pt
            left, right, top, bottom = lay.margins
            canv.saveState()
            canv.setFont(lay.font, lay.size - 1.5)
            if lay.header and (lay.header_first_page or page != dstart):
                parts = [_fill(p.strip(), *args) for p in lay.header.split("|")]
                canv.drawString(left, h - top * 0.55, parts[0])
                if len(parts) > 1:
                    canv.drawRightString(w - right, h - top * 0.55, parts[1])
            if lay.footer:
                parts = [_fill(p.strip(), *args) for p in lay.footer.split("|")]
                if len(parts) == 1:
                    canv.drawRightString(w - right, bottom * 0.45, parts[0])
                else:
                    canv.drawString(left, bottom * 0.45, parts[0])
                    canv.drawRightString(w - right, bottom * 0.45, parts[1])
            canv.restoreState()

        return on_page

    def story() -> list[Flowable]:
        flow: list[Flowable] = []
        for i, (d, lay) in enumerate(zip(docs, layouts, strict=True)):
            here = f"{where}: documents[{i}]"
            unknown = set(d) - {"layout", "blocks", "gold"}
            if unknown:
                raise SpecError(f"{here}: unknown keys {sorted(unknown)}")
            if i > 0:
                flow += [NextPageTemplate(f"d{i}"), PageBreak()]
            w = lay.size_pt[0] - lay.margins[0] - lay.margins[1]
            fw = (w - 24) / 2 if lay.columns == 2 else w
            flow.append(DocMark(i, starts))
            flow += _blocks(d.get("blocks") or [], lay, fw, here)
        return flow

    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    for _pass in range(2):  # pass 1 learns page ranges, pass 2 prints "Sida x av y" with them
        doc = BaseDocTemplate(str(out_pdf), pagesize=layouts[0].size_pt, title=spec_path.stem, author="")
        doc.addPageTemplates([_template(f"d{i}", lay, furniture) for i, lay in enumerate(layouts)])
        starts.clear()
        doc.build(story())
        total = doc.page
        totals["pages"] = total
        begin = [starts[i] for i in range(len(docs))]
        ranges = [(b, (begin[i + 1] - 1) if i + 1 < len(docs) else total) for i, b in enumerate(begin)]
    return ranges


GOLD_DOC_KEYS = {
    "doc_type", "title", "organ", "organ_also_ok", "year", "year_also_ok", "diarienummer", "meeting",
    "meeting_dates", "meeting_dates_optional", "other_dates", "assignments", "doc_type_also_ok",
}  # fmt: skip
GOLD_ASG_KEYS = {
    "label", "number", "text", "section", "status", "status_also_ok", "beredning", "beredning_also_ok",
    "multi_year", "multi_year_also_ok", "evidence", "page", "optional",
}  # fmt: skip
# One vocabulary with the extractor's rule loader: a spec cannot use a status the contract lacks.
STATUSES = set(RULE_STATUSES)
BEREDNING = set(RULE_BEREDNING)
DOC_TYPES = set(RULE_DOC_TYPES)


def gold_of(spec_path: Path, ranges: list[tuple[int, int]]) -> dict[str, Any]:
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    documents = []
    for i, (d, (a, b)) in enumerate(zip(spec["documents"], ranges, strict=True)):
        here = f"{spec_path}: documents[{i}]: gold"
        g = dict(d.get("gold") or {})
        if set(g) - GOLD_DOC_KEYS:
            raise SpecError(f"{here}: unknown keys {sorted(set(g) - GOLD_DOC_KEYS)}")
        if g.get("doc_type") not in DOC_TYPES:
            raise SpecError(f"{here}: doc_type must be one of {sorted(DOC_TYPES)}")
        for j, asg in enumerate(g.get("assignments") or []):
            if set(asg) - GOLD_ASG_KEYS:
                raise SpecError(f"{here}: assignments[{j}]: unknown keys {sorted(set(asg) - GOLD_ASG_KEYS)}")
            asg.setdefault("label", None)
            asg.setdefault("number", None)
            asg.setdefault("beredning", "behandlat")
            asg.setdefault("multi_year", False)
            if asg.get("status") not in STATUSES or asg["beredning"] not in BEREDNING:
                raise SpecError(f"{here}: assignments[{j}]: bad status/beredning")
        g.update(page_start=a, page_end=b)
        g.setdefault("diarienummer", [])
        g.setdefault("meeting", None)
        g.setdefault("meeting_dates", [])
        g.setdefault("assignments", [])
        documents.append(g)
    return {"source": f"{spec_path.stem}.pdf", "pages": ranges[-1][1], "documents": documents}


def build(split: str) -> int:
    n = 0
    for spec_path in sorted((HERE / "specs" / split).glob("*.yaml")):
        pdf = HERE / split / "pdf" / f"{spec_path.stem}.pdf"
        ranges = render(spec_path, pdf)
        gold = gold_of(spec_path, ranges)
        exp = HERE / split / "expected" / f"{spec_path.stem}.json"
        exp.parent.mkdir(parents=True, exist_ok=True)
        exp.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        n += 1
    return n


def main(argv: list[str]) -> int:
    splits = argv or list(SPLITS)
    for split in splits:
        print(f"{split}: {build(split)} PDF(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
