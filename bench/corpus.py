"""Texts to measure with: the seed articles, and article-sized documents of real French.

The larger corpus is made of the raw sentences (`# text = ` lines) of the French GSD
test treebank, grouped in order into paragraphs of a few sentences and into
documents of about 700 words, so that timings speak of news-length articles.
"""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"
GSD_TEST = Path("UD_French-GSD") / "fr_gsd-ud-test.conllu"
ARTICLE_WORDS = 700
PARAGRAPH_SENTENCES = 4


def word_count(text):
    return len(text.split())


def seed_articles(folder=SEEDS_DIR):
    """The seed articles as (name, text), in name order."""
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(Path(folder).glob("*.txt"))]


def ud_dir():
    """The UD treebanks folder: $UD_DIR, or ../shared/ud beside the repository."""
    raw = os.environ.get("UD_DIR") or "../shared/ud"
    path = Path(raw)
    return path if path.is_absolute() else (ROOT / path).resolve()


def conllu_sentences(path):
    """The raw text of each sentence of a CoNLL-U file, in file order."""
    prefix = "# text = "
    with open(path, encoding="utf-8") as lines:
        return [line[len(prefix):].strip() for line in lines if line.startswith(prefix)]


def paragraphs(sentences, size=PARAGRAPH_SENTENCES):
    return [" ".join(sentences[i:i + size]) for i in range(0, len(sentences), size)]


def group_into_articles(paras, words=ARTICLE_WORDS):
    """Consecutive paragraphs joined until each document reaches `words` words.

    A short remainder (under half the size) is dropped so every document is article-sized.
    """
    articles, current, count = [], [], 0
    for para in paras:
        current.append(para)
        count += word_count(para)
        if count >= words:
            articles.append("\n\n".join(current))
            current, count = [], 0
    if current and count >= words // 2:
        articles.append("\n\n".join(current))
    return articles


def ud_articles(words=ARTICLE_WORDS, folder=None):
    """Article-sized documents of the GSD test sentences, as (name, text)."""
    path = Path(folder or ud_dir()) / GSD_TEST
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: set UD_DIR to the folder of the UD treebanks")
    docs = group_into_articles(paragraphs(conllu_sentences(path)), words)
    return [(f"gsd-test-{i:02d}", text) for i, text in enumerate(docs)]


def cycle(items, count):
    """`count` items taken round-robin from `items`."""
    return [items[i % len(items)] for i in range(count)]


def long_article(*groups):
    """One long document made of every article of the groups, in order (the engine's cost on long texts)."""
    texts = [text for group in groups for _, text in group]
    return [("all-in-one", "\n\n".join(texts))]
