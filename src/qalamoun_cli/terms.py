"""The terms a dataset is published under, which every export carries: licence and credit."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from qalamoun_cli.model import Chronology

# Machine-readable forms of the terms (the Data Package "licenses" and "sources" properties).
SHIPPED_ARTICLE = ("https://en.wikipedia.org/wiki/"
                   "Qalamoun_offensive_(May%E2%80%93June_2015)")
CC_BY_SA = {"name": "CC-BY-SA-4.0", "path": "https://creativecommons.org/licenses/by-sa/4.0/",
            "title": "Creative Commons Attribution-ShareAlike 4.0"}
CC_BY = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
         "title": "Creative Commons Attribution 4.0"}


class Terms(NamedTuple):
    """What a dataset is and may be used under.

    ORIGIN names it; LICENCE is the terms as one text ("unknown" for your own data);
    LICENCES and SOURCES are the same as Data Package objects ({name, path, title}).
    """

    origin: str
    licence: str
    licences: tuple[dict[str, str], ...]
    sources: tuple[dict[str, str], ...]


def dataset_terms(data: Sequence[Path], chronology: Chronology) -> Terms:
    """Return the terms of CHRONOLOGY, read from the datasets DATA (empty: the shipped one)."""
    from qalamoun_cli import __version__
    from qalamoun_cli.dataset import SHIPPED_LICENCE, is_shipped

    shipped = is_shipped(data)
    origin = f"the dataset shipped with qalamoun {__version__}" if shipped \
        else chronology.origin
    texts, licences, sources = [], [], []
    if shipped or any(is_shipped(p) for p in data):
        texts.append(SHIPPED_LICENCE)
        licences.append(CC_BY_SA)
        sources.append({"title": "Wikipedia: Qalamoun offensive (May–June 2015)",
                        "path": SHIPPED_ARTICLE})
    # A standard dataset's terms travel with its records (UCDP GED's CC BY 4.0 credit).
    for source in chronology.sources.values():
        if source.attribution and source.attribution not in texts:
            from qalamoun_cli.load.ged import ATTRIBUTION as GED  # only for a standard dataset

            texts.append(source.attribution)
            if source.attribution == GED:
                licences.append(CC_BY)
                sources.append({"title": GED, "path": "https://ucdp.uu.se/downloads/"})
            else:
                sources.append({"title": source.attribution})
    return Terms(origin, "; ".join(texts) or "unknown", tuple(licences), tuple(sources))
