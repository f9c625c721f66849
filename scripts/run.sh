#!/usr/bin/env bash
# Starts Waypoint: the action server, the Rasa server (REST, socketio and Slack channels, HTTP API
# behind a token) and the web app (chat widget page, dashboard, founder reports). Ctrl-C stops all
# three. Ports, tokens and credentials come from the environment (see README).
set -euo pipefail
cd "$(dirname "$0")/.."

export SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2
RASA_PORT=${WAYPOINT_RASA_PORT:-5005}
ACTIONS_PORT=${WAYPOINT_ACTIONS_PORT:-5055}
export WAYPOINT_ACTION_SERVER_URL=${WAYPOINT_ACTION_SERVER_URL:-http://127.0.0.1:$ACTIONS_PORT/webhook}
WEB_PORT=${WAYPOINT_WEB_PORT:-8000}
export WAYPOINT_WEB_PORT=$WEB_PORT
# Origins allowed to call the Rasa server and open its socket, space separated; read into an array
# so that the default "*" reaches Rasa as it is and is never expanded into file names.
read -r -a CORS_ORIGINS <<< "${WAYPOINT_CORS_ORIGINS:-*}"
# Slack stays off (its webhook answers 503) until both are set; Rasa refuses unset ${VARS} in credentials.yml.
export SLACK_BOT_TOKEN=${SLACK_BOT_TOKEN:-} SLACK_SIGNING_SECRET=${SLACK_SIGNING_SECRET:-}
mkdir -p var

# A secret kept in var/ (created once, readable by this user only) unless the environment gives one.
secret_from_var() {
  local file=var/$1
  if [ ! -s "$file" ]; then
    (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32))' > "$file")
  fi
  cat "$file"
}

if [ -z "${WAYPOINT_API_TOKEN:-}" ]; then
  WAYPOINT_API_TOKEN=$(secret_from_var api-token)
  echo "==> Rasa HTTP API token: in var/api-token (set WAYPOINT_API_TOKEN to choose your own)"
fi
export WAYPOINT_API_TOKEN
if [ -z "${WAYPOINT_DASHBOARD_TOKEN:-}" ]; then
  WAYPOINT_DASHBOARD_TOKEN=$(secret_from_var dashboard-token)
  echo "==> Dashboard admin token: in var/dashboard-token (set WAYPOINT_DASHBOARD_TOKEN to choose your own)"
fi
export WAYPOINT_DASHBOARD_TOKEN

pids=()
stop_all() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_all EXIT INT TERM

.venv/bin/rasa run actions --actions bot.actions --port "$ACTIONS_PORT" &
pids+=($!)
# Rasa's own command line, after two speed-ups that keep its behaviour (bot/rasa_server.py).
.venv/bin/python -m bot.rasa_server run --model models/rasa/waypoint.tar.gz --endpoints endpoints.yml --credentials credentials.yml \
  --port "$RASA_PORT" --enable-api --auth-token="$WAYPOINT_API_TOKEN" --cors "${CORS_ORIGINS[@]}" &
pids+=($!)
.venv/bin/python -m bot web --port "$WEB_PORT" &
pids+=($!)

for _ in $(seq 1 180); do
  if curl -fsS "http://127.0.0.1:$RASA_PORT/status?token=$WAYPOINT_API_TOKEN" 2>/dev/null | grep -q '"model_file"' \
     && curl -fsS "http://127.0.0.1:$ACTIONS_PORT/health" >/dev/null 2>&1 \
     && curl -fsS "http://127.0.0.1:$WEB_PORT/healthz" >/dev/null 2>&1; then
    echo "==> Waypoint is up:"
    echo "    chat page   http://127.0.0.1:$WEB_PORT/chat"
    echo "    dashboard   http://127.0.0.1:$WEB_PORT/dashboard (sign in with the dashboard token)"
    echo "    REST        http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook (or 'make shell' in another terminal)"
    break
  fi
  sleep 1
done
wait -n "${pids[@]}"
