"""Helpers shared by the test suite (fixtures live in the conftest.py files; a test module
never imports from another): test data and rows of every format (``data``), processes the
tests start (``processes``), the browser (``browser``), the API (``api``) and who may open what
(``permissions``)."""

from .alerts import *  # noqa: F403
from .api import *  # noqa: F403
from .browser import *  # noqa: F403
from .data import *  # noqa: F403
from .permissions import *  # noqa: F403
from .processes import *  # noqa: F403
