from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import FileResponse, Http404, HttpRequest
from django.urls import include, path

from regiekamer.web.sturing.urls import contract_urls, prioriteit_urls, vergelijk_urls


def thema(request: HttpRequest) -> FileResponse:
    """The gemeente's own theme tokens (REGIEKAMER_THEMA), served after the neutral theme."""
    if not settings.REGIEKAMER_THEMA:
        raise Http404("geen eigen thema ingesteld")
    return FileResponse(open(settings.REGIEKAMER_THEMA, "rb"), content_type="text/css")


urlpatterns = [
    path("inloggen/", auth_views.LoginView.as_view(extra_context={"titel": "Inloggen",
                                                                  "oidc": bool(settings.OIDC_RP_CLIENT_ID)}),
         name="inloggen"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="uitloggen"),
    path("beheer/", admin.site.urls),
    path("thema.css", thema, name="thema"),
    path("api/v1/", include("regiekamer.web.api.urls")),
    path("regiemodel/", include("regiekamer.web.regiemodel.urls")),
    path("landschap/", include("regiekamer.web.landschap.urls")),
    path("ambities/", include("regiekamer.web.sturing.urls")),
    path("contracten/", include(contract_urls)),
    path("vergelijken/", include(vergelijk_urls)),
    path("prioriteiten/", include(prioriteit_urls)),
    path("verantwoording/", include("regiekamer.web.verantwoording.urls")),
    path("openbaar/", include("regiekamer.web.verantwoording.openbaar_urls")),
    path("", include("regiekamer.web.dashboard.urls")),
]
if settings.OIDC_RP_CLIENT_ID:
    urlpatterns.insert(0, path("oidc/", include("mozilla_django_oidc.urls")))
