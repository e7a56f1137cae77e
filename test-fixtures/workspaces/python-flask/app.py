"""Tiny Flask API used by the ASPM fixtures: parses YAML uploads and checks JWTs."""
import jwt
import yaml
from flask import Flask, request

app = Flask(__name__)
SECRET = "change-me"


@app.post("/config")
def upload_config():
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    config = yaml.load(request.data, Loader=yaml.Loader)
    return {"user": claims.get("sub"), "keys": sorted(config)}


if __name__ == "__main__":
    app.run()
