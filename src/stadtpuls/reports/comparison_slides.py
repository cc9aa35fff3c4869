"""Slides that set the city against others: the Bitkom Smart City Index beside the city's
ranking, and "Von wem lernen" (strengths, weaknesses, potential and peers per area)."""

from __future__ import annotations

from pptx.util import Emu, Pt

from stadtpuls.i18n import format_number, tr
from stadtpuls.reports.canvas import Canvas
from stadtpuls.reports.content import Note, RankingComparison, ReportContent

_GAP = Emu(Pt(16))


def bitkom(canvas: Canvas, content: ReportContent) -> None:
    data = content.bitkom
    if data is None or not data.top:
        return
    slide, body = canvas.slide(
        _bitkom_headline(content, data),
        kicker=tr(
            f"Ergebnisse des {data.ranking} {data.year} und Vergleich mit dem "
            f"{data.other} {data.other_year}",
            f"Results of the {data.ranking} {data.year} compared with the "
            f"{data.other} {data.other_year}",
        ),
        origins=[data.origin, content.national_top.origin if content.national_top else None],
        source=" · ".join(
            t for t in (data.source if data.origin is None else "", data.reason) if t
        ),
    )
    left, right = body.split_columns(0.4, 0.6, gap=_GAP)
    header = [tr("Platz", "Rank"), tr("Stadt", "City"), tr("Punkte", "Score")]
    rows = [[_rank(r.rank), r.name, format_number(r.score)] for r in data.top]
    canvas.table(slide, left, header, rows, [0.2, 0.55, 0.25])
    canvas.fitted_text(slide, right, _bitkom_points(content, data))


def _rank(rank: int | None) -> str:
    return "–" if rank is None else str(rank)


def _bitkom_headline(content: ReportContent, data: RankingComparison) -> str:
    rank = next((r.rank for r in data.peers if r.ags == content.city_ags), None)
    if data.city_covered and rank is not None:
        return tr(
            f"{content.city_name} im {data.ranking}: Platz {rank}",
            f"{content.city_name} in the {data.ranking}: rank {rank}",
        )
    if data.city_covered:
        return tr(
            f"{content.city_name} im {data.ranking}", f"{content.city_name} in the {data.ranking}"
        )
    threshold = format_number(data.threshold, 0)
    return tr(
        f"Der {data.ranking} untersucht nur Städte ab {threshold} Einwohnenden – "
        f"{content.city_name} ist nicht darunter",
        f"The {data.ranking} only covers cities of {threshold} inhabitants or more – "
        f"{content.city_name} is not among them",
    )


def _bitkom_points(content: ReportContent, data: RankingComparison) -> list[str]:
    threshold = format_number(data.threshold, 0)
    points = [
        tr(
            f"Abdeckung: {data.covered} Städte ab {threshold} Einwohnenden; das "
            f"{data.other} bewertet alle Städte ab 30.000 Einwohnenden",
            f"Coverage: {data.covered} cities of {threshold} inhabitants or more; the "
            f"{data.other} rates every city of 30,000 or more",
        )
    ]
    peers = ", ".join(
        tr(f"{r.name} (Platz {_rank(r.rank)})", f"{r.name} (rank {_rank(r.rank)})")
        for r in data.peers
        if r.ags != content.city_ags or data.city_covered
    )
    if peers:
        points.append(
            tr(
                f"Vergleichsstädte in {content.state}: {peers}",
                f"Peers in {content.state}: {peers}",
            )
            if not data.city_covered
            else tr(f"Nachbarn im Index: {peers}", f"Neighbours in the index: {peers}")
        )
    if data.common >= 3 and data.spearman is not None:
        points.append(
            tr(
                f"Beide Rankings haben {data.common} Städte gemeinsam; Rangkorrelation Spearman "
                f"ρ = {format_number(data.spearman, 2)}, Kendall τ = "
                f"{format_number(data.kendall or 0, 2)}",
                f"The rankings share {data.common} cities; rank correlation Spearman "
                f"ρ = {format_number(data.spearman, 2)}, Kendall τ = "
                f"{format_number(data.kendall or 0, 2)}",
            )
        )
    for mover in data.movers:
        points.append(
            tr(
                f"Größter Unterschied: {mover.name} – unter den gemeinsamen Städten Position "
                f"{mover.position_a} hier, {mover.position_b} bei Bitkom",
                f"Largest difference: {mover.name} – among the common cities position "
                f"{mover.position_a} here, {mover.position_b} at Bitkom",
            )
        )
    return points


def learning(canvas: Canvas, content: ReportContent) -> None:
    """Strengths and weaknesses per area with potential; peers and their practice."""
    data = content.learning
    practices = [note for note in content.notes if note.kind == "peer"]
    if data is None or not data.areas:
        _practices(canvas, practices)
        return
    scored = [a for a in data.areas if a.score is not None]
    ordered = sorted(scored, key=lambda a: -(a.score or 0)) + [
        a for a in data.areas if a.score is None
    ]
    strongest, weakest = (ordered[0], ordered[len(scored) - 1]) if scored else (None, None)
    headline = (
        tr(
            f"Stärke {strongest.area}, Aufholbedarf bei {weakest.area}",
            f"Strength {strongest.area}, catching up needed in {weakest.area}",
        )
        if strongest is not None and weakest is not None and strongest is not weakest
        else tr("Von wem lernen", "Whom to learn from")
    )
    slide, body = canvas.slide(
        headline,
        kicker=tr(
            f"Ergebnisse und Potenzial nach Bereichen · Von wem lernen · {data.ranking} "
            f"{data.year}",
            f"Results and potential per area · Whom to learn from · {data.ranking} {data.year}",
        ),
        origins=[data.origin, *(note.origin for note in practices)],
    )
    left, right = body.split_columns(0.5, 0.5, gap=_GAP)
    header = [
        tr("Bereich", "Area"),
        tr("Ergebnis", "Score"),
        tr("Platz", "Rank"),
        tr("Potenzial", "Potential"),
    ]
    rows = [
        [
            a.area,
            format_number(a.score),
            "–" if a.rank is None else str(a.rank),
            format_number(a.potential),
        ]
        for a in ordered
    ]
    highlight = [a is strongest or a is weakest for a in ordered]
    canvas.table(slide, left, header, rows, [0.46, 0.18, 0.14, 0.22], highlight=highlight)
    canvas.fitted_text(slide, right, _learning_points(data.peers, practices))


def _practices(canvas: Canvas, practices: list[Note]) -> None:
    """What peers do, without a computed profile: one slide per peer the office named."""
    for note in practices:
        slide, body = canvas.slide(
            note.headline or tr(f"Von {note.title} lernen", f"Learning from {note.title}"),
            kicker=tr("Von wem lernen", "Whom to learn from"),
            origins=[note.origin],
            source=note.source,
        )
        canvas.fitted_text(slide, body, list(note.points))


def _learning_points(peers, practices: list[Note]) -> list[str]:
    """Per weak area the comparable cities ahead (their score), and what peers do."""
    areas: dict[str, list] = {}
    for peer in peers:
        areas.setdefault(peer.area, []).append(peer)
    points = [
        tr(
            f"{area}: "
            + ", ".join(f"{p.name} ({format_number(p.score)})" for p in ahead)
            + f" – wir: {format_number(ahead[0].own_score)}",
            f"{area}: "
            + ", ".join(f"{p.name} ({format_number(p.score)})" for p in ahead)
            + f" – we: {format_number(ahead[0].own_score)}",
        )
        for area, ahead in areas.items()
    ]
    for note in practices:
        points.append(f"{note.title}: " + "; ".join(note.points))
    return points
