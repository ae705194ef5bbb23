from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "utblick.policy"
    verbose_name = "Policy"
