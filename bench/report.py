"""What a benchmark run reports: the machine it ran on, markdown tables, JSON results."""
import datetime
import json
import os
import platform
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def _cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gib():
    try:
        with open("/proc/meminfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def machine(torch_threads=None):
    """The machine and software a measurement was taken on."""
    import stanza
    import torch

    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "ram_gib": _ram_gib(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "torch_threads": torch_threads if torch_threads is not None else torch.get_num_threads(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "stanza": stanza.__version__,
    }


def models(settings):
    """Which models were measured: their folder and file sizes (timings depend on both)."""
    from service.nlp import products, speedups
    from service.nlp.precision import native_bfloat16, use_bfloat16
    from service.nlp.quantize import use_int8

    folder = Path(settings.models_dir)
    files = {p.name: p.stat().st_size for p in sorted(folder.glob("*.pt"))} if folder.is_dir() else {}
    scorers = "bfloat16" if use_bfloat16(settings.parser_bf16) else "float32"
    return {"source": settings.stanza_source, "dir": str(folder), "files_bytes": files,
            "parser_scorers": scorers, "native_bfloat16": native_bfloat16(),
            "float32_products": products.library(settings.torch_threads) if scorers == "float32" else None,
            "lstms": "int8" if use_int8(settings.lstm_int8) else "float32",
            "speedups_in_force": sorted(speedups.in_force())}


def machine_lines(info):
    load = ", ".join(str(x) for x in info["load_average_at_start"])
    return [f"Machine: {info['cpu']}, {info['cores']} cores ({info['usable_cores']} usable), "
            f"{info['ram_gib']} GiB RAM, torch threads = {info['torch_threads']}, "
            f"Python {info['python']}, torch {info['torch']}, Stanza {info['stanza']}; "
            f"load average at start: {load}."]


def markdown_table(headers, rows):
    """A markdown table; None cells print as a dash."""
    def cell(value):
        return "–" if value is None else str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def verdict(passed):
    return "n/a" if passed is None else ("pass" if passed else "MISS")


def today():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")


def write_results(data, name, folder=RESULTS_DIR):
    """Write `data` as bench/results/<name>.json and return the path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _products_part(library):
    return f", their products through {library}" if library else ""


def models_line(info):
    total = sum(info["files_bytes"].values()) / 1e6
    return (f"Models: {info['source']} ({info['dir']}, {total:.0f} MB); parser scorers in "
            f"{info.get('parser_scorers', 'float32')} (native bfloat16: {info.get('native_bfloat16')})"
            f"{_products_part(info.get('float32_products'))}; "
            f"tagger and parser LSTMs in {info.get('lstms', 'float32')}.")


def publish(result, tables, name, write=True):
    """Print the machine and the tables; write the result as JSON unless told not to."""
    lines = machine_lines(result["machine"])
    if "models" in result:
        lines.append(models_line(result["models"]))
    print("\n".join(lines) + "\n")
    print(tables)
    if write:
        print(f"\nresults: {write_results(result, name)}")
