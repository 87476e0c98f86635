#!/usr/bin/env bash
# One entry point for a fresh machine (python3 3.11+, bash; apt for python3-venv if python3 lacks it,
# and for Tesseract's OCR with its Swedish model when missing):
#   ./run.sh demo     generate the sample corpus, serve it on 127.0.0.1, ingest it, print the year table
#   ./run.sh test     the whole test suite (what CI runs)
#   ./run.sh check    ruff (format + lint) and mypy on vocab/, extractors/, warehouse/, pipelines/ and demo/
#   ./run.sh notebooks  JupyterLab on notebooks/ (127.0.0.1, no browser) reading the demo warehouse
#   ./run.sh ui       `dagster dev` (UI + daemon for the schedule and sensor) on 127.0.0.1:3000
#   ./run.sh <cmd>    any other argument list is passed to `protokoll`
set -euo pipefail
cd "$(dirname "$0")"

ensure_uv() {
  if command -v uv >/dev/null 2>&1; then UV=uv; return; fi
  if [ -x .uv-bootstrap/bin/uv ]; then UV=.uv-bootstrap/bin/uv; return; fi
  echo "protokoll: installing uv into .uv-bootstrap/ (one time)" >&2
  if ! python3 -m venv .uv-bootstrap >/dev/null 2>&1; then
    echo "protokoll: python3 cannot create a venv; installing python3-venv with apt" >&2
    rm -rf .uv-bootstrap
    apt-get update -qq && apt-get install -y -qq python3-venv python3-pip >/dev/null
    python3 -m venv .uv-bootstrap
  fi
  .uv-bootstrap/bin/python -m pip install -q uv
  UV=.uv-bootstrap/bin/uv
}

ensure_tesseract() {
  # Scanned pages are read with Tesseract and its Swedish model (Debian packages). Without them
  # such pages are flagged needs_ocr. Tried once per venv, so a machine without apt (or root) is
  # warned once, not asked again on every command. PROTOKOLL_TESSERACT names an engine of your own.
  if [ -n "${PROTOKOLL_TESSERACT:-}" ]; then return; fi
  if command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx swe; then return; fi
  local marker=.venv/.tesseract-install-tried
  [ -e "$marker" ] && return
  touch "$marker"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo -n"
  if command -v apt-get >/dev/null 2>&1 && { [ -z "$sudo" ] || sudo -n true 2>/dev/null; } && {
    $sudo apt-get update -qq &&
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-swe
  } >/dev/null 2>&1; then
    return
  fi
  echo "protokoll: warning: could not install tesseract-ocr and tesseract-ocr-swe with apt-get; scanned pages will be flagged needs_ocr" >&2
}

ensure_uv
cmd="${1:-demo}"
[ $# -gt 0 ] && shift
sync_args=(--frozen --quiet --group dev)
# JupyterLab (the `notebooks` extra) only for `./run.sh notebooks`. --inexact: a later command must
# not uninstall it from under a JupyterLab still running in another terminal.
[ "$cmd" = notebooks ] && sync_args+=(--extra notebooks)
"$UV" sync "${sync_args[@]}" --inexact
ensure_tesseract

case "$cmd" in
  test)
    exec "$UV" run --frozen pytest -q "$@" ;;
  check)
    "$UV" run --frozen ruff format --check vocab extractors warehouse pipelines demo tests benchmarks
    "$UV" run --frozen ruff check vocab extractors warehouse pipelines demo tests benchmarks
    exec "$UV" run --frozen mypy vocab extractors warehouse pipelines demo ;;
  notebooks)
    # JupyterLab on notebooks/ reading the demo warehouse (or $PROTOKOLL_WAREHOUSE), loopback only.
    wh="${PROTOKOLL_WAREHOUSE:-warehouse/protokoll.duckdb}"
    case "$wh" in /*) ;; *) wh="$PWD/$wh" ;; esac  # the notebooks run in notebooks/: make it absolute
    if [ ! -f "$wh" ]; then
      echo "protokoll: no warehouse at $wh (run ./run.sh demo first, or set PROTOKOLL_WAREHOUSE)" >&2
      exit 1
    fi
    export PROTOKOLL_WAREHOUSE="$wh"
    extra=()
    [ "$(id -u)" = 0 ] && extra+=(--allow-root)  # containers often run as root; Jupyter refuses it otherwise
    echo "protokoll: JupyterLab on notebooks/ with PROTOKOLL_WAREHOUSE=$wh (Ctrl-C stops it)" >&2
    exec "$UV" run --frozen --extra notebooks jupyter lab --ip 127.0.0.1 --no-browser \
      --ServerApp.root_dir="$PWD/notebooks" "${extra[@]}" "$@" ;;
  ui)
    DAGSTER_HOME="$("$UV" run --frozen python -m pipelines.instance --home)"
    export DAGSTER_HOME
    # dagster dev treats SIGTERM like SIGINT; a background job of a script starts with SIGINT
    # ignored, which would make it ignore SIGTERM too. Restore the default before exec.
    exec "$UV" run --frozen python -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp("dagster", ["dagster", "dev", "-h", "127.0.0.1", "-p", "3000", *sys.argv[1:]])' "$@" ;;
  *)
    exec "$UV" run --frozen protokoll "$cmd" "$@" ;;
esac
