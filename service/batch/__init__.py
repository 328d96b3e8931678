"""Archives of articles through Dask: `python -m service.batch INPUT --output DIR`.

The input (a folder of .txt files, JSON Lines, CSV or Parquet, local or any fsspec
URL) is cut into partitions of bounded size on the client (inputs.py); each
partition is one Dask task that a worker reads, runs through the engine loaded
once per worker process, and writes as one part file (worker.py, outputs.py);
run.py starts or joins the cluster, follows the progress and writes the manifest.

    inputs.py     input kinds, partition plans, the documents of one partition
    documents.py  one document: its checks (as POST /quotes makes them) and its answer
    worker.py     the per-process engine and the task that processes one partition
    outputs.py    the output folder: journals of cut parts, part files, manifest
    run.py        the cluster, the tasks, the progress bar and the summary
    __main__.py   the command line
"""
