from django.apps import AppConfig


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = "Timeline and claims"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import revision

        revision.connect()
