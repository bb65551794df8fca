"""The one audit writer. Every state change and every read of a child's record calls it."""

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from functools import partial
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from onderstroom.audit import seal
from onderstroom.audit.models import GENESIS_HASH, AuditChain, AuditEvent
from onderstroom.audit.verify import GLOBAL_CHAIN, ChainCheck, chain_key, verify_chain

__all__ = [
    "GLOBAL_CHAIN",
    "ChainCheck",
    "record",
    "record_many",
    "record_reads",
    "record_reads_on_change",
    "remember_shown",
    "verify_chain",
]

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest

    from onderstroom.schools.access import Actor
    from onderstroom.schools.models import Child, School

logger = logging.getLogger(__name__)


def _object_fields(obj: models.Model | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    identifier = getattr(obj, "uuid", None) or obj.pk
    return obj._meta.label_lower, str(identifier)


def record(
    actor: "Actor",
    action: str,
    *,
    school: "School | None" = None,
    child: "Child | None" = None,
    obj: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Write one audit row. `details` holds counts or field names, never what was written."""
    record_many(actor, action, school=school, children=[child] if child else [None], obj=obj, details=details)


def record_reads(
    actor: "Actor", action: str, children: Sequence["Child"], obj: models.Model | None = None
) -> None:
    """One row per child whose data a page showed, written in a single insert."""
    if children:
        record_many(actor, action, children=children, obj=obj)


# What a viewer was last shown per child, for the pages that poll (see `record_reads_on_change`):
# per browser session and object, {"<child pk>": "<fingerprint>"}, in this process's memory, the
# oldest forgotten first. Not in the session itself: a background poll must not save the session
# (that would keep an idle sign-in alive). Another process, a restart or a forgotten entry has no
# memory of the viewer and writes the rows again: too many rows, never too few.
SHOWN_ENTRIES = 5000
_shown: OrderedDict[str, dict[str, str]] = OrderedDict()
_shown_lock = threading.Lock()


def _fingerprint(data: Any) -> str:
    """A short hash of what a child's part of a screen showed; never stored as content."""
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


Shown = Sequence[tuple["Child", Any]]  # each child, and what a screen shows of them


def _changed(request: "HttpRequest", obj: models.Model, shown: Shown) -> list["Child"]:
    """The children whose shown data differs from what this viewer's browser session was last shown
    of `obj` (all of them on a first read), and remember what is shown now."""
    session = getattr(request, "session", None)
    session_key = session.session_key if session is not None else None
    if not session_key:
        return [child for child, _data in shown]
    object_type, object_uuid = _object_fields(obj)
    key = f"{hashlib.sha256(session_key.encode()).hexdigest()}:{object_type}:{object_uuid}"
    now = {str(child.pk): _fingerprint(data) for child, data in shown}
    with _shown_lock:
        before = _shown.pop(key, {})
        _shown[key] = now  # last: the most recently read
        while len(_shown) > SHOWN_ENTRIES:
            _shown.popitem(last=False)
    return [child for child, _data in shown if before.get(str(child.pk)) != now[str(child.pk)]]


def remember_shown(request: "HttpRequest", obj: models.Model, shown: Shown) -> None:
    """A page that wrote its read rows for every child: its polls start from what it showed."""
    _changed(request, obj, shown)


def record_reads_on_change(
    request: "HttpRequest",
    actor: "Actor",
    action: str,
    obj: models.Model,
    shown: Shown,
) -> list["Child"]:
    """For an answer to a poll: one read row per child whose shown data (`shown`: the child and what
    the answer shows of them) changed since this viewer's last audited read of `obj` in this browser
    session; a repeat that shows the same writes nothing. Returns the children written."""
    changed = _changed(request, obj, shown)
    record_reads(actor, action, changed, obj=obj)
    return changed


# The columns that differ from row to row of one write; every other column is in `common`.
_OWN = ("sequence", "child_id", "child_uuid", "previous_hash", "hash")

# A row of one write as `record_many` makes it: sequence, child id, child uuid, seal.
type NewRow = tuple[int, int | None, "UUID | None", str]


def record_many(
    actor: "Actor",
    action: str,
    *,
    children: Iterable["Child | None"],
    school: "School | None" = None,
    obj: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    school = school or actor.school
    key = chain_key(school)
    object_type, object_uuid = _object_fields(obj)
    now = timezone.now()
    key_id = seal.current_key_id()
    with transaction.atomic():
        chain = AuditChain.objects.select_for_update().filter(key=key).first()
        if chain is None:  # the school's first row: make its chain, then lock it as any other time
            AuditChain.objects.get_or_create(key=key)
            chain = AuditChain.objects.select_for_update().get(key=key)
        previous, sequence = chain.last_hash, chain.length
        common = {  # every column that is the same in each row of this write
            "school_id": school.pk if school else None,
            "chain_key": key,
            "created_at": now,
            "action": action,
            "actor_kind": actor.kind,
            "actor_user_id": actor.user_id,
            "actor_label": actor.label,
            "object_type": object_type,
            "object_uuid": object_uuid,
            "ip_address": actor.ip_address,
            "details": details or {},
            "key_id": key_id,
        }
        sealer = seal.Sealer(SimpleNamespace(**common))
        rows: list[NewRow] = []
        for child in children:
            sequence += 1
            child_uuid = child.uuid if child else None
            previous = sealer.seal(sequence, child_uuid, previous)
            rows.append((sequence, child.pk if child else None, child_uuid, previous))
        _insert(common, chain.last_hash, rows)  # the head before this write
        chain.last_hash, chain.length = previous, sequence
        chain.save(update_fields=["last_hash", "length"])
        head = seal.Anchor(sequence=sequence, rows=sequence, mac=previous)
        transaction.on_commit(partial(_anchor, key, head), robust=True)


def _insert(common: dict[str, Any], previous: str, rows: Sequence[NewRow]) -> None:
    """The rows in one statement, each value converted by its model field as `bulk_create` would:
    the columns alike in every row (`common`) once, then per row only its own five (`_OWN`). Each
    row's previous seal is the seal of the row before it (`previous` for the first). Not
    `bulk_create`: it builds a model instance per row and its SQL compiler prepares every value of
    every row anew; the 60 read rows of a class of 60 took 9.5 ms that way (SQLite)."""
    if not rows:
        return
    by_name = {f.attname: f for f in AuditEvent._meta.concrete_fields if not f.primary_key}
    shared = [by_name[name] for name in common]  # KeyError: not a column
    own = [by_name[name] for name in _OWN]
    if len(shared) + len(own) != len(by_name):
        raise ValueError(f"audit columns without a value: {set(by_name) - set(common) - set(_OWN)}")
    same = [f.get_db_prep_save(common[f.attname], connection) for f in shared]
    # The sequence, the child's id and the seals are plain integers and text already; the uuid is
    # stored as the database stores uuids.
    prepare_uuid = partial(by_name["child_uuid"].get_db_prep_save, connection=connection)
    values = []
    for number, child_id, uuid, sealed in rows:
        values.append((number, child_id, prepare_uuid(uuid), previous, sealed))
        previous = sealed
    if connection.vendor == "postgresql":
        _insert_arrays(shared, same, own, values)
    else:
        _insert_values(shared, same, own, values)


def _insert_values(
    shared: list[models.Field], same: list[Any], own: list[models.Field], values: list[tuple[Any, ...]]
) -> None:
    """One INSERT with a VALUES list of every row (more only past the database's number of
    parameters). SQLite reads the placeholders in C; PostgreSQL's driver would read them in Python."""
    quote = connection.ops.quote_name
    fields = shared + own
    columns = ", ".join(quote(field.column or field.attname) for field in fields)
    row_placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    limit = connection.features.max_query_params or 65535
    per_statement = max(1, min(connection.ops.bulk_batch_size(fields, values), limit // len(fields)))
    with connection.cursor() as cursor:
        for start in range(0, len(values), per_statement):
            chunk = values[start : start + per_statement]
            parameters = [value for row in chunk for value in (*same, *row)]
            # Only the model's own table and column names go into the text; every value is a parameter.
            sql = (
                f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({columns}) "  # noqa: S608
                f"VALUES {', '.join([row_placeholders] * len(chunk))}"
            )
            cursor.execute(sql, parameters)


def _insert_arrays(
    shared: list[models.Field], same: list[Any], own: list[models.Field], values: list[tuple[Any, ...]]
) -> None:
    """PostgreSQL: one INSERT of the shared values once and each own column as one array, unnested
    into rows: as many parameters for 60 rows as for one. With a VALUES list psycopg splits the
    statement at each of its placeholders in Python, 18 per row (a class of 60: 1,080)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column or field.attname) for field in shared + own)
    shared_casts = ", ".join(f"%s::{field.db_type(connection)}" for field in shared)
    names = [f"own_{number}" for number in range(len(own))]
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in own)
    # Only the model's own table, column names and column types go into the text.
    sql = (
        f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({columns}) "  # noqa: S608
        f"SELECT {shared_casts}, {', '.join(names)} FROM unnest({arrays}) AS own({', '.join(names)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*same, *(list(column) for column in zip(*values, strict=True))])


def _anchor(key: str, head: seal.Anchor) -> None:
    """One small append per committed write; the rows are safe in the database already."""
    try:
        seal.append_anchor(key, head)
    except OSError:
        logger.exception("Could not anchor audit chain %s at row %s", key, head.sequence)


def delete_school_chains(schools: Sequence["School"]) -> None:
    """Remove the whole chains of schools being deleted; their anchors record it as done on purpose."""
    keys = [chain_key(school) for school in schools]
    AuditEvent.across_schools.filter(Q(chain_key__in=keys) | Q(school__in=schools)).delete()
    AuditChain.objects.filter(key__in=keys).delete()
    for key in keys:
        transaction.on_commit(partial(_anchor, key, seal.Anchor(0, 0, GENESIS_HASH)), robust=True)
