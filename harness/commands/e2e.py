"""`python -m harness e2e`: the main job — start the stack if needed, inject, prove every hop."""

from __future__ import annotations

import argparse
import random

from harness.commands._common import add_target_options, table_console, target_from


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_target_options(parser)
    parser.add_argument("--seed", type=int, default=None,
                        help="seed for the injected values (default: a fresh one, printed and kept in the report)")
    parser.add_argument("--mutation", action="append", default=[], metavar="NAME",
                        help="break one setting in a rendered copy of the config (see fixtures/mutations.json)")


def run(args: argparse.Namespace) -> int:
    from harness.e2e import report
    from harness.e2e.round import run_round
    from harness.e2e.values import unique_values
    from harness.mutations import load_mutations
    from harness.pipeline import Pipeline
    from harness.steps import log

    target = target_from(args)
    if args.mutation:
        target.mutations = load_mutations(args.mutation)
    with log.step(f"bring the pipeline up on {target!r}", tag=target.name):
        target.up()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    log.say(f"seed {seed} (repeat these values with --seed {seed})")
    pipe = Pipeline(target)
    try:
        values = unique_values(pipe.nodes, seed)
        result = run_round(pipe, values, steps=log)
    finally:
        pipe.close()
    console = table_console()
    report.print_result(result.checks, console)
    path = report.write_json(result.checks, target.run_dir / "reports",
                             extra={"target": target.name, "seed": seed, "mutations": args.mutation,
                                    "injected": {k: repr(v) for k, v in values.items()}})
    from harness.e2e.html import write_html

    page = write_html(result.checks, path.with_suffix(".html"), title=f"e2e on {target!r}",
                      facts={"target": target.name, "topology": str(target.topology_path), "seed": str(seed),
                             "mutations": ", ".join(args.mutation) or "none",
                             "injected": ", ".join(f"{k}={v!r}" for k, v in values.items())})
    console.print(f"report: {path} and {page}", highlight=False, soft_wrap=True)
    return 0 if result.ok else 1
