"""The answer-to-milestone mapper: from a founder's free-text answer to evidence per milestone.

One parse per answer; cue phrases say which milestones are mentioned, the clause around each
mention says how far along it is, and the question asked says which milestone a reply without
cue words ("Not yet.", "They loved it.") is about.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from framework.status import Status

from bot.evidence import learned
from bot.evidence import questions as question_reading
from bot.evidence.lexicon import Lexicon, load_lexicon
from bot.evidence.milestones import MilestoneCatalogue, load_catalogue
from bot.evidence.patterns import token_keys
from bot.evidence.status import (
    LEAD_STATUS,
    combine,
    is_own_intention,
    lead_reply,
    negation_positions,
    progressive_making,
    read_segment,
    split_segments,
)

# Long answers are cut here: founders' replies are a few sentences, and an unbounded paste must
# not stall the conversation.
MAX_ANSWER_CHARS = 4000
CONFIDENCE = {"lead": 0.85, "strong": 0.8, "question": 0.65, "weak": 0.55}
PIPES_NOT_NEEDED = ("ner",)
MIN_ASIDE_PHRASES = 3


@dataclass(frozen=True)
class Evidence:
    """What one answer says about one milestone, and the words that said it."""
    milestone_id: str
    status: Status
    confidence: float
    cue: str


@dataclass(frozen=True)
class _Mention:
    milestone_id: str
    kind: str
    start: int
    end: int
    phrase: str


def clean_text(text) -> str:
    """Plain text the parser copes with: no control characters or markup, bounded length."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"<[^>]{0,200}>", " ", text)
    text = "".join(char if char.isprintable() or char in "\n\t" else " " for char in text)
    text = text.replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip()[:MAX_ANSWER_CHARS]


class Mapper:
    def __init__(self, nlp, encoder, lexicon: Lexicon, catalogue: MilestoneCatalogue, models: Optional[learned.LearnedModels] = None):
        self._nlp = nlp
        self._encoder = encoder
        self._lexicon = lexicon
        self._catalogue = catalogue
        self._models = models
        self._references = tuple(self._reference_vectors())
        self._question_targets = lru_cache(maxsize=512)(self._targets_for_question)
        self._question_readings = lru_cache(maxsize=512)(self._read_question)
        # An answer's meaning is read by targeting, status and mention models alike: encode it once.
        # A question's is read only when the targeting model has to work out what it asks about.
        self.sentence_vector = lru_cache(maxsize=64)(self._sentence_vector)
        self._question_vector = lru_cache(maxsize=512)(self._sentence_vector)

    def use_models(self, models: Optional[learned.LearnedModels]) -> None:
        """Swap the learned models (training and cross-validation do this; the app never does)."""
        self._models = models
        self._question_targets.cache_clear()

    def _parse(self, text: str):
        return self._nlp(text, disable=[name for name in PIPES_NOT_NEEDED if name in self._nlp.pipe_names])

    def _reference_vectors(self):
        """Unit vectors of each milestone's wordings and of each area's open question."""
        for milestone in self._catalogue.milestones:
            wordings = (milestone.question, milestone.plain, milestone.text)
            yield self._reference(milestone.id, milestone.area_id, wordings)
        for area_id, open_question in self._catalogue.open_questions.items():
            wordings = (open_question, *(template.format(area=area_id) for template in question_reading.OPEN_TEMPLATES))
            yield self._reference(question_reading.OPEN_PREFIX + area_id, area_id, wordings)

    def _reference(self, reference_id, area_id, wordings):
        vectors = (question_reading.content_vector(doc) for doc in self._nlp.pipe(wordings, disable=list(self._nlp.pipe_names)))
        return question_reading.MilestoneReference(reference_id, area_id, tuple(v for v in vectors if v is not None))

    def _read_question(self, question: str, area: str) -> tuple:
        """(rule targets, lemma text) of a question: read once, asked many times."""
        doc = self._parse(question)
        return self._rule_targets(doc, area), learned.question_text(doc)

    def _sentence_vector(self, text: str):
        """What a question or an answer means, as the sentence encoder reads it."""
        return self._encoder.encode_one(text)

    def _targets_for_question(self, question: str, area: str, answer_doc=None) -> tuple:
        return self._scored_targets(question, area, answer_doc)[0]

    def _scored_targets(self, question: str, area: str, answer_doc=None) -> tuple:
        """(targeted milestone ids, how sure the learned models are of them: 1.0 under rules alone)."""
        rule_targets, text = self._question_readings(question, area)
        if self._models is None:
            return rule_targets, 1.0
        vector = self._question_vector(question)
        answer_vector = self.sentence_vector(answer_doc.text) if answer_doc is not None else None
        text = learned.with_answer_words(text, answer_doc)
        scores = self._models.question_probabilities(text, vector, area, answer_vector)
        # The question's own cue words and the answer's strong cue phrases add to the model's belief.
        for milestone_id in rule_targets[:1]:
            scores[milestone_id] = scores.get(milestone_id, 0.0) + self._models.rule_bonus
        for milestone_id in self._strong_mentions(answer_doc, area):
            scores[milestone_id] = scores.get(milestone_id, 0.0) + self._models.mention_bonus
        best, best_score = max(scores.items(), key=lambda item: item[1])
        if best == learned.OPEN:
            return (), best_score
        # A learned target the model is unsure of yields to the question's own cue words.
        if best_score < self._models.open_threshold and rule_targets:
            return rule_targets, scores.get(rule_targets[0], 0.0)
        return (best,), best_score

    def _strong_mentions(self, answer_doc, area: str) -> set:
        if answer_doc is None:
            return set()
        return {
            label.milestone_id for label, _, _, _ in self._lexicon.answer_cues.matches(token_keys(answer_doc))
            if label.kind == "strong" and self._catalogue.area_of(label.milestone_id) == area
        }

    def question_features(self, question: str, answer: Optional[str] = None) -> tuple:
        """(lemma text, question vector, answer vector or None) of a question and its answer, as
        the targeting model reads them."""
        question = clean_text(question or "")
        doc = self._parse(question)
        answer_doc = self._parse(clean_text(answer)) if answer else None
        answer_vector = self.sentence_vector(answer_doc.text) if answer_doc is not None else None
        return learned.with_answer_words(learned.question_text(doc), answer_doc), self._question_vector(question), answer_vector

    def rule_targets(self, question: Optional[str], area: str) -> tuple:
        question = clean_text(question or "")
        return self._rule_targets(self._parse(question), area) if question else ()

    def _rule_targets(self, doc, area: str) -> tuple:
        scored = question_reading.score_question(
            token_keys(doc), doc, area, self._lexicon, self._references, self._catalogue.area_of
        )
        return question_reading.targeted_milestones(scored)

    def targets(self, question: Optional[str], area: str, milestone: Optional[str] = None, answer_doc=None) -> tuple:
        """The milestone(s) the bot's question asked about: the given one, else read from the
        question (and, with the learned models, from what the answer talks about)."""
        return self._targets_and_confidence(question, area, milestone, answer_doc)[0]

    def _targets_and_confidence(self, question: Optional[str], area: str, milestone: Optional[str] = None, answer_doc=None) -> tuple:
        if milestone and self._catalogue.has(milestone):
            return self._with_same_evidence((milestone,)), 1.0
        question = clean_text(question or "")
        if not question:
            return (), 1.0
        if self._models is not None and answer_doc is not None and learned.ANSWER_IN_TARGETING:
            targeted, confidence = self._scored_targets(question, area, answer_doc)
        else:
            targeted, confidence = self._question_targets(question, area), 1.0
        return self._with_same_evidence(targeted), confidence

    def _with_same_evidence(self, targeted: tuple) -> tuple:
        extra = (twin for milestone_id in targeted for twin in self._lexicon.same_evidence.get(milestone_id, ()))
        return tuple(dict.fromkeys((*targeted, *extra)))

    def map_answer(self, text, area: str, question: Optional[str] = None, milestone: Optional[str] = None) -> list:
        text = clean_text(text)
        if not text or not any(char.isalpha() for char in text):
            return []
        doc = self._parse(text)
        targeted, target_confidence = self._targets_and_confidence(question, area, milestone, answer_doc=doc)
        evidence, reading, focus = self._rule_evidence(doc, area, targeted)
        if self._models is None or not targeted:
            return list(evidence.values())
        marked = learned.negation_marked_text(focus)
        probabilities = self._models.status_probabilities(marked, reading, self.sentence_vector(doc.text))
        status = self._models.decide_status(probabilities, reading, target_confidence)
        if question_reading.asks_the_negative_way_round(question):
            status = _turned_round(status, reading.lead)
        rule_cue = next((evidence[m].cue for m in targeted if m in evidence), None)
        evidence = {milestone_id: found for milestone_id, found in evidence.items() if milestone_id not in targeted}
        if status != learned.NONE:
            cue = rule_cue or doc[: min(len(doc), 12)].text
            for milestone_id in targeted:
                evidence[milestone_id] = Evidence(milestone_id, Status(status), round(probabilities[status], 3), cue)
        evidence.update(self._detected_mentions(doc, question, area, targeted, evidence))
        return list(evidence.values())

    def _detected_mentions(self, doc, question, area: str, targeted: tuple, evidence: dict) -> dict:
        """Evidence about milestones of the area the question did not ask about, found by the
        mention model, each read by the status model as if it had been asked about."""
        models = self._models
        if models is None or models.mention_model is None:
            return {}
        question = clean_text(question or "")
        question_words = self._question_readings(question, area)[1] if question else ""
        candidates = self.mention_candidates(doc, question_words, area, set(targeted) | set(evidence), not targeted)
        found = {}
        for milestone_id, probability in models.mention_probabilities(candidates).items():
            if probability < models.mention_threshold:
                continue
            _, reading, focus = self._rule_evidence(doc, area, self._with_same_evidence((milestone_id,)), asked=False)
            probabilities = models.status_probabilities(learned.negation_marked_text(focus), reading, self.sentence_vector(doc.text))
            status = models.decide_status(probabilities, reading)
            if status != learned.NONE:
                found[milestone_id] = Evidence(milestone_id, Status(status), round(probability * probabilities[status], 3), doc[: min(len(doc), 12)].text)
        return found

    def mention_candidates(self, doc, question_words: str, area: str, excluded: set, open_question: bool, models=None) -> list:
        """A MentionCandidate per milestone of the area not in `excluded` (closeness read with
        `models`' description index, default the mapper's own)."""
        models = models or self._models
        similarities = models.description_similarities(question_words, " ".join(sorted(learned.content_lemmas(doc))))
        meanings = models.meaning_similarities(self.sentence_vector(doc.text))
        phrases: dict = {}
        for label, pattern, _, _ in self._lexicon.answer_cues.matches(token_keys(doc)):
            phrases.setdefault(label.milestone_id, set()).add(pattern.text)
        words = learned.content_lemmas(doc)
        return [
            learned.MentionCandidate(milestone_id, words, question_similarity, answer_similarity, len(phrases.get(milestone_id, ())), open_question, meanings.get(milestone_id, 0.0))
            for milestone_id, (question_similarity, answer_similarity) in similarities.items()
            if self._catalogue.area_of(milestone_id) == area and milestone_id not in excluded
        ]

    def answer_features(self, text, area: str, targeted: tuple) -> tuple:
        """(negation-marked text, AnswerReading, sentence vector) of an answer to a question about
        `targeted`: what the status model reads. Used by training; map_answer computes the same."""
        doc = self._parse(clean_text(text) or ".")
        _, reading, focus = self._rule_evidence(doc, area, self._with_same_evidence(targeted))
        return learned.negation_marked_text(focus), reading, self.sentence_vector(doc.text)

    def _rule_evidence(self, doc, area: str, targeted: tuple, asked: bool = True) -> tuple:
        """The rule-based evidence ({milestone id: Evidence}), the rules' reading of the answer,
        and the tokens that speak about `targeted` (see _focus). A short opening reply ("Yes, ...")
        answers the question only when `targeted` is what the question `asked` about."""
        keys = token_keys(doc)
        mentions = self._mentions(keys, area, targeted)
        status_matches = self._status_matches(doc, keys)
        readings = self._read_segments(doc, status_matches, mentions)
        lead_kind = lead_reply(doc, status_matches) if asked else None
        lead = LEAD_STATUS.get(lead_kind)
        evidence = {}
        for milestone_id in dict.fromkeys([m.milestone_id for m in mentions]):
            is_targeted = milestone_id in targeted
            found = self._mentioned_status(doc, milestone_id, mentions, readings, lead if is_targeted else None, is_targeted)
            if found is not None:
                evidence[milestone_id] = found
        for milestone_id in targeted:
            if milestone_id not in evidence:
                found = self._replied_status(doc, milestone_id, readings, lead)
                if found is not None:
                    evidence[milestone_id] = found
        target_status = next((evidence[m].status.value for m in targeted if m in evidence), None)
        reading = learned.AnswerReading(
            rule_status=target_status,
            lead=lead_kind,
            cue_kinds=tuple(sorted(kind for kind, _, _ in status_matches)),
            negations=len(negation_positions(doc)),
            tokens=sum(1 for token in doc if not token.is_punct and not token.is_space),
            is_question=any(token.text == "?" for token in doc),
            mentions_target=any(m.milestone_id in targeted for m in mentions),
        )
        return evidence, reading, _focus(doc, readings, mentions, targeted)

    def _mentions(self, keys, area: str, targeted: tuple) -> list:
        """Cue phrases that count here: weak ones only for an open question in their own area,
        other areas' ones after a targeted question only for the passing-mention milestones."""
        mentions = []
        for label, pattern, start, end in self._lexicon.answer_cues.matches(keys):
            milestone_id = label.milestone_id
            same_area = self._catalogue.area_of(milestone_id) == area
            if label.kind == "weak" and (targeted or not same_area):
                continue
            if targeted and not same_area and milestone_id not in targeted and milestone_id not in self._lexicon.passing_mentions:
                continue
            if not targeted and not same_area and milestone_id not in self._lexicon.passing_mentions:
                continue
            mentions.append(_Mention(milestone_id, label.kind, start, end, pattern.text))
        return [m for m in mentions if not self._is_thin_aside(m, mentions, targeted, area)]

    def _is_thin_aside(self, mention, mentions, targeted, area) -> bool:
        """After a targeted question, another milestone of the same area counts only when the
        founder says two distinct things about it; one stray word is usually colour."""
        if not targeted or mention.milestone_id in targeted or mention.milestone_id in self._lexicon.passing_mentions:
            return False
        phrases = {m.phrase for m in mentions if m.milestone_id == mention.milestone_id}
        return len(phrases) < MIN_ASIDE_PHRASES

    def _status_matches(self, doc, keys) -> list:
        matches = [
            (kind, start, end) for kind, _, start, end in self._lexicon.status_cues.matches(keys)
            if kind != "plan" or is_own_intention(doc, start, end)
        ]
        return _outermost(matches + progressive_making(doc))

    def _read_segments(self, doc, status_matches, mentions) -> list:
        negations = negation_positions(doc)
        consumed = {position for mention in mentions for position in range(mention.start, mention.end)}
        return [read_segment(segment, status_matches, negations, consumed) for segment in split_segments(doc)]

    def _mentioned_status(self, doc, milestone_id, mentions, readings, lead, lead_context=False) -> Optional[Evidence]:
        """Status from the segments naming the milestone; for the milestone the bot asked about,
        also from the segments that name no milestone at all ("..., but it's early days")."""
        own = [m for m in mentions if m.milestone_id == milestone_id]
        speaking = [r for r in readings if _holds_any(r, own) or (lead_context and not _holds_any(r, mentions))]
        status = combine(speaking, lead)
        if status is None:
            return None
        kind = "strong" if any(m.kind == "strong" for m in own) else "weak"
        cue_mention = next(m for m in own if m.kind == kind)
        confidence = CONFIDENCE["lead"] if lead is not None else CONFIDENCE[kind]
        return Evidence(milestone_id, status, confidence, doc[cue_mention.start:cue_mention.end].text)

    def _replied_status(self, doc, milestone_id, readings, lead) -> Optional[Evidence]:
        status = combine(readings, lead)
        if status is None:
            return None
        confidence = CONFIDENCE["lead"] if lead is not None else CONFIDENCE["question"]
        first = readings[0].segment
        return Evidence(milestone_id, status, confidence, doc[first.start:first.end].text)


def _focus(doc, readings, mentions, targeted) -> list:
    """The tokens the status model reads for `targeted`: every segment but those naming only
    other milestones ("We have a working prototype, but no plan yet for testing it" says nothing
    negative about the prototype)."""
    others = [m for m in mentions if m.milestone_id not in targeted]
    own = [m for m in mentions if m.milestone_id in targeted]
    kept = [r.segment for r in readings if _holds_any(r, own) or not _holds_any(r, others)]
    if not others or not kept:
        return list(doc)
    return [token for segment in kept for token in doc[segment.start:segment.end]]


def _turned_round(status: str, lead: Optional[str]) -> str:
    """The status of a bare yes or no to a question asked the negative way round ("Would it fold
    without you?" "Yes."), where the reply was read as if the question were the usual way round.
    A status that does not follow from the yes or no alone came from what the answer says, and stays."""
    if lead == "yes" and status == Status.ACHIEVED.value:
        return Status.NOT_STARTED.value
    if lead == "no" and status == Status.NOT_STARTED.value:
        return Status.ACHIEVED.value
    return status


def _holds_any(reading, mentions) -> bool:
    return any(reading.segment.start <= mention.start < reading.segment.end for mention in mentions)


def _outermost(matches: list) -> list:
    """Drop status matches nested inside a longer one ("not yet" inside "not yet signed")."""
    ordered = sorted(set(matches), key=lambda match: (match[1], -(match[2] - match[1])))
    kept = []
    for kind, start, end in ordered:
        if any(k_start <= start and end <= k_end and (k_end - k_start) > (end - start) for _, k_start, k_end in kept):
            continue
        kept.append((kind, start, end))
    return kept


@lru_cache(maxsize=1)
def load_mapper() -> Mapper:
    """The process-wide mapper: loads spaCy (bot.nlp.shared_english), the sentence encoder and the lexicons once."""
    from bot.encoder import shared_encoder
    from bot.nlp import shared_english

    catalogue = load_catalogue()
    return Mapper(shared_english(), shared_encoder(), load_lexicon(known_ids=catalogue.ids), catalogue, learned.load_models())
