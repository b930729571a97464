"""`analystlab data build`: the argparse wiring the course CLI delegates to."""

from __future__ import annotations

import argparse
import time

from .build import SCALES, build
from .core import DEFAULT_SEED


def add_build_arguments(parser: argparse.ArgumentParser) -> None:
    """Add --seed, --out and --scale to the `data build` sub-parser."""
    parser.add_argument("--seed", default=DEFAULT_SEED,
                        help=f"world seed, a whole number 0..2**32-1 (default {DEFAULT_SEED})")
    parser.add_argument("--out", default=None, help="output folder (default: the course's datasets/)")
    parser.add_argument("--scale", default="small", help=f"one of {', '.join(SCALES)} (default small)")


def run_build(args: argparse.Namespace) -> int:
    """Build the world from parsed arguments; errors propagate as AnalystlabError for the CLI to print."""
    started = time.perf_counter()
    out = build(seed=args.seed, out=args.out, scale=args.scale)
    print(f"built the case world (seed {args.seed}, scale {args.scale}) into {out} "
          f"in {time.perf_counter() - started:.1f} s")
    return 0
