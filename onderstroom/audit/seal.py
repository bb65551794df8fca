"""Seals and anchors of the audit chains: the parts that need the key, kept free of models.

A row's seal is an HMAC-SHA256 over every stored column and the seal of the row before it,
under a key the database does not hold (settings.AUDIT_KEYS). An anchor is a signed copy of a
chain's head (last sequence, row count, last seal) appended to a file outside the database after
every transaction that wrote to the chain. The migration that re-sealed the old rows uses this
module too, so it works on historical models as well as on AuditEvent.
"""

import fcntl
import functools
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

GENESIS_HASH = "0" * 64


# A sealed row is an AuditEvent, or the historical model of one in the migration that re-sealed
# the old rows: anything with AuditEvent's columns.
SealedRow = Any


class AnchorError(Exception):
    """The anchor file cannot be read, or its last line was not signed with our key."""


@dataclass(frozen=True)
class Anchor:
    sequence: int
    rows: int
    mac: str


def secrets() -> dict[str, bytes]:
    return _secrets(tuple(settings.AUDIT_KEYS))


@functools.cache
def _secrets(keys: tuple[tuple[str, str], ...]) -> dict[str, bytes]:
    return {key_id: secret.encode() for key_id, secret in keys}


def current_key_id() -> str:
    """New rows are sealed with the newest key."""
    return settings.AUDIT_KEYS[-1][0]


def payload(row: SealedRow) -> str:
    """Every stored column but the row's own seal and surrogate id.

    The child is covered by its uuid, which the row keeps when the child is erased; `child_id`
    is a link for display that verification checks against the uuid instead.
    """
    return json.dumps(
        {
            "chain": row.chain_key,
            "sequence": row.sequence,
            "created_at": row.created_at.isoformat(),
            "action": row.action,
            "actor_kind": row.actor_kind,
            "actor_user": row.actor_user_id,
            "actor_label": row.actor_label,
            "school": row.school_id,
            "child": str(row.child_uuid) if row.child_uuid else None,
            "object_type": row.object_type,
            "object_uuid": row.object_uuid,
            "ip": row.ip_address,
            "details": row.details,
            "previous": row.previous_hash,
            "key": row.key_id,
        },
        sort_keys=True,
        ensure_ascii=True,
    )


class Sealer:
    """Seals the rows of one write, which differ only in sequence, child and previous seal.

    The same text as `payload` and the same MAC as `seal`, only cheaper per row: the columns alike
    in every row are encoded once and fed to the MAC once; each row adds its three own values. The
    keys of `payload` in sorted order run: action, actor_kind, actor_label, actor_user, chain,
    *child*, created_at, details, ip, key, object_type, object_uuid, *previous*, school, *sequence*.
    """

    def __init__(self, common: SealedRow) -> None:
        def pairs(**columns: object) -> str:
            return "".join(
                f"{json.dumps(name)}: {json.dumps(value, sort_keys=True, ensure_ascii=True)}, "
                for name, value in columns.items()
            )

        head = "{" + pairs(
            action=common.action,
            actor_kind=common.actor_kind,
            actor_label=common.actor_label,
            actor_user=common.actor_user_id,
            chain=common.chain_key,
        )
        self._middle = ", " + pairs(
            created_at=common.created_at.isoformat(),
            details=common.details,
            ip=common.ip_address,
            key=common.key_id,
            object_type=common.object_type,
            object_uuid=common.object_uuid,
        )
        self._tail = ', "school": ' + json.dumps(common.school_id) + ', "sequence": '
        self._mac = hmac.new(secrets()[common.key_id], (head + '"child": ').encode(), hashlib.sha256)

    def seal(self, sequence: int, child_uuid: object, previous: str) -> str:
        # A uuid and a seal in hex need no escaping in JSON; the sequence is a plain integer.
        child = f'"{child_uuid}"' if child_uuid else "null"
        text = f'{child}{self._middle}"previous": "{previous}"{self._tail}{int(sequence)}}}'
        mac = self._mac.copy()
        mac.update(text.encode())
        return mac.hexdigest()


def _mac(secret: bytes, text: str) -> str:
    return hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()


def seal(row: SealedRow) -> str:
    """The row's MAC under the key it names; KeyError when that key is unknown."""
    return _mac(secrets()[row.key_id], payload(row))


def is_sealed(row: SealedRow, stored: str) -> bool:
    secret = secrets().get(row.key_id)
    return secret is not None and hmac.compare_digest(_mac(secret, payload(row)), stored)


# --- anchors -------------------------------------------------------------------------------------


def anchor_path(chain_key: str) -> Path:
    return Path(settings.AUDIT_ANCHOR_DIR) / f"{chain_key}.jsonl"


def anchored_chains() -> list[str]:
    directory = Path(settings.AUDIT_ANCHOR_DIR)
    return sorted(path.stem for path in directory.glob("*.jsonl")) if directory.is_dir() else []


def _signed_line(chain_key: str, head: Anchor) -> bytes:
    key_id = current_key_id()
    fields = {
        "chain": chain_key,
        "sequence": head.sequence,
        "rows": head.rows,
        "mac": head.mac,
        "at": timezone.now().isoformat(),
        "key": key_id,
    }
    fields["sig"] = _mac(secrets()[key_id], json.dumps(fields, sort_keys=True))
    return (json.dumps(fields, sort_keys=True) + "\n").encode()


def _last_line(file: Any) -> bytes:
    """The file's last complete line, read backwards from the end in small steps."""
    end = file.seek(0, os.SEEK_END)
    position, tail = end, b""
    while position > 0 and tail.count(b"\n") < 2:
        step = min(4096, position)
        position -= step
        file.seek(position)
        tail = file.read(step) + tail
    lines = [line for line in tail.split(b"\n") if line.strip()]
    return lines[-1] if lines else b""


def append_anchor(chain_key: str, head: Anchor) -> None:
    """Append the chain's signed head, unless a line already anchors it further.

    Transactions commit in chain order, but their after-commit appends may race; the lock and
    the check keep the file's sequences rising. A head of 0 rows (a chain removed on purpose)
    is always written.
    """
    path = anchor_path(chain_key)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(descriptor, "r+b") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        last = _last_line(file)
        if head.sequence and _sequence_of(last) >= head.sequence:
            return
        # A line cut short (a crash while writing) stays on a line of its own.
        separator = b"" if _ends_a_line(file) else b"\n"
        file.write(separator + _signed_line(chain_key, head))


def _ends_a_line(file: Any) -> bool:
    end = file.seek(0, os.SEEK_END)
    if not end:
        return True
    file.seek(end - 1)
    return file.read(1) == b"\n"


def _sequence_of(line: bytes) -> int:
    try:
        return int(json.loads(line)["sequence"])
    except (ValueError, KeyError, TypeError):
        return 0


def copy_anchors(target: Path) -> None:
    """Copy every anchor file, each under a shared lock so that no half-written line is copied."""
    target.mkdir(parents=True, exist_ok=True)
    for key in anchored_chains():
        with anchor_path(key).open("rb") as file:
            fcntl.flock(file, fcntl.LOCK_SH)
            (target / f"{key}.jsonl").write_bytes(file.read())


def read_anchor(chain_key: str) -> Anchor | None:
    """The chain's last anchored head; None when it was never anchored."""
    path = anchor_path(chain_key)
    if not path.exists():
        return None
    with path.open("rb") as file:
        fcntl.flock(file, fcntl.LOCK_SH)
        last = _last_line(file)
    try:
        fields = json.loads(last)
        signature = fields.pop("sig")
        secret = secrets()[fields["key"]]
        anchor = Anchor(sequence=int(fields["sequence"]), rows=int(fields["rows"]), mac=str(fields["mac"]))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise AnchorError(str(error)) from error
    expected = _mac(secret, json.dumps(fields, sort_keys=True))
    if fields["chain"] != chain_key or not hmac.compare_digest(expected, str(signature)):
        raise AnchorError("signature")
    return anchor
