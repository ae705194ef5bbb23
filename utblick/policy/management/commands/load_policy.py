from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from utblick.policy.loader import load_policy


class Command(BaseCommand):
    help = "Läser in en kommuns policyfil (YAML): mål, prioriteringskriterier, områden och organisation."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Sökväg till policyfilen, t.ex. policies/harjedalen.yaml")

    def handle(self, *args, file, **options):
        try:
            policy = load_policy(file)
        except ValidationError as exc:
            raise CommandError("Policyfilen lästes inte in:\n- " + "\n- ".join(exc.messages)) from exc
        self.stdout.write(
            f"Inläst: {policy.name} ({policy.objective_set.count()} mål, "
            f"{policy.prioritycriterion_set.count()} prioriteringskriterier, {policy.area_set.count()} områden)."
        )
