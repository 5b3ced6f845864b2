"""UCDP GED as GeoJSON: a FeatureCollection whose features' properties are GED's columns.

Each feature is one GED row, built by the same mapping as a CSV row (ged.read_row) through
Properties, a Cells whose cells are the feature's properties by name: the mapping never
knows which format it reads. docs/standard-datasets.md tells what is read.

The standard json module gives no positions, and a GED file holds 400,000 features. So the
`features` array is walked here one feature at a time: raw_decode from each offset found by
scanning, which gives the feature's line and column and keeps one feature in memory besides
the file's text. A problem about a property is moved to that property's value, found by
walking the feature's text again (only then: _Walk is slower than raw_decode).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from json.decoder import scanstring
from typing import Any

from qalamoun_cli.errors import Problem
from qalamoun_cli.load import ged
from qalamoun_cli.load.nodes import decode
from qalamoun_cli.load.rows import Unreadable, gunzipped
from qalamoun_cli.load.tables import BadCell, Cells, TableReader, lacking

EXPECTED = ('expected a GeoJSON FeatureCollection ({"type": "FeatureCollection", "features": '
            "[...]}) whose features' properties are UCDP GED's columns")
# Where the Point and the latitude/longitude properties may differ: 7 decimal places (about
# a centimetre) is what GIS writers keep by default (GDAL's RFC 7946 writer).
COORDINATE_TOLERANCE = 1e-7
_SPACE = re.compile(r"[ \t\n\r]*")


class IntText(str):
    """A JSON integer as written: turned into a number only by what reads its cell."""

    __slots__ = ()


class FloatText(str):
    """A JSON number with a fraction or an exponent, as written."""

    __slots__ = ()


class _Bad(Exception):
    """The file cannot be read on from OFFSET: MESSAGE says why."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset, self.message = offset, message


class _Refused(Exception):
    """A key twice in one object, or NaN (raised in the decoder; _Walk finds where)."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Return PAIRS as a dict; a key twice is refused (which of the two would count?)."""
    made = dict(pairs)
    if len(made) != len(pairs):
        raise _Refused
    return made


def _constant(word: str) -> Any:
    raise _Refused  # NaN, Infinity, -Infinity: not JSON; _Walk says which and where


# Numbers kept as written (the CSV reader's rules then apply, its cap on integers too: an
# integer of a million digits is never converted); NaN and duplicate keys refused.
_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_int=IntText,
                            parse_float=FloatText, parse_constant=_constant)
# For _Walk: where values end, nothing converted (an integer of 5,000 digits is no error).
_PLAIN = json.JSONDecoder(parse_int=str, parse_float=str)


class Properties(Cells):
    """A feature's properties as the cells of a GED row: a value is read as its CSV cell.

    A JSON number is the number as written (a float that is integral, 3.0, reads as 3); a
    string is the cell's text; null is an empty cell. true/false, arrays and objects are
    no cell GED has.
    """

    __slots__ = ()

    def __init__(self, properties: dict[str, Any]) -> None:
        super().__init__(properties, {})  # type: ignore[arg-type]

    def text(self, column: str) -> str | None:
        """Return the property COLUMN as its CSV cell would hold it; None when empty or absent."""
        value = self.cells.get(column)  # type: ignore[attr-defined]
        if value is None:
            return None
        if type(value) is FloatText:
            value = _integral(value)
        elif not isinstance(value, str):
            raise BadCell(f"{column}: {_kind(value)}, not a number, a string or null")
        return value.strip() or None


def _integral(number: str) -> str:
    """Return the JSON float NUMBER as digits if it is a whole number, else as written."""
    exact = Decimal(number)
    # adjusted(): the exponent, known before any big integer is made of 1e999999999. Up to
    # 40 digits, so that 1e16 is refused as larger than the cap on counts, not as a
    # fraction.
    if exact.adjusted() < 40 and exact == exact.to_integral_value():
        return str(int(exact))
    return number


def _kind(value: Any) -> str:
    """Return what JSON value VALUE is, in a few words."""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    if isinstance(value, (IntText, FloatText)):
        return f"the number {value}"
    return f"the string {json.dumps(value, ensure_ascii=False)[:40]}"


def read_file(reader: TableReader, name: str, raw: bytes) -> None:
    """Read the GeoJSON file NAME (its bytes RAW, maybe gzip) into READER's records."""
    reader.file, reader.line = name, 0
    try:
        # Decoded once, a BOM allowed, a bad byte placed (as for YAML): the text is held
        # whole anyway, for raw_decode.
        text, problem = decode(name, gunzipped(name, raw))
        if problem is not None:
            raise Unreadable(problem)
        assert text is not None
        _Collection(reader, name, text).read()
    except Unreadable as exc:
        reader.error(exc.problem)


class _Lines:
    """Line and column of offsets in a text, counted on from the last offset asked."""

    def __init__(self, text: str) -> None:
        self.text, self.offset, self.line, self.start = text, 0, 1, 0

    def at(self, offset: int) -> tuple[int, int]:
        """Return the 1-based line and column of OFFSET."""
        if offset < self.offset:
            # Back from the last offset, not from the start: a feature's problems are
            # placed in the order raised, not in the text's (a rescan of 256 MB each).
            self.line -= self.text.count("\n", offset, self.offset)
            self.start = self.text.rfind("\n", 0, offset) + 1
            self.offset = offset
        newlines = self.text.count("\n", self.offset, offset)
        if newlines:
            self.line += newlines
            self.start = self.text.rfind("\n", self.offset, offset) + 1
        self.offset = offset
        return self.line, offset - self.start + 1


class _Collection:
    """One GeoJSON text read into a TableReader, feature by feature."""

    def __init__(self, reader: TableReader, name: str, text: str) -> None:
        self.reader, self.name, self.text = reader, name, text
        self.lines = _Lines(text)
        self.started = False
        self.pos = 0  # the offset of the feature being read

    def read(self) -> None:
        """Read the FeatureCollection; a problem that stops the file is added to the others."""
        try:
            self._collection()
        except _Bad as bad:
            line, column = self.lines.at(bad.offset) if bad.offset >= 0 else (0, 0)
            self.reader.error(Problem(self.name, line, column, bad.message))

    # -- the file's structure --------------------------------------------------------------

    def _space(self, pos: int) -> int:
        end = _SPACE.match(self.text, pos)
        assert end is not None  # the pattern matches the empty string
        return end.end()

    def _char(self, pos: int, allowed: str, after: str) -> str:
        """Return the character at POS, one of ALLOWED (what may come AFTER something)."""
        char = self.text[pos:pos + 1]
        if not char:
            raise _Bad(pos, "JSON: the file ends inside the FeatureCollection (a truncated "
                            "file?)")
        if char not in allowed:
            wanted = " or ".join(repr(c) for c in allowed)
            raise _Bad(pos, f"JSON: expected {wanted} {after}, not {char!r}")
        return char

    def _value(self, pos: int) -> tuple[Any, int]:
        """Decode the JSON value at POS; return it and where it ends."""
        try:
            return _DECODER.raw_decode(self.text, pos)
        except _Refused:
            try:
                _Walk(self.text).value(pos)  # raises _Bad where the fault is
            except RecursionError:  # the walk recurses deeper than the C decoder
                raise _Bad(pos, "JSON: nested too deeply to say where its fault is (a key "
                                "twice, or NaN)") from None
            raise AssertionError("the decoder refused what _Walk accepts") from None
        except json.JSONDecodeError as exc:
            raise self._syntax(exc, pos) from None
        except (ValueError, RecursionError) as exc:  # nesting too deep; a number too long
            raise _Bad(pos, f"JSON: cannot be read: {exc}") from None

    def _syntax(self, exc: json.JSONDecodeError, start: int) -> _Bad:
        """Return the problem of EXC, raised by a value that begins at START."""
        if exc.pos >= len(self.text) or exc.msg.startswith("Unterminated string"):
            return _Bad(start, "JSON: the file ends inside this value (a truncated file?)")
        return _Bad(exc.pos, f"JSON: {exc.msg}")

    def _collection(self) -> None:
        text = self.text
        start = self._space(0)
        if start == len(text):
            raise _Bad(-1, f"the file is empty; {EXPECTED}")
        if text[start] != "{":
            what = "holds an array" if text[start] == "[" else "does not begin with '{'"
            raise _Bad(start, f"not a GeoJSON FeatureCollection: the file {what}; {EXPECTED}")
        seen: set[str] = set()
        pos = self._space(start + 1)
        if self._char(pos, '"}', "after '{'") == '"':
            while True:
                try:
                    key, after = scanstring(text, pos + 1)
                except json.JSONDecodeError as exc:
                    raise self._syntax(exc, pos) from None
                if key in seen:
                    raise _Bad(pos, f"JSON: the key {json.dumps(key)} is there twice in one "
                                    f"object")
                seen.add(key)
                pos = self._space(after)
                self._char(pos, ":", "after a key")
                pos = self._space(pos + 1)
                if key == "features":
                    # A "type" after the features is checked when it comes: the file is
                    # not read twice to find it first.
                    pos = self._features(pos)
                else:
                    value, end = self._value(pos)
                    if key == "type" and value != "FeatureCollection":
                        raise _Bad(pos, f"not a GeoJSON FeatureCollection: its \"type\" is "
                                        f"{_kind(value)}; {EXPECTED}")
                    pos = end  # other members (name, crs, bbox) are not kept
                pos = self._space(pos)
                if self._char(pos, ",}", "after a member of the FeatureCollection") == "}":
                    break
                pos = self._space(pos + 1)
                self._char(pos, '"', "after ','")
        if "type" not in seen or "features" not in seen:
            missing = " and ".join(f'"{k}"' for k in ("type", "features") if k not in seen)
            raise _Bad(start, f"not a GeoJSON FeatureCollection: the object has no {missing}; "
                              f"{EXPECTED}")
        end = self._space(pos + 1)
        if end != len(text):
            raise _Bad(end, "JSON: text after the end of the FeatureCollection")

    def _features(self, pos: int) -> int:
        """Read the array of features at POS; return where it ends."""
        self._char(pos, "[", 'as the value of "features"')
        pos = self._space(pos + 1)
        if self.text[pos:pos + 1] == "]":
            raise _Bad(pos, "the FeatureCollection has no features: nothing says it is UCDP "
                            "GED (its features' properties would)")
        while True:
            feature, end = self._value(pos)
            self._feature(feature, pos)
            pos = self._space(end)
            if self._char(pos, ",]", "after a feature") == "]":
                return pos + 1
            pos = self._space(pos + 1)

    # -- one feature: one GED row -----------------------------------------------------------

    def _feature(self, feature: Any, pos: int) -> None:
        reader = self.reader
        reader.line = self.lines.at(pos)[0]
        self.pos = pos
        mark = len(reader.problems)
        records = reader.mark()
        properties: dict[str, Any] = {}
        try:
            properties = self._properties(feature)
            ged.read_row(reader, Properties(properties))
        except BadCell as bad:
            reader.bad_row(str(bad), records)
        for at in range(mark, len(reader.problems)):
            problem = reader.problems[at]
            offset = self._where(pos, problem.message, properties)
            line, column = self.lines.at(offset)
            reader.problems[at] = problem._replace(line=line, column=column)

    def _properties(self, feature: Any) -> dict[str, Any]:
        """Return FEATURE's properties, latitude and longitude from its Point if absent."""
        if not isinstance(feature, dict):
            raise BadCell(f"the feature is {_kind(feature)}, not a GeoJSON Feature object")
        if feature.get("type") != "Feature":
            kind = _kind(feature["type"]) if "type" in feature else "missing"
            raise BadCell(f'the feature\'s "type" is {kind}, not "Feature"')
        properties = feature.get("properties")
        if not isinstance(properties, dict):
            raise BadCell(f"properties: {_kind(properties)}, not an object of UCDP GED's "
                          f"columns")
        if "geometry" not in feature:
            raise BadCell('the feature has no "geometry" (a Point, or null)')
        point = _point(feature["geometry"])
        if point is not None:
            properties = self._placed(properties, point)
        if not self.started:
            self._start(properties)
        missing = [c for c in ged.REQUIRED if c not in properties]
        if missing:
            raise BadCell(f"the feature has no propert{'ies' if len(missing) > 1 else 'y'} "
                          f"{', '.join(missing)} (null, if empty)")
        return properties

    def _start(self, properties: dict[str, Any]) -> None:
        """Check that the first feature's properties are GED's columns, and begin."""
        if not ged.recognise(list(properties)):
            shown = ", ".join(list(properties)[:6]) + (", …" if len(properties) > 6 else "")
            raise _Bad(self.pos, f"not a UCDP GED FeatureCollection: UCDP GED features have the "
                           f"properties {', '.join(ged.SIGNATURE)}; the first feature's "
                           f"properties are {shown or 'none'}")
        missing = lacking(ged, properties)
        if missing:
            raise _Bad(self.pos, missing)
        ged.start(self.reader)
        self.started = True

    @staticmethod
    def _placed(properties: dict[str, Any], point: tuple[str, str]) -> dict[str, Any]:
        """Return PROPERTIES with the Point's coordinates where they have none; or check them."""
        lon, lat = point
        given = properties.get("latitude"), properties.get("longitude")
        if given == (None, None):
            return {**properties, "latitude": lat, "longitude": lon}
        try:
            wrong = (abs(float(Properties(properties).required("latitude")) - float(lat))
                     > COORDINATE_TOLERANCE
                     or abs(float(Properties(properties).required("longitude")) - float(lon))
                     > COORDINATE_TOLERANCE)
        except (BadCell, ValueError):
            return properties  # the mapping says what is wrong with the property
        if wrong:
            raise BadCell(f"geometry: the Point [{lon}, {lat}] is not where the properties "
                          f"latitude {given[0]} and longitude {given[1]} say")
        return properties

    def _where(self, pos: int, message: str, properties: dict[str, Any]) -> int:
        """Return the offset a MESSAGE about the feature at POS is about."""
        name = message.split(": ", 1)[0]
        if name in ("geometry", "properties"):
            path: tuple[str, ...] = (name,)
        elif name in properties:
            path = ("properties", name)
        else:
            return pos
        try:
            found = _Walk(self.text).find(pos, path)
            if found is None and name in ("latitude", "longitude"):
                found = _Walk(self.text).find(pos, ("geometry",))  # taken from the Point
        except RecursionError:  # a value nested deeper than the walk goes: the feature's
            found = None
        return pos if found is None else found


def _point(geometry: Any) -> tuple[str, str] | None:
    """Return a Point's longitude and latitude as written; None for no geometry."""
    if geometry is None:
        return None
    if not isinstance(geometry, dict):
        raise BadCell(f"geometry: {_kind(geometry)}, not a Point or null")
    if geometry.get("type") != "Point":
        kind = _kind(geometry["type"]) if "type" in geometry else "missing"
        raise BadCell(f'geometry: its "type" is {kind}, not "Point" (a GED event is at '
                      f"one point)")
    coordinates = geometry.get("coordinates")
    if (not isinstance(coordinates, list) or len(coordinates) not in (2, 3)
            or not all(isinstance(c, (IntText, FloatText)) for c in coordinates)):
        raise BadCell("geometry: the Point's coordinates are not [longitude, latitude] "
                      "(two numbers, maybe an altitude)")
    return coordinates[0], coordinates[1]


class _Walk:
    """A JSON value walked character by character: where its parts are, and its faults.

    Only for what raw_decode cannot say: where a key is twice or NaN is, and where a
    property's value starts.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.path: tuple[str, ...] = ()
        self.found: int | None = None

    def find(self, pos: int, path: tuple[str, ...]) -> int | None:
        """Return the offset of the value at PATH (keys) inside the value at POS."""
        self.path, self.found = path, None
        self.value(pos)
        return self.found

    def _space(self, pos: int) -> int:
        end = _SPACE.match(self.text, pos)
        assert end is not None
        return end.end()

    def value(self, pos: int, at: tuple[str, ...] = ()) -> int:
        """Walk the value at POS (at the keys AT); return where it ends."""
        if at == self.path and self.path:
            self.found = pos
        char = self.text[pos:pos + 1]
        if char == "{":
            return self._object(pos, at)
        if char == "[":
            pos = self._space(pos + 1)
            if self.text[pos:pos + 1] == "]":
                return pos + 1
            while True:
                pos = self._space(self.value(pos, (*at, "[]")))
                if self.text[pos:pos + 1] == "]":
                    return pos + 1
                pos = self._space(pos + 1)
        for word in ("NaN", "Infinity", "-Infinity"):
            if self.text.startswith(word, pos):
                raise _Bad(pos, f"JSON: {word} is not a number JSON has")
        return _PLAIN.raw_decode(self.text, pos)[1]

    def _object(self, pos: int, at: tuple[str, ...]) -> int:
        keys: set[str] = set()
        pos = self._space(pos + 1)
        if self.text[pos:pos + 1] == "}":
            return pos + 1
        while True:
            key, after = scanstring(self.text, pos + 1)
            if key in keys:
                raise _Bad(pos, f"JSON: the key {json.dumps(key)} is there twice in one "
                                f"object")
            keys.add(key)
            pos = self._space(self._space(after) + 1)  # past the ':'
            pos = self._space(self.value(pos, (*at, key)))
            if self.text[pos:pos + 1] == "}":
                return pos + 1
            pos = self._space(pos + 1)
