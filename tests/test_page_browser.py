"""The page for people, driven in a real headless Chromium against the real gunicorn server.

Needs the Debian packages `chromium` and `chromium-driver` (the test fails, not
skips, without them) and the Python package `selenium`.
"""
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
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
            if requests.get(url, timeout=2).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):  # workers still loading the models
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
def browser():
    binary, driver_path = chromium_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,1000", "--lang=en"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
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


def extract_on_page(driver):
    by_id(driver, "extract").click()
    wait(driver, lambda d: by_id(d, "result").get_attribute("aria-busy") == "false"
         and (not by_id(d, "result").get_property("hidden") or by_id(d, "error").is_displayed()),
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
    for words in ("Type", "Speaker", "Cue", "Confidence", quote["type"]):
        assert words in details.text
    if quote["cue"]:
        assert quote["cue"]["text"] in details.text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "page.png"))
    first.send_keys(Keys.ESCAPE)
    wait(driver, lambda d: not details.is_displayed())


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
    assert error.text.startswith("Error 422")
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
        assert error.is_displayed() and error.text.startswith("Error 401")
        key_field = by_id(browser, "api-key")
        assert key_field.is_displayed()
        key_field.send_keys("not-" + API_KEY)
        extract_on_page(browser)
        assert error.text.startswith("Error 401") and "not valid" in error.text
        key_field.clear()
        key_field.send_keys(API_KEY)
        extract_on_page(browser)
        assert error.text.startswith("Error 503") and str(no_models) in error.text
        assert not by_id(browser, "result").is_displayed()
