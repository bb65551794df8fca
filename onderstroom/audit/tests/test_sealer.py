"""`seal.Sealer`, the seal of a write's rows made per row from the columns they share, is the seal the
check recomputes (`seal.seal` over `seal.payload`) for any value a column may hold."""

import uuid
from datetime import UTC, datetime
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from onderstroom.audit import seal

text = st.text(max_size=30)  # any text: quotes, backslashes, control characters, accents, emoji
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    action=text,
    actor_kind=st.sampled_from(["staff", "child", "system", "anonymous"]),
    actor_user_id=st.none() | st.integers(min_value=1, max_value=2**62),
    actor_label=text,
    chain_key=text,
    created_at=st.datetimes(timezones=st.just(UTC)),
    details=st.dictionaries(text, json_values, max_size=4),
    ip_address=st.none() | st.ip_addresses().map(str),
    object_type=text,
    object_uuid=text,
    school_id=st.none() | st.integers(min_value=1, max_value=2**62),
    rows=st.lists(st.none() | st.uuids(), min_size=1, max_size=4),
    sequence=st.integers(min_value=0, max_value=2**62),
)
def test_a_write_sealed_row_by_row_has_the_seals_the_check_computes(
    rows: list[uuid.UUID | None], sequence: int, **common: object
) -> None:
    common["key_id"] = seal.current_key_id()
    sealer = seal.Sealer(SimpleNamespace(**common))
    previous = seal.GENESIS_HASH
    for child_uuid in rows:
        sequence += 1
        row = SimpleNamespace(**common, sequence=sequence, child_uuid=child_uuid, previous_hash=previous)
        sealed = sealer.seal(sequence, child_uuid, previous)
        assert sealed == seal.seal(row)
        assert seal.is_sealed(row, sealed)
        previous = sealed


def test_a_changed_column_changes_the_seal() -> None:
    """The shortcut covers every column: a row differing in any one of them gets another seal."""
    common = {
        "action": "questionnaires.overview.view",
        "actor_kind": "staff",
        "actor_user_id": 7,
        "actor_label": "Sanne de Vries",
        "chain_key": str(uuid.uuid4()),
        "created_at": datetime(2026, 12, 5, 8, 0, tzinfo=UTC),
        "details": {"rows": 3},
        "ip_address": "192.0.2.1",
        "object_type": "questionnaires.measurementmoment",
        "object_uuid": str(uuid.uuid4()),
        "school_id": 3,
        "key_id": seal.current_key_id(),
    }
    child = uuid.uuid4()
    original = seal.Sealer(SimpleNamespace(**common)).seal(5, child, seal.GENESIS_HASH)
    changed_values = {
        "action": "x",
        "actor_kind": "child",
        "actor_user_id": 8,
        "actor_label": "Sanne",
        "chain_key": "other",
        "created_at": datetime(2026, 12, 5, 8, 0, 1, tzinfo=UTC),
        "details": {"rows": 4},
        "ip_address": "192.0.2.2",
        "object_type": "y",
        "object_uuid": "z",
        "school_id": 4,
    }
    for column, value in changed_values.items():
        assert (
            seal.Sealer(SimpleNamespace(**{**common, column: value})).seal(5, child, seal.GENESIS_HASH)
            != original
        )
    sealer = seal.Sealer(SimpleNamespace(**common))
    assert sealer.seal(6, child, seal.GENESIS_HASH) != original
    assert sealer.seal(5, uuid.uuid4(), seal.GENESIS_HASH) != original
    assert sealer.seal(5, None, seal.GENESIS_HASH) != original
    assert sealer.seal(5, child, "1" * 64) != original
