"""Regular grids of cell centres, the surface on which CGT and kernel density are evaluated.

A surface over a :class:`Grid` is a 2-D array of shape ``(ny, nx)``: row ``r`` is the r-th y centre
(south to north, increasing y), column ``c`` the c-th x centre (west to east). Plot it with
``plt.pcolormesh(grid.x_edges, grid.y_edges, surface)`` or ``imshow(..., origin="lower",
extent=grid.extent)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np


@dataclass(frozen=True)
class Grid:
    """Square cells of side ``cell`` metres whose lower-left corner is ``(x0, y0)``.

    Cell ``(row, col)`` covers ``[x0 + col*cell, x0 + (col+1)*cell) x [y0 + row*cell, y0 + (row+1)*cell)``
    and its centre is half a cell in from that corner.
    """

    x0: float
    y0: float
    cell: float
    nx: int
    ny: int

    def __post_init__(self) -> None:
        if not self.cell > 0:
            raise ValueError(f"cell size must be positive, got {self.cell}")
        if self.nx < 1 or self.ny < 1:
            raise ValueError(f"grid needs at least one cell in each direction, got nx={self.nx}, ny={self.ny}")

    @property
    def x(self) -> np.ndarray:
        """x coordinates of the column centres, shape ``(nx,)``."""
        return self.x0 + (np.arange(self.nx) + 0.5) * self.cell

    @property
    def y(self) -> np.ndarray:
        """y coordinates of the row centres, shape ``(ny,)``."""
        return self.y0 + (np.arange(self.ny) + 0.5) * self.cell

    @property
    def x_edges(self) -> np.ndarray:
        """x coordinates of the column edges, shape ``(nx + 1,)``, for ``pcolormesh``."""
        return self.x0 + np.arange(self.nx + 1) * self.cell

    @property
    def y_edges(self) -> np.ndarray:
        """y coordinates of the row edges, shape ``(ny + 1,)``."""
        return self.y0 + np.arange(self.ny + 1) * self.cell

    @property
    def extent(self) -> tuple[float, float, float, float]:
        """``(xmin, xmax, ymin, ymax)`` for matplotlib's ``imshow(extent=...)``."""
        return (self.x0, self.x0 + self.nx * self.cell, self.y0, self.y0 + self.ny * self.cell)

    @property
    def shape(self) -> tuple[int, int]:
        """Shape of a surface on this grid, ``(ny, nx)``."""
        return (self.ny, self.nx)

    @property
    def cell_area(self) -> float:
        """Area of one cell in square metres."""
        return self.cell * self.cell

    @property
    def area(self) -> float:
        """Area of the whole grid in square metres."""
        return self.nx * self.ny * self.cell_area

    def mesh(self) -> tuple[np.ndarray, np.ndarray]:
        """Cell-centre coordinates as two ``(ny, nx)`` arrays ``(X, Y)``."""
        return np.meshgrid(self.x, self.y)

    def cell_of(self, x: float, y: float) -> tuple[int, int]:
        """``(row, col)`` of the cell containing point ``(x, y)``; a point on an inner edge belongs to
        the cell above/right of it. Raises ``ValueError`` for a point outside the grid."""
        col = math.floor((x - self.x0) / self.cell)
        row = math.floor((y - self.y0) / self.cell)
        if not (0 <= col < self.nx and 0 <= row < self.ny):
            raise ValueError(f"point ({x}, {y}) is outside the grid {self.extent}")
        return row, col


class Peak(NamedTuple):
    """The highest cell of a surface: its index, its centre in metres and its value."""

    row: int
    col: int
    x: float
    y: float
    value: float


def peak(surface, grid: Grid) -> Peak:
    """The cell with the highest value of ``surface`` (shape ``grid.shape``).

    Ties go to the first cell in row-major order (lowest row, then lowest column), numpy's
    ``argmax`` rule, so answer keys are reproducible. NaN cells are ignored.
    """
    surface = np.asarray(surface, dtype=float)
    if surface.shape != grid.shape:
        raise ValueError(f"surface shape {surface.shape} does not match grid shape {grid.shape}")
    if np.isnan(surface).all():
        raise ValueError("surface has no finite values")
    row, col = np.unravel_index(int(np.nanargmax(surface)), surface.shape)
    return Peak(int(row), int(col), float(grid.x[col]), float(grid.y[row]), float(surface[row, col]))


def grid_around(x, y, cell: float, margin: float = 0.0) -> Grid:
    """The smallest grid of ``cell``-metre squares covering the points' bounding box widened by
    ``margin`` metres on every side; the grid is centred on that box (it may overhang by less than a
    cell on each axis)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.size == 0:
        raise ValueError("need at least one point")
    xmin, xmax = x.min() - margin, x.max() + margin
    ymin, ymax = y.min() - margin, y.max() + margin
    nx = max(1, math.ceil((xmax - xmin) / cell))
    ny = max(1, math.ceil((ymax - ymin) / cell))
    # Centre the grid on the box so the overhang is shared equally by both sides.
    x0 = (xmin + xmax) / 2 - nx * cell / 2
    y0 = (ymin + ymax) / 2 - ny * cell / 2
    return Grid(x0=float(x0), y0=float(y0), cell=float(cell), nx=nx, ny=ny)
