"""The school administrator's choices about peer surveys."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from onderstroom.schools.access import StaffHttpRequest, staff_view
from onderstroom.schools.models import Role
from onderstroom.sociogram import services
from onderstroom.sociogram.access import school_peer_settings
from onderstroom.sociogram.forms import SettingsForm


@require_http_methods(["GET", "POST"])
@staff_view(Role.SCHOOL_ADMIN)
def settings(request: StaffHttpRequest) -> HttpResponse:
    actor = request.actor
    current = school_peer_settings(actor.current_school.pk)
    initial = {
        "negative_nominations": current.negative_nominations,
        "show_negative_names": current.show_negative_names,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_settings(actor, **form.cleaned_data)
        messages.success(request, _("The peer survey settings are saved."))
        return redirect("sociogram:settings")
    return render(request, "sociogram/settings.html", {"form": form, "school": actor.school})
