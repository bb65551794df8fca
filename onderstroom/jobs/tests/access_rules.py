from onderstroom.jobs import services
from onderstroom.jobs.models import Job
from onderstroom.testing.matrix import P, Rule, expect
from onderstroom.testing.world import World


def admin_job(world: World) -> dict:
    """A finished school PDF of the school admin: theirs only."""
    if "job" not in world.extra:
        job = services.request_job(
            services.build_staff_actor(world.admin, None, world.school.pk), "questionnaires.school_pdf"
        )
        world.extra["job"] = job
    job = world.extra["job"]
    assert isinstance(job, Job)
    return {"uuid": job.uuid}


RULES = {
    "jobs:job": Rule(kwargs=admin_job, expect=expect({P.ADMIN: 200})),
    "jobs:download": Rule(kwargs=admin_job, expect=expect({P.ADMIN: 200})),
}
