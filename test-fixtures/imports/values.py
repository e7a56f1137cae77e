# Calls on values that come from imports (issue 8): each `expect-call:` comment states the calls of the next line as
# server/src/test/annotations.ts describeCall writes them: `yaml.load via y` (another name for a binding or one of
# its members), `SandboxedEnvironment.from_string` (an instance of an imported class: a capitalised class called,
# an annotation, `self.x = …`), `yaml.compose().serialize` (what a package function returns), `?.render×N`
# (receivers of unknown type, one fact per method name and file, at the first call).
# expect: yaml import [yaml=*]
import yaml
# expect: yaml import [yml=*]
import yaml as yml
# expect: yaml import [l=load, Loader=Loader]
from yaml import load as l, Loader
# expect: jinja2 import [SandboxedEnvironment=SandboxedEnvironment]
from jinja2.sandbox import SandboxedEnvironment
# expect: jinja2 import [jinja2=*]
import jinja2
# expect: none
import os

y = yaml
loader = yaml.Loader
unsafe = yaml.load


def read(stream, text):
    # expect-call: yaml.load
    first = yaml.load(stream, Loader=Loader)
    # expect-call: yaml.load via y
    second = y.load(stream, loader)
    # expect-call: yml.load
    third = yml.load(stream, yml.FullLoader)
    # expect-call: l
    fourth = l(stream, Loader)
    # expect-call: yaml.load via unsafe
    fifth = unsafe(text)
    # expect-call: yaml.compose
    node = yaml.compose(text)
    # expect-call: yaml.compose().serialize
    node.serialize()
    # expect-call: none
    os.path.join("a", "b")
    return first, second, third, fourth, fifth


# expect-call: SandboxedEnvironment
shared = SandboxedEnvironment()


class Renderer:
    def __init__(self):
        # expect-call: jinja2.sandbox.SandboxedEnvironment
        self.env = jinja2.sandbox.SandboxedEnvironment()

    def render(self, source, context):
        # expect-call: jinja2.sandbox.SandboxedEnvironment.from_string
        template = self.env.from_string(source)
        # expect-call: ?.render×4
        return template.render(context) + self.cache.render(context)


def render(env: SandboxedEnvironment, source):
    # expect-call: SandboxedEnvironment.from_string, SandboxedEnvironment.from_string
    return env.from_string(source).render() + shared.from_string(source).render()


def opaque(env):
    # expect-call: ?.from_string×1
    return env.from_string("x")
