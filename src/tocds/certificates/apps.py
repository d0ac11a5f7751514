from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "tocds.certificates"
    label = "certificates"

    def ready(self) -> None:
        from tocds.certificates import checks  # noqa: F401  (registers the font check)
