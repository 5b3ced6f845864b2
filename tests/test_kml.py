"""KML 2.2 of the timeline and the places: well-formed, namespaced, a Point per Placemark."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from qalamoun_cli.dataset import SHIPPED_LICENCE, load_dataset
from tests.conftest import FIXTURES

NS = {"k": "http://www.opengis.net/kml/2.2"}


def parse(text: str) -> ET.Element:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "{http://www.opengis.net/kml/2.2}kml"
    for placemark in root.iterfind(".//k:Placemark", NS):
        (coordinates,) = placemark.findall("k:Point/k:coordinates", NS)
        lon, lat = (float(c) for c in coordinates.text.split(","))
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    return root


def data(placemark: ET.Element) -> dict[str, str]:
    return {d.get("name"): d.findtext("k:value", namespaces=NS)
            for d in placemark.iterfind("k:ExtendedData/k:Data", NS)}


def test_the_timeline_as_kml_has_a_timespan_where_dated(run):
    code, out, err = run("timeline", "--undated", "--format", "kml", "--include-parents")
    assert code == 0
    root = parse(out)
    chronology = load_dataset()
    spans = {e.id: (e.date.start, e.date.end) for e in chronology.events}
    placemarks = root.findall(".//k:Placemark", NS)
    assert placemarks
    for placemark in placemarks:
        start, end = spans[data(placemark)["event"]]
        span = placemark.find("k:TimeSpan", NS)
        got = None if span is None else (span.findtext("k:begin", namespaces=NS),
                                         span.findtext("k:end", namespaces=NS))
        expected = None if start is None and end is None else (
            start and start.isoformat(), end and end.isoformat())
        assert got == expected
    assert root.findtext("k:Document/k:description", namespaces=NS) == (
        "Licence and credit: " + SHIPPED_LICENCE.replace("&", "&amp;"))
    borrowed = [data(p) for p in placemarks if "located_by" in data(p)]
    assert borrowed and all(chronology.places[d["located_by"]].lat is not None
                            for d in borrowed)


def test_an_open_bound_is_left_out_of_the_timespan(run, tmp_path):
    from tests.conftest import ROOT

    text = (ROOT / "examples" / "schema2.yaml").read_text(encoding="utf-8")
    path = tmp_path / "schema2.yaml"
    path.write_text(text.replace("    kind: town\n", "    kind: town\n    lat: 33.9\n"
                                 "    lon: 36.6\n    coord_precision: exact\n", 1))
    code, out, _ = run("--data", str(path), "timeline", "--format", "kml",
                       "--include-parents")
    assert code == 0
    spans = {data(p)["event"]: ET.tostring(p.find("k:TimeSpan", NS), encoding="unicode")
             for p in parse(out).iterfind(".//k:Placemark", NS)}
    tag = '<ns0:TimeSpan xmlns:ns0="http://www.opengis.net/kml/2.2">{}</ns0:TimeSpan>'
    assert spans["siege-of-deir-attiyeh"] == tag.format("<ns0:begin>2014-08-24</ns0:begin>")
    ended = [e for e in load_dataset(path).events if e.date.start is None and e.date.end]
    assert ended and all(spans[e.id] == tag.format(f"<ns0:end>{e.date.end}</ns0:end>")
                         for e in ended if e.id in spans)
    assert any(e.id in spans for e in ended)


def test_hostile_text_is_escaped_and_cannot_break_the_document(run, tmp_path):
    # The fixture's places, located; its names carry ESC, C1, bidi controls and markup.
    hostile = (FIXTURES / "hostile.yaml").read_text(encoding="utf-8")
    hostile = hostile.replace("    arabic: عرسال\n", "    arabic: عرسال\n    lat: 34.1\n"
                              "    lon: 36.4\n    coord_precision: exact\n")
    hostile = hostile.replace(" and on and on\"\n", " and on and on\"\n    lat: 34.2\n"
                              "    lon: 36.3\n    coord_precision: approximate\n")
    hostile = hostile.replace('summary: "Summary with', 'summary: "<script>x</script> & with')
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile, encoding="utf-8")
    for command in ("timeline", "places"):
        code, out, err = run("--data", str(path), command, "--format", "kml")
        assert (code, err) == (0, "")
        root = parse(out)
        assert "\x1b" not in out and "\u202e" not in out
        assert len(root.findall(".//k:Placemark", NS)) == 2
    code, out, _ = run("--data", str(path), "timeline", "--format", "kml")
    first = parse(out).find(".//k:Placemark", NS)
    assert first.findtext("k:name", namespaces=NS) == "capture: عرسال [/] :skull:"
    description = first.findtext("k:description", namespaces=NS).split("<br/>")
    assert description[:3] == ["13 May 2015", "عرسال [/] :skull:",
                               "&lt;script&gt;x&lt;/script&gt; &amp; with [bold]markup[/], "
                               ":skull: emoji, \\x1b[2J escape, \\x7f del, \\u202e bidi and "
                               "1,429 digits."]
    code, out, _ = run("--data", str(path), "places", "--format", "kml")
    names = {p.findtext("k:name", namespaces=NS)
             for p in parse(out).iterfind(".//k:Placemark", NS)}
    assert "عرسال [/] :skull:" in names


def test_what_xml_cannot_hold_is_shown_as_an_escape():
    from qalamoun_cli.render.kml import text

    assert text("a\x00b\x1bc\ufffe<&>\u202e") == "a\\x00b\\x1bc\\ufffe&lt;&amp;&gt;\\u202e"
    ET.fromstring(f"<a>{text(''.join(map(chr, range(0x110))))}</a>")


def test_the_entry_point_writes_the_places_as_kml():
    from tests.test_subprocess import run as run_entry

    done = run_entry("places", "--format", "kml")
    assert done.returncode == 0, done.stderr
    root = parse(done.stdout.decode("utf-8"))
    located = [p for p in load_dataset().places.values() if p.lat is not None]
    assert sorted(data(p)["id"] for p in root.iterfind(".//k:Placemark", NS)) == sorted(
        p.id for p in located)
