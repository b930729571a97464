"""Grid of cell centres: coordinates, point lookup and the peak cell."""

import numpy as np
import pytest

from analystlab.methods.grid import Grid, grid_around, peak


def test_cell_centres_and_extent():
    g = Grid(x0=1000.0, y0=2000.0, cell=100.0, nx=3, ny=2)
    assert g.x.tolist() == [1050.0, 1150.0, 1250.0]
    assert g.y.tolist() == [2050.0, 2150.0]
    assert g.extent == (1000.0, 1300.0, 2000.0, 2200.0)
    assert g.shape == (2, 3)
    assert g.area == 6 * 100.0 * 100.0
    gx, gy = g.mesh()
    assert gx.shape == gy.shape == (2, 3)
    assert (gx[1, 2], gy[1, 2]) == (1250.0, 2150.0)


def test_cell_of():
    g = Grid(0.0, 0.0, 10.0, 3, 3)
    assert g.cell_of(5, 5) == (0, 0)
    assert g.cell_of(25, 12) == (1, 2)  # row from y, column from x
    assert g.cell_of(10, 10) == (1, 1)  # an inner edge belongs to the cell above/right
    with pytest.raises(ValueError):
        g.cell_of(30, 5)


def test_grid_around_covers_points_with_margin():
    g = grid_around([0, 950], [0, 420], cell=100, margin=50)
    # Box -50..1000 (1050 wide → 11 cells) by -50..470 (520 high → 6 cells), centred on the box.
    assert (g.nx, g.ny) == (11, 6)
    xmin, xmax, ymin, ymax = g.extent
    assert xmin <= -50 and xmax >= 1000 and ymin <= -50 and ymax >= 470
    assert (xmin + xmax) / 2 == pytest.approx(475.0)


def test_peak_ties_go_to_first_cell_row_major():
    g = Grid(0.0, 0.0, 1.0, 3, 2)
    s = np.array([[0.0, 2.0, 1.0], [2.0, 0.0, 0.0]])
    p = peak(s, g)
    assert (p.row, p.col, p.x, p.y, p.value) == (0, 1, 1.5, 0.5, 2.0)


def test_invalid_grids_are_rejected():
    with pytest.raises(ValueError):
        Grid(0, 0, 0.0, 2, 2)
    with pytest.raises(ValueError):
        Grid(0, 0, 1.0, 0, 2)
