"""Links to one kind of page for many objects at once: `uuid_link("schools:child", uuid=child.uuid)`.

A class overview of 30 links every child and every signal's next steps, some 90 links; Django's
`reverse` matches the URL patterns anew for each. Here each URL name is reversed once per process
(and script prefix and URLconf) with placeholder uuids, and every link puts its own uuids in their
places. The result is what `reverse(name, kwargs=uuids)` gives, for URLs whose arguments are uuids.
"""

from uuid import UUID

from django.urls import get_script_prefix, get_urlconf, reverse

# (URL name, script prefix, URLconf, argument names) → the URL cut at its arguments: the text
# before, between and after them, and which argument goes in each cut.
_shapes: dict[tuple[str, str, object, tuple[str, ...]], tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _placeholder(index: int) -> str:
    return str(UUID(int=index + 1))  # 00000000-0000-0000-0000-000000000001: never a uuid4


def _cut(url: str, names: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The URL reversed with placeholders, cut where each placeholder stands (None: not once each)."""
    found = []
    for index, name in enumerate(names):
        if url.count(_placeholder(index)) != 1:
            return None
        found.append((url.index(_placeholder(index)), index, name))
    texts, order, position = [], [], 0
    for start, index, name in sorted(found):
        texts.append(url[position:start])
        order.append(name)
        position = start + len(_placeholder(index))
    texts.append(url[position:])
    return tuple(texts), tuple(order)


def uuid_link(name: str, **uuids: UUID) -> str:
    names = tuple(uuids)
    if not all(isinstance(value, UUID) for value in uuids.values()):
        return reverse(name, kwargs=uuids)  # anything else is checked against the pattern as usual
    key = (name, get_script_prefix(), get_urlconf(), names)
    shape = _shapes.get(key)
    if shape is None:
        url = reverse(name, kwargs={arg: UUID(_placeholder(i)) for i, arg in enumerate(names)})
        cut = _cut(url, names)
        if cut is None:
            return reverse(name, kwargs=uuids)
        shape = _shapes[key] = cut
    texts, order = shape
    parts = [texts[0]]
    for arg, text in zip(order, texts[1:], strict=True):
        parts += [str(uuids[arg]), text]
    return "".join(parts)
