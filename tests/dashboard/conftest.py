from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture
def reference(db):
    call_command("load_reference_data", stdout=StringIO())


from tests.incidents.conftest import run_import  # noqa: E402, F401 - shared fixture
