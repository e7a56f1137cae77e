"""Poll views: list questions, and fetch results from the reporting service."""
import requests
from django.db.models import Count
from django.http import JsonResponse

REPORTING_URL = "https://reporting.internal.example.com/polls"


def index(request):
    from .models import Question

    questions = Question.objects.annotate(votes=Count("choice__votes")).order_by("-votes")
    return JsonResponse({"questions": [question.text for question in questions]})


def results(request, question_id):
    reply = requests.get(f"{REPORTING_URL}/{question_id}", timeout=5)
    return JsonResponse(reply.json())
