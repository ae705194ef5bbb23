from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "utblick.register"
    verbose_name = "Katalog för lokala aktörer"

    def ready(self):
        # Introduction requests may name a contact person: their extract and anonymisation must include them.
        from utblick.partners import gdpr
        from utblick.register import personal_data

        gdpr.register_holder("intresseanmalningar", personal_data.HOLDER)
