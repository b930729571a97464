"""Module 12's data: the capstone's extract under capstone/ (the column layouts of the modules' files, so
the taught code runs on it) and its answer key truth/capstone_*.csv."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import numpy as np
import pandas as pd

from ..capstone import (
    CAP0,
    CAP_DAYS,
    CAP_END,
    CAP_START,
    CROSSING_INTO_KZ,
    DAY,
    RUN_EVERY_DAYS,
    TIP_OFF_ID,
    build_capstone,
    iso_day,
    passport,
)
from ..core import fmt_float, iso_local, iso_utc
from ..reference import CROSSING, country_of, utc_offset_at
from ..schema import Column, Table
from .border import _officer
from .osint import FileSet

PERIOD = f"{CAP_START} to {CAP_END}"
KEY = "Answer key (capstone)"


def _relocated(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """The osint view's columns, with the paths they mention moved to the capstone's own folder."""
    return tuple(replace(c, meaning=c.meaning.replace("datasets/osint/", "datasets/capstone/")
                         .replace("osint/channel/", "capstone/channel/")) for c in columns)


def _names(persons: pd.DataFrame, idx, scheme: str) -> np.ndarray:
    idx = np.asarray(idx, dtype=np.int64)
    return (persons[f"surname_{scheme}"].to_numpy()[idx] + " " + persons[f"given_{scheme}"].to_numpy()[idx])


def _reports(answers: dict) -> pd.DataFrame:
    """The tip-off and the other reports of the period in the register's layout."""
    phone = answers["tip_off_phone"]
    spaced = f"{phone[:4]} {phone[4:6]} {phone[6:9]} {phone[9:11]} {phone[11:]}"
    rows = [
        ("IR-C001", "2024-11-29T16:40:00+05:00", "SRC-01", "TJ Drug Control Agency", "TJ", "TJ-DCA/24/1187",
         "E. Ermekov", f"Source reports that the man who uses {spaced} drives heroin from Khujand to Kazakhstan "
         "for a man he calls 'Shakh', about twice a month, crossing into Kazakhstan at Korday; the buyers pay "
         "the group in crypto.", "source heard it from the courier's relative", "second-hand", "no other information",
         "B2", "H2"),
        ("IR-C002", "2024-10-09T11:05:00+05:00", "SRC-14", "Kyzylorda regional police", "KZ", "KZ-KZO/24/0933",
         "A. Zhaksylykov", "Street-level dealers in Kyzylorda say new heroin arrives 'every other week' and is "
         "sold through a messenger shop.", "debriefing of arrested dealers", "second-hand", "consistent", "C3", "H0"),
        ("IR-C003", "2024-09-20T09:30:00+05:00", "SRC-09", "KZ National Security Committee", "KZ", "KZ-NSC/24/0811",
         "E. Kasymov", "An intercepted call indicates that a lorry driver from Taraz smuggles cigarettes to "
         "Bishkek through Ak-Zhol.", "lawfully intercepted call", "first-hand", "no other information", "B3", "H0"),
        ("IR-C004", "2024-11-05T18:15:00+05:00", "SRC-07", "EU member-state liaison (legacy archive)", "EU",
         "EU-LIA/24/0902", "S. Rakhimov", "The partner service reports that a courier network moves heroin "
         "from Tajikistan to Russia by rail through Saryagash.", "partner service report; the partner's source "
         "is not disclosed", "unknown", "no other information", "B6", "H1"),
    ]
    frame = pd.DataFrame(rows, columns=["report_id", "received", "source_id", "originator", "originator_country",
                                        "report_ref", "reporting_officer", "text", "obtained", "access",
                                        "fits_other_information", "grade_nato", "handling_code"])
    frame["based_on_ref"] = ""
    frame["claim_id"] = [f"CL-C{i + 1:02d}" for i in range(len(frame))]
    frame["source_outcomes_before"] = [9, 4, 11, 0]
    frame["source_confirmed_before"] = [8, 2, 7, 0]
    frame["original_system"] = ["", "", "", "UK 5x5x5"]
    frame["original_grade"] = ["", "", "", "B53"]
    return frame.sort_values("received", kind="stable").reset_index(drop=True)


def capstone_tables(world, tables: list[Table]) -> list[Table]:
    """capstone/ (the extract) and truth/capstone_*.csv. `tables` are the modules' tables, whose
    column definitions the extract shares."""
    cols = {t.path: t.columns for t in tables}
    persons = world.persons
    cw = build_capstone(world.seed, persons, world.members, world.cell_locator)
    seed = world.seed

    calls = pd.DataFrame({
        "utc": [c["utc"] for c in cw.calls], "a_number": [c["a"].msisdn for c in cw.calls],
        "b_number": [c["b"].msisdn for c in cw.calls], "duration_s": [c["duration_s"] for c in cw.calls],
        "call_type": [c["call_type"] for c in cw.calls], "imei": [c["a"].imei for c in cw.calls],
        "imsi": [c["a"].imsi for c in cw.calls], "first_cell": [c["a_cell"] for c in cw.calls],
        "b_cell": [c["b_cell"] for c in cw.calls], "offset": [c["a_offset"] for c in cw.calls],
        "planted": [c["planted"] for c in cw.calls]})
    calls["call_id"] = [f"CC{i + 1:07d}" for i in range(len(calls))]
    calls["start"] = iso_local(calls["utc"], calls["offset"])
    calls["last_cell"] = calls["first_cell"]

    lines = cw.lines
    reg = np.array([ln.registered_to for ln in lines])
    cc = np.array([ln.country for ln in lines])
    scheme = np.where(np.isin(cc, ["KZ", "KG", "RU"]), "gost", np.where(cc == "UZ", "uz", "bgn"))
    subs = pd.DataFrame({
        "msisdn": [ln.msisdn for ln in lines], "imsi": [ln.imsi for ln in lines],
        "operator": [ln.operator for ln in lines], "country": cc,
        "subscriber_name": [_names(persons, [r], s)[0] for r, s in zip(reg, scheme, strict=True)],
        "date_of_birth": persons["date_of_birth"].to_numpy()[reg], "address_city": persons["home_city"].to_numpy()[reg],
        "activated": [iso_day(int((ln.valid_from - CAP0) // DAY)) for ln in lines]}).sort_values("msisdn")

    reads = pd.DataFrame(cw.reads)
    reads["read_id"] = [f"CR{i + 1:07d}" for i in range(len(reads))]
    reads["time"] = iso_local(reads["utc"], 300)
    reads["plate_read"] = reads["plate"]
    reads["confidence"] = fmt_float(reads["confidence"], 2)

    border = _border(cw, persons, seed)
    vehicles = pd.DataFrame(cw.vehicles)
    person_owner = vehicles["owner"].to_numpy() >= 0
    owner = np.where(person_owner, vehicles["owner"].to_numpy(), 0)
    vehicles["owner_name"] = np.where(person_owner, _names(persons, owner, "icao"), "")
    vehicles["owner_date_of_birth"] = np.where(person_owner, persons["date_of_birth"].to_numpy()[owner], "")
    vehicles = vehicles.sort_values("plate", kind="stable")

    tron = pd.DataFrame(cw.tron.transfers)
    tron = tron[(tron["time"] >= CAP0) & (tron["time"] < CAP0 + CAP_DAYS * DAY)].reset_index(drop=True)
    tron_frame = pd.DataFrame({"tx_hash": tron["tx_hash"], "block_time": iso_utc(tron["time"]), "token": "USDT",
                               "from_address": tron["from_address"], "to_address": tron["to_address"],
                               "amount_usdt": fmt_float(tron["amount_micro"] / 1e6, 2)})
    tags = pd.DataFrame(cw.tags).sort_values("address", kind="stable")
    kyc = pd.DataFrame(cw.kyc).sort_values("account_id", kind="stable")

    people = cw.register_people
    regb = pd.DataFrame({"surname": persons["surname_icao"].to_numpy()[people],
                         "given_name": persons["given_icao"].to_numpy()[people],
                         "sex": persons["sex"].to_numpy()[people],
                         "date_of_birth": persons["date_of_birth"].to_numpy()[people],
                         "nationality": persons["nationality"].to_numpy()[people],
                         "passport_no": [passport(persons, p, seed) for p in people], "passport": "current"})
    regb = regb.sample(frac=1.0, random_state=np.random.default_rng([seed, 24, 4])).reset_index(drop=True)
    regb.insert(0, "record_id", [f"CB{i + 1:05d}" for i in range(len(regb))])

    channel = {f"capstone/{k}": v for k, v in sorted(cw.files.items())}
    captures = pd.DataFrame({"file": [k.removeprefix("capstone/") for k in channel],
                             "source": "messenger export of t.me/kyzyl_tun",
                             "captured_at": "2024-11-30T20:00:00+05:00",
                             "sha256_at_capture": [hashlib.sha256(v).hexdigest() for v in channel.values()]})

    # (file, title, description, frame): each in the layout of the modules' file of the same name
    extract = (
        ("intel_reports", "intelligence reports of the period",
         f"The intelligence register's reports received {PERIOD} that concern the case, in the layout of "
         f"`intel_reports.csv`. Report {TIP_OFF_ID} is the tip-off the case starts from.", _reports(cw.answers)),
        ("calls", "call and SMS records",
         f"Call and SMS records {PERIOD} returned for the tip-off number, the numbers in contact with it and the "
         "other lines of the request, in the layout of `calls.csv`. Cells are in `cell_sites.csv`.", calls),
        ("subscribers", "subscriber register",
         "The operators' registration data of every number in `capstone/calls.csv`, in the layout of "
         "`subscribers.csv`.", subs),
        ("anpr_reads", "ANPR reads",
         f"Reads of the Kazakh ANPR cameras (`anpr_cameras.csv`) {PERIOD}, in the layout of `anpr_reads.csv`.", reads),
        ("border_crossings", "border-crossing records",
         f"Passport checks {PERIOD} at the crossings on the roads between Tajikistan, Uzbekistan, Kazakhstan and "
         "Kyrgyzstan, in the layout of `border_crossings.csv`.", border),
        ("vehicle_register", "vehicle register",
         "Registration data of every plate in the capstone's ANPR reads and border records, in the layout of "
         "`vehicle_register.csv`.", vehicles),
        ("tron_transfers", "USDT (TRC-20) transfers",
         f"USDT transfers on TRON {PERIOD} among the addresses of the request, in the layout of "
         "`tron_transfers.csv`.", tron_frame),
        ("crypto_tags", "attribution tags",
         "What the attribution provider says about addresses in `capstone/tron_transfers.csv`.", tags),
        ("exchange_returns", "the exchange's return",
         "The exchange's answer to a request for the holders of its deposit addresses in "
         "`capstone/tron_transfers.csv`, in the layout of `exchange_returns.csv`.", kyc),
        ("register_border", "border service traveller index (extract)",
         "The border service's index of travellers, extracted for the persons of the request, in the layout of "
         "`register_border.csv`.", regb),
    )
    public = [Table(f"capstone/{name}.csv", f"Capstone: {title}", text, cols[f"{name}.csv"], frame)
              for name, title, text, frame in extract]
    public += [
        FileSet("capstone/channel/", "Capstone: a shop's messenger channel, exported",
                "The export of a shop channel advertising in Kyzylorda, written by the messenger's desktop client "
                "(`result.json` and `photos/`), in the layout of `osint/channel/`.",
                _relocated(cols["osint/channel/"]), rows=None, files=channel),
        Table("capstone/captures.csv", "Capstone: the capture log of the channel export",
              "What the capture tool recorded for each file under capstone/channel/.",
              _relocated(cols["osint/captures.csv"]), captures),
    ]
    return public + _key_tables(cw, calls, persons, seed)


def _border(cw, persons: pd.DataFrame, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 24, 5])
    rows = []
    for trip in cw.trips:
        for k, s in enumerate(trip.stops):
            if s.place not in CROSSING or k == 0 or k == len(trip.stops) - 1:
                continue
            c = CROSSING[s.place]
            direction = "exit" if country_of(trip.stops[k - 1].place) == c.cc else "entry"
            officer = _officer(s.place, int(rng.integers(0, 12)))
            for n, person in enumerate(trip.persons):
                t = s.arrive + int(rng.uniform(0.2, 0.9) * (s.depart - s.arrive)) + 20 * n
                rows.append({"utc": t, "crossing": s.place, "country": c.cc, "other_country": c.other,
                             "direction": direction, "mode": "road", "person": person,
                             "role": "driver" if n == 0 else "passenger", "vehicle_plate": trip.plate,
                             "officer_id": officer})
    f = pd.DataFrame(rows)
    f = f[(f["utc"] >= CAP0) & (f["utc"] < CAP0 + CAP_DAYS * DAY)]
    f = f.sort_values(["utc", "crossing", "person"], kind="stable").reset_index(drop=True)
    f["record_id"] = [f"CX{i + 1:06d}" for i in range(len(f))]
    f["time"] = iso_local(f["utc"], [utc_offset_at(c) for c in f["country"]])
    person = f["person"].to_numpy()
    f["surname"] = persons["surname_icao"].to_numpy()[person]
    f["given_name"] = persons["given_icao"].to_numpy()[person]
    f["date_of_birth"] = persons["date_of_birth"].to_numpy()[person]
    f["nationality"] = persons["nationality"].to_numpy()[person]
    f["passport_no"] = [passport(persons, p, seed) for p in person]
    return f


def _key_tables(cw, calls: pd.DataFrame, persons: pd.DataFrame, seed: int) -> list[Table]:
    a = cw.answers
    answers = pd.DataFrame({"checkpoint": list(a), "value": [str(v) for v in a.values()]})
    by_key = {}
    for ln in cw.lines:
        by_key.setdefault(ln.key, []).append(ln.msisdn)
    plate = {v["key"]: v["plate"] for v in cw.vehicles}
    roles = (("organiser", "organiser", ""), ("courier", "courier", "courier"), ("scout", "scout", "scout"),
             ("financier", "financier", ""), ("mother", "courier's mother (innocent)", ""),
             ("wife", "courier's wife (innocent)", ""), ("namesake", "financier's namesake (innocent)", ""),
             ("trader", "Tuesday trader (innocent)", "trader"), ("minibus", "minibus driver (innocent)", "minibus"))
    network = pd.DataFrame([{
        "role": role, "person_id": persons.at[cw.people[key], "person_id"],
        "name": f"{persons.at[cw.people[key], 'surname_icao']} {persons.at[cw.people[key], 'given_icao']}",
        "date_of_birth": persons.at[cw.people[key], "date_of_birth"],
        "passport_no": passport(persons, cw.people[key], seed),
        "phones": ";".join(by_key.get(key, []) + by_key.get("courier new", []) * (key == "courier")),
        "plate": plate.get(veh, "")}
        for key, role, veh in roles])
    runs = pd.DataFrame(cw.runs)
    runs_frame = pd.DataFrame({"run": runs["run"], "date": runs["date"],
                               "depart_utc": iso_utc(runs["depart_utc"]), "kz_entry_utc": iso_utc(runs["kz_entry_utc"]),
                               "arrive_utc": iso_utc(runs["arrive_utc"]), "crossing": runs["crossing"],
                               "scout_lead_s": runs["lead_s"]})
    planted = calls.loc[calls["planted"] != "", ["call_id", "planted"]]
    decoys = pd.DataFrame(cw.decoys)
    photos = pd.DataFrame(cw.photos)
    photos_frame = pd.DataFrame({"file": photos["file"], "message_id": photos["message_id"],
                                 "post_utc": iso_utc(photos["post_utc"]), "taken_utc": iso_utc(photos["taken_utc"]),
                                 "plan": photos["plan"], "run": photos["run"]})
    S = "string"
    return [
        Table("truth/capstone_answers.csv", f"{KEY}: the checkpoints",
              "One row per fact the capstone's exercise asks for. Lists are joined with ';' in the order the "
              "exercise asks for; `cashout_usdt` is the sum of the collection wallet's transfers to the cash-out "
              f"address in the period; `next_run` is the last run plus {RUN_EVERY_DAYS} days.",
              (Column("checkpoint", S, "name of the fact"), Column("value", S, "its value, as text")), answers),
        Table("truth/capstone_network.csv", f"{KEY}: who is who",
              "The cell's members and the innocent people who look like them, with their identifiers.",
              (Column("role", S, "role in the case"), Column("person_id", S, "person (truth/persons.csv)"),
               Column("name", S, "surname and given name, ICAO 9303"), Column("date_of_birth", "date", "date of birth"),
               Column("passport_no", S, "passport number"), Column("phones", S, "numbers used, ';'-joined, in order"),
               Column("plate", S, "vehicle driven in the case")), network),
        Table("truth/capstone_runs.csv", f"{KEY}: the runs",
              f"The courier's runs {ROUTE}: when he left, entered Kazakhstan and arrived, and the scout's lead.",
              (Column("run", "int", "run number"), Column("date", "date", "local date of the run"),
               Column("depart_utc", "datetime", "departure from Khujand", tz="UTC"),
               Column("kz_entry_utc", "datetime", f"arrival at the {CROSSING_INTO_KZ} post", tz="UTC"),
               Column("arrive_utc", "datetime", "arrival in Kyzylorda", tz="UTC"),
               Column("crossing", S, "crossing point into Kazakhstan"),
               Column("scout_lead_s", "int", "how far ahead of the courier the scout's car passed each camera",
                      unit="seconds")), runs_frame),
        Table("truth/capstone_decoys.csv", f"{KEY}: the decoys",
              "What looks like part of the network but is not, and why the taught method rejects it.",
              (Column("decoy", S, "kind"), Column("value", S, "number, plate, passport, file or address"),
               Column("why", S, "why it is not the answer")), decoys),
        Table("truth/capstone_calls.csv", f"{KEY}: the planted calls",
              "The records the case plants (the cell's calls and the courier's family calls); all others are "
              "background.",
              (Column("call_id", S, "capstone/calls.csv record"),
               Column("planted", S, "planning | on the road | delivered | after delivery | between runs | family | "
                                    "friend | organiser family")), planted),
        Table("truth/capstone_photos.csv", f"{KEY}: the channel's photos",
              "Every photo of the capstone channel: when it was taken and whether a run is behind it.",
              (Column("file", S, "path under capstone/"), Column("message_id", "int", "post id"),
               Column("post_utc", "datetime", "post time", tz="UTC"),
               Column("taken_utc", "datetime", "when the photo was taken", tz="UTC"),
               Column("plan", S, "fresh | repost"), Column("run", "int", "run it follows; 0 for none")),
              photos_frame),
    ]


ROUTE = "Khujand - Oybek - Tashkent - Gisht Kuprik / Zhibek Zholy - Shymkent - Turkestan - Kyzylorda"
