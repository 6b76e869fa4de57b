from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("api.urls")),
    path("alur/", include("workflows.urls")),
    path("", include("appraisal.skp_urls")),
    path("", include("appraisal.evaluation_urls")),
    path("", include("appraisal.service_report_urls")),
    path("", include("appraisal.service_urls")),
    path("", include("appraisal.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
