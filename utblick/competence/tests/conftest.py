import pytest

from utblick.competence.tests.helpers import ensure_eu_list


@pytest.fixture(autouse=True)
def _eu_list(db):
    """The shipped EU knowledge list, also after a transactional test elsewhere in the run has emptied the tables."""
    ensure_eu_list()
