from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("api.urls")),
    path("alur/", include("workflows.urls")),
    path("", include("appraisal.skp.urls")),
    path("", include("appraisal.evaluation.urls")),
    path("", include("appraisal.service_desk.urls")),
    path("", include("appraisal.pages.urls")),
    path("", include("appraisal.org.urls")),
    path("", include("appraisal.dashboard.urls")),
    path("", include("appraisal.talent.urls")),
    path("", include("appraisal.notifications.urls")),
    path("", include("accounts.urls")),
]
# JSON in the API's error shape for paths under /api/, Django's pages elsewhere (api/exceptions.py).
handler404 = "api.exceptions.not_found"
handler500 = "api.exceptions.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
