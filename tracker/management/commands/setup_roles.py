"""python manage.py setup_roles"""

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError

# codename -> what it lets an editor do
EDITOR_PERMISSIONS = [
    "view_article", "add_article", "change_article",
    "view_claim", "change_claim",
    "view_actor", "add_actor", "change_actor",
    "view_alias", "add_alias", "change_alias", "delete_alias",
    "view_event", "change_event",
    "view_historicalclaim", "view_historicalactor", "view_historicalevent",
]  # fmt: skip
SENIOR_PERMISSIONS = EDITOR_PERMISSIONS + [
    "merge_actor",
    "delete_claim", "delete_actor", "delete_event", "delete_article",
    "add_claim", "add_event",
]  # fmt: skip
ROLES = {"Editors": EDITOR_PERMISSIONS, "Senior editors": SENIOR_PERMISSIONS}


class Command(BaseCommand):
    help = (
        "Create or update the Editors group (review claims, edit actors and events, add "
        "and re-extract articles) and the Senior editors group (also merge actors and "
        "delete). Safe to run again: each group ends with exactly these permissions."
    )

    def handle(self, *args, verbosity, **options):
        for name, codenames in ROLES.items():
            permissions = list(
                Permission.objects.filter(content_type__app_label="tracker", codename__in=codenames)
            )
            missing = set(codenames) - {p.codename for p in permissions}
            if missing:
                raise CommandError(
                    f"Unknown permissions {', '.join(sorted(missing))}: run migrate first."
                )
            group, created = Group.objects.get_or_create(name=name)
            group.permissions.set(permissions)
            if verbosity >= 1:
                verb = "Created" if created else "Updated"
                self.stdout.write(
                    self.style.SUCCESS(f"{verb} {name}: {len(permissions)} permissions.")
                )
        if verbosity >= 1:
            self.stdout.write(
                "Add people to a group in the admin (Users › a user › Groups); they also need "
                "“Staff status” to sign in."
            )
