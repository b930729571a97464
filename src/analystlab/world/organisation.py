"""The planted trafficking organisation: who is in it, their roles, cells and home cities."""

from __future__ import annotations

from dataclasses import dataclass

from .core import component_rng

N_PERSONS = 3200  # the whole population, members included

# (role, cell, home city). Cell 'south' receives from Afghanistan and moves loads to the broker's
# hand-over in Kazakhstan; cell 'north' takes them on to Russia. The broker is the only regular
# link between the two cells; the organiser talks to the broker and the southern leader only.
ROSTER: tuple[tuple[str, str, str], ...] = (
    ("organiser", "core", "Dushanbe"),
    ("broker", "core", "Khujand"),
    ("cell leader", "south", "Bokhtar"),
    ("cell leader", "north", "Shymkent"),
    ("courier", "south", "Bokhtar"),
    ("courier", "south", "Kulob"),
    ("courier", "south", "Dushanbe"),
    ("driver", "south", "Khujand"),
    ("stash keeper", "south", "Bokhtar"),
    ("stash keeper", "south", "Dushanbe"),
    ("money mule", "south", "Dushanbe"),
    ("money mule", "south", "Tashkent"),
    ("courier", "north", "Shymkent"),
    ("courier", "north", "Kyzylorda"),
    ("courier", "north", "Aktobe"),
    ("driver", "north", "Shymkent"),
    ("scout", "north", "Shymkent"),
    ("stash keeper", "north", "Shymkent"),
    ("stash keeper", "north", "Aktobe"),
    ("money mule", "north", "Almaty"),
    ("money mule", "north", "Orenburg"),
    ("corrupt insider", "north", "Saryagash"),
)


@dataclass(frozen=True)
class Member:
    """One member: index into the population, role, cell, home city."""

    member_id: str
    person: int
    role: str
    cell: str
    home: str


def build_members(seed: int) -> tuple[Member, ...]:
    """Pick which persons of the population are members (positions drawn, so ids give nothing away)."""
    rng = component_rng(seed, "organisation")
    people = rng.choice(N_PERSONS, size=len(ROSTER), replace=False)
    return tuple(Member(f"M{i + 1:02d}", int(p), role, cell, home)
                 for i, (p, (role, cell, home)) in enumerate(zip(people, ROSTER, strict=True)))


def by_role(members: tuple[Member, ...], role: str, cell: str | None = None) -> list[Member]:
    """Members with a role (and cell), in roster order."""
    return [m for m in members if m.role == role and (cell is None or m.cell == cell)]
