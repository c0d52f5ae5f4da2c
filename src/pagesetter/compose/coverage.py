"""Which face sets each character: the characters a style's face lacks, those a fallback face
sets instead (a warning each), and those no face has (one error for all of them)."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Mapping, Sequence

from ..errors import Diagnostic, InputError, Severity, SourcePos
from ..fonts import FontBook
from ..model import TextStyle
from .shaping import MONGOLIAN_FACE, is_mongolian


@dataclass(frozen=True)
class MissingChar:
    """A character of the copy its style's face does not have, and where the copy is."""

    char: str
    style: str
    pos: SourcePos
    where: str  # field path


@dataclass(frozen=True)
class FallbackChar:
    """A character set from a fallback face (its style's face lacks it), and where it is."""

    char: str
    style: str
    face: str  # the fallback face's key
    pos: SourcePos
    where: str


#: What to write instead of characters the faces commonly lack (beyond their compatibility
#: forms, which NFKC gives: ₂ → 2, ㎡ → m2, ① → 1).
SUBSTITUTES = {"−": "－", "€": "欧元", "£": "英镑", "™": "", "👍": "", "✓": "√"}
#: Unicode categories of characters that print as nothing: controls and format characters (a
#: zero-width space, a bidi mark, a byte-order mark).
INVISIBLE = frozenset({"Cc", "Cf"})


def substitute_for(ch: str) -> str | None:
    if ch in SUBSTITUTES:
        return SUBSTITUTES[ch] or None
    folded = unicodedata.normalize("NFKC", ch)
    return folded if folded != ch and folded.strip() else None


def fallback_warnings(found: Sequence[FallbackChar], styles: Mapping[str, TextStyle],
                      fonts: FontBook) -> list[Diagnostic]:
    """A warning for each character set from a fallback face, at each place it stands."""
    seen: set[tuple[str, SourcePos, str]] = set()
    out = []
    for item in found:
        key = (item.char, item.pos, item.where)
        if key in seen:
            continue
        seen.add(key)
        font = styles[item.style].font
        out.append(Diagnostic(
            Severity.WARNING, item.pos,
            f"character 「{item.char}」 (U+{ord(item.char):04X}) is set from the fallback "
            f"face {fonts.paths[item.face].name}: the {font} face "
            f"({fonts.paths[font].name}) of style `{item.style}` lacks it",
            item.where, "nothing to do if it prints as it should; a face that has it "
                        "sets it in the style's own design"))
    return out


def missing_error(missing: Sequence[MissingChar], styles: Mapping[str, TextStyle],
                  fonts: FontBook) -> InputError:
    """One error for every character missing from the faces: one line per character, at its
    first place, with how many other places have it and what to do; Mongolian inside a
    Chinese line, one line per place (the word, not each of its letters)."""
    by_char: dict[tuple[str, str], list[MissingChar]] = {}
    mongolian: dict[tuple[SourcePos, str, str], str] = {}  # place → its Mongolian letters
    for item in missing:
        font = styles[item.style].font if item.style in styles else item.style
        if is_mongolian(item.char) and font != MONGOLIAN_FACE:
            place = (item.pos, item.where, item.style)
            if item.char not in mongolian.get(place, ""):
                mongolian[place] = mongolian.get(place, "") + item.char
            continue
        by_char.setdefault((item.char, font), []).append(item)
    diagnostics = [Diagnostic(Severity.ERROR, pos, f"Mongolian letters 「{letters}」 stand in "
                              f"a Chinese line of style `{style}`", where,
                              _missing_hint(letters[0], "", fonts))
                   for (pos, where, style), letters in mongolian.items()]
    for (ch, font), places in by_char.items():
        first = places[0]
        others = sorted({f"{p.pos.line}:{p.pos.column}" for p in places[1:]} -
                        {f"{first.pos.line}:{first.pos.column}"})
        also = f"; also at line:column {', '.join(others[:5])}" + \
            (f" and {len(others) - 5} more" if len(others) > 5 else "") if others else ""
        diagnostics.append(Diagnostic(
            Severity.ERROR, first.pos,
            f"character 「{ch}」 (U+{ord(ch):04X}) is not in the {font} face "
            f"({fonts.paths[font].name if font in fonts.paths else 'which the format lacks'})"
            f" used by style `{first.style}`{also}",
            first.where, _missing_hint(ch, font, fonts)))
    head, *rest = diagnostics
    return InputError(head.pos, head.message, head.field, head.hint, tuple(rest))


def _missing_hint(ch: str, font: str, fonts: FontBook) -> str:
    if is_mongolian(ch) and font != MONGOLIAN_FACE:
        return ("Mongolian is set vertically, from the format's `mongolian` face: in an "
                "article's headline (not a continued part's 接题), in an article whose copy is "
                "Mongolian, or as the masthead's "
                "`publication_mongolian` (docs/issue-format.md), not inside Chinese lines")
    if unicodedata.category(ch) in INVISIBLE:
        name = unicodedata.name(ch, "").lower() or "a control character"
        return (f"it prints as nothing ({name}), and comes pasted along with copy from web "
                f"pages and word processors: delete it from the copy")
    substitute = substitute_for(ch)
    if substitute and not fonts.missing_all(font, substitute):
        return f"write 「{substitute}」 instead, or use a face that has it (fonts/README.md)"
    return "use a face that has it (fonts/README.md: Adding a face), or replace it in the copy"
