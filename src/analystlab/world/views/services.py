"""The operators' second call-record return: service traffic and the target lines' late records.

calls.csv (the first return) holds person-to-person traffic only. This second return adds what
it left out: calls and SMS to service numbers (operator short codes, taxi firms, bank hotlines) of
every line, and the organisation's calls right after each seizure. It plants two facts the
telephone-analysis module teaches: a member's personal phone is used at the same mast within
minutes of his operational phone on several days (co-location), and the news of a seizure runs up
the hierarchy within minutes (reaction calls). Randomness: the "tower_dumps" component's stream 1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import COMPONENTS, EPOCH0, PERIOD_DAYS
from ..organisation import by_role
from ..reference import CITY
from ..schema import Column, Table
from ..telecom import CALLING_CODE, OPERATORS
from .calls import B_CELL, CELL_CONVENTION, called_cells, locate_calls

SERVICE_RATE = 0.09  # service contacts per line per day, on average
OP_BALANCE_RATE = 0.12  # prepaid operational SIMs check their balance more often
COLOCATION_DAYS = 12  # days on which a member's personal phone is used within minutes of his operational one
# Fictional service numbers: (kind, name, country, city or '', number). Short codes are not E.164.
_TAXI_CITIES = ("Dushanbe", "Khujand", "Bokhtar", "Kulob", "Shymkent", "Almaty", "Kyzylorda", "Aktobe",
                "Tashkent", "Bishkek", "Osh", "Orenburg", "Saryagash", "Turkestan")
_BANKS = {"TJ": ("Orien Bank", "Amonat Bank"), "KZ": ("Kaspi Bank", "Halyk Bank"), "UZ": ("Ipak Bank",),
          "KG": ("Ayil Bank",), "RU": ("Sberbank",), "TM": ("Dayhan Bank",), "AF": ("Azizi Bank",)}
NSN_LENGTH = {"KZ": 10, "RU": 10, "KG": 9, "TJ": 9, "UZ": 9, "TM": 8, "AF": 9}
SERVICE_COLUMNS = (
    Column("number", "string", "the service's number as it appears in b_number (E.164, or a short code)"),
    Column("name", "string", "who answers it"),
    Column("kind", "string", "operator | taxi | bank"),
    Column("country", "string", "ISO country"),
    Column("city", "string", "city served (empty for national services)"),
)


def _rng(seed: int, stream: int) -> np.random.Generator:
    return np.random.default_rng([seed, COMPONENTS["tower_dumps"], stream])


def _fixed_line(rng, cc: str, prefix: str) -> str:
    """A fictional fixed-line number with the country's national number length."""
    length = NSN_LENGTH[cc]
    return f"+{CALLING_CODE[cc]}{prefix}" + "".join(str(d) for d in rng.integers(0, 10, length - len(prefix)))


def service_numbers(seed: int) -> pd.DataFrame:
    """The directory of service numbers: operator short codes, taxi firms per city, bank hotlines."""
    rng = _rng(seed, 0)
    rows = []
    for k, op in enumerate(OPERATORS):
        rows.append(("operator", f"{op[1]} customer service", op[0], "", f"{(k % 9) + 1}{k:02d}"))
    for city in _TAXI_CITIES:
        cc = CITY[city].cc
        rows.append(("taxi", f"Taxi {city}", cc, city, _fixed_line(rng, cc, {"KZ": "72", "RU": "353"}.get(cc, "3"))))
    for cc, banks in _BANKS.items():
        for bank in banks:
            prefix = "800" if cc in ("KZ", "RU") else "44"
            rows.append(("bank", f"{bank} hotline", cc, "", _fixed_line(rng, cc, prefix)))
    frame = pd.DataFrame(rows, columns=["kind", "name", "country", "city", "number"])
    return frame[[c.name for c in SERVICE_COLUMNS]]


def _service_for(rng, lines: pd.DataFrame, directory: pd.DataFrame, city_of_holder: np.ndarray) -> np.ndarray:
    """A service number for each line record: own operator, a taxi in the holder's city, or a bank."""
    ops = directory[directory["kind"] == "operator"]
    op_number = dict(zip(ops["name"].str.removesuffix(" customer service"), ops["number"], strict=True))
    taxi = dict(zip(directory.loc[directory["kind"] == "taxi", "city"],
                    directory.loc[directory["kind"] == "taxi", "number"], strict=True))
    banks = {cc: g["number"].tolist() for cc, g in directory[directory["kind"] == "bank"].groupby("country")}
    u = rng.random(len(lines))
    pick = rng.integers(0, 2, len(lines))
    out = np.empty(len(lines), dtype=object)
    for i, (op, cc, city) in enumerate(zip(lines["operator"], lines["country"], city_of_holder, strict=True)):
        if u[i] < 0.45 or (u[i] < 0.75 and city not in taxi and cc not in banks):
            out[i] = op_number[op]
        elif u[i] < 0.75 and city in taxi:
            out[i] = taxi[city]
        else:
            choice = banks.get(cc) or banks["KZ"]
            out[i] = choice[int(pick[i]) % len(choice)]
    return out


def _service_hours(rng, n):
    """Local hour of service contacts: mostly daytime and evening, taxis and balance checks at night too."""
    day = np.clip(rng.normal(15.0, 4.5, n), 0, 23.99)
    night = (rng.uniform(22.0, 30.0, n)) % 24
    return np.where(rng.random(n) < 0.12, night, day)


def background_service(rng, world, directory) -> pd.DataFrame:
    """Every line's ordinary service contacts over the period."""
    lines = world.lines
    rate = np.where(lines["purpose"] == "operational", OP_BALANCE_RATE, SERVICE_RATE)
    lo = np.maximum(lines["valid_from"].to_numpy(), EPOCH0)
    hi = np.minimum(lines["valid_to"].to_numpy(), EPOCH0 + PERIOD_DAYS * 86400)
    days = np.clip((hi - lo) / 86400, 0, None)
    counts = rng.poisson(rng.lognormal(np.log(rate) - 0.2, 0.6) * days)
    idx = np.repeat(np.arange(len(lines)), counts)
    n = len(idx)
    day0 = (lo[idx] - EPOCH0) // 86400
    nday = np.maximum((hi[idx] - lo[idx]) // 86400, 1)
    start = EPOCH0 + (day0 + rng.integers(0, 1 << 30, n) % nday) * 86400 + (_service_hours(rng, n) * 3600).astype(
        np.int64)
    start = np.clip(start, lo[idx], hi[idx] - 60)
    homes = world.persons["home_city"].to_numpy()[lines["holder"].to_numpy()]
    numbers = _service_for(rng, lines, directory, homes)[idx]
    operational = lines["purpose"].to_numpy()[idx] == "operational"
    ops = directory[directory["kind"] == "operator"]
    op_number = dict(zip(ops["name"].str.removesuffix(" customer service"), ops["number"], strict=True))
    own = np.array([op_number[o] for o in lines["operator"].to_numpy()[idx]], dtype=object)
    numbers = np.where(operational & (rng.random(n) < 0.8), own, numbers)
    return pd.DataFrame({"line": lines["line_id"].to_numpy()[idx], "b_number": numbers, "start": start,
                         "plant": ""})


def _valid_line(lines, person, purpose, t):
    sel = lines[(lines["holder"] == person) & (lines["purpose"] == purpose)
                & (lines["valid_from"] <= t) & (lines["valid_to"] > t)]
    return sel.iloc[0] if len(sel) else None


def colocation_plants(rng, world, directory) -> pd.DataFrame:
    """On a few days each member's personal phone contacts a service within minutes of an operational call."""
    lines, calls = world.lines, world.calls
    taxi = directory[directory["kind"] == "taxi"]
    taxi = dict(zip(taxi["city"], taxi["number"], strict=True))
    banks = directory[directory["kind"] == "bank"].groupby("country")["number"].first().to_dict()
    rows = []
    for m in world.members:
        ops = lines[(lines["holder"] == m.person) & (lines["purpose"] == "operational")]
        own = calls[calls["a_number"].isin(ops["msisdn"])]
        if own.empty:
            continue
        day = (own["utc"].to_numpy() - EPOCH0) // 86400
        days = np.unique(day)
        chosen = rng.choice(days, size=min(COLOCATION_DAYS, len(days)), replace=False)
        for d in sorted(int(x) for x in chosen):
            pick = own[day == d]
            t_op = int(pick["utc"].iloc[int(rng.integers(0, len(pick)))])
            t = t_op + int(rng.choice([-1, 1])) * int(rng.integers(40, 270))
            personal = _valid_line(lines, m.person, "personal", t)
            if personal is None:
                continue
            cc = personal["country"]
            number = taxi.get(m.home) or banks.get(cc) or banks["KZ"]
            rows.append({"line": personal["line_id"], "b_number": number, "start": t, "plant": "colocation"})
    return pd.DataFrame(rows)


def reaction_plants(rng, world) -> pd.DataFrame:
    """The news of each seizure of the organisation's loads, passed up the hierarchy within minutes."""
    lines, members = world.lines, world.members

    def who(role, cell=None):
        return by_role(members, role, cell)[0].person

    rows = []
    for c in world.consignments:
        if not c.seized:
            continue
        stop = c.stages[-1][1][-1]  # a seized load's route ends where it was seized
        stage = c.stages[-1][0].removesuffix("_2")
        if stage == "south_car":
            chain = [(by_role(members, "courier", "south")[0].person, who("cell leader", "south"), "sms"),
                     (who("cell leader", "south"), who("broker"), "voice"),
                     (who("broker"), who("organiser"), "voice")]
        elif stage == "south_truck":
            chain = [(who("driver", "south"), who("broker"), "sms"), (who("broker"), who("organiser"), "voice"),
                     (who("broker"), who("cell leader", "south"), "voice")]
        else:
            chain = [(who("scout"), who("cell leader", "north"), "voice"),
                     (who("cell leader", "north"), who("broker"), "voice"),
                     (who("broker"), who("organiser"), "voice")]
        t = int(stop.arrive) + int(rng.integers(3, 9)) * 60
        for a, b, kind in chain:
            la, lb = _valid_line(lines, a, "operational", t), _valid_line(lines, b, "operational", t)
            if la is not None and lb is not None:
                rows.append({"line": la["line_id"], "b_number": lb["msisdn"], "start": t, "plant": "reaction",
                             "kind": kind, "consignment_id": c.consignment_id})
            t += int(rng.integers(2, 9)) * 60 + int(rng.integers(0, 60))
    return pd.DataFrame(rows)


def supplement_calls(world) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(service directory, the second return with helper columns, its answer key)."""
    rng = _rng(world.seed, 1)
    directory = service_numbers(world.seed)
    frame = pd.concat([background_service(rng, world, directory), colocation_plants(rng, world, directory),
                       reaction_plants(rng, world)], ignore_index=True)
    n = len(frame)
    line = world.lines.set_index("line_id").loc[frame["line"]]
    kind = frame["kind"].to_numpy() if "kind" in frame else np.full(n, np.nan, dtype=object)
    is_service = frame["plant"].to_numpy() != "reaction"
    default_kind = np.where(rng.random(n) < 0.55, "sms", "voice")
    kind = np.where(is_service, default_kind, kind)
    to_taxi_or_bank = np.array([str(b).startswith("+") for b in frame["b_number"]])
    kind = np.where(is_service & to_taxi_or_bank, "voice", kind)
    voice = kind == "voice"
    dur = np.where(voice, np.round(rng.lognormal(np.log(55), 0.7, n)).astype(np.int64), 0)
    start = frame["start"].to_numpy().astype(np.int64)
    holder, _, _, first, last, local_start = locate_calls(world, line, start, dur)
    out = pd.DataFrame({"utc": start, "a_number": line["msisdn"].to_numpy(), "b_number": frame["b_number"].to_numpy(),
                        "start": local_start, "duration_s": dur,
                        "call_type": kind, "imei": line["imei"].to_numpy(), "imsi": line["imsi"].to_numpy(),
                        "first_cell": first, "last_cell": last, "b_cell": called_cells(world, frame["b_number"], start),
                        "plant": frame["plant"].to_numpy(),
                        "consignment_id": frame.get("consignment_id", pd.Series([""] * n)).fillna("").to_numpy(),
                        "holder": holder})
    out = out[(out["utc"] >= EPOCH0) & (out["utc"] < EPOCH0 + PERIOD_DAYS * 86400)]
    out = out.sort_values(["utc", "a_number", "b_number"], kind="stable").reset_index(drop=True)
    out["call_id"] = [f"CDS{i + 1:07d}" for i in range(len(out))]
    key = out[out["plant"] != ""][["call_id", "plant", "consignment_id"]].reset_index(drop=True)
    return directory, out, key


CALL_COLUMNS = (
    Column("call_id", "string", "record number of the second return, CDS + 7 digits, in time order"),
    Column("a_number", "string", "calling party, E.164 MSISDN"),
    Column("b_number", "string", "called party: E.164 number, or an operator short code (see service_numbers.csv)"),
    Column("start", "datetime", "start of the call or time of the SMS",
           tz="local time of the serving cell's country, offset given"),
    Column("duration_s", "int", "call duration; 0 for SMS and unanswered calls", unit="seconds"),
    Column("call_type", "string", "voice | sms"),
    Column("imei", "string", "handset of the calling party (15 digits, Luhn)"),
    Column("imsi", "string", "SIM of the calling party (MCC+MNC+MSIN)"),
    Column("first_cell", "string", "cell serving the calling party at the start, MCC-MNC-LAC-CID (see cell_sites.csv)"),
    Column("last_cell", "string", "cell serving the calling party at the end"),
    B_CELL,
)


def supplement_tables(directory, calls, key) -> list[Table]:
    """service_numbers.csv, calls_supplement.csv and its answer key."""
    return [
        Table("service_numbers.csv", "Service numbers (operators, taxi firms, banks)",
              "Directory of the service numbers that appear in the call records: operators' customer-service "
              "short codes, city taxi firms and bank hotlines. Their contacts say nothing about who knows whom: "
              "leave them out of contact analysis.", SERVICE_COLUMNS, directory),
        Table("calls_supplement.csv", "Call and SMS records, second return",
              "The operators' second return, with the same columns as calls.csv: every line's calls and SMS to "
              "service numbers (short codes, taxi firms, bank hotlines), which the first return left out, and "
              "records of the target lines that reached the operators' systems late. Analyse it together with "
              "calls.csv (`pd.concat`).", CALL_COLUMNS, calls, notes=(CELL_CONVENTION,)),
        Table("truth/calls_supplement.csv", "Answer key: planted records of the second return",
              "Second-return records planted for the exercises: a member's personal phone used within minutes "
              "of his operational phone (colocation) and the calls right after a seizure (reaction).",
              (Column("call_id", "string", "calls_supplement.csv record"),
               Column("plant", "string", "colocation | reaction"),
               Column("consignment_id", "string", "the seized consignment a reaction call follows (empty "
                      "otherwise)")), key),
    ]
