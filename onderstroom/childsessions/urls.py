from django.urls import path, register_converter

from onderstroom.childsessions.signin import BRIN_PATTERN
from onderstroom.childsessions.views import cards, child, teacher


class EntryConverter:
    """A school's entry on the child side: its BRIN, in any case (12ab)."""

    regex = BRIN_PATTERN

    def to_python(self, value: str) -> str:
        return value.lower()

    def to_url(self, value: str) -> str:
        return value.lower()


register_converter(EntryConverter, "entry")

app_name = "childsessions"
urlpatterns = [
    # the teacher
    path("groups/<uuid:uuid>/sessions/new", teacher.new, name="new"),
    path("groups/<uuid:uuid>/sessions/open", teacher.open_session, name="open"),
    path("groups/<uuid:uuid>/login-cards.pdf", cards.login_cards, name="login_cards"),
    path("sessions/<uuid:uuid>/", teacher.session, name="session"),
    path("sessions/<uuid:uuid>/children", teacher.session_children, name="session_children"),
    path("sessions/<uuid:uuid>/close", teacher.close, name="close"),
    path("sessions/<uuid:uuid>/children/<uuid:child>/unlock", teacher.unlock, name="unlock"),
    path("sessions/<uuid:uuid>/board/", teacher.board, name="board"),
    path("sessions/<uuid:uuid>/board/count", teacher.board_count, name="board_count"),
    # the child, on a tablet
    path("leerling/", child.start, name="start"),
    path("leerling/<entry:school>/", child.school_start, name="school_start"),
    path("j/<entry:school>/<str:code>", child.join, name="join"),
    path("leerling/naam/", child.names, name="names"),
    path("leerling/plaatjes/", child.pictures, name="pictures"),
    path("leerling/foto/<uuid:uuid>", child.photo, name="photo"),
    path("leerling/start/", child.home, name="home"),
    path("leerling/stop", child.leave, name="leave"),
]
