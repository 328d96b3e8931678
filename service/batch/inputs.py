"""The input of a run: what kind it is, its partitions, and the documents of one partition.

Planning happens on the client and reads little: file listings, the first MiB of a
JSON Lines file (to size its byte ranges), Parquet footers; only a CSV is scanned
once, because a quoted field may hold line breaks. Reading happens on the workers,
one partition at a time, streamed: a partition is at most about
`partition_documents` documents, whatever the size of the input.

    txt      a folder of .txt files, id = file name without .txt
    jsonl    a .jsonl/.ndjson/.json file or folder of them, {"id", "text", "date"?, ...} a line
    csv      a .csv file or folder of them, same columns, with a header
    parquet  a .parquet file or dataset (folder), same columns
"""
import csv
import io
import json
from dataclasses import asdict, dataclass

import fsspec

from service.batch.documents import NOT_READABLE, Document, error, from_bytes, from_record

KINDS = ("txt", "jsonl", "csv", "parquet")
SUFFIXES = {".txt": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
            ".csv": "csv", ".parquet": "parquet", ".parq": "parquet"}
SAMPLE_BYTES = 1 << 20
PARQUET_READ_ROWS = 64
csv.field_size_limit(1 << 30)      # articles are long fields


class InputError(ValueError):
    """The input cannot be planned: missing, empty, of no known kind or of several kinds."""


@dataclass(frozen=True)
class Partition:
    """A bounded slice of the input, planned on the client and read on a worker.

    txt: `files`; jsonl and csv: bytes [start, end) of `url` (csv: `columns` from its
    header, `first` the number of its first record); parquet: rows [first, first + rows)
    of row group `start` of `url`. `expected` is its number of documents (an estimate
    for JSON Lines)."""

    index: int
    kind: str
    url: str = ""
    files: tuple = ()
    start: int = 0
    end: int = 0
    first: int = 0
    rows: int = 0
    columns: tuple = ()
    expected: int = 0

    @property
    def name(self):
        return f"part-{self.index:05d}"

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        return cls(**{**data, "files": tuple(data.get("files", ())),
                      "columns": tuple(data.get("columns", ()))})


# ---- what the input is ------------------------------------------------------------------

def suffix_kind(path):
    for suffix, kind in SUFFIXES.items():
        if path.lower().endswith(suffix):
            return kind
    return None


def hidden(path, root):
    """Files a reader skips: _SUCCESS, _metadata, .crc and other names starting with _ or ."""
    relative = path[len(root):].lstrip("/")
    return any(part.startswith(("_", ".")) for part in relative.split("/"))


def input_files(url):
    """(filesystem, kind, sorted file paths) of an input file or folder."""
    fs, root = fsspec.core.url_to_fs(url)
    if not fs.exists(root):
        raise InputError(f"{url}: no such file or folder")
    if not fs.isdir(root):
        return fs, suffix_kind(root) or "jsonl", [root]
    files = sorted(p for p in fs.find(root) if not hidden(p, root) and suffix_kind(p))
    kinds = sorted({suffix_kind(p) for p in files})
    if not kinds:
        raise InputError(f"{url}: no .txt, .jsonl, .csv or .parquet file in this folder")
    if len(kinds) > 1:
        raise InputError(f"{url}: files of several kinds ({', '.join(kinds)}); give one kind per run")
    return fs, kinds[0], files


# ---- planning ---------------------------------------------------------------------------

def plan(url, partition_documents):
    """The partitions of the input, in order; InputError when it cannot be read."""
    fs, kind, files = input_files(url)
    planner = {"txt": plan_txt, "jsonl": plan_jsonl, "csv": plan_csv, "parquet": plan_parquet}[kind]
    slices = planner(fs, files, partition_documents)
    return [Partition(index=i, kind=kind, **s) for i, s in enumerate(slices)]


def plan_txt(fs, files, size):
    urls = [fs.unstrip_protocol(p) for p in files]
    for first in range(0, len(urls), size):
        group = tuple(urls[first:first + size])
        yield {"files": group, "expected": len(group)}


def average_line_bytes(fs, path):
    with fs.open(path, "rb") as stream:
        sample = stream.read(SAMPLE_BYTES)
    return max(1, len(sample) // max(1, sample.count(b"\n")))


def plan_jsonl(fs, files, size):
    """Byte ranges of about `size` lines (a line belongs to the range its first byte is in)."""
    for path in files:
        total = fs.size(path)
        if not total:
            continue
        line_bytes = average_line_bytes(fs, path)
        block = max(1, line_bytes * size)
        for start in range(0, total, block):
            end = min(total, start + block)
            yield {"url": fs.unstrip_protocol(path), "start": start, "end": end,
                   "expected": max(1, round((end - start) / line_bytes))}


def csv_record_ends(stream):
    """(header, byte offset after the header, offsets after each record) of a CSV stream."""
    position = 0

    def lines():
        nonlocal position
        for line in stream:
            position += len(line)
            yield line.decode("utf-8", errors="replace")

    reader = csv.reader(lines())
    header = next(reader, None)
    header_end = position
    return header, header_end, (position for row in reader if row)


def plan_csv(fs, files, size):
    """Byte ranges of `size` records each, found by one streamed pass over each file."""
    for path in files:
        url = fs.unstrip_protocol(path)
        with fs.open(path, "rb") as stream:
            header, start, ends = csv_record_ends(stream)
            if not header:
                continue
            first, count, end = 0, 0, start
            for end in ends:
                count += 1
                if count == size:
                    yield {"url": url, "start": start, "end": end, "first": first,
                           "columns": tuple(header), "expected": count}
                    start, first, count = end, first + count, 0
            if count:
                yield {"url": url, "start": start, "end": end, "first": first,
                       "columns": tuple(header), "expected": count}


def plan_parquet(fs, files, size):
    """Slices of `size` rows of each row group of each file (only footers are read)."""
    import pyarrow.parquet as pq

    for path in files:
        with fs.open(path, "rb") as stream:
            metadata = pq.ParquetFile(stream).metadata
        for group in range(metadata.num_row_groups):
            rows = metadata.row_group(group).num_rows
            for first in range(0, rows, size):
                count = min(size, rows - first)
                yield {"url": fs.unstrip_protocol(path), "start": group, "first": first,
                       "rows": count, "expected": count}


# ---- reading one partition (on a worker) ------------------------------------------------

def read_partition(partition, date_field="date"):
    """The documents of a partition, in input order, one at a time."""
    reader = {"txt": read_txt, "jsonl": read_jsonl, "csv": read_csv, "parquet": read_parquet}
    return reader[partition.kind](partition, date_field)


def stem(url):
    name = url.rstrip("/").rsplit("/", 1)[-1]
    return name[:-4] if name.lower().endswith(".txt") else name.rsplit(".", 1)[0]


def read_txt(partition, date_field):
    for url in partition.files:
        with fsspec.open(url, "rb") as stream:
            yield from_bytes(stem(url), stream.read())


def partition_lines(stream, start, end):
    """(offset, line bytes) of the lines whose first byte lies in [start, end)."""
    if start > 0:
        stream.seek(start - 1)
        stream.readline()                  # the end of the line that began before `start`
    offset = stream.tell()
    while offset < end:
        line = stream.readline()
        if not line:
            return
        yield offset, line
        offset += len(line)


def id_of_undecodable(line, place):
    """The id of a JSON line that is not UTF-8 when it can still be read, else `place`."""
    try:
        record = json.loads(line.decode("utf-8", errors="surrogateescape"))
        ident = record.get("id") if isinstance(record, dict) else None
        return ident if isinstance(ident, str) and ident and not has_escaped_bytes(ident) else place
    except ValueError:
        return place


def jsonl_document(line, place, date_field):
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Document(id=id_of_undecodable(line, place),
                        error=error(NOT_READABLE, f"not UTF-8 text (byte {exc.start})"))
    try:
        record = json.loads(text.removeprefix("\ufeff"))      # a byte order mark opens some files
    except ValueError as exc:
        return Document(id=place, error=error(NOT_READABLE, f"not valid JSON: {exc}"))
    return from_record(record, place, date_field)


def read_jsonl(partition, date_field):
    name = stem(partition.url)
    with fsspec.open(partition.url, "rb") as stream:
        for offset, line in partition_lines(stream, partition.start, partition.end):
            if line.strip():
                yield jsonl_document(line, f"{name}@{offset}", date_field)


def read_csv(partition, date_field):
    name = stem(partition.url)
    with fsspec.open(partition.url, "rb") as stream:
        stream.seek(partition.start)
        raw = stream.read(partition.end - partition.start)
    text = raw.decode("utf-8", errors="surrogateescape")
    rows = csv.DictReader(io.StringIO(text, newline=""), fieldnames=list(partition.columns))
    for number, row in enumerate(rows, partition.first):
        place = f"{name}#{number}"
        bad = next((v for v in row.values() if isinstance(v, str) and has_escaped_bytes(v)), None)
        if bad is not None:
            yield Document(id=row.get("id") or place,
                           error=error(NOT_READABLE, "not UTF-8 text (an invalid byte in the record)"))
            continue
        yield from_record({k: v for k, v in row.items() if k is not None}, place, date_field)


def has_escaped_bytes(value):
    return any("\udc80" <= c <= "\udcff" for c in value)


def read_parquet(partition, date_field):
    import pyarrow.parquet as pq

    name = stem(partition.url)
    with fsspec.open(partition.url, "rb") as stream:
        batches = pq.ParquetFile(stream).iter_batches(batch_size=PARQUET_READ_ROWS,
                                                      row_groups=[partition.start])
        row, last = 0, partition.first + partition.rows
        for batch in batches:
            if row + batch.num_rows <= partition.first:
                row += batch.num_rows
                continue
            for record in batch.to_pylist():
                if partition.first <= row < last:
                    yield from_record(record, f"{name}#{partition.start}.{row}", date_field)
                row += 1
            if row >= last:
                return
