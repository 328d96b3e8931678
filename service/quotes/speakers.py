"""The list of known speakers (a data file) and linking names and role descriptions to it.

Matching ignores case, accents and titles (M., Mme, le président…), accepts the
surname alone, first name + surname, and every alias the file lists (usual
transliterations).  Roles carry dates, so a description such as « le ministre
russe de la Défense » names whoever held the office on the article's date.
"""
import hashlib
import json
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from datetime import date as Date
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Optional

from service.config import Settings
from service.quotes.french import FOLDED_ARTICLES, NAME_TITLES, SAME_OFFICE_ADJECTIVES


@lru_cache(maxsize=65536)
def fold(text):
    """Lower case, no accents, apostrophes and dashes unified, single spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("’", "'").replace("‘", "'").replace("‐", "-").replace("–", "-")
    return " ".join(text.split())


def name_tokens(text):
    """The folded words of a name, titles and leading articles dropped."""
    words = re.findall(r"[\w-]+", fold(text).replace("'", " "))
    while words and (words[0] in NAME_TITLES or words[0] in FOLDED_ARTICLES):
        words = words[1:]
    return words


@lru_cache(maxsize=65536)
def description_key(text):
    """A role description reduced for comparison: « le ministre russe de la Défense » -> « ministre russe de la
    defense »."""
    words = re.findall(r"[\w-]+", fold(text).replace("'", " "))
    while words and words[0] in FOLDED_ARTICLES:
        words = words[1:]
    while words and words[0] in SAME_OFFICE_ADJECTIVES:
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class Role:
    title: str
    variants: tuple
    start: Optional[str]
    until: Optional[str]

    def keys(self):
        return _role_keys(self.title, self.variants)

    def held_on(self, date):
        if not date:
            return self.until is None
        day = _as_day(date)
        return (self.start is None or self.start <= day) and (self.until is None or day < self.until)


@lru_cache(maxsize=4096)
def _role_keys(title, variants):
    return frozenset(description_key(t) for t in (title,) + variants)


def _as_day(date):
    """'2024', '2024-12' or '2024-12-03' -> a comparable ISO day (the middle of a month or year)."""
    date = str(date).strip()[:10]
    if re.fullmatch(r"\d{4}", date):
        return date + "-07-01"
    if re.fullmatch(r"\d{4}-\d{2}", date):
        return date + "-15"
    return date


@dataclass(frozen=True)
class KnownSpeaker:
    id: str
    name: str
    gender: Optional[str]
    aliases: tuple
    roles: tuple = field(default_factory=tuple)

    def name_keys(self):
        """Folded full names, and surnames alone."""
        keys = set()
        for alias in (self.name,) + self.aliases:
            tokens = name_tokens(alias)
            if tokens:
                keys.add(" ".join(tokens))
                keys.add(tokens[-1])
        return keys

    def to_dict(self):
        return {"id": self.id, "name": self.name, "aliases": list(self.aliases), "gender": self.gender,
                "roles": [{"title": r.title, "from": r.start, "until": r.until} for r in self.roles]}


class SpeakerList:
    """Known speakers, looked up by name or by role description; `source` is the file's version as it
    was read ({"file", "sha256", "bytes"}), None for a list made in code."""

    def __init__(self, speakers, source=None):
        self.speakers = list(speakers)
        self.source = source
        self._by_name = {}
        for speaker in self.speakers:
            for key in speaker.name_keys():
                self._by_name.setdefault(key, []).append(speaker)

    def __len__(self):
        return len(self.speakers)

    def get(self, speaker_id):
        return next((s for s in self.speakers if s.id == speaker_id), None)

    def by_name(self, text):
        """The known speaker a written name designates (« M. Peskov », « Vladimir Putin »), or None."""
        tokens = name_tokens(text)
        if not tokens:
            return None
        for size in range(len(tokens), 0, -1):      # longest run of words first
            for i in range(0, len(tokens) - size + 1):
                found = self._by_name.get(" ".join(tokens[i:i + size]))
                if found and len(found) == 1:
                    return found[0]
        return None

    def by_role(self, description, date=None, preferred=()):
        """Who held the office a description names on `date` (open-ended role when no date).

        Among several holders, one in `preferred` (speakers the article names) wins.
        """
        key = description_key(description)
        holders = [(s, r) for s in self.speakers for r in s.roles if key and key in r.keys()]
        if not holders:
            return None
        in_article = [s for s, _ in holders if s.id in preferred]
        if date:
            dated = [s for s, r in holders if r.held_on(date)]
            return (dated[0] if dated else None)
        if len({s.id for s in in_article}) == 1:
            return in_article[0]
        current = [s for s, r in holders if r.until is None]
        return current[0] if len({s.id for s in current}) == 1 else None

    @cached_property
    def role_keys(self):
        """Every folded role description the list knows."""
        return sorted({k for s in self.speakers for r in s.roles for k in r.keys()})

    def to_dicts(self):
        return [s.to_dict() for s in self.speakers]


def _speaker(entry):
    roles = tuple(Role(r["title"], tuple(r.get("variants", ())), r.get("from"), r.get("until"))
                  for r in entry.get("roles", ()))
    return KnownSpeaker(id=entry["id"], name=entry["name"], gender=entry.get("gender"),
                        aliases=tuple(entry.get("aliases", ())), roles=roles)


GENDERS = ("masc", "fem", None)
SPEAKER_FIELDS = {"id", "name", "gender", "aliases", "roles"}
ROLE_FIELDS = {"title", "variants", "from", "until"}


class SpeakerListError(ValueError):
    """A speaker list that does not follow its format; the message names the entry and the field."""


def _text_list(value, where):
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SpeakerListError(f"{where}: a list of non-empty strings expected, got {value!r}")


def _check_date(value, where):
    if value is None:
        return None
    try:
        if isinstance(value, str) and len(value) == len("YYYY-MM-DD"):
            return Date.fromisoformat(value)
    except ValueError:
        pass
    raise SpeakerListError(f"{where}: a date YYYY-MM-DD or null expected, got {value!r}")


def _check_role(role, where):
    if not isinstance(role, dict):
        raise SpeakerListError(f"{where}: an object expected")
    unknown = set(role) - ROLE_FIELDS
    if unknown:
        raise SpeakerListError(f"{where}: unknown field {sorted(unknown)[0]!r} "
                               f"(fields: {', '.join(sorted(ROLE_FIELDS))})")
    if not isinstance(role.get("title"), str) or not role["title"].strip():
        raise SpeakerListError(f"{where}.title: a non-empty string expected")
    _text_list(role.get("variants", []), f"{where}.variants")
    start, end = _check_date(role.get("from"), f"{where}.from"), _check_date(role.get("until"), f"{where}.until")
    if start and end and start >= end:
        raise SpeakerListError(f"{where}: from {role['from']} is not before until {role['until']}")


def check_entry(entry, number):
    """A speaker entry as the format says (service/data/speakers.json), or SpeakerListError naming it."""
    where = f"speaker {number}"
    if not isinstance(entry, dict):
        raise SpeakerListError(f"{where}: an object expected")
    if isinstance(entry.get("id"), str) and entry["id"].strip():
        where = f"speaker {number} ({entry['id']!r})"
    unknown = set(entry) - SPEAKER_FIELDS
    if unknown:
        raise SpeakerListError(f"{where}: unknown field {sorted(unknown)[0]!r} "
                               f"(fields: {', '.join(sorted(SPEAKER_FIELDS))})")
    for name in ("id", "name"):
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise SpeakerListError(f"{where}.{name}: a non-empty string expected")
    if entry.get("gender") not in GENDERS:
        raise SpeakerListError(f"{where}.gender: \"masc\", \"fem\" or null expected, got {entry['gender']!r}")
    _text_list(entry.get("aliases", []), f"{where}.aliases")
    roles = entry.get("roles", [])
    if not isinstance(roles, list):
        raise SpeakerListError(f"{where}.roles: a list expected")
    for index, role in enumerate(roles, 1):
        _check_role(role, f"{where}.roles[{index}]")


def checked_entries(data):
    """The speaker entries of a parsed speaker list file, each checked; ids unique."""
    entries = data.get("speakers") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise SpeakerListError("a list of speakers expected (or an object with a \"speakers\" list)")
    seen = set()
    for number, entry in enumerate(entries, 1):
        check_entry(entry, number)
        if entry["id"] in seen:
            raise SpeakerListError(f"speaker {number}: the id {entry['id']!r} is already taken")
        seen.add(entry["id"])
    return entries


def load_speakers(path):
    """Read a speaker list file (see service/data/speakers.json for the format); SpeakerListError, naming
    the entry and the field, when it does not follow it."""
    raw = Path(path).read_bytes()
    data = json.loads(raw.decode("utf-8"))
    source = {"file": Path(path).name, "sha256": hashlib.sha256(raw).hexdigest(), "bytes": len(raw)}
    return SpeakerList((_speaker(e) for e in checked_entries(data)), source)


_lock = threading.Lock()


def speaker_list(settings=None):
    """The speaker list in use (Settings.speakers_file), read once per file."""
    if settings is None:
        settings = Settings.from_env()
    with _lock:
        return _loaded_speakers(Path(settings.speakers_file))


@cache
def _loaded_speakers(path):
    return load_speakers(path)
