from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "utblick.organisation"
    verbose_name = "Organisation"
