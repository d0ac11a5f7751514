"""Sample hamlets under real communes (the communes come from `load_places`)."""

from tocds.core.text import fold
from tocds.demo.base import DemoSummary
from tocds.places.models import Kind, Place
from tocds.places.services import create_hamlet


def load_hamlets(commune: Place, count: int, summary: DemoSummary) -> list[Place]:
    """`count` sample hamlets of the commune, named by their kind ("Xóm Mẫu 1", …)."""
    kinds = (Kind.TO_DAN_PHO,) if commune.kind == Kind.PHUONG else (Kind.XOM, Kind.THON, Kind.BAN)
    hamlets = []
    for n in range(1, count + 1):
        kind = kinds[n % len(kinds)]
        name = f"{Kind(kind).label.capitalize()} Mẫu {n}"
        hamlet = Place.objects.current().filter(parent=commune, search_name=fold(name)).first()
        if hamlet is None:
            hamlet = create_hamlet(
                commune=commune, name=name, kind=kind, is_sample=True, source="demo"
            )
            summary.hamlets += 1
        hamlets.append(hamlet)
    return hamlets
