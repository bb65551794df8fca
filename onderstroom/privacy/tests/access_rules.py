from onderstroom.privacy.models import AccessRequest, ErasureRequest
from onderstroom.testing.matrix import P, Rule, expect, for_school_admin
from onderstroom.testing.world import World


def _access(world: World, status: str = AccessRequest.Status.WAITING) -> AccessRequest:
    """About a child of the world's group: its care coordinator decides, its school admin downloads."""
    return AccessRequest.objects.create(
        school=world.school, child=world.child, requested_by=world.admin, status=status
    )


def _erasure(world: World) -> ErasureRequest:
    # About a child of the other group, so that erasing it leaves the world's personas signed in.
    child = world.other_child
    return ErasureRequest.objects.create(
        school=world.school, child=child, child_uuid=child.uuid, reason="parent", requested_by=world.admin
    )


def _ready(world: World) -> dict:
    return {"uuid": _access(world, AccessRequest.Status.READY).uuid}


RULES = {
    "privacy:index": Rule(expect=for_school_admin()),
    "privacy:access_new": Rule(expect=for_school_admin()),
    "privacy:access": Rule(kwargs=lambda w: {"uuid": _access(w).uuid}, expect=expect({P.ADMIN: 200})),
    "privacy:access_pdf": Rule(kwargs=_ready, expect=expect({P.ADMIN: 200})),
    "privacy:access_zip": Rule(kwargs=_ready, expect=expect({P.ADMIN: 200})),
    # Every care coordinator has the list (the outsider cares for a group of their own school).
    "privacy:consents": Rule(expect=expect({P.CARE: 200, P.OUTSIDER: 200})),
    "privacy:consent": Rule(kwargs=lambda w: {"uuid": _access(w).uuid}, expect=expect({P.CARE: 200})),
    "privacy:erasure_new": Rule(expect=for_school_admin()),
    "privacy:erasure": Rule(kwargs=lambda w: {"uuid": _erasure(w).uuid}, expect=expect({P.ADMIN: 200})),
    "privacy:retention": Rule(expect=for_school_admin()),
}
