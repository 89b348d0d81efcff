from django.urls import path

from search import views

app_name = "search"
urlpatterns = [
    path("tim-kiem/", views.search_page, name="page"),
    path("api/search/", views.search_api, name="api"),
]
