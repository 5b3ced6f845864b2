"""Fold the spelling differences of transliterated Arabic names (and Arabic script).

``fold`` maps every spelling of a name to one key, for exact look-ups and as the input of
fuzzy scoring. The rules are documented in docs/place-search.md; the order matters:

1. Unicode NFKD, then drop combining marks: diacritics (``â`` → ``a``) and, in Arabic
   script, harakat and the hamza/madda marks (``أ إ آ`` → ``ا``).
2. Lowercase. Arabic: ``ٱ`` → ``ا``, ``ة`` → ``ه``, ``ى`` → ``ي``; tatweel removed.
3. Ayn/hamza marks and apostrophes (``' ’ ‘ ʿ ʾ ` ´``) are deleted; other punctuation
   (hyphens, dots, commas) becomes a space.
4. Per word: the article is dropped (``al``, ``el``, ``ul``, ``il`` and the assimilated
   ``ad ar as ash at ath az adh an ed er es esh et ez en``; Arabic ``ال`` prefix), unless
   it is the only word; generic words take one form (Tal/Tall/Tell/Tallat/Tallet/Tallit/
   Talat → ``tal``, Jabal/Jebel/Jbel/Jibal → ``jabal``, Jurd/Jroud/Jaroud/Jurud/Jorud/
   Jurod/Grod → ``jurd``, Qurnah/Qornat/Qurnat/Qornet → ``qurna``; Arabic تلة/تل, جبل/جبال,
   جرد/جرود).
5. Per Latin word, sounds: ``ou oo`` → ``u``; ``ee`` → ``i``; ``ei ey ay ai`` → ``ai``;
   ``iy`` → ``i``; ``dj`` → ``j``; ``ch`` → ``sh``; ``ck q`` → ``k``; ``ph`` → ``f``;
   ``e`` → ``a``; ``o`` → ``u``; a final ``-ah``/``-eh`` → ``-a``; a final ``y`` → ``i``;
   doubled letters (not digits) collapse (``ss`` → ``s``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_MARKS = str.maketrans("", "", "'’‘ʿʾ`´ʻʼ′ˈ\u02bc\u02bb")
_ARABIC_MAP = str.maketrans({"ٱ": "ا", "ة": "ه", "ى": "ي", "\u0640": None})
# Latin letters that carry their mark inside (NFKD cannot split them).
_LATIN_MAP = str.maketrans("ıłøđħŧ", "ilodht")
_ARTICLES = frozenset(
    "al el ul il ad ar as ash at ath az adh an ed er es esh et ez en".split()
)
_GENERIC = {
    **dict.fromkeys("tal tall tell tel tallat tallet tallit talat talit tala tilal".split(), "tal"),
    **dict.fromkeys("jabal jebel jabel jbel jibal jabl".split(), "jabal"),
    **dict.fromkeys("jurd jroud jaroud jurud jorud jurod grod jouroud jrud".split(), "jurd"),
    **dict.fromkeys("qurnah qurna qornat qurnat qornet qornah qurnet".split(), "qurna"),
    "تله": "تل", "تل": "تل", "جبال": "جبل", "جبل": "جبل", "جرود": "جرد", "جرد": "جرد",
}
_SOUNDS = (
    ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ei", "ai"), ("ey", "ai"), ("ay", "ai"),
    ("iy", "i"), ("dj", "j"), ("ch", "sh"), ("ck", "k"), ("q", "k"), ("ph", "f"),
    ("e", "a"), ("o", "u"),
)
_SPLIT = re.compile(r"[^\w]+|_+")
# Doubled letters collapse; doubled digits do not ("Brigade 155" is not "Brigade 15").
_DOUBLE = re.compile(r"([^\W\d_])\1+")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
# The words standard datasets put after a name to say what kind of place it is ("Idlib
# governorate", "Rami village": UCDP GED's where_coordinates and adm_1/adm_2).
_DIVISIONS = frozenset(
    "governorate province district subdistrict sub-district nahiya county municipality "
    "department prefecture region town village city".split())
_VOWELS = str.maketrans("", "", "aeiou")


def _strip_marks(text: str) -> str:
    if text.isascii():  # nothing to decompose, no mark: most summaries (a loop a character)
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _fold_latin_word(word: str) -> str:
    for old, new in _SOUNDS:
        word = word.replace(old, new)
    if len(word) > 3 and word.endswith("ah"):
        word = word[:-1]
    if len(word) > 2 and word.endswith("y"):
        word = word[:-1] + "i"
    return _DOUBLE.sub(r"\1", word)


# Cached: full-text search folds every word of every summary when a dataset is compiled
# (textsearch.py), and words recur.
@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    if _ARABIC_LETTER.search(word):
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        word = _GENERIC.get(word, word)
        return _DOUBLE.sub(r"\1", word) if word != "لل" else word
    word = _GENERIC.get(word, word)
    return _fold_latin_word(word)


def fold(text: str) -> str:
    """Return the spelling-independent key of a name (see the module docstring)."""
    text = _strip_marks(text.casefold()).translate(_LATIN_MAP).translate(_ARABIC_MAP)
    text = text.translate(_MARKS)
    words = [w for w in _SPLIT.split(text) if w]
    if len(words) > 1:
        kept = [w for w in words if w not in _ARTICLES]
        words = kept or words
    return " ".join(_fold_word(w) for w in words)


def without_divisions(name: str) -> str | None:
    """Return NAME without the words after it that say its kind of division ("governorate").

    None when it has none, or when nothing else would be left.
    """
    words = name.split()
    end = len(words)
    while end and words[end - 1].casefold() in _DIVISIONS:
        end -= 1
    if end == len(words) or not any(ch.isalpha() for ch in " ".join(words[:end])):
        return None
    return " ".join(words[:end])


def skeleton(key: str) -> str:
    """Return the consonants of each word of a folded KEY.

    Arabic script leaves short vowels unwritten, so transliterations differ in them most
    ("Idleb", "Idlib"; "Ersal", "Arsal"): the same consonants in the same words are a
    strong sign of one name.
    """
    return " ".join(w.translate(_VOWELS) for w in key.split())
