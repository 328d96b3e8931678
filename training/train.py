"""Train one of the five French Stanza processors with Stanza's own trainers.

    python training/train.py STEP [--profile cpu|gpu|smoke] [--work DIR] [--out DIR]

STEP is tokenize, mwt, lemma, pos or depparse.  A step whose model file
already exists in --out is skipped (delete the file, or pass --force, to
retrain).  The trainer's output goes to training/logs/STEP.log.
Profiles set model sizes and step counts: `cpu` is sized for a 2-core
machine, `gpu` uses Stanza's default sizes (smaller parser), `smoke` trains a
few steps to check that the command still works.
`--warm-from DIR` starts the tokenizer, tagger or parser from DIR's model of
the same sizes (a fresh optimizer) and `--steps N` sets how many steps it trains.

`--recipe FILE` (a training.json, as `make models` passes models/fr/training.json)
replays the runs FILE records for STEP when they were trained with the profile
asked for: the first from scratch, each later one warm-started from the model
the run before produced, each with its recorded flags (the data and word vectors
are those of --work and --out, as for any run).  The runs before the last are
trained in training/work/chain/STEP/run-K and the last in --out, whose
training.json then records the same chain; a chain that stops midway resumes
after its last finished run.  A step the recipe has no runs of trains as above.
"""
import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from training.model_card import runs_of  # noqa: E402

TRAINERS = {
    "tokenize": "stanza.models.tokenizer",
    "mwt": "stanza.models.mwt_expander",
    "lemma": "stanza.models.lemmatizer",
    "pos": "stanza.models.tagger",
    "depparse": "stanza.models.parser",
}

TAGGER_COMPACT = ["--hidden_dim", "128", "--char_hidden_dim", "128", "--deep_biaff_hidden_dim", "128",
                  "--composite_deep_biaff_hidden_dim", "64", "--char_emb_dim", "50"]
PARSER_COMPACT = ["--hidden_dim", "200", "--char_hidden_dim", "100", "--char_emb_dim", "50",
                  "--deep_biaff_hidden_dim", "200", "--deep_biaff_output_dim", "100"]
PARSER_GPU = ["--hidden_dim", "300", "--char_hidden_dim", "200", "--deep_biaff_hidden_dim", "300",
              "--deep_biaff_output_dim", "128"]

PROFILES = {
    "cpu": {
        "tokenize": ["--max_seqlen", "400", "--steps", "2500", "--eval_steps", "500"],
        "mwt": ["--num_epoch", "10", "--max_dec_len", "16"],
        "lemma": ["--num_epoch", "8", "--batch_size", "100", "--hidden_dim", "100"],
        "pos": TAGGER_COMPACT + ["--batch_size", "100", "--batch_maximum_tokens", "2000",
                                 "--max_steps", "1600", "--eval_interval", "200"],
        "depparse": PARSER_COMPACT + ["--batch_size", "2000", "--max_steps", "1600",
                                      "--eval_interval", "100"],
    },
    "gpu": {
        "tokenize": ["--max_seqlen", "400", "--steps", "20000", "--eval_steps", "500"],
        "mwt": ["--num_epoch", "30", "--max_dec_len", "16"],
        "lemma": ["--num_epoch", "30"],
        "pos": ["--max_steps", "20000", "--eval_interval", "250", "--max_steps_before_stop", "3000"],
        "depparse": PARSER_GPU + ["--max_steps", "20000", "--eval_interval", "250",
                                  "--max_steps_before_stop", "3000", "--second_optim_start_step", "6000"],
    },
    "smoke": {
        "tokenize": ["--steps", "20", "--eval_steps", "10", "--max_seqlen", "100"],
        "mwt": ["--num_epoch", "1", "--max_dec_len", "16"],
        "lemma": ["--num_epoch", "1", "--hidden_dim", "16", "--emb_dim", "16", "--pos_dim", "16"],
        "pos": ["--hidden_dim", "16", "--char_hidden_dim", "16", "--deep_biaff_hidden_dim", "16",
                "--composite_deep_biaff_hidden_dim", "8", "--char_emb_dim", "8", "--word_emb_dim", "8",
                "--tag_emb_dim", "8", "--transformed_dim", "8",
                "--max_steps", "10", "--eval_interval", "5", "--batch_size", "20"],
        "depparse": ["--hidden_dim", "16", "--char_hidden_dim", "16", "--char_emb_dim", "8",
                     "--deep_biaff_hidden_dim", "16", "--deep_biaff_output_dim", "8", "--word_emb_dim", "8",
                     "--tag_emb_dim", "8", "--transformed_dim", "8",
                     "--max_steps", "10", "--eval_interval", "5", "--batch_size", "200"],
    },
}


def data_arguments(step, work, out):
    """The file flags each trainer takes (all evaluate on Sequoia dev)."""
    dev = str(work / "dev.conllu")
    pred = str(out / f"{step}.dev.pred.conllu")
    common = ["--shorthand", "fr_combined", "--save_dir", str(out), "--save_name", f"{step}.pt"]
    if step != "lemma":  # the lemmatizer takes no --lang
        common += ["--lang", "fr"]
    if step == "tokenize":
        return common + ["--mode", "train",
                         "--txt_file", str(work / "tok_train.txt"),
                         "--label_file", str(work / "tok_train.toklabels"),
                         "--mwt_json_file", str(work / "tok_train-mwt.json"),
                         "--dev_txt_file", str(work / "dev.txt"),
                         "--dev_label_file", str(work / "dev.toklabels"),
                         "--dev_conll_gold", dev, "--conll_file", pred]
    if step == "mwt":
        return common + ["--mode", "train", "--train_file", str(work / "train.conllu"),
                         "--eval_file", dev, "--gold_file", dev, "--output_file", pred]
    train = work / ("parser_train.conllu" if step == "depparse" else "train.conllu")
    args = common + ["--mode", "train", "--train_file", str(train),
                     "--eval_file", dev, "--output_file", pred]
    if step in ("pos", "depparse"):
        args += ["--wordvec_pretrain_file", str(out / "pretrain.pt")]
    return args


def with_steps(flags, steps):
    """The profile's flags with its step count (--max_steps, or --steps for the tokenizer) set to
    `steps` (None keeps the profile's)."""
    flags = list(flags)
    if steps is None:
        return flags
    for name in ("--max_steps", "--steps"):
        if name in flags:
            flags[flags.index(name) + 1] = str(steps)
    return flags


def trainer_command(step, flags, warm_from):
    """The trainer's module call, started from `warm_from`'s model when given."""
    if warm_from is None:
        return [sys.executable, "-m", TRAINERS[step]] + flags
    initial = str((Path(warm_from) / f"{step}.pt").resolve())
    if step == "depparse":
        return [sys.executable, "-m", TRAINERS[step], "--continue_from", initial] + flags
    if step in ("pos", "tokenize"):
        return [sys.executable, "-m", "training.warm_start", step, initial] + flags
    raise SystemExit(f"error: --warm-from works for tokenize, pos and depparse, not {step}")


def train(step, profile, work, out, force=False, log_dir=Path("training/logs"), steps=None, warm_from=None,
          extra=()):
    """One run with the profile's flags (`steps` and `extra` on top), from scratch or from `warm_from`."""
    flags = with_steps(PROFILES[profile][step], steps) + list(extra)
    return run_trainer(step, profile, flags, work, out, log_dir / f"{step}.log", warm_from, force)


def already_trained(step, out, force):
    """Whether `out` holds a model of `step` to keep (said on the way), so that it is not trained again."""
    model = out / f"{step}.pt"
    if model.exists() and not force:
        print(f"{step}: {model} exists, skipped")
        return True
    return False


def run_trainer(step, profile, flags, work, out, log_file, warm_from=None, force=False):
    """Train `step` into `out` with these trainer flags (the data arguments added) and record the run."""
    if already_trained(step, out, force):
        return 0
    log_file.parent.mkdir(parents=True, exist_ok=True)
    cmd = trainer_command(step, data_arguments(step, work, out) + flags, warm_from)
    env = dict(os.environ, OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "1"))
    started = time.time()
    with open(log_file, "w", encoding="utf-8") as log:
        log.write(" ".join(cmd) + "\n")
        log.flush()
        code = subprocess.call(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    seconds = time.time() - started
    print(f"{step}: exit {code} in {seconds:.0f} s (log {log_file})")
    for leftover in out.glob(f"{step}*checkpoint*"):
        leftover.unlink()
    if code == 0:
        record_training(out, step, profile, seconds, log_file, flags, warm_from)
    return code


def machine_description():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, CPU only, OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '1')}"


def best_dev_line(log_file):
    """The trainer's last line about its best dev score, if it printed one."""
    lines = [line for line in Path(log_file).read_text(encoding="utf-8", errors="replace").splitlines()
             if re.search(r"best dev|best .*score|dev score", line, re.IGNORECASE)]
    return lines[-1].split("INFO: ")[-1].strip() if lines else ""


def training_file_name(step):
    args = data_arguments(step, Path("."), Path("."))
    return Path(args[args.index("--txt_file" if step == "tokenize" else "--train_file") + 1]).name


def record_training(out, step, profile, seconds, log_file, flags, warm_from=None):
    """Keep how each model was trained in training.json beside the models (for the card).

    A warm start keeps the record of the run it started from under "warm_start_from"."""
    meta_file = out / "training.json"
    meta = read_records(meta_file)
    previous = None if warm_from is None else read_records(Path(warm_from) / "training.json").get(step)
    meta[step] = {"profile": profile, "flags": " ".join(flags),
                  "train_file": training_file_name(step),
                  "wall_seconds": round(seconds), "machine": machine_description(),
                  "finished": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                  "best_dev": best_dev_line(log_file)}
    if previous is not None:
        meta[step]["warm_start_from"] = previous
    meta_file.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read_records(meta_file):
    """A training.json's records, by step (none where the file does not exist)."""
    meta_file = Path(meta_file)
    return json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}


CHAIN_WORK = Path("training/work/chain")


def recipe_runs(recipe_file, step, profile):
    """The runs a recipe (a training.json) records for `step`, oldest first, if all were trained with
    `profile`: a recipe of `cpu` runs is not replayed for a `smoke` or `gpu` build.  [] otherwise."""
    if not Path(recipe_file).is_file():
        sys.exit(f"error: recipe {recipe_file} does not exist (leave out --recipe to train without one)")
    runs = runs_of(read_records(recipe_file).get(step))
    others = sorted({str(run.get("profile")) for run in runs} - {profile})
    if others:
        print(f"{step}: the recipe's runs were trained with the {', '.join(others)} profile, not {profile}: "
              f"one run with the {profile} profile's flags")
        return []
    return runs


def replay(step, runs, work, out, log_dir=Path("training/logs"), force=False, chain_work=CHAIN_WORK):
    """Train `step` as `runs` (oldest first) record it: each run with its own flags, the first from scratch
    and each later one warm-started from the model of the run before.

    The runs before the last train in chain_work/STEP/run-K, logged to STEP.run-K.log, and are kept
    until the last one, into `out`, has finished: a chain that stopped resumes after its last finished run."""
    if already_trained(step, out, force):
        return 0
    warm_from, resuming = None, True
    for index in range(1, len(runs)):
        folder = chain_work / step / f"run-{index}"
        resuming = resuming and finished_earlier(step, folder, runs[index - 1])
        if resuming:
            print(f"{step}: run {index} of {len(runs)} finished earlier in {folder}, kept")
        else:
            code = replay_run(step, runs[index - 1], work, run_folder(folder, out),
                              log_dir / f"{step}.run-{index}.log", warm_from)
            if code != 0:
                return code
        warm_from = folder
    code = replay_run(step, runs[-1], work, out, log_dir / f"{step}.log", warm_from)
    if code == 0:
        shutil.rmtree(chain_work / step, ignore_errors=True)
    return code


def replay_run(step, run, work, out, log_file, warm_from):
    """One recorded run again, with its flags verbatim (step counts, learning rate and all)."""
    return run_trainer(step, run["profile"], run["flags"].split(), work, out, log_file, warm_from, force=True)


def run_folder(folder, models):
    """A folder for a run before the last one, sharing the word vectors of `models`."""
    folder.mkdir(parents=True, exist_ok=True)
    link = folder / "pretrain.pt"
    link.unlink(missing_ok=True)
    if (Path(models) / "pretrain.pt").exists():
        link.symlink_to((Path(models) / "pretrain.pt").resolve())
    return folder


def finished_earlier(step, folder, run):
    """Whether `folder` holds the model of `run`, trained after the runs it records with their flags."""
    record = read_records(folder / "training.json").get(step)
    return (folder / f"{step}.pt").exists() and chain_flags(record) == chain_flags(run)


def chain_flags(record):
    return [run["flags"] for run in runs_of(record)]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("step", choices=list(TRAINERS))
    ap.add_argument("--profile", default=os.environ.get("TRAIN_PROFILE", "cpu"), choices=list(PROFILES))
    ap.add_argument("--work", default="training/work/data")
    ap.add_argument("--out", default=os.environ.get("MODELS_OUT", "models/fr"))
    ap.add_argument("--logs", default="training/logs")
    ap.add_argument("--force", action="store_true")
    ap.add_argument("--steps", type=int, help="training steps for tokenize, pos and depparse "
                                               "(default: the profile's)")
    ap.add_argument("--warm-from", help="folder whose tokenize, pos or depparse model to start from")
    ap.add_argument("--recipe", help="a training.json whose recorded runs of STEP to replay")
    args, extra = ap.parse_known_args(argv)  # flags it does not know go to Stanza's trainer
    extra = [f for f in extra if f != "--"]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.step in ("pos", "depparse") and not (out / "pretrain.pt").exists():
        sys.exit(f"error: {out / 'pretrain.pt'} missing: run `make models-pretrain` first")
    runs = recipe_runs(args.recipe, args.step, args.profile) if args.recipe else []
    if runs and (args.steps or args.warm_from or extra):
        sys.exit("error: a recipe's runs are replayed with their recorded flags: "
                 "--recipe takes no --steps, --warm-from or trainer flags")
    if runs:
        sys.exit(replay(args.step, runs, Path(args.work), out, Path(args.logs), args.force))
    sys.exit(train(args.step, args.profile, Path(args.work), out, args.force, Path(args.logs),
                   args.steps, args.warm_from, extra))


if __name__ == "__main__":
    main()
