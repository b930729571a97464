"""The background population: persons with Cyrillic names, the Latin spellings different sources
use (ICAO 9303 passports, GOST 52535, MVD-782/BGN-style, Uzbek Latin via iuliia), dates of birth,
nationality and home."""

from __future__ import annotations

from functools import cache

import iuliia
import numpy as np
import pandas as pd

from .core import component_rng
from .organisation import N_PERSONS, Member
from .reference import CITIES, CITY

# Surname roots (reference §4) in Cyrillic; the suffix is added by gender.
STEMS = ("Ахмет", "Омар", "Оспан", "Али", "Сулеймен", "Искак", "Абдрахман", "Ибрагим", "Кали", "Садык",
         "Ибрай", "Смагул", "Абдулла", "Иса", "Султан", "Юсуп", "Исмаил", "Нургали", "Карим", "Кусаин",
         "Рахим", "Умар", "Рахмон", "Ходжа", "Жура", "Эргаш", "Юлдаш", "Шукур", "Назар", "Усмон")
PLAIN_SURNAMES = ("Ким", "Цой", "Ли", "Иванов", "Кузнецов")
MALE = ("Алишер", "Бахтиёр", "Бекзод", "Бобур", "Дилшод", "Фарход", "Жамшид", "Илхом", "Ойбек", "Рустам",
        "Сардор", "Шавкат", "Шерзод", "Улугбек", "Зафар", "Нурлан", "Серик", "Марат", "Ерлан", "Канат",
        "Данияр", "Азамат", "Талгат", "Бакыт", "Ермек", "Фирдавс", "Фаридун", "Тимур", "Ахмад", "Гайрат")
FEMALE = ("Айгуль", "Дилноза", "Гульнара", "Мадина", "Малика", "Нилуфар", "Зарина", "Шахноза", "Айжан", "Мохира")
SCHEMES = {"icao": iuliia.ICAO_DOC_9303, "gost": iuliia.GOST_52535, "bgn": iuliia.MVD_782, "uz": iuliia.UZ}
# Where people live: Central Asia by population; a few in Russia and Afghanistan (contacts abroad).
HOME_WEIGHT = {"KZ": 1.0, "KG": 1.2, "UZ": 0.8, "TJ": 1.6, "TM": 0.15, "RU": 0.05, "AF": 0.1}


def surname(stem: str, female: bool) -> str:
    """Russian-style surname from a root: vowel/й endings take -ев, consonants -ов; -а for women."""
    if stem in PLAIN_SURNAMES:
        return stem + ("а" if female and stem.endswith("ов") else "")
    base = stem[:-1] + "ев" if stem.endswith("й") else stem + ("ев" if stem[-1] in "аеиоуыэюя" else "ов")
    return base + ("а" if female else "")


def zoda(stem: str) -> str:
    """The Tajik -zoda form required in new documents since 2016 (Каримов -> Каримзода)."""
    return stem + "зода"


def patronymic(father: str, female: bool) -> str:
    """Patronymic from the father's given name."""
    if father.endswith("й"):
        return father[:-1] + ("евна" if female else "евич")
    return father + ("овна" if female else "ович")


@cache
def translit(word: str, scheme: str) -> str:
    """Latin spelling of a Cyrillic word in one scheme ('icao', 'gost', 'bgn', 'uz')."""
    return SCHEMES[scheme].translate(word) if word else ""


def build_population(seed: int, members: tuple[Member, ...]) -> pd.DataFrame:
    """persons: one row per person (index = population position), Cyrillic names and Latin spellings."""
    rng = component_rng(seed, "population")
    homes = [c for c in CITIES if c.cc in HOME_WEIGHT]
    w = np.array([c.population ** 0.8 * HOME_WEIGHT[c.cc] for c in homes])
    home_idx = rng.choice(len(homes), size=N_PERSONS, p=w / w.sum())
    female = rng.random(N_PERSONS) < 0.45
    stem_idx = rng.integers(0, len(STEMS) + len(PLAIN_SURNAMES), N_PERSONS)
    male_idx = rng.integers(0, len(MALE), N_PERSONS)
    female_idx = rng.integers(0, len(FEMALE), N_PERSONS)
    father_idx = rng.integers(0, len(MALE), N_PERSONS)
    age_days = rng.integers(19 * 365, 68 * 365, N_PERSONS)
    uses_zoda = rng.random(N_PERSONS) < 0.45
    jitter = rng.normal(0, 0.025, (N_PERSONS, 2))
    home_names = [homes[i].name for i in home_idx]
    for m in members:  # members live where their role needs them
        home_names[m.person] = m.home
        female[m.person] = False
        age_days[m.person] = max(age_days[m.person], 23 * 365)
    rows = []
    for i in range(N_PERSONS):
        stems = STEMS + PLAIN_SURNAMES
        stem = stems[stem_idx[i]]
        city = CITY[home_names[i]]
        sur = surname(stem, bool(female[i]))
        sur_doc = zoda(stem) if city.cc == "TJ" and stem in STEMS and uses_zoda[i] else sur
        given = FEMALE[female_idx[i]] if female[i] else MALE[male_idx[i]]
        rows.append({
            "person_id": f"P{i + 1:05d}", "surname_cyr": sur, "surname_doc_cyr": sur_doc, "given_cyr": given,
            "patronymic_cyr": patronymic(MALE[father_idx[i]], bool(female[i])),
            "sex": "F" if female[i] else "M",
            "date_of_birth": str(np.datetime64("2024-04-01") - np.timedelta64(int(age_days[i]), "D")),
            "nationality": city.cc if city.cc != "RU" or rng.random() < 0.3 else "UZ",
            "home_city": city.name, "home_lat": city.lat + jitter[i, 0], "home_lon": city.lon + jitter[i, 1],
        })
    frame = pd.DataFrame(rows)
    for scheme in SCHEMES:
        frame[f"surname_{scheme}"] = [translit(s, scheme) for s in frame["surname_doc_cyr"]]
        frame[f"given_{scheme}"] = [translit(s, scheme) for s in frame["given_cyr"]]
    frame["surname_old_icao"] = [translit(s, "icao") for s in frame["surname_cyr"]]
    return frame
