"""`leaflet publish`: plan which editions to build, render them, stage, replace and prune the
output folder, keeping a record for incremental rebuilds. Takes the project; writes `output/`."""

from .pipeline import PublishResult, publish  # noqa: F401 - the public entry point
