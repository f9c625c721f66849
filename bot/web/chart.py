"""Hand-written SVG charts: a venture's five areas against the three stages, and a cohort's stage
distribution per area. Plain SVG keeps them small, crisp in print and easy to test."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Sequence

# One colour per stage, shared with the dashboard grid (static/waypoint.css uses the same values).
STAGE_COLOURS = {1: "#e9a23b", 2: "#3b8ea5", 3: "#4c9a4c"}
UNASSESSED_COLOUR = "#d5d8dc"
TRACK_COLOUR = "#eef0f2"
TEXT_COLOUR = "#1f2933"

LABEL_WIDTH = 150
STAGE_WIDTH = 150
ROW_HEIGHT = 40
BAR_HEIGHT = 22
HEADER_HEIGHT = 46
FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', sans-serif\""


@dataclass(frozen=True)
class AreaPosition:
    """Where one area of a venture stands: its stage (1..3) and the share of it achieved (0..1)."""

    area_id: str
    area_name: str
    stage: int
    progress: float


@dataclass(frozen=True)
class AreaStageCounts:
    """How many ventures of a cohort are in each stage of one area (unassessed ones apart)."""

    area_id: str
    area_name: str
    per_stage: dict[int, int]
    unassessed: int = 0

    @property
    def total(self) -> int:
        return sum(self.per_stage.values()) + self.unassessed


def _text(x: float, y: float, content: str, anchor: str = "start", size: int = 13, weight: str = "normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" font-weight="{weight}" '
        f'fill="{TEXT_COLOUR}">{escape(content)}</text>'
    )


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" {FONT}>'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def venture_profile_svg(positions: Sequence[AreaPosition], stage_names: Sequence[str], title: str) -> str:
    """Each area as a bar across the stages: earlier stages full, the current one filled by progress."""
    stage_count = len(stage_names)
    width = LABEL_WIDTH + STAGE_WIDTH * stage_count + 10
    height = HEADER_HEIGHT + ROW_HEIGHT * len(positions) + 10
    body = [_stage_header(stage_names)]
    for row, position in enumerate(positions):
        body.append(_area_row(row, position, stage_count))
    return _svg(width, height, title, body)


def _stage_header(stage_names: Sequence[str]) -> str:
    parts = []
    for index, stage_name in enumerate(stage_names):
        x = LABEL_WIDTH + STAGE_WIDTH * index
        parts.append(_text(x + STAGE_WIDTH / 2, 18, f"Stage {index + 1}", anchor="middle", weight="bold"))
        parts.append(_text(x + STAGE_WIDTH / 2, 36, stage_name, anchor="middle", size=12))
        if index:
            parts.append(
                f'<line x1="{x}" y1="{HEADER_HEIGHT - 4}" x2="{x}" y2="100%" stroke="#c4c9ce" stroke-dasharray="3 3"/>'
            )
    return "".join(parts)


def _area_row(row: int, position: AreaPosition, stage_count: int) -> str:
    top = HEADER_HEIGHT + ROW_HEIGHT * row
    bar_top = top + (ROW_HEIGHT - BAR_HEIGHT) / 2
    progress = min(max(position.progress, 0.0), 1.0)
    completed_stages = max(position.stage - 1, 0)
    filled_width = STAGE_WIDTH * (completed_stages + progress)
    colour = STAGE_COLOURS.get(position.stage, UNASSESSED_COLOUR)
    label = f"{position.area_name}: stage {position.stage}, {round(progress * 100)}% of it in place"
    return (
        f'<g class="area" data-area="{escape(position.area_id)}" data-stage="{position.stage}">'
        f"<title>{escape(label)}</title>"
        + _text(LABEL_WIDTH - 10, top + ROW_HEIGHT / 2 + 5, position.area_name, anchor="end", weight="bold")
        + f'<rect x="{LABEL_WIDTH}" y="{bar_top:.1f}" width="{STAGE_WIDTH * stage_count}" height="{BAR_HEIGHT}" '
        f'rx="4" fill="{TRACK_COLOUR}"/>'
        f'<rect x="{LABEL_WIDTH}" y="{bar_top:.1f}" width="{filled_width:.1f}" height="{BAR_HEIGHT}" '
        f'rx="4" fill="{colour}"/>'
        "</g>"
    )


def cohort_distribution_svg(rows: Sequence[AreaStageCounts], title: str) -> str:
    """One stacked bar per area: how many ventures sit in stage 1, 2, 3 (and not assessed yet)."""
    bar_width = 300
    legend_height = 30
    width = LABEL_WIDTH + bar_width + 60
    height = legend_height + ROW_HEIGHT * len(rows) + 10
    body = [_distribution_legend()]
    for row, counts in enumerate(rows):
        body.append(_distribution_row(legend_height + ROW_HEIGHT * row, counts, bar_width))
    return _svg(width, height, title, body)


def _distribution_legend() -> str:
    parts = []
    entries = [(f"Stage {stage}", colour) for stage, colour in STAGE_COLOURS.items()]
    entries.append(("Not assessed", UNASSESSED_COLOUR))
    for index, (label, colour) in enumerate(entries):
        x = 10 + 110 * index
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/>')
        parts.append(_text(x + 16, 17, label, size=12))
    return "".join(parts)


def _distribution_row(top: float, counts: AreaStageCounts, bar_width: int) -> str:
    bar_top = top + (ROW_HEIGHT - BAR_HEIGHT) / 2
    parts = [_text(LABEL_WIDTH - 10, top + ROW_HEIGHT / 2 + 5, counts.area_name, anchor="end", weight="bold")]
    segments = [(f"stage {stage}", counts.per_stage.get(stage, 0), colour) for stage, colour in STAGE_COLOURS.items()]
    segments.append(("not assessed", counts.unassessed, UNASSESSED_COLOUR))
    x = float(LABEL_WIDTH)
    total = counts.total
    for label, count, colour in segments:
        if not count:
            continue
        segment_width = bar_width * count / total
        parts.append(
            f'<rect x="{x:.1f}" y="{bar_top:.1f}" width="{segment_width:.1f}" height="{BAR_HEIGHT}" fill="{colour}">'
            f"<title>{escape(f'{counts.area_name}: {count} in {label}')}</title></rect>"
        )
        if segment_width >= 18:
            parts.append(_text(x + segment_width / 2, bar_top + 16, str(count), anchor="middle", size=12))
        x += segment_width
    if not total:
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{bar_top:.1f}" width="{bar_width}" height="{BAR_HEIGHT}" fill="{TRACK_COLOUR}"/>')
    return f'<g class="area" data-area="{escape(counts.area_id)}">' + "".join(parts) + "</g>"
