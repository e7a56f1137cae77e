from django.utils.text import Truncator


def product_teaser(description: str) -> str:
    # Descriptions come from the dashboard and are shown in listings.
    return Truncator(description).words(30, html=True)
