"""Colour spaces (PDF/X-1a allows DeviceCMYK, DeviceGray, Separation and DeviceN of those),
in content, patterns, shadings and inline images."""
from __future__ import annotations

from dataclasses import replace

from pikepdf import Array, Dictionary, Name, Stream

from .document import filter_names
from .report import Where
from .state import INLINE_SPACES, State, Walk, as_dict, resource

# --- colour spaces ------------------------------------------------------------------------------

def space_named(resources: Dictionary, name) -> tuple[str, str]:
    """The family of the colour space `name` names (a device name, or one in the resources),
    and why PDF/X-1a does not allow it ("" when it does)."""
    if isinstance(name, Name) and str(name) in ("/DeviceGray", "/DeviceCMYK", "/DeviceRGB",
                                                "/Pattern"):
        space = str(name)
    else:
        space = resource(resources, "/ColorSpace", name)
    return space_family(space), space_problem(space)


def space_family(space) -> str:
    if isinstance(space, Name):
        return str(space)
    if isinstance(space, str):
        return space
    if isinstance(space, Array) and len(space) and isinstance(space[0], Name):
        return str(space[0])
    return "/Unknown"


def space_problem(space, depth: int = 0) -> str:
    """Why `space` is not allowed in PDF/X-1a, or ""."""
    family = space_family(space)
    if family in ("/DeviceGray", "/DeviceCMYK", "/Pattern"):
        return ""
    if family in ("/DeviceRGB", "/CalRGB"):
        return "RGB colour"
    if family == "/Lab":
        return "Lab colour"
    if family == "/ICCBased":
        return "ICC-based colour (PDF/X-1a allows none)"
    if family == "/CalGray":
        return "CalGray colour"
    if family == "/Indexed" and isinstance(space, Array) and len(space) > 1 and depth < 4:
        base = space_problem(space[1], depth + 1)
        return f"an indexed palette on {base}" if base else ""
    if family in ("/Separation", "/DeviceN") and isinstance(space, Array) and len(space) > 2 \
            and depth < 4:
        alternate = space_problem(space[2], depth + 1)
        return f"a {family[1:]} colour whose alternate is {alternate}" if alternate else ""
    if family == "/Unknown":
        return "an undefined colour space"
    return f"{family[1:]} colour"


def pattern(walk: Walk, resources: Dictionary, name, where: Where, depth: int) -> None:
    pattern = resource(resources, "/Pattern", name)
    if not isinstance(pattern, Dictionary):
        return
    key = ("pattern", pattern.objgen)
    if key in walk.walked:
        return
    walk.walked.add(key)
    if isinstance(pattern, Stream):  # a tiling pattern: its own content
        from .walk import walk_stream

        walk_stream(walk, pattern, as_dict(pattern.get("/Resources")), State(), where, depth + 1)
    else:
        shading(walk, pattern.get("/Shading"), where)


def shading(walk: Walk, shading, where: Where) -> None:
    if isinstance(shading, Dictionary):
        problem = space_problem(shading.get("/ColorSpace"))
        if problem:
            walk.report.fail("colour.spaces", f"a shading in {problem}", where)


def inline_image(walk: Walk, instruction, resources: Dictionary, where: Where) -> None:
    image = instruction.iimage.obj
    space = image.get("/CS", image.get("/ColorSpace"))
    if isinstance(space, Name):
        space = INLINE_SPACES.get(str(space)) or resource(resources, "/ColorSpace", space) \
            or space
    problem = space_problem(space) if space is not None else ""
    if problem and not image.get("/IM", image.get("/ImageMask", False)):
        walk.report.fail("colour.spaces", f"an inline image in {problem}",
                         replace(where, operator="BI"))
    for name in filter_names(image.get("/F", image.get("/Filter"))):
        if name in ("/LZW", "/LZWDecode"):
            walk.report.fail("file.compression", "an LZW inline image",
                             replace(where, operator="BI"))
