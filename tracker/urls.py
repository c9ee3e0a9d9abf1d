from django.contrib import admin
from django.urls import include, path

from . import views

app_name = "tracker"

public = [
    path("", views.timeline, name="timeline"),
    path("timeline.json", views.timeline_json, name="timeline_json"),
    path("timeline.csv", views.timeline_csv, name="timeline_csv"),
    path("timeline.atom", views.timeline_atom, name="timeline_atom"),
    path("timeline/timelinejs.json", views.timeline_timelinejs, name="timeline_timelinejs"),
    path("figures/", views.figures, name="figures"),
    path("actors/", views.actor_list, name="actors"),
    path("actors/names.json", views.actor_names, name="actor_names"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor"),
    path("actors/<slug:slug>/feed.atom", views.actor_feed, name="actor_feed"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("healthz", views.healthz, name="healthz"),
]

urlpatterns = [
    path("", include((public, "tracker"))),
    path("admin/", admin.site.urls),
]
