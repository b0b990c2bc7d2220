"""The `leaflet` command on top of everything: parses options, calls the stages, prints through
`report`, picks the exit code. Nothing imports it."""

from . import translation  # noqa: F401 - registers translate and models
from .main import main  # noqa: F401 - the console script `workflow.cli:main`
