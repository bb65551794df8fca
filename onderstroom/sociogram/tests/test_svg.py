"""The sociogram SVG: deterministic, readable, and honest about one-way and mutual choices."""

import hashlib
import math
import random
import xml.etree.ElementTree as ET

from onderstroom.sociogram.status import Status
from onderstroom.sociogram.svg import Legend, Node, layout, render, spread

SVG = "{http://www.w3.org/2000/svg}"
LEGEND = Legend(
    title="Sociogram",
    description="Who chose whom",
    one_way="chooses",
    mutual="chose each other",
    negative="rather not",
    centre="Closer to the centre: chosen more often",
    statuses=[(s, s.value) for s in Status],
)
NAMES = ["Anna", "Bram", "Carla", "Daan", "Eva", "Fleur", "Gijs", "Hugo", "Iris", "Jan", "Kim", "Lotte"]
CHOICES = {
    (0, 1),
    (1, 0),
    (1, 2),
    (2, 1),
    (0, 2),
    (3, 0),
    (4, 0),
    (5, 4),
    (4, 5),
    (6, 7),
    (7, 6),
    (8, 0),
    (9, 1),
}


def class_nodes(choices: set[tuple[int, int]], photos: bool = False) -> list[Node]:
    chosen = {i: sum(1 for _, b in choices if b == i) for i in range(len(NAMES))}
    return [
        Node(
            i, name, Status.AVERAGE if i % 3 else None, chosen[i], f"/children/{i}/photo" if photos else None
        )
        for i, name in enumerate(NAMES)
    ]


def test_same_data_draws_byte_identical_svg() -> None:
    """Rendering twice, and with the choices built in another order, gives the very same bytes."""
    first = render(class_nodes(CHOICES), CHOICES, LEGEND)
    shuffled = list(CHOICES)
    random.Random(7).shuffle(shuffled)
    second = render(class_nodes(CHOICES), set(shuffled), LEGEND)
    assert hashlib.sha256(first.encode()).hexdigest() == hashlib.sha256(second.encode()).hexdigest()


def test_other_data_draws_another_svg() -> None:
    """Determinism is not a constant: one more choice moves something."""
    assert render(class_nodes(CHOICES), CHOICES, LEGEND) != render(
        class_nodes(CHOICES | {(10, 11)}), CHOICES | {(10, 11)}, LEGEND
    )


def test_svg_is_well_formed_and_titled() -> None:
    root = ET.fromstring(render(class_nodes(CHOICES), CHOICES, LEGEND))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Sociogram"


def test_mutual_choices_are_thick_lines_and_one_way_choices_arrows() -> None:
    root = ET.fromstring(render(class_nodes(CHOICES), CHOICES, LEGEND))
    mutual = root.findall(f".//{SVG}line[@class='sg-mutual']")
    one_way = root.findall(f".//{SVG}line[@class='sg-one-way']")
    assert len(mutual) == 4  # 0-1, 1-2, 4-5, 6-7: each drawn once
    assert len(one_way) == 5  # 0>2, 3>0, 4>0, 8>0, 9>1
    assert all(float(line.get("stroke-width")) > 3 for line in mutual)
    assert all(line.get("marker-end") == "url(#sg-arrow)" for line in one_way)


def test_every_child_has_a_readable_label() -> None:
    root = ET.fromstring(render(class_nodes(CHOICES), CHOICES, LEGEND))
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("aria-hidden") is None]
    assert all(name in labels for name in NAMES)
    sizes = {float(t.get("font-size")) for t in root.iter(f"{SVG}text")}
    assert min(sizes) >= 13


def test_names_are_escaped() -> None:
    nodes = [Node(1, "<Bo & Co>", None, 0), Node(2, "Eva", None, 1)]
    svg = render(nodes, {(1, 2)}, LEGEND)
    assert "&lt;Bo &amp; Co&gt;" in svg
    ET.fromstring(svg)


def test_photos_only_when_given() -> None:
    assert "<image" not in render(class_nodes(CHOICES), CHOICES, LEGEND)
    with_photos = render(class_nodes(CHOICES, photos=True), CHOICES, LEGEND)
    assert with_photos.count("<image") == len(NAMES)
    assert 'href="/children/0/photo"' in with_photos


def test_negative_lines_only_when_asked_for() -> None:
    assert "sg-negative" not in render(class_nodes(CHOICES), CHOICES, LEGEND)
    assert render(class_nodes(CHOICES), CHOICES, LEGEND, negative={(9, 8)}).count('class="sg-negative"') == 1


def test_children_chosen_more_sit_closer_to_the_centre() -> None:
    placed, _outer, _radii = layout(class_nodes(CHOICES), CHOICES)
    distance = {p.node.key: (p.x**2 + p.y**2) ** 0.5 for p in placed}
    assert distance[0] < distance[3]  # Anna, chosen by four, inside Daan, chosen by nobody
    assert distance[1] < distance[10]


def test_no_two_children_overlap() -> None:
    """Thirty children: every pair of circles stays apart, with room for the names."""
    names = [f"Kind{i}" for i in range(30)]
    choices = {(i, (i * 7 + 3) % 30) for i in range(30)} | {((i * 7 + 3) % 30, i) for i in range(0, 30, 4)}
    nodes = [Node(i, n, None, sum(1 for _, b in choices if b == i)) for i, n in enumerate(names)]
    placed, _outer, _radii = layout(nodes, choices - {(i, i) for i in range(30)})
    for a in placed:
        for b in placed:
            if a.node.key < b.node.key:
                assert ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5 > 44


def test_spread_keeps_close_angles_apart_and_leaves_free_ones() -> None:
    angles = spread([0.0, 0.01, 3.0], gap=0.5)
    assert abs((angles[1] - angles[0]) - 0.5) < 1e-6
    assert angles[2] == 3.0


def test_spread_works_across_the_top_of_the_circle() -> None:
    """Two children just either side of angle 0 are pushed apart around the circle, not across it."""
    angles = spread([6.25, 0.05], gap=0.5)
    apart = (angles[1] - angles[0]) % (2 * math.pi)
    assert abs(apart - 0.5) < 1e-6
    assert abs(angles[0] % (2 * math.pi) - (6.25 - 0.2084)) < 1e-3  # each moves half of 0.5 - 0.0832
