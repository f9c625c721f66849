"""Before the interview: greeting, names, consent (nothing stored before yes), cohort codes and
the choice of a full check-up or one area."""
from __future__ import annotations

from bot.actions.onboarding import ChooseScope, Greet, JoinCohort, cleaned_name
from bot.actions.services import find_founder
from tests.actions.conftest import Conversation, buttons_of, texts_of


def test_new_founder_is_greeted_and_onboarding_starts(conversation):
    reply = conversation.say(Greet(), "hi", "greet")
    assert "Waypoint" in texts_of(reply)
    assert conversation.slots["awaiting"] == "onboarding"


def test_nothing_is_stored_before_consent(wired):
    talk = Conversation("careful")
    talk.onboard(consent=False)
    assert find_founder("rest", "careful") is None
    assert talk.slots["awaiting"] == "consent"
    assert "10 minutes" in texts_of(talk.bot_messages)


def test_consent_stores_founder_venture_and_an_assessment(onboarded, wired):
    founder = wired.founder_for("rest", onboarded.sender_id)
    assert founder.has_consented and founder.display_name == "Maya" and founder.role == "founder"
    assert wired.venture(founder.venture_id).name == "Sunrise Kitchen"
    assert wired.current_assessment(founder.venture_id).status == "in_progress"
    assert onboarded.slots["awaiting"] == "scope"


def test_names_are_taken_out_of_sentences():
    assert cleaned_name("my name is Priya.") == "Priya"
    assert cleaned_name("it's called Sunrise Kitchen!") == "Sunrise Kitchen"
    assert cleaned_name("hi") is None


def test_cohort_code_before_onboarding_is_kept_and_attached_on_consent(wired):
    cohort = wired.create_cohort("Spring Accelerator")
    talk = Conversation("cohort-founder")
    reply = talk.say(JoinCohort(), f"I'm joining with code {cohort.invite_code}", "join_cohort")
    assert "Spring Accelerator" in texts_of(reply) and talk.slots["awaiting"] == "onboarding"
    talk.onboard()
    founder = wired.founder_for("rest", "cohort-founder")
    assert wired.venture(founder.venture_id).cohort_id == cohort.id


def test_cohort_code_at_any_time_attaches_an_existing_venture(onboarded, wired):
    cohort = wired.create_cohort("Autumn Cohort")
    onboarded.start("impact")
    onboarded.say(JoinCohort(), f"code {cohort.invite_code.lower()}", "join_cohort")
    founder = wired.founder_for("rest", onboarded.sender_id)
    assert wired.venture(founder.venture_id).cohort_id == cohort.id


def test_unknown_cohort_code_gets_a_clear_message(onboarded):
    reply = texts_of(onboarded.say(JoinCohort(), "my code is ZZ9ZZ9", "join_cohort", [{"entity": "invite_code", "value": "ZZ9ZZ9"}]))
    assert "couldn't find a cohort" in reply and "ZZ9ZZ9" in reply


def test_one_area_without_a_name_offers_the_five_areas(onboarded):
    reply = onboarded.say(ChooseScope(), "just one area", "choose_one_area")
    assert len(buttons_of(reply)) == 5 and onboarded.slots["awaiting"] == "area"


def test_an_area_named_in_plain_words_starts_that_area(onboarded):
    onboarded.say(ChooseScope(), "let's look at our money", "inform")
    assert onboarded.slots["planned_areas"] == ["revenue"] and onboarded.slots["awaiting"] == "interview"


def test_choosing_before_onboarding_starts_the_onboarding(conversation):
    conversation.say(ChooseScope(), "full check-up", "choose_full_checkup")
    assert conversation.slots["awaiting"] == "onboarding"


def test_a_founder_who_did_not_save_is_offered_to_continue_in_the_same_conversation(wired):
    from bot.actions.onboarding import ContinueUnsaved, DeclineConsent

    talk = Conversation("unsaved-returning")
    talk.onboard(consent=False)
    talk.say(DeclineConsent(), "no", "deny")
    talk.say(ContinueUnsaved(), "yes", "affirm")
    talk.start("impact")
    reply = talk.say(Greet(), "hello", "greet")
    assert buttons_of(reply) == ["Continue where I stopped", "Start a new check-up"]
    assert find_founder("rest", "unsaved-returning") is None


def test_a_clicked_button_keeps_its_words_even_without_the_message_that_showed_it():
    from bot.actions.answers import read_reply, words_on_button
    from bot.actions.texts import CONFIRM_BUTTONS

    assert words_on_button("/affirm", CONFIRM_BUTTONS) == "Yes, that's right"
    assert words_on_button("/deny", CONFIRM_BUTTONS) == "Not quite"
    assert words_on_button("/greet", CONFIRM_BUTTONS) is None
    clicked = read_reply("/affirm", [], "affirm", button_words="Yes, that's right")
    assert clicked.verbatim == "Yes, that's right" and clicked.reply == "yes" and clicked.is_payload


def asked_for(talk: Conversation, slot_name: str) -> Conversation:
    talk.active_loop = "onboarding_form"
    talk.fill("requested_slot", slot_name)
    return talk


def test_skip_during_onboarding_says_what_the_details_are_for(conversation):
    from bot.actions.onboarding import OnboardingAside

    reply = asked_for(conversation, "venture_name").say(OnboardingAside(), "skip", "skip")
    assert "your name, your venture's name and your role" in texts_of(reply)
    assert conversation.slots["venture_name"] is None


def test_help_during_onboarding_is_answered_not_taken_as_a_name(conversation):
    from bot.actions.onboarding import OnboardingAside

    reply = asked_for(conversation, "founder_name").say(OnboardingAside(), "help", "help")
    assert "check-up" in texts_of(reply) and conversation.slots["founder_name"] is None


def test_a_venture_name_that_sounds_like_a_request_is_taken_as_the_name(conversation):
    from bot.actions.onboarding import OnboardingAside

    asked_for(conversation, "venture_name")
    assert conversation.say(OnboardingAside(), "Next Step Foundation", "what_next") == []
    assert conversation.slots["venture_name"] == "Next Step Foundation"
    asked_for(conversation, "founder_name").say(OnboardingAside(), "Hi, I'm Maya", "greet")
    assert conversation.slots["founder_name"] == "Maya"


def test_a_continue_code_during_onboarding_ends_it_once_the_chat_is_linked(onboarded, wired):
    from bot.actions.onboarding import UseContinueCodeInOnboarding

    founder = wired.find_founder("rest", onboarded.sender_id)
    code = wired.set_continue_code(founder.id)
    laptop = Conversation("laptop")
    laptop.say(Greet(), "hi", "greet")
    laptop.active_loop = "onboarding_form"
    reply = laptop.say(UseContinueCodeInOnboarding(), f"continue with code {code}", "use_continue_code")
    assert "Welcome back, Maya" in texts_of(reply)
    assert laptop.active_loop is None and laptop.slots["founder_name"] == "Maya"


def test_an_unknown_continue_code_during_onboarding_goes_back_to_the_question(conversation):
    from bot.actions.onboarding import UseContinueCodeInOnboarding

    conversation.say(Greet(), "hi", "greet")
    conversation.active_loop = "onboarding_form"
    reply = conversation.say(UseContinueCodeInOnboarding(), "continue with code ZZZZ9999", "use_continue_code")
    assert "couldn't find" in texts_of(reply)
    assert conversation.active_loop == "onboarding_form" and conversation.slots["awaiting"] == "onboarding"


def test_no_question_or_account_request_is_taken_as_a_name_venture_or_role():
    from tests.actions.conftest import DOMAIN, FOUNDER_ANSWER_EXCLUDED

    account_intents = {"ask_report", "revoke_report", "ask_continue_code", "use_continue_code", "export_my_data", "delete_my_data"}
    for slot_name in ("founder_name", "venture_name", "founder_role"):
        excluded = set(DOMAIN["slots"][slot_name]["mappings"][0]["not_intent"])
        assert FOUNDER_ANSWER_EXCLUDED | account_intents <= excluded, slot_name
