"""The privacy screens: the school admin's requests and retention policy, the care coordinator's consent."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from onderstroom.core.childdata import registry as child_data
from onderstroom.core.errors import Refused
from onderstroom.core.pdf import pdf_response
from onderstroom.privacy import access, services
from onderstroom.privacy.forms import (
    AccessRequestForm,
    ConfirmErasureForm,
    ConsentForm,
    ErasureRequestForm,
    RetentionForm,
)
from onderstroom.privacy.models import AccessRequest, ErasureRequest
from onderstroom.schools.access import StaffHttpRequest, staff_view
from onderstroom.schools.models import Role


@require_GET
@staff_view(Role.SCHOOL_ADMIN)
def index(request: StaffHttpRequest) -> HttpResponse:
    context = {
        "access_requests": AccessRequest.objects.select_related("child", "requested_by")[:50],
        "erasure_requests": ErasureRequest.objects.select_related("child", "requested_by")[:50],
        "policy": services.policy_for(request.actor),
    }
    return render(request, "privacy/index.html", context)


@require_http_methods(["GET", "POST"])
@staff_view(Role.SCHOOL_ADMIN)
def access_new(request: StaffHttpRequest) -> HttpResponse:
    form = AccessRequestForm(
        request.POST if request.method == "POST" else None, children=access.school_children(request.actor)
    )
    if request.method == "POST" and form.is_valid():
        started = services.start_access_request(request.actor, form.cleaned_data["child"].uuid)
        messages.success(request, _("The request waits for the care coordinator of the pupil's group."))
        return redirect("privacy:access", uuid=started.uuid)
    return render(request, "privacy/access_new.html", {"form": form}, status=400 if form.is_bound else 200)


@require_GET
@staff_view(Role.SCHOOL_ADMIN)
def access_request(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    found = access.get_access_request(request.actor, uuid)
    withheld = [entry.label for entry in child_data.entries() if entry.key in set(found.withheld)]
    return render(request, "privacy/access.html", {"request_": found, "withheld": withheld})


def _document(request: StaffHttpRequest, uuid: UUID, kind: str) -> HttpResponse:
    try:
        found, content = services.access_document(request.actor, uuid, kind)
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect("privacy:access", uuid=uuid)
    if kind == "pdf":
        return pdf_response(content, _("data of the pupil"), fallback="data")
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="data-{found.child.uuid}.zip"'
    return response


@require_GET
@staff_view(Role.SCHOOL_ADMIN)
def access_pdf(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    return _document(request, uuid, "pdf")


@require_GET
@staff_view(Role.SCHOOL_ADMIN)
def access_zip(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    return _document(request, uuid, "zip")


@require_GET
@staff_view(Role.CARE)
def consents(request: StaffHttpRequest) -> HttpResponse:
    return render(request, "privacy/consents.html", {"requests": access.consent_requests(request.actor)})


@require_http_methods(["GET", "POST"])
@staff_view(Role.CARE)
def consent(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    found = access.get_consent_request(request.actor, uuid)
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_access_request(
                request.actor,
                uuid,
                release=form.cleaned_data["decision"] == "release",
                withheld=form.cleaned_data["withheld"],
            )
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Your decision is passed on to the school administrator."))
            return redirect("privacy:consents")
    kinds = [(entry.label, entry.purpose) for entry in child_data.entries()]
    context = {"request_": found, "form": form, "kinds": kinds}
    return render(request, "privacy/consent.html", context, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@staff_view(Role.SCHOOL_ADMIN)
def erasure_new(request: StaffHttpRequest) -> HttpResponse:
    form = ErasureRequestForm(
        request.POST if request.method == "POST" else None, children=access.school_children(request.actor)
    )
    if request.method == "POST" and form.is_valid():
        try:
            started = services.request_erasure(
                request.actor, form.cleaned_data["child"].uuid, form.cleaned_data["reason"]
            )
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            return redirect("privacy:erasure", uuid=started.uuid)
    return render(request, "privacy/erasure_new.html", {"form": form}, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@staff_view(Role.SCHOOL_ADMIN)
def erasure(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    found = access.get_erasure_request(request.actor, uuid)
    form = ConfirmErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.carry_out_erasure(request.actor, uuid)
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The pupil's data has been erased."))
            return redirect("privacy:erasure", uuid=uuid)
    kinds = [(entry.label, entry.purpose) for entry in child_data.entries()]
    context = {"request_": found, "form": form, "kinds": kinds}
    return render(request, "privacy/erasure.html", context, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@staff_view(Role.SCHOOL_ADMIN)
def retention(request: StaffHttpRequest) -> HttpResponse:
    policy = services.policy_for(request.actor)
    form = RetentionForm(request.POST if request.method == "POST" else None, instance=policy)
    if request.method == "POST" and form.is_valid():
        services.save_policy(
            request.actor,
            years_after_leaving=form.cleaned_data["years_after_leaving"],
            reflections=form.cleaned_data["reflections_school_years"],
            interactions=form.cleaned_data["interactions_school_years"],
        )
        messages.success(request, _("The retention policy has been saved."))
        return redirect("privacy:index")
    return render(request, "privacy/retention.html", {"form": form}, status=400 if form.is_bound else 200)
