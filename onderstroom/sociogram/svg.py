"""The sociogram as SVG, drawn on the server: the same data always gives byte-identical SVG.

Layout: a target diagram. Children chosen often sit near the centre, children chosen by nobody on
the outer ring; around each ring children follow one fixed order in which friends of a reciprocal
subgroup sit next to each other. Nothing random, no iteration: positions depend only on the input.
One-way choices are thin arrows, mutual choices thick lines without arrowheads. Colours and font
come from the chart kit in `core/charts.py`.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from onderstroom.core.charts import FONT, PALETTE
from onderstroom.sociogram.network import mutual_components
from onderstroom.sociogram.status import Status

NODE_RADIUS = 20
SPACING = 84  # room along a ring for one child and their name
RING_BASE = (75, 160, 250, 340)  # smallest radius of each ring, centre outwards
RING_GAP = 95
MARGIN = 70
MIN_HALF = 300  # so that the legend fits under a small class
LINE = 26  # legend line height
LEGEND_COLUMN = 190

INK = PALETTE.ink
SOFT = PALETTE.soft
MUTUAL = PALETTE.brand
NEGATIVE = PALETTE.negative
WHITE = PALETTE.white

# Status colours with the letter colour drawn on them; status is also written in the table.
STATUS_FILL: dict[Status | None, tuple[str, str]] = {
    Status.POPULAR: (PALETTE.positive, WHITE),
    Status.REJECTED: (PALETTE.negative, WHITE),
    Status.NEGLECTED: (PALETTE.grey, WHITE),
    Status.CONTROVERSIAL: (PALETTE.warn, WHITE),
    Status.AVERAGE: (PALETTE.brand, WHITE),
    Status.UNCLASSIFIED: (PALETTE.line, INK),
    None: (WHITE, INK),
}


@dataclass(frozen=True)
class Node:
    key: int
    label: str
    status: Status | None
    chosen_by: int
    photo_url: str | None = None
    title: str = ""  # spoken / hover text, such as "Sanne: chosen by 5"


@dataclass(frozen=True)
class Legend:
    """Texts of the legend, in the reader's language (the renderer itself holds no words)."""

    title: str
    description: str
    one_way: str  # empty: the drawing has no one-way arrows (the rating method shows mutual ties only)
    mutual: str
    negative: str
    centre: str
    statuses: Sequence[tuple[Status | None, str]]


@dataclass(frozen=True)
class Placed:
    node: Node
    x: float
    y: float


def num(value: float) -> str:
    """One decimal, never "-0.0": the text of every coordinate is fixed by the value."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def ring_of(chosen_by: int, mean: float, sd: float) -> int:
    if chosen_by == 0:
        return 3
    if sd > 0 and chosen_by >= mean + sd:
        return 0
    return 1 if chosen_by >= mean else 2


def layout(nodes: Sequence[Node], choices: set[tuple[int, int]]) -> tuple[list[Placed], float, list[float]]:
    """Positions around the centre (0, 0), the outer radius, and the radius of each ring in use."""
    keys = [n.key for n in nodes]
    order = [key for component in mutual_components(keys, choices) for key in component]
    angle_of = {key: 2 * math.pi * i / max(len(order), 1) for i, key in enumerate(order)}
    counts = [n.chosen_by for n in nodes]
    mean = sum(counts) / len(counts) if counts else 0.0
    sd = math.sqrt(sum((c - mean) ** 2 for c in counts) / len(counts)) if counts else 0.0
    rings: dict[int, list[Node]] = {}
    for node in nodes:
        rings.setdefault(ring_of(node.chosen_by, mean, sd), []).append(node)
    placed: list[Placed] = []
    radii: list[float] = []
    previous: float = -RING_GAP
    for ring in sorted(rings):
        members = sorted(rings[ring], key=lambda n: (angle_of[n.key], n.key))
        if ring == 0 and len(members) == 1:
            radius = 0.0
        else:
            radius = max(RING_BASE[ring], len(members) * SPACING / (2 * math.pi), previous + RING_GAP)
        previous = radius
        radii.append(radius)
        angles = spread([angle_of[n.key] for n in members], SPACING / radius if radius else 0.0)
        for node, angle in zip(members, angles, strict=True):
            turned = angle - math.pi / 2  # the first child of the order sits at the top
            placed.append(Placed(node, radius * math.cos(turned), radius * math.sin(turned)))
    return placed, max(radii, default=0.0), [r for r in radii if r > 0]


def spread(angles: list[float], gap: float) -> list[float]:
    """Angles moved apart until neighbours are at least `gap` apart, each moved as little as possible.

    Children keep their place in the fixed order (friends next to each other) instead of being
    dealt out evenly. The circle is cut at its widest gap; along the cut the least-squares answer
    is an isotonic regression (pool adjacent violators): exact, no iteration, same input, same output.
    """
    count = len(angles)
    if count < 2 or gap <= 0:
        return list(angles)
    full = 2 * math.pi
    order = sorted(range(count), key=lambda i: (angles[i] % full, i))
    ring = [angles[i] % full for i in order]
    gaps = [(ring[(k + 1) % count] - ring[k]) % full or full for k in range(count)]
    cut = max(range(count), key=lambda k: (gaps[k], -k)) + 1  # start right after the widest gap
    line = [ring[(cut + k) % count] for k in range(count)]
    line = [value + full if value < line[0] else value for value in line]  # unwrap past a full turn
    shifted = isotonic([value - k * gap for k, value in enumerate(line)])
    placed = [value + k * gap for k, value in enumerate(shifted)]
    if placed[-1] - placed[0] > full - gap:  # too crowded to keep the order's angles: deal evenly
        placed = [placed[0] + k * full / count for k in range(count)]
    found = [0.0] * count
    for k, value in enumerate(placed):
        found[order[(cut + k) % count]] = value
    return found


def isotonic(values: list[float]) -> list[float]:
    """The closest non-decreasing sequence (least squares), by pooling adjacent violators."""
    blocks: list[list[float]] = []  # [sum, count]
    for value in values:
        blocks.append([value, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, size = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += size
    return [total / size for total, size in blocks for _ in range(int(size))]


def attributes(attrs: dict[str, object]) -> str:
    """Attributes in the order given; floats with one decimal, so the text depends only on the value."""
    return "".join(
        f' {key}="{num(v) if isinstance(v, float) else escape(str(v))}"' for key, v in attrs.items()
    )


def tag(name: str, attrs: dict[str, object], content: str | None = None) -> str:
    """One SVG element; `content` must already be escaped."""
    text = attributes(attrs)
    return f"<{name}{text}/>" if content is None else f"<{name}{text}>{content}</{name}>"


def render(
    nodes: Sequence[Node],
    choices: set[tuple[int, int]],
    legend: Legend,
    negative: set[tuple[int, int]] | None = None,
) -> str:
    """The whole SVG document. `nodes` must come in a fixed order (the caller sorts by name)."""
    placed, outer, radii = layout(nodes, choices)
    half = max(outer + NODE_RADIUS + MARGIN, MIN_HALF)
    size = 2 * half
    height = size + _legend_height(legend, size, negative is not None)
    at = {p.node.key: p for p in placed}
    svg = attributes(
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": "sociogram",
            "viewBox": f"0 0 {num(size)} {num(height)}",
            "width": size,
            "height": height,
            "role": "img",
            "aria-labelledby": "sg-title sg-desc",
            "font-family": FONT,
        }
    )
    parts = [
        f"<svg{svg}>",
        tag("title", {"id": "sg-title"}, escape(legend.title)),
        tag("desc", {"id": "sg-desc"}, escape(legend.description)),
        _defs(placed, half),
        tag("rect", {"x": 0.0, "y": 0.0, "width": size, "height": height, "fill": WHITE}),
    ]
    guide = {"fill": "none", "stroke": PALETTE.track, "stroke-width": 1.5, "stroke-dasharray": "4 6"}
    parts += [tag("circle", {"cx": half, "cy": half, "r": r, **guide}) for r in radii]
    parts.append(_edges(at, choices, negative or set(), half))
    parts += [_node(i, p, half) for i, p in enumerate(placed)]
    parts.append(_legend(legend, size, negative is not None))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _arrow(marker_id: str, colour: str) -> str:
    head = tag("path", {"d": "M0,0 L10,5 L0,10 z", "fill": colour})
    attrs = {"id": marker_id, "viewBox": "0 0 10 10", "refX": 9, "refY": 5}
    return tag("marker", {**attrs, "markerWidth": 7, "markerHeight": 7, "orient": "auto"}, head)


def _defs(placed: list[Placed], half: float) -> str:
    clips = "".join(
        tag(
            "clipPath",
            {"id": f"sg-clip-{i}"},
            tag("circle", {"cx": half + p.x, "cy": half + p.y, "r": NODE_RADIUS}),
        )
        for i, p in enumerate(placed)
        if p.node.photo_url
    )
    return f"<defs>{_arrow('sg-arrow', SOFT)}{_arrow('sg-arrow-neg', NEGATIVE)}{clips}</defs>"


def _shortened(a: Placed, b: Placed, half: float, end_gap: float) -> dict[str, object]:
    """The segment between two nodes, from rim to rim (with room for an arrowhead at the end)."""
    dx, dy = b.x - a.x, b.y - a.y
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    return {
        "x1": half + a.x + ux * NODE_RADIUS,
        "y1": half + a.y + uy * NODE_RADIUS,
        "x2": half + b.x - ux * (NODE_RADIUS + end_gap),
        "y2": half + b.y - uy * (NODE_RADIUS + end_gap),
    }


ONE_WAY_STYLE = {"stroke": SOFT, "stroke-width": 1.5, "marker-end": "url(#sg-arrow)"}
MUTUAL_STYLE = {"stroke": MUTUAL, "stroke-width": 5, "stroke-linecap": "round"}
NEGATIVE_STYLE = {
    "stroke": NEGATIVE,
    "stroke-width": 1.5,
    "stroke-dasharray": "6 4",
    "marker-end": "url(#sg-arrow-neg)",
}


def _edges(
    at: dict[int, Placed], choices: set[tuple[int, int]], negative: set[tuple[int, int]], half: float
) -> str:
    index = {key: i for i, key in enumerate(at)}

    def in_order(pairs: set[tuple[int, int]]) -> list[tuple[int, int]]:
        return sorted(
            (p for p in pairs if p[0] in at and p[1] in at), key=lambda p: (index[p[0]], index[p[1]])
        )

    lines = []
    for a, b in in_order(choices):
        mutual = (b, a) in choices
        if mutual and index[a] > index[b]:
            continue  # drawn once, from the first of the two
        segment = _shortened(at[a], at[b], half, 0 if mutual else 2)
        style, name = (MUTUAL_STYLE, "sg-mutual") if mutual else (ONE_WAY_STYLE, "sg-one-way")
        lines.append(tag("line", {**segment, **style, "class": name}))
    for a, b in in_order(negative):
        lines.append(
            tag("line", {**_shortened(at[a], at[b], half, 2), **NEGATIVE_STYLE, "class": "sg-negative"})
        )
    return '<g class="sg-edges">' + "".join(lines) + "</g>"


def _node(i: int, p: Placed, half: float) -> str:
    cx, cy = half + p.x, half + p.y
    fill, ink = STATUS_FILL.get(p.node.status, STATUS_FILL[None])
    parts = [
        tag("title", {}, escape(p.node.title or p.node.label)),
        tag(
            "circle", {"cx": cx, "cy": cy, "r": NODE_RADIUS, "fill": fill, "stroke": INK, "stroke-width": 1.5}
        ),
    ]
    if p.node.photo_url:
        corner = {
            "x": cx - NODE_RADIUS,
            "y": cy - NODE_RADIUS,
            "width": 2 * NODE_RADIUS,
            "height": 2 * NODE_RADIUS,
        }
        image = {"href": p.node.photo_url, **corner, "clip-path": f"url(#sg-clip-{i})"}
        parts.append(tag("image", {**image, "preserveAspectRatio": "xMidYMid slice"}))
        parts.append(
            tag(
                "circle",
                {"cx": cx, "cy": cy, "r": NODE_RADIUS, "fill": "none", "stroke": fill, "stroke-width": 4},
            )
        )
    else:
        letter = {
            "x": cx,
            "y": cy + 6,
            "text-anchor": "middle",
            "font-size": 17,
            "font-weight": 700,
            "fill": ink,
        }
        parts.append(tag("text", letter, escape(p.node.label[:1].upper())))
    # The white halo is a text of its own under the name (WeasyPrint ignores paint-order).
    name = {"x": cx, "y": cy + NODE_RADIUS + 16, "text-anchor": "middle", "font-size": 14}
    halo = {"fill": WHITE, "stroke": WHITE, "stroke-width": 4, "stroke-linejoin": "round"}
    parts.append(tag("text", {**name, **halo, "aria-hidden": "true"}, escape(p.node.label)))
    parts.append(tag("text", {**name, "fill": INK}, escape(p.node.label)))
    return '<g class="sg-node">' + "".join(parts) + "</g>"


def _legend_columns(width: float) -> int:
    return max(int((width - MARGIN) // LEGEND_COLUMN), 1)


def _legend_height(legend: Legend, width: float, with_negative: bool) -> float:
    status_rows = math.ceil(len(legend.statuses) / _legend_columns(width))
    lines = 2 + int(bool(legend.one_way)) + int(with_negative) + status_rows
    return float(LINE * lines + 20)


def _legend(legend: Legend, width: float, with_negative: bool) -> str:
    x = MARGIN / 2
    y = width + 14  # the baseline of the first legend line
    rows = []
    if legend.one_way:
        rows.append(_legend_line(x, y, ONE_WAY_STYLE, legend.one_way))
        y += LINE
    rows.append(_legend_line(x, y, MUTUAL_STYLE, legend.mutual))
    if with_negative:
        y += LINE
        rows.append(_legend_line(x, y, NEGATIVE_STYLE, legend.negative))
    y += LINE
    rows.append(tag("text", {"x": x, "y": y, "font-size": 14, "fill": INK}, escape(legend.centre)))
    columns = _legend_columns(width)
    for i, (status, text) in enumerate(legend.statuses):
        fill, _ink = STATUS_FILL.get(status, STATUS_FILL[None])
        sx = x + (i % columns) * LEGEND_COLUMN
        sy = y + LINE * (1 + i // columns)
        rows.append(
            tag(
                "circle", {"cx": sx + 9, "cy": sy - 5, "r": 9, "fill": fill, "stroke": INK, "stroke-width": 1}
            )
        )
        rows.append(tag("text", {"x": sx + 24, "y": sy, "font-size": 13, "fill": INK}, escape(text)))
    return '<g class="sg-legend">' + "".join(rows) + "</g>"


def _legend_line(x: float, y: float, style: dict[str, object], text: str) -> str:
    line = tag("line", {"x1": x, "y1": y - 5, "x2": x + 40, "y2": y - 5, **style})
    return line + tag("text", {"x": x + 52, "y": y, "font-size": 14, "fill": INK}, escape(text))
