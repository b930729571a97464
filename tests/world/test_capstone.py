"""Module 12's capstone extract: every checkpoint of the answer key is reached from the public files
under capstone/ with the methods of modules 02, 03, 04, 06, 09 and 10 (written out here, independent of
the solution notebook), and every decoy of truth/capstone_decoys.csv fails the same method. Also: the
extract keeps the modules' column layouts and moves none of their values."""

from __future__ import annotations

import json
import re

import pandas as pd
import phonenumbers
import pytest
from PIL import Image

from analystlab.methods import anpr
from analystlab.methods.names import name_key


@pytest.fixture(scope="module")
def cap(out, read):
    names = ("intel_reports", "calls", "subscribers", "anpr_reads", "border_crossings", "vehicle_register",
             "tron_transfers", "crypto_tags", "exchange_returns", "register_border", "captures")
    data = {n: read(out, f"capstone/{n}.csv") for n in names}
    data["cells"] = read(out, "cell_sites.csv")
    data["channel"] = json.loads((out / "capstone/channel/result.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def key(out, read):
    answers = read(out, "truth/capstone_answers.csv").set_index("checkpoint")["value"].to_dict()
    decoys = read(out, "truth/capstone_decoys.csv").set_index("decoy")["value"].to_dict()
    return answers, decoys


@pytest.fixture(scope="module")
def records(cap):
    """Every call record seen from each party: number, other number, UTC time, serving cell's country."""
    calls, cells = cap["calls"], cap["cells"].set_index("cell_id")["country"]
    t = pd.to_datetime(calls["start"], utc=True)
    a = pd.DataFrame({"number": calls["a_number"], "other": calls["b_number"], "t": t,
                      "country": calls["first_cell"].map(cells), "imei": calls["imei"]})
    b = pd.DataFrame({"number": calls["b_number"], "other": calls["a_number"], "t": t,
                      "country": calls["b_cell"].map(cells), "imei": ""})
    return pd.concat([a, b], ignore_index=True).sort_values("t", kind="stable")


def _local_date(t: pd.Series) -> pd.Series:
    return (t + pd.Timedelta(hours=5)).dt.strftime("%Y-%m-%d")


@pytest.fixture(scope="module")
def courier(cap, records):
    """The tip-off number (module 01: read the report), its successor by the shared handset (module 03
    §5), and the spells in Kazakhstan: the first day of each run of days on Kazakh cells."""
    text = cap["intel_reports"].set_index("report_id").at["IR-C001", "text"]
    tip = [phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)
           for m in phonenumbers.PhoneNumberMatcher(text, "TJ")]
    assert len(tip) == 1
    calls = cap["calls"]
    imeis = set(calls.loc[calls["a_number"] == tip[0], "imei"])
    same_handset = sorted(set(calls.loc[calls["imei"].isin(imeis), "a_number"]) - {tip[0]})
    numbers = [tip[0]] + same_handset
    own = records[records["number"].isin(numbers)]
    kz = own[own["country"] == "KZ"].copy()
    days = pd.to_datetime(sorted(set(_local_date(kz["t"]))))
    starts = [d for d in days if d - pd.Timedelta(days=1) not in set(days)]
    first_kz = {d.strftime("%Y-%m-%d"): kz.loc[_local_date(kz["t"]) == d.strftime("%Y-%m-%d"), "t"].min()
                for d in starts}
    return {"tip": tip[0], "numbers": numbers, "runs": first_kz, "handset_partners": same_handset}


def test_capstone_files_keep_the_modules_layouts(out, read):
    for name in ("calls", "subscribers", "anpr_reads", "border_crossings", "vehicle_register", "tron_transfers",
                 "crypto_tags", "exchange_returns", "register_border", "intel_reports"):
        assert list(read(out, f"capstone/{name}.csv").columns) == list(read(out, f"{name}.csv").columns), name
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"]["capstone/channel/result.json"]["sha256"]
    for name in manifest["files"]:
        if name.endswith(".jpg") and name.startswith("capstone/"):
            assert Image.open(out / name).size == (320, 240)


def test_capstone_is_a_new_period_with_new_answers(cap, key, out, read):
    answers, _ = key
    times = pd.to_datetime(cap["calls"]["start"], utc=True)
    assert times.min() >= pd.Timestamp("2024-08-31T19:00Z") and times.max() < pd.Timestamp("2024-11-30T19:00Z")
    # the cell is not the first period's organisation, and none of its phones or plates is in modules 00-11
    network = read(out, "truth/capstone_network.csv")
    assert not set(network["person_id"]) & set(read(out, "truth/organisation.csv")["person_id"])
    phones = {answers[k] for k in ("organiser_phone", "courier_new_phone", "financier_phone", "tip_off_phone",
                                   "scout_phone")}
    assert not phones & set(read(out, "truth/phones.csv")["msisdn"])
    assert not {answers["courier_plate"], answers["scout_plate"]} & set(read(out, "vehicle_register.csv")["plate"])


def test_sim_swap_found_by_the_handset_and_the_wife_is_not(courier, key, cap):
    answers, decoys = key
    assert courier["tip"] == answers["tip_off_phone"]
    assert courier["handset_partners"] == [answers["courier_new_phone"]]
    # the wife's number is registered in the courier's name: a name search finds it, the handset does not
    subs = cap["subscribers"].set_index("msisdn")
    assert decoys["family member's number"] not in courier["numbers"]
    calls = cap["calls"]
    wife_imei = set(calls.loc[calls["a_number"] == decoys["family member's number"], "imei"])
    assert wife_imei and not wife_imei & set(calls.loc[calls["a_number"].isin(courier["numbers"]), "imei"])
    assert subs.at[decoys["family member's number"], "subscriber_name"] != subs.at[courier["tip"], "subscriber_name"]


def test_runs_crossing_and_courier_from_phone_and_border(courier, cap, key):
    answers, decoys = key
    border = cap["border_crossings"]
    border = border.assign(t=pd.to_datetime(border["time"], utc=True))
    into_kz = border[(border["country"] == "KZ") & (border["direction"] == "entry")]
    seen = {}
    for day, first in courier["runs"].items():
        near = into_kz[(into_kz["t"] <= first) & (into_kz["t"] >= first - pd.Timedelta(hours=3))]
        seen[day] = set(near["passport_no"])
    common = set.intersection(*seen.values())
    assert common == {answers["courier_passport"]}
    assert decoys["Tuesday trader"] not in common
    # the trader does enter Kazakhstan on every run day: only the time rule rejects him
    trader_days = set(_local_date(into_kz.loc[into_kz["passport_no"] == decoys["Tuesday trader"], "t"]))
    assert set(courier["runs"]) <= trader_days
    # one run crosses before dawn: counted in UTC days its date would be the day before
    utc_days = {t.strftime("%Y-%m-%d") for t in courier["runs"].values()}
    assert len(utc_days - set(courier["runs"])) == 1
    own = into_kz[into_kz["passport_no"] == answers["courier_passport"]]
    assert sorted(set(_local_date(own["t"]))) == answers["run_dates"].split(";") == sorted(courier["runs"])
    assert set(own["crossing"]) == {answers["crossing_point"]} and "Korday" not in set(own["crossing"])
    assert set(own.loc[own["role"] == "driver", "vehicle_plate"]) == {answers["courier_plate"]}
    dates = pd.to_datetime(answers["run_dates"].split(";"))
    gap = pd.Series(dates).diff().dropna().dt.days
    assert gap.nunique() == 1
    assert (dates[-1] + pd.Timedelta(days=int(gap.iloc[0]))).strftime("%Y-%m-%d") == answers["next_run"]


def test_convoy_is_the_scout_and_the_decoys_fail_the_rule(cap, key):
    answers, decoys = key
    reads = cap["anpr_reads"].rename(columns={"plate_read": "plate"})
    reads = reads.assign(t=anpr.epoch_seconds(reads["time"]))
    courier = answers["courier_plate"]

    def pairs(window_s: int) -> pd.DataFrame:
        p = anpr.co_reads(reads, window_s)
        p = p[(p["plate_a"] == courier) | (p["plate_b"] == courier)]
        p = p.assign(other=p["plate_a"].where(p["plate_b"] == courier, p["plate_b"]),
                     day=pd.to_datetime(p["t_a"], unit="s", utc=True).dt.tz_convert("Asia/Almaty").dt.date)
        return p.groupby("other").agg(cameras=("camera_id", "nunique"), days=("day", "nunique"))

    strict = pairs(120)
    convoy = strict[(strict["cameras"] >= 3) & (strict["days"] >= 3)]
    assert list(convoy.index) == [answers["scout_plate"]]
    assert decoys["minibus behind the courier"] not in strict.index
    loose = pairs(3600)  # with an hour's window the minibus would pass as an escort
    assert loose.at[decoys["minibus behind the courier"], "days"] >= 5
    look = strict.loc[decoys["look-alike plate"]]
    assert look["cameras"] < 3 and look["days"] < 3


def test_organiser_scout_and_financier_from_the_call_records(courier, records, key, cap):
    answers, decoys = key
    own = records[records["number"].isin(courier["numbers"])]
    # the organiser: in touch on the local evening (18:00-23:59) before every run date (module 03 §4)
    at = own["t"].dt.tz_convert("Asia/Almaty")
    eves = {(pd.Timestamp(d) - pd.Timedelta(days=1)).strftime("%Y-%m-%d") for d in courier["runs"]}
    on_eve = own[at.dt.strftime("%Y-%m-%d").isin(eves) & (at.dt.hour >= 18)]
    per_eve = on_eve.assign(day=_local_date(on_eve["t"])).groupby("other")["day"].nunique()
    assert list(per_eve[per_eve == len(eves)].index) == [answers["organiser_phone"]]
    counts = own["other"].value_counts()
    assert counts.idxmax() == decoys["innocent frequent contact"]  # the most frequent contact is the mother
    assert per_eve.get(decoys["innocent frequent contact"], 0) < len(eves)
    # the organiser is also the only contact of the courier in touch with both the scout's and the financier's
    contacts = records.groupby("number")["other"].agg(set)
    linked = [n for n in contacts[courier["tip"]] | contacts[answers["courier_new_phone"]]
              if {answers["scout_phone"], answers["financier_phone"]} <= contacts.get(n, set())]
    assert linked == [answers["organiser_phone"]]
    # the scout: the courier's contact on every run day and on no other day
    run_days = set(courier["runs"])
    scout = own[own["other"] == answers["scout_phone"]]
    assert set(_local_date(scout["t"])) == run_days
    # the financier: who the organiser talks to within 12 hours after each delivery report
    org = records[records["number"] == answers["organiser_phone"]]
    after = []
    for day in run_days:
        report = own[(own["other"] == answers["organiser_phone"]) & (_local_date(own["t"]) == day)]["t"].max()
        window = org[(org["t"] > report) & (org["t"] <= report + pd.Timedelta(hours=12))]
        after.append(set(window["other"]) - set(courier["numbers"]) - {answers["scout_phone"]})
    assert set.intersection(*after) == {answers["financier_phone"]}


def test_money_trail_from_channel_wallets_to_the_cash_out(cap, key):
    answers, decoys = key
    posts = cap["channel"]["messages"]
    quoted = [e["text"] for m in posts for e in m.get("text_entities", []) if re.fullmatch(r"T[1-9A-HJ-NP-Za-km-z]{33}",
                                                                                           e["text"])]
    assert quoted == answers["payment_wallets"].split(";")
    tx = cap["tron_transfers"].assign(amount=lambda f: f["amount_usdt"].astype(float))
    out_of_pay = tx[tx["from_address"].isin(quoted)]
    assert set(out_of_pay["to_address"]) == {answers["collection_wallet"]}
    tags = cap["crypto_tags"].set_index("address")["category"]
    out_of_collection = tx[tx["from_address"] == answers["collection_wallet"]]
    exch = out_of_collection[out_of_collection["to_address"].map(tags).eq("exchange")]
    assert set(exch["to_address"]) == {answers["cashout_address"]}
    assert f"{exch['amount'].sum():.2f}" == answers["cashout_usdt"]
    # the hot wallet: the biggest exchange counterparty of the payment wallets, but money flows in from it
    into_pay = tx[tx["to_address"].isin(quoted)]
    by_exchange = into_pay[into_pay["from_address"].map(tags).eq("exchange")].groupby("from_address")["amount"].sum()
    assert by_exchange.idxmax() == decoys["exchange hot wallet"]
    assert decoys["exchange hot wallet"] not in set(out_of_collection["to_address"])
    assert decoys["other deposit address"] not in set(out_of_collection["to_address"])
    assert tx["to_address"].eq(decoys["other deposit address"]).any()
    # the cash-out account's phone is the financier's number
    kyc = cap["exchange_returns"].set_index("deposit_address")
    assert kyc.at[answers["cashout_address"], "phone"] == answers["financier_phone"]


def test_persons_resolved_in_the_register(cap, key):
    answers, decoys = key
    kyc = cap["exchange_returns"].set_index("deposit_address").loc[answers["cashout_address"]]
    reg = cap["register_border"]
    same_name = reg[(reg["surname"].map(name_key) == name_key(kyc["holder_surname"]))
                    & (reg["given_name"].map(name_key) == name_key(kyc["holder_given_name"]))]
    assert len(same_name) >= 2 and decoys["financier's namesake"] in set(same_name["passport_no"])
    # the exchange spells the name otherwise than the passport: only the phonetic key links them
    raw = reg[(reg["surname"] == kyc["holder_surname"]) & (reg["given_name"] == kyc["holder_given_name"])]
    assert raw.empty
    match = same_name[same_name["date_of_birth"] == kyc["date_of_birth"]]
    assert list(match["passport_no"]) == [answers["financier_passport"]]
    assert answers["courier_passport"] in set(reg["passport_no"])


def test_photos_fresh_after_runs_and_the_repost_is_old(cap, key, out):
    answers, decoys = key
    run_days = pd.to_datetime(answers["run_dates"].split(";"))
    for m in cap["channel"]["messages"]:
        if "photo" not in m:
            continue
        exif = Image.open(out / "capstone/channel" / m["photo"]).getexif().get_ifd(0x8769)
        taken = pd.Timestamp(exif[0x9003].replace(":", "-", 2))
        if f"channel/{m['photo']}" == decoys["reposted photo"]:
            assert m.get("forwarded_from") and taken < run_days[0] - pd.Timedelta(days=60)
        else:
            assert "forwarded_from" not in m
            assert min(abs((taken.normalize() - d).days) for d in run_days) <= 2
