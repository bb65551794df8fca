"""The one exception every service raises for a change the rules do not allow."""

from django.utils.functional import Promise


class Refused(Exception):
    """A change that cannot be made; `message` says why, in the user's language, for the page."""

    def __init__(self, message: str | Promise) -> None:
        # Raised while a request is answered, so its language is the user's: keep it as text.
        self.message = str(message)
        super().__init__(self.message)
