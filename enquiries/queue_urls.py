from django.urls import path

from .views import queue_admin, work_queue

app_name = "queue"

urlpatterns = [
    path("", work_queue.work_queue, name="index"),
    path("bulk/", work_queue.bulk, name="bulk"),
    path("manage/", queue_admin.manage, name="manage"),
    path("manage/<int:queue_id>/", queue_admin.manage_queue, name="manage_queue"),
    path("manage/<int:queue_id>/settings/", queue_admin.manage_settings, name="manage_settings"),
    path("manage/<int:queue_id>/members/", queue_admin.manage_members, name="manage_members"),
    path(
        "manage/<int:queue_id>/members/<int:user_id>/remove/",
        queue_admin.manage_member_remove,
        name="manage_member_remove",
    ),
    path("manage/<int:queue_id>/canned/", queue_admin.manage_canned, name="manage_canned"),
    path(
        "manage/<int:queue_id>/canned/<int:canned_id>/",
        queue_admin.manage_canned_edit,
        name="manage_canned_edit",
    ),
    path(
        "manage/<int:queue_id>/canned/<int:canned_id>/delete/",
        queue_admin.manage_canned_delete,
        name="manage_canned_delete",
    ),
    path("manage/<int:queue_id>/topics/", queue_admin.manage_topics, name="manage_topics"),
]
