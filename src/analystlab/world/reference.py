"""Real geography the case world is placed on: cities, border crossings, roads, time zones.

Coordinates come from GeoNames (see ../shared/reference/central-asia-facts.md); crossings whose
coordinates are those of the nearest town are marked `approx`. Tuples, not dicts, so that every
iteration order is fixed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# UTC offsets in minutes. None of these zones observes daylight saving in 2024, and Kazakhstan moved
# to a single UTC+5 zone on 1 March 2024, so fixed offsets are exact for the world period (and do not
# depend on the machine's tz database).
TIMEZONES: dict[str, tuple[str, int]] = {
    "KZ": ("Asia/Almaty", 300),
    "KG": ("Asia/Bishkek", 360),
    "UZ": ("Asia/Tashkent", 300),
    "TJ": ("Asia/Dushanbe", 300),
    "TM": ("Asia/Ashgabat", 300),
    "AF": ("Asia/Kabul", 270),
    "CN": ("Asia/Shanghai", 480),
}
# Russia spans several zones; cities carry their own.
RU_TIMEZONES: dict[str, tuple[str, int]] = {
    "Moscow": ("Europe/Moscow", 180),
    "Astrakhan": ("Europe/Astrakhan", 240),
    "Samara": ("Europe/Samara", 240),
    "Orenburg": ("Asia/Yekaterinburg", 300),
    "Chelyabinsk": ("Asia/Yekaterinburg", 300),
    "Yekaterinburg": ("Asia/Yekaterinburg", 300),
    "Omsk": ("Asia/Omsk", 360),
    "Novosibirsk": ("Asia/Novosibirsk", 420),
    "Barnaul": ("Asia/Barnaul", 420),
}

COUNTRIES = ("KZ", "KG", "TJ", "UZ", "TM", "RU")


@dataclass(frozen=True)
class City:
    """A real city: common English name, country, position, population, plate region code."""

    name: str
    cc: str
    lat: float
    lon: float
    population: int
    region: str  # vehicle-plate region code (RU: subject code, TM: velayat letters)
    province: str

    @property
    def tz(self) -> str:
        return (RU_TIMEZONES[self.name] if self.cc == "RU" else TIMEZONES[self.cc])[0]

    @property
    def utc_offset(self) -> int:
        """Minutes east of UTC."""
        return (RU_TIMEZONES[self.name] if self.cc == "RU" else TIMEZONES[self.cc])[1]


# name, cc, lat, lon, population (newer official figures where the reference has them), plate region, province
_CITIES = (
    ("Almaty", "KZ", 43.2565, 76.9285, 2350000, "02", "Almaty"),
    ("Astana", "KZ", 51.1801, 71.4460, 1640000, "01", "Astana"),
    ("Shymkent", "KZ", 42.3000, 69.6000, 1290000, "17", "Shymkent"),
    ("Karaganda", "KZ", 49.8333, 73.1658, 451800, "09", "Karaganda"),
    ("Taraz", "KZ", 42.9000, 71.3667, 358153, "08", "Zhambyl"),
    ("Aktobe", "KZ", 50.2797, 57.2072, 262457, "04", "Aktobe"),
    ("Pavlodar", "KZ", 52.2740, 77.0044, 329002, "14", "Pavlodar"),
    ("Oskemen", "KZ", 49.9647, 82.6090, 319067, "16", "East Kazakhstan"),
    ("Kyzylorda", "KZ", 44.8528, 65.5092, 300000, "11", "Kyzylorda"),
    ("Atyrau", "KZ", 47.1167, 51.8833, 180000, "06", "Atyrau"),
    ("Aktau", "KZ", 43.6481, 51.1722, 147443, "12", "Mangystau"),
    ("Kostanay", "KZ", 53.2144, 63.6246, 210000, "10", "Kostanay"),
    ("Petropavl", "KZ", 54.8728, 69.1430, 200920, "15", "North Kazakhstan"),
    ("Turkestan", "KZ", 43.3333, 68.2500, 97360, "13", "Turkestan"),
    ("Saryagash", "KZ", 41.4500, 69.1667, 25139, "13", "Turkestan"),
    ("Tashkent", "UZ", 41.2647, 69.2163, 3020000, "01", "Tashkent"),
    ("Namangan", "UZ", 40.9983, 71.6726, 432456, "50", "Namangan"),
    ("Samarkand", "UZ", 39.6542, 66.9597, 319366, "30", "Samarkand"),
    ("Andijan", "UZ", 40.7821, 72.3442, 318419, "60", "Andijan"),
    ("Bukhara", "UZ", 39.7747, 64.4286, 247644, "80", "Bukhara"),
    ("Nukus", "UZ", 42.4531, 59.6103, 230006, "95", "Karakalpakstan"),
    ("Qarshi", "UZ", 38.8667, 65.8000, 222898, "70", "Kashkadarya"),
    ("Fergana", "UZ", 40.3842, 71.7843, 164322, "40", "Fergana"),
    ("Kokand", "UZ", 40.5286, 70.9425, 187477, "40", "Fergana"),
    ("Termez", "UZ", 37.2242, 67.2783, 140385, "75", "Surkhandarya"),
    ("Urgench", "UZ", 41.5500, 60.6333, 150110, "90", "Khorezm"),
    ("Jizzakh", "UZ", 40.1158, 67.8422, 152642, "25", "Jizzakh"),
    ("Guliston", "UZ", 40.4897, 68.7842, 53373, "20", "Syrdarya"),
    ("Navoiy", "UZ", 40.0844, 65.3792, 129725, "85", "Navoiy"),
    ("Bishkek", "KG", 42.8700, 74.5900, 1140000, "01", "Bishkek"),
    ("Osh", "KG", 40.5151, 72.8083, 364000, "02", "Osh"),
    ("Jalal-Abad", "KG", 40.9333, 73.0000, 75700, "04", "Jalal-Abad"),
    ("Karakol", "KG", 42.4907, 78.3936, 70171, "09", "Issyk-Kul"),
    ("Tokmok", "KG", 42.8419, 75.3015, 63047, "08", "Chui"),
    ("Naryn", "KG", 41.4287, 75.9911, 52300, "05", "Naryn"),
    ("Talas", "KG", 42.5228, 72.2427, 35172, "07", "Talas"),
    ("Kara-Suu", "KG", 40.7046, 72.8667, 17800, "06", "Osh"),
    ("Dushanbe", "TJ", 38.5358, 68.7790, 1200000, "01", "Dushanbe"),
    ("Khujand", "TJ", 40.2826, 69.6222, 144865, "02", "Sughd"),
    ("Kulob", "TJ", 37.9146, 69.7845, 78786, "03", "Khatlon"),
    ("Bokhtar", "TJ", 37.8340, 68.7819, 65000, "03", "Khatlon"),
    ("Istaravshan", "TJ", 39.9142, 69.0033, 52851, "02", "Sughd"),
    ("Konibodom", "TJ", 40.2941, 70.4312, 50359, "02", "Sughd"),
    ("Panjakent", "TJ", 39.4952, 67.6093, 35085, "02", "Sughd"),
    ("Tursunzoda", "TJ", 38.5144, 68.2333, 37995, "07", "Districts of Republican Subordination"),
    ("Khorugh", "TJ", 37.4897, 71.5530, 30000, "04", "GBAO"),
    ("Ashgabat", "TM", 37.9500, 58.3833, 727700, "AG", "Ashgabat"),
    ("Turkmenabat", "TM", 39.0733, 63.5786, 234817, "LB", "Lebap"),
    ("Dashoguz", "TM", 41.8362, 59.9666, 166500, "DZ", "Dashoguz"),
    ("Mary", "TM", 37.5938, 61.8303, 114680, "MR", "Mary"),
    ("Kerki", "TM", 37.8357, 65.2106, 33242, "LB", "Lebap"),
    ("Orenburg", "RU", 51.7727, 55.0988, 550204, "56", "Orenburg"),
    ("Samara", "RU", 53.2001, 50.1500, 1134730, "63", "Samara"),
    ("Chelyabinsk", "RU", 55.1540, 61.4291, 1062919, "74", "Chelyabinsk"),
    ("Omsk", "RU", 55.0000, 73.4000, 1129281, "55", "Omsk"),
    ("Novosibirsk", "RU", 55.0415, 82.9346, 1419007, "54", "Novosibirsk"),
    ("Yekaterinburg", "RU", 56.8575, 60.6125, 1287573, "66", "Sverdlovsk"),
    ("Moscow", "RU", 55.7522, 37.6156, 10381222, "77", "Moscow"),
    ("Kunduz", "AF", 36.7290, 68.8570, 161902, "", "Kunduz"),
    ("Mazar-i-Sharif", "AF", 36.7090, 67.1109, 303282, "", "Balkh"),
)
CITIES: tuple[City, ...] = tuple(City(*row) for row in _CITIES)
CITY: dict[str, City] = {c.name: c for c in CITIES}


@dataclass(frozen=True)
class Crossing:
    """A real border crossing point. `modes` is what it carries (road, rail)."""

    name: str
    cc: str  # the side our records come from
    other: str
    lat: float
    lon: float
    modes: tuple[str, ...]
    city: str  # nearest reference city on our side
    approx: bool  # True when the position is that of the nearest town


_CROSSINGS = (
    ("Panji Poyon", "TJ", "AF", 37.1833, 68.4169, ("road",), "Bokhtar", True),
    ("Ishkoshim", "TJ", "AF", 36.7272, 71.6117, ("road",), "Khorugh", False),
    ("Khorog bridge", "TJ", "AF", 37.4897, 71.5530, ("road",), "Khorugh", True),
    ("Termez-Hairatan Friendship Bridge", "UZ", "AF", 37.2278, 67.4282, ("road", "rail"), "Termez", False),
    ("Imamnazar", "TM", "AF", 37.2489, 65.2631, ("road", "rail"), "Kerki", False),
    ("Serhetabat", "TM", "AF", 35.2758, 62.3417, ("road", "rail"), "Mary", False),
    ("Fotehobod", "TJ", "UZ", 40.4500, 69.3800, ("road",), "Khujand", True),
    ("Oybek", "UZ", "TJ", 40.4600, 69.3600, ("road",), "Tashkent", True),
    ("Dusti", "TJ", "UZ", 38.5144, 68.2333, ("road",), "Tursunzoda", True),
    ("Sariosiyo", "UZ", "TJ", 38.4200, 67.9500, ("road",), "Termez", True),
    ("Khoshadi", "TJ", "UZ", 38.4900, 68.1500, ("rail",), "Tursunzoda", True),
    ("Dostuk", "KG", "UZ", 40.7046, 72.8667, ("road",), "Kara-Suu", True),
    ("Dustlik", "UZ", "KG", 40.7100, 72.8500, ("road",), "Andijan", True),
    ("Kyzyl-Art", "TJ", "KG", 39.3843, 73.3225, ("road",), "Khorugh", False),
    ("Bor-Dobo", "KG", "TJ", 39.4500, 73.3000, ("road",), "Osh", True),
    ("Korday", "KZ", "KG", 43.0367, 74.7089, ("road",), "Almaty", True),
    ("Ak-Zhol", "KG", "KZ", 42.9900, 74.7200, ("road",), "Bishkek", True),
    ("Kainda", "KG", "KZ", 42.8300, 73.6800, ("rail",), "Bishkek", True),
    ("Zhibek Zholy", "KZ", "UZ", 41.3900, 69.2700, ("road",), "Saryagash", True),
    ("Gisht Kuprik", "UZ", "KZ", 41.3800, 69.2700, ("road",), "Tashkent", True),
    ("B. Konysbayev", "KZ", "UZ", 41.4100, 69.0500, ("road",), "Saryagash", True),
    ("Saryagash", "KZ", "UZ", 41.4500, 69.1667, ("rail",), "Saryagash", True),
    ("Zhaysan", "KZ", "RU", 50.9800, 56.4500, ("road",), "Aktobe", True),
    ("Sagarchin", "RU", "KZ", 51.0200, 56.4200, ("road",), "Orenburg", True),
    ("Nur Zholy", "KZ", "CN", 44.2330, 80.4830, ("road", "rail"), "Almaty", False),
    ("Torugart", "KG", "CN", 40.5925, 75.4272, ("road",), "Naryn", False),
    ("Irkeshtam", "KG", "CN", 39.6800, 73.9100, ("road",), "Osh", False),
)
CROSSINGS: tuple[Crossing, ...] = tuple(Crossing(*row) for row in _CROSSINGS)
CROSSING: dict[str, Crossing] = {c.name: c for c in CROSSINGS}

# Road corridors as chains of waypoints (cities or crossings); used for checkpoints, cells along
# roads and journeys. M39/A-2, M41 (Pamir) and M32 follow the reference; the rest join big cities.
ROADS: tuple[tuple[str, ...], ...] = (
    ("Almaty", "Korday", "Ak-Zhol", "Bishkek", "Taraz", "Shymkent", "Zhibek Zholy", "Gisht Kuprik", "Tashkent",
     "Guliston", "Jizzakh", "Samarkand", "Qarshi", "Termez"),
    ("Termez", "Sariosiyo", "Dusti", "Tursunzoda", "Dushanbe", "Kulob", "Khorugh", "Kyzyl-Art", "Bor-Dobo", "Osh",
     "Jalal-Abad", "Bishkek"),
    ("Panji Poyon", "Bokhtar", "Dushanbe", "Istaravshan", "Khujand", "Fotehobod", "Oybek", "Tashkent"),
    ("Shymkent", "Turkestan", "Kyzylorda", "Aktobe", "Zhaysan", "Sagarchin", "Orenburg", "Samara"),
    ("Almaty", "Karaganda", "Astana", "Kostanay", "Chelyabinsk"),
    ("Khujand", "Konibodom", "Kokand", "Fergana", "Andijan", "Dustlik", "Dostuk", "Osh"),
    ("Tashkent", "Namangan", "Andijan"),
    ("Samarkand", "Bukhara", "Turkmenabat", "Mary", "Ashgabat"),
    ("Bukhara", "Navoiy", "Samarkand"),
    ("Bishkek", "Tokmok", "Karakol"),
    ("Astana", "Pavlodar", "Omsk", "Novosibirsk"),
)


def point(name: str) -> tuple[float, float]:
    """(lat, lon) of a city or a crossing, by name."""
    if name in CITY:
        return CITY[name].lat, CITY[name].lon
    crossing = CROSSING[name]
    return crossing.lat, crossing.lon


def country_of(name: str) -> str:
    """ISO country code of a city or of the recording side of a crossing."""
    return CITY[name].cc if name in CITY else CROSSING[name].cc


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km; works on floats and numpy arrays alike."""
    import numpy as np

    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(a))


def nearest_city(lat: float, lon: float, cc: str | None = None) -> City:
    """The reference city nearest to a point, optionally within one country."""
    best, best_d = None, math.inf
    for city in CITIES:
        if cc is not None and city.cc != cc:
            continue
        d = float(haversine_km(lat, lon, city.lat, city.lon))
        if d < best_d:
            best, best_d = city, d
    return best


def utc_offset_at(cc: str, city: str | None = None) -> int:
    """Minutes east of UTC for a country (Russia: per city)."""
    if cc == "RU":
        return RU_TIMEZONES[city or "Orenburg"][1]
    return TIMEZONES[cc][1]
