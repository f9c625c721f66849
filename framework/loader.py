"""Reads the framework's YAML into a `Framework` and validates it strictly: the data is part of
the program, so a mistake in it stops start-up with a message naming the file and the entry."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Union

import yaml

from framework.model import STAGE_NUMBERS, Area, Framework, GlossaryTerm, Milestone, Stage, Way

DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"
_REPO_ROOT = Path(__file__).resolve().parents[1]

# How many milestones each area has in stages 1, 2 and 3. The ids are stable (stored answers,
# reports and evaluation sets refer to them), so the data must define exactly these 54.
CANONICAL_MILESTONE_COUNTS: dict[str, tuple[int, int, int]] = {
    "product": (3, 3, 4),
    "people": (4, 2, 4),
    "impact": (3, 3, 4),
    "users": (4, 4, 4),
    "revenue": (4, 4, 4),
}
CANONICAL_MILESTONE_IDS: frozenset[str] = frozenset(
    f"{area_id}-{stage}-{number}"
    for area_id, counts in CANONICAL_MILESTONE_COUNTS.items()
    for stage, count in zip(STAGE_NUMBERS, counts)
    for number in range(1, count + 1)
)

_MILESTONE_ID = re.compile(r"^(?P<area>[a-z]+)-(?P<stage>\d+)-(?P<number>\d+)$")
_WAY_ID = re.compile(r"^(?P<area>[a-z]+)-(?P<stage>\d+)-w(?P<number>\d+)$")

_STAGE_FIELDS = ("number", "name", "description")
_AREA_FIELDS = ("id", "name", "short_name", "summary", "description", "open_question", "why_asked", "stages")
_AREA_STAGE_FIELDS = ("stage", "description", "milestones", "ways")
_MILESTONE_FIELDS = ("id", "text", "plain", "question", "why_asked")
_WAY_FIELDS = ("id", "text", "milestones")
_TERM_FIELDS = ("term", "aliases", "definition")


class FrameworkError(ValueError):
    """The framework data is invalid; the message reads "<file>: <entry>: <problem>"."""


@dataclass(frozen=True)
class _Source:
    """One YAML file, so that every error names it."""

    path: Path

    @property
    def name(self) -> str:
        try:
            return str(self.path.resolve().relative_to(_REPO_ROOT))
        except ValueError:
            return str(self.path)

    def error(self, entry: str, problem: str) -> FrameworkError:
        return FrameworkError(f"{self.name}: {entry}: {problem}")

    def read(self) -> Any:
        if not self.path.is_file():
            raise FrameworkError(f"{self.name}: file is missing")
        try:
            return yaml.safe_load(self.path.read_text(encoding="utf-8"))
        except yaml.YAMLError as problem:
            raise FrameworkError(f"{self.name}: not valid YAML: {problem}") from None


def load_framework(data_dir: Union[str, Path, None] = None) -> Framework:
    """The framework from `data_dir` (default: framework/data, loaded once and cached).
    Raises FrameworkError naming the file and the entry on any problem in the data."""
    if data_dir is None:
        return _load_default()
    return _load(Path(data_dir))


@lru_cache(maxsize=1)
def _load_default() -> Framework:
    return _load(DEFAULT_DATA_DIR)


def _load(data_dir: Path) -> Framework:
    overview = _Source(data_dir / "framework.yml")
    overview_data = _mapping(overview.read(), overview, "file")
    _check_fields(overview_data, ("stages", "areas"), overview, "file")
    stages = _parse_stages(overview_data, overview)
    area_ids = _parse_area_order(overview_data, overview)
    _check_no_unlisted_area_files(data_dir, area_ids, overview)

    areas, milestones, ways = [], [], []
    for area_id in area_ids:
        area_source = _Source(data_dir / "areas" / f"{area_id}.yml")
        area, area_milestones, area_ways = _parse_area_file(area_source, area_id)
        areas.append(area)
        milestones.extend(area_milestones)
        ways.extend(area_ways)
    _check_milestone_set(milestones, data_dir)

    glossary = _parse_glossary(_Source(data_dir / "glossary.yml"))
    return Framework(
        stages=tuple(stages),
        areas=tuple(areas),
        milestones=tuple(milestones),
        ways=tuple(ways),
        glossary=tuple(glossary),
    )


# --- stages and areas ---------------------------------------------------------------------


def _parse_stages(overview_data: dict, source: _Source) -> list[Stage]:
    entries = _list(overview_data.get("stages"), source, "stages")
    if len(entries) != len(STAGE_NUMBERS):
        raise source.error("stages", f"expected {len(STAGE_NUMBERS)} stages, found {len(entries)}")
    stages = []
    for position, (expected_number, raw) in enumerate(zip(STAGE_NUMBERS, entries), start=1):
        entry = f"stage #{position}"
        data = _mapping(raw, source, entry)
        _check_fields(data, _STAGE_FIELDS, source, entry)
        number = _integer(data, "number", source, entry)
        if number != expected_number:
            raise source.error(entry, f"expected number {expected_number}, found {number}")
        entry = f"stage {number}"
        stages.append(
            Stage(
                number=number,
                name=_text(data, "name", source, entry),
                description=_text(data, "description", source, entry),
            )
        )
    return stages


def _parse_area_order(overview_data: dict, source: _Source) -> list[str]:
    entries = _list(overview_data.get("areas"), source, "areas")
    area_ids = [_plain_string(raw, source, "areas") for raw in entries]
    if len(area_ids) != len(CANONICAL_MILESTONE_COUNTS):
        expected = len(CANONICAL_MILESTONE_COUNTS)
        raise source.error("areas", f"expected {expected} areas, found {len(area_ids)}")
    _check_unique(area_ids, source, "area")
    unknown = [area_id for area_id in area_ids if area_id not in CANONICAL_MILESTONE_COUNTS]
    if unknown:
        expected = ", ".join(CANONICAL_MILESTONE_COUNTS)
        raise source.error(f"area {unknown[0]}", f"unknown area (expected: {expected})")
    return area_ids


def _check_no_unlisted_area_files(data_dir: Path, area_ids: list[str], overview: _Source) -> None:
    for path in sorted((data_dir / "areas").glob("*.yml")):
        if path.stem not in area_ids:
            raise _Source(path).error(f"area {path.stem}", f"not listed in the areas of {overview.name}")


def _parse_area_file(source: _Source, area_id: str) -> tuple[Area, list[Milestone], list[Way]]:
    data = _mapping(source.read(), source, "file")
    entry = f"area {area_id}"
    _check_fields(data, _AREA_FIELDS, source, entry)
    declared_id = _text(data, "id", source, entry)
    if declared_id != area_id:
        raise source.error(entry, f"id is {declared_id!r} but the file is named after {area_id!r}")

    stage_entries = _list(data.get("stages"), source, f"{entry}: stages")
    if len(stage_entries) != len(STAGE_NUMBERS):
        raise source.error(entry, f"expected {len(STAGE_NUMBERS)} stages, found {len(stage_entries)}")
    stage_descriptions, milestones, ways = {}, [], []
    for expected_stage, raw in zip(STAGE_NUMBERS, stage_entries):
        stage_entry = f"{entry} stage #{expected_stage}"
        stage_data = _mapping(raw, source, stage_entry)
        _check_fields(stage_data, _AREA_STAGE_FIELDS, source, stage_entry)
        stage = _integer(stage_data, "stage", source, stage_entry)
        if stage != expected_stage:
            raise source.error(stage_entry, f"expected stage {expected_stage}, found {stage}")
        stage_entry = f"{entry} stage {stage}"
        stage_descriptions[stage] = _text(stage_data, "description", source, stage_entry)
        milestones.extend(_parse_milestones(stage_data, source, area_id, stage))
        ways.extend(_parse_ways(stage_data, source, area_id, stage))

    _check_unique([milestone.id for milestone in milestones], source, "milestone")
    _check_unique([way.id for way in ways], source, "way")
    _check_way_links(ways, milestones, source)
    area = Area(
        id=area_id,
        name=_text(data, "name", source, entry),
        short_name=_text(data, "short_name", source, entry),
        summary=_text(data, "summary", source, entry),
        description=_text(data, "description", source, entry),
        open_question=_text(data, "open_question", source, entry),
        why_asked=_text(data, "why_asked", source, entry),
        stage_descriptions=stage_descriptions,
    )
    return area, milestones, ways


# --- milestones and ways --------------------------------------------------------------------


@dataclass(frozen=True)
class _EntryKind:
    """What is listed under each stage of an area: milestones or ways."""

    key: str  # the list's field in the stage: "milestones"
    name: str  # one entry, in messages: "milestone"
    fields: tuple[str, ...]
    id_pattern: re.Pattern[str]
    id_shape: str  # the id's shape, in messages: "<area>-<stage>-<n>"


_MILESTONES = _EntryKind("milestones", "milestone", _MILESTONE_FIELDS, _MILESTONE_ID, "<area>-<stage>-<n>")
_WAYS = _EntryKind("ways", "way", _WAY_FIELDS, _WAY_ID, "<area>-<stage>-w<n>")


@dataclass(frozen=True)
class _StageEntry:
    data: dict
    id: str
    number: int
    entry: str  # how messages name it: "milestone impact-1-2"


def _stage_entries(
    kind: _EntryKind, stage_data: dict, source: _Source, area_id: str, stage: int
) -> Iterator[_StageEntry]:
    """Each entry of the kind listed under the stage, checked so far as all kinds share: a mapping
    with only the kind's fields and an id of the kind's shape that names this area and stage."""
    place = f"area {area_id} stage {stage}"
    for position, raw in enumerate(_list(stage_data.get(kind.key), source, f"{place}: {kind.key}"), start=1):
        data = _mapping(raw, source, f"{place} {kind.name} #{position}")
        entry_id = _text(data, "id", source, f"{place} {kind.name} #{position}")
        entry = f"{kind.name} {entry_id}"
        _check_fields(data, kind.fields, source, entry)
        number = _check_id_place(kind.id_pattern, kind.id_shape, entry_id, area_id, stage, source, entry)
        yield _StageEntry(data, entry_id, number, entry)


def _parse_milestones(stage_data: dict, source: _Source, area_id: str, stage: int) -> list[Milestone]:
    return [
        Milestone(
            id=item.id,
            area_id=area_id,
            stage=stage,
            number=item.number,
            text=_text(item.data, "text", source, item.entry),
            plain=_text(item.data, "plain", source, item.entry),
            question=_text(item.data, "question", source, item.entry),
            why_asked=_text(item.data, "why_asked", source, item.entry),
        )
        for item in _stage_entries(_MILESTONES, stage_data, source, area_id, stage)
    ]


def _parse_ways(stage_data: dict, source: _Source, area_id: str, stage: int) -> list[Way]:
    ways = []
    for item in _stage_entries(_WAYS, stage_data, source, area_id, stage):
        links = item.data.get("milestones") or []
        if not isinstance(links, list):
            raise source.error(item.entry, "'milestones' must be a list of milestone ids")
        milestone_ids = tuple(_plain_string(link, source, item.entry) for link in links)
        if not milestone_ids:
            raise source.error(item.entry, "links to no milestone")
        if len(set(milestone_ids)) != len(milestone_ids):
            raise source.error(item.entry, "links to the same milestone twice")
        ways.append(
            Way(
                id=item.id,
                area_id=area_id,
                stage=stage,
                text=_text(item.data, "text", source, item.entry),
                milestone_ids=milestone_ids,
            )
        )
    return ways


def _check_id_place(
    pattern: re.Pattern[str], shape: str, entry_id: str, area_id: str, stage: int, source: _Source, entry: str
) -> int:
    """Checks that an id has the expected shape and names the area and stage it is listed
    under; returns its number."""
    match = pattern.match(entry_id)
    if match is None:
        raise source.error(entry, f"id does not match {shape}")
    if match["area"] != area_id:
        raise source.error(entry, f"id names area {match['area']!r} but it is listed under area {area_id!r}")
    if int(match["stage"]) != stage:
        raise source.error(entry, f"id names stage {match['stage']} but it is listed under stage {stage}")
    return int(match["number"])


def _check_way_links(ways: list[Way], milestones: list[Milestone], source: _Source) -> None:
    milestones_by_id = {milestone.id: milestone for milestone in milestones}
    for way in ways:
        for milestone_id in way.milestone_ids:
            target = milestones_by_id.get(milestone_id)
            if target is None:
                if _MILESTONE_ID.match(milestone_id) and not milestone_id.startswith(f"{way.area_id}-"):
                    problem = f"links to {milestone_id}, a milestone of another area"
                else:
                    problem = f"links to unknown milestone {milestone_id!r}"
                raise source.error(f"way {way.id}", problem)
            if target.stage != way.stage:
                raise source.error(
                    f"way {way.id}",
                    f"links to {milestone_id} of stage {target.stage}, not of its own stage {way.stage}",
                )
    served = {milestone_id for way in ways for milestone_id in way.milestone_ids}
    for milestone in milestones:
        if milestone.id not in served:
            raise source.error(f"milestone {milestone.id}", "no way to make progress links to it")


def _check_milestone_set(milestones: list[Milestone], data_dir: Path) -> None:
    found = {milestone.id for milestone in milestones}
    missing = sorted(CANONICAL_MILESTONE_IDS - found)
    if missing:
        source = _Source(data_dir / "areas" / f"{missing[0].split('-')[0]}.yml")
        problem = f"missing (canonical ids not defined: {', '.join(missing)})"
        raise source.error(f"milestone {missing[0]}", problem)
    extra = sorted(found - CANONICAL_MILESTONE_IDS)
    if extra:
        source = _Source(data_dir / "areas" / f"{extra[0].split('-')[0]}.yml")
        problem = f"not a canonical milestone id (unexpected: {', '.join(extra)})"
        raise source.error(f"milestone {extra[0]}", problem)


# --- glossary -------------------------------------------------------------------------------


def _parse_glossary(source: _Source) -> list[GlossaryTerm]:
    data = _mapping(source.read(), source, "file")
    _check_fields(data, ("terms",), source, "file")
    entries = _list(data.get("terms"), source, "terms")
    terms = []
    for position, raw in enumerate(entries, start=1):
        term_data = _mapping(raw, source, f"term #{position}")
        name = _text(term_data, "term", source, f"term #{position}")
        entry = f"term {name}"
        _check_fields(term_data, _TERM_FIELDS, source, entry)
        aliases = term_data.get("aliases") or []
        if not isinstance(aliases, list):
            raise source.error(entry, "'aliases' must be a list")
        terms.append(
            GlossaryTerm(
                term=name,
                aliases=tuple(_plain_string(alias, source, entry) for alias in aliases),
                definition=_text(term_data, "definition", source, entry),
            )
        )
    _check_unique([term.term for term in terms], source, "term", key=_normal_phrase)
    _check_names_belong_to_one_term(terms, source)
    return terms


def _normal_phrase(phrase: str) -> str:
    return " ".join(re.split(r"[\s\-]+", phrase.strip().lower()))


def _check_names_belong_to_one_term(terms: list[GlossaryTerm], source: _Source) -> None:
    # A name shared by two terms would make lookup_term's answer arbitrary.
    owner_by_name: dict[str, str] = {}
    for term in terms:
        for name in term.names:
            key = _normal_phrase(name)
            owner = owner_by_name.setdefault(key, term.term)
            if owner != term.term:
                raise source.error(f"term {term.term}", f"alias {name!r} is also a name of term {owner!r}")


# --- small readers that name the entry when they fail ----------------------------------------


def _mapping(value: Any, source: _Source, entry: str) -> dict:
    if not isinstance(value, dict):
        raise source.error(entry, "expected a mapping of fields")
    return value


def _list(value: Any, source: _Source, entry: str) -> list:
    if not isinstance(value, list) or not value:
        raise source.error(entry, "expected a non-empty list")
    return value


def _check_fields(data: dict, allowed: Iterable[str], source: _Source, entry: str) -> None:
    unexpected = sorted(str(key) for key in data if key not in allowed)
    if unexpected:
        raise source.error(entry, f"unexpected field(s): {', '.join(unexpected)}")


def _text(data: dict, field_name: str, source: _Source, entry: str) -> str:
    value = data.get(field_name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise source.error(entry, f"missing or empty '{field_name}'")
    if not isinstance(value, str):
        raise source.error(entry, f"'{field_name}' must be text")
    return " ".join(value.split())


def _plain_string(value: Any, source: _Source, entry: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise source.error(entry, f"expected a non-empty text, found {value!r}")
    return value.strip()


def _integer(data: dict, field_name: str, source: _Source, entry: str) -> int:
    value = data.get(field_name)
    if value is None:
        raise source.error(entry, f"missing '{field_name}'")
    if isinstance(value, bool) or not isinstance(value, int):
        raise source.error(entry, f"'{field_name}' must be a whole number")
    return value


def _check_unique(
    ids: list[str], source: _Source, kind: str, key: Callable[[str], str] = lambda value: value
) -> None:
    seen: set[str] = set()
    for entry_id in ids:
        if key(entry_id) in seen:
            raise source.error(f"{kind} {entry_id}", "duplicate id")
        seen.add(key(entry_id))


def clear_cache() -> None:
    """Forget the cached default framework (for tools that edit the data while running)."""
    _load_default.cache_clear()


__all__ = ["load_framework", "FrameworkError", "CANONICAL_MILESTONE_IDS", "DEFAULT_DATA_DIR", "clear_cache"]
