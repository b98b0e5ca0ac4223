from django.urls import path

from .views import accessibility

app_name = "accessibility"

urlpatterns = [
    path("", accessibility.statement, name="statement"),
    path("feedback/", accessibility.feedback, name="feedback"),
]
