"""What every demo module shares: the demo password, the communes it fills, the summary."""

from dataclasses import dataclass

DEMO_PASSWORD = "tocds-demo"  # noqa: S105 (documented demo password, demo data only)
PROVINCE = "04"
COMMUNE_A = "01654"  # Xã Hòa An
COMMUNE_B = "01273"  # Phường Thục Phán
OTHER_COMMUNES = ("01279", "01290", "01477", "01807")  # Nùng Trí Cao, Bảo Lâm, Trùng Khánh, …


@dataclass
class DemoSummary:
    hamlets: int = 0
    teams: int = 0
    members: int = 0
    users: int = 0

    def __str__(self) -> str:
        return (
            f"new sample hamlets {self.hamlets}, teams {self.teams}, members {self.members}, "
            f"users {self.users}"
        )
