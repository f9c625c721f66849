"""The learned parts of the mapper: which milestone a question targets, and how far along the
targeted milestone is, read from the answer. Both are small scikit-learn models trained offline
(`python -m bot.evidence.train`) on labelled answers; this module holds the features shared by
training and run time, and the artifact they are stored in.

The rule readings (cue phrases, negation, plans) are features here, not the decision: new wording
that the hand-written rules miss still carries words the models have seen.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy

HERE = Path(__file__).resolve().parent
MODEL_FILE = HERE / "model" / "mapper_model.joblib"
OPEN = "open"  # the question-target class of an open question (about the whole area)
NONE = "none"  # the status class of an answer that says nothing about the targeted milestone
STATUS_CLASSES = ("achieved", "in_progress", "not_started", NONE)
NEGATORS = {"no", "not", "n't", "never", "nothing", "none", "nobody", "neither", "nor", "cannot", "nope", "nah", "without"}
SCOPE_ENDS = {".", ",", ";", ":", "!", "?", "but", "although", "though", "however", "so", "-", "—"}
QUESTION_VECTOR_WEIGHT = 1.0
ANSWER_IN_TARGETING = True
ANSWER_MARK = "a_"  # prefix of the answer's words in the targeting text


def question_text(doc) -> str:
    """Lemmas of a question, lower-cased: the words a targeting model generalises over."""
    return " ".join(token.lemma_.lower() for token in doc if not token.is_punct and not token.is_space)


def with_answer_words(question_words: str, answer_doc=None) -> str:
    """The question's words plus the answer's content lemmas marked "a_": what the founder talks
    about hints at what was asked."""
    if answer_doc is None or not ANSWER_IN_TARGETING:
        return question_words
    answer_words = [f"{ANSWER_MARK}{token.lemma_.lower()}" for token in answer_doc if token.is_alpha and not token.is_stop]
    return " ".join([question_words, *answer_words])


def negation_marked_text(doc) -> str:
    """The answer's lemmas, with words in the scope of a negation marked ("haven't run a trial"
    -> "have NEG_run NEG_a NEG_trial"), so "trial" and "no trial" are different evidence."""
    words, negated = [], False
    for token in doc:
        lower = token.lower_.replace("’", "'")
        if lower in SCOPE_ENDS or token.is_punct:
            negated = False
            continue
        if token.is_space:
            continue
        if lower in NEGATORS or token.dep_ == "neg":
            negated = True
            words.append("NEG")
            continue
        lemma = token.lemma_.lower()
        if token.like_num:
            lemma = "NUM"
        words.append(f"NEG_{lemma}" if negated else lemma)
    return " ".join(words)


@dataclass(frozen=True)
class AnswerReading:
    """What the rules read from an answer, for the status model to weigh."""
    rule_status: Optional[str]  # the rule-based status of the targeted milestone, or None
    lead: Optional[str]  # the kind of a short opening reply, or None
    cue_kinds: tuple  # status cue kinds found, one entry per match
    negations: int
    tokens: int
    is_question: bool
    mentions_target: bool


def answer_dense_features(reading: AnswerReading) -> dict:
    features = {
        f"rule={reading.rule_status or NONE}": 1.0,
        f"lead={reading.lead or NONE}": 1.0,
        "negations": min(reading.negations, 3) / 3,
        "log_tokens": math.log1p(reading.tokens) / 5,
        "short": float(reading.tokens <= 4),
        "question": float(reading.is_question),
        "mentions_target": float(reading.mentions_target),
    }
    for kind in set(reading.cue_kinds):
        features[f"cue={kind}"] = min(reading.cue_kinds.count(kind), 3) / 3
    return features


@dataclass
class LearnedModels:
    """The trained targeting and status models, with the hashes of the files they were trained on."""
    question_vectorizer: object
    question_model: object
    status_text_vectorizer: object
    status_dense_vectorizer: object
    status_model: object
    training_hashes: dict
    open_threshold: float
    achieved_margin: float
    rule_bonus: float = 0.0
    mention_bonus: float = 0.0
    question_vector_weight: float = QUESTION_VECTOR_WEIGHT
    # Below this targeting confidence, "achieved" must win by uncertain_margin instead: an
    # "achieved" on the wrong milestone is both a false claim and a missed one.
    uncertain_target: float = 0.0
    uncertain_margin: float = 0.0
    # Closeness of the question (and of the answer) to each milestone's own description (its
    # text, plain wording, question and ways to make progress): a score that needs no labelled
    # example, so it carries over to wordings the model has never seen. Added to the targeting
    # logits with these weights; rows of description_matrix follow question_model.classes_.
    description_vectorizer: object = None
    description_matrix: object = None
    description_weights: tuple = (0.0, 0.0)
    # Other milestones of the area the answer speaks about besides the one asked about (all of
    # them after an open question): a pairwise model over (answer, milestone), and the
    # probability above which its finding counts.
    mention_vectorizer: object = None
    mention_model: object = None
    mention_threshold: float = 1.0
    # What each milestone means to the sentence encoder (unit rows following
    # question_model.classes_, zero for the open class): the closeness of the question and of the
    # answer to it is added to the targeting logits with meaning_weights, as with the descriptions.
    meaning_matrix: object = None
    meaning_weights: tuple = (0.0, 0.0)
    # The answer's sentence vector as features of the status model, scaled by this weight (0: not used).
    status_vector_weight: float = 0.0

    def question_matrix(self, texts: list, vectors: list):
        from scipy.sparse import csr_matrix, hstack

        return hstack([self.question_vectorizer.transform(texts), csr_matrix(numpy.vstack(vectors) * self.question_vector_weight)]).tocsr()

    def question_probabilities(self, text: str, vector, area: str, answer_vector=None) -> dict:
        # The multinomial model's softmax, computed directly: sklearn's sparse stacking for one
        # row costs more than the arithmetic.
        indices, values, split = self._question_word_features(text)
        word_weights, vector_weights = self._question_weights(split)
        logits = values @ word_weights[indices] + vector_weights @ (vector * self.question_vector_weight)
        logits = logits + self.question_model.intercept_ + self._description_logits(text, area) + self._meaning_logits(vector, answer_vector, area)
        exponentials = numpy.exp(logits - logits.max())
        probabilities = exponentials / exponentials.sum()
        scores = {}
        for label, probability in zip(self.question_model.classes_, probabilities):
            if label == OPEN or label.split("-", 1)[0] == area or area not in AREAS:
                scores[label] = float(probability)
        total = sum(scores.values()) or 1.0
        return {label: probability / total for label, probability in scores.items()}

    def _description_logits(self, text: str, area: str):
        """Closeness to each milestone's description, relative to the area's mean closeness: a
        question near every milestone of the area alike (an open one) gains nothing from it."""
        question_weight, answer_weight = self.description_weights
        if self.description_matrix is None or not (question_weight or answer_weight):
            return 0.0
        words = text.split()
        question_words = " ".join(word for word in words if not word.startswith(ANSWER_MARK))
        answer_words = " ".join(word[len(ANSWER_MARK):] for word in words if word.startswith(ANSWER_MARK))
        rows = self.description_vectorizer.transform([question_words, answer_words])
        similarities = (self.description_matrix @ rows.T).toarray()
        scores = question_weight * similarities[:, 0] + answer_weight * similarities[:, 1]
        return _centred_in_area(scores, self.question_model.classes_, area)

    def _meaning_logits(self, question_vector, answer_vector, area: str):
        """Closeness in meaning of the question and the answer to each milestone, relative to the
        area's mean, like _description_logits."""
        question_weight, answer_weight = self.meaning_weights
        if self.meaning_matrix is None or not (question_weight or answer_weight):
            return 0.0
        scores = question_weight * (self.meaning_matrix @ question_vector)
        if answer_vector is not None:
            scores = scores + answer_weight * (self.meaning_matrix @ answer_vector)
        return _centred_in_area(scores, self.question_model.classes_, area)

    def meaning_similarities(self, answer_vector) -> dict:
        """{milestone id: closeness in meaning of the answer to it}."""
        if self.meaning_matrix is None or answer_vector is None:
            return {}
        similarities = self.meaning_matrix @ answer_vector
        return {label: float(value) for label, value in zip(self.question_model.classes_, similarities) if label != OPEN}

    def description_similarities(self, question_words: str, answer_words: str) -> dict:
        """{milestone id: (closeness of the question, of the answer)} to its description."""
        if self.description_matrix is None:
            return {}
        return description_similarities(self.description_vectorizer, self.description_matrix, self.question_model.classes_, question_words, answer_words)

    def mention_probabilities(self, candidates: list) -> dict:
        """{milestone id: probability the answer gives evidence about it} for MentionCandidates."""
        if self.mention_model is None or not candidates:
            return {}
        matrix = self.mention_vectorizer.transform([mention_features(candidate) for candidate in candidates])
        positive = list(self.mention_model.classes_).index(True)
        return {candidate.milestone_id: float(p) for candidate, p in zip(candidates, self.mention_model.predict_proba(matrix)[:, positive])}

    def __getstate__(self) -> dict:
        # The weights cache is derived from the model: never written into the artifact.
        return {key: value for key, value in self.__dict__.items() if key != "_weights_by_feature"}

    def _question_weights(self, split: int) -> tuple:
        """The targeting model's weights as (per word feature: a contiguous row of class weights,
        per vector dimension), computed once: picking rows is far cheaper than picking columns."""
        cached = self.__dict__.get("_weights_by_feature")
        if cached is None:
            coefficients = self.question_model.coef_
            cached = (numpy.ascontiguousarray(coefficients[:, :split].T), numpy.ascontiguousarray(coefficients[:, split:]))
            self.__dict__["_weights_by_feature"] = cached
        return cached

    def _question_word_features(self, text: str) -> tuple:
        """(column indices, values, width) of the question's word features, read straight from
        each vectorizer: a FeatureUnion's transform spins up joblib for every single question."""
        parts = getattr(self.question_vectorizer, "transformer_list", None)
        if parts is None:
            row = self.question_vectorizer.transform([text])
            return row.indices, row.data, row.shape[1]
        indices, values, offset = [], [], 0
        for _, part in parts:
            row = part.transform([text])
            indices.append(row.indices + offset)
            values.append(row.data)
            offset += row.shape[1]
        return numpy.concatenate(indices), numpy.concatenate(values), offset

    def status_matrix(self, texts: list, readings: list, vectors: list):
        from scipy.sparse import csr_matrix, hstack

        blocks = [self.status_text_vectorizer.transform(texts), self.status_dense_vectorizer.transform([answer_dense_features(r) for r in readings])]
        if self.status_vector_weight:
            blocks.append(csr_matrix(numpy.vstack(vectors) * self.status_vector_weight))
        return hstack(blocks).tocsr()

    def status_probabilities(self, text: str, reading: AnswerReading, vector=None) -> dict:
        probabilities = self.status_model.predict_proba(self.status_matrix([text], [reading], [vector]))[0]
        return {label: float(p) for label, p in zip(self.status_model.classes_, probabilities)}

    def decide_status(self, probabilities: dict, reading: Optional[AnswerReading] = None, target_confidence: float = 1.0) -> str:
        """The most likely status, except that "achieved" must win clearly: a false "achieved"
        on work not started misleads a founder more than a cautious "in progress". Two rule
        readings are too rare in training answers to be learned, yet certain, so they decide."""
        if reading is not None:
            if "no_evidence" in reading.cue_kinds and "yes" not in reading.cue_kinds and reading.rule_status is None:
                return NONE  # "I don't know", a question back
            if reading.lead in ("no", "yes") and reading.rule_status == "in_progress":
                return "in_progress"  # "Not yet, but we're drafting one."
        ranked = sorted(probabilities.items(), key=lambda item: -item[1])
        best, best_p = ranked[0]
        margin = self.achieved_margin
        if target_confidence < self.uncertain_target:
            margin = max(margin, self.uncertain_margin)
        if best == "achieved" and len(ranked) > 1 and best_p - ranked[1][1] < margin:
            return ranked[1][0]
        return best


AREAS = ("product", "people", "impact", "users", "revenue")


def _centred_in_area(scores, labels, area: str):
    """Scores less the mean over the area's milestones, zero elsewhere: a text near every
    milestone of the area alike (an open question) gains nothing from them."""
    in_area = numpy.array([label != OPEN and label.split("-", 1)[0] == area for label in labels])
    if not in_area.any():
        return scores
    return numpy.where(in_area, scores - scores[in_area].mean(), 0.0)


def description_similarities(vectorizer, matrix, labels, question_words: str, answer_words: str) -> dict:
    rows = vectorizer.transform([question_words, answer_words])
    similarities = (matrix @ rows.T).toarray()
    return {label: (float(q), float(a)) for label, (q, a) in zip(labels, similarities) if label != OPEN}


def content_lemmas(doc) -> frozenset:
    return frozenset(token.lemma_.lower() for token in doc if token.is_alpha and not token.is_stop)


@dataclass(frozen=True)
class MentionCandidate:
    """One milestone of the area, seen from one answer: what the mention model weighs."""
    milestone_id: str
    answer_words: frozenset  # the answer's content lemmas
    question_similarity: float  # closeness of the question to the milestone's description
    answer_similarity: float  # closeness of the answer to it
    cue_phrases: int  # the milestone's cue phrases found in the answer
    open_question: bool  # the question asked about the whole area
    answer_meaning: float = 0.0  # closeness in meaning of the answer to the milestone (sentence encoder)


def mention_features(candidate: MentionCandidate) -> dict:
    """Generic closeness features, and the answer's words as they bear on this milestone."""
    features = {
        "question_similarity": candidate.question_similarity,
        "answer_similarity": candidate.answer_similarity,
        "cue_phrases": min(candidate.cue_phrases, 3) / 3,
        "open": float(candidate.open_question),
        "open_answer_similarity": candidate.answer_similarity * candidate.open_question,
        "answer_meaning": candidate.answer_meaning,
        f"bias|{candidate.milestone_id}": 1.0,
    }
    for word in candidate.answer_words:
        features[f"{candidate.milestone_id}|{word}"] = 1.0
    return features


def load_models(path: Path = MODEL_FILE) -> Optional[LearnedModels]:
    """The committed models, or None when there are none (the mapper then uses its rules alone)."""
    if not path.is_file():
        return None
    import joblib

    return joblib.load(path)
