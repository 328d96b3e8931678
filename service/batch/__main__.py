"""The command line of archive runs: `python -m service.batch INPUT --output DIR [options]`."""
import argparse
import logging
import sys

from service.batch.outputs import FORMATS
from service.batch.run import (
    EXIT_ENGINE,
    EXIT_FAILED_DOCUMENTS,
    EXIT_FAILED_PARTS,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    Options,
    RunError,
    default_workers,
    run,
)

PROG = "citations-batch"
EPILOG = f"""\
inputs: a folder of .txt files (id = file name without .txt); a JSON Lines file or folder
({{"id", "text", "date"?}} a line, other fields kept as metadata); a CSV with those columns;
a Parquet file or dataset. Local paths or fsspec URLs (s3://..., with s3fs installed).

Rerun the same command to resume: finished parts are kept, cut parts go on after their
last journaled document.

exit status: {EXIT_OK} every document answered; {EXIT_FAILED_DOCUMENTS} done, but some documents failed
(their lines carry an error, the summary counts them); {EXIT_USAGE} usage error, unreadable input,
an output folder of another run or a scheduler out of reach; {EXIT_ENGINE} the models cannot be loaded on the workers;
{EXIT_FAILED_PARTS} some parts could not be written (rerun to retry); {EXIT_INTERRUPTED} interrupted."""


def positive(value):
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return number


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="python -m service.batch", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Find the quotations of an archive of French articles on a Dask cluster; "
                    "write one part file per input partition and a _SUCCESS manifest.",
        epilog=EPILOG)
    parser.add_argument("input", metavar="INPUT", help="file, folder or fsspec URL of the articles")
    parser.add_argument("--output", "-o", required=True, metavar="DIR",
                        help="output folder (created; rerun with the same folder to resume)")
    parser.add_argument("--workers", type=positive, default=0, metavar="N",
                        help=f"worker processes of the local cluster, one thread each "
                             f"(default: one per core, here {default_workers()})")
    parser.add_argument("--scheduler", default="", metavar="ADDRESS",
                        help="run on an existing Dask cluster (tcp://host:8786) instead of a local one")
    parser.add_argument("--format", choices=FORMATS, default="jsonl",
                        help="jsonl: one answer line per document (as POST /quotes); "
                             "parquet: one row per quotation (default: jsonl)")
    parser.add_argument("--date-field", default="date", metavar="NAME",
                        help="field holding the publication date YYYY-MM-DD (default: date)")
    parser.add_argument("--partition-documents", type=positive, default=1000, metavar="N",
                        help="documents per partition and part file (default: 1000; "
                             "for JSON Lines, byte ranges of about N lines)")
    parser.add_argument("--batch-documents", type=positive, default=8, metavar="N",
                        help="documents parsed together by a worker, and journaled together "
                             "(default: 8)")
    parser.add_argument("--no-progress", dest="progress", action="store_false",
                        help="no progress bar (the summary line is still printed)")
    arguments = parser.parse_args(argv)
    if arguments.scheduler and arguments.workers:
        parser.error("--workers is for the local cluster; the workers of --scheduler are its own")
    return arguments


def main(argv=None):
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.WARNING, format=f"{PROG}: %(message)s")
    options = Options(**vars(arguments))
    try:
        outcome = run(options)
    except RunError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; rerun the same command to resume", file=sys.stderr)
        return EXIT_INTERRUPTED
    print(f"{PROG}: {outcome.summary()}", flush=True)
    return outcome.status


if __name__ == "__main__":
    sys.exit(main())
