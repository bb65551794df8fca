"""Imports of pupils and groups: every state change of an import goes through here.

The flow is upload (start_import) -> preview (preview_import, change_mapping) ->
apply_import or abandon_import. Applying is all or nothing: the plan is made again
inside one transaction and a single error means nothing is written.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from onderstroom.audit import log
from onderstroom.imports.access import ImportActor, school_of
from onderstroom.imports.columns import Mapping, detect_mapping, mapping_from_json, mapping_to_json
from onderstroom.imports.errors import ImportFileError, ImportRejected
from onderstroom.imports.models import ImportJob
from onderstroom.imports.oneroster import read_oneroster
from onderstroom.imports.planning import NEW, Plan, RowPlan, make_plan
from onderstroom.imports.rows import pupils_from_table
from onderstroom.imports.tabular import Table, detect_kind, read_table
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Child, Enrollment, Group, GroupAssignment, School, SchoolYear

# A preview nobody confirms or cancels (a closed tab, a killed request) is forgotten after this
# long, raw file and all: the whole pupil file should not wait in the database for a day.
PENDING_LIFETIME = timedelta(hours=1)
BATCH = 500
_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


@dataclass
class Preview:
    """A file read and compared with the school: what applying it would do."""

    plan: Plan
    table: Table | None = None  # spreadsheets only: the columns the mapping chooses from
    mapping: Mapping | None = None


def current_year_name() -> str:
    return SchoolYear.name_for(timezone.localdate())


def year_choices(actor: ImportActor) -> list[str]:
    """The school years an import can fill: the ones the school has, this one and the next."""
    school = school_of(actor)
    current = current_year_name()
    following = SchoolYear.name_for(SchoolYear.bounds_for(current)[1] + timedelta(days=1))
    names = set(SchoolYear.objects.filter(school=school).values_list("name", flat=True))
    return sorted(names | {current, following}, reverse=True)


def is_year_name(name: str) -> bool:
    match = _YEAR.match(name)
    return match is not None and int(match.group(2)) == int(match.group(1)) + 1


# --- reading ------------------------------------------------------------------------------------


def read_import(school: School, content: bytes, year_name: str, stored_mapping: object = None) -> Preview:
    """Read the file and compare it with the school; raises ImportFileError when it cannot be read."""
    if detect_kind(content) == "oneroster":
        data = read_oneroster(content, school.brin, year_name)
        return Preview(plan=make_plan(school, data.year_name or year_name, data))
    table = read_table(content)
    mapping = (
        mapping_from_json(stored_mapping, len(table.headers))
        if stored_mapping
        else detect_mapping(table.headers)
    )
    data = pupils_from_table(table, mapping)
    return Preview(plan=make_plan(school, year_name, data), table=table, mapping=mapping)


def preview_file(actor: ImportActor, *, content: bytes, year_name: str) -> Preview:
    """What importing this file would do, without storing anything (the command's --dry-run)."""
    school = school_of(actor)
    _check_upload(content, year_name)
    return read_import(school, content, year_name)


def preview_import(actor: ImportActor, job: ImportJob) -> Preview:
    school = school_of(actor)
    if job.school_id != school.pk or not job.is_pending or job.content is None:
        raise Http404
    return read_import(school, bytes(job.content), job.year_name, job.mapping)


def _check_upload(content: bytes, year_name: str) -> None:
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than %(size)s MB.") % {"size": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    if not is_year_name(year_name):
        raise ImportFileError(_("Choose a school year such as 2026-2027."))


# --- state changes ------------------------------------------------------------------------------


def start_import(actor: ImportActor, *, content: bytes, filename: str, year_name: str) -> ImportJob:
    """Read the upload once (a file that cannot be read is refused here) and keep it for the preview."""
    school = school_of(actor)
    _check_upload(content, year_name)
    preview = read_import(school, content, year_name)
    kind = ImportJob.Kind.TABLE if preview.table is not None else ImportJob.Kind.ONEROSTER
    with transaction.atomic():
        _forget_stale(actor, school)
        job = ImportJob.objects.create(
            school=school,
            kind=kind,
            filename=PurePath(filename.replace("\\", "/")).name[:120] or "import",
            year_name=preview.plan.year_name,
            content=content,
            mapping=mapping_to_json(preview.mapping) if preview.mapping else {},
            created_by=actor.user if isinstance(actor, StaffActor) else None,
        )
        log.record(actor, "imports.job.upload", obj=job, details={"kind": kind, "bytes": len(content)})
    return job


def forget_stale_imports(actor: ImportActor) -> int:
    """Previews nobody confirmed or cancelled within PENDING_LIFETIME are cancelled, their raw files
    deleted; the number cancelled."""
    school = school_of(actor)
    return _abandon(actor, _stale(school))


def _stale(school: School) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(school=school, created_at__lt=timezone.now() - PENDING_LIFETIME)


def _forget_stale(actor: ImportActor, school: School) -> None:
    """A new upload ends this person's earlier previews, and anybody's that were left too long."""
    stale = _stale(school)
    if isinstance(actor, StaffActor):
        stale = stale | ImportJob.objects.filter(school=school, created_by=actor.user)
    _abandon(actor, stale)


def _abandon(actor: ImportActor, jobs: QuerySet[ImportJob]) -> int:
    count = jobs.filter(status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.ABANDONED, content=None, finished_at=timezone.now()
    )
    if count:
        log.record(actor, "imports.job.expire", details={"count": count})
    return count


def change_mapping(actor: ImportActor, job: ImportJob, mapping: Mapping) -> None:
    school_of(actor)
    if not job.is_pending:
        raise Http404
    job.mapping = mapping_to_json(mapping)
    job.save(update_fields=["mapping"])
    chosen = sorted(field.value for field, column in mapping.items() if column is not None)
    log.record(actor, "imports.job.map", obj=job, details={"fields": chosen})


def abandon_import(actor: ImportActor, job: ImportJob) -> None:
    school_of(actor)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if not job.is_pending:
            return
        job.status, job.content, job.finished_at = ImportJob.Status.ABANDONED, None, timezone.now()
        job.save(update_fields=["status", "content", "finished_at"])
        log.record(actor, "imports.job.cancel", obj=job)


def apply_import(actor: ImportActor, job: ImportJob) -> dict[str, int]:
    """Write the whole import in one transaction, or nothing at all."""
    school = school_of(actor)
    try:
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job.pk, school=school)
            if not job.is_pending or job.content is None:
                raise ImportRejected([_("This import was already applied or cancelled.")])
            plan = read_import(school, bytes(job.content), job.year_name, job.mapping).plan
            if not plan.ok:
                raise ImportRejected([*plan.problems, *(str(error) for error in plan.errors)])
            counts = {key: value for key, value in plan.counts.items() if key != "errors"}
            touched = _write(school, plan)
            job.status, job.content, job.counts = ImportJob.Status.APPLIED, None, counts
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "content", "counts", "finished_at"])
            log.record(actor, "imports.job.apply", obj=job, details=counts)
            if touched:
                log.record_many(actor, "imports.child.import", children=touched, obj=job)
    except IntegrityError as error:
        raise ImportRejected(
            [_("The pupils or groups were changed by someone else at the same time; nothing was imported.")]
        ) from error
    except ImportFileError as error:
        raise ImportRejected([error.message]) from error
    return counts


# --- writing ------------------------------------------------------------------------------------


def _write(school: School, plan: Plan) -> list[Child]:
    """Apply the plan with bulk statements; returns the children created or changed."""
    year = plan.year or _create_year(school, plan.year_name)
    groups = _write_groups(school, year, plan)
    created = _create_children(school, plan.rows)
    changed = _update_children(plan.rows)
    _write_enrollments(school, year, plan.rows, groups)
    GroupAssignment.objects.bulk_create(
        [
            GroupAssignment(
                school=school, group=groups[group_plan.spec.key], user=user, kind=GroupAssignment.Kind.TEACHER
            )
            for group_plan, user in plan.new_assignments
        ]
    )
    return created + changed


def _create_year(school: School, name: str) -> SchoolYear:
    starts_on, ends_on = SchoolYear.bounds_for(name)
    return SchoolYear.objects.create(school=school, name=name, starts_on=starts_on, ends_on=ends_on)


def _write_groups(school: School, year: SchoolYear, plan: Plan) -> dict[str, Group]:
    groups: dict[str, Group] = {}
    new: list[Group] = []
    changed: list[Group] = []
    for key, group_plan in plan.groups.items():
        group = group_plan.group or Group(school=school, school_year=year)
        (new if group_plan.group is None else changed).append(group)
        group.name, group.grades, group.external_id = (
            group_plan.name,
            group_plan.grades,
            group_plan.external_id,
        )
        groups[key] = group
    Group.objects.bulk_create(new, batch_size=BATCH)
    Group.objects.bulk_update(changed, ["name", "grades", "external_id"], batch_size=BATCH)
    return groups


def _create_children(school: School, rows: list[RowPlan]) -> list[Child]:
    created = []
    for row in rows:
        if row.status != NEW:
            continue
        pupil = row.pupil
        row.child = Child(
            school=school,
            first_name=pupil.first_name,
            surname_prefix=pupil.prefix or "",
            surname=pupil.surname,
            birth_date=pupil.birth_date,
            gender=pupil.gender or "",
            external_id=pupil.external_id,
        )
        created.append(row.child)
    Child.objects.bulk_create(created, batch_size=BATCH)
    return created


def _update_children(rows: list[RowPlan]) -> list[Child]:
    """Children whose stored fields or enrollment the file changes (for the audit)."""
    changed = [row for row in rows if row.status != NEW and row.changes and row.child is not None]
    updated: list[Child] = []
    fields: set[str] = set()
    for row in changed:
        for name, value in row.child_updates.items():
            setattr(row.child, name, value)
        if row.child_updates and row.child is not None:
            fields |= set(row.child_updates)
            updated.append(row.child)
    if updated:
        Child.objects.bulk_update(updated, sorted(fields), batch_size=BATCH)
    return [row.child for row in changed if row.child is not None]


def _write_enrollments(
    school: School, year: SchoolYear, rows: list[RowPlan], groups: dict[str, Group]
) -> None:
    """One enrollment per child per year: a child moved to another group is moved, not doubled."""
    new, moved = [], []
    for row in rows:
        if not row.enrollment_changes:
            continue
        group = groups[row.pupil.group_key]
        if row.enrollment is None:
            new.append(
                Enrollment(
                    school=school, child=row.child, group=group, school_year=year, grade=row.pupil.grade
                )
            )
        else:
            row.enrollment.group, row.enrollment.grade = group, row.pupil.grade
            moved.append(row.enrollment)
    Enrollment.objects.bulk_create(new, batch_size=BATCH)
    Enrollment.objects.bulk_update(moved, ["group", "grade"], batch_size=BATCH)
