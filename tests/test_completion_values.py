"""Completion of ids, vocabularies and sides, in any case; small datasets compiled on a TAB."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from qalamoun_cli.cli import completion
from qalamoun_cli.cli.app import app


def _offered(line: str, env: dict[str, str] | None = None) -> list[str]:
    """Return what fish is offered for LINE (fish takes the values as they are)."""
    result = CliRunner().invoke(app, [], env={
        "_QALAMOUN_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": line,
        "_TYPER_COMPLETE_FISH_ACTION": "get-args", **(env or {})}, prog_name="qalamoun")
    assert result.exit_code == 0
    return result.stdout.splitlines()


@pytest.mark.parametrize(("line", "values"), [
    ("qalamoun timeline --type CA", ["capture"]),
    ("qalamoun stats -t st", ["statement", "strike"]),
    ("qalamoun casualties --actor NUS", ["Al-Nusra", "al-Nusra", "Al-Nusra Front",
                                         "al-Nusra Front"]),
    ("qalamoun timeline --side PRO", ["pro-government", "pro-government forces"]),
    ("qalamoun timeline --side reb", ["rebels (opposition)"]),
    ("qalamoun timeline --source-kind Pa", ["party-media"]),
    ("qalamoun sources --kind MON", ["monitor"]),
    ("qalamoun places --kind Hill", ["hill/peak"]),
    ("qalamoun actors --kind per", ["person"]),
    ("qalamoun actors --side isi", ["ISIL", "isil"]),
    ("qalamoun show 2015-05-13-T", ["2015-05-13-tallat-mussa-captured"]),
])
def test_values_are_completed_in_any_case(line, values):
    assert _offered(line) == values


def _write(tmp_path, sides: list[str]) -> str:
    data = tmp_path / "sides.yaml"
    data.write_text("schema_version: 1\nsides:\n" + "".join(
        f"  - {{id: s{i}, name: {json.dumps(n)}}}\n" for i, n in enumerate(sides)),
        encoding="utf-8")
    return str(data)


def test_a_small_dataset_not_compiled_yet_is_compiled_on_a_tab(tmp_path):
    data = _write(tmp_path, ["Government", "Rebels"])
    env = {"QALAMOUN_CACHE_DIR": str(tmp_path / "cache")}
    line = f"qalamoun --data {data} timeline --side "
    assert _offered(line, env) == ["Government", "Rebels", "s0", "s1"]


def test_a_large_dataset_waits_for_its_first_command(tmp_path, monkeypatch):
    data = _write(tmp_path, ["Government", "Rebels"])
    env = {"QALAMOUN_CACHE_DIR": str(tmp_path / "cache")}
    line = f"qalamoun --data {data} timeline --side "
    monkeypatch.setattr(completion, "COMPILE_BYTES", 10)
    # Larger than the bound: not parsed on a TAB, nothing offered (fish gets an empty line).
    assert _offered(line, env) == [""]
    assert CliRunner().invoke(app, ["--data", data, "actors"], env=env).exit_code == 1
    assert _offered(line, env) == ["Government", "Rebels", "s0", "s1"]  # compiled by then


def test_hostile_side_names_never_break_the_protocol(tmp_path):
    data = _write(tmp_path, ["colon:name", "tab\tname", "new\nline", "bidi\u202ename"])
    env = {"QALAMOUN_CACHE_DIR": str(tmp_path / "cache")}
    line = f"qalamoun --data {data} timeline --side "
    assert _offered(line, env) == ["colon:name", "s0", "s1", "s2", "s3"]
    zsh = CliRunner().invoke(app, [], env={
        "_QALAMOUN_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line, **env},
        prog_name="qalamoun").stdout
    # One word each, the colon escaped: zsh's value:help format cannot split it.
    assert zsh == "compadd -U -V unsorted -- $'colon\\x3aname' $'s0' $'s1' $'s2' $'s3'\n"
