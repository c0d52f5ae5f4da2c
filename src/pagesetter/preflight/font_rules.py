"""Fonts: every font used embedded, and every glyph shown in it (the codes shown, collected by
the walk, against the embedded program's character map)."""
from __future__ import annotations

from dataclasses import replace

from pikepdf import Array, Dictionary, Name, Stream

from .report import Where
from .state import State, Walk, as_dict, resource

# --- fonts ---------------------------------------------------------------------------------------

def font_in_use(walk: Walk, resources: Dictionary, state: State, where: Where,
                depth: int) -> tuple | None:
    """The key of the font in use (its resource dictionary and name), checked once."""
    key: tuple
    if state.font.startswith("gs:"):
        key = (state.font,)
    else:
        font = resource(resources, "/Font", Name(state.font)) if state.font else None
        if not isinstance(font, Dictionary):
            walk.report.fail("fonts.embedded", f"font {state.font or '(none)'} is not defined",
                             where)
            return None
        key = (font.objgen, state.font) if font.is_indirect else (id(font), state.font)
        walk.fonts.setdefault(key, font)
    font = walk.fonts[key]
    if key not in walk.walked:
        walk.walked.add(key)
        _embedded(walk, font, replace(where, obj=state.font, operator="Tf"))
        if font.get("/Subtype") == Name.Type3:
            # A Type 3 glyph is a content stream of its own; the walk imports this module.
            from .walk import walk_stream

            procs = as_dict(font.get("/CharProcs"))
            glyph_resources = font.get("/Resources")
            if not isinstance(glyph_resources, Dictionary):
                glyph_resources = resources
            for _, proc in procs.items():
                if isinstance(proc, Stream):
                    walk_stream(walk, proc, glyph_resources, State(),
                                replace(where, obj=state.font), depth + 1)
    return key


def _embedded(walk: Walk, font: Dictionary, where: Where) -> None:
    if font.get("/Subtype") == Name.Type3:
        return
    parts = font.get("/DescendantFonts")
    descendants = [d for d in parts if isinstance(d, Dictionary)] \
        if isinstance(parts, Array) else [font]
    for descendant in descendants:
        descriptor = descendant.get("/FontDescriptor")
        if not isinstance(descriptor, Dictionary) or not any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            walk.report.fail("fonts.embedded", f"{descendant.get('/BaseFont', '?')} is not "
                                               f"embedded", where)


def two_byte_codes(data: bytes) -> list[int]:
    return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2)]


def check_fonts(walk: Walk, glyphs: bool) -> None:
    """Every code shown has a glyph: within the font's FirstChar…LastChar, and (with `glyphs`)
    mapped to a glyph of its embedded TrueType program."""
    for key, codes in walk.codes.items():
        font = walk.fonts[key]
        name = str(font.get("/BaseFont", key[-1]))
        try:
            missing = _missing_codes(font, codes, glyphs)
        except Exception as exc:  # noqa: BLE001 — a font program we cannot parse
            walk.report.warn("fonts.glyphs", f"{name}: its glyphs cannot be checked ({exc})")
            continue
        if missing:
            shown = ", ".join(f"{c:#x}" for c in sorted(missing)[:5])
            walk.report.fail("fonts.glyphs", f"{name} lacks glyphs for codes {shown}"
                                             f"{' …' if len(missing) > 5 else ''}",
                             value=len(missing))


def _missing_codes(font: Dictionary, codes: set[int], glyphs: bool) -> set[int]:
    subtype = font.get("/Subtype")
    if subtype == Name.Type0:
        descendants = font.get("/DescendantFonts")
        descendant = descendants[0] if isinstance(descendants, Array) and len(descendants) \
            else None
        if not isinstance(descendant, Dictionary):
            descendant = Dictionary()
        program = _program(descendant, "/FontFile2") if glyphs else None
        if program is None:
            return set()
        count = program["maxp"].numGlyphs
        mapping = descendant.get("/CIDToGIDMap")
        if isinstance(mapping, Stream):
            table = mapping.read_bytes()
            gids = {c: int.from_bytes(table[2 * c:2 * c + 2], "big") for c in codes}
        else:
            gids = {c: c for c in codes}
        return {c for c, g in gids.items() if g == 0 or g >= count}
    if subtype == Name.Type3:
        procs = as_dict(font.get("/CharProcs"))
        names = _encoding_names(font)
        return {c for c in codes if names.get(c, "") not in procs}
    first = int(font.get("/FirstChar", 0))
    last = int(font.get("/LastChar", 255))
    missing = {c for c in codes if not first <= c <= last}
    program = _program(font, "/FontFile2") if glyphs else None
    if program is not None:
        mapped = set()
        for table in program["cmap"].tables:
            if (table.platformID, table.platEncID) in ((3, 0), (1, 0), (3, 1)):
                mapped |= {code & 0xFF for code, gid in table.cmap.items() if gid != ".notdef"}
        missing |= {c for c in codes if c not in mapped}
    return missing


def _encoding_names(font: Dictionary) -> dict[int, str]:
    names: dict[int, str] = {}
    differences = as_dict(font.get("/Encoding")).get("/Differences")
    if isinstance(differences, Array):
        code = 0
        for item in differences:
            if isinstance(item, Name):
                names[code] = str(item)
                code += 1
            else:
                code = int(item)
    return names


def _program(font: Dictionary, key: str):
    descriptor = font.get("/FontDescriptor")
    stream = descriptor.get(key) if isinstance(descriptor, Dictionary) else None
    if not isinstance(stream, Stream):
        return None
    import io

    from fontTools.ttLib import TTFont

    return TTFont(io.BytesIO(stream.read_bytes()), lazy=True)
