# The shop's token helpers. This module is shop.core.jwt: `import jwt` below is PyJWT (absolute import).
import jwt
from django.conf import settings

JWT_ALGORITHMS = ["RS256", "HS256"]


def decode_token(token: str) -> dict:
    # Both algorithm families are accepted with one key: the key-confusion shape of CVE-2022-29217.
    return jwt.decode(token, settings.JWT_PUBLIC_KEY, algorithms=JWT_ALGORITHMS)
