"""Resources: everything ``extract`` needs loaded once (lexicons, gazetteer), cached per process."""

from __future__ import annotations

import functools
import gzip
from dataclasses import dataclass
from pathlib import Path

import yaml

from services.common.gctune import freeze_survivors
from services.extractor.build_words import WORDS
from services.extractor.gazetteer import Gazetteer, name_keys
from services.extractor.lexicon import DATA_DIR, Lexicon
from services.extractor.text import light_key

#: Capitalised words that start sentences or name things other than places.
_STOP_EXTRA = """the a an on in at of and or but to for from by with as this that these those it its
he she they we i you his her their our one two he said says reported according monday tuesday
wednesday thursday friday saturday sunday january february march april may june july august
september october november december jan feb mar apr jun jul aug sep sept oct nov dec today
yesterday tonight mr mrs dr president minister general colonel col lt captain sheikh imam news
agency reuters afp ap ocha un unicef who msf sohr sana local sources source reports report
observatory rights human network north south east west northern southern eastern western central
upper lower new old great greater high saint st many several more most also however after before
during while when where since there then both between among against if so no not all some read
next prev post photo video image share click follow subscribe home world middle sport business
markets updated ago min barangay""".split()
#: Leaders whose names stand for their side ("pro-Assad outlets"): one capitalised word that reads
#: as a look-alike of a village ("Assad" ~ Al As`adiyah).
_LEADERS = """assad putin erdogan netanyahu nasrallah zelensky zelenskyy lavrov khamenei rouhani
raisi maduro guterres""".split()
#: Peoples and creeds with no country of their own (country demonyms come from the lexicon):
#: their adjectives read as look-alikes of villages ("Kurdish" ~ Kadrish).
_PEOPLES = """kurdish kurd kurds arab arabs arabic alawite alawites druze sunni sunnis shia shiite
shiites yazidi yazidis assyrian assyrians turkmen bedouin bedouins pashtun hazara baloch rohingya
jihadist jihadists islamist islamists""".split()


@dataclass(frozen=True)
class Resources:
    lexicon: Lexicon
    gazetteer: Gazetteer
    stop: frozenset[str]
    #: ordinary English words that some place is also called (``build_words``)
    common: frozenset[str] = frozenset()
    #: given names (``given_names.yaml``): the capitalised word after one names the person
    given: frozenset[str] = frozenset()

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> Resources:
        """Load and validate every data file; cached, so repeated calls are free."""
        return _load(data_dir)


#: A city this large that bears the name standing for its country stays matchable as a place.
CITY_POP = 100_000


def _town_of(gaz: Gazetteer, key: str, iso: str) -> bool:
    """A city of the country bears the name that stands for it ("Gaza": Palestine, and its
    largest city): the name stays matchable as a place."""
    return any(
        p.country == iso and p.precision == "town" and p.population >= CITY_POP
        for p in (gaz.place(i) for i, _ in gaz.lookup(key, None))
    )


@functools.lru_cache(maxsize=4)
def _load(data_dir: Path) -> Resources:
    lex = Lexicon(data_dir)
    gaz = Gazetteer.load(data_dir)
    # country names stay matchable as places; demonyms ("Syrian") never name a place
    country_words = {name_keys(p.name)[0] for p in gaz.countries.values()}
    stop = set(_STOP_EXTRA) | set(_PEOPLES) | set(_LEADERS)
    for kind in ("trigger", "target", "cue", "number", "actor", "country"):
        for e in lex.entries[kind]:
            for p in e.phrases:
                if " " not in p and not (kind == "country" and _town_of(gaz, light_key(p), e.iso)):
                    stop.add(light_key(p))
    stop -= country_words
    res = Resources(lex, gaz, frozenset(stop), _common_words(data_dir / WORDS),
                    _given_names(data_dir / GIVEN_NAMES))
    # The gazetteer's tables hold millions of references; every full collection walked them all
    # (40-80 ms each, a few per thousand reports: about a tenth of ``extract``'s time) only to
    # find them alive, as they stay for the life of the process. Objects created later are
    # collected as usual.
    freeze_survivors()
    return res


GIVEN_NAMES = "given_names.yaml"


def _given_names(path: Path) -> frozenset[str]:
    names = yaml.safe_load(path.read_text(encoding="utf-8"))["names"]
    if not all(isinstance(n, str) and n == light_key(n) for n in names):
        raise ValueError(f"{path.name}: every name must be a light key (lower case, unaccented)")
    return frozenset(names)


def _common_words(path: Path) -> frozenset[str]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return frozenset(fh.read().split())


def load_resources() -> Resources:
    return Resources.load()
