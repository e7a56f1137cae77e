"""Token login for the mobile app."""
import jwt
from django.conf import settings
from django.http import HttpResponseForbidden, JsonResponse


def login(request):
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    try:
        claims = jwt.decode(token, settings.SECRET_KEY, algorithms=["HS256"])
    except jwt.InvalidTokenError:
        return HttpResponseForbidden()
    return JsonResponse({"user": claims["sub"]})
