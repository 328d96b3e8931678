"""The page for people: GET / and its assets under /ui/, with the seed articles as samples.

A plain Flask blueprint with no logic of its own beyond serving files: the page
calls the JSON API (POST /quotes) from the browser.  All script and style live
in static files so that a strict `default-src 'self'` content security policy
holds.
"""
from pathlib import Path

from flask import Blueprint, abort, jsonify, send_from_directory

from service.config import ROOT

STATIC_DIR = Path(__file__).resolve().parent / "static"
SAMPLES_DIR = ROOT / "seeds"
SAMPLE_SUFFIX = ".txt"
TITLE_CHARS = 80

blp = Blueprint("web", __name__, static_folder=str(STATIC_DIR), static_url_path="/ui")


def sample_names(folder=SAMPLES_DIR):
    """The sample articles on offer: the `.txt` files of the samples folder, sorted."""
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix == SAMPLE_SUFFIX)


def sample_title(path):
    """The first line of an article, shortened, to name it in the sample list."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        first = handle.readline().strip()
    return first if len(first) <= TITLE_CHARS else first[:TITLE_CHARS - 1].rstrip() + "…"


@blp.get("/")
def index():
    return send_from_directory(STATIC_DIR, "index.html", max_age=0)


@blp.get("/ui/samples")
def samples():
    return jsonify([{"name": name, "title": sample_title(SAMPLES_DIR / name)}
                    for name in sample_names()])


@blp.get("/ui/samples/<name>")
def sample(name):
    # Only a name from the folder's own listing is served: no path is ever built from input.
    if name not in sample_names():
        abort(404, description=f"no sample named {name!r}")
    text = (SAMPLES_DIR / name).read_text(encoding="utf-8")
    return text, 200, {"Content-Type": "text/plain; charset=utf-8"}
