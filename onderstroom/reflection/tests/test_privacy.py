"""A reflection belongs to its author. Nobody else reads it, unless the author shares that one
entry with a named care coordinator of the group, and then only until the share is withdrawn.
Every read is in the audit log, and not one word of the entry is."""

import pytest
from django.test import Client
from django.urls import reverse

from onderstroom.audit.models import AuditEvent
from onderstroom.reflection.models import Entry
from onderstroom.schools.access import today
from onderstroom.testing.world import Persona, World, make_staff

pytestmark = pytest.mark.django_db

SECRET = {
    "word_1": "Zandkorrel",
    "moment_1": "Bij het voorlezen kroop ze weg achter de kast",
    "picture": "Zij wil altijd aandacht trekken",
    "behind": "Misschien slaapt ze slecht sinds de verhuizing",
    "will_try": "Elke ochtend even bij de deur begroeten",
}
WORDS = list(SECRET.values())


def write(world: World, **fields: object) -> Entry:
    return Entry.objects.create(
        school=world.school,
        child=world.child,
        group=world.group,
        author=world.teacher,
        written_on=today(),
        **{**SECRET, **fields},
    )


def client_of(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def pages(world: World, entry: Entry) -> list[str]:
    """Every page where an entry about the world's child could ever show."""
    return [
        reverse("reflection:entry", kwargs={"uuid": entry.uuid}),
        reverse("reflection:journal", kwargs={"uuid": world.child.uuid}),
        reverse("schools:child", kwargs={"uuid": world.child.uuid}),
        reverse("schools:group", kwargs={"uuid": world.group.uuid}),
        reverse("core:home"),
    ]


def shows_entry(client: Client, world: World, entry: Entry) -> bool:
    """Any of the entry's words on any page, or a link to it on a page other than its own
    (whose address the page repeats, in the language form, even when it answers 404)."""
    found = False
    own_page, *others = pages(world, entry)
    for url in [own_page, *others]:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code in (200, 404, 302)
        linked = url != own_page and str(entry.uuid) in html
        found = found or linked or any(word in html for word in WORDS)
    return found


def test_the_author_reads_the_entry(world: World) -> None:
    entry = write(world)
    assert shows_entry(client_of(world.teacher), world, entry)


@pytest.mark.parametrize("who", ["co_teacher", "other_teacher", "care", "admin", "board_admin", "outsider"])
def test_nobody_else_reads_a_private_entry(world: World, who: str) -> None:
    entry = write(world)
    client = client_of(getattr(world, who))
    assert client.get(reverse("reflection:entry", kwargs={"uuid": entry.uuid})).status_code == 404
    assert not shows_entry(client, world, entry)


def test_a_child_and_an_anonymous_visitor_read_nothing(world: World) -> None:
    entry = write(world)
    for persona in (Persona.CHILD, Persona.ANONYMOUS):
        client = world.client_for(persona)
        assert not shows_entry(client, world, entry)


def test_a_school_admin_who_also_teaches_another_group_still_reads_nothing(world: World) -> None:
    """Roles add up to what each role may see; no role opens another teacher's journal."""
    entry = write(world)
    head = make_staff(
        world.school, ["school_admin", "teacher"], teaches=[world.other_group], name="Directeur Kim"
    )
    assert not shows_entry(client_of(head), world, entry)


def test_a_shared_entry_is_for_the_named_care_coordinator_only(world: World) -> None:
    entry = write(world)
    second_care = make_staff(world.school, ["care"], supports=[world.group], name="Intern begeleider Eefje")
    author = client_of(world.teacher)
    share = author.post(
        reverse("reflection:share", kwargs={"uuid": entry.uuid}), {"coordinator": str(world.care.uuid)}
    )
    assert share.status_code == 302
    entry.refresh_from_db()
    assert entry.shared_with == world.care

    care = client_of(world.care)
    assert care.get(reverse("reflection:entry", kwargs={"uuid": entry.uuid})).status_code == 200
    assert shows_entry(care, world, entry)
    for user in (second_care, world.co_teacher, world.other_teacher, world.admin, world.board_admin):
        assert not shows_entry(client_of(user), world, entry)

    # A second entry of the same author stays private while the first is shared.
    private = write(world, word_1="Anders")
    assert care.get(reverse("reflection:entry", kwargs={"uuid": private.uuid})).status_code == 404

    withdraw = author.post(reverse("reflection:unshare", kwargs={"uuid": entry.uuid}))
    assert withdraw.status_code == 302
    assert care.get(reverse("reflection:entry", kwargs={"uuid": entry.uuid})).status_code == 404
    assert not shows_entry(care, world, entry)


def test_the_child_page_names_the_panel_for_what_each_reader_has(world: World) -> None:
    """The author reads "your reflections"; the care coordinator, who wrote none, what was shared."""
    write(world, shared_with=world.care)
    child_page = reverse("schools:child", kwargs={"uuid": world.child.uuid})
    author = client_of(world.teacher).get(child_page).content.decode()
    care = client_of(world.care).get(child_page).content.decode()
    assert "Jouw reflecties" in author
    assert "Jouw reflecties" not in care
    assert "Reflecties die met jou gedeeld zijn" in care


def test_a_share_follows_the_care_coordinator_of_the_group(world: World) -> None:
    """Shared with the care coordinator, who is then taken off the group: they no longer read it."""
    entry = write(world, shared_with=world.care)
    care = client_of(world.care)
    assert shows_entry(care, world, entry)
    world.care.group_assignments.all().delete()
    assert not shows_entry(care, world, entry)


@pytest.mark.parametrize("who", ["co_teacher", "other_teacher", "admin", "outsider"])
def test_only_a_care_coordinator_of_the_group_can_be_chosen(world: World, who: str) -> None:
    entry = write(world)
    response = client_of(world.teacher).post(
        reverse("reflection:share", kwargs={"uuid": entry.uuid}),
        {"coordinator": str(getattr(world, who).uuid)},
        follow=True,
    )
    assert response.status_code == 200
    assert list(response.context["messages"])
    entry.refresh_from_db()
    assert entry.shared_with is None


@pytest.mark.parametrize("value", ["", "not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_a_broken_share_request_changes_nothing(world: World, value: str) -> None:
    entry = write(world)
    response = client_of(world.teacher).post(
        reverse("reflection:share", kwargs={"uuid": entry.uuid}), {"coordinator": value}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.shared_with is None


def test_only_the_author_shares_withdraws_edits_or_deletes(world: World) -> None:
    entry = write(world, shared_with=world.care)
    care = client_of(world.care)
    for name in ("share", "unshare", "delete"):
        url = reverse(f"reflection:{name}", kwargs={"uuid": entry.uuid})
        assert care.post(url, {"coordinator": str(world.care.uuid)}).status_code == 404
    assert care.get(reverse("reflection:edit", kwargs={"uuid": entry.uuid})).status_code == 404
    entry.refresh_from_db()
    assert entry.shared_with == world.care


def every_audit_value() -> list[str]:
    values = []
    for row in AuditEvent.objects.all().values():
        values.extend(str(value) for value in row.values())
    return values


def test_every_read_is_audited_without_the_text(world: World) -> None:
    entry = write(world, shared_with=world.care)
    author, care = client_of(world.teacher), client_of(world.care)
    author.get(reverse("reflection:entry", kwargs={"uuid": entry.uuid}))
    author.get(reverse("reflection:journal", kwargs={"uuid": world.child.uuid}))
    author.get(reverse("schools:child", kwargs={"uuid": world.child.uuid}))
    author.get(reverse("reflection:edit", kwargs={"uuid": entry.uuid}))
    care.get(reverse("reflection:entry", kwargs={"uuid": entry.uuid}))
    care.get(reverse("reflection:journal", kwargs={"uuid": world.child.uuid}))
    reads = AuditEvent.objects.filter(action="reflection.entry.view", object_uuid=str(entry.uuid))
    assert list(reads.order_by("sequence").values_list("actor_user_id", flat=True)) == [
        world.teacher.pk,  # the entry page
        world.teacher.pk,  # the journal
        world.teacher.pk,  # the child page's list
        world.teacher.pk,  # the edit form
        world.care.pk,
        world.care.pk,
    ]
    assert set(reads.values_list("child_id", flat=True)) == {world.child.pk}
    text = " ".join(every_audit_value())
    for word in WORDS:
        assert word not in text
        for part in word.split():
            if len(part) > 6:
                assert part not in text


def test_writing_changing_sharing_and_deleting_are_audited_without_the_text(world: World) -> None:
    author = client_of(world.teacher)
    author.post(reverse("reflection:new", kwargs={"uuid": world.child.uuid}), {**SECRET, "evoked": ["sigh"]})
    entry = Entry.objects.get()
    assert (entry.author, entry.group, entry.evoked, entry.shared_with) == (
        world.teacher,
        world.group,
        ["sigh"],
        None,
    )
    author.post(reverse("reflection:edit", kwargs={"uuid": entry.uuid}), {**SECRET, "needs": "Rust"})
    author.post(
        reverse("reflection:share", kwargs={"uuid": entry.uuid}), {"coordinator": str(world.care.uuid)}
    )
    author.post(reverse("reflection:unshare", kwargs={"uuid": entry.uuid}))
    author.post(reverse("reflection:delete", kwargs={"uuid": entry.uuid}))
    assert not Entry.objects.exists()
    writes = list(
        AuditEvent.objects.filter(object_uuid=str(entry.uuid))
        .exclude(action="reflection.entry.view")
        .order_by("sequence")
    )
    assert [row.action for row in writes] == [
        "reflection.entry.create",
        "reflection.entry.update",
        "reflection.entry.share",
        "reflection.entry.unshare",
        "reflection.entry.delete",
    ]
    assert writes[0].details["prompts"] == ["word_1", "moment_1", "evoked", "picture", "behind", "will_try"]
    text = " ".join(every_audit_value())
    assert not any(word in text for word in [*WORDS, "Rust"])


def test_the_home_page_tells_the_named_care_coordinator_of_a_new_share_and_audits_it(world: World) -> None:
    entry = write(world)
    client_of(world.teacher).post(
        reverse("reflection:share", kwargs={"uuid": entry.uuid}), {"coordinator": str(world.care.uuid)}
    )
    home = client_of(world.care).get(reverse("core:home")).content.decode()
    assert f"{world.teacher.full_name} deelde een reflectie over {world.child.full_name} met je." in home
    assert reverse("reflection:entry", kwargs={"uuid": entry.uuid}) in home
    assert not any(word in home for word in WORDS)
    listed = AuditEvent.objects.filter(action="reflection.shared.listed", actor_user_id=world.care.pk)
    assert list(listed.values_list("child_id", flat=True)) == [world.child.pk]
    # The author's own home page does not list what they shared.
    assert str(entry.uuid) not in client_of(world.teacher).get(reverse("core:home")).content.decode()


def test_an_entry_shared_long_ago_has_left_the_home_page(world: World) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from onderstroom.reflection.panels import RECENT_SHARE_DAYS

    entry = write(
        world, shared_with=world.care, shared_at=timezone.now() - timedelta(days=RECENT_SHARE_DAYS + 1)
    )
    fresh = write(
        world, shared_with=world.care, shared_at=timezone.now() - timedelta(days=RECENT_SHARE_DAYS - 1)
    )
    home = client_of(world.care).get(reverse("core:home")).content.decode()
    assert str(fresh.uuid) in home
    assert str(entry.uuid) not in home
