"""The shipped list of EU knowledge areas (issue 7, point 1); the coordinator changes it afterwards on its page."""

from django.db import migrations

AREAS = (
    ("EU-finansiering", "EU-medel, EU-bidrag, EU-projekt, strukturfonder"),
    ("Interreg", "Interreg Aurora, Interreg Sverige-Norge"),
    ("Erasmus+", "Erasmus"),
    ("Statsstöd", "statsstöd, statligt stöd"),
    ("Offentlig upphandling", "upphandling, LOU"),
    ("EU-rätt", "EU-lagstiftning, EU-regler"),
    ("Påverkansarbete i Bryssel", "lobbying, lobbyarbete, Bryssel, påverkansarbete"),
)


def seed(apps, schema_editor):
    EuKnowledge = apps.get_model("competence", "EuKnowledge")
    for name, aliases in AREAS:
        EuKnowledge.objects.get_or_create(name=name, defaults={"aliases": aliases})


def unseed(apps, schema_editor):
    EuKnowledge = apps.get_model("competence", "EuKnowledge")
    EuKnowledge.objects.filter(name__in=[name for name, _aliases in AREAS]).delete()


class Migration(migrations.Migration):
    dependencies = [("competence", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
