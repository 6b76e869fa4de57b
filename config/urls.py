from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog


class FaviconRedirect(RedirectView):
    def get_redirect_url(self, *args, **kwargs) -> str:
        return static_url("img/favicon.ico")  # resolved per request: the manifest is read after start-up


urlpatterns = [
    # Browsers ask /favicon.ico of every site, whatever the pages link (not permanent: the hashed name changes).
    path("favicon.ico", FaviconRedirect.as_view()),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # The words of static/js/*.js (djangojs catalogue), loaded as a script file (CSP: no inline script).
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", include("api.urls")),
    path("alur/", include("workflows.urls")),
    path("", include("appraisal.skp.urls")),
    path("", include("appraisal.evaluation.urls")),
    path("", include("appraisal.service_desk.urls")),
    path("", include("appraisal.pages.urls")),
    path("", include("appraisal.org.urls")),
    path("", include("appraisal.siasn.urls")),
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
