"""The place tree's vocabulary: a subtree is a prefix of materialised paths ending in '/'."""

from tocds.places import tree
from tocds.places.models import Place


def test_within_and_is_within_stop_at_the_slash():
    assert tree.is_within("/04/01273/01273-001/", "/04/01273/")
    assert tree.is_within("/04/01273/", "/04/01273/")
    assert not tree.is_within("/04/01273/", "/04/0127/")
    assert not tree.is_within("/04/", "/04/01273/")


def test_ancestors_and_top():
    assert tree.ancestors("/04/01654/01654-001/") == ["/04/", "/04/01654/", "/04/01654/01654-001/"]
    assert tree.top("/04/01654/01654-001/") == "/04/"


def test_within_filters_any_relation_and_nothing_without_roots(world):
    hamlets = set(Place.objects.filter(tree.within(world.commune_a), level="hamlet"))
    assert {world.hamlet_a1, world.hamlet_a2} <= hamlets
    assert hamlets == set(Place.objects.filter(commune=world.commune_a, level="hamlet"))
    assert world.hamlet_b1 not in hamlets
    both = Place.objects.filter(tree.within([world.commune_a, world.commune_b]), level="commune")
    assert set(both) == {world.commune_a, world.commune_b}
    assert not Place.objects.filter(tree.within([])).exists()
    from tocds.teams.models import Team

    in_b = set(Team.objects.filter(tree.within(world.commune_b, "place__path")))
    assert world.team_b in in_b and world.team_a not in in_b
    assert in_b == set(Team.objects.filter(place__commune=world.commune_b))
