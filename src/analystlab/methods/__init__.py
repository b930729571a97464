"""Analytical methods for the GIS, ANPR, offender-profiling and risk-modelling modules.

Each module implements a few published formulas directly in numpy/scipy, with the formula, units,
conventions and a reference in every docstring, so that lessons can draw their figures and answer
keys can be computed from one tested source:

- ``grid``: regular grids of cell centres in projected metres (shared by ``geoprofile`` and ``spatialstats``).
- ``centrography``: mean centre, centre of minimum distance, standard distance, standard deviational
  ellipse, Canter's circle.
- ``geoprofile``: Rossmo's criminal geographic targeting, hit score, journey-to-crime distance decay.
- ``temporal``: aoristic weights and hour x weekday tables.
- ``nearrepeat``: the Knox test with a Monte-Carlo permutation p-value.
- ``spatialstats``: Clark-Evans nearest-neighbour index, Getis-Ord Gi*, kernel density.
- ``anpr``: plate formats, Latin/Cyrillic normalisation, repair of misreads, co-reads, speeds.
- ``risk``: risk-matrix banding, evaluation at a fixed inspection capacity, calibration, PAI.

Coordinates are projected x/y in metres throughout: distances computed on longitude/latitude degrees
are wrong, and the lessons make that point before these functions are used.
"""
