"""timeline --format timelinejs: a TimelineJS 3 document, checked against its JSON format.

The format (TimelineJS 3's docs, "TimelineJS 3 JSON data format", and its TLDate.js): one
object with `events` (a list of slides), an optional `title` slide, `eras` and `scale`. A
slide has `start_date` (required but for the title), `end_date`, `text`, `media`, `group`,
`display_date`, `background`, `autolink` and `unique_id`; a date object has a numeric
`year` (required), `month` 1-12, `day`, `hour`, `minute`, `second`, `millisecond` and
`display_date`; a text object `headline` and `text`, both read as HTML.
"""

from __future__ import annotations

import json

from qalamoun_cli.dataset import SHIPPED_LICENCE
from tests.conftest import FIXTURES, ROOT

DOCUMENT_KEYS = {"events", "title", "eras", "scale"}
SLIDE_KEYS = {"start_date", "end_date", "text", "media", "group", "display_date",
              "background", "autolink", "unique_id"}
DATE_KEYS = {"year", "month", "day", "hour", "minute", "second", "millisecond",
             "display_date"}
TEXT_KEYS = {"headline", "text"}


def check_date(value: object) -> None:
    assert isinstance(value, dict) and set(value) <= DATE_KEYS
    assert type(value["year"]) is int
    assert all(type(value[k]) is int for k in set(value) - {"display_date"})
    assert 1 <= value.get("month", 1) <= 12 and 1 <= value.get("day", 1) <= 31


def check_slide(value: object, title: bool = False) -> None:
    assert isinstance(value, dict) and set(value) <= SLIDE_KEYS
    if not title:
        check_date(value["start_date"])
    if "end_date" in value:
        check_date(value["end_date"])
    assert set(value["text"]) <= TEXT_KEYS
    assert all(type(t) is str for t in value["text"].values())
    for key in ("group", "display_date", "unique_id"):
        assert type(value.get(key, "")) is str


def check_document(document: object) -> None:
    assert isinstance(document, dict) and set(document) <= DOCUMENT_KEYS
    assert isinstance(document["events"], list)
    check_slide(document["title"], title=True)
    for slide in document["events"]:
        check_slide(slide)


def test_the_shipped_timeline_is_a_timelinejs_document(run):
    code, out, err = run("timeline", "--undated", "--format", "timelinejs")
    assert code == 0
    document = json.loads(out)
    check_document(document)
    assert document["title"] == {"text": {
        "headline": "Qalamoun offensive (May–June 2015)",
        "text": "<p>4 May – 21 Jun 2015</p><p>Licence and credit: "
                + SHIPPED_LICENCE.replace("&", "&amp;") + "</p>"}}
    slides = {s["unique_id"]: s for s in document["events"]}
    assert slides["2015-05-12-abou-zeid-on-syrian-intelligence-and-isil"] | {"text": None} == {
        "start_date": {"year": 2015, "month": 5, "day": 12},
        "end_date": {"year": 2015, "month": 5, "day": 13},
        "display_date": "c. 12–13 May 2015", "text": None, "group": "statement",
        "unique_id": "2015-05-12-abou-zeid-on-syrian-intelligence-and-isil"}
    assert "end_date" not in slides["2015-05-13-tallat-mussa-captured"]
    undated = [line for line in err.splitlines() if "TimelineJS" in line]
    assert undated == [
        "qalamoun: 7 event(s) without a known first day left out of the TimelineJS document "
        "(a slide needs a start date): 2015-03-25-advance-on-zabadani, "
        "2015-05-04-sami-nader-on-media-campaign, 2015-05-04-afif-media-battle, "
        "2015-05-04-blanford-not-our-vietnam, 2015-05-04-winep-assad-allies-attrition, "
        "2015-05-04-jeffrey-white-saa-supporting-role, 2015-05-04-velayati-praises-hezbollah"]
    assert len(slides) == 106 - 7


def test_open_bounds_keep_what_is_known_and_say_the_rest(run):
    code, out, err = run("--data", str(ROOT / "examples" / "schema2.yaml"), "timeline",
                         "--format", "timelinejs")
    assert code == 0
    document = json.loads(out)
    check_document(document)
    (siege,) = [s for s in document["events"] if s["unique_id"] == "siege-of-deir-attiyeh"]
    assert (siege["start_date"], "end_date" in siege, siege["display_date"]) == (
        {"year": 2014, "month": 8, "day": 24}, False, "from 24 Aug 2014, end unknown")
    assert err == ("qalamoun: 2 event(s) without a known first day left out of the "
                   "TimelineJS document (a slide needs a start date): "
                   "hospital-counts-the-wounded, committee-appeal\n")


def test_text_from_the_data_is_html_escaped(run, tmp_path):
    hostile = (FIXTURES / "hostile.yaml").read_text(encoding="utf-8").replace(
        'summary: "Summary with', 'summary: "<script>alert(1)</script> & <b>Summary</b> with')
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile, encoding="utf-8")
    code, out, err = run("--data", str(path), "timeline", "--format", "timelinejs")
    assert (code, err) == (0, "")
    check_document(json.loads(out))
    (slide,) = json.loads(out)["events"]
    assert slide["text"]["text"].startswith(
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;Summary&lt;/b&gt; with "
        "[bold]markup[/], :skull: emoji, \x1b[2J escape")
    # Controls reach the file only as JSON escapes (the one JSON writer's rule).
    assert "\x1b" not in out and "\\u001b[2J" in out
