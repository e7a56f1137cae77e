from django.urls import path

from accounts import views as accounts
from polls import views as polls

urlpatterns = [
    path("polls/", polls.index),
    path("polls/<int:question_id>/results", polls.results),
    path("login", accounts.login),
]
