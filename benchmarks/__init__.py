"""`make bench`: speed and memory of the pipeline (see benchmarks/README.md).

bench.py is the entry point; the package holds its parts: stage_log (which stages ran, how long),
make_runs (make as a user runs it), baselines (bare render, pandas, extract alone), programmes
(generated inputs), scenarios (the measures a–e of one repeat), figures (targets and verdicts),
table (the printed table).
"""
