"""The synthetic case world: one seeded, fictional scenario from which every module's data is a view.

`build(seed, out, scale)` writes datasets/ (tables, data dictionary, manifest, truth/ answer key).
"""

from .build import build
from .core import DEFAULT_SEED

__all__ = ["DEFAULT_SEED", "build"]
