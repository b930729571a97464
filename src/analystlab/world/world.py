"""The World: builds each component once, in a fixed order, and collects every view's tables."""

from __future__ import annotations

from functools import cached_property

from .consignments import build_consignments
from .daily import DailyLife
from .driving import domestic_drives, planted_journeys, planted_vehicles, vehicle_drivers
from .ledger import build_ledger
from .movement import Positions, background_journeys, organisation_journeys
from .organisation import build_members
from .population import build_population
from .registers import register_tables
from .schema import Table
from .telecom import build_cells, build_lines
from .vehicles import build_vehicles
from .views import investigation, truth
from .views.anpr import anpr_tables
from .views.border import border_tables
from .views.calls import CellLocator, call_tables
from .views.capstone import capstone_tables
from .views.crime_series import crime_series_tables
from .views.inspections import inspection_tables
from .views.intel import intel_tables
from .views.ledger import ledger_tables
from .views.osint import osint_tables
from .views.reference import reference_tables
from .views.seizures import seizures_tables
from .views.tower_dumps import tower_dump_tables


class World:
    """All entities of one seeded world. Components are independent generators, built on first use."""

    def __init__(self, seed: int):
        self.seed = seed
        # set by their views, for later views and tests
        self.calls = self.border = self.anpr = self.seizures = None

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

    @cached_property
    def persons(self):
        return build_population(self.seed, self.members)

    @cached_property
    def cells(self):
        return build_cells(self.seed)

    @cached_property
    def cell_locator(self):
        return CellLocator(self.cells)

    @cached_property
    def lines(self):
        return build_lines(self.seed, self.persons, self.members)

    @cached_property
    def org_journeys(self):
        return organisation_journeys(self.seed, self.consignments, self.members, self.org_vehicles)

    @cached_property
    def drivers(self) -> dict[str, int]:
        return vehicle_drivers(self.seed, self.persons, self.vehicles, self.org_vehicles,
                               {m.person for m in self.members})

    @cached_property
    def planted_drives(self):
        return planted_journeys(self.seed, self.vehicles, self.org_vehicles, self.drivers, self.org_journeys)

    @cached_property
    def journeys(self):
        """Every journey: the organisation's, the planted ANPR drives, cross-border trips, domestic drives."""
        members = {m.person for m in self.members}
        planted = {v for vs in planted_vehicles(self.vehicles, self.org_vehicles).values() for v in vs}
        busy = members | {p for j in self.planted_drives for p in j.persons}
        cross = background_journeys(self.seed, self.persons, self.vehicles, busy, frozenset(planted))
        fixed = self.org_journeys + self.planted_drives + cross
        return fixed + domestic_drives(self.seed, self.vehicles, self.drivers, busy,
                                       planted | set(self.org_vehicles.values()), fixed)

    @cached_property
    def ledger(self):
        """Both chains of module 10; module 09's channel quotes the shop's and the organisation's wallets."""
        return build_ledger(self.seed, self.members, self.consignments)

    @cached_property
    def daily(self):
        return DailyLife(self.seed, self.persons)

    @cached_property
    def positions(self):
        return Positions(self.journeys, self.daily)

    def tables(self) -> list[Table]:
        """Every dataset and answer-key table, in dictionary order."""
        out = seizures_tables(self.seed, self.consignments, self.vehicles, self.org_vehicles)
        self.seizures = out[0].frame  # the ANPR view places a car near some of them
        out += call_tables(self)
        out += border_tables(self)
        out += anpr_tables(self)
        out += intel_tables(self)
        out += inspection_tables(self)
        out += crime_series_tables(self)
        out += investigation.investigation_tables(self)
        out += tower_dump_tables(self)
        out += truth.consignment_tables(self)
        out += truth.people_tables(self)
        out += reference_tables(self)
        out += register_tables(self)
        out += ledger_tables(self)
        out += osint_tables(self)
        out += capstone_tables(self, out)  # module 12 shares the modules' column layouts
        return out
