# Waypoint: the README's two commands are `make run` and `make test`; the other targets are their steps.
.PHONY: run test setup migrate train shell validate test-stories pytest bench clean

PYTHON := .venv/bin/python
RASA := SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2 .venv/bin/rasa

run: setup migrate train        ## set up, then start the action server and the Rasa server
	bash scripts/run.sh

test: setup train validate test-stories pytest   ## set up, then run every test

setup:                          ## Python 3.10 venv, pinned dependencies, verified spaCy model; widget packages and Chromium
	bash scripts/setup.sh
	bash scripts/setup-web.sh

migrate:                        ## bring the database schema up to date (SQLite by default, DATABASE_URL otherwise)
	$(PYTHON) -m alembic upgrade head

train:                          ## train the Rasa model unless its inputs are unchanged
	bash scripts/train.sh

shell:                          ## talk to the running assistant in the terminal (needs `make run` in another terminal)
	WAYPOINT_ACTION_SERVER_URL=$${WAYPOINT_ACTION_SERVER_URL:-http://127.0.0.1:$${WAYPOINT_ACTIONS_PORT:-5055}/webhook} \
	  $(RASA) shell --model models/rasa/waypoint.tar.gz --endpoints endpoints.yml

validate:                       ## Rasa training data checks, warnings included
	$(RASA) data validate --fail-on-warnings --quiet

test-stories:                   ## Rasa test stories: every predicted action must match
	$(RASA) test core --model models/rasa/waypoint.tar.gz --stories tests/stories --fail-on-prediction-errors --out var/test-results --quiet

pytest:                         ## unit, store (SQLite, and PostgreSQL when WAYPOINT_TEST_DATABASE_URL is set), action and end-to-end tests
	$(PYTHON) -m pytest

bench:                          ## print the benchmark figures (mapper accuracy and speed, NLU F1, turn latency)
	$(PYTHON) bench/mapper_eval.py
	$(PYTHON) bench/mapper_speed.py
	$(PYTHON) bench/nlu_cv.py
	$(PYTHON) bench/turn_latency.py

clean:                          ## remove what the setup and runs made (keeps the database in var/)
	rm -rf .venv .cache models .rasa
