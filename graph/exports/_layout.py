"""Where the nodes of the first picture sit: networkx's Fruchterman-Reingold layout, then the
label boxes pushed apart so that no two labels overlap.

The page draws every label at a fixed size in canvas units, so a layout that ignores labels
either overlaps them or has to be zoomed out until they are unreadable. Here each node is a
box (its shape plus the label under or inside it); each connected component is laid out by
``networkx.spring_layout`` (seeded), scaled so that its boxes cover a fixed share of its
area, freed of overlaps, and the components are packed in rows, largest first.

Only the drawn nodes are laid out (at most 400, see _viewmodel.MAX_DRAWN), so the cost does
not grow with the graph: ``spring_layout`` is quadratic per iteration (~0.2 s at 150 nodes,
~0.5 s at 400 on numpy alone; from 500 nodes networkx switches to a scipy-based solver that
took ~10 s at 1,000 and minutes at 10k), and a picture of thousands of labelled nodes cannot
be read anyway. Deterministic: fixed seed, sorted inputs, positions rounded to integers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

SEED = 7
# Share of a component's area its boxes cover before overlaps are removed: denser packs
# more labels into the picture, sparser leaves room for the edges between them.
DENSITY = 0.45
ASPECT = 1.3  # width / height of the picture: screens and the page's drawing area are wide
GAP = 6.0  # canvas units kept free between two label boxes
MARGIN = 60.0  # between packed components


@dataclass(frozen=True)
class Box:
    """A node's footprint in canvas units: ``w`` x ``h`` centred ``dy`` below the node's centre
    (a dot's label hangs under the dot, a box's label is inside it)."""

    w: float
    h: float
    dy: float = 0.0


def layout(boxes: Sequence[Box], edges: Sequence[tuple[int, int, float]]) -> list[tuple[int, int]]:
    """Integer x/y for every box; ``edges`` are (i, j, weight) over box indices."""
    n = len(boxes)
    if n == 0:
        return []
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(range(n))
    for i, j, w in sorted(edges):
        if i != j:
            old = g.get_edge_data(i, j, {}).get("weight", 0.0)
            g.add_edge(i, j, weight=old + w)
    components = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    placed: list[tuple[list[int], dict[int, tuple[float, float]]]] = []
    for comp in components:
        placed.append((comp, _component(g, comp, boxes)))
    return _pack(placed, boxes)


def _component(g: object, comp: list[int], boxes: Sequence[Box]) -> dict[int, tuple[float, float]]:
    import networkx as nx
    import numpy as np

    if len(comp) == 1:
        return {comp[0]: (0.0, 0.0)}
    sub = nx.Graph()
    sub.add_nodes_from(comp)
    sub.add_weighted_edges_from(
        (a, b, d["weight"])
        for a, b, d in sorted(g.subgraph(comp).edges(data=True))  # type: ignore[attr-defined]
    )
    iterations = 200 if len(comp) <= 200 else 100
    raw = nx.spring_layout(sub, seed=SEED, iterations=iterations, weight="weight")
    pos = np.array([raw[i] for i in comp], dtype=float)
    pos -= pos.mean(axis=0)
    span = float(np.abs(pos).max()) or 1.0
    area = sum(boxes[i].w * boxes[i].h for i in comp) / DENSITY
    # the layout fills roughly a disc of radius `span`: scale it to the area the boxes need
    radius = math.sqrt(area / math.pi)
    pos *= radius / span
    pos *= np.array([math.sqrt(ASPECT), 1 / math.sqrt(ASPECT)])
    pos = _separate(pos, [boxes[i] for i in comp])
    return {i: (float(pos[k][0]), float(pos[k][1])) for k, i in enumerate(comp)}


def _separate(pos: object, boxes: Sequence[Box], rounds: int = 400) -> object:
    """Push overlapping label boxes apart along the axis where they overlap least, until none
    overlap. Pairs are moved symmetrically, so the picture keeps its shape."""
    import numpy as np

    p = np.array(pos, dtype=float)
    n = len(boxes)
    if n < 2:
        return p
    w = np.array([b.w for b in boxes]) + GAP
    h = np.array([b.h for b in boxes]) + GAP
    dy = np.array([b.dy for b in boxes])
    need_x = (w[:, None] + w[None, :]) / 2
    need_y = (h[:, None] + h[None, :]) / 2
    upper = np.triu(np.ones((n, n), dtype=bool), 1)
    # ties (two boxes on one spot) are broken by index, the same way every run
    tie = np.sign(np.arange(n)[:, None] - np.arange(n)[None, :]).astype(float)
    for _ in range(rounds):
        cy = p[:, 1] + dy
        dx = p[:, 0][:, None] - p[:, 0][None, :]
        dyy = cy[:, None] - cy[None, :]
        ox = need_x - np.abs(dx)
        oy = need_y - np.abs(dyy)
        hit = (ox > 0) & (oy > 0) & upper
        if not hit.any():
            break
        move = np.zeros_like(p)
        along_x = hit & (ox / need_x <= oy / need_y)
        along_y = hit & ~along_x
        sx = np.where(dx == 0, tie, np.sign(dx))
        sy = np.where(dyy == 0, tie, np.sign(dyy))
        push_x = np.where(along_x, sx * ox / 2, 0.0)
        push_y = np.where(along_y, sy * oy / 2, 0.0)
        move[:, 0] += push_x.sum(axis=1) - push_x.sum(axis=0)
        move[:, 1] += push_y.sum(axis=1) - push_y.sum(axis=0)
        p += move * 0.6 + np.sign(move) * 0.5
    return p


def _pack(
    placed: list[tuple[list[int], dict[int, tuple[float, float]]]], boxes: Sequence[Box]
) -> list[tuple[int, int]]:
    """Components side by side in rows, the picture about ASPECT times as wide as it is tall."""
    frames = []
    for comp, pos in placed:
        left = min(pos[i][0] - boxes[i].w / 2 for i in comp)
        right = max(pos[i][0] + boxes[i].w / 2 for i in comp)
        top = min(pos[i][1] + boxes[i].dy - boxes[i].h / 2 for i in comp)
        bottom = max(pos[i][1] + boxes[i].dy + boxes[i].h / 2 for i in comp)
        frames.append((comp, pos, left, top, right - left, bottom - top))
    total = sum((fw + MARGIN) * (fh + MARGIN) for *_, fw, fh in frames)
    row_width = max(max(fw for *_, fw, _ in frames), math.sqrt(total * ASPECT))
    out: dict[int, tuple[int, int]] = {}
    x = y = row_height = 0.0
    for comp, pos, left, top, fw, fh in frames:
        if x > 0 and x + fw > row_width:
            x, y, row_height = 0.0, y + row_height + MARGIN, 0.0
        for i in comp:
            px, py = pos[i]
            out[i] = (round(x + px - left), round(y + py - top))
        x += fw + MARGIN
        row_height = max(row_height, fh)
    return [out[i] for i in range(len(boxes))]
