"""Casualty claims side by side: incidents, per-row spreads, per-source totals.

Schema 2's relations between claims are kept: a claim that SUPERSEDES another (an updated
toll) replaces it in sums and in its source's cell, which still shows the earlier figure; a
claim WITHIN another (a part of a larger figure) is never added on top of it. "casualties"
(killed and wounded together) is an outcome of its own, so it is never added into either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from qalamoun_cli.dates import overlaps
from qalamoun_cli.model import CASUALTY_OUTCOMES, SCOPES, Chronology, Claim, Event

if TYPE_CHECKING:
    from qalamoun_cli.store import EventStore

_DIGITS = re.compile(r"\d[\d,]*")


class Incident(NamedTuple):
    """The claims about one event, or about the campaign as a whole (event None)."""

    event: Event | None
    claims: tuple[Claim, ...]

    @property
    def scope(self) -> str:
        return "campaign" if self.event is None else "incident"


class Spread(NamedTuple):
    """How far apart the numeric claims of one row are."""

    low: int
    high: int
    open_high: bool
    sources: int

    @property
    def ratio(self) -> float | None:
        if self.low > 0 and self.sources > 1:
            return self.high / self.low
        return None

    def text(self) -> str:
        if self.sources < 2:
            return "one figure"
        top = f"{self.high}+" if self.open_high else str(self.high)
        span = str(self.low) if self.low == self.high and not self.open_high \
            else f"{self.low}–{top}"
        ratio = self.ratio
        return f"{span} (×{ratio:.2f})" if ratio is not None and ratio != 1 else span


class Row(NamedTuple):
    """One party × outcome of an incident, with each source's claim.

    Claims are told apart by the source's own words too (PARTY_TEXT: "soldiers" and
    "militiamen" of one side are two rows), and a part of a larger figure (WITHIN) has a
    row of its own, so that no claim hides another. BY_SOURCE holds each source's latest
    claim; EARLIER the claims those replace (by id of the claim replacing them).
    """

    party: str | None
    party_text: str | None
    outcome: str
    within: str | None
    by_source: dict[str, Claim]
    spread: Spread | None
    earlier: dict[str, tuple[Claim, ...]]


class Matrix(NamedTuple):
    """An incident laid out as rows (party × outcome) and columns (sources)."""

    incident: Incident
    sources: list[str]
    rows: list[Row]


def figure(claim: Claim) -> str:
    """Return the figure of a claim in short form: 36, 244–300, 42+, ≤ 30, or the phrase.

    A central estimate is added to a range: "30–45, best 38".
    """
    low, high = claim.low, claim.high
    if low is None and high is None:
        text = claim.as_reported
    elif low is None:
        text = f"≤ {high}"
    elif high is None:
        text = f"{low}+"
    else:
        text = str(low) if low == high else f"{low}–{high}"
    if claim.best is not None and not (low == high == claim.best):
        text += f", best {claim.best}"
    return text


def sum_text(low: int | None, high: int | None, vague: list[str], empty: str = "—") -> str:
    """Word a sum of claims: '36', '36–53', '≥ 42' (open-ended), '+ dozens' for vague terms."""
    if low is None:
        body = empty
    elif high is None:
        body = f"≥ {low}"
    else:
        body = str(low) if low == high else f"{low}–{high}"
    return " + ".join(part for part in (body, ", ".join(vague)) if part)


def as_reported(claim: Claim) -> str:
    """Return the claim as reported, with its figure first where the phrase hides it.

    "244–300" and "6,500 soldiers" carry their own numbers and are shown as they are;
    "at least nine" is shown as "≥ 9 (at least nine)", "dozens" as "dozens".
    """
    best = f", best {claim.best}" if claim.best is not None \
        and not (claim.low == claim.high == claim.best) else ""
    if claim.low is None and claim.high is None:
        return claim.as_reported + (f" ({best[2:]})" if best else "")
    # Figures are at most 13 digits (nodes.MAX_INT), and int() refuses more than 4300: longer
    # digit runs in the text cannot be the figure and are not converted.
    digits = (d.replace(",", "").lstrip("0") or "0" for d in _DIGITS.findall(claim.as_reported))
    numbers = {int(d) for d in digits if len(d) <= 13}
    wanted = {n for n in (claim.low, claim.high, claim.best) if n is not None}
    if wanted and wanted <= numbers:
        return claim.as_reported
    short = figure(claim)
    if claim.high is None:
        short = f"≥ {claim.low}{best}"
    return f"{short} ({claim.as_reported})"


def replaced(claims: list[Claim] | tuple[Claim, ...]) -> set[int]:
    """Return the positions in CLAIMS of claims that others among them make redundant.

    Of an updated toll only the latest counts (a claim another supersedes is left out); a
    part is never added on top of the figure it is within, when that figure, or an update
    of it, is among them: the part is inside the figure whichever version counts.
    """
    by_id = {c.id: i for i, c in enumerate(claims) if c.id is not None}
    out = {by_id[c.supersedes] for c in claims if c.supersedes in by_id}
    updated = {c.supersedes for c in claims if c.supersedes is not None}
    out |= {i for i, c in enumerate(claims)
            if c.within is not None and (c.within in by_id or c.within in updated)}
    return out


def spread(claims: list[Claim]) -> Spread | None:
    """Return the lowest and highest figure among CLAIMS, or None when none is numeric.

    A claim's figure is its low and high, or its best where it gives only that (GED's
    parts of a total).
    """
    lows: list[int] = []
    highs: list[tuple[int, bool]] = []
    for claim in claims:
        low, top = _figures(claim)  # a central estimate alone is a figure too
        if low is None and top is None:
            continue
        lows.append(low if low is not None else top)  # type: ignore[arg-type]
        highs.append((low, True) if top is None else (top, False))  # type: ignore[arg-type]
    if not lows:
        return None
    high, open_high = max(highs, key=lambda h: (h[0], h[1]))
    return Spread(min(lows), high, open_high, len(lows))


class Incidents(NamedTuple):
    """The incidents chosen, and how many undated ones the date range left out.

    POSSIBLE_LEFT_OUT: with CERTAIN, how many only may have happened in the range.
    """

    incidents: list[Incident]
    undated_left_out: int
    possible_left_out: int = 0


def incidents(
    chronology: Chronology,
    start: date | None = None,
    end: date | None = None,
    *,
    source: AbstractSet[str] | None = None,
    parties: AbstractSet[str] | None = None,
    outcomes: AbstractSet[str] = frozenset(CASUALTY_OUTCOMES),
    scopes: AbstractSet[str] = frozenset(SCOPES),
    undated: bool = False,
    places: AbstractSet[str] | None = None,
    spaces: Sequence[AbstractSet[str]] = (),
    where: Sequence[tuple[str, AbstractSet[str]]] = (),
    certain: bool = False,
    among: AbstractSet[int] | None = None,
) -> Incidents:
    """Return the incidents with claims that pass the filters, campaign first.

    With SOURCE, only incidents on which that source made a claim are kept, but every
    source's claims on them are returned, for comparison. PLACES (ids, the places inside
    included) keeps the events at one of them. The campaign passes a date range when its
    own dates may overlap it, and PLACES when one of its dataset's events within both its
    dates and the range is at one of them (it has no place of its own). Undated events are
    left out of a date range (and counted) unless UNDATED, as in selection.select.
    SPACES: sets of place ids (space.Inside's), each a filter as PLACES is.
    WHERE: more (kind, ids) filters, ANDed (filters.EventFilters.keys("claim_source")); the
    campaign passes those on events as it passes PLACES, and a "claim_source" one as
    SOURCE. CERTAIN keeps what certainly happened in the range (selection.certainly_inside).
    AMONG (event positions: what --text found) keeps only those events' claims.
    """
    from qalamoun_cli.selection import as_store, certainly_inside

    def kept(pairs: list[tuple[Event | None, tuple[Claim, ...]]]) -> list[Incident]:
        out = []
        for event, claims in pairs:
            chosen = tuple(c for c in claims if c.outcome in outcomes
                           and (parties is None or c.party in parties))
            # Each source filter is met by a claim kept (one of its sources made it).
            if chosen and all(any(c.source in ids for c in chosen) for ids in claim_sources):
                out.append(Incident(event, chosen))
        return out

    store = as_store(chronology)
    where = [("place", places), *where] if places is not None else list(where)
    where += [("place", inside) for inside in spaces]
    on_events = [(kind, ids) for kind, ids in where if kind != "claim_source"]
    claim_sources = [ids for kind, ids in where if kind == "claim_source"]
    if source is not None:
        claim_sources.append(source)
    candidates: list[tuple[Event | None, tuple[Claim, ...]]] = []
    campaign = chronology.campaign
    possible = 0
    if "campaign" in scopes and campaign is not None \
            and (campaign.date is None or overlaps(campaign.date, start, end)) \
            and (not on_events or _campaign_at(chronology, store, start, end, on_events)):
        if certain and (campaign.date is None or not certainly_inside(campaign, start, end)):
            possible += 1
        else:
            candidates.append((None, campaign.claims))
    left_out: list[tuple[Event | None, tuple[Claim, ...]]] = []
    if "incident" in scopes:
        # A claim by one of the sources, or about one of the parties, is a claim.
        filters = [(kind, keys) for kind, keys in (("claim_source", source),
                                                   ("claim_party", parties))
                   if keys is not None]
        filters += where
        if not any(kind in ("claim_source", "claim_party") for kind, _ in filters):
            # Only where nothing narrower says so: "claim" lists most events of a large
            # dataset (300,000 of 400,000), and the first filter's list is read whole.
            filters.insert(0, ("claim", [""]))
        events = store.at(store.matching(start, end, filters, undated=undated, among=among))
        if certain:
            maybe = [e for e in events if not certainly_inside(e, start, end)]
            possible += len(kept([(e, e.claims) for e in maybe]))
            events = [e for e in events if certainly_inside(e, start, end)]
        chronology.prefetch(events, claims_only=True)
        candidates += [(e, e.claims) for e in events]
        if not undated and (start is not None or end is not None):
            left_out = [(e, e.claims) for e in store.at(store.undated_matching(filters, among))]

    return Incidents(kept(candidates), len(kept(left_out)), possible)


def _campaign_at(chronology: Chronology, store: EventStore, start: date | None,
                 end: date | None, where: list[tuple[str, AbstractSet[str]]]) -> bool:
    """Return whether an event of the campaign's dataset, in its dates and START–END, is WHERE."""
    span = chronology.campaign.date  # type: ignore[union-attr]
    if span is not None:
        start = max((d for d in (start, span.start) if d is not None), default=None)
        end = min((d for d in (end, span.end) if d is not None), default=None)
    own = dataset_label(chronology, None)
    positions = store.matching(start, end, where)
    # In slices: one event of its own dataset is enough, and an area may hold 100,000.
    return any(dataset_label(chronology, e) == own
               for i in range(0, len(positions), 256) for e in store.at(positions[i:i + 256]))


def matrix(incident: Incident) -> Matrix:
    """Lay out an incident: one column per source, one row per party × outcome."""
    sources: list[str] = []
    rows: dict[tuple[str | None, str | None, str, str | None], dict[str, Claim]] = {}
    superseded: dict[str, list[Claim]] = {}
    by_id = {c.id: c for c in incident.claims if c.id is not None}
    for claim in incident.claims:
        if claim.source not in sources:
            sources.append(claim.source)
    for claim in incident.claims:
        # An earlier figure sits in the cell of the claim that replaced it.
        if any(c.supersedes == claim.id for c in incident.claims if claim.id is not None):
            continue
        key = (claim.party, claim.party_text, claim.outcome, claim.within)
        rows.setdefault(key, {})[claim.source] = claim
        earlier, target = [], claim.supersedes
        while target in by_id and len(earlier) < len(by_id):
            earlier.append(by_id[target])
            target = by_id[target].supersedes
        if earlier:
            superseded[claim.id] = earlier  # type: ignore[index]
    table = Matrix(incident, sources, [])
    for (party, party_text, outcome, within), by_source in rows.items():
        earlier = {c.id: tuple(superseded[c.id]) for c in by_source.values()
                   if c.id in superseded}
        table.rows.append(Row(party, party_text, outcome, within, by_source,
                              spread(list(by_source.values())), earlier))
    return table


def totals_range(chronology: Chronology, start: date | None,
                 end: date | None) -> tuple[date | None, date | None, bool]:
    """Return the range to sum incidents over, and whether it is the campaign's dates.

    Sums sit beside the campaign's claims, so with neither START nor END they cover the
    campaign's dates (when it has some); a range given is kept as it is.
    """
    campaign = chronology.campaign
    if start is None and end is None and campaign is not None and campaign.date is not None \
            and not campaign.date.undated:
        return campaign.date.start, campaign.date.end, True
    return start, end, False


# The sources that are a standard dataset's own estimate, by id, and their dataset's name
# (load/ged.py and load/acled.py's SOURCE_ID and NAME; a test holds them equal): written
# out, so that a run served from the cache does not import the CSV readers for them.
STANDARD_ESTIMATES = {"ucdp-ged": "UCDP GED", "acled": "ACLED"}


def standard_estimates() -> dict[str, str]:
    """Return the sources that are a standard dataset's own estimate, by id: their dataset."""
    return STANDARD_ESTIMATES


def dataset_label(chronology: Chronology, event: Event | None, source: str = "") -> str:
    """Return the name of the dataset a claim of SOURCE on EVENT (None: the campaign) is from.

    The one seam for datasets, and the same name as the records' `dataset`: the event's
    dataset; for the campaign, the dataset its claims' source is declared in (a claim's
    source is always of its event's dataset). A chronology whose datasets were never named
    (built in code) is named by its origin.
    """
    record: Any = event
    if record is None:
        campaign = chronology.campaign
        source = source or (campaign.claims[0].source if campaign and campaign.claims else "")
        record = chronology.sources.get(source)
    label = chronology.dataset_of(record) if record is not None else None
    if label:
        return label
    return chronology.origin.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1] or "data"


class Total(NamedTuple):
    """The sum of one source's incident claims for one party and outcome, in one dataset.

    Claims are summed by their PARTY_TEXT too: what a source tells apart ("soldiers",
    "militiamen"; a party it names only in words) is never summed together. BEST is the sum
    of the central estimates when every numeric term gives one (UCDP GED's best), else None;
    INCONSISTENT lists the events whose summed claim breaks low <= best <= high as published.
    """

    source: str
    party: str | None
    party_text: str | None
    outcome: str
    low: int | None  # None when the source made no numeric claim on the incidents
    high: int | None  # None when a term is open-ended ("42+") or there is no numeric term
    terms: int
    vague: tuple[str, ...]
    campaign: Claim | None
    dataset: str | None = None
    best: int | None = None
    events: int = 0  # distinct events whose claims were summed or listed
    inconsistent: tuple[str, ...] = ()
    # (event id, claim) of every incident claim summed or listed, in order: what a grouping
    # shows of each claim.
    claims: tuple[tuple[str, Claim], ...] = ()

    @property
    def incidents(self) -> int:
        """Return how many claims were summed or listed: numeric terms and vague ones."""
        return self.terms + len(self.vague)

    @property
    def lower_bound(self) -> bool:
        return self.terms > 0 and (self.high is None or bool(self.vague))

    @property
    def open_ended(self) -> bool:
        """Return whether a numeric term has no upper end ("42+"): the sum is "≥"."""
        return self.terms > 0 and self.high is None

    def text(self) -> str:
        if self.best is None:
            return sum_text(self.low, self.high, list(self.vague))
        if self.low == self.high == self.best:
            # Central estimates alone (GED's deaths_a, ...), or a range of one figure: the
            # figure is still a best estimate, and says so.
            return " + ".join([f"best {self.best}", *([", ".join(self.vague)]
                                                       if self.vague else [])])
        span = f"≥ {self.low}" if self.high is None else f"low–high {self.low}–{self.high}"
        return " + ".join([f"best {self.best} ({span})", *([", ".join(self.vague)]
                                                           if self.vague else [])])


def _figures(claim: Claim) -> tuple[int | None, int | None]:
    """Return the low and high a claim adds to a sum: a central estimate alone is both."""
    if claim.low is None and claim.high is None:
        return claim.best, claim.best
    return claim.low, claim.high


def totals(chronology: Chronology, selected: list[Incident],
           sources: AbstractSet[str] | None = None) -> list[Total]:
    """Sum each source's incident claims per dataset, party and outcome, beside its campaign claim.

    With SOURCES, only those sources' sums (the incidents were chosen for them; the other
    sources' claims on them are not summed).

    A sum is a lower bound when any term is open-ended; vague terms ("dozens") are listed,
    never counted. Of an updated figure only the latest is summed, and a part is never
    added on top of the figure it is within (see replaced): UCDP GED's parts of its total
    are summed only where the total is not (--party leaves the total, about no party, out).
    Figures inconsistent at the source are summed as published.
    """
    Key = tuple[str, str, str | None, str | None, str]
    sums: dict[Key, list[tuple[Event, Claim]]] = {}
    campaign_claims: dict[Key, Claim] = {}
    every = [c for incident in selected for c in incident.claims]
    left_out = {id(every[i]) for i in replaced(every)}
    for incident in selected:
        for claim in incident.claims:
            if id(claim) in left_out:
                continue
            key = (dataset_label(chronology, incident.event, claim.source),
                   claim.source, claim.party, claim.party_text, claim.outcome)
            if incident.event is None:
                campaign_claims[key] = claim
            else:
                sums.setdefault(key, []).append((incident.event, claim))
    out = []
    for key in list(sums) + [k for k in campaign_claims if k not in sums]:
        pairs = sums.get(key, [])
        numeric = [(e, c, *_figures(c)) for e, c in pairs if _figures(c) != (None, None)]
        vague = tuple(c.as_reported for _, c in pairs if _figures(c) == (None, None))
        low = high = best = None
        if numeric:
            # "up to 30" adds 0 to the low end and 30 to the high end; "42+" opens the top.
            low = sum(lo or 0 for _, _, lo, _ in numeric)
            open_ended = any(hi is None for _, _, _, hi in numeric)
            high = None if open_ended else sum(hi for _, _, _, hi in numeric)  # type: ignore[misc]
            if all(c.best is not None for _, c, _, _ in numeric):
                best = sum(c.best for _, c, _, _ in numeric)  # type: ignore[misc]
        events = len({e.id for e, _ in pairs})
        inconsistent = tuple(dict.fromkeys(e.id for e, c in pairs if c.inconsistent))
        dataset, *rest = key
        out.append(Total(*rest, low, high, len(numeric), vague,  # type: ignore[call-arg]
                         campaign_claims.get(key), dataset, best, events, inconsistent,
                         tuple((e.id, c) for e, c in pairs)))
    if sources is not None:
        out = [t for t in out if t.source in sources]
    out.sort(key=lambda t: (t.party is None, t.party or t.party_text or "", t.outcome,
                            t.source, t.dataset or ""))
    return out


def unsummed(selected: list[Incident]) -> int:
    """Return how many incident claims totals leaves out of its sums (see replaced): an
    update replaced them, or they are part of a figure that is summed."""
    every = [c for incident in selected for c in incident.claims]
    return sum(1 for i in replaced(every) if every[i].event is not None)


# Caveats, in the order they are printed; each applies only where caveats() says.
CAVEATS = {
    "datasets": "the datasets define an event, and whose deaths count, each in its own way: "
                "their figures stand side by side, never added together",
    "ucdp-ged": "UCDP GED counts direct deaths in organised violence only (state-based, "
                "non-state and one-sided): best is its most likely figure, low–high its range",
    "acled": "ACLED's fatalities are its own conservative count, one figure per event",
    "sums": "a sum of incident claims adds a source's figures event by event, as recorded "
            "here: it is not that source's own total",
    "campaign": "a campaign-level claim is about the whole campaign (all its days and places), "
                "not only the window and area summed",
    "inconsistent": "figures marked inconsistent at the source are summed as published, "
                    "never corrected",
}


def caveats(rows: list[Total], narrowed: bool) -> list[tuple[str, ...]]:
    """Return, for each row, the keys of CAVEATS that apply to it.

    NARROWED: the window or area is not the campaign's own (its dates, all its places), so a
    campaign-level claim beside the sums covers more than they do.
    """
    estimates = standard_estimates()
    # Different definitions: several datasets, or one that holds a standard dataset's own
    # estimates beside other sources (a folder of YAML and GED).
    several = len({t.dataset for t in rows}) > 1 \
        or len({estimates.get(t.source, "") for t in rows}) > 1
    out = []
    for t in rows:
        keys = ["datasets"] if several else []
        if t.source in estimates:
            keys.append(t.source)
        elif t.incidents:
            keys.append("sums")
        if t.campaign is not None and narrowed:
            keys.append("campaign")
        if t.inconsistent:
            keys.append("inconsistent")
        out.append(tuple(keys))
    return out


# -- groupings of sums, never merges (casualties --totals --by) ------------------------------

GROUPINGS = ("side", "source-kind")
# Said wherever a grouping is shown (table title, JSON and CSV field).
GROUPING_NOTE = ("a grouping of separate claims: each row is one source's own figures, shown "
                 "under its group and never added to the other rows")


class Group(NamedTuple):
    """The group a sum is shown under: BY (one of GROUPINGS), KEY (a side id or a source
    kind; None where the data does not give it) and its LABEL."""

    by: str
    key: str | None
    label: str


def grouped(chronology: Chronology, rows: list[Total], by: str) -> tuple[list[Total],
                                                                         list[Group]]:
    """Return ROWS ordered by their group, and the group of each; no figure is added.

    side: the side of the claim's party (Hezbollah and the National Defence Forces under
    the pro-government side; a side named as the party is its own group). source-kind: the
    kind of the source. Groups come in the data's order (sides as declared, kinds as the
    vocabulary lists them), then the group the data does not give; rows keep their order
    within a group.
    """
    from qalamoun_cli.model import SOURCE_KINDS

    if by == "side":
        order = list(chronology.sides)

        def key_of(total: Total) -> str | None:
            party = total.party
            if party is None or party in chronology.sides:
                return party
            actor = chronology.actors.get(party)
            return actor.side if actor is not None else None

        def label_of(key: str | None) -> str:
            return chronology.sides[key].name if key in chronology.sides \
                else "side not given"  # type: ignore[index]
    elif by == "source-kind":
        order = list(chronology.words("source_kinds", SOURCE_KINDS))

        def key_of(total: Total) -> str | None:
            source = chronology.sources.get(total.source)
            return source.kind if source is not None else None

        def label_of(key: str | None) -> str:
            return key if key is not None else "kind not given"
    else:
        raise ValueError(f"unknown grouping {by!r}")
    keys = [key_of(t) for t in rows]
    rank = {k: i for i, k in enumerate(order)}
    ordered = sorted(range(len(rows)), key=lambda i: (keys[i] is None,
                                                      rank.get(keys[i], len(rank)),
                                                      keys[i] or ""))
    return ([rows[i] for i in ordered],
            [Group(by, keys[i], label_of(keys[i])) for i in ordered])
