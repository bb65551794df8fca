"""The nine pictures of the login cards, in the order of Child.picture_code's digits."""

from dataclasses import dataclass

from django.templatetags.static import static
from django.utils.functional import Promise

from onderstroom.childsessions.models import PICTURE_LABELS, PICTURES


@dataclass(frozen=True)
class Picture:
    index: int
    key: str
    label: str | Promise

    @property
    def static_path(self) -> str:
        return f"childsessions/pictures/{self.key}.svg"

    @property
    def url(self) -> str:
        return static(self.static_path)


ALL = [Picture(index=i, key=key, label=PICTURE_LABELS[key]) for i, key in enumerate(PICTURES)]


def pictures_of(code: str) -> list[Picture]:
    """The pictures of a child's code, in order ("703" -> star, sun, house)."""
    return [ALL[int(digit)] for digit in code]
