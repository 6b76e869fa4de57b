"""Signing in and out, and the home page."""

from django.contrib.auth import views as auth_views
from django.urls import path

from appraisal.pages.home import home

urlpatterns = [
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("", home, name="home"),
]
