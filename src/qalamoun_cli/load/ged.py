"""UCDP GED (Georeferenced Event Dataset) rows as records; docs/standard-datasets.md maps them.

GED gives each event UCDP's own estimate of the dead (low, best, high) and splits best by
who died (deaths_a, deaths_b, deaths_civilians, deaths_unknown). The total is one claim of
source `ucdp-ged` with no party; each part is a claim WITHIN it (never added on top).
"""

from __future__ import annotations

from qalamoun_cli.load.tables import (
    ISO_FORMS,
    BadCell,
    Cells,
    TableReader,
    iso_day,
    roles_of,
)
from qalamoun_cli.model import Claim, DateSpan, Event, Source

NAME = "UCDP GED"
PREFIX = "ged"
SOURCE_ID = "ucdp-ged"
# Columns only GED has: a header naming them is a GED file.
SIGNATURE = ("relid", "type_of_violence", "where_prec")
# The columns read; the other GED columns are listed in docs/standard-datasets.md.
REQUIRED = (
    "id", "type_of_violence", "side_a", "side_b", "source_article", "source_original",
    "where_prec", "where_coordinates", "where_description", "adm_1", "adm_2", "latitude",
    "longitude", "country", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b",
    "deaths_civilians", "deaths_unknown", "best", "high", "low",
)
ATTRIBUTION = (
    "Data: UCDP Georeferenced Event Dataset (GED), Uppsala Conflict Data Program, Uppsala "
    "University, CC BY 4.0 (https://ucdp.uu.se/downloads/). Cite: Sundberg, Ralph and Erik "
    "Melander (2013). Introducing the UCDP Georeferenced Event Dataset. Journal of Peace "
    "Research 50(4): 523–532; and the Journal of Peace Research article of the release used "
    "(for 23.1: Davies, Shawn, Therese Pettersson and Magnus Öberg (2023). Organized violence "
    "1989–2022, and the return of conflict between states. Journal of Peace Research 60(4))")
SOURCE = Source(SOURCE_ID, "UCDP GED", "monitor",
                "Uppsala Conflict Data Program's own estimate (Georeferenced Event Dataset): "
                "direct deaths in organised violence", attribution=ATTRIBUTION)
# The codebook's type_of_violence, date_prec and where_prec.
VIOLENCE = {"1": "state-based", "2": "non-state", "3": "one-sided"}
DATE_PRECISION = {"1": "day", "2": "days", "3": "week", "4": "month", "5": "year"}
WHERE_PRECISION = {
    "1": ("exact", "GED where_prec 1: the exact place"),
    "2": ("approximate", "GED where_prec 2: within about 25 km of the point named"),
    "3": ("approximate", "GED where_prec 3: only the second-order division (adm_2)"),
    "4": ("approximate", "GED where_prec 4: only the first-order division (adm_1)"),
    "5": ("approximate", "GED where_prec 5: a linear feature or a fuzzy area"),
    "6": ("approximate", "GED where_prec 6: only the country"),
    "7": ("approximate", "GED where_prec 7: international waters or airspace"),
}
# Who each part of best is about: (column, side column or None, the words shown).
PARTS = (("deaths_a", "side_a", "side A"), ("deaths_b", "side_b", "side B"),
         ("deaths_civilians", "civilians", "civilians"), ("deaths_unknown", None, "unknown"))
# The actor GED names side B of one-sided violence. Civilian deaths of every event are
# claimed about it too, so that `--party civilians` finds them (deaths_b is 0 where side B
# is "Civilians": GED counts those deaths in deaths_civilians).
CIVILIANS = "Civilians"


def recognise(header: list[str]) -> bool:
    """Return whether HEADER is a GED file's."""
    return all(c in header for c in SIGNATURE)


def start(reader: TableReader) -> None:
    """Declare what every GED file adds: UCDP's source and its event types."""
    reader.sources[SOURCE_ID] = SOURCE
    for word in VIOLENCE.values():
        reader.event_type(word)


def read_row(reader: TableReader, row: Cells) -> None:
    """Build one GED row into an event with its place, actors, sources and claims."""
    raw_id = row.required("id")
    if not raw_id.isascii() or not raw_id.isdigit():
        raise BadCell(f"id: {raw_id!r} is not a GED id (digits)")
    event_id = f"{PREFIX}-{row.count('id')}"  # capped: int() refuses 4,300 digits
    kind = row.code("type_of_violence", VIOLENCE)
    precision = row.code("date_prec", DATE_PRECISION)
    start_day = row.day("date_start", iso_day, ISO_FORMS)
    end_day = row.day("date_end", iso_day, ISO_FORMS)
    if end_day < start_day:
        raise BadCell(f"date_end: {end_day.isoformat()} is before date_start "
                      f"{start_day.isoformat()}")
    coord_precision, where_note = row.code("where_prec", WHERE_PRECISION)
    lat = row.coordinate("latitude", 90)
    lon = row.coordinate("longitude", 180)
    figures = {c: row.count(c) for c in ("low", "best", "high", *(p[0] for p in PARTS))}
    side_a, side_b = row.required("side_a"), row.required("side_b")

    chain = [(what, name) for what, name in (
        ("country (GED country)", row.text("country")),
        ("first-order division (GED adm_1)", row.text("adm_1")),
        ("second-order division (GED adm_2)", row.text("adm_2"))) if name]
    point = row.text("where_coordinates") or f"{lat}, {lon}"
    place = reader.place(PREFIX, chain, (point, lat, lon, coord_precision, where_note))
    sides = {"side_a": reader.actor(PREFIX, side_a), "side_b": reader.actor(PREFIX, side_b)}
    parties = {**sides, "civilians": reader.actor(PREFIX, CIVILIANS)}
    sources = tuple(reader.source(PREFIX, s) for s in row.several("source_original"))

    low, best, high = figures["low"], figures["best"], figures["high"]
    wrong = []
    if low > high:
        wrong.append(("low", f"low {low} is above high {high}"))
    if best < low:
        wrong.append(("best", f"best {best} is below low {low}"))
    if best > high:
        wrong.append(("best", f"best {best} is above high {high}"))
    parts = sum(figures[p[0]] for p in PARTS)
    if parts != best:
        wrong.append(("best", f"deaths_a, deaths_b, deaths_civilians and deaths_unknown add "
                              f"up to {parts}, not best {best}"))
    for column, message in wrong:
        reader.warn(column, f"{message}, as published: kept, and the claim is marked as "
                            f"inconsistent at the source")
    total_id = f"{event_id}-total"
    claims = [Claim(SOURCE_ID, None, "killed", low, high, "UCDP estimate", event_id,
                    party_text="total", id=total_id, best=best,
                    inconsistent="; ".join(m for _, m in wrong) or None)]
    for column, side, words in PARTS:
        claims.append(Claim(SOURCE_ID, parties[side] if side else None, "killed", None, None,
                            column, event_id, party_text=words, within=total_id,
                            best=figures[column]))
    text = start_day.isoformat() if start_day == end_day \
        else f"{start_day.isoformat()} to {end_day.isoformat()}"
    actor_ids, roles = roles_of(sides.items())
    reader.add_event(Event(
        event_id, DateSpan(text, start_day, end_day, precision), None, kind,
        row.text("dyad_name") or f"{side_a} – {side_b}", (place,) if place else (),
        actor_ids, sources, tuple(claims), where_description=row.text("where_description"),
        source_article=row.text("source_article"), roles=roles), "id")
