from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "utblick.reports"
    verbose_name = "Uppföljning och rapporter"
