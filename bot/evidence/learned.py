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


def question_text(doc) -> str:
    """Lemmas of a question, lower-cased: the words a targeting model generalises over."""
    return " ".join(token.lemma_.lower() for token in doc if not token.is_punct and not token.is_space)


def with_answer_words(question_words: str, answer_doc=None) -> str:
    """The question's words plus the answer's content lemmas marked "a_": what the founder talks
    about hints at what was asked."""
    if answer_doc is None or not ANSWER_IN_TARGETING:
        return question_words
    answer_words = [f"a_{token.lemma_.lower()}" for token in answer_doc if token.is_alpha and not token.is_stop]
    return " ".join([question_words, *answer_words])


def mean_vector(doc) -> numpy.ndarray:
    vectors = [token.vector for token in doc if token.has_vector and not token.is_stop and not token.is_punct]
    if not vectors:
        return numpy.zeros(doc.vocab.vectors_length, dtype=numpy.float32)
    mean = numpy.mean(vectors, axis=0)
    norm = numpy.linalg.norm(mean)
    return (mean / norm if norm else mean).astype(numpy.float32)


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

    def question_matrix(self, texts: list, vectors: list):
        from scipy.sparse import csr_matrix, hstack

        return hstack([self.question_vectorizer.transform(texts), csr_matrix(numpy.vstack(vectors) * self.question_vector_weight)]).tocsr()

    def question_probabilities(self, text: str, vector, area: str) -> dict:
        # The multinomial model's softmax, computed directly: sklearn's sparse stacking for one
        # row costs more than the arithmetic.
        words = self.question_vectorizer.transform([text])
        coefficients = self.question_model.coef_
        split = words.shape[1]
        logits = (words @ coefficients[:, :split].T).ravel() + coefficients[:, split:] @ (vector * self.question_vector_weight)
        logits = logits + self.question_model.intercept_
        exponentials = numpy.exp(logits - logits.max())
        probabilities = exponentials / exponentials.sum()
        scores = {}
        for label, probability in zip(self.question_model.classes_, probabilities):
            if label == OPEN or label.split("-", 1)[0] == area or area not in AREAS:
                scores[label] = float(probability)
        total = sum(scores.values()) or 1.0
        return {label: probability / total for label, probability in scores.items()}

    def status_matrix(self, texts: list, readings: list):
        from scipy.sparse import hstack

        dense = self.status_dense_vectorizer.transform([answer_dense_features(r) for r in readings])
        return hstack([self.status_text_vectorizer.transform(texts), dense]).tocsr()

    def status_probabilities(self, text: str, reading: AnswerReading) -> dict:
        probabilities = self.status_model.predict_proba(self.status_matrix([text], [reading]))[0]
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


def load_models(path: Path = MODEL_FILE) -> Optional[LearnedModels]:
    """The committed models, or None when there are none (the mapper then uses its rules alone)."""
    if not path.is_file():
        return None
    import joblib

    return joblib.load(path)
