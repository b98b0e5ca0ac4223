from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.notice, name="notice"),
    path("my-data.json", views.export, name="export"),
    path("delete-account/", views.delete, name="delete"),
]
