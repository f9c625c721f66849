#!/usr/bin/env bash
# Trains the Rasa model into models/rasa/waypoint.tar.gz, unless nothing it is trained from has changed
# (the config, domain, training data, Waypoint's own NLU components, the sentence encoder's code and
# the spaCy and encoder models).
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=models/rasa/waypoint.tar.gz
STAMP=models/rasa/.inputs.sha256
inputs_hash() {
  cat config.yml domain.yml $(find data -type f -name '*.yml' | sort) $(find bot/nlu -type f -name '*.py' | sort) bot/encoder.py models/en_core_web_md/.source.sha256 models/all-MiniLM-L6-v2/.source.sha256 | sha256sum | cut -d' ' -f1
}
if [ -f "$MODEL" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(inputs_hash)" ]; then
  echo "==> Rasa model is up to date ($MODEL)"
  exit 0
fi
echo "==> Training the Rasa model (a few minutes)"
export SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2
start=$(date +%s)
.venv/bin/rasa train --fixed-model-name waypoint --out models/rasa --quiet
echo "==> Trained in $(( $(date +%s) - start )) s"
inputs_hash > "$STAMP"
