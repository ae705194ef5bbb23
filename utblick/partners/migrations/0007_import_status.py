"""The partner import's check and import run as background tasks: their status, progress, error and result."""

from django.db import migrations, models


def mark_imported(apps, schema_editor):
    """Files imported before this migration are "imported"; the others are checked again when next opened."""
    PartnerImport = apps.get_model("partners", "PartnerImport")
    PartnerImport.objects.filter(imported_at__isnull=False).update(status="imported", progress=100)


class Migration(migrations.Migration):
    dependencies = [("partners", "0006_search")]

    operations = [
        migrations.AddField(
            model_name="partnerimport",
            name="status",
            field=models.CharField(
                choices=[
                    ("uploaded", "Uppladdad"),
                    ("checking", "Kontrolleras"),
                    ("checked", "Kontrollerad"),
                    ("importing", "Importeras"),
                    ("imported", "Importerad"),
                    ("failed", "Kontrollen misslyckades"),
                ],
                default="uploaded",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="partnerimport",
            name="status_changed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="status ändrad"),
        ),
        migrations.AddField(
            model_name="partnerimport",
            name="progress",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="klart (procent)"),
        ),
        migrations.AddField(
            model_name="partnerimport",
            name="error",
            field=models.TextField(blank=True, verbose_name="fel"),
        ),
        migrations.AddField(
            model_name="partnerimport",
            name="preview",
            field=models.JSONField(blank=True, default=dict, verbose_name="förhandsvisning"),
        ),
        migrations.RunPython(mark_imported, migrations.RunPython.noop),
    ]
