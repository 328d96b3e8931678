"""Build the training, dev and test sets for the French models from UD treebanks.

Writes, under the work folder:
  train.conllu         tagger / lemmatizer / MWT training set
  parser_train.conllu  parser training set (treebanks whose `obl` labels agree)
  tok_train.{conllu,txt,toklabels,json}, dev.{...}  tokenizer files
  dev.conllu           Sequoia dev (early stopping for every processor)
  test_gsd.conllu, test_sequoia.conllu  held-out tests (never trained on)

XPOS is blanked everywhere: PUD's XPOS are English PTB tags and the others
have none, so the column carries no usable signal.

Lemmas of pronouns and determiners follow the written treebanks (Sequoia and
GSD agree: « il », « elle » -> « lui », « ils » -> « eux », « se » -> « soi »)
in PUD and ParisStories too, which lemmatise them otherwise (PUD « ils » ->
« il », ParisStories « ils » -> « lui »): one convention to learn, not three.

Symbols written as one character (« % », « € », « ° », « / », « + »…) are SYM, as
the UD guidelines, GSD and PUD have them; Sequoia tags « % » NOUN and « / »
ADP (« km/h ») or CCONJ.  The training and dev sets follow the guidelines
(relations untouched); the tests are left as their treebanks wrote them.
"""
import argparse
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

from stanza.utils.datasets import conllu_to_text, prepare_tokenizer_data

# (treebank folder, file) pairs for each role.  GSD test is never used here.
SEQUOIA_TRAIN = ("UD_French-Sequoia", "fr_sequoia-ud-train.conllu")
GSD_DEV = ("UD_French-GSD", "fr_gsd-ud-dev.conllu")
PUD = ("UD_French-PUD", "fr_pud-ud-test.conllu")
STORIES = [("UD_French-ParisStories", "fr_parisstories-ud-train.conllu"),
           ("UD_French-ParisStories", "fr_parisstories-ud-dev.conllu")]
DEV = ("UD_French-Sequoia", "fr_sequoia-ud-dev.conllu")
TESTS = {"test_gsd": ("UD_French-GSD", "fr_gsd-ud-test.conllu"),
         "test_sequoia": ("UD_French-Sequoia", "fr_sequoia-ud-test.conllu")}

# Written text only for the tokenizer (spoken transcripts have no sentence
# punctuation); PUD left out of the parser (plain `obl` where the others
# distinguish obl:arg / obl:mod).
SETS = {
    "tok_train": [SEQUOIA_TRAIN, GSD_DEV, PUD],
    "train": [SEQUOIA_TRAIN, GSD_DEV, PUD] + STORIES,
    "parser_train": [SEQUOIA_TRAIN, GSD_DEV] + STORIES,
}


def clean_line(line):
    """Blank the XPOS column of a token line; keep comments and blanks."""
    if not line or line.startswith("#"):
        return line
    cols = line.split("\t")
    if len(cols) == 10:
        cols[4] = "_"
    return "\t".join(cols)


def read_sentences(path):
    """Sentences of a CoNLL-U file as lists of lines."""
    sentence = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            sentence.append(clean_line(line))
        elif sentence:
            yield sentence
            sentence = []
    if sentence:
        yield sentence


REFERENCE = [SEQUOIA_TRAIN, GSD_DEV]      # whose lemma conventions the others are brought to
HARMONISED_UPOS = ("PRON", "DET")
AGREEMENT = 0.9                            # share of the reference a lemma needs to be the convention
MIN_SEEN = 5


def word_columns(line):
    cols = line.split("\t")
    return cols if len(cols) == 10 and cols[0].isdigit() else None


def reference_lemmas(ud_dir):
    """(lower-case form, UPOS) -> the lemma the reference treebanks give it, where they agree."""
    seen = defaultdict(Counter)
    for folder, name in REFERENCE:
        for sentence in read_sentences(Path(ud_dir) / folder / name):
            for cols in filter(None, map(word_columns, sentence)):
                if cols[3] in HARMONISED_UPOS:
                    seen[(cols[1].lower(), cols[3])][cols[2]] += 1
    conventions = {}
    for key, lemmas in seen.items():
        lemma, count = lemmas.most_common(1)[0]
        if count >= MIN_SEEN and count >= AGREEMENT * sum(lemmas.values()):
            conventions[key] = lemma
    return conventions


def harmonise(sentence, conventions):
    out = []
    for line in sentence:
        cols = word_columns(line)
        if cols is not None and (cols[1].lower(), cols[3]) in conventions:
            cols[2] = conventions[(cols[1].lower(), cols[3])]
            line = "\t".join(cols)
        out.append(line)
    return out


SYMBOLS = set("%‰€$£¥°§/+×=<>")
SYMBOL_UPOS_ELSEWHERE = ("NOUN", "ADP", "CCONJ")


def harmonise_symbols(sentence):
    """One-character symbols tagged as nouns, prepositions or conjunctions become SYM."""
    out = []
    for line in sentence:
        cols = word_columns(line)
        if cols is not None and cols[1] in SYMBOLS and cols[3] in SYMBOL_UPOS_ELSEWHERE:
            cols[3] = "SYM"
            line = "\t".join(cols)
        out.append(line)
    return out


def write_conllu(parts, ud_dir, out_path, conventions=None, symbols=True):
    count = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for part in parts:
            for sentence in read_sentences(Path(ud_dir) / part[0] / part[1]):
                if conventions and part not in REFERENCE:
                    sentence = harmonise(sentence, conventions)
                if symbols:
                    sentence = harmonise_symbols(sentence)
                out.write("\n".join(sentence) + "\n\n")
                count += 1
    return count


def write_tokenizer_files(work, stem):
    """Raw text and character labels the tokenizer trains and evaluates on."""
    conllu = work / f"{stem}.conllu"
    conllu_to_text.convert_text(str(conllu), str(work / f"{stem}.txt"))
    prepare_tokenizer_data.main([str(work / f"{stem}.txt"), str(conllu),
                                 "-o", str(work / f"{stem}.toklabels"),
                                 "-m", str(work / f"{stem}-mwt.json")])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ud-dir", default=os.environ.get("UD_DIR", "../shared/ud"))
    ap.add_argument("--work", default="training/work/data")
    args = ap.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    if not (Path(args.ud_dir) / SEQUOIA_TRAIN[0]).is_dir():
        sys.exit(f"error: no UD treebanks in {args.ud_dir} (set UD_DIR)")
    conventions = reference_lemmas(args.ud_dir)
    for stem, parts in SETS.items():
        print(stem, write_conllu(parts, args.ud_dir, work / f"{stem}.conllu", conventions), "sentences")
    print("dev", write_conllu([DEV], args.ud_dir, work / "dev.conllu"), "sentences")
    for stem, part in TESTS.items():
        write_conllu([part], args.ud_dir, work / f"{stem}.conllu", symbols=False)
    for stem in ("tok_train", "dev", *TESTS):
        write_tokenizer_files(work, stem)


if __name__ == "__main__":
    main()
