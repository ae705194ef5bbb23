from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "utblick.register"
    verbose_name = "Katalog för lokala aktörer"
