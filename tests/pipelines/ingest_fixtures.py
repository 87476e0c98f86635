"""PDFs the ingestion tests make themselves (reportlab), including broken ones."""

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

REPORT_2024 = [
    "Region Örebro län",
    "Återrapportering av uppdrag 2024",
    "Beredning för psykiatri",
    "2.1 Uppdrag inom perspektiv: invånare och samhälle",
    "Nr 1. Att utveckla samverkan med kommunerna kring barn och unga.",
    "Kommentar: Beredningen har följt arbetet under året.",
    "Ur delårsrapport: Uppdraget har startat men bedöms inte vara klart vid årets slut.",
    "Nr 2. Att följa införandet av den nya vårdformen.",
    "Kommentar: Beredningen har fått en redovisning vid sammanträdet den 5 november 2024.",
    "Ur delårsrapport: Uppdraget bedöms vara genomfört vid årets slut.",
    "Nr 3. Att kartlägga väntetiderna inom specialistpsykiatrin.",
    "Svar: Uppdraget är flerårigt och uppdragets del av innevarande år bedöms vara genomfört vid årets slut.",
]

KALLELSE_2024 = [
    "Kallelse",
    "Beredning för psykiatri",
    "Sammanträdesdatum: 2024-03-12",
    "Tid: kl. 09:00-12:00",
    "Plats: Länsgården, Örebro",
    "Ledamöter",
    "Anna Andersson (S), ordförande",
    "Föredragningslista",
    "1. Mötets öppnande",
    "2. Rapportering om uppdragen i verksamhetsplanen",
    "Diarienummer: 24RS01234",
    "Föredragande: Karin Berg",
    "Förslag till beslut",
    "att godkänna rapporten.",
]


def write_pdf(path: Path, lines: list[str], lines_per_page: int = 40) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 11)
    y = 800
    for i, line in enumerate(lines):
        if i and i % lines_per_page == 0:
            c.showPage()
            c.setFont("Helvetica", 11)
            y = 800
        c.drawString(60, y, line)
        y -= 18
    c.save()
    return path


def make_fixture_folder(folder: Path) -> dict[str, Path]:
    """Two readable PDFs, one corrupt PDF and one file that only pretends to be a PDF."""
    files = {
        "report": write_pdf(folder / "psykiatri_aterrapportering_2024.pdf", REPORT_2024),
        "kallelse": write_pdf(folder / "psykiatri_kallelse_2024-03-12.pdf", KALLELSE_2024),
    }
    corrupt = folder / "trasig.pdf"
    corrupt.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage without xref or trailer\n")
    files["corrupt"] = corrupt
    fake = folder / "inte-en-pdf.pdf"
    fake.write_text("<html>Sidan finns inte</html>", encoding="utf-8")
    files["not_pdf"] = fake
    return files
