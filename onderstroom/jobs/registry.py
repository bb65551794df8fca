"""The kinds of file a job can make. A feature registers its kinds in its `panels.py`:

    from onderstroom.jobs.registry import JobFile, JobKind, kinds
    kinds.register(JobKind("questionnaires.school_pdf", order=10, label=..., allowed=..., produce=...))

`allowed(actor, params)` is asked when the job is requested, again on the worker before it runs
(with the requester's actor rebuilt from the database) and again on download. `produce` makes the
file with that actor, in its school scope and language, writes the audit rows of what it read, and
may report progress with `progress(done, total)`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from onderstroom.core.registry import Registry
from onderstroom.schools.access import StaffActor

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class JobFile:
    content: bytes
    name: str  # the file name the download gets, with its extension
    content_type: str


@dataclass(frozen=True)
class JobKind:
    key: str
    order: int
    label: "StrPromise | str"
    allowed: Callable[[StaffActor, dict[str, Any]], bool]
    produce: Callable[[StaffActor, dict[str, Any], Progress], JobFile]


kinds: Registry[JobKind] = Registry()
