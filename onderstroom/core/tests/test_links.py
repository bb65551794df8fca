"""`uuid_link` gives what `reverse` gives, for every uuid, script prefix and URL with uuid arguments."""

from uuid import UUID, uuid4

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from hypothesis import example, given, settings
from hypothesis import strategies as st

from onderstroom.core import links
from onderstroom.core.links import uuid_link


@settings(deadline=None)  # the first example loads the URLconf
@given(first=st.uuids(), second=st.uuids())
@example(first=UUID(int=2), second=UUID(int=1))  # uuids equal to the placeholders, crossed
def test_a_link_is_what_reverse_gives(first: UUID, second: UUID) -> None:
    assert uuid_link("schools:child", uuid=first) == reverse("schools:child", kwargs={"uuid": first})
    assert uuid_link("interactions:child_balance", group=first, child=second) == reverse(
        "interactions:child_balance", kwargs={"group": first, "child": second}
    )


def test_each_name_is_reversed_once_and_the_script_prefix_is_kept_apart() -> None:
    links._shapes.clear()
    child = uuid4()
    uuid_link("schools:child", uuid=uuid4())
    uuid_link("schools:child", uuid=child)
    assert len(links._shapes) == 1
    try:
        set_script_prefix("/onderstroom/")
        assert uuid_link("schools:child", uuid=child) == f"/onderstroom/children/{child}/"
        assert len(links._shapes) == 2
    finally:
        clear_script_prefix()
    assert uuid_link("schools:child", uuid=child) == f"/children/{child}/"


def test_anything_but_a_uuid_goes_through_reverse_and_is_refused_as_there() -> None:
    with pytest.raises(NoReverseMatch):
        uuid_link("schools:child", uuid="../../admin")  # type: ignore[arg-type]
    with pytest.raises(NoReverseMatch):
        uuid_link("schools:child", group=uuid4())
    child = uuid4()
    assert uuid_link("schools:child", uuid=str(child)) == f"/children/{child}/"  # type: ignore[arg-type]


def test_the_template_tag_links_as_url_does() -> None:
    child = uuid4()
    drawn = Template(
        "{% load links %}{% uuid_link 'schools:child' uuid=child %}|{% url 'schools:child' child %}"
    )
    link, url = drawn.render(Context({"child": child})).split("|")
    assert link == url == f"/children/{child}/"
