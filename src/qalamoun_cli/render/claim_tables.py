"""Claims for people: side by side per incident, and per-source sums.

These functions lay out what the domain already selected and computed; they never filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from qalamoun_cli.claims import GROUPING_NOTE, Group, Matrix, Row, Total, as_reported
from qalamoun_cli.model import Chronology, Claim
from qalamoun_cli.render.tables import blank, blocks, fits, show, table
from qalamoun_cli.render.wording import claim_figure, incident_title, party_label, source_header

if TYPE_CHECKING:
    from rich.console import Console


def claims_matrices(console: Console, chronology: Chronology, matrices: Sequence[Matrix]) -> None:
    """Print one table per incident: a column per source, a row per party × outcome."""
    for m in matrices:
        title = incident_title(chronology, m.incident)
        headers = [source_header(chronology, s) for s in m.sources]
        if fits(console, [16] + [12] * len(m.sources) + [14]):
            columns = [("Party × outcome", {})]
            columns += [(h, {"justify": "right"}) for h in headers]
            columns += [("Spread (low–high, ratio)", {"justify": "right"})]
            rows = []
            for row in m.rows:
                values: list[Any] = [_row_label(chronology, row)]
                for s in m.sources:
                    claim = row.by_source.get(s)
                    values.append(_cell(row, claim) if claim else None)
                values.append(row.spread.text() if row.spread else "no figure")
                rows.append(values)
            show(console, table(title, columns, rows), blank())
        else:
            records = []
            for row in m.rows:
                record: list[tuple[str, Any]] = [("row", _row_label(chronology, row))]
                for s in m.sources:
                    claim = row.by_source.get(s)
                    if claim:
                        record.append((chronology.sources[s].name, _cell(row, claim)))
                record.append(("spread", row.spread.text() if row.spread else "no figure"))
                records.append(record)
            show(console, blocks(title, records))


def _row_label(chronology: Chronology, row: Row) -> str:
    return f"{party_label(chronology, row.party, row.party_text)} {row.outcome}"


def _cell(row: Row, claim: Claim) -> str:
    return claim_figure(claim, row.earlier.get(claim.id, ()) if claim.id else ())


def totals(console: Console, chronology: Chronology, rows: Sequence[Total],
           groups: Sequence[Group] | None = None) -> None:
    """Print per-source sums of incident claims beside the campaign-level claims.

    A dataset column is shown when the sums come from more than one dataset. GROUPS
    (--by): a first column names each row's group, and the title says what a grouping is.
    """
    title = ("Sums of reported incident claims per source (≥ where a term is open-ended; "
             "vague terms listed, not counted), beside each source's campaign-level claim")
    heading = ""
    if groups is not None:
        heading = GROUP_HEADINGS[groups[0].by] if groups else "Group"
        title += f"; grouped by {heading.lower()} ({GROUPING_NOTE})"
    several = len({t.dataset for t in rows}) > 1
    records = []
    for i, t in enumerate(rows):
        record: list[tuple[str, Any]] = [(heading.lower(), groups[i].label)] if groups else []
        record += [
            ("party × outcome", f"{party_label(chronology, t.party, t.party_text)} "
                                f"{t.outcome}"),
            ("source", chronology.sources[t.source].name)]
        if several:
            record.append(("dataset", t.dataset))
        record += [
            ("sum of incident claims", t.text() + _inconsistent(t)),
            ("incidents", t.incidents),
            ("campaign claim", as_reported(t.campaign) if t.campaign else None),
        ]
        records.append(record)
    widths = (*((12,) if groups else ()), 16, 12, *((12,) if several else ()), 12, 9, 12)
    if fits(console, widths):
        columns = [*([(heading, {})] if groups else []), ("Party × outcome", {}), ("Source", {}),
                   *([("Dataset", {})] if several else []),
                   ("Sum of incident claims", {"justify": "right"}),
                   ("Incidents", {"justify": "right"}),
                   ("Campaign claim", {"justify": "right"})]
        show(console, table(title, columns, [[v for _, v in r] for r in records]))
    else:
        show(console, blocks(title, records))


# The first column of a grouping, by the grouping's name.
GROUP_HEADINGS = {"side": "Side of the party", "source-kind": "Source kind"}


def _inconsistent(total: Total) -> str:
    """Return the mark of a sum with claims inconsistent at the source, or ''."""
    if not total.inconsistent:
        return ""
    return f" [{len(total.inconsistent)} of {total.events} inconsistent at the source]"
