# Each `expect:` comment states the third-party imports found on the next line (or `none`), with the names they
# bind in brackets; each `expect-call:` comment states the calls through those bindings (or `none`).
from __future__ import annotations

# expect: yaml import [yaml=*]
import yaml
# expect: none
import os.path
# expect: jwt import [pyjwt=*] ; requests import [requests=*]
import jwt as pyjwt, requests
# expect: google import [google.protobuf.json_format=*]
import google.protobuf.json_format
# expect: dateutil import [parse_date=parse]
from dateutil.parser import parse as parse_date
# expect: flask import [Flask=Flask, request=request]
from flask import (Flask,
                   request)
# expect: cryptography import [hashes=hashes, default_backend=default_backend]
from cryptography.hazmat.primitives import hashes, default_backend
# expect: lxml import [*=*]
from lxml.etree import *
# expect: none
from . import sibling
# expect: none
from ..pkg.mod import helper
# expect: none
from typing import TYPE_CHECKING
# expect: none
import subprocess

if TYPE_CHECKING:
    # expect: mypy_boto3_s3 import type-only [S3Client=S3Client]
    from mypy_boto3_s3 import S3Client
else:
    # expect: boto3 import [boto3=*]
    import boto3

try:
    # expect: ujson import [json=*]
    import ujson as json
except ImportError:
    # expect: none
    import json

# expect-call: Flask
app = Flask(__name__)


def handler():
    # expect: sqlalchemy import [text=text]
    from sqlalchemy import text
    # expect-call: yaml.load
    config = yaml.load(request.data, Loader=yaml.Loader)
    # expect-call: pyjwt.decode
    claims = pyjwt.decode(request.headers["Authorization"], "k", algorithms=["HS256"])
    # expect-call: requests.get, json.dumps
    requests.get("https://example.test", data=json.dumps(claims))
    # expect-call: google.protobuf.json_format.MessageToJson
    google.protobuf.json_format.MessageToJson(config)
    # expect-call: parse_date
    when = parse_date("2024-01-01")
    # expect-call: hashes.Hash, hashes.SHA256, default_backend
    digest = hashes.Hash(hashes.SHA256(), default_backend())
    # expect-call: text
    query = text("select 1")
    # expect-call: request.get_json
    body = request.get_json()
    # expect-call: yaml.constructor.SafeConstructor
    yaml.constructor.SafeConstructor()
    # expect-call: none
    os.path.join("a", "b")
    # expect-call: none
    subprocess.run(["ls"])
    # expect-call: none
    sibling.run(helper())
    # expect-call: none
    fromstring("<x/>")
    # expect-call: none
    print(digest, when, query, body, "yaml.load(x)")
    # expect-call: yaml.load().get, ?.strip×1
    config.get("key").strip()
    return boto3
