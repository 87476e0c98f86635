"""The body a document belongs to: a labelled field ("Organ"), its letterhead, a genitive title
("Socialnämndens uppföljning ..."), a name in its opening text, a footer or a signature, else the
body of the notice it is bundled with. Never a body a sentence merely mentions."""

from __future__ import annotations

import re

from extractors.model import Line, Segment
from extractors.structure import is_prose
from vocab.bodies import UNNAMED_BODY_WORDS

BODY = re.compile(
    r"\b((?:[A-ZÅÄÖ][a-zåäö\-]+(?:\s+och\s+[a-zåäö\-]+)?nämnden)|Nämnden\s+för\s+[a-zåäö]+(?:\s+och\s+[a-zåäö]+)?|"
    r"Regionstyrelsens\s+[a-zåäö]+utskott(?:\s+för\s+[a-zåäö]+)?|Regionstyrelsen|Regionfullmäktige|"
    r"Kommunstyrelsen|Kommunfullmäktige)\b"
)
_ORGAN_STOP = (
    r"är|har|ger|beslutar|fick|får|ska|skall|samt\s+beredning|och\s+beredning|hälsar|till|på|med|i|om|"
    r"inom|angående|uppdelat|att|som|under|vid|från|avser|bereder|ansvarar|består|arbetar|verkar|utgör|"
    r"sammanträder|träffas|följer|lämnar|redovisar|behandlar|planerar|vill|kan|kommer|gör|hade|var"
)
# The name after "för" is lower-case words, maybe comma-listed ("psykisk hälsa, habilitering och
# hjälpmedel"); it ends at a verb or preposition, punctuation, or a capitalised word (next field).
ORGAN = re.compile(
    r"\b((?:[A-ZÅÄÖ][a-zåäö]+s\s+)?(?:[Gg]emensamma\s+)?(?:[Bb]eredning(?:en)?|[Uu]tskott(?:et)?|[Nn]ämnd(?:en)?|[Rr]åd(?:et)?)"
    r"\s+för\s+[a-zåäö][a-zåäö\-]*(?:,?\s+[a-zåäö][a-zåäö\-]*)*?)"
    rf"(?=,?\s+(?:{_ORGAN_STOP})\b|,?\s+[A-ZÅÄÖ0-9]|\s*[.:;()]|,\s*$|\s*$)"
)


def _canonical_organ(name: str) -> str:
    name = re.sub(r"\s+", " ", name.strip(" ,"))
    name = re.sub(r"^[Bb]eredning(en)?\b", "Beredning", name)
    name = re.sub(r"^[Uu]tskott(et)?\b", "Utskott", name)
    return name


_ORGAN_FIELD = re.compile(
    r"^(organ|instans|nämnd|beslutsinstans|sammanträde\s+med)\s*:?\s+(?P<name>\S.{2,100})$", re.I
)
# Any body's name as a letterhead prints it: "Miljö- och byggnadsnämnden", "SOCIALNÄMNDEN",
# "Regionstyrelsen", "Kommunala pensionärsrådet", "Kommunstyrelsens arbetsutskott".
_LETTERHEAD_BODY = re.compile(
    r"(?:^|\s)((?:[A-ZÅÄÖ][a-zåäö]+s\s+[a-zåäö]*utskott(?:et)?)|"
    r"(?:(?:[A-ZÅÄÖ][a-zåäö]+a\s+)?(?:[A-ZÅÄÖ][a-zåäö]+-?(?:,\s+[a-zåäö]+-?)*\s+och\s+)?[A-ZÅÄÖ]?[a-zåäö]*"
    r"(?:nämnden|styrelsen|fullmäktige|utskottet|rådet|beredningen)))(?=\s|$|,)"
)


# "socialnämndens" -> "socialnämnden", "kommunstyrelsens" -> "kommunstyrelsen", "välfärdsberedningens" -> ...
_GENITIVE_BODY = re.compile(
    r"\b((?:[a-zåäö]+a\s+)?(?:[a-zåäö]+-\s+och\s+)?[a-zåäö]*(?:nämnd|styrelse|beredning|utskott|råd))(ens|ets|ns|s)\b",
    re.IGNORECASE,
)
_DEFINITE = {"ens": "en", "ets": "et", "ns": "n", "s": ""}


def _as_printed_in_text(line: str) -> str:
    """An all-capitals letterhead in text case: "MILJÖ- OCH BYGGNADSNÄMNDEN" -> "Miljö- Och ..." -> names match."""
    if not line.isupper():
        return line
    return re.sub(r"\bOch\b", "och", line.title())


def _body_in_line(line: Line) -> str | None:
    text = _as_printed_in_text(line.text.strip())
    raw = line.text.strip()
    # "GEMENSAMMA NÄMNDEN FÖR HJÄLPMEDEL": the "X för y" form reads in sentence case.
    m = ORGAN.search(raw[:1] + raw[1:].lower() if raw.isupper() else text)
    if m:
        name = re.sub(r"\s+", " ", m.group(1).strip(" ,"))
        return name[:1].upper() + name[1:]  # as printed: "Beredningen för ...", "Nämnden för ..."
    for m in _LETTERHEAD_BODY.finditer(text):
        name = m.group(1).strip()
        # "Beredningen", "Nämnden" alone name no body; "Trygghetsberedningen" does.
        if name[:1].isupper() and len(name) > 6 and name.lower() not in UNNAMED_BODY_WORDS:
            return name[:1] + name[1:].lower() if line.text.strip().isupper() else name
    return None


def _letterhead_organ(seg: Segment) -> str | None:
    """The body a letterhead, heading or footer prints (never a body a sentence mentions)."""
    first = seg.pages[0]
    lines = sorted(first.lines + first.furniture, key=lambda ln: ln.top)
    for ln in [x for x in lines[:6] if not is_prose(x.text)]:
        found = _body_in_line(ln)
        if found:
            return found
    return None


def _signature_organ(seg: Segment) -> str | None:
    for ln in seg.body_lines()[-8:]:
        text = _as_printed_in_text(ln.text.strip()).removeprefix("För ").removeprefix("för ")
        m = _LETTERHEAD_BODY.fullmatch(" " + text) if len(text.split()) <= 5 else None
        if m and m.group(1).lower() not in UNNAMED_BODY_WORDS:
            name = m.group(1).strip()
            return name[:1].upper() + name[1:]
    return None


def _footer_organ(seg: Segment) -> str | None:
    """Last resort: the body a page footer names ("Miljö- och byggnadsnämnden  Sida 1 av 2")."""
    first = seg.pages[0]
    for ln in sorted(first.furniture, key=lambda x: -x.top):
        found = _body_in_line(ln)
        if found:
            return found
    return None


def organ_of(seg: Segment, text: str, bundle_organ: str | None) -> str | None:
    lines = [ln.text.strip() for ln in seg.body_lines()[:40]]
    # A label row may be in the page's furniture ("Organ") with its value in the body under it.
    first = seg.pages[0]
    labelled = [ln.text.strip() for ln in sorted(first.lines + first.furniture, key=lambda x: x.top)[:40]]
    for i, ln in enumerate(labelled[:-1]):
        if (
            ln.lower() in ("organ", "sammanträde med:", "sammanträde med", "instans")
            and len(labelled[i + 1]) < 120
        ):
            return _canonical_organ(labelled[i + 1])
    for i, ln in enumerate(lines[:-1]):
        if ln.lower() in ("organ", "sammanträde med:", "sammanträde med", "instans"):
            nxt = lines[i + 1]
            if len(nxt) < 120:
                return _canonical_organ(nxt)
        if (f := _ORGAN_FIELD.match(ln)) and _LETTERHEAD_BODY.search(f.group("name")):
            return _canonical_organ(f.group("name"))
    letterhead = _letterhead_organ(seg)
    if letterhead:
        return letterhead
    # The title names whose report it is: "Uppföljning av socialnämndens uppdrag 2024",
    # "Tekniska nämndens uppföljning av ...".
    for ln in lines[:4]:
        g = _GENITIVE_BODY.search(ln) if not is_prose(ln) else None
        if g and (g.group(1) + _DEFINITE[g.group(2)]).lower() not in UNNAMED_BODY_WORDS:
            return g.group(1)[:1].upper() + g.group(1)[1:] + _DEFINITE[g.group(2)]
    # An attachment that names the notice's body belongs to it (the label there gives the exact name).
    if bundle_organ and bundle_organ.lower() in re.sub(r"\s+", " ", text.lower()):
        return bundle_organ
    m = ORGAN.search(" ".join(lines))
    if m:
        return _canonical_organ(m.group(1))
    # A nämnd or styrelse named in the opening lines (the document's own header, not mentions).
    m = BODY.search(" ".join(lines[:8]))
    if m:
        return m.group(1)
    if bundle_organ and re.search(r"\bberedning", text, re.I):
        return bundle_organ
    # A page footer, then a signature ("Socialnämnden" alone on one of the last lines), then the
    # bundle's body: an attachment without a body of its own belongs to the notice's.
    return _footer_organ(seg) or _signature_organ(seg) or bundle_organ
