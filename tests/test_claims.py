"""Claims side by side: figures as reported, spreads, sums that say they are sums."""

from __future__ import annotations

from datetime import date

import pytest

from qalamoun_cli.claims import (
    Incident,
    as_reported,
    figure,
    incidents,
    matrix,
    spread,
    totals,
    totals_range,
)
from qalamoun_cli.dataset import load_dataset
from qalamoun_cli.model import Campaign, Chronology, Claim, DateSpan
from tests.conftest import EXAMPLE


def claim(low, high, reported, source="s", party="p"):
    return Claim(source, party, "killed", low, high, reported)


@pytest.mark.parametrize(
    ("low", "high", "reported", "short", "shown"),
    [
        (36, 36, "36", "36", "36"),
        (244, 300, "244–300", "244–300", "244–300"),
        (42, None, "42+", "42+", "42+"),
        (9, None, "at least nine", "9+", "≥ 9 (at least nine)"),
        (None, 30, "up to 30", "≤ 30", "up to 30"),
        (None, None, "dozens", "dozens", "dozens"),
        (4, 4, "four", "4", "4 (four)"),
        (6500, 6500, "6,500 soldiers", "6500", "6,500 soldiers"),
    ],
)
def test_figures_are_shown_as_reported(low, high, reported, short, shown):
    c = claim(low, high, reported)
    assert figure(c) == short
    assert as_reported(c) == shown


def test_spread_runs_from_lowest_to_highest_with_ratio():
    s = spread([claim(36, 36, "36"), claim(53, 53, "53")])
    assert (s.low, s.high, s.open_high) == (36, 53, False)
    assert s.text() == "36–53 (×1.47)"


def test_spread_marks_an_open_top_and_ignores_vague_words():
    s = spread([claim(42, None, "42+"), claim(244, 300, "244–300"), claim(None, None, "dozens")])
    assert s.text() == "42–300 (×7.14)"
    s = spread([claim(42, None, "42+"), claim(10, 10, "10")])
    assert s.text() == "10–42+ (×4.20)"


def test_single_source_has_no_spread():
    assert spread([claim(5, 5, "5")]).text() == "one figure"
    assert spread([claim(None, None, "dozens")]) is None


def test_incidents_keep_other_sources_beside_the_chosen_one():
    chronology = load_dataset(EXAMPLE)
    chosen = incidents(chronology, source={"lebanese-security-sources"}).incidents
    assert [i.event.id for i in chosen] == ["2015-05-13-tallat-mussa-captured"]
    table = matrix(chosen[0])
    assert table.sources == ["sohr", "lebanese-security-sources"]
    rebels = next(r for r in table.rows if r.party == "opposition")
    assert rebels.spread.text() == "36–53 (×1.47)"


def test_incidents_filter_by_date_scope_and_party():
    chronology = load_dataset(EXAMPLE)
    scopes = [i.scope for i in incidents(chronology).incidents]
    assert scopes == ["campaign", "incident", "incident"]
    assert incidents(chronology, scopes={"campaign"}).incidents[0].event is None
    may13 = incidents(chronology, date.fromisoformat("2015-05-13"),
                      date.fromisoformat("2015-05-13"), scopes={"incident"})
    assert (len(may13.incidents), may13.undated_left_out) == (1, 0)
    hezbollah = incidents(chronology, parties={"hezbollah"}).incidents
    assert {c.party for i in hezbollah for c in i.claims} == {"hezbollah"}


def test_totals_are_lower_bounds_when_a_term_is_open_or_vague():
    chronology = load_dataset(EXAMPLE)
    rows = totals(chronology, incidents(chronology).incidents)
    unattributed = next(t for t in rows if t.source == "unattributed")
    assert unattributed.text() == "— + dozens"
    sohr_rebels = next(t for t in rows if t.source == "sohr" and t.party == "opposition")
    assert sohr_rebels.text() == "36"
    assert sohr_rebels.campaign.as_reported == "42+"


def test_totals_keep_up_to_figures_as_ranges():
    from qalamoun_cli.claims import Incident
    from qalamoun_cli.model import Event

    when = DateSpan("x", date(2015, 5, 1), date(2015, 5, 1), "day")
    claims_ = (claim(18, 18, "18"),)
    more = (claim(None, 30, "up to 30"),)
    events = [Event("a", when, "s", "clash", "x", claims=claims_),
              Event("b", when, "s", "clash", "x", claims=more)]
    rows = totals(Chronology(), [Incident(e, e.claims) for e in events])
    assert (rows[0].low, rows[0].high, rows[0].text()) == (18, 48, "18–48")


MAY = (date(2015, 5, 4), date(2015, 6, 21))


def campaign(dated: bool = True) -> Chronology:
    when = DateSpan("4 May – 21 June 2015", *MAY, "day") if dated else None
    return Chronology(campaign=Campaign("Qalamoun offensive", when, None))


def test_totals_cover_the_campaign_s_dates_when_no_range_is_given():
    assert totals_range(campaign(), None, None) == (*MAY, True)
    assert totals_range(load_dataset(EXAMPLE), None, None) == (*MAY, True)


def test_totals_keep_a_range_given_even_half_open():
    day = date(2015, 5, 13)
    assert totals_range(campaign(), day, None) == (day, None, False)
    assert totals_range(campaign(), None, day) == (None, day, False)
    assert totals_range(campaign(), day, day) == (day, day, False)


def test_totals_stay_open_without_a_dated_campaign():
    assert totals_range(campaign(dated=False), None, None) == (None, None, False)
    assert totals_range(Chronology(), None, None) == (None, None, False)


# Schema 2: updated tolls, parts of larger figures, central estimates, parties in words.

def c2(low, high, reported, *, source="s", party="p", outcome="killed", **extra):
    return Claim(source, party, outcome, low, high, reported, **extra)


def _events(*claim_lists):
    from qalamoun_cli.model import Event

    when = DateSpan("x", date(2015, 5, 1), date(2015, 5, 1), "day")
    return [Event(f"e{i}", when, "s", "clash", "x", claims=tuple(claims))
            for i, claims in enumerate(claim_lists)]


def _totals(*claim_lists):
    from qalamoun_cli.claims import Incident

    return totals(Chronology(), [Incident(e, e.claims) for e in _events(*claim_lists)])


def test_a_central_estimate_is_shown_beside_its_range():
    best = c2(30, 45, "between 30 and 45", best=38)
    assert figure(best) == "30–45, best 38"
    assert as_reported(best) == "30–45, best 38 (between 30 and 45)"
    assert as_reported(c2(30, 45, "30 to 45, probably 38", best=38)) == "30 to 45, probably 38"
    assert figure(c2(38, 38, "38", best=38)) == "38"  # nothing to add to an exact figure


def test_only_the_latest_of_an_updated_toll_is_summed():
    first = c2(18, None, "at least 18", id="toll-1")
    update = c2(40, 40, "the toll rose to 40", id="toll-2", supersedes="toll-1")
    (row,) = _totals([first], [update])
    assert (row.low, row.high, row.terms, row.text()) == (40, 40, 1, "40")
    # Without the relation the two would be added: "≥ 58".
    (added,) = _totals([first], [c2(40, 40, "the toll rose to 40")])
    assert added.text() == "≥ 58"


def test_a_part_is_never_added_on_top_of_the_figure_it_is_within():
    whole = c2(1800, 1800, "1,800 killed", id="all")
    part = c2(140, 140, "140 among them", id="some", within="all")
    (row,) = _totals([whole, part])
    assert (row.low, row.terms) == (1800, 1)
    # A part whose whole was not selected is summed: it is then the only figure there is.
    (alone,) = _totals([part])
    assert alone.low == 140


def test_killed_and_wounded_together_is_never_added_into_either():
    rows = _totals([c2(1800, 1800, "1,800 killed and injured", outcome="casualties"),
                    c2(100, 100, "100 killed")])
    assert [(t.outcome, t.low) for t in rows] == [("casualties", 1800), ("killed", 100)]


def test_a_claim_without_a_party_is_summed_by_its_words_never_into_a_party():
    rows = _totals([c2(9, 9, "nine", party=None, party_text="their fighters"),
                    c2(5, 5, "five", party="hezbollah")])
    assert [(t.party, t.party_text, t.low) for t in rows] == [
        ("hezbollah", None, 5), (None, "their fighters", 9)]


def test_a_matrix_shows_the_latest_figure_with_the_earlier_one_and_rows_by_words():
    first = c2(18, None, "at least 18", id="toll-1", source="a")
    update = c2(40, 40, "40", id="toll-2", supersedes="toll-1", source="a")
    other = c2(35, 35, "35", source="b")
    words = c2(9, 9, "nine", party=None, party_text="their fighters", source="b")
    table = matrix(Incident(None, (first, update, other, words)))
    assert [(r.party, r.party_text, r.outcome) for r in table.rows] == [
        ("p", None, "killed"), (None, "their fighters", "killed")]
    row = table.rows[0]
    assert row.by_source == {"a": update, "b": other}
    assert row.earlier == {"toll-2": (first,)}
    assert (row.spread.low, row.spread.high) == (35, 40)  # the latest figures only


def test_replaced_follows_supersedes_and_within_among_the_claims_given():
    from qalamoun_cli.claims import replaced

    a = c2(1, 1, "1", id="a")
    b = c2(2, 2, "2", id="b", supersedes="a")
    c = c2(3, 3, "3", id="c", supersedes="b")
    part = c2(1, 1, "1", within="c")
    assert replaced([a, b, c, part]) == {0, 1, 3}
    assert replaced([a, part]) == set()  # the whole it is within is not among them


def test_no_claim_hides_another_in_a_matrix_a_part_and_words_have_rows_of_their_own():
    whole = c2(1800, 1800, "1,800 killed and injured", id="all", outcome="casualties")
    part = c2(140, 140, "140 among the 1,800", within="all", outcome="casualties")
    soldiers = c2(6500, 6500, "6,500 soldiers", party="army", party_text="soldiers",
                  outcome="strength")
    militia = c2(2250, 2250, "2,250 militiamen", party="army", party_text="militiamen",
                 outcome="strength")
    table = matrix(Incident(None, (whole, part, soldiers, militia)))
    assert [(r.party, r.party_text, r.within, r.by_source["s"]) for r in table.rows] == [
        ("p", None, None, whole), ("p", None, "all", part),
        ("army", "soldiers", None, soldiers), ("army", "militiamen", None, militia)]


def test_what_a_source_tells_apart_in_words_is_never_summed_together():
    from qalamoun_cli.model import Campaign

    soldiers = c2(6500, 6500, "6,500 soldiers", party_text="soldiers", outcome="strength")
    militia = c2(2250, 2250, "2,250 militiamen", party_text="militiamen", outcome="strength")
    campaign = Campaign("c", None, None, (soldiers, militia))
    rows = totals(Chronology(campaign=campaign), [Incident(None, campaign.claims)])
    assert sorted((t.party_text, t.campaign) for t in rows) == [
        ("militiamen", militia), ("soldiers", soldiers)]


def test_a_part_of_an_updated_figure_is_never_added_on_top_of_the_update():
    big = c2(100, 100, "100", id="big")
    part = c2(40, 40, "40 of them", within="big")
    update = c2(120, 120, "120", supersedes="big")
    (row,) = _totals([big, part], [update])
    assert (row.low, row.terms) == (120, 1)
    (alone,) = _totals([part], [update])  # the whole's first version not selected
    assert (alone.low, alone.terms) == (120, 1)


def test_an_undated_campaign_gives_no_range_to_sum_over():
    from qalamoun_cli.model import UNDATED

    undated = Chronology(campaign=Campaign("c", UNDATED, None))
    assert totals_range(undated, None, None) == (None, None, False)


def test_a_best_figure_alone_counts_in_the_spread():
    # GED's parts of a total give a best figure only.
    assert spread([claim(None, None, "deaths_b")._replace(best=2)]).text() == "one figure"
    s = spread([claim(None, None, "deaths_b")._replace(best=2), claim(5, 9, "5–9")])
    assert (s.low, s.high, s.text()) == (2, 9, "2–9 (×4.50)")


def test_incidents_read_the_records_their_claims_name_and_no_places(tmp_path, monkeypatch):
    monkeypatch.setenv("QALAMOUN_CACHE_DIR", str(tmp_path))
    load_dataset(EXAMPLE)
    compiled = load_dataset(EXAMPLE)  # from the cache: records are read as asked for
    found = incidents(compiled, source={"sohr"}).incidents
    assert found
    assert compiled.places._found == {}
    assert {c.source for i in found for c in i.claims} <= set(compiled.sources._found)
