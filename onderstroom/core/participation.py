"""Enough data behind a number: one rule for everything computed over a class (issue 10).

A status, a "not chosen", a percentile or a reliability computed over a class means something only
when enough of the class took part. `Participation` states who was expected, who answered and the
minimum; screens show `sentence` instead of the number while `enough` is false.

The minimum for peer status (`PEER_STATUS`) follows the literature on sociometric measures:

* Crick, N. R., & Ladd, G. W. (1989). Nominator attrition: Does it affect the accuracy of
  children's sociometric classifications? Merrill-Palmer Quarterly, 35(2), 197-207. Classifications
  stay close to those of the full class while about two thirds or more of the class nominate; below
  that, more and more children change group.
* Cillessen, A. H. N. (2009). Sociometric methods. In K. H. Rubin, W. M. Bukowski, & B. Laursen
  (Eds.), Handbook of peer interactions, relationships, and groups (pp. 82-99). Guilford. Advises a
  participation rate of at least 60-70% of the class, and warns that in very small groups the
  standardised scores, and so the status groups, rest on too few nominators to mean anything.

Hence two thirds of the class list *and* at least eight children; a class with fewer than eight
children can never reach it, and there the honest answer is "cannot be determined".
"""

import math
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Minimum:
    """The least participation a number needs: a share of the expected children and a count."""

    share: Fraction
    count: int

    def needed(self, expected: int) -> int:
        """How many answers `expected` children must give at the least."""
        return max(self.count, math.ceil(self.share * expected))


PEER_STATUS = Minimum(share=Fraction(2, 3), count=8)


@dataclass(frozen=True)
class Participation:
    """Who answered out of who was expected, measured against a minimum."""

    answered: int
    expected: int
    minimum: Minimum

    @property
    def too_small(self) -> bool:
        """The group is smaller than the minimum count: no number of answers is ever enough."""
        return self.expected < self.minimum.count

    @property
    def enough(self) -> bool:
        return not self.too_small and self.answered >= self.minimum.needed(self.expected)

    @property
    def sentence(self) -> str:
        """What a screen says instead of the number, in the active language; empty when there is enough."""
        if self.enough:
            return ""
        if self.too_small:
            return _("cannot be determined: fewer than %(minimum)s children in the group (%(expected)s)") % {
                "minimum": self.minimum.count,
                "expected": self.expected,
            }
        return _("not enough answers yet (%(answered)s of %(expected)s)") % {
            "answered": self.answered,
            "expected": self.expected,
        }
