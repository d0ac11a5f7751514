from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "tocds.people"
    label = "people"

    def ready(self) -> None:
        from tocds.people import throttle  # noqa: F401  (connects the sign-in signals)
