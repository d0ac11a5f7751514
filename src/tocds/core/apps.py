from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tocds.core"
    label = "core"
    verbose_name = "tocds"

    def ready(self) -> None:
        from tocds.core import checks  # noqa: F401 (registers the checks)
