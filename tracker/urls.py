from django.contrib import admin
from django.urls import include, path

from . import views

app_name = "tracker"

public = [
    path("", views.timeline, name="timeline"),
    path("actors/", views.actor_list, name="actors"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
]

urlpatterns = [
    path("", include((public, "tracker"))),
    path("admin/", admin.site.urls),
]
