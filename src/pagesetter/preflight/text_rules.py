"""The rules about what is painted: black text 100 % K alone and overprinting (with the nonzero
overprint mode), no rich black small text, nothing set to overprint that vanishes (white), and a
warning for a solid-black stroke that knocks out."""
from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name

from .font_rules import font_in_use, two_byte_codes
from .report import Where
from .state import FILL_PAINT, SMALL_TEXT, STROKE_PAINT, State, Walk

# --- text and painting --------------------------------------------------------------------------

def text_shown(walk: Walk, op: str, operands, resources: Dictionary, state: State, where: Where,
          depth: int) -> None:
    cache = (walk.scope, state.font)
    if cache in walk.font_keys:
        font = walk.font_keys[cache]
    else:
        font = walk.font_keys[cache] = font_in_use(walk, resources, state,
                                             Where(where.page, where.obj, op), depth)
    if font is not None and walk.glyphs:
        codes = walk.codes.setdefault(font, set())
        two_bytes = walk.two_byte_fonts.get(font)
        if two_bytes is None:
            two_bytes = walk.two_byte_fonts[font] = walk.fonts[font].get("/Subtype") == Name.Type0
        for value in operands:
            for item in (value if isinstance(value, Array) else (value,)):
                if isinstance(item, pikepdf.String):
                    data = bytes(item)
                    codes.update(two_byte_codes(data) if two_bytes else data)
    if state.render in (3, 7):  # invisible text (3) or a clip (7) prints nothing
        return
    where = Where(where.page, where.obj, op)
    if state.render in (0, 2, 4, 6):
        if state.fill_problem:
            walk.once("colour.spaces", state.fill_problem, where)
        black_text(walk, state, state.text_size(), where)
        overprint(walk, state.fill_space, state.fill, state.op, state.opm, "text", where)
    if state.render in (1, 2, 5, 6):
        if state.stroke_problem:
            walk.once("colour.spaces", state.stroke_problem, where)
        overprint(walk, state.stroke_space, state.stroke, state.OP, state.opm, "outlined text",
                   where)


def black_text(walk: Walk, state: State, size: float, where: Where) -> None:
    """Black text: 100 % K alone, overprinting (with the nonzero overprint mode when it is
    DeviceCMYK, or it knocks the plates below out); small text never in rich black."""
    space, fill = state.fill_space, state.fill
    if space == "/DeviceCMYK" and len(fill) == 4:
        c, m, y, k = fill
        if k >= 0.9 and (c or m or y) and size < SMALL_TEXT:
            walk.once("text.black", f"rich black {size:.1f} pt text "
                                    f"({c * 100:.0f}/{m * 100:.0f}/{y * 100:.0f}/"
                                    f"{k * 100:.0f})", where, size)
        elif (c, m, y, k) == (0, 0, 0, 1) and not state.op:
            walk.once("text.black", "black text knocks out (it does not overprint)", where)
        elif (c, m, y, k) == (0, 0, 0, 1) and state.opm == 0:
            walk.once("text.black", "black text set to overprint with OPM 0: DeviceCMYK zeros "
                                    "knock the plates below out", where)
    elif space == "/DeviceGray" and len(fill) == 1 and fill[0] == 0 and not state.op:
        walk.once("text.black", "black text knocks out (it does not overprint)", where)
    elif space in ("/DeviceRGB", "/CalRGB", "/CalGray", "/ICCBased") and len(fill) in (1, 3) \
            and not any(fill):  # black, in a space the RIP converts
        plates = "rich black on four plates" if len(fill) == 3 else \
            "the plates the colour conversion chooses"
        walk.once("text.black", f"black text in {space[1:]} colour is not 100 % K alone: it "
                                f"separates into {plates}", where, size)


def painted(walk: Walk, op: str, state: State, where: Where) -> None:
    if op in FILL_PAINT:
        if state.fill_problem:
            walk.once("colour.spaces", state.fill_problem, where)
        overprint(walk, state.fill_space, state.fill, state.op, state.opm, "a fill", where)
    if op in STROKE_PAINT:
        if state.stroke_problem:
            walk.once("colour.spaces", state.stroke_problem, where)
        overprint(walk, state.stroke_space, state.stroke, state.OP, state.opm, "a stroke",
                   where)
        if state.stroke_space == "/DeviceCMYK" and state.stroke == (0.0, 0.0, 0.0, 1.0) \
                and not (state.OP and state.opm == 1):
            key = ("colour.overprint", "black stroke", where.page)
            if key not in walk.reported:
                walk.reported.add(key)
                walk.report.warn("colour.overprint", "a 100 % K stroke knocks out what is "
                                 "under it (a white hairline where plates misregister; set it "
                                 "to overprint with OPM 1)", where)


def overprint(walk: Walk, space: str, colour: tuple[float, ...], overprint: bool, opm: int,
               what: str, where: Where) -> None:
    """What vanishes on press: white set to overprint."""
    if not overprint:
        return
    white = (space == "/DeviceCMYK" and len(colour) == 4 and not any(colour)) or \
        (space == "/DeviceGray" and colour == (1.0,))
    if white:
        walk.once("colour.overprint", f"white {what} set to overprint: it vanishes on press",
                  where)
