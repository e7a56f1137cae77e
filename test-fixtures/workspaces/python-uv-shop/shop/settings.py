import os

SECRET_KEY = os.environ.get("SECRET_KEY", "")
INSTALLED_APPS = ["django.contrib.contenttypes", "shop.core"]
ROOT_URLCONF = "shop.urls"
JWT_PUBLIC_KEY = os.environ.get("JWT_PUBLIC_KEY", "")
