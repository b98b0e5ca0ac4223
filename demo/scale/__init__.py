"""Scale data: the whole European Universities Initiative, generated fast and reproducibly.

``seed_scale`` (``python manage.py seed_scale``) generates alliances, universities, queues,
people, opportunities, enquiries with their threads, saved opportunities and notifications,
respecting the rules the product relies on (home university from the e-mail domain,
routing, reference counters, working-day response dates). See README, "Scale data".
"""

from .seed import ScaleDataError, ScaleReport, seed_scale
from .sizes import PRESETS, Sizes, sizes_for

__all__ = ["PRESETS", "ScaleDataError", "ScaleReport", "Sizes", "seed_scale", "sizes_for"]
