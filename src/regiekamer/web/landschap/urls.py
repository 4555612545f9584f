from django.urls import path

from regiekamer.web.landschap import views

urlpatterns = [
    path("", views.landschap, name="landschap"),
    path("afhankelijkheid/", views.afhankelijkheid, name="landschap-afhankelijkheid"),
    path("continuiteit/", views.continuiteit, name="landschap-continuiteit"),
    path("gemeenten/", views.gemeenten, name="landschap-gemeenten"),
    path("instellingen/", views.instellingen, name="landschap-instellingen"),
]
