"""The page for people, driven in a real headless Chromium against the real gunicorn server:
French by default with an English switch, one readable colour per speaker, speakers in French
order, exports as CSV and JSON, a notice for a text that is not French.

Needs the Debian packages `chromium` and `chromium-driver` (the test fails, not
skips, without them) and the Python package `selenium`.
"""
import contextlib
import csv
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_efb5aebf93c93801.txt"
ARTIFACTS = ROOT / "tests" / "artifacts"
MODEL_FILES = ("tokenize.pt", "mwt.pt", "pos.pt", "lemma.pt", "depparse.pt")
START_TIMEOUT_S = 120
ANSWER_TIMEOUT_S = 120
# Sentences of the seed where Poutine is the subject of the reporting verb.
PUTIN_QUOTES = ("s'y adapterait", "le plus rapidement possible")
API_KEY = "page-test-key"
KEYED_TEXT = "« Nous ne céderons pas », a déclaré le ministre."
INK = "#1d232b"          # the page's text colour (app.css --ink)
WHITE = "#ffffff"
# Speakers whose names sort differently in French order and in code point order (É after Z).
NAMED_TEXT = ("« Nous agirons vite », a déclaré Zoé Durand jeudi.\n\n"
              "« Rien ne change pour nous », a affirmé Élisabeth Borne.\n\n"
              "« C'est inexact », a répondu Arnaud Montebourg.")
ENGLISH_TEXT = ("The Kremlin said on Thursday that talks with Ukraine had stalled, and a spokesman "
                "added that Moscow remained open to dialogue. \"We are ready to negotiate,\" he said.")


# ---- the real server ----------------------------------------------------------------------

def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def procfile_command():
    for line in (ROOT / "Procfile").read_text(encoding="utf-8").splitlines():
        kind, _, command = line.partition(":")
        if kind.strip() == "web":
            return command.strip()
    raise AssertionError("the Procfile has no `web:` process")


def wait_until_serving(process, url, log):
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            # Serving, and the models loaded, or failed to (a request gets 503 while they load).
            ready = requests.get(url + "ready", timeout=2)
            if requests.get(url, timeout=2).status_code == 200 and \
                    (ready.status_code == 200 or "loading" not in ready.json().get("message", "")):
                return
        except (requests.ConnectionError, requests.Timeout):  # workers still starting
            pass
        time.sleep(0.5)
    raise AssertionError(f"gunicorn did not serve {url} within {START_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")


@contextlib.contextmanager
def serving(tmp_dir, **extra_env):
    """The service as deployed: the Procfile's web command, one worker, on a free port."""
    port = free_port()
    venv_bin = str(Path(sys.executable).parent)
    env = {**os.environ, **extra_env, "PORT": str(port), "WEB_CONCURRENCY": "1",
           "PATH": venv_bin + os.pathsep + os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)}
    log = tmp_dir / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(["bash", "-c", f"exec {procfile_command()}"], cwd=ROOT, env=env,
                                   stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(process, base + "/", log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("gunicorn")) as base:
        yield base


# ---- the browser --------------------------------------------------------------------------

def chromium_paths():
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not (browser and driver):
        pytest.fail("headless Chromium is needed for this test: "
                    "apt-get install -y chromium chromium-driver", pytrace=False)
    return browser, driver


@pytest.fixture(scope="module")
def downloads(tmp_path_factory):
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    binary, driver_path = chromium_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,1000", "--lang=en"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow",
                                                           "downloadPath": str(downloads)})
    try:
        yield driver
    finally:
        driver.quit()


def wait(driver, condition, timeout=10):
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition)


def by_id(driver, name):
    return driver.find_element(By.ID, name)


def all_of(driver, selector):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def real_models_present():
    models = Path(os.environ.get("QUOTES_MODELS_DIR") or ROOT / "models" / "fr")
    return models.resolve() == (ROOT / "models" / "fr").resolve() and \
        all((models / name).is_file() for name in MODEL_FILES)


def severe_console_errors(driver):
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def relative_luminance(colour):
    """WCAG 2 relative luminance of "#rrggbb" or "rgb(r, g, b)"."""
    if colour.startswith("#"):
        channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    else:
        channels = [int(float(c)) for c in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3]]
    linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    """WCAG 2 contrast ratio of two colours."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def french_order_key(name):
    """Letters without accents, case folded: the base order French collation gives."""
    decomposed = unicodedata.normalize("NFD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold(), name


def speaker_names(driver):
    return [b.find_element(By.CSS_SELECTOR, ".name").text for b in all_of(driver, "#speakers button.speaker")
            if b.get_attribute("data-speaker-key")]


def ui_language(driver, language):
    """Switch the page to `language` ("fr" or "en") with its button, when it is not already."""
    if driver.execute_script("return document.documentElement.lang") != language:
        by_id(driver, "ui-language").click()
    wait(driver, lambda d: d.execute_script("return document.documentElement.lang") == language)


def set_text(driver, text):
    driver.execute_script("arguments[0].value = arguments[1]", by_id(driver, "text"), text)


def extract_on_page(driver):
    by_id(driver, "extract").click()
    wait(driver, lambda d: by_id(d, "result").get_attribute("aria-busy") == "false"
         and (not by_id(d, "result").get_property("hidden") or by_id(d, "error").is_displayed()
              or by_id(d, "not-french").is_displayed()),
         timeout=ANSWER_TIMEOUT_S)


# ---- what the server gives the page --------------------------------------------------------

def test_page_and_samples_are_served(server):
    page = requests.get(server + "/", timeout=10)
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    samples = requests.get(server + "/ui/samples", timeout=10).json()
    assert [s["name"] for s in samples] == sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    first = requests.get(f"{server}/ui/samples/{samples[0]['name']}", timeout=10)
    assert first.text == (ROOT / "seeds" / samples[0]["name"]).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["..%2FProcfile", "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd",
                                  "000_efb5aebf93c93801", "nothing.txt"])
def test_only_listed_samples_are_served(server, name):
    answer = requests.get(f"{server}/ui/samples/{name}", timeout=10)
    assert answer.status_code == 404
    assert answer.json()["code"] == 404


# ---- the page -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def page_with_answer(server, browser):
    """The page after loading the seed from the sample list and pressing Extract."""
    browser.get(server + "/")
    wait(browser, lambda d: len(all_of(d, "#sample option")) > 1)
    Select(by_id(browser, "sample")).select_by_value(SEED.name)
    text = SEED.read_text(encoding="utf-8")
    wait(browser, lambda d: by_id(d, "text").get_property("value") == text)
    extract_on_page(browser)
    answer = requests.post(server + "/quotes", json={"text": text}, timeout=ANSWER_TIMEOUT_S)
    assert answer.status_code == 200, answer.text
    return browser, answer.json()


def test_every_quote_is_highlighted_with_its_speaker(page_with_answer):
    driver, answer = page_with_answer
    assert not by_id(driver, "error").is_displayed()
    marks = all_of(driver, "#article .quote")
    assert answer["quotes"], "the API found no quote in the seed"
    assert len(marks) == len(answer["quotes"])
    for mark, quote in zip(marks, answer["quotes"]):
        assert mark.get_attribute("textContent") == quote["text"]
        assert mark.get_attribute("data-speaker-id") == ((quote["speaker"] or {}).get("id") or "")
    assert [int(m.get_attribute("data-index")) for m in marks] == list(range(len(marks)))
    cues = [q for q in answer["quotes"] if q["cue"]]
    assert len(all_of(driver, "#article .cue")) >= (1 if cues else 0)
    assert by_id(driver, "article").get_attribute("textContent") == SEED.read_text(encoding="utf-8")
    assert severe_console_errors(driver) == []


def test_putin_quotes_carry_his_speaker_id(page_with_answer):
    if not real_models_present():
        pytest.skip("the trained models are not all in models/fr")
    driver, _ = page_with_answer
    marks = [m for m in all_of(driver, "#article .quote")
             if any(words in m.get_attribute("textContent") for words in PUTIN_QUOTES)]
    assert marks, "no quote found in Poutine's sentences"
    assert {m.get_attribute("data-speaker-id") for m in marks} == {"putin"}


def test_speaker_panel_filters_quotes(page_with_answer):
    driver, answer = page_with_answer
    if not answer["speakers"]:
        pytest.skip("no speaker found in the seed with these models")
    top = answer["speakers"][0]
    key = top["id"] or top["name"].lower()
    button = next(b for b in all_of(driver, "#speakers button.speaker")
                  if b.get_attribute("data-speaker-key") == key)
    assert button.text.split()[-1] == str(top["quotes"])
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    marks = all_of(driver, "#article .quote")
    shown = [m for m in marks if "dimmed" not in m.get_attribute("class")]
    assert len(shown) == top["quotes"]
    assert all(m.get_attribute("data-speaker-key") == key for m in shown)
    button.click()
    assert button.get_attribute("aria-pressed") == "false"
    assert not all_of(driver, "#article .quote.dimmed")


def test_keyboard_focus_shows_quote_details(page_with_answer):
    driver, answer = page_with_answer
    first = all_of(driver, "#article .quote")[0]
    # The screenshot shows the answer: the Extract row at the top, the article and the panel below.
    driver.execute_script("document.querySelector('.actions').scrollIntoView()")
    driver.execute_script("arguments[0].focus({preventScroll: true})", first)
    details = by_id(driver, "details")
    wait(driver, lambda d: details.is_displayed())
    quote = answer["quotes"][0]
    for words in ("Type", "Locuteur", "Verbe", "Confiance", "Citation 1 sur"):
        assert words in details.text
    if quote["cue"]:
        assert quote["cue"]["text"] in details.text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "page.png"))
    # The whole page from its top, as docs/page.png shows it.
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(ARTIFACTS / "page-top.png"))
    first.send_keys(Keys.ESCAPE)
    wait(driver, lambda d: not details.is_displayed())


def test_the_page_is_french_by_default_with_an_english_switch(page_with_answer, server):
    driver, answer = page_with_answer
    assert driver.execute_script("return document.documentElement.lang") == "fr"
    assert by_id(driver, "extract").text == "Extraire"
    assert driver.title.startswith("Citations : ")
    assert "citation" in by_id(driver, "summary").text
    switch = by_id(driver, "ui-language")
    assert switch.text == "English" and switch.get_attribute("lang") == "en"
    switch.click()
    assert driver.execute_script("return document.documentElement.lang") == "en"
    assert by_id(driver, "extract").text == "Extract"
    assert by_id(driver, "ui-language").text == "Français"
    n = len(answer["quotes"])
    assert by_id(driver, "summary").text.startswith(f"{n} quote")
    first = all_of(driver, "#article .quote")[0]
    driver.execute_script("arguments[0].focus({preventScroll: true})", first)
    details = by_id(driver, "details")
    wait(driver, lambda d: details.is_displayed())
    for words in ("Type", "Speaker", "Cue", "Confidence", f"Quote 1 of {n}"):
        assert words in details.text
    first.send_keys(Keys.ESCAPE)
    # The choice holds when the page is opened again.
    driver.get(server + "/")
    wait(driver, lambda d: by_id(d, "extract").text == "Extract")
    ui_language(driver, "fr")
    driver.get(server + "/")
    wait(driver, lambda d: by_id(d, "extract").text == "Extraire")
    set_text(driver, SEED.read_text(encoding="utf-8"))
    extract_on_page(driver)
    assert len(all_of(driver, "#article .quote")) == n


def test_each_speaker_has_its_own_readable_colour(page_with_answer):
    driver, answer = page_with_answer
    buttons = [b for b in all_of(driver, "#speakers button.speaker") if b.get_attribute("data-speaker-key")]
    assert len(buttons) == len(answer["speakers"]) >= 2
    swatches = [b.find_element(By.CSS_SELECTOR, ".swatch") for b in buttons]
    backgrounds = [s.value_of_css_property("background-color") for s in swatches]
    assert len(set(backgrounds)) == len(backgrounds)
    for mark in all_of(driver, "#article .quote"):
        background = mark.value_of_css_property("background-color")
        assert contrast(INK, background) >= 4.5, background
        key = mark.get_attribute("data-speaker-key")
        if key:
            button = next(b for b in buttons if b.get_attribute("data-speaker-key") == key)
            assert background == backgrounds[buttons.index(button)]
    # Any number of speakers: distinct colours, dark text readable on each (WCAG AA, 4.5:1), and
    # the line colour of mentions and swatches visible on white (3:1, non-text contrast).
    for count in (1, 2, 3, 8, 12, 20, 40):
        colours = driver.execute_script("return window.citationsPalette(arguments[0])", count)
        assert len(colours) == count
        assert len({c["background"] for c in colours}) == count
        assert len({c["ink"] for c in colours}) == count
        for colour in colours:
            assert contrast(INK, colour["background"]) >= 4.5, (count, colour)
            assert contrast(WHITE, colour["ink"]) >= 3, (count, colour)
            assert contrast(colour["ink"], colour["background"]) >= 3, (count, colour)


def test_speakers_are_listed_in_french_order(page_with_answer):
    driver, _ = page_with_answer
    names = speaker_names(driver)
    assert names == sorted(names, key=french_order_key)
    unnamed = [b for b in all_of(driver, "#speakers button.speaker") if not b.get_attribute("data-speaker-key")]
    if unnamed:
        assert all_of(driver, "#speakers button.speaker")[-1] == unnamed[0]


def test_exports_download_the_quotes_as_csv_and_json(page_with_answer, downloads):
    driver, answer = page_with_answer
    for old in downloads.iterdir():
        old.unlink()
    by_id(driver, "export-json").click()
    by_id(driver, "export-csv").click()

    def finished(extension):
        files = [p for p in downloads.glob(f"*.{extension}")]
        return files[0] if files and not list(downloads.glob("*.crdownload")) else None

    json_file = wait(driver, lambda d: finished("json"), timeout=20)
    csv_file = wait(driver, lambda d: finished("csv"), timeout=20)
    assert json_file.name.startswith("citations-") and csv_file.name.startswith("citations-")
    exported = json.loads(json_file.read_text(encoding="utf-8"))
    assert list(exported) == ["id", "language", "quotes", "speakers"]
    assert exported["quotes"] == answer["quotes"] and exported["speakers"] == answer["speakers"]
    raw = csv_file.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0][:5] == ["n°", "début", "fin", "type", "texte"]
    assert len(rows) == len(answer["quotes"]) + 1
    for row, quote in zip(rows[1:], answer["quotes"]):
        speaker = quote["speaker"] or {}
        assert row[1:5] == [str(quote["start"]), str(quote["end"]), quote["type"], quote["text"]]
        assert row[5:7] == [speaker.get("id") or "", speaker.get("name") or ""]
        assert row[9] == ((quote["cue"] or {}).get("text") or "")
        assert float(row[11]) == quote["confidence"]


def test_speakers_with_accents_sort_in_french_order(page_with_answer, server):
    driver, _ = page_with_answer
    set_text(driver, NAMED_TEXT)
    extract_on_page(driver)
    names = speaker_names(driver)
    expected = requests.post(server + "/quotes", json={"text": NAMED_TEXT}, timeout=ANSWER_TIMEOUT_S).json()
    assert sorted(names) == sorted(s["name"] for s in expected["speakers"])
    if real_models_present():
        assert {"Zoé Durand", "Élisabeth Borne"} <= set(names)
    assert names == sorted(names, key=french_order_key)
    if {"Zoé Durand", "Élisabeth Borne"} <= set(names):
        assert names.index("Élisabeth Borne") < names.index("Zoé Durand")


def test_a_text_not_in_french_gets_a_notice_and_can_be_read_anyway(page_with_answer):
    driver, _ = page_with_answer
    set_text(driver, ENGLISH_TEXT)
    extract_on_page(driver)
    notice = by_id(driver, "not-french")
    wait(driver, lambda d: notice.is_displayed())
    assert notice.get_attribute("role") == "alert"
    assert "anglais" in notice.text and "(langue détectée : anglais, en)" in notice.text
    assert not by_id(driver, "error").is_displayed()
    assert not by_id(driver, "result").is_displayed()
    ui_language(driver, "en")
    assert "(language detected: English, en)" in notice.text
    ui_language(driver, "fr")
    by_id(driver, "force-french").click()
    wait(driver, lambda d: by_id(d, "result").is_displayed(), timeout=ANSWER_TIMEOUT_S)
    assert not notice.is_displayed()
    assert "lu comme du français (anglais détecté)" in by_id(driver, "summary").text


def test_highlights_hold_after_characters_beyond_16_bits(page_with_answer, server):
    # Offsets count code points; JavaScript strings count UTF-16 units: emoji shift them.
    driver, _ = page_with_answer
    text = "🇫🇷 Paris 😀\n\n« Nous ne céderons pas », a déclaré le ministre 🎤."
    driver.execute_script("arguments[0].value = arguments[1]", by_id(driver, "text"), text)
    extract_on_page(driver)
    expected = requests.post(server + "/quotes", json={"text": text}, timeout=ANSWER_TIMEOUT_S).json()
    marks = all_of(driver, "#article .quote")
    assert expected["quotes"] and len(marks) == len(expected["quotes"])
    assert [m.get_attribute("textContent") for m in marks] == [q["text"] for q in expected["quotes"]]
    cues = [q["cue"]["text"] for q in expected["quotes"] if q["cue"]]
    assert [c.get_attribute("textContent") for c in all_of(driver, "#article .cue")] == cues


def test_empty_text_shows_the_api_error(page_with_answer):
    driver, _ = page_with_answer
    by_id(driver, "clear").click()
    assert by_id(driver, "text").get_property("value") == ""
    extract_on_page(driver)
    error = by_id(driver, "error")
    wait(driver, lambda d: error.is_displayed())
    assert error.get_attribute("role") == "alert"
    assert error.text.startswith("Erreur 422")
    assert by_id(driver, "extract").is_enabled()


def test_api_key_is_asked_for_when_keys_are_on(browser, tmp_path):
    # No models in this server (it starts at once): a request that passes the key check gets 503.
    no_models = tmp_path / "no-models"
    no_models.mkdir()
    with serving(tmp_path, QUOTES_API_KEYS=API_KEY, QUOTES_MODELS_DIR=str(no_models)) as base:
        browser.get(base + "/")
        by_id(browser, "text").send_keys(KEYED_TEXT)
        extract_on_page(browser)
        error = by_id(browser, "error")
        assert error.is_displayed() and error.text.startswith("Erreur 401")
        assert "clé d'API" in error.text
        key_field = by_id(browser, "api-key")
        assert key_field.is_displayed()
        key_field.send_keys("not-" + API_KEY)
        extract_on_page(browser)
        assert error.text.startswith("Erreur 401") and "not valid" in error.text
        key_field.clear()
        key_field.send_keys(API_KEY)
        extract_on_page(browser)
        assert error.text.startswith("Erreur 503") and str(no_models) in error.text
        assert not by_id(browser, "result").is_displayed()
