# Two entry points that work on a fresh clone: `make publish` and `make test`.
# Each creates .venv on first use and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := gettext poppler-utils tesseract-ocr tesseract-ocr-hin tesseract-ocr-urd chromium libharfbuzz-subset0

.PHONY: publish test system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# The light install: extract, update, check and publish (no machine translation).
$(VENV)/.base: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

# Everything, for the tests: torch's CPU build first, or argostranslate pulls a CUDA one.
$(VENV)/.full: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[mt,test]'
	touch $@ $(VENV)/.base

publish: $(VENV)/.base
	$(BIN)/leaflet extract
	$(BIN)/leaflet update --lang hi
	$(BIN)/leaflet publish --lang hi

# Debian tools the tests drive (msgfmt, pdftoppm, tesseract, chromium); installed when missing and root.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing Debian packages:$$missing (install them with apt-get)" >&2; fi; \
	fi

# The suite, then the light install a user gets (`pip install .`, and the wheel) running every
# command that needs no machine translation (tests/smoke_install.sh).
test: $(VENV)/.full system-deps
	$(BIN)/python -m pytest -q -n auto --dist loadfile
	bash tests/smoke_install.sh

clean:
	rm -rf $(VENV) output
