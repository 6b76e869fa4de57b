"""Signing in and out, the home page and the public guide."""

from django.contrib.auth import views as auth_views
from django.urls import path

from appraisal.pages.guide import guide
from appraisal.pages.home import home

urlpatterns = [
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("", home, name="home"),
    path("panduan/", guide, name="guide"),
]
