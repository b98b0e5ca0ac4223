from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from accounts import views as accounts_views
from opportunities import api

from . import views

# The admin site signs people in through allauth (rate limits, second factor), never by itself.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("opportunities/", include("opportunities.urls")),
    path("enquiries/", include("enquiries.urls")),
    path("queue/", include("enquiries.queue_urls")),
    path("accessibility/", include("enquiries.accessibility_urls")),
    path("notifications/", include("notifications.urls")),
    path("privacy/", include("privacy.urls")),
    path("accounts/", include("accounts.urls")),
    # allauth's re-authentication by mailed code, kept to those who have no other way.
    path(
        "accounts/reauthenticate/code/",
        accounts_views.request_reauthentication_code,
        name="account_request_reauthentication_code",
    ),
    path(
        "accounts/reauthenticate/code/confirm/",
        accounts_views.confirm_reauthentication_code,
        name="account_confirm_reauthentication_code",
    ),
    path("accounts/", include("allauth.urls")),
    path("api/v1/opportunities/", api.OpportunityList.as_view(), name="api-opportunities"),
    path("api/v1/opportunities/<slug:slug>/", api.OpportunityDetail.as_view(), name="api-opportunity"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("admin/", admin.site.urls),
]

handler404 = "mobility.views.page_not_found"
