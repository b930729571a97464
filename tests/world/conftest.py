"""One world per test session: built once, written once into a temporary folder."""

from __future__ import annotations

import pandas as pd
import pytest

from analystlab.world.build import write_tables
from analystlab.world.core import DEFAULT_SEED
from analystlab.world.world import World


@pytest.fixture(scope="session")
def world_dir(tmp_path_factory):
    """(World, folder) for the default seed."""
    world = World(DEFAULT_SEED)
    folder = tmp_path_factory.mktemp("world")
    write_tables(world, folder)
    return world, folder


@pytest.fixture(scope="session")
def world(world_dir):
    return world_dir[0]


@pytest.fixture(scope="session")
def out(world_dir):
    return world_dir[1]


@pytest.fixture(scope="session")
def read():
    """read(folder, name): a written CSV, every column as text, blanks kept as ''."""
    return lambda folder, name: pd.read_csv(folder / name, dtype=str, keep_default_na=False)
