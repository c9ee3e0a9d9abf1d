"""An article's body cut into paragraphs and segments, each segment knowing
which claims and events cover it, so the page can highlight every span and
anchor it (``#claim-<id>``) without ever building HTML by hand."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.extraction.captions import is_caption, paragraph_spans


@dataclass
class Segment:
    text: str
    kinds: list[str] = field(default_factory=list)  # kinds of what covers it, outermost first
    anchors: list[str] = field(default_factory=list)  # ids that start here
    titles: list[str] = field(default_factory=list)

    @property
    def highlighted(self) -> bool:
        return bool(self.kinds)

    @property
    def css_kind(self) -> str:
        return self.kinds[-1] if self.kinds else ""


@dataclass
class Paragraph:
    segments: list[Segment]
    is_caption: bool = False


@dataclass
class Span:
    start: int
    end: int
    kind: str
    anchor: str
    title: str


def paragraphs(body: str, spans: list[Span]) -> list[Paragraph]:
    """The body's paragraphs, each cut at every span boundary."""
    spans = [s for s in spans if 0 <= s.start < s.end <= len(body)]
    result = []
    for p_start, p_end in paragraph_spans(body):
        cuts = {p_start, p_end}
        for span in spans:
            if span.start < p_end and p_start < span.end:
                cuts.add(max(span.start, p_start))
                cuts.add(min(span.end, p_end))
        points = sorted(cuts)
        segments = []
        for start, end in zip(points, points[1:], strict=False):
            covering = sorted(
                (s for s in spans if s.start <= start and end <= s.end),
                key=lambda s: (s.start, -s.end),
            )
            segments.append(
                Segment(
                    text=body[start:end],
                    kinds=[s.kind for s in covering],
                    anchors=[s.anchor for s in spans if s.start == start],
                    titles=[s.title for s in covering],
                )
            )
        result.append(Paragraph(segments, is_caption=is_caption(body[p_start:p_end])))
    return result
