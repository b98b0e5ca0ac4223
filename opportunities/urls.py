from django.urls import path

from . import feeds, views

app_name = "opportunities"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("saved/", views.saved, name="saved"),
    path("saved/calendar/", views.calendar, name="calendar"),
    path("manage/", views.manage, name="manage"),
    path("new/", views.create, name="create"),
    path("feeds/deadlines.ics", feeds.deadlines, name="deadlines_ics"),
    path("feeds/saved/<slug:token>.ics", feeds.saved_deadlines, name="saved_ics"),
    path("feeds/new.atom", feeds.NewOpportunitiesFeed(), name="new_atom"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/status/", views.transition, name="transition"),
    path("<slug:slug>/save/", views.save, name="save"),
    path("<slug:slug>/unsave/", views.unsave, name="unsave"),
]
