from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "utblick.partners"
    verbose_name = "Partner"
