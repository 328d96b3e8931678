"""Command line: find the quotations in French articles.

    python -m service.cli ARTICLE.txt [MORE.txt …]      a readable table per file
    python -m service.cli --json  FILES…                 one JSON document for all files
    python -m service.cli --jsonl FILES…                 one JSON line per file
    cat article.txt | python -m service.cli -            `-` reads standard input

The engine runs in this process; the Stanza pipeline is loaded once for all files.
Exit status: 0 on success, 1 when an input cannot be read, 2 on a usage error,
3 when the French models or the speaker list cannot be loaded.
"""
import argparse
import json
import os
import re
import shutil
import sys
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path

PROG = "citations"
STDIN = "-"
EXIT_UNREADABLE = 1
EXIT_ENGINE = 3
TABLE_COLUMNS = (("#", 3), ("speaker", 22), ("type", 8), ("cue", 16))
MIN_QUOTE_WIDTH = 20
DATE_FORM = re.compile(r"\d{4}-\d{2}-\d{2}")


class UnreadableInput(Exception):
    """An input that is missing, not a file, or not UTF-8 text."""


class SpeakerListUnreadable(Exception):
    """The speaker list file (QUOTES_SPEAKERS_FILE) cannot be read."""


@dataclass(frozen=True)
class Article:
    file: str
    id: str
    text: str


@dataclass(frozen=True)
class LoadedEngine:
    settings: object
    pipeline: object
    speakers: object


# ---- arguments --------------------------------------------------------------------------

def iso_date(value):
    try:
        if DATE_FORM.fullmatch(value):
            return Date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {value!r}")


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="python -m service.cli", description="Find the quotations in French news articles: who said what, "
                               "with which reporting verb.",
        epilog="Exit status: 0 ok, 1 unreadable input, 2 usage error, 3 models or speaker list unavailable.")
    parser.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text file, or - for standard input")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_const", dest="format", const="json",
                        help="print one JSON document: a list of {file, id, quotes, speakers}")
    output.add_argument("--jsonl", action="store_const", dest="format", const="jsonl",
                        help="print one JSON object per file, one per line")
    parser.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD",
                        help="publication date of the articles (to tell who held a role then)")
    parser.set_defaults(format="table")
    arguments = parser.parse_args(argv)
    if arguments.files.count(STDIN) > 1:
        parser.error("standard input (-) can be read only once")
    return arguments


# ---- inputs -----------------------------------------------------------------------------

def read_article(name):
    """The article named on the command line, or UnreadableInput with a one-line reason."""
    if name == STDIN:
        raw, label, ident = sys.stdin.buffer.read(), "standard input", "stdin"
    else:
        path = Path(name)
        label, ident = name, path.stem
        if not path.exists():
            raise UnreadableInput(f"{name}: no such file")
        if not path.is_file():
            raise UnreadableInput(f"{name}: not a regular file")
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise UnreadableInput(f"{name}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableInput(f"{label}: not UTF-8 text (byte {exc.start})") from None
    return Article(file=name, id=ident, text=text)


# ---- running the engine -----------------------------------------------------------------

def load_engine():
    """Settings, pipeline and speaker list, loaded once; ModelsUnavailable or
    SpeakerListUnreadable when they cannot be read."""
    from service.config import Settings
    from service.nlp import get_pipeline
    from service.quotes import speaker_list

    settings = Settings.from_env()
    try:
        speakers = speaker_list(settings)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SpeakerListUnreadable(f"{settings.speakers_file}: {exc}") from exc
    return LoadedEngine(settings, get_pipeline(settings), speakers)


def extract_all(articles, when, engine):
    """Quotes of every article, parsed a batch at a time; yields (article, quotes)."""
    from service.quotes import extract_batch

    size = max(1, engine.settings.batch_max_documents)
    for first in range(0, len(articles), size):
        chunk = articles[first:first + size]
        results = extract_batch([(a.text, when) for a in chunk], pipeline=engine.pipeline,
                                speakers=engine.speakers)
        yield from zip(chunk, results)


def as_document(article, quotes):
    from service.quotes.model import count_speakers

    return {"file": article.file, "id": article.id,
            "quotes": [q.to_dict() for q in quotes],
            "speakers": [s.to_dict() for s in count_speakers(quotes)]}


# ---- the readable table -----------------------------------------------------------------

def trimmed(text, width):
    text = " ".join(text.split())
    return text if len(text) <= width else text[:max(1, width - 1)].rstrip() + "…"


def speaker_cell(quote):
    speaker = quote.speaker
    if speaker is None:
        return "—"
    return speaker.name or speaker.id or (speaker.mention.text if speaker.mention else "?")


def table_rows(quotes):
    for number, quote in enumerate(quotes, 1):
        yield (str(number), speaker_cell(quote), quote.type, quote.cue.text if quote.cue else "—",
               quote.text)


def format_table(document_quotes, article, width):
    lines = [f"{article.file}: {len(document_quotes)} quote{'s' if len(document_quotes) != 1 else ''}"]
    if not document_quotes:
        return lines
    quote_width = max(MIN_QUOTE_WIDTH, width - sum(w + 2 for _, w in TABLE_COLUMNS))
    widths = [w for _, w in TABLE_COLUMNS] + [quote_width]
    header = [name for name, _ in TABLE_COLUMNS] + ["quote"]
    for cells in [header] + list(table_rows(document_quotes)):
        lines.append("  ".join(trimmed(c, w).ljust(w) for c, w in zip(cells, widths)).rstrip())
    return lines


def format_speakers(document):
    if not document["speakers"]:
        return []
    listed = ", ".join(f"{s['name']}{' (' + s['id'] + ')' if s['id'] else ''} {s['quotes']}"
                       for s in document["speakers"])
    return [f"speakers: {listed}"]


# ---- main -------------------------------------------------------------------------------

def print_results(results, output_format, out):
    documents = []
    width = shutil.get_terminal_size((120, 24)).columns
    for index, (article, quotes) in enumerate(results):
        document = as_document(article, quotes)
        if output_format == "jsonl":
            out.write(json.dumps(document, ensure_ascii=False) + "\n")
            out.flush()
        elif output_format == "json":
            documents.append(document)
        else:
            lines = ([""] if index else []) + format_table(quotes, article, width) + format_speakers(document)
            out.write("\n".join(lines) + "\n")
    if output_format == "json":
        out.write(json.dumps(documents, ensure_ascii=False, indent=2) + "\n")


def one_line(exc):
    return " ".join(str(exc).split())


def fail(message, status):
    print(f"{PROG}: {message}", file=sys.stderr)
    return status


def run(argv=None, out=None):
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    try:
        articles = [read_article(name) for name in arguments.files]
    except UnreadableInput as exc:
        return fail(f"cannot read {exc}", EXIT_UNREADABLE)
    from service.config import SettingsError
    from service.nlp import ModelsUnavailable

    try:
        results = extract_all(articles, arguments.date, load_engine())
        print_results(results, arguments.format, out or sys.stdout)
    except ModelsUnavailable as exc:
        return fail(f"models unavailable: {one_line(exc)}", EXIT_ENGINE)
    except SpeakerListUnreadable as exc:
        return fail(f"cannot read the speaker list {one_line(exc)}", EXIT_ENGINE)
    except SettingsError as exc:
        return fail(one_line(exc), EXIT_ENGINE)
    except BrokenPipeError:  # the reader stopped early (`| head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def main():
    sys.exit(run())


if __name__ == "__main__":
    main()
