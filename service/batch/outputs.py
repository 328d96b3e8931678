"""The output folder of a run: part files, the journal of a part being written, the manifest.

    part-00000.jsonl | part-00000.parquet   one per input partition
    _run.json                 the run's options and its partitions (a rerun resumes it)
    _parts/part-00000.json    counts of a finished part
    _failures/part-00000.jsonl  (parquet output) the documents that failed, with their error
    _work/part-00000/*.jsonl  journal of a part in progress: answers of its first documents
    _SUCCESS                  the manifest, once every part is written

Every file is written under a hidden temporary name and then renamed, so a reader
(or a rerun) never sees half a file. A part is done when its file exists; a part
that was cut keeps its journal, and the rerun goes on after the last document in it.
"""
import json
import os
import uuid

import fsspec
from fsspec.implementations.local import LocalFileSystem

RUN_FILE = "_run.json"
MANIFEST = "_SUCCESS"
PARTS_DIR = "_parts"
FAILURES_DIR = "_failures"
WORK_DIR = "_work"
TEMP_MARK = ".tmp-"
FORMATS = ("jsonl", "parquet")


def dumps(value):
    """One JSON line; dates and other values JSON has no type for are written as strings."""
    return json.dumps(value, ensure_ascii=False, default=str)


class OutputFolder:
    """A local folder or fsspec URL, with atomic writes."""

    def __init__(self, url):
        self.url = url
        self.fs, self.root = fsspec.core.url_to_fs(url)

    def path(self, relative):
        return f"{self.root.rstrip('/')}/{relative}"

    def exists(self, relative):
        return self.fs.exists(self.path(relative))

    def write(self, relative, fill, publish=True):
        """Write through `fill(binary stream)` under a temporary name, then rename it (or, with
        `publish=False`, return the temporary path for the caller to rename with `publish`)."""
        final = self.path(relative)
        folder, _, name = final.rpartition("/")
        self.fs.makedirs(folder, exist_ok=True)
        temporary = f"{folder}/.{name}{TEMP_MARK}{uuid.uuid4().hex}"
        try:
            with self.fs.open(temporary, "wb") as stream:
                fill(stream)
                if isinstance(self.fs, LocalFileSystem):
                    stream.flush()
                    os.fsync(stream.f.fileno())
            if not publish:
                return temporary
            self.fs.mv(temporary, final)
            return final
        except BaseException:
            if self.fs.exists(temporary):
                self.fs.rm(temporary)
            raise

    def publish(self, temporary, relative):
        self.fs.mv(temporary, self.path(relative))

    def write_json(self, relative, value):
        self.write(relative, lambda stream: stream.write((json.dumps(value, indent=1) + "\n").encode()))

    def read_json(self, relative):
        with self.fs.open(self.path(relative), "rb") as stream:
            return json.loads(stream.read().decode("utf-8"))

    def listing(self, relative):
        """Names in a subfolder, sorted ([] when it does not exist)."""
        folder = self.path(relative)
        if not self.fs.isdir(folder):
            return []
        return sorted(p.rstrip("/").rsplit("/", 1)[-1] for p in self.fs.ls(folder, detail=False))

    def remove(self, relative):
        if self.exists(relative):
            self.fs.rm(self.path(relative), recursive=True)

    def remove_temporaries(self):
        """Temporary files a killed run left (to be called when no run writes here)."""
        for path in self.fs.find(self.root):
            if TEMP_MARK in path.rsplit("/", 1)[-1]:
                self.fs.rm(path)


# ---- a part, its journal and its file ---------------------------------------------------

class PartIncomplete(RuntimeError):
    """The journal of a part lacks answers when the part is written."""


class PartStore:
    """The outputs of one partition: its journal while in progress, then its part file."""

    def __init__(self, folder, name, output_format):
        self.folder = folder
        self.name = name
        self.output_format = output_format
        self.part_file = f"{name}.{output_format}"
        self.stats_file = f"{PARTS_DIR}/{name}.json"
        self.work_dir = f"{WORK_DIR}/{name}"

    def finished(self):
        return self.folder.exists(self.part_file) and self.folder.exists(self.stats_file)

    def stats(self):
        return self.folder.read_json(self.stats_file)

    def chunks(self):
        return [f"{self.work_dir}/{n}" for n in self.folder.listing(self.work_dir)
                if n.endswith(".jsonl") and not n.startswith(".")]

    def journal_lines(self):
        """The answers already in the journal, in input order (dicts, one at a time)."""
        for chunk in self.chunks():
            with self.folder.fs.open(self.folder.path(chunk), "rb") as stream:
                for line in stream:
                    if line.strip():
                        yield json.loads(line)

    def journal_ids(self):
        return [line["id"] for line in self.journal_lines()]

    def add_chunk(self, first, lines):
        """Journal the answers of documents `first`, `first + 1`, ... of the partition."""
        data = "".join(dumps(line) + "\n" for line in lines).encode("utf-8")
        self.folder.write(f"{self.work_dir}/{first:09d}.jsonl", lambda stream: stream.write(data))

    def discard_journal(self):
        self.folder.remove(self.work_dir)

    def finish(self, documents):
        """Write the part file from the journal, which must hold the partition's `documents`
        answers (else another run changed it meanwhile: PartIncomplete); returns the counts."""
        counts = {"part": self.name, "documents": 0, "quotations": 0, "failures": 0}
        failed = []

        def count(lines):
            for line in lines:
                counts["documents"] += 1
                counts["quotations"] += len(line.get("quotes", ()))
                if "error" in line:
                    counts["failures"] += 1
                    failed.append(line)
                yield line

        staged = self.folder.write(self.part_file, publish=False,
                                   fill=lambda stream: write_part(stream, count(self.journal_lines()),
                                                                  self.output_format))
        if counts["documents"] != documents:
            self.folder.fs.rm(staged)
            raise PartIncomplete(f"the journal of {self.name} holds {counts['documents']} answers for "
                                 f"{documents} documents: another run is writing to this folder")
        if self.output_format == "parquet" and failed:
            self.folder.write(f"{FAILURES_DIR}/{self.name}.jsonl",
                              lambda stream: stream.write("".join(dumps(f) + "\n" for f in failed)
                                                          .encode("utf-8")))
        self.folder.write_json(self.stats_file, counts)
        self.folder.publish(staged, self.part_file)
        self.discard_journal()
        return counts


def write_part(stream, lines, output_format):
    if output_format == "jsonl":
        for line in lines:
            stream.write((dumps(line) + "\n").encode("utf-8"))
    else:
        write_quotation_rows(stream, lines)


# ---- Parquet: one row per quotation -----------------------------------------------------

def quotation_schema():
    import pyarrow as pa

    text, number = pa.string(), pa.int64()
    return pa.schema([
        ("document_id", text), ("quote_index", number), ("start", number), ("end", number),
        ("text", text), ("type", text),
        ("speaker_id", text), ("speaker_name", text), ("speaker_resolved_by", text),
        ("speaker_mention_text", text), ("speaker_mention_start", number),
        ("speaker_mention_end", number), ("speaker_gender", text),
        ("cue_text", text), ("cue_lemma", text), ("cue_start", number), ("cue_end", number),
        ("confidence", pa.float64()),
    ])


def quotation_row(document_id, index, quote):
    speaker = quote.get("speaker") or {}
    mention = speaker.get("mention") or {}
    cue = quote.get("cue") or {}
    return {"document_id": document_id, "quote_index": index, "start": quote["start"],
            "end": quote["end"], "text": quote["text"], "type": quote["type"],
            "speaker_id": speaker.get("id"), "speaker_name": speaker.get("name"),
            "speaker_resolved_by": speaker.get("resolved_by"),
            "speaker_mention_text": mention.get("text"), "speaker_mention_start": mention.get("start"),
            "speaker_mention_end": mention.get("end"), "speaker_gender": speaker.get("gender"),
            "cue_text": cue.get("text"), "cue_lemma": cue.get("lemma"), "cue_start": cue.get("start"),
            "cue_end": cue.get("end"), "confidence": quote.get("confidence")}


ROWS_PER_GROUP = 10_000


def write_quotation_rows(stream, lines):
    """The quotations of the answers as Parquet rows, a row group every ROWS_PER_GROUP rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = quotation_schema()
    rows = []
    with pq.ParquetWriter(stream, schema) as writer:
        for line in lines:
            rows += [quotation_row(line["id"], i, q) for i, q in enumerate(line.get("quotes", ()))]
            if len(rows) >= ROWS_PER_GROUP:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
        if rows:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))


# ---- the run file and the manifest -------------------------------------------------------

def finished_counts(folder):
    """Counts of every finished part (from _parts), by part name."""
    counts = {}
    for name in folder.listing(PARTS_DIR):
        if name.endswith(".json") and not name.startswith("."):
            stats = folder.read_json(f"{PARTS_DIR}/{name}")
            counts[stats["part"]] = stats
    return counts
