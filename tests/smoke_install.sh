#!/usr/bin/env bash
# The install a user gets, proved: `pip install .` alone (no [mt], no [test]) in a clean venv, and
# the wheel `pip wheel . --no-deps` builds installed in a venv of its own. In each, every command
# that needs no machine translation runs on a copy of the bundled project; any traceback, or an
# exit code other than the one the command gives on that project, fails the run.
#
# Runs on the lowest Python that pyproject.toml's requires-python claims (python3.X must exist).
# Usage: tests/smoke_install.sh [source|wheel ...]   (default both; pip's cache keeps it quick)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(source wheel)

floor=$(python3 - "$repo/pyproject.toml" <<'EOF'
import re, sys, tomllib
spec = tomllib.load(open(sys.argv[1], "rb"))["project"]["requires-python"]
match = re.fullmatch(r">=\s*3\.(\d+)", spec)
if not match:
    sys.exit(f"requires-python {spec!r} is not of the form >=3.N")
print(f"3.{match[1]}")
EOF
)
python="python$floor"
if ! command -v "$python" >/dev/null; then
  echo "smoke: $python (the floor of requires-python) is not installed" >&2
  exit 1
fi
[ "$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" = "$floor" ]

work=$(mktemp -d "${TMPDIR:-/tmp}/leaflet-smoke.XXXXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0

# run EXPECTED_EXIT NAME ARGS...: the installed leaflet in the project copy, no traceback allowed.
run() {
  local expected=$1 name=$2 status=0
  shift 2
  (cd "$project" && "$venv/bin/leaflet" "$@") >"$work/out" 2>"$work/err" || status=$?
  if [ "$status" -ne "$expected" ] || grep -q '^Traceback' "$work/err" "$work/out"; then
    echo "smoke [$kind] FAILED: leaflet $* exited $status (expected $expected)" >&2
    sed 's/^/    /' "$work/err" | tail -20 >&2
    failures=$((failures + 1))
  else
    echo "smoke [$kind] ok: $name"
  fi
}

# Build from a copy of the checkout: setuptools builds in the source folder, and a stale build/
# there (modules since deleted) would slip into what is installed.
mkdir "$work/src"
tar -C "$repo" --exclude=./.git --exclude=./.venv --exclude=./build --exclude='*.egg-info' \
    --exclude=./output --exclude=__pycache__ -cf - . | tar -C "$work/src" -xf -

for kind in "${kinds[@]}"; do
  venv="$work/venv-$kind"
  "$python" -m venv "$venv"
  case "$kind" in
    source) "$venv/bin/pip" install -qq --disable-pip-version-check "$work/src" ;;
    wheel)
      "$venv/bin/pip" wheel -qq --disable-pip-version-check --no-deps -w "$work/dist" "$work/src"
      "$venv/bin/pip" install -qq --disable-pip-version-check "$work"/dist/leaflet_workflow-*.whl ;;
    *) echo "smoke: unknown kind $kind (source or wheel)" >&2; exit 2 ;;
  esac
  if "$venv/bin/python" -c 'import argostranslate' 2>/dev/null; then
    echo "smoke [$kind] FAILED: the light install brought argostranslate" >&2
    failures=$((failures + 1))
  fi
  # Every module imports, from the venv's site-packages, not from the checkout.
  (cd "$work" && "$venv/bin/python" "$repo/tests/light_imports.py") || failures=$((failures + 1))
  case "$(cd "$work" && "$venv/bin/python" -c 'import workflow; print(workflow.__file__)')" in
    "$venv"/*) ;;
    *) echo "smoke [$kind] FAILED: workflow is not imported from the venv" >&2; failures=$((failures + 1)) ;;
  esac

  project="$work/project-$kind"
  mkdir -p "$project"
  cp -r "$repo/source" "$repo/locales" "$project/"
  rm -rf "$project/locales/ta"
  export SOURCE_DATE_EPOCH=1767225600 LEAFLET_MODELS_DIR="$work/models" ARGOS_PACKAGES_DIR="$work/argos"

  run 0 extract extract
  run 0 "init --lang ta" init --lang ta
  run 0 update update
  run 1 "check (text)" check
  run 1 "check --format json" check --format json
  "$venv/bin/python" -c 'import json, sys; json.load(open(sys.argv[1]))' "$work/out" \
    || { echo "smoke [$kind] FAILED: check --format json is not JSON" >&2; failures=$((failures + 1)); }
  run 1 "check --format github" check --format github
  grep -q '^::error file=' "$work/out" \
    || { echo "smoke [$kind] FAILED: check --format github gave no annotation" >&2; failures=$((failures + 1)); }
  run 0 "check --lang hi" check --lang hi
  run 0 status status
  run 0 "publish --lang hi" publish --lang hi
  [ -s "$project/output/hi/kyphoplasty-vs-vertebroplasty.pdf" ] \
    || { echo "smoke [$kind] FAILED: publish wrote no Hindi leaflet" >&2; failures=$((failures + 1)); }
  run 0 "review --lang hi" review --lang hi kyphoplasty-vs-vertebroplasty
  [ -s "$project/output/review/hi/kyphoplasty-vs-vertebroplasty.pdf" ] \
    || { echo "smoke [$kind] FAILED: review wrote no sheet" >&2; failures=$((failures + 1)); }
  run 0 "signoff --lang hi" signoff --lang hi kyphoplasty-vs-vertebroplasty --by "Dr A. Sharma, radiologist"
  run 0 "publish --lang hi --strict" publish --lang hi --strict
  run 0 "import a saved page" import "$repo/tests/data/import/uterine-fibroid-embolisation.html"
  [ -s "$project/source/articles/uterine-fibroid-embolisation.md" ] \
    || { echo "smoke [$kind] FAILED: import wrote no article" >&2; failures=$((failures + 1)); }
  run 0 "extract the imported article" extract
  run 0 "models list" models list
done

if [ "$failures" -ne 0 ]; then
  echo "smoke: $failures failure(s)" >&2
  exit 1
fi
echo "smoke: the light install runs every command that needs no machine translation (${kinds[*]})"
