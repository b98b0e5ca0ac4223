from django.urls import path

from .views import attachments, requester, staff

app_name = "enquiries"

urlpatterns = [
    path("", requester.my_enquiries, name="mine"),
    path("new/", requester.new, name="new"),
    path("<str:reference>/", staff.detail, name="detail"),
    path("<str:reference>/reply/", staff.reply, name="reply"),
    path("<str:reference>/note/", staff.note, name="note"),
    path("<str:reference>/status/", staff.status, name="status"),
    path("<str:reference>/assign/", staff.assign, name="assign"),
    path("<str:reference>/forward/", staff.forward, name="forward"),
    path("<str:reference>/outcome/", staff.outcome, name="outcome"),
    path("<str:reference>/priority/", staff.priority, name="priority"),
    path("<str:reference>/recommend/", staff.recommend, name="recommend"),
    path("<str:reference>/attachments/<int:attachment_id>/", attachments.download, name="attachment"),
]
