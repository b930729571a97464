"""Daily life: where a person is at any instant when not on a journey.

Every person has a home, and most a workplace and a few places they go to (market, mosque, tea
house, relatives) in their city; people who share a workplace or a market share its masts, which
gives co-location its background rate. A day is a sequence of six visits (night place, work or an
outing, a midday errand, work again, an evening out, night place) joined by straight trips of
20-45 minutes; nights are at home, except that some people sleep at a relative's now and then and
night-shift workers are at work. The plan of a (person, day) is drawn from a hash of the world seed,
the person and the day, so any instant can be evaluated on its own, in any order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .core import EPOCH0, component_rng
from .reference import CITIES, CITY

HOUR = 3600.0
EMPLOYED = 0.68
NIGHT_SHIFT = 0.07  # of the employed
SIX_DAY_WEEK = 0.35
SLEEPS_AWAY = 0.15  # people who now and then spend a night at a relative's
MAX_VENUES = 80
LOCAL_DAY0 = EPOCH0 + 5 * 3600  # 2024-04-01 00:00 as seconds on a local clock read as UTC
_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a well-mixed 64-bit hash of each value."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def hash_uniform(seed: int, person, day, salt: int) -> np.ndarray:
    """Uniform [0, 1) numbers fixed by (seed, person, day, salt): the same call gives the same value."""
    with np.errstate(over="ignore"):
        x = (np.uint64(seed) * np.uint64(0x9E3779B97F4A7C15)
             + np.asarray(person, dtype=np.int64).astype(np.uint64) * np.uint64(0xD1B54A32D192ED03)
             + (np.asarray(day, dtype=np.int64) + 4096).astype(np.uint64) * np.uint64(0xABC98388FB8FAC03)
             + np.uint64(salt) * np.uint64(0x8CB92BA72F3D8DD7)) & _MASK
    return (_mix(x) >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def _city_places(rng, city, n: int) -> np.ndarray:
    spread = 0.02 + 0.00002 * city.population ** 0.5
    return np.column_stack([city.lat + rng.normal(0, spread * 0.8, n), city.lon + rng.normal(0, spread, n)])


class DailyLife:
    """Anchors (home, work, usual places) of every person, and their position at any instant."""

    def __init__(self, seed: int, persons: pd.DataFrame):
        rng = component_rng(seed, "daily")
        self.seed = seed
        n = len(persons)
        homes = persons["home_city"].to_numpy()
        self.home = np.column_stack([persons["home_lat"].to_numpy(float), persons["home_lon"].to_numpy(float)])
        self.offset = np.array([CITY[c].utc_offset for c in homes], dtype=np.int64)
        work = np.empty((n, 2))
        haunts = np.empty((n, 3, 2))
        relative = np.empty((n, 2))
        self.venues = np.zeros((len(CITIES), MAX_VENUES, 2))  # shops, clinics, offices anyone may visit
        self.n_venues = np.zeros(len(CITIES), dtype=np.int64)
        self.city = np.array([[c.name for c in CITIES].index(h) for h in homes], dtype=np.int64)
        for c, city in enumerate(CITIES):  # a fixed order: the draws do not depend on who lives where
            who = np.flatnonzero(homes == city.name)
            n_work = int(np.clip(3 + city.population / 60000, 3, 40))
            n_venue = int(np.clip(4 + city.population / 80000, 4, 30))
            workplaces, venues = _city_places(rng, city, n_work), _city_places(rng, city, n_venue)
            n_any = int(np.clip(8 + city.population / 20000, 8, MAX_VENUES))
            self.venues[c, :n_any], self.n_venues[c] = _city_places(rng, city, n_any), n_any
            if not len(who):
                continue
            # a few big employers (the bazaar, a plant) and many small ones
            w = 1 / np.arange(1, n_work + 1) ** 0.9
            work[who] = workplaces[rng.choice(n_work, len(who), p=w / w.sum())] + rng.normal(0, 0.002, (len(who), 2))
            v = 1 / np.arange(1, n_venue + 1) ** 0.7
            haunts[who] = venues[rng.choice(n_venue, (len(who), 3), p=v / v.sum())]
            relative[who] = self.home[who[rng.integers(0, len(who), len(who))]]
        self.work, self.haunts, self.relative = work, haunts, relative
        self.employed = rng.random(n) < EMPLOYED
        self.night_shift = self.employed & (rng.random(n) < NIGHT_SHIFT)
        self.six_day = rng.random(n) < SIX_DAY_WEEK
        self.start = np.clip(rng.normal(8.4, 0.5, n), 6.5, 10.0)
        self.length = np.clip(rng.normal(9.2, 0.6, n), 7.5, 11.0)
        self.p_evening = rng.uniform(0.15, 0.6, n)
        self.p_errand = rng.uniform(0.1, 0.4, n)
        self.p_stay_in = np.where(rng.random(n) < 0.2, rng.uniform(0.4, 0.8, n), 0.05)
        self.p_away_night = np.where(rng.random(n) < SLEEPS_AWAY, rng.uniform(0.05, 0.25, n), 0.0)

    def _u(self, person, day, salt):
        return hash_uniform(self.seed, person, day, salt)

    def _workday(self, person, day):
        wd = np.mod(day, 7)
        return self.employed[person] & ((wd < 5) | ((wd == 5) & self.six_day[person]))

    def _night_place(self, person, day) -> np.ndarray:
        """Where the night after `day` is spent (at home unless the plan says otherwise)."""
        out = self.home[person].copy()
        away = self._u(person, day, 1) < self.p_away_night[person]
        out[away] = self.relative[person[away]]
        shift = self.night_shift[person] & self._workday(person, day)
        out[shift] = self.work[person[shift]]
        return out

    def where(self, person: np.ndarray, utc: np.ndarray, base: np.ndarray | None = None,
              away: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(lat, lon) of each person at each UTC instant; `away` rows live around `base` (a stay in
        another town: lodging and outings near it) instead of their own home and places."""
        person = np.asarray(person, dtype=np.int64)
        utc = np.asarray(utc, dtype=np.int64)
        n = len(person)
        local = utc + self.offset[person] * 60 - LOCAL_DAY0
        day, sec = np.floor_divide(local, 86400), np.mod(local, 86400).astype(float)
        u = [self._u(person, day, 10 + k) for k in range(8)]
        city = self.city[person]

        def anywhere(salt):  # a place in town visited that day only (an errand, a shop, a visit)
            v = (self._u(person, day, salt) * self.n_venues[city]).astype(np.int64)
            return self.venues[city, v]

        def usual_or_new(usual, salt):
            return np.where((self._u(person, day, salt) < 0.5)[:, None], usual, anywhere(salt + 1))
        night_before, night_after = self._night_place(person, day - 1), self._night_place(person, day)
        home, work = self.home[person], self.work[person]
        h = self.haunts[person]
        haunt_a = usual_or_new(h[np.arange(n), (u[0] * 3).astype(int)], 20)
        haunt_b = np.where((np.mod(day, 7) >= 5)[:, None] & (u[1] < 0.5)[:, None], self.relative[person],
                           usual_or_new(h[np.arange(n), (u[2] * 3).astype(int)], 22))
        haunt_c = usual_or_new(h[np.arange(n), (u[7] * 3).astype(int)], 24)
        places = np.empty((n, 6, 2))
        times = np.empty((n, 12))
        # a day off: outings in the morning and the afternoon, lunch at home, perhaps an evening out
        t1 = 9.0 + 2.5 * u[3]
        out1 = np.where((u[4] < self.p_stay_in[person])[:, None], home, haunt_a)
        out2 = np.where((u[5] < self.p_stay_in[person])[:, None], home, haunt_b)
        evening = np.where((u[6] < self.p_evening[person])[:, None], haunt_c, night_after)
        off_p = np.stack([night_before, out1, home, out2, evening, night_after], axis=1)
        a1 = t1 + 0.5
        d1 = a1 + 1.5 + 1.5 * u[7]
        d2 = np.maximum(d1 + 1.0, 15.0 + 1.5 * u[1])
        d3 = d2 + 2.0 + 1.5 * u[0]
        d4 = np.minimum(np.maximum(d3 + 0.7, 20.5 + 2.0 * u[2]), 23.0)
        off_t = np.column_stack([np.zeros(n), t1, a1, d1, d1 + 0.5, d2, d2 + 0.5, d3, d3 + 0.5, d4,
                                 d4 + 0.5, np.full(n, 24.0)])
        # a working day: commute, work with perhaps a midday errand, perhaps an evening out
        start, end = self.start[person] + 0.3 * (u[3] - 0.5), self.start[person] + self.length[person]
        commute = 0.33 + 0.4 * u[4]
        errand = np.where((u[5] < self.p_errand[person])[:, None], anywhere(26), work)
        evening_w = np.where((u[6] < self.p_evening[person])[:, None], haunt_c, night_after)
        work_p = np.stack([night_before, work, errand, work, evening_w, night_after], axis=1)
        e_end = np.minimum(end + commute + 1.5 + 2.0 * u[7], 23.0)
        work_t = np.column_stack([np.zeros(n), start - commute, start, np.full(n, 12.6), np.full(n, 12.9),
                                  np.full(n, 13.6), np.full(n, 13.9), end, end + commute, e_end, e_end + 0.5,
                                  np.full(n, 24.0)])
        # a night shift: home in the morning, out in the afternoon, at work from 20:00
        shift_p = np.stack([night_before, home, haunt_a, home, work, work], axis=1)
        shift_t = np.tile([0.0, 6.0, 6.6, 13.0, 13.5, 15.5, 16.0, 19.2, 20.0, 24.0, 24.0, 24.0], (n, 1))
        works = self._workday(person, day)
        shift = works & self.night_shift[person]
        day_w = works & ~shift
        places[:], times[:] = off_p, off_t
        places[day_w], times[day_w] = work_p[day_w], work_t[day_w]
        places[shift], times[shift] = shift_p[shift], shift_t[shift]
        if away is not None and away.any():
            # staying in another town: lodging near the base, outings around it, nights at the lodging
            b = base[away]
            jitter = np.stack([(self._u(person[away], day[away], 30 + k) - 0.5) for k in range(6)], axis=1)
            fixed = np.stack([(self._u(person[away], 0, 40 + k) - 0.5) for k in range(2)], axis=1)
            lodge = b + 0.02 * fixed  # the same lodging every night of the stay
            spots = b[:, None, :] + 0.05 * np.stack([jitter[:, 2:4], jitter[:, 4:6]], axis=1)
            stay_in = (u[4][away] < 0.3)[:, None]
            places[away] = np.stack([lodge, np.where(stay_in, lodge, spots[:, 0]), lodge,
                                     spots[:, 1], lodge, lodge], axis=1)
            times[away] = off_t[away]
        times = np.maximum.accumulate(times * HOUR, axis=1)
        j = (times <= sec[:, None]).sum(axis=1) - 1
        k = j // 2
        rows = np.arange(n)
        here = places[rows, k]
        moving = (j % 2 == 1) & (k < 5)
        nxt = places[rows, np.minimum(k + 1, 5)]
        t_dep, t_arr = times[rows, j], times[rows, np.minimum(j + 1, 11)]
        f = np.where(moving, (sec - t_dep) / np.maximum(t_arr - t_dep, 1.0), 0.0)[:, None]
        pos = here + f * (nxt - here)
        return pos[:, 0], pos[:, 1]
