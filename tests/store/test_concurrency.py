"""Requests that race: a retried action arriving while the first is still writing."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

RACERS = 4


def run_together(function, times: int = RACERS) -> list:
    with ThreadPoolExecutor(max_workers=times) as pool:
        return list(pool.map(lambda _index: function(), range(times)))


def test_concurrent_retries_of_one_message_store_one_answer(store, interview, row_counts):
    answers = run_together(
        lambda: store.record_answer(interview.assessment.id, interview.founder.id, "msg-1", "users", "Who?", "Riders.")
    )
    assert len({answer.id for answer in answers}) == 1
    assert row_counts()["answers"] == 1


def test_concurrent_first_messages_of_one_sender_make_one_founder(store, row_counts):
    founders = run_together(lambda: store.founder_for("socketio", "new-browser"))
    assert len({founder.id for founder in founders}) == 1
    assert row_counts()["founders"] == 1


def test_a_retry_that_loses_the_race_gets_the_winners_answer(store, interview, row_counts, monkeypatch):
    winner = store.record_answer(interview.assessment.id, interview.founder.id, "msg-1", "users", "Who?", "Riders.")
    looked_up = []
    real_lookup = store._answer_for_message

    def lookup_that_misses_the_first_time(founder_id, message_id):
        # As if the winner committed between the loser's check and its insert.
        looked_up.append(message_id)
        return None if len(looked_up) == 1 else real_lookup(founder_id, message_id)

    monkeypatch.setattr(store, "_answer_for_message", lookup_that_misses_the_first_time)
    loser = store.record_answer(interview.assessment.id, interview.founder.id, "msg-1", "users", "Who?", "Riders.")
    assert loser == winner
    assert len(looked_up) == 2
    assert row_counts()["answers"] == 1
