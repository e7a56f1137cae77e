"""Renders user-defined report templates in Jinja's sandbox."""
from jinja2.sandbox import SandboxedEnvironment


class ReportRenderer:
    def __init__(self):
        self.env = SandboxedEnvironment(autoescape=True)

    def render(self, source, rows):
        template = self.env.from_string(source)
        return template.render(rows=rows)
