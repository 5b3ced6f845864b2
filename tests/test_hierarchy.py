"""Places inside places, and the actors a side or an actor stands for."""

from __future__ import annotations

from qalamoun_cli.hierarchy import actors_of, children_of, descendants, located_parent
from qalamoun_cli.model import Actor, Chronology, Place, Side


def places(*rows: tuple[str, str, str | None]) -> Chronology:
    """A chronology of places given as (id, name, parent)."""
    return Chronology(places={i: Place(i, name, parent=parent) for i, name, parent in rows})


QALAMOUN = places(
    ("qalamoun", "Qalamoun", None),
    ("jurd-arsal", "Jurd Arsal", "qalamoun"),
    ("zabadani", "zabadani", "qalamoun"),
    ("assal-al-ward", "Assal al-Ward", "qalamoun"),
    ("hill-a", "Hill A", "jurd-arsal"),
    ("hill-b", "Hill B", "jurd-arsal"),
    ("arsal", "Arsal", None),
)


def test_descendants_are_the_places_with_every_place_inside_them():
    assert descendants(QALAMOUN, ["jurd-arsal"]) == {"jurd-arsal", "hill-a", "hill-b"}
    assert descendants(QALAMOUN, ["qalamoun"]) == {"qalamoun", "jurd-arsal", "zabadani",
                                                   "assal-al-ward", "hill-a", "hill-b"}
    assert descendants(QALAMOUN, ["hill-a", "arsal"]) == {"hill-a", "arsal"}
    assert descendants(QALAMOUN, []) == set()


def test_descendants_keep_an_id_without_places_and_stop_on_a_circle():
    assert descendants(QALAMOUN, ["nowhere"]) == {"nowhere"}
    circle = places(("a", "A", "b"), ("b", "B", "a"))
    assert descendants(circle, ["a"]) == {"a", "b"}


def test_children_are_the_places_directly_inside_by_name_whatever_the_case():
    assert children_of(QALAMOUN, "qalamoun") == ["assal-al-ward", "jurd-arsal", "zabadani"]
    assert children_of(QALAMOUN, "jurd-arsal") == ["hill-a", "hill-b"]
    assert children_of(QALAMOUN, "arsal") == []


ARMIES = Chronology(
    sides={"government": Side("government", "Government"),
           "rebels": Side("rebels", "Rebels")},
    actors={a.id: a for a in (
        Actor("army", "Army", "government"),
        Actor("division-4", "4th Division", "government", part_of="army"),
        Actor("brigade-42", "42nd Brigade", "government", part_of="division-4"),
        Actor("militia", "Militia", "government"),
        Actor("front", "Front", "rebels"),
    )},
)


def test_a_side_stands_for_all_its_actors():
    assert actors_of(ARMIES, ["government"]) == {"army", "division-4", "brigade-42",
                                                 "militia"}
    assert actors_of(ARMIES, ["rebels"]) == {"front"}


def test_an_actor_stands_for_itself_and_its_units_at_every_depth():
    assert actors_of(ARMIES, ["army"]) == {"army", "division-4", "brigade-42"}
    assert actors_of(ARMIES, ["division-4", "front"]) == {"division-4", "brigade-42", "front"}
    assert actors_of(ARMIES, ["brigade-42"]) == {"brigade-42"}


def test_an_unknown_id_stands_for_no_actor():
    assert actors_of(ARMIES, ["nobody"]) == set()
    assert actors_of(ARMIES, []) == set()


def compiled(chronology: Chronology) -> Chronology:
    """Return CHRONOLOGY as the compiled form gives it back (its records read by index)."""
    import sqlite3

    from qalamoun_cli.compiled import read_database, write_database

    conn = sqlite3.connect(":memory:")
    write_database(conn, chronology, "test")
    again = read_database(conn, "test", lambda: AssertionError("damaged"))
    assert again is not None and hasattr(again.places, "where")
    return again


def test_the_compiled_form_answers_from_its_indexes_as_a_scan_does():
    from qalamoun_cli.dataset import check_dataset
    from tests.conftest import EXAMPLE

    for chronology in (QALAMOUN, check_dataset(EXAMPLE)[0], check_dataset()[0]):
        again = compiled(chronology)
        for place in chronology.places:
            assert descendants(again, [place]) == descendants(chronology, [place])
            assert children_of(again, place) == children_of(chronology, place)
        for name in [*chronology.actors, *chronology.sides]:
            assert actors_of(again, [name]) == actors_of(chronology, [name])
    assert children_of(compiled(QALAMOUN), "qalamoun") == ["assal-al-ward", "jurd-arsal",
                                                            "zabadani"]


def test_located_parent_is_the_nearest_place_above_with_coordinates():
    located = Chronology(places={
        "range": Place("range", "Range", lat=34.1, lon=36.4),
        "jurd": Place("jurd", "Jurd", parent="range"),
        "hill": Place("hill", "Hill", parent="jurd"),
        "town": Place("town", "Town", parent="range", lat=34.0, lon=36.5),
        "lone": Place("lone", "Lone"),
        "loop-a": Place("loop-a", "Loop A", parent="loop-b"),
        "loop-b": Place("loop-b", "Loop B", parent="loop-a"),
    })
    assert located_parent(located, "hill") == located.places["range"]
    assert located_parent(located, "jurd") == located.places["range"]
    # The place's own point does not count: the answer is always a borrowed one.
    assert located_parent(located, "town") == located.places["range"]
    assert located_parent(located, "range") is None
    assert located_parent(located, "lone") is None
    assert located_parent(located, "loop-a") is None
    assert located_parent(located, "missing") is None
