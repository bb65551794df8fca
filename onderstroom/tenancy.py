"""Tenant isolation, enforced once, in the data layer.

Every model that belongs to a school uses `SchoolScopedManager` as its default
manager. A query through it is filtered to the schools of the active scope; a
query with no active scope raises `TenantScopeError` instead of returning rows of
every school. Requests get their scope from `ActorMiddleware`; management
commands and tests open one explicitly with `school_scope()` or `all_schools()`.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from onderstroom.schools.models import School


class TenantScopeError(RuntimeError):
    """A school-owned table was queried outside any school scope."""


class _AllSchools:
    def __repr__(self) -> str:
        return "ALL_SCHOOLS"


ALL_SCHOOLS = _AllSchools()
Scope = frozenset[int] | _AllSchools

_active_scope: ContextVar[Scope | None] = ContextVar("onderstroom_school_scope", default=None)


def _school_id(school: "School | int") -> int:
    return school if isinstance(school, int) else school.pk


@contextmanager
def school_scope(schools: "Iterable[School | int] | School | int") -> Iterator[None]:
    """Limit school-owned queries to the given schools for the duration of the block."""
    if isinstance(schools, Iterable):
        ids = frozenset(_school_id(s) for s in schools)
    else:
        ids = frozenset({_school_id(schools)})
    token = _active_scope.set(ids)
    try:
        yield
    finally:
        _active_scope.reset(token)


@contextmanager
def all_schools() -> Iterator[None]:
    """Lift the school filter: only for management commands, migrations and test set-up."""
    token = _active_scope.set(ALL_SCHOOLS)
    try:
        yield
    finally:
        _active_scope.reset(token)


@contextmanager
def no_scope() -> Iterator[None]:
    """Drop any active scope, so that school-owned queries fail (anonymous requests)."""
    token = _active_scope.set(None)
    try:
        yield
    finally:
        _active_scope.reset(token)


def active_scope() -> Scope:
    scope = _active_scope.get()
    if scope is None:
        raise TenantScopeError(
            "A school-owned table was queried without a school scope. Use the request's scope, "
            "school_scope() or, in a management command, all_schools()."
        )
    return scope


class SchoolScopedQuerySet(models.QuerySet):
    pass


class SchoolScopedManager(models.Manager):
    """Default manager of school-owned models: filters to the active scope or raises."""

    def __init__(self, school_field: str = "school") -> None:
        super().__init__()
        self.school_field = school_field

    def deconstruct(self) -> tuple[bool, str | None, str | None, tuple[Any, ...], dict[str, Any] | None]:
        as_manager, path, qs_class, _args, kwargs = super().deconstruct()
        return as_manager, path, qs_class, (self.school_field,), kwargs

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()
        scope = active_scope()
        if scope is ALL_SCHOOLS:
            return queryset
        assert isinstance(scope, frozenset)
        if len(scope) == 1:
            return queryset.filter(**{f"{self.school_field}_id": next(iter(scope))})
        return queryset.filter(**{f"{self.school_field}_id__in": scope})


class SchoolOwned(models.Model):
    """Abstract base of every table whose rows belong to one school."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")

    objects = SchoolScopedManager()
    # Unfiltered access, for the few places that must look across schools
    # (resolving who a signed-in user is, management commands). Grep for it.
    across_schools = models.Manager()

    class Meta:
        abstract = True
