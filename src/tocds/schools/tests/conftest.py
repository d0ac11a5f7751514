import pytest

from tocds.conftest import World
from tocds.schools.tests.factories import SchoolWorld, school_world


@pytest.fixture
def sw(world: World) -> SchoolWorld:
    return school_world(world)
