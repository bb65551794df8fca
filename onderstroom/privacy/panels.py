"""What the privacy app adds to shared places (registered by `register()`)."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onderstroom.audit.labels import AuditLabels
from onderstroom.audit.labels import registry as audit_labels
from onderstroom.core.childdata import ChildData
from onderstroom.core.childdata import registry as child_data
from onderstroom.core.panels import HomeItem, HomeSource, home_items
from onderstroom.privacy import access, childdata
from onderstroom.privacy.models import ErasureRequest
from onderstroom.schools.access import StaffActor


def home(actor: StaffActor) -> list[HomeItem]:
    """A care coordinator's waiting access requests; no name on the home page, only that one waits."""
    count = access.consent_requests(actor).count()
    if not count:
        return []
    return [
        HomeItem(
            text=gettext("A request from parents to see their child's data waits for your decision.")
            if count == 1
            else gettext("Requests from parents to see their child's data wait for your decision."),
            url=reverse("privacy:consents"),
            action=gettext("Decide"),
        )
    ]


def register() -> None:
    """Everything this app adds to shared places (AppConfig.ready calls this once)."""
    child_data.register(
        ChildData(
            "privacy.requests",
            order=950,
            label=_("Requests about the data"),
            purpose=_("To answer the parents' requests to see or erase their child's data."),
            models=("privacy.AccessRequest", "privacy.ErasureRequest"),
            export=childdata.export_child,
            erase=childdata.erase_child,
        )
    )
    home_items.register(HomeSource("privacy.consents", order=5, collect=home))
    audit_labels.register(
        AuditLabels(
            "privacy",
            actions={
                "privacy.access.request": _("Started a request to see a pupil's data"),
                "privacy.access.release": _("Released a pupil's data to the parents"),
                "privacy.access.refuse": _("Did not release a pupil's data"),
                "privacy.access.download": _("Downloaded a pupil's data for the parents"),
                "privacy.erasure.request": _("Recorded a request to erase a pupil's data"),
                "privacy.erasure.confirm": _("Confirmed the erasure of a pupil's data"),
                "privacy.erasure.done": _("Erased a pupil's data"),
                "privacy.retention.change": _("Changed the retention policy"),
                "privacy.retention.erase": _("Erased a pupil's data past the retention policy"),
                "privacy.retention.run": _("Applied the retention policy"),
            },
            values=lambda: [
                ("dry_run", _("dry run: nothing removed")),
                ("applied", _("carried out")),
                ("pdf", "PDF"),
                ("zip", "ZIP"),
                *ErasureRequest.Reason.choices,
            ],
        )
    )
