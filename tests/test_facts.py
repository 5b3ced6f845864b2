"""Key facts of the source article, asserted through the CLI's JSON output on the shipped data."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qalamoun_cli.dataset import load_dataset
from qalamoun_cli.search import name_index

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def claims():
    from typer.testing import CliRunner

    from qalamoun_cli.cli.app import app

    result = CliRunner().invoke(app, ["casualties", "--format", "json", "--outcome", "killed",
                                      "--outcome", "wounded", "--outcome", "captured",
                                      "--outcome", "strength"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def find(claims, event_id, source, party, outcome):
    found = [c for c in claims
             if (c["event"]["id"] if c["event"] else None) == event_id
             and c["source"]["id"] == source
             and (c["party"]["id"] if c["party"] else None) == party
             and c["outcome"] == outcome]
    assert len(found) == 1, (event_id, source, party, outcome)
    return found[0]["low"], found[0]["high"], found[0]["as_reported"]


def test_13_may_sohr_and_lebanese_security_disagree(claims):
    event = "2015-05-13-tallat-mussa-captured"
    assert find(claims, event, "sohr", "opposition", "killed")[:2] == (36, 36)
    assert find(claims, event, "sohr", "hezbollah", "killed")[:2] == (18, 18)
    assert find(claims, event, "sohr", "national-defence-forces", "killed")[:2] == (13, 13)
    assert find(claims, event, "lebanese-security-sources", "opposition", "killed")[:2] == (53, 53)
    assert find(claims, event, "lebanese-security-sources", "hezbollah", "killed")[:2] == (4, 4)


def test_campaign_claims_from_the_infobox(claims):
    assert find(claims, None, "pro-government-claim", "opposition", "killed")[:2] == (244, 300)
    low, high, reported = find(claims, None, "sohr", "opposition", "killed")
    assert (low, high) == (42, None) and reported.startswith("42+")
    assert find(claims, None, "unattributed", "pro-government", "killed")[:2] == (75, 75)
    assert find(claims, None, "unattributed", "islamic-state", "killed")[:2] == (48, 48)
    assert find(claims, None, "unattributed", "islamic-state", "captured")[:2] == (47, 47)


def test_vague_and_unattributed_figures_stay_words(claims):
    low, high, reported = find(claims, "2015-05-08-hilltops-over-assal-al-ward-taken",
                               "unattributed", "opposition", "killed")
    assert (low, high) == (None, None) and "dozens" in reported


def test_ambush_near_tfail_killed_and_wounded(claims):
    event = "2015-05-04-hezbollah-ambush-near-tfail"
    assert find(claims, event, "unattributed", "al-nusra-front", "killed")[:2] == (15, 15)
    assert find(claims, event, "unattributed", "al-nusra-front", "wounded")[:2] == (30, 30)


def test_9_june_isil_attack_near_ras_baalbek(claims):
    event = "2015-06-09-isil-attacks-hezbollah-near-ras-baalbek"
    assert find(claims, event, "unattributed", "islamic-state", "killed")[:2] == (48, 48)
    assert find(claims, event, "unattributed", "hezbollah", "killed")[:2] == (8, 8)


@pytest.mark.parametrize(
    ("day", "event_id"),
    [
        ("2015-03-27", "2015-03-25-hills-near-flita-and-zabadani-taken"),
        ("2015-04-15", None),  # mid-April: 10-20 April
        ("2015-05-13", "2015-05-13-tallat-mussa-captured"),
        ("2015-05-15", None),
        ("2015-06-16", None),
        ("2015-09-24", None),
    ],
)
def test_dated_events_exist(run, day, event_id):
    code, out, err = run("timeline", "--from", day, "--to", day, "--format", "json")
    assert code == 0, err
    events = json.loads(out)
    assert events, day
    for event in events:
        # An open bound (null) is unbounded on its side.
        assert event["date"]["start"] is None or event["date"]["start"] <= day
        assert event["date"]["end"] is None or day <= event["date"]["end"]
    if event_id:
        assert event_id in [e["id"] for e in events]


def test_mid_april_follows_ucdp():
    chronology = load_dataset()
    mid_april = [e for e in chronology.events if e.date.text and "mid-April" in e.date.text]
    assert mid_april
    for event in mid_april:
        assert (event.date.start.isoformat(), event.date.end.isoformat()) == ("2015-04-10",
                                                                             "2015-04-20")


def test_background_and_aftermath_are_covered():
    chronology = load_dataset()
    starts = {e.date.start.isoformat()[:7] for e in chronology.events if e.date.start}
    assert {"2013-11", "2014-06", "2014-09", "2015-07", "2015-09"} <= starts


def test_every_reference_exists():
    chronology = load_dataset()
    parties = set(chronology.actors) | set(chronology.sides)
    for event in chronology.events:
        assert set(event.places) <= set(chronology.places), event.id
        assert set(event.actors) <= set(chronology.actors), event.id
        assert set(event.sources) <= set(chronology.sources), event.id
        for claim in event.claims:
            assert claim.source in chronology.sources
            # A claim with no party keeps the article's words for whom it is about.
            assert claim.party in parties or (claim.party is None and claim.party_text)
    for place in chronology.places.values():
        assert place.parent is None or place.parent in chronology.places


def test_gazetteer_coordinates_are_copied_not_invented():
    chronology = load_dataset()
    with_coordinates = {p.id: (p.lat, p.lon) for p in chronology.places.values()
                        if p.lat is not None}
    assert with_coordinates["arsal"] == (34.17944, 36.42083)
    assert with_coordinates["assal-al-ward"] == (33.86583, 36.41333)
    assert "tallat-mussa" not in with_coordinates
    assert "flita" not in with_coordinates
    assert len(with_coordinates) == 12  # the gazetteer's 12 sourced points


# Spellings a reader of other sources would type, and the place each must find.
SPELLINGS = [
    ("Tallat Mussa", "tallat-mussa"), ("Talat Musa", "tallat-mussa"),
    ("Tallit Moussa", "tallat-mussa"), ("Tal Moussa", "tallat-mussa"),
    ("تلة موسى", "tallat-mussa"), ("Arsal", "arsal"), ("Aarsal", "arsal"), ("'Irsal", "arsal"),
    ("Ersal", "arsal"), ("عرسال", "arsal"), ("Ras al-Maara", "ras-al-maara"),
    ("Ras al-Marra", "ras-al-maara"), ("Ras el Maarra", "ras-al-maara"),
    ("Jarajeer", "jarajir"), ("Jarajir", "jarajir"), ("Jreijeer", "jarajir"),
    ("الجراجير", "jarajir"), ("Flita", "flita"), ("Flitah", "flita"), ("Fleita", "flita"),
    ("Faleeta", "flita"), ("Assal al-Ward", "assal-al-ward"), ("Assad al-Ward", "assal-al-ward"),
    ("Asal el-Ward", "assal-al-ward"), ("Zabadani", "zabadani"), ("Az-Zabadani", "zabadani"),
    ("Al-Zabdani", "zabadani"), ("Tfail", "tfail"), ("Tufayl", "tfail"), ("Tfeil", "tfail"),
    ("Yabrud", "yabroud"), ("Kteife", "al-qutayfah"), ("Nahle", "nahleh"),
    ("Ras Baalbeck", "ras-baalbek"), ("Qarah", "qara"), ("Kara", "qara"),
    ("Jaroud Jarajeer", "jarajir-barrens"), ("Jebel Barouh", "jabal-al-barouh"),
]


@pytest.mark.parametrize(("query", "place_id"), SPELLINGS)
def test_spellings_find_their_place(query, place_id):
    chronology = load_dataset()
    matches = name_index(chronology, "place").search(query)
    assert matches and matches[0].id == place_id, [(m.id, m.score) for m in matches]


def test_every_name_and_alias_ranks_its_own_place_first():
    chronology = load_dataset()
    index = name_index(chronology, "place")
    for place in chronology.places.values():
        for name in (place.name, *place.aliases, place.arabic):
            if not name:
                continue
            matches = index.search(name)
            top_ids = [m.id for m in matches if m.exact] or [matches[0].id]
            assert place.id in top_ids, (name, [(m.id, m.score) for m in matches[:3]])


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_search_ignores_case_and_diacritics(data):
    chronology = load_dataset()
    index = name_index(chronology, "place")
    place = data.draw(st.sampled_from(sorted(chronology.places.values())))
    name = data.draw(st.sampled_from([place.name, *place.aliases]))
    mark = data.draw(st.sampled_from(["\u0301", "\u0304", "\u0323"]))
    accented = unicodedata.normalize("NFC", "".join(c + mark if c.isalpha() and c.isascii()
                                                    else c for c in name))
    plain = [(m.id, m.score) for m in index.search(name)]
    assert [(m.id, m.score) for m in index.search(name.upper())] == plain
    assert [(m.id, m.score) for m in index.search(accented)] == plain


def test_a_generic_word_lists_candidates_instead_of_picking_one(run):
    code, out, err = run("place", "Ras", "--limit", "10", "--format", "json")
    assert code == 0
    names = {r["place"]["name"] for r in json.loads(out)}
    assert {"Ras al-Maara", "Ras Baalbek"} <= names
    code, out, err = run("place", "Ras")
    assert "places match 'Ras' about equally well; showing 5 (raise --limit to see all)" in err
    code, out, err = run("place", "Qusayr")
    assert "no exact match for 'Qusayr'; showing the closest" in err


@pytest.mark.parametrize("name", ["ISIL", "Islamic State", "islamic state"])
def test_party_by_any_name_of_isil(run, name):
    code, out, err = run("casualties", "--party", name, "--format", "json")
    assert code == 0, err
    assert {c["party"]["id"] for c in json.loads(out)} == {"islamic-state"}


def test_misspelt_actor_is_taken_with_a_note(run):
    code, out, err = run("casualties", "--party", "Hizbullah", "--format", "json")
    assert code == 0
    assert "taking 'Hizbullah' as 'Hezbollah'" in err
    assert {c["party"]["id"] for c in json.loads(out)} == {"hezbollah"}


def test_ambiguous_prefix_is_refused(run):
    code, out, err = run("casualties", "--source", "Syrian")
    assert code == 2 and "'Syrian' is ambiguous; it could be:" in err


@pytest.mark.parametrize(("option", "name"), [
    ("--actor", "Israeli Army"), ("--actor", "US Army"), ("--actor", "Iraq"),
    ("--actor", "Qalamoun"), ("--place", "Baalbek"), ("--place", "Syria"),
    ("--place", "Brigade 156"), ("--place", "Brigade 15"), ("--place", "Asal"),
    ("--source", "Syrian"),
])
def test_unknown_or_ambiguous_names_are_never_taken_for_another_record(run, option, name):
    code, out, err = run("timeline", option, name, "--format", "json")
    # Unknown: nothing found (1); ambiguous: the user must say which (2).
    assert (code, out) == ((1, "") if "unknown" in err else (2, "")), err
    assert "unknown" in err or "ambiguous" in err


def test_numbers_in_names_are_not_fuzzy():
    chronology = load_dataset()
    index = name_index(chronology, "place")
    assert [m.id for m in index.search("Brigade 65")][:1] == ["brigade-65-base"]
    assert "brigade-155-base" not in [m.id for m in index.search("Brigade 15")]
    assert "brigade-65-base" not in [m.id for m in index.search("Brigade 66")]


# Issue 14: where the article is silent, the shipped data says "unknown" instead of guessing.

def event(event_id):
    return next(e for e in load_dataset().events if e.id == event_id)


def bounds(event_id):
    span = event(event_id).date
    return (span.start.isoformat() if span.start else None,
            span.end.isoformat() if span.end else None, span.precision)


UNDATED_REMARKS = {
    "2015-05-04-sami-nader-on-media-campaign", "2015-05-04-afif-media-battle",
    "2015-05-04-blanford-not-our-vietnam", "2015-05-04-winep-assad-allies-attrition",
    "2015-05-04-jeffrey-white-saa-supporting-role", "2015-05-04-velayati-praises-hezbollah",
}


def test_the_analysts_remarks_and_velayatis_reaction_are_undated():
    from qalamoun_cli.model import UNDATED

    assert {e.id for e in load_dataset().events if e.date.undated} == UNDATED_REMARKS
    for event_id in UNDATED_REMARKS:
        assert event(event_id).date == UNDATED
        assert event(event_id).note.startswith("Undated: the article gives this re"), event_id


def test_the_shift_after_the_ceasefire_has_an_open_end():
    from qalamoun_cli.model import DateSpan

    assert event("2015-09-24-focus-shifts-to-rankous-qara-and-arsal").date == DateSpan(
        "After the implementation of the ceasefire", date(2015, 9, 24), None, "day",
        "2015-09-24-zabadani-ceasefire")


@pytest.mark.parametrize("event_id", ["2014-04-15-last-rebel-stronghold-falls",
                                      "2014-04-15-rebels-withdraw-into-mountains"])
def test_by_late_april_2014_is_only_an_end(event_id):
    assert bounds(event_id) == ("2013-11-10", "2014-04-30", "year")


def test_the_nine_killed_on_10_june_belong_to_no_party():
    (claim,) = event("2015-06-10-hezbollah-advances-towards-jarajeer").claims
    assert (claim.party, claim.party_text, claim.outcome, claim.low, claim.high,
            claim.as_reported) == (None, "their fighters", "killed", 9, 9,
                                   "nine of their fighters")
    assert claim.note == "'their' may be Hezbollah's or al-Nusra's: the article does not say."


def test_the_nine_killed_on_10_june_are_not_counted_as_hezbollahs(claims):
    hezbollah = [c for c in claims if c["party"] and c["party"]["id"] == "hezbollah"
                 and c["event"]
                 and c["event"]["id"] == "2015-06-10-hezbollah-advances-towards-jarajeer"]
    assert hezbollah == []


def test_sadr_al_bustan_is_dated_by_al_manars_report_not_to_the_day():
    assert bounds("2015-05-23-sadr-al-bustan-taken") == ("2015-05-21", "2015-05-23", "days")


def test_the_redeployment_to_zabadani_had_begun_by_21_june():
    # Begun by 21 June, once most operations were ending: the offensive concluded on 25 May.
    assert bounds("2015-06-21-redeployment-to-zabadani-front") == ("2015-05-25", "2015-06-21",
                                                                   "month")


def test_the_advance_on_zabadani_is_known_only_to_have_been_made_by_3_april():
    assert bounds("2015-03-25-advance-on-zabadani") == (None, "2015-04-03", "day")


def test_the_one_person_killed_on_25_april_is_a_claim_about_whom_the_article_says():
    (claim,) = event("2015-04-25-explosions-at-brigade-155-and-65-bases").claims
    assert (claim.party, claim.party_text, claim.outcome, claim.low, claim.high) == (
        None, "one person", "killed", 1, 1)


def quantity(event_id, measure):
    (found,) = [q for q in event(event_id).quantities if q.measure == measure]
    return found.low, found.high, found.unit, found.as_reported


def test_over_20_factions_is_at_least_21():
    assert quantity("2014-09-01-gathering-of-western-qalamoun-formed",
                    "FSA factions merging into the Gathering of Western Qalamoun") == (
        21, None, "factions", "Over 20")


def test_the_6500_soldiers_are_the_pro_government_columns():
    strengths = [(c.party, c.party_text, c.low, c.high, c.as_reported)
                 for c in load_dataset().campaign.claims
                 if c.outcome == "strength" and c.party == "pro-government"]
    assert strengths == [("pro-government", "soldiers", 6500, 6500, "6,500 soldiers"),
                         ("pro-government", "militiamen", 2250, 2250, "2,250 militiamen")]


def test_isils_six_kilometres_are_not_said_to_be_from_the_fighting():
    assert quantity("2015-05-11-isil-holds-back-brings-in-iraqi-commanders",
                    "how far away the ISIL forces entrenched near Arsal were (the article does "
                    "not say from what)") == (6, 6, "km", "six kilometers away")


def test_the_abandoned_machine_guns_keep_their_calibres():
    assert quantity("2015-05-07-rebels-abandon-camps",
                    "calibre of the abandoned heavy machine guns (12.7-23 mm)") == (
        127, 230, "tenths of a millimetre", "from 12.7 to 23 mm caliber")


def test_the_isil_actors_note_names_the_id_its_claims_use():
    chronology = load_dataset()
    isil_claims = {c.party for e in chronology.events for c in e.claims
                   if c.party in ("isil", "islamic-state")}
    assert isil_claims == {"islamic-state"}
    assert chronology.actors["islamic-state"].note == (
        "Actor id differs from the side id 'isil' because sides and actors share one "
        "namespace; claims about ISIL name this actor, 'islamic-state'. The infobox has it "
        "cooperating to a limited degree with al-Nusra up to 12 May 2015 and fighting it from "
        "that day.")


@pytest.mark.parametrize(("institution", "person", "description"), [
    ("Carnegie Middle East Center", "mario-abou-zeid",
     "analyst; affiliation: Beirut's Carnegie Middle East Center, as the article gives it"),
    ("Al Rai", "elijah-j-magnier",
     "affiliation: AL RAI, as the article gives it (its Chief International Correspondent)"),
    ("AL RAI", "elijah-j-magnier",
     "affiliation: AL RAI, as the article gives it (its Chief International Correspondent)"),
])
def test_an_affiliation_is_not_a_name_of_the_person(institution, person, description):
    chronology = load_dataset()
    index = name_index(chronology, "source")
    assert index.exact(institution) == []
    assert person not in [m.id for m in index.search(institution)]
    assert (chronology.sources[person].aliases, chronology.sources[person].description) == (
        (), description)


def test_qurnah_shabah_overlooks_jaroud_jarajeer_and_does_not_lie_in_it():
    place = load_dataset().places["qurnah-shabah"]
    assert place.parent is None
    assert "Overlooks Jaroud Jarajeer ('the strategic hill that overlooks Jaroud Jarajeer at " \
        "Qurnah Shab'ah'); the article does not say that it lies in it, so no parent." in \
        place.note


def test_two_days_after_the_fighting_at_assal_al_ward_started_is_6_to_8_may():
    assert bounds("2015-05-08-hilltops-over-assal-al-ward-taken") == ("2015-05-06",
                                                                      "2015-05-08", "days")
    assert event("2015-05-08-hilltops-over-assal-al-ward-taken").date.anchor is None
    # What the paragraph tells after the securing of the town cannot be earlier than it.
    assert bounds("2015-05-08-hezbollah-links-up-with-brital-front") == ("2015-05-06",
                                                                         "2015-05-09", "days")
    assert bounds("2015-05-08-zabadani-rebels-cut-off") == ("2015-05-06", "2015-05-09", "days")


def test_the_armys_undated_claim_of_13_may_is_not_to_the_day():
    assert bounds("2015-05-13-army-claims-hills-and-ras-al-maara-barrens") == (
        "2015-05-13", "2015-05-14", "days")


def test_the_withdrawal_towards_flita_and_ras_al_maara_is_an_event_of_its_own():
    withdrawal = event("2015-05-04-rebels-withdraw-towards-flita-and-ras-al-maara")
    assert bounds(withdrawal.id) == ("2015-05-04", "2015-05-17", "month")
    assert (withdrawal.type, withdrawal.places, withdrawal.actors) == (
        "retreat", ("flita-barrens", "ras-al-maara-barrens"), ())
    assert event("2015-05-17-lebanese-army-shells-rebels-near-arsal").places == ("arsal",)


def test_every_judgement_is_in_a_note_not_a_comment():
    # A comment is read by whoever opens the file; a note by every user (show, JSON). Only
    # the file's header (licence, provenance) may be a comment.
    for path in sorted(DATA.glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        body = lines[lines.index("schema_version: 2"):]
        assert [line for line in body if line.lstrip().startswith("#")] == [], path.name
