"""The World: builds each component once, in a fixed order, and collects every view's tables."""

from __future__ import annotations

from functools import cached_property

from .consignments import build_consignments
from .organisation import build_members
from .schema import Table
from .vehicles import build_vehicles
from .views import truth
from .views.seizures import seizures_tables


class World:
    """All entities of one seeded world. Components are independent generators, built on first use."""

    def __init__(self, seed: int):
        self.seed = seed

    @cached_property
    def members(self):
        return build_members(self.seed)

    @cached_property
    def _vehicles(self):
        return build_vehicles(self.seed, self.members)

    @property
    def vehicles(self):
        return self._vehicles[0]

    @property
    def org_vehicles(self) -> dict[str, str]:
        return self._vehicles[1]

    @cached_property
    def consignments(self):
        return build_consignments(self.seed)

    def tables(self) -> list[Table]:
        """Every dataset and answer-key table, in dictionary order."""
        out = seizures_tables(self.seed, self.consignments, self.vehicles, self.org_vehicles)
        out += truth.consignment_tables(self)
        return out
