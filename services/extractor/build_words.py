"""Build ``data/english_words.txt.gz``: ordinary English words that are also, somewhere, the
alternate name or the look-alike of a place ("Civil", "Academy", "Prime").

    python -m services.extractor.build_words

Word frequencies come from the ``wordfreq`` package (build time only: ``pip install wordfreq``).
A word is kept when it is common in English text (Zipf frequency ``MIN_ZIPF`` or more: about the
40,000 most frequent words) and is not itself the name of a place news tells of: a country, a
province or district, a Syrian place, or a town of ``NOTABLE_POP`` people or more ("Gaza",
"Aleppo", "Tyre" stay places). The geocoder reads a capitalised word of the list as a place only
by the place's own name, never by an alternate name or a look-alike (see ``geocode``).
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

from services.extractor.gazetteer import Gazetteer
from services.extractor.text import light_key

DATA = Path(__file__).parent / "data"
WORDS = "english_words.txt.gz"
MIN_ZIPF = 3.0
NOTABLE_POP = 10_000
#: How many of wordfreq's most frequent English words are read (the list is by frequency, so
#: the ones past ``MIN_ZIPF`` are dropped anyway).
TOP_N = 80_000


def notable_names(gaz: Gazetteer) -> set[str]:
    """Light keys of the main names of the places news tells of."""
    out: set[str] = set()
    for key, hit in gaz.light.items():
        for i in (hit,) if isinstance(hit, int) else hit:
            if i < 0:
                continue  # an alias: "Civil" for a province of Kenya is no reason to keep it
            p = gaz.place(i)
            if p.precision != "town" or p.country == "SY" or p.population >= NOTABLE_POP:
                out.add(key)
                break
    return out


def common_words(words: list[tuple[str, float]], places: set[str]) -> list[str]:
    """The words (with their Zipf frequencies) to write: alphabetic, three letters or more,
    frequent enough, no notable place's name; sorted, one light key each."""
    keep = set()
    for word, zipf in words:
        if zipf < MIN_ZIPF or len(word) < 3 or not word.isalpha():
            continue
        key = light_key(word)
        if key and key not in places:
            keep.add(key)
    return sorted(keep)


def main() -> int:
    from wordfreq import top_n_list, zipf_frequency  # build time only

    gaz = Gazetteer.load(DATA)
    words = [(w, zipf_frequency(w, "en")) for w in top_n_list("en", TOP_N)]
    out = common_words(words, notable_names(gaz))
    with gzip.GzipFile(DATA / WORDS, "wb", compresslevel=9, mtime=0) as fh:
        fh.write("".join(f"{w}\n" for w in out).encode("utf-8"))
    print(f"wrote {WORDS}: {len(out)} words, {(DATA / WORDS).stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
