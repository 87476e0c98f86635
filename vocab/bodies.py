"""The common nouns of public bodies, as a document prints them alone."""

from __future__ import annotations

# In the definite form a body word alone ("Nämnden", "Beredningen") names no particular body: a
# document that says it means its own.
OWN_BODY_WORDS = frozenset({"nämnden", "styrelsen", "beredningen", "utskottet", "rådet"})
# "Fullmäktige" alone names no particular body either, but it is the council, never the
# document's own body: it is no organ's name, and its meetings are not the document's body's.
UNNAMED_BODY_WORDS = OWN_BODY_WORDS | {"fullmäktige"}
