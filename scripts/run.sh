#!/usr/bin/env bash
# Starts Waypoint: the action server and the Rasa server (REST and socketio channels, HTTP API behind
# a token). Ctrl-C stops both. Ports and the token come from the environment (see README).
set -euo pipefail
cd "$(dirname "$0")/.."

export SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2
RASA_PORT=${WAYPOINT_RASA_PORT:-5005}
ACTIONS_PORT=${WAYPOINT_ACTIONS_PORT:-5055}
export WAYPOINT_ACTION_SERVER_URL=${WAYPOINT_ACTION_SERVER_URL:-http://127.0.0.1:$ACTIONS_PORT/webhook}
CORS_ORIGINS=${WAYPOINT_CORS_ORIGINS:-*}
mkdir -p var

if [ -z "${WAYPOINT_API_TOKEN:-}" ]; then
  # No token given: make one once and keep it private, so the API is never open without one.
  if [ ! -s var/api-token ]; then
    (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32))' > var/api-token)
  fi
  WAYPOINT_API_TOKEN=$(cat var/api-token)
  echo "==> Rasa HTTP API token: in var/api-token (set WAYPOINT_API_TOKEN to choose your own)"
fi

pids=()
stop_all() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_all EXIT INT TERM

.venv/bin/rasa run actions --actions bot.actions --port "$ACTIONS_PORT" &
pids+=($!)
.venv/bin/rasa run --model models/rasa/waypoint.tar.gz --endpoints endpoints.yml --credentials credentials.yml \
  --port "$RASA_PORT" --enable-api --auth-token "$WAYPOINT_API_TOKEN" --cors $CORS_ORIGINS &
pids+=($!)

for _ in $(seq 1 180); do
  if curl -fsS "http://127.0.0.1:$RASA_PORT/status?token=$WAYPOINT_API_TOKEN" 2>/dev/null | grep -q '"model_file"' \
     && curl -fsS "http://127.0.0.1:$ACTIONS_PORT/health" >/dev/null 2>&1; then
    echo "==> Waypoint is up: REST channel http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook (try 'make shell' in another terminal)"
    break
  fi
  sleep 1
done
wait -n "${pids[@]}"
