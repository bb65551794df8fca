"""Seal every existing row with the keyed MAC and anchor each chain outside the database.

Rows written before this migration were chained with plain SHA-256, which anyone with write
access to the database could recompute. Re-sealing makes them as tamper-evident as new rows
from now on, but it cannot vouch for what happened to them before: that history is only as
trustworthy as the database was until this migration ran. A chain that did not verify under
the old hashes is reported here, so that the operator can look into it first.
"""

import hashlib
import itertools
import json
import sys
from functools import partial
from typing import Any

from django.db import migrations, models, transaction

from onderstroom.audit import seal

BATCH = 2000


def _old_hash(row: Any) -> str:
    """The plain SHA-256 the rows carried before this migration."""
    text = json.dumps(
        {
            "chain": row.chain_key,
            "sequence": row.sequence,
            "created_at": row.created_at.isoformat(),
            "action": row.action,
            "actor_kind": row.actor_kind,
            "actor_user": row.actor_user_id,
            "actor_label": row.actor_label,
            "child": str(row.child_uuid) if row.child_uuid else None,
            "object_type": row.object_type,
            "object_uuid": row.object_uuid,
            "ip": row.ip_address,
            "details": row.details,
            "previous": row.previous_hash,
        },
        sort_keys=True,
        ensure_ascii=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _reseal_chain(event_model: Any, chain_model: Any, key: str) -> None:
    rows = event_model.objects.filter(chain_key=key).order_by("sequence")
    old_previous, previous, count, last_sequence, old_intact = seal.GENESIS_HASH, seal.GENESIS_HASH, 0, 0, True
    for batch in itertools.batched(rows.iterator(chunk_size=BATCH), BATCH):
        for row in batch:
            old_intact = old_intact and row.previous_hash == old_previous and _old_hash(row) == row.hash
            old_previous = row.hash
            row.previous_hash, row.key_id = previous, seal.current_key_id()
            row.hash = previous = seal.seal(row)
            count, last_sequence = count + 1, row.sequence
        event_model.objects.bulk_update(batch, ["previous_hash", "hash", "key_id"])
    if not old_intact:
        sys.stdout.write(f"\n  Audit chain {key} did not verify before it was re-sealed; check it against a backup.")
    chain_model.objects.update_or_create(key=key, defaults={"last_hash": previous, "length": count})
    head = seal.Anchor(sequence=last_sequence, rows=count, mac=previous)
    transaction.on_commit(partial(seal.append_anchor, key, head))


def reseal(apps: Any, schema_editor: Any) -> None:
    event_model = apps.get_model("audit", "AuditEvent")
    chain_model = apps.get_model("audit", "AuditChain")
    for key in event_model.objects.order_by().values_list("chain_key", flat=True).distinct():
        _reseal_chain(event_model, chain_model, key)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(default="", max_length=16),
            preserve_default=False,
        ),
        migrations.RunPython(reseal, migrations.RunPython.noop),
    ]
