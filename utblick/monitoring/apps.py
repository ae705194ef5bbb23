from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "utblick.monitoring"
    verbose_name = "Omvärldsbevakning"
