"""The language of a text: French, or a language the service does not read.

py3langid (a naive Bayes model over byte n-grams, 97 languages, offline, about a
millisecond for an article) gives each language a probability.  A text is read
as French unless it is long enough to judge and another language is clearly
ahead: the service is French-only, so a doubt goes to French (a short dispatch,
a list of names, a text full of quoted English).

No web framework here: the API calls `detect()` and decides what to answer.
"""
import re
import threading
from dataclasses import dataclass

FRENCH = "fr"
# Fewer letters than this and the text is not judged (read as French).
MIN_LETTERS = 40
# Another language must have at least this probability, and French at most NOT_FRENCH_BELOW.
CONFIDENT = 0.95
NOT_FRENCH_BELOW = 0.02
# Only the start of a long text is read: enough to tell, and the time stays flat.
SAMPLE_CHARS = 5000

# Names for the messages; any other language is named by its code.
NAMES = {"fr": "French", "en": "English", "de": "German", "es": "Spanish", "it": "Italian",
         "pt": "Portuguese", "nl": "Dutch", "ca": "Catalan", "ro": "Romanian", "pl": "Polish",
         "ru": "Russian", "uk": "Ukrainian", "ar": "Arabic", "zh": "Chinese", "ja": "Japanese",
         "tr": "Turkish", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish"}

LETTER = re.compile(r"[^\W\d_]", re.UNICODE)

_identifier = None
_lock = threading.Lock()


@dataclass(frozen=True)
class Detection:
    """What the identifier made of a text."""

    language: str           # ISO 639-1 code of the most likely language ("fr" when not judged)
    probability: float      # its probability (1.0 when not judged)
    french: float           # the probability of French
    judged: bool            # False when the text was too short to judge

    @property
    def is_french(self):
        """True unless another language is clearly ahead of French."""
        return not (self.judged and self.language != FRENCH and self.probability >= CONFIDENT
                    and self.french <= NOT_FRENCH_BELOW)

    @property
    def name(self):
        return NAMES.get(self.language, self.language)

    def to_dict(self):
        return {"language": self.language, "probability": round(self.probability, 3)}


def identifier():
    """py3langid's identifier with probabilities, loaded once per process."""
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def letters(text):
    return len(LETTER.findall(text))


def detect(text):
    """The Detection of `text`."""
    sample = text[:SAMPLE_CHARS]
    if letters(sample) < MIN_LETTERS:
        return Detection(FRENCH, 1.0, 1.0, judged=False)
    ranked = identifier().rank(sample)
    language, probability = ranked[0]
    french = next((p for code, p in ranked if code == FRENCH), 0.0)
    return Detection(language, float(probability), float(french), judged=True)


def is_french(text):
    return detect(text).is_french


def language_read_in(text, forced=None):
    """(the language the text is read in, its Detection): French when it is French or `forced` is
    "fr" (the answer then reports the language detected); None when it is to be refused."""
    detection = detect(text)
    if detection.is_french:
        return FRENCH, detection
    if forced == FRENCH:
        return detection.language, detection
    return None, detection


def not_french_message(detection, how_to_force):
    """The refusal of a text that is not French, saying how to read it as French anyway."""
    return (f"the text is in {detection.name} ({detection.language}), not French: "
            f"{how_to_force} to read it as French anyway")
