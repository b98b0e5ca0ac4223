from django.urls import path

from .views import attachments, requester, staff

app_name = "enquiries"

urlpatterns = [
    path("", requester.my_enquiries, name="mine"),
    path("new/", requester.new, name="new"),
    path("<slug:reference>/", staff.detail, name="detail"),
    path("<slug:reference>/reply/", staff.reply, name="reply"),
    path("<slug:reference>/note/", staff.note, name="note"),
    path("<slug:reference>/status/", staff.status, name="status"),
    path("<slug:reference>/assign/", staff.assign, name="assign"),
    path("<slug:reference>/forward/", staff.forward, name="forward"),
    path("<slug:reference>/outcome/", staff.outcome, name="outcome"),
    path("<slug:reference>/priority/", staff.priority, name="priority"),
    path("<slug:reference>/recommend/", staff.recommend, name="recommend"),
    path("<slug:reference>/attachments/<int:attachment_id>/", attachments.download, name="attachment"),
]
