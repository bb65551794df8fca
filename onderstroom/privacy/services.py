"""Writes of the privacy app: access requests, erasure and the retention policy, each audited."""

from collections.abc import Sequence
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onderstroom.audit import log
from onderstroom.core import childdata
from onderstroom.core.errors import Refused
from onderstroom.privacy import access, documents
from onderstroom.privacy.models import AccessRequest, ErasureRequest, RetentionPolicy
from onderstroom.schools.access import Actor, school_admin

# --- access requests (art. 15) --------------------------------------------------------------------


def start_access_request(actor: Actor, child_uuid: UUID) -> AccessRequest:
    admin = school_admin(actor)
    child = access.get_school_child(admin, child_uuid)
    with transaction.atomic():
        request = AccessRequest.objects.create(
            school=admin.current_school, child=child, requested_by=admin.user
        )
        log.record(admin, "privacy.access.request", child=child, obj=request)
    return request


def decide_access_request(
    actor: Actor, uuid: UUID, *, release: bool, withheld: Sequence[str]
) -> AccessRequest:
    """The care coordinator's step: release (leaving out the kinds in `withheld`) or refuse."""
    request = access.get_consent_request(actor, uuid)
    known = {entry.key for entry in childdata.registry.entries()}
    if not set(withheld) <= known:
        raise Refused(_("Choose only kinds of data from the list."))
    with transaction.atomic():
        request.status = AccessRequest.Status.READY if release else AccessRequest.Status.REFUSED
        request.withheld = sorted(withheld) if release else []
        request.decided_by = actor.user  # type: ignore[attr-defined]  # a StaffActor (the gate checks)
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "withheld", "decided_by", "decided_at"])
        log.record(
            actor,
            "privacy.access.release" if release else "privacy.access.refuse",
            child=request.child,
            obj=request,
            details={"count": len(request.withheld)},
        )
    return request


def access_document(actor: Actor, uuid: UUID, kind: str) -> tuple[AccessRequest, bytes]:
    """The PDF ("pdf") or ZIP ("zip") of a released request; each download is audited."""
    admin = school_admin(actor)
    request = access.get_access_request(admin, uuid)
    if request.status != AccessRequest.Status.READY:
        raise Refused(_("This request has not been released by the care coordinator."))
    if kind == "pdf":
        content = documents.pdf_bytes(request.child, request.withheld, admin.current_school.name)
    else:
        content = documents.zip_bytes(request.child, request.withheld)
    with transaction.atomic():
        AccessRequest.objects.filter(pk=request.pk).update(downloads=request.downloads + 1)
        log.record(
            admin,
            "privacy.access.download",
            child=request.child,
            obj=request,
            details={"method": kind, "bytes": len(content)},
        )
    return request, content


# --- erasure (art. 17) ----------------------------------------------------------------------------


def request_erasure(actor: Actor, child_uuid: UUID, reason: str) -> ErasureRequest:
    admin = school_admin(actor)
    child = access.get_school_child(admin, child_uuid)
    if reason not in ErasureRequest.Reason.values:
        raise Refused(_("Choose a reason from the list."))
    with transaction.atomic():
        request = ErasureRequest.objects.create(
            school=admin.current_school,
            child=child,
            child_uuid=child.uuid,
            reason=reason,
            requested_by=admin.user,
        )
        log.record(admin, "privacy.erasure.request", child=child, obj=request, details={"outcome": reason})
    return request


def summarise(results: list[tuple[childdata.ChildData, childdata.Erased]]) -> tuple[list[str], dict]:
    remains: list[str] = []
    counts: dict[str, dict[str, int]] = {}
    for entry, erased in results:
        counts[entry.key] = {"deleted": erased.deleted, "anonymised": erased.anonymised}
        remains.extend(erased.kept)
    return remains, counts


def carry_out_erasure(actor: Actor, uuid: UUID) -> ErasureRequest:
    """Erase or anonymise the child's data everywhere through the registry, in one transaction."""
    admin = school_admin(actor)
    request = access.get_erasure_request(admin, uuid)
    with transaction.atomic():
        # Locked, so that two confirmations at once erase once.
        locked = ErasureRequest.objects.select_for_update().get(pk=request.pk)
        if locked.is_done or locked.child_id is None or request.child is None:
            raise Refused(_("This pupil's data has already been erased."))
        child = request.child
        # The audit row first, while the child still exists: it names the child by uuid only.
        log.record(admin, "privacy.erasure.confirm", child=child, obj=request)
        results = childdata.erase_child(child)
        remains, counts = summarise(results)
        ErasureRequest.objects.filter(pk=request.pk).update(
            erased_by=admin.user, erased_at=timezone.now(), remains=remains, counts=counts
        )
        log.record(
            admin,
            "privacy.erasure.done",
            obj=request,
            details={
                "rows": sum(c["deleted"] for c in counts.values()),
                "count": sum(c["anonymised"] for c in counts.values()),
            },
        )
    request.refresh_from_db()
    return request


# --- retention policy -----------------------------------------------------------------------------


def policy_for(actor: Actor) -> RetentionPolicy:
    admin = school_admin(actor)
    return RetentionPolicy.objects.filter(school=admin.current_school).first() or RetentionPolicy(
        school=admin.current_school
    )


def save_policy(
    actor: Actor, *, years_after_leaving: int, reflections: int, interactions: int
) -> RetentionPolicy:
    admin = school_admin(actor)
    with transaction.atomic():
        policy, _created = RetentionPolicy.objects.update_or_create(
            school=admin.current_school,
            defaults={
                "years_after_leaving": years_after_leaving,
                "reflections_school_years": reflections,
                "interactions_school_years": interactions,
            },
        )
        log.record(
            admin,
            "privacy.retention.change",
            obj=policy,
            details={
                "fields": ["years_after_leaving", "reflections_school_years", "interactions_school_years"]
            },
        )
    return policy
