"""The privacy app's own records about a child, for the privacy registry (core/childdata.py)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from onderstroom.core.childdata import Erased, Table
from onderstroom.privacy.models import AccessRequest, ErasureRequest
from onderstroom.schools.models import Child


def export_child(child: Child) -> list[Table]:
    requests = list(AccessRequest.objects.filter(child=child).order_by("requested_at"))
    return [
        Table(
            key="privacy.access_requests",
            title=_("Requests to see the data"),
            columns=("requested_at", "status"),
            headers=(_("asked"), _("status")),
            rows=[(r.requested_at, r.get_status_display()) for r in requests],
            since=requests[0].requested_at.date() if requests else None,
        )
    ]


def erase_child(child: Child) -> Erased:
    deleted, _by_model = AccessRequest.objects.filter(child=child).delete()
    # The erasure request stays, with the child's random uuid and reason: the school's record of it.
    # Other requests still waiting for the same child are done by this erasure too.
    ErasureRequest.objects.filter(child=child, erased_at=None).update(erased_at=timezone.now())
    kept = ErasureRequest.objects.filter(child=child).update(child=None)
    return Erased(
        deleted=deleted, kept=[_("the erasure request: reason and date, without name")] if kept else []
    )
