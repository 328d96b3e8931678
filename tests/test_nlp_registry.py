"""The registry of speed-ups (service/nlp/speedups.py): the loader, `make bench-speedups` and these tests
read the same list; on a Stanza version other than the one they were written for, or where a private part
of Stanza has moved, the pipeline still loads, parses and serves with Stanza's own code."""
import json
import subprocess
import sys
import textwrap

import pytest

from service.nlp import parse, speedups

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent
SENTENCE = "« Nous restons ouverts au dialogue », a déclaré Dmitri Peskov jeudi, qui poursuit-elle."


def analysis(pipeline, text=SENTENCE):
    return [(w.text, w.upos, w.lemma, w.head, w.deprel) for doc in parse([text], pipeline)
            for s in doc.sentences for w in s.words]


def test_every_entry_is_in_force_on_the_stanza_version_it_was_written_for(pipeline):
    assert speedups.stanza_version() == speedups.STANZA_VERSION
    assert set(speedups.in_force()) == {speedup.name for speedup in speedups.SPEEDUPS}


def test_the_bench_measures_every_switch_of_the_registry():
    from bench.speedups import timed_switches

    timed = {switch.name for _, switch in timed_switches()}
    registered = {switch.name for speedup, switch in speedups.switches() if not speedup.changes_results}
    assert timed == registered and len(timed) >= 12


def test_each_switch_goes_off_and_on_again(pipeline):
    """Off, the pipeline still parses; on again, it parses as before."""
    from service.nlp import products

    expected, measured = analysis(pipeline), products.library()
    for _, switch in speedups.switches():
        switch.function(pipeline, False)
        try:
            assert analysis(pipeline), switch.name
        finally:
            switch.function(pipeline, True)
        assert analysis(pipeline) == expected, switch.name
    products.switch(pipeline, measured == "numpy")       # "on" means numpy, whatever was measured here


def test_a_stanza_without_the_patched_function_keeps_its_own():
    from service.nlp import patching

    class Stanzas:
        def kept(self):
            return "stanza"

    point = patching.mark()
    patching.replace(Stanzas, "kept", lambda self: "ours")
    with pytest.raises(AttributeError):
        patching.replace(Stanzas, "moved", lambda self: "ours")
    assert Stanzas().kept() == "ours"
    patching.undo_since(point)
    assert Stanzas().kept() == "stanza" and not patching.is_replaced(Stanzas, "kept")


# Run in a process of its own: the replacements are process-wide, and this one's pipeline has them all.
SERVE_ONE_ARTICLE = textwrap.dedent("""
    import json, logging, sys
    from service.nlp import labels, decoding, speedups
    {simulation}
    warnings = []
    class Kept(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.WARNING:
                warnings.append(record.getMessage())
    logging.getLogger("service.nlp").addHandler(Kept())
    sys.path.insert(0, "tests")
    from api_support import make_app, SHORT_ARTICLE
    client = make_app().test_client()
    ready = client.get("/ready").status_code
    answer = client.post("/quotes", json={{"text": SHORT_ARTICLE}})
    from stanza.models.common.biaffine import PairwiseBilinear
    from stanza.models.depparse.model import GraphParser
    print(json.dumps({{"ready": ready, "status": answer.status_code, "quotes": len(answer.get_json()["quotes"]),
                      "speakers": [q["speaker"]["name"] for q in answer.get_json()["quotes"]],
                      "in_force": sorted(speedups.in_force()), "warnings": warnings,
                      "stanza_parser": GraphParser.predict.__module__.startswith("stanza")}}))
""")


def serve_one_article(simulation):
    script = SERVE_ONE_ARTICLE.format(simulation=simulation)
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_another_stanza_version_runs_stanzas_own_code_and_serves():
    result = serve_one_article('import stanza; stanza.__version__ = "9.99.0"')
    assert result["ready"] == 200 and result["status"] == 200
    assert result["quotes"] == 1 and result["speakers"] == ["Dmitri Peskov"]
    assert result["in_force"] == ["article-sized parser batches", "models out of the garbage collector"]
    assert result["stanza_parser"]
    (warning,) = result["warnings"]
    assert "9.99.0" in warning and "labels at the arcs" in warning and "greedy trees" in warning


def test_moved_private_functions_leave_stanzas_own_code_and_the_rest_in_force():
    """One moved before loading (the tree decoder's module), one on the loaded models (the parser class)."""
    result = serve_one_article('decoding._CLE = "stanza.models.common.moved_decoder"; '
                               'labels._PARSER = "stanza.models.depparse.model.MovedParser"')
    assert result["ready"] == 200 and result["status"] == 200
    assert result["quotes"] == 1 and result["speakers"] == ["Dmitri Peskov"]
    assert result["stanza_parser"]
    registered = {speedup.name for speedup in speedups.SPEEDUPS}
    assert set(result["in_force"]) == registered - {"greedy trees", "labels at the arcs"}
    assert len(result["warnings"]) == 2
    assert any("greedy trees" in w and "moved_decoder" in w for w in result["warnings"])
    assert any("labels at the arcs" in w and "MovedParser" in w for w in result["warnings"])
