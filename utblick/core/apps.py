from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "utblick.core"
    verbose_name = "Kärna"
