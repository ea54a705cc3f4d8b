"""Build an nltk_data folder with WordNet 3.0 from Debian's wordnet-base files, offline.

NLTK's downloader cannot reach the internet here; Debian ships the same WordNet 3.0 database
(``apt-get install -y wordnet-base wordnet-sense-index``). NLTK reads it when the files are
copied (not symlinked) into ``<target>/corpora/wordnet/`` with a ``lexnames`` file, which
Debian does not ship and this script writes.

    python benchmarks/make_wordnet_data.py TARGET_DIR [--source /usr/share/wordnet]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

DEBIAN_WORDNET = Path("/usr/share/wordnet")
REQUIRED = tuple(
    f"{kind}.{pos}" for kind in ("data", "index") for pos in ("noun", "verb", "adj", "adv")
) + tuple(f"{pos}.exc" for pos in ("noun", "verb", "adj", "adv"))
OPTIONAL = ("index.sense", "cntlist.rev", "cntlist", "sentidx.vrb", "sents.vrb", "frames.vrb")

# WordNet's 45 lexicographer files: number, name, syntactic category (1 n, 2 v, 3 a, 4 r).
LEXNAMES = (
    ("adj.all", 3), ("adj.pert", 3), ("adv.all", 4), ("noun.Tops", 1), ("noun.act", 1),
    ("noun.animal", 1), ("noun.artifact", 1), ("noun.attribute", 1), ("noun.body", 1),
    ("noun.cognition", 1), ("noun.communication", 1), ("noun.event", 1), ("noun.feeling", 1),
    ("noun.food", 1), ("noun.group", 1), ("noun.location", 1), ("noun.motive", 1),
    ("noun.object", 1), ("noun.person", 1), ("noun.phenomenon", 1), ("noun.plant", 1),
    ("noun.possession", 1), ("noun.process", 1), ("noun.quantity", 1), ("noun.relation", 1),
    ("noun.shape", 1), ("noun.state", 1), ("noun.substance", 1), ("noun.time", 1),
    ("verb.body", 2), ("verb.change", 2), ("verb.cognition", 2), ("verb.communication", 2),
    ("verb.competition", 2), ("verb.consumption", 2), ("verb.contact", 2),
    ("verb.creation", 2), ("verb.emotion", 2), ("verb.motion", 2), ("verb.perception", 2),
    ("verb.possession", 2), ("verb.social", 2), ("verb.stative", 2), ("verb.weather", 2),
    ("adj.ppl", 3),
)  # fmt: skip


def debian_wordnet_available(source: Path = DEBIAN_WORDNET) -> bool:
    """Tell whether the Debian WordNet files this script needs are installed."""
    return all((source / name).is_file() for name in REQUIRED)


def lexnames_text() -> str:
    """Render the lexnames file in WordNet's own format ("NN<TAB>name<TAB>N")."""
    return "".join(f"{i:02d}\t{name}\t{cat}\n" for i, (name, cat) in enumerate(LEXNAMES))


def build(target: Path, source: Path = DEBIAN_WORDNET) -> Path:
    """Copy WordNet into ``target/corpora/wordnet`` and return that folder."""
    if not debian_wordnet_available(source):
        missing = [name for name in REQUIRED if not (source / name).is_file()]
        raise FileNotFoundError(f"Debian WordNet files missing in {source}: {missing}")
    wordnet = Path(target) / "corpora" / "wordnet"
    wordnet.mkdir(parents=True, exist_ok=True)
    for name in REQUIRED + OPTIONAL:
        if (source / name).is_file():
            shutil.copyfile(source / name, wordnet / name)
    (wordnet / "lexnames").write_text(lexnames_text(), encoding="ascii")
    return wordnet


def main(argv: list[str] | None = None) -> int:
    """Build the folder and print where to point NLTK_DATA."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path, help="nltk_data folder to create or update")
    parser.add_argument("--source", type=Path, default=DEBIAN_WORDNET)
    args = parser.parse_args(argv)
    try:
        folder = build(args.target, args.source)
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"WordNet copied to {folder}; use NLTK_DATA={args.target.resolve()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
