"""Shell completion offers names from the dataset as single, inert shell words."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from qalamoun_cli.cli.app import app
from qalamoun_cli.shellwords import bash_word, open_quote, zsh_word
from tests.test_subprocess import ENTRY

BASH = shutil.which("bash")
ZSH = shutil.which("zsh")
FISH = shutil.which("fish")
needs_bash = pytest.mark.skipif(BASH is None, reason="bash is not installed")

# Names an attacker or an honest transliteration can put in a dataset. {pwned} is a file
# that must never be created: the name tries to run a command.
NAMES = [
    "Brigade $(touch {pwned})",
    "Tallat Mussa",
    "x\\$(touch {pwned})",
    "O'Brien",
    "semi;colon & amp | pipe > out",
    "glob * ? [x] @(y) {{a,b}}",
    "back\\slash\\",
    '"dq" `touch {pwned}`',
    "~tilde #hash !bang ^caret 100%",
    "colon:name=eq",
    "عرسال (east)",
    "double  space",
    "Xend'",
    'Yend"',
    "Zend!",
    "Wend*",
]
QUOTES = ("", "'", '"', "$'")


def _names(tmp_path) -> list[str]:
    return [n.format(pwned=tmp_path / "pwned") for n in NAMES]


def _dataset(tmp_path, names: list[str] | None = None) -> tuple:
    """Write a dataset with one actor per name, compiled (completion reads only that)."""
    names = _names(tmp_path) if names is None else names
    actors = "".join(f"  - {{id: a{i}, name: {json.dumps(n)}, side: s1}}\n"
                     for i, n in enumerate(names))
    data = tmp_path / "names.yaml"
    data.write_text("schema_version: 1\nsides:\n  - {id: s1, name: rebels}\nactors:\n"
                    + actors, encoding="utf-8")
    env = {"QALAMOUN_CACHE_DIR": str(tmp_path / "cache")}
    result = CliRunner().invoke(app, ["--data", str(data), "actors"], env=env)
    assert result.exit_code == 0, result.stderr
    return data, env, [*names, "rebels"]  # a side's name selects its actors


def _bash_words(lines: list[str], cwd) -> list[list[str]]:
    """Let bash read each line as it reads a command line; return the words of each."""
    script = "".join('eval "set -- ' + _in_double_quotes(line) + '"'
                     + " && printf '%s\\0' \"$#\" \"$@\"\n" for line in lines)
    done = subprocess.run([BASH, "--norc", "--noprofile", "-c", script], cwd=cwd,
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    fields = done.stdout.decode("utf-8").split("\0")[:-1]
    words = []
    while fields:
        count = int(fields.pop(0))
        words.append(fields[:count])
        del fields[:count]
    return words


def _in_double_quotes(text: str) -> str:
    return "".join("\\" + c if c in '\\"$`' else c for c in text)


def _as_inserted(entry: str, quote: str) -> str:
    """Return the word bash's line editor leaves when ENTRY is the only match.

    It inserts the entry after the quote the user opened and adds the closing quote,
    unless the line already ends with it.
    """
    closing = quote[-1:] if quote else ""
    return quote + entry + ("" if not closing or entry.endswith(closing) else closing)


def test_bash_word_escapes_for_each_quote_the_user_opened():
    assert bash_word("Tallat Mussa") == "Tallat\\ Mussa"
    assert bash_word("Brigade $(x)") == "Brigade\\ \\$\\(x\\)"
    assert bash_word("عرسال") == "عرسال"
    assert bash_word("O'Brien", "'") == "O'\\''Brien"
    assert bash_word("Xend'", "'") == "Xend'\\'''"
    assert bash_word('a $b "c" !d *', '"') == 'a \\$b \\"c\\" "\\!"d "\\*""'
    assert bash_word("O'Brien\\", "$'") == "O\\x27Brien\\x5c"


def test_open_quote_reads_the_word_as_bash_does():
    assert open_quote("Tal") is None
    assert open_quote('"Tal') == '"'
    assert open_quote("'Tal") == "'"
    assert open_quote("$'Tal") == "$'"
    assert open_quote("'a'\\''b") == "'"
    assert open_quote('"a\\"b') == '"'
    assert open_quote("a\\'b") is None
    assert open_quote("'a\"b'") is None


@needs_bash
@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1),
                min_size=1, max_size=20))
def test_bash_reads_every_quoted_value_back_exactly(tmp_path_factory, values):
    cwd = tmp_path_factory.mktemp("words")
    for quote in QUOTES:
        lines = [_as_inserted(bash_word(v, quote or None), quote) for v in values]
        assert _bash_words(lines, cwd) == [[v] for v in values], quote
    assert not list(cwd.iterdir())


def test_zsh_word_is_one_inert_string():
    assert zsh_word("Tallat Mussa") == "$'Tallat\\x20Mussa'"
    assert zsh_word("x\\$(y)'") == "$'x\\x5c\\x24\\x28y\\x29\\x27'"
    assert zsh_word("عرسال") == "$'عرسال'"


@pytest.mark.skipif(ZSH is None, reason="zsh is not installed")
def test_zsh_reads_the_completion_output_back_exactly(tmp_path):
    data, env, names = _dataset(tmp_path)
    out = _complete_output("zsh", f"qalamoun --data {data} timeline --actor ", env)
    assert out.startswith("compadd -U -V unsorted -- ")
    # Typer's script runs `eval $(qalamoun)`: split at white space, then evaluated.
    printing = out.replace("compadd -U -V unsorted --", "printf '%s\\0'", 1)
    (tmp_path / "out").write_text(printing, encoding="utf-8")
    script = "eval $(cat out)"
    done = subprocess.run([ZSH, "-f", "-c", script], cwd=tmp_path, capture_output=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert sorted(done.stdout.decode("utf-8").split("\0")[:-1]) == sorted(names)
    assert not (tmp_path / "pwned").exists()


def _complete_output(shell: str, line: str, env: dict[str, str]) -> str:
    result = CliRunner().invoke(app, [], env={
        "_QALAMOUN_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": line,
        "COMP_WORDS": line, "COMP_CWORD": str(len(line.split(" ")) - 1), **env},
        prog_name="qalamoun")
    assert result.exit_code == 0
    return result.stdout


def test_fish_gets_the_names_as_they_are(tmp_path):
    # Fish escapes a completion itself when it inserts it: quoting here would show.
    data, env, names = _dataset(tmp_path)
    out = _complete_output("fish", f"qalamoun --data {data} timeline --actor ", {
        **env, "_TYPER_COMPLETE_FISH_ACTION": "get-args"})
    assert sorted(out.splitlines()) == sorted(names)


def test_names_that_differ_only_in_case_come_in_one_order(tmp_path):
    # Sorted by folded case alone, their order followed the set's, which changes with
    # PYTHONHASHSEED from run to run.
    data, env, _ = _dataset(tmp_path, ["al-Nusra", "b", "AL-NUSRA", "Al-Nusra"])
    out = _complete_output("fish", f"qalamoun --data {data} timeline --actor ", {
        **env, "_TYPER_COMPLETE_FISH_ACTION": "get-args"})
    assert out.splitlines() == ["AL-NUSRA", "Al-Nusra", "al-Nusra", "b", "rebels"]


@needs_bash
@pytest.mark.parametrize("quote", ["", "'", '"'])
def test_bash_completion_inserts_each_name_as_one_inert_word(tmp_path, quote):
    data, env, names = _dataset(tmp_path)
    source = subprocess.run([*ENTRY], capture_output=True, text=True, timeout=60,
                            env={**os.environ, **env, "_QALAMOUN_COMPLETE": "source_bash"})
    assert source.returncode == 0 and "_qalamoun_completion" in source.stdout
    work = tmp_path / "work"
    work.mkdir()
    (work / "decoy").write_text("")  # something for a stray glob to match
    typed = quote.replace("'", "'\\''")
    # nullglob and extglob: an entry bash could take for a pattern would vanish or change.
    script = (f"{source.stdout}\nshopt -s nullglob extglob\n"
              f"COMP_WORDS=(qalamoun --data {_sh(str(data))} timeline --actor '{typed}')\n"
              "COMP_CWORD=5\n_qalamoun_completion qalamoun\n"
              "printf '%s\\0' \"${COMPREPLY[@]}\"\n")
    done = subprocess.run([BASH, "--norc", "--noprofile", "-c", script], cwd=work,
                          capture_output=True, timeout=60,
                          env={**os.environ, **env,
                               "PATH": f"{_entry_on_path(tmp_path)}{os.pathsep}"
                                       f"{os.environ['PATH']}"})
    assert done.returncode == 0, done.stderr
    replies = done.stdout.decode("utf-8").split("\0")[:-1]
    assert len(replies) == len(names)
    words = _bash_words([_as_inserted(r, quote) for r in replies], work)
    assert sorted(w[0] if len(w) == 1 else repr(w) for w in words) == sorted(names)
    assert sorted(p.name for p in work.iterdir()) == ["decoy"]
    assert not (tmp_path / "pwned").exists()


def _entry_on_path(tmp_path) -> str:
    """Return a folder whose `qalamoun` runs this checkout's CLI, as the script calls it."""
    folder = tmp_path / "bin"
    folder.mkdir()
    shim = folder / "qalamoun"
    shim.write_text(f"#!/bin/sh\nexec {' '.join(_sh(a) for a in ENTRY)} \"$@\"\n")
    shim.chmod(0o755)
    return str(folder)


def _sh(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def test_bash_completion_output_is_quoted(tmp_path):
    data, env, names = _dataset(tmp_path)
    out = _complete_output("bash", f"qalamoun --data {data} timeline --actor Tal", env)
    assert out.splitlines() == ["Tallat\\ Mussa"]


def test_bash_leaves_file_names_to_the_shell(tmp_path):
    # An entry would stop bash's own file name completion (`complete -o default`).
    assert _complete_output("bash", "qalamoun sources --svg fo", {}) == "\n"
    assert _complete_output("zsh", "qalamoun sources --svg fo", {}).strip() == "_files"


def test_names_with_controls_bidi_or_invisible_characters_are_never_offered(tmp_path):
    unsafe = "\x1b\x07\t\n\r\x7f\x85\x9b\u202e\u2066\u200e\u061c\u200b\u200d\u2060\ufeff\u2028"
    data, env, names = _dataset(tmp_path, [f"Camp{c}x" for c in unsafe] + ["Camp plain"])
    for shell in ("bash", "zsh", "fish"):
        out = _complete_output(shell, f"qalamoun --data {data} timeline --actor Camp", {
            **env, "_TYPER_COMPLETE_FISH_ACTION": "get-args"})
        assert "plain" in out and out.count("Camp") == 1, (shell, out)
