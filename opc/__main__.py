"""Entry point: `python -m opc --config opc.json [--seed N] [--log-level LEVEL]`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from opc.config import ConfigError, load_config
from opc.server import PlantServer

READY_PREFIX = "opc: ready at "


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m opc", description="OPC-UA plant simulator")
    parser.add_argument("--config", required=True, type=Path, help="the rendered opcServer settings (JSON)")
    parser.add_argument("--seed", type=int, default=None, help="seed the simulation (reproducible values)")
    parser.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    return parser


async def serve(server: PlantServer) -> None:
    """Run until SIGTERM or SIGINT, then shut down cleanly."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await server.start()
    try:
        cfg = server.config
        print(
            f"{READY_PREFIX}{cfg.endpoint} (listening on {cfg.bind}:{cfg.port}, {len(cfg.nodes)} nodes,"
            f" {cfg.namespace_uri} = ns={server.namespace_index})",
            flush=True,
        )
        await stop.wait()
        logging.getLogger("opc").info("stopping")
    finally:
        await server.stop()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=args.log_level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if args.log_level != "DEBUG":
        logging.getLogger("asyncua").setLevel(logging.WARNING)
    try:
        config = load_config(args.config)
        asyncio.run(serve(PlantServer(config, seed=args.seed)))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
