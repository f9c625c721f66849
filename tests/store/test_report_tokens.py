"""Report links: unguessable, stored only as a hash, revocable."""
from __future__ import annotations

from sqlalchemy import select

from bot.store.models import ReportToken


def test_a_report_token_opens_its_venture_and_only_its_hash_is_stored(store, interview):
    raw_token = store.create_report_token(interview.venture.id)
    assert len(raw_token) >= 32
    assert store.venture_for_report_token(raw_token) == store.venture(interview.venture.id)
    with store.engine.connect() as connection:
        stored_hashes = connection.execute(select(ReportToken.token_hash)).scalars().all()
    assert len(stored_hashes) == 1
    assert raw_token not in stored_hashes[0] and stored_hashes[0] != raw_token


def test_an_unknown_or_empty_report_token_opens_nothing(store, interview):
    raw_token = store.create_report_token(interview.venture.id)
    assert store.venture_for_report_token(raw_token[:-1]) is None
    assert store.venture_for_report_token("") is None


def test_revoked_report_tokens_open_nothing_and_new_ones_work(store, interview):
    old_tokens = [store.create_report_token(interview.venture.id) for _ in range(2)]
    assert store.revoke_report_tokens(interview.venture.id) == 2
    assert all(store.venture_for_report_token(token) is None for token in old_tokens)
    new_token = store.create_report_token(interview.venture.id)
    assert store.venture_for_report_token(new_token).id == interview.venture.id


def test_report_tokens_of_one_venture_do_not_open_another(store, interview, start_interview):
    other = start_interview(sender_id="other", venture_name="Blue Boats")
    other_token = store.create_report_token(other.venture.id)
    store.revoke_report_tokens(interview.venture.id)
    assert store.venture_for_report_token(other_token).id == other.venture.id
