"""`python -m workflow.cli`: the `leaflet` command."""

from . import main

main()
