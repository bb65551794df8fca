"""Writes of relationship mapping: each checks access, runs in a transaction and writes an audit row."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from onderstroom.audit import log
from onderstroom.core.errors import Refused
from onderstroom.mapping import access
from onderstroom.mapping.models import (
    CHECK_IN_AFTER,
    Champion,
    ChampionOffer,
    CheckIn,
    ChildAnswer,
    MappingRound,
    MappingSettings,
    MarkReceipt,
    NamedAdult,
    StaffMark,
)
from onderstroom.schools.access import Actor, ChildActor, StaffActor, school_admin, today

MAX_ROUND_DAYS = 120
MAX_NOTE = 200


def _mapper(actor: Actor) -> StaffActor:
    if not access.is_mapper(actor) or not isinstance(actor, StaffActor):
        raise Http404
    return actor


def start_round(actor: Actor, closes_on: date) -> MappingRound:
    """The care coordinator or the director starts a round for the whole school, open until `closes_on`."""
    staff = _mapper(actor)
    day = today()
    if staff.school_year is None:
        raise Refused(_("There is no school year yet. The school administrator adds one first."))
    if not day <= closes_on <= day + timedelta(days=MAX_ROUND_DAYS):
        raise Refused(_("Choose a close date from today to %(days)s days ahead.") % {"days": MAX_ROUND_DAYS})
    with transaction.atomic():
        if access.open_round(staff) is not None:
            raise Refused(_("A mapping round is already open. Close it before starting another."))
        created = MappingRound.objects.create(
            school=staff.current_school,
            school_year=staff.school_year,
            started_by=staff.user,
            started_on=day,
            closes_on=closes_on,
        )
        log.record(staff, "mapping.round.start", obj=created, details={"days": (closes_on - day).days})
    return created


def close_round(actor: Actor, uuid: UUID) -> MappingRound:
    staff = _mapper(actor)
    found = access.get_map_round(staff, uuid)
    with transaction.atomic():
        if found.closed_at is None:
            found.closed_at = timezone.now()
            found.save(update_fields=["closed_at"])
            log.record(staff, "mapping.round.close", obj=found)
    return found


@dataclass
class MarksSaved:
    stored: list[str] = field(default_factory=list)  # client ids stored, now or before
    rejected: dict[str, str] = field(default_factory=dict)  # client id → reason


def save_marks(actor: Actor, uuid: UUID, entries: Iterable[tuple[UUID, UUID, bool]]) -> MarksSaved:
    """Marks and unmarks from a device's outbox, (client id, child uuid, marked) each; a client id
    already received is confirmed and not applied again, so a change sent twice counts once."""
    if not access.is_marker(actor) or not isinstance(actor, StaffActor):
        raise Http404
    found = access.get_round(actor, uuid)
    if not found.is_open(today()):
        raise Refused(_("This mapping round is closed: marks are no longer saved."))
    result = MarksSaved()
    changed = 0
    with transaction.atomic():
        entries = list(entries)
        known = set(
            MarkReceipt.objects.filter(
                client_id__in=[client_id for client_id, _c, _m in entries]
            ).values_list("client_id", flat=True)
        )
        for client_id, child_uuid, marked in entries:
            if client_id in known:
                result.stored.append(str(client_id))
                continue
            child = access.roster_child(found, child_uuid)
            if child is None:
                result.rejected[str(client_id)] = _("This child is not in this round.")
                continue
            now = timezone.now()
            if marked:
                StaffMark.objects.get_or_create(
                    school=found.school,
                    round=found,
                    staff=actor.user,
                    child=child,
                    defaults={"marked_at": now},
                )
            else:
                StaffMark.objects.filter(round=found, staff=actor.user, child=child).delete()
            MarkReceipt.objects.create(
                school=found.school,
                round=found,
                staff=actor.user,
                child=child,
                client_id=client_id,
                marked=marked,
            )
            known.add(client_id)
            result.stored.append(str(client_id))
            changed += 1
        if changed:
            log.record(actor, "mapping.marks.save", obj=found, details={"changes": changed})
    return result


def answer(actor: Actor, uuid: UUID, adult_uuids: Iterable[str], *, nobody: bool) -> ChildAnswer:
    """A child's answer: the adults at school they would go to, or nobody (a real answer)."""
    if not isinstance(actor, ChildActor):
        raise Http404
    found = access.get_child_round(actor, uuid)
    adults = {str(adult.uuid): adult for adult in access.school_adults(found.school_id)}
    wanted = {str(value) for value in adult_uuids}
    if nobody and wanted:
        raise Refused(_("Choose adults, or choose nobody: not both."))
    if not nobody and not wanted:
        raise Refused(_("Tap the adults you would go to, or tap Nobody."))
    if wanted - set(adults):
        raise Refused(_("Choose from the adults on the screen."))
    with transaction.atomic():
        saved, _created = ChildAnswer.objects.update_or_create(
            school=found.school,
            round=found,
            child=actor.child,
            defaults={"nobody": nobody, "answered_at": timezone.now()},
        )
        saved.adults.all().delete()
        NamedAdult.objects.bulk_create(
            [NamedAdult(school=found.school, answer=saved, adult=adults[key]) for key in sorted(wanted)]
        )
        log.record(
            actor,
            "mapping.answer.save",
            child=actor.child,
            obj=found,
            details={"adults": len(wanted), "nobody": nobody},
        )
    return saved


def set_champion(
    actor: Actor, uuid: UUID, child_uuid: UUID, champion_uuid: UUID, *, volunteered: bool
) -> Champion:
    """The care coordinator or the director records who is champion for a child of the round: a colleague
    who volunteered, or one they asked."""
    staff = _mapper(actor)
    found = access.get_map_round(staff, uuid)
    child = access.roster_child(found, child_uuid)
    adult = next((a for a in access.school_adults(found.school_id) if a.uuid == champion_uuid), None)
    if child is None or adult is None:
        raise Refused(_("Choose a child of this round and a colleague of the school."))
    with transaction.atomic():
        champion, created = Champion.objects.update_or_create(
            school=found.school,
            round=found,
            child=child,
            defaults={
                "champion": adult,
                "asked_by": None if volunteered else staff.user,
                "started_on": today(),
            },
        )
        log.record(
            staff,
            "mapping.champion.set",
            child=child,
            obj=champion,
            details={"volunteered": volunteered, "new": created},
        )
    return champion


def offer_champion(actor: Actor, uuid: UUID, *, offer: bool) -> bool:
    """A member of staff volunteers (or withdraws) as champion in a round; returns whether they now offer."""
    if not access.is_marker(actor) or not isinstance(actor, StaffActor):
        raise Http404
    found = access.get_round(actor, uuid)
    with transaction.atomic():
        if offer:
            _offer, created = ChampionOffer.objects.get_or_create(
                school=found.school, round=found, staff=actor.user, defaults={"offered_at": timezone.now()}
            )
            changed = created
        else:
            changed = ChampionOffer.objects.filter(round=found, staff=actor.user).delete()[0] > 0
        if changed:
            log.record(actor, "mapping.champion.offer", obj=found, details={"offer": offer})
    return offer


def due_check_ins(champion: Champion, day: date) -> list[str]:
    """The check-ins (w4, m2) whose day has come and that the champion has not written yet."""
    written = {check.due for check in champion.check_ins.all()}
    return [key for key in CHECK_IN_AFTER if champion.due_on(key) <= day and key not in written]


def write_check_in(actor: Actor, uuid: UUID, due: str, note: str) -> CheckIn:
    """The champion's one-line note at 4 weeks or 2 months (only the champion writes it)."""
    champion = access.get_my_champion(actor, uuid)
    note = " ".join(note.split())
    if due not in CheckIn.Due.values or champion.due_on(due) > today():
        raise Refused(_("This check-in is not due yet."))
    if len(note) > MAX_NOTE:
        raise Refused(_("Keep the note to one line (at most %(count)s characters).") % {"count": MAX_NOTE})
    with transaction.atomic():
        check_in, _created = CheckIn.objects.update_or_create(
            school=champion.school,
            champion=champion,
            due=due,
            defaults={"note": note, "written_at": timezone.now()},
        )
        log.record(actor, "mapping.check_in.write", child=champion.child, obj=champion, details={"due": due})
    return check_in


def update_settings(actor: Actor, *, show_answers_to_named_adults: bool) -> MappingSettings:
    admin = school_admin(actor)
    with transaction.atomic():
        saved, _created = MappingSettings.objects.update_or_create(
            school=admin.current_school,
            defaults={"show_answers_to_named_adults": show_answers_to_named_adults},
        )
        log.record(
            admin,
            "mapping.settings.update",
            obj=saved,
            details={"show_answers_to_named_adults": show_answers_to_named_adults},
        )
    return saved
