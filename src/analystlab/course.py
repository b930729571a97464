"""The course's modules: fixed slugs from the syllabus, and which of them are built."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import UnknownModuleError
from .paths import course_root


@dataclass(frozen=True)
class Module:
    """One module; its slug is the folder name in modules/, solutions/, exercises/ and the nbgrader id."""

    slug: str
    title: str

    @property
    def number(self) -> str:
        return self.slug[:2]

    def lesson_dir(self, root: Path | None = None) -> Path:
        return (root or course_root()) / "modules" / self.slug

    def source_dir(self, root: Path | None = None) -> Path:
        return (root or course_root()) / "solutions" / self.slug

    def release_dir(self, root: Path | None = None) -> Path:
        return (root or course_root()) / "exercises" / self.slug

    def is_built(self, root: Path | None = None) -> bool:
        """Authored in solutions/ (the course) or released in exercises/ (the trainee edition has no solutions/)."""
        return any(folder.is_dir() and any(folder.glob("*.ipynb"))
                   for folder in (self.source_dir(root), self.release_dir(root)))


SYLLABUS = (
    Module("00-orientation", "From spreadsheets to notebooks"),
    Module("01-source-evaluation", "Source and information assessment"),
    Module("02-data-integration", "Databases and integrated data sources"),
    Module("03-telephone-analysis", "Telephone log (call detail record) analysis"),
    Module("04-link-analysis", "Link charts and criminal network analysis"),
    Module("05-gis", "GIS and crime mapping"),
    Module("06-anpr", "Vehicle registration number recognition (ANPR) analysis"),
    Module("07-offender-profiling", "Crime pattern analysis and offender profiling"),
    Module("08-risk-modelling", "Risk analysis with modelling"),
    Module("09-osint", "Open-source intelligence"),
    Module("10-crypto-tracing", "Cryptocurrency tracing"),
    Module("11-intelligence-products", "Intelligence products"),
    Module("12-capstone", "Integrated case"),
)


def built_modules(root: Path | None = None) -> list[Module]:
    """Modules whose exercise exists in solutions/ or exercises/."""
    return [module for module in SYLLABUS if module.is_built(root)]


def match_modules(name: str, slugs: Iterable[str]) -> list[str]:
    """The slugs `name` may mean, in the order given.

    An exact slug, number ('03', '3') or name ('telephone-analysis') wins; otherwise every slug whose
    full text, name or one of whose words starts with `name` ('tele', 'telephone', '03-tel', 'link').
    More than one result means the name is ambiguous.
    """
    slugs = list(slugs)
    key = "-".join(name.strip().strip("/").split("/")[-1].lower().split())
    if not key:
        return []

    def number(slug: str) -> str:
        return slug.partition("-")[0]

    exact = [slug for slug in slugs if key in (slug, slug.partition("-")[2])
             or (key.isdigit() and number(slug).isdigit() and int(key) == int(number(slug)))]
    if exact:
        return exact
    return [slug for slug in slugs
            if slug.startswith(key) or any(word.startswith(key) for word in slug.split("-")[1:])
            or slug.partition("-")[2].startswith(key)]


def ambiguous_message(name: str, matches: list[str]) -> str:
    """The error text for a name that fits several modules."""
    return f"{name!r} could mean several modules: {', '.join(matches)}. Give more of the name."


def find_module(name: str, root: Path | None = None) -> Module:
    """A module by slug ('03-telephone-analysis'), number ('03', '3'), name ('telephone-analysis') or any
    unambiguous prefix or word of its slug ('telephone', 'tele', 'link').

    Raises UnknownModuleError naming the built modules when nothing matches or the module is not built
    yet, and naming the candidates when several match.
    """
    available = ", ".join(m.slug for m in built_modules(root)) or "none"
    matches = match_modules(name, (module.slug for module in SYLLABUS))
    if len(matches) > 1:
        raise UnknownModuleError(ambiguous_message(name, matches))
    if not matches:
        raise UnknownModuleError(f"unknown module {name!r}. Available: {available}")
    module = next(module for module in SYLLABUS if module.slug == matches[0])
    if not module.is_built(root):
        raise UnknownModuleError(f"module {module.slug} ({module.title}) is not available yet. Available: {available}")
    return module
