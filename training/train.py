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
"""
import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

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
    model = out / f"{step}.pt"
    if model.exists() and not force:
        print(f"{step}: {model} exists, skipped")
        return 0
    log_dir.mkdir(parents=True, exist_ok=True)
    flags = with_steps(PROFILES[profile][step], steps) + list(extra)
    cmd = trainer_command(step, data_arguments(step, work, out) + flags, warm_from)
    env = dict(os.environ, OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "1"))
    started = time.time()
    with open(log_dir / f"{step}.log", "w", encoding="utf-8") as log:
        log.write(" ".join(cmd) + "\n")
        log.flush()
        code = subprocess.call(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    seconds = time.time() - started
    print(f"{step}: exit {code} in {seconds:.0f} s (log {log_dir / (step + '.log')})")
    for leftover in out.glob(f"{step}*checkpoint*"):
        leftover.unlink()
    if code == 0:
        record_training(out, step, profile, seconds, log_dir / f"{step}.log", flags, warm_from)
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
    meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}
    previous = None
    if warm_from is not None:
        earlier = Path(warm_from) / "training.json"
        if earlier.exists():
            previous = json.loads(earlier.read_text(encoding="utf-8")).get(step)
    meta[step] = {"profile": profile, "flags": " ".join(flags),
                  "train_file": training_file_name(step),
                  "wall_seconds": round(seconds), "machine": machine_description(),
                  "finished": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                  "best_dev": best_dev_line(log_file)}
    if previous is not None:
        meta[step]["warm_start_from"] = previous
    meta_file.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


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
    args, extra = ap.parse_known_args(argv)  # flags it does not know go to Stanza's trainer
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.step in ("pos", "depparse") and not (out / "pretrain.pt").exists():
        sys.exit(f"error: {out / 'pretrain.pt'} missing: run `make models-pretrain` first")
    sys.exit(train(args.step, args.profile, Path(args.work), out, args.force, Path(args.logs),
                   args.steps, args.warm_from, [f for f in extra if f != "--"]))


if __name__ == "__main__":
    main()
