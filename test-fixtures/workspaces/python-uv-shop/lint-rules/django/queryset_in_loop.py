# Sample code for a lint rule: a query per loop iteration.
from django.db.models import Model


def prices(products: list[Model]) -> list:
    # ruleid: queryset-in-loop
    return [product.variants.all() for product in products]
