from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "utblick.finance"
    verbose_name = "Ekonomi"
