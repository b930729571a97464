"""Call and SMS records (one row per communication, from the calling side), the cell-site list and the
subscriber register; the organisation's planted call chains are in the answer key."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from ..core import COMPONENTS, EPOCH0, PERIOD_DAYS, component_rng, fmt_float, iso_local
from ..daily import hash_uniform
from ..organisation import by_role
from ..reference import RU_TIMEZONES, utc_offset_at
from ..schema import Column, Table
from ..telecom import OPERATORS, operators_of

BACKGROUND_RATE = 0.36  # contact events per personal line per day, on average
NOT_NEAREST = 0.2  # share of records served by the second-nearest mast
FOLLOW_UP = 0.45  # replies and follow-ups per contact event, at the median activity
N_CONTACTS = 6


def _unit(lat, lon):
    la, lo = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


class CellLocator:
    """Serving cell for a phone at a position: the nearest mast of the line's own operator in its home
    country (abroad, of the country's first operator, the roaming partner), and the sector facing the
    phone."""

    def __init__(self, cells: pd.DataFrame):
        sites = cells.drop_duplicates("site_index").sort_values("site_index")
        self.site_cc = sites["country"].to_numpy()
        self.site_place = sites["place"].to_numpy()
        self.site_lat, self.site_lon = sites["lat"].to_numpy(), sites["lon"].to_numpy()
        self.tree = cKDTree(_unit(self.site_lat, self.site_lon))
        self.offsets = np.array([RU_TIMEZONES[p][1] if cc == "RU" else utc_offset_at(cc)
                                 for cc, p in zip(self.site_cc, self.site_place, strict=True)])
        self.partner = {cc: operators_of(cc)[0][1] for cc in sorted(set(self.site_cc))}
        self.net = {}  # operator -> (site indices, kd-tree, azimuth of sector 0, cell ids [site, sector])
        for op, g in cells.sort_values(["site_index", "sector"], kind="stable").groupby("operator", sort=True):
            site = g["site_index"].to_numpy()[::3]
            self.net[op] = (site, cKDTree(_unit(self.site_lat[site], self.site_lon[site])),
                            g["azimuth"].to_numpy()[::3], g["cell_id"].to_numpy().reshape(-1, 3))

    def serve(self, lat, lon, operator_cc, operator_name, u=None):
        """(cell ids, site indices) serving phones at (lat, lon). With uniforms `u`, a share of the phones
        (u < NOT_NEAREST) is served by the second-nearest mast of the network, as load and terrain make
        real phones do."""
        lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
        _, nearest = self.tree.query(_unit(lat, lon))
        here = self.site_cc[np.asarray(nearest)]
        serving = np.where(here == np.asarray(operator_cc), np.asarray(operator_name, dtype=object),
                           np.array([self.partner[c] for c in here], dtype=object))
        cell = np.empty(len(lat), dtype=object)
        site = np.empty(len(lat), dtype=np.int64)
        for op in sorted(set(serving)):
            rows = np.flatnonzero(serving == op)
            sites, tree, rot, ids = self.net[op]
            d, k = tree.query(_unit(lat[rows], lon[rows]), k=2)
            # the second-nearest mast only when it is about as close (not across a 30 km gap on a road)
            second = (d[:, 1] < 1.6 * d[:, 0] + 1.0 / 6371) & (k[:, 1] < len(sites))
            if u is not None:
                second &= np.asarray(u)[rows] < NOT_NEAREST
            k = np.where(second, k[:, 1], k[:, 0])
            s = sites[k]
            dy = lat[rows] - self.site_lat[s]
            dx = (lon[rows] - self.site_lon[s]) * np.cos(np.radians(lat[rows]))
            bearing = (np.degrees(np.arctan2(dx, dy)) + 360) % 360
            sector = (((bearing - rot[k] + 60) % 360) // 120).astype(int)
            cell[rows], site[rows] = ids[k, sector], s
        return cell, site


def _hours(rng, n):
    """Local hour of day of ordinary calls: a daytime peak, few at night."""
    return np.clip(rng.normal(14.5, 4.2, n), 0, 23.99)


def _life_hours(rng, n):
    """Local hour of day of everyday calls: mornings, the working day, a peak in the evening, a few at night."""
    day = np.clip(rng.normal(13.5, 3.6, n), 6.5, 21.99)
    evening = np.clip(rng.normal(20.0, 1.3, n), 17.0, 23.5)
    night = (rng.uniform(22.0, 30.0, n)) % 24
    u = rng.random(n)
    return np.where(u < 0.07, night, np.where(u < 0.32, evening, day))


def contact_events(rng, persons, lines):
    """Who contacts whom: six usual contacts per personal line (two thirds in the same town), an
    activity rate per line, and the contact events of the period. Returns (personal lines, event's
    line position, event's other person, line rates)."""
    personal = lines[lines["purpose"] == "personal"].reset_index(drop=True)
    n_people = len(persons)
    homes = persons["home_city"].to_numpy()
    by_city = {c: np.flatnonzero(homes == c) for c in sorted(set(homes))}
    contacts = np.empty((len(personal), N_CONTACTS), dtype=np.int64)
    holders = personal["holder"].to_numpy()
    for i, h in enumerate(holders):
        local = by_city[homes[h]]
        same = rng.random(N_CONTACTS) < 0.65
        contacts[i] = np.where(same, local[rng.integers(0, len(local), N_CONTACTS)],
                               rng.integers(0, n_people, N_CONTACTS))
    rates = rng.lognormal(np.log(BACKGROUND_RATE) - 0.3, 0.77, len(personal))
    counts = rng.poisson(rates * PERIOD_DAYS)
    a = np.repeat(np.arange(len(personal)), counts)
    b_person = contacts[a, rng.integers(0, N_CONTACTS, len(a))]
    b_person = np.where(b_person == holders[a], (b_person + 1) % n_people, b_person)
    return personal, a, b_person, rates


def background_calls(rng, world) -> pd.DataFrame:
    """Ordinary calls and SMS between family, friends and colleagues. Every contact event is a call or
    SMS followed by replies and follow-ups the same day; busier lines have more of them. Events that
    involve a member of the organisation stay single records, so the weight of each member's outside
    contacts (the associates the investigation indexed) is that of the contact events."""
    persons, lines = world.persons, world.lines
    personal, a, b_person, rates = contact_events(component_rng(world.seed, "calls"), persons, lines)
    primary = personal.drop_duplicates("holder").set_index("holder")["msisdn"].to_numpy()
    holders = personal["holder"].to_numpy()
    members = np.array(sorted(m.person for m in world.members))
    n = len(a)
    member_pair = np.isin(holders[a], members) | np.isin(b_person, members)
    busy = np.sqrt(rates[a] / np.median(rates))
    extra = np.where(member_pair, 0, rng.poisson(FOLLOW_UP * busy))
    local_midnight = EPOCH0 + (300 - world.daily.offset[holders[a]]) * 60
    t0 = local_midnight + rng.integers(0, PERIOD_DAYS, n) * 86400 + (_life_hours(rng, n) * 3600).astype(np.int64)
    t0 = np.clip(t0, EPOCH0 + 3 * 3600, EPOCH0 + PERIOD_DAYS * 86400 - 4 * 3600)
    event = np.repeat(np.arange(n), 1 + extra)
    k = np.arange(len(event)) - np.repeat(np.cumsum(1 + extra) - (1 + extra), 1 + extra)  # 0 = the first record
    reply = (k > 0) & (rng.random(len(event)) < 0.6)
    delay = np.where(k > 0, (rng.uniform(1, 90, len(event)) * 60).astype(np.int64) * k, 0)
    first = personal.drop_duplicates("holder").set_index("holder")  # every person's first personal line
    line = np.where(reply, first["line_id"].to_numpy()[b_person[event]], personal["line_id"].to_numpy()[a][event])
    b_number = np.where(reply, personal["msisdn"].to_numpy()[a][event], primary[b_person[event]])
    start = np.minimum(t0[event] + delay, EPOCH0 + PERIOD_DAYS * 86400 - 60)
    return pd.DataFrame({"line": line, "b_number": b_number, "start": start,
                         "kind": rng.choice(["voice", "sms"], len(event), p=[0.7, 0.3]), "chain": ""})


def _op_line(lines, person, t):
    """The operational line (a dict) a member holds at instant t, or None. `lines` is
    {person: [line dicts]}, built once by `_by_holder`."""
    return next((r for r in lines.get(person, []) if r["valid_from"] <= t < r["valid_to"]), None)


def _by_holder(lines: pd.DataFrame) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for r in lines.to_dict("records"):
        out.setdefault(int(r["holder"]), []).append(r)
    return out


def organisation_calls(rng, lines, members, consignments, journeys) -> pd.DataFrame:
    """The planted call chains around every consignment, on the members' operational phones."""
    lines = _by_holder(lines)
    role = {k: by_role(members, *k.split(":"))[0].person if ":" in k else by_role(members, k)[0].person
            for k in ("organiser", "broker", "cell leader:south", "cell leader:north", "driver:south",
                      "driver:north", "scout", "corrupt insider", "stash keeper:south", "stash keeper:north",
                      "money mule:north", "money mule:south")}
    south_couriers = [m.person for m in by_role(members, "courier", "south")]
    north_couriers = [m.person for m in by_role(members, "courier", "north")]
    rows = []

    def call(a, b, t, kind, chain):
        la, lb = _op_line(lines, a, t), _op_line(lines, b, t)
        if la is not None and lb is not None:
            rows.append({"line": la["line_id"], "b_number": lb["msisdn"], "start": int(t), "kind": kind,
                         "chain": chain})

    for c in consignments:
        cid = c.consignment_id
        first = c.stages[0][1][0].arrive
        j = rng.uniform
        # the order goes down the hierarchy two days before the pick-up
        t = first - int(j(40, 56) * 3600)
        for a, b in ((role["organiser"], role["broker"]), (role["broker"], role["cell leader:south"]),
                     (role["cell leader:south"], south_couriers[0]),
                     (role["cell leader:south"], role["stash keeper:south"])):
            t += int(j(5, 90) * 60)
            call(a, b, t, "voice", f"{cid}:order")
        stops = {k: s for k, s in c.stages}
        call(south_couriers[0], role["cell leader:south"], stops["south_car" if "south_car" in stops else
                                                                    "south_car_2"][0].depart + 600, "sms",
             f"{cid}:pickup")
        for key, route in c.stages:
            base = key.removesuffix("_2")
            if base == "south_truck":
                call(role["cell leader:south"], role["driver:south"], route[0].depart - int(j(1, 3) * 3600),
                     "voice", f"{cid}:load")
                for s in route:
                    if s.place == "Fotehobod":
                        call(role["driver:south"], role["broker"], s.arrive - int(j(10, 40) * 60), "voice",
                             f"{cid}:border")
                    if s.place == "Zhibek Zholy":
                        call(role["broker"], role["cell leader:north"], s.arrive - int(j(3, 6) * 3600), "voice",
                             f"{cid}:handover")
                        call(role["cell leader:north"], role["corrupt insider"], s.arrive - int(j(1, 2.5) * 3600),
                             "sms", f"{cid}:insider")
                        call(role["corrupt insider"], role["cell leader:north"], s.depart + int(j(5, 30) * 60),
                             "sms", f"{cid}:insider")
                if route[-1].place == "Shymkent":
                    call(role["driver:south"], role["broker"], route[-1].arrive + 600, "voice", f"{cid}:arrived")
                    call(role["broker"], role["cell leader:north"], route[-1].arrive + int(j(1, 2) * 3600),
                         "voice", f"{cid}:handover")
                    call(role["cell leader:north"], role["stash keeper:north"], route[-1].arrive + int(j(2, 3) * 3600),
                         "voice", f"{cid}:stash")
            if base == "north_truck":
                courier = north_couriers[int(c.consignment_id[1:]) % len(north_couriers)]
                call(role["cell leader:north"], role["driver:north"], route[0].depart - int(j(2, 5) * 3600),
                     "voice", f"{cid}:load")
                call(role["cell leader:north"], role["scout"], route[0].depart - int(j(1, 2) * 3600), "voice",
                     f"{cid}:load")
                for s in route[1:]:
                    call(role["scout"], role["driver:north"], s.arrive - int(j(2, 10) * 60), "voice", f"{cid}:convoy")
                    if s.place == "Aktobe":
                        call(courier, role["cell leader:north"], s.arrive + 900, "sms", f"{cid}:progress")
                if route[-1].place == "Orenburg":
                    t = route[-1].arrive + int(j(2, 6) * 3600)
                    for a, b in ((role["driver:north"], role["cell leader:north"]),
                                 (role["cell leader:north"], role["money mule:north"]),
                                 (role["cell leader:north"], role["broker"]),
                                 (role["broker"], role["money mule:south"]),
                                 (role["broker"], role["organiser"])):
                        t += int(j(10, 240) * 60)
                        call(a, b, t, "voice" if a != role["cell leader:north"] else "sms", f"{cid}:paid")
    # ordinary chatter inside each cell keeps the structure visible beyond the chains
    cells = {"south": [role["cell leader:south"], *south_couriers, role["driver:south"], role["stash keeper:south"],
                       role["money mule:south"]],
             "north": [role["cell leader:north"], *north_couriers, role["driver:north"], role["scout"],
                       role["stash keeper:north"], role["money mule:north"]]}
    for name in ("south", "north"):
        team = cells[name]
        for _ in range(160):
            a = team[int(rng.integers(1, len(team)))]
            t = EPOCH0 + int(rng.integers(0, PERIOD_DAYS)) * 86400 + int(_hours(rng, 1)[0] * 3600)
            if rng.random() < 0.7:
                call(a, team[0], t, "voice", "")
            else:
                call(team[0], a, t, rng.choice(["voice", "sms"]), "")
    return pd.DataFrame(rows)



OPERATOR_CC = {o[1]: o[0] for o in OPERATORS}
B_CELL = Column("b_cell", "string", "cell serving the CALLED party at the start (its terminating, MT, record); empty "
                "when the called number is not a mobile line of these returns (service numbers)")
CELL_CONVENTION = ("Cells: `first_cell` and `last_cell` are the calling party's (the MO side), `b_cell` the called "
                   "party's (the MT side). A line's own serving cell is therefore in `first_cell` on the records it "
                   "makes and in `b_cell` on the records it receives.")


def locate_calls(world, line: pd.DataFrame, start: np.ndarray, dur: np.ndarray):
    """Where each call was made: the holder, position at the start, first and last serving cell, and
    the start as local ISO time in the serving cell's country (the operator's clock)."""
    holder = line["holder"].to_numpy()
    lat0, lon0, _ = world.positions.at(holder, start)
    operator = line["operator"].to_numpy()
    op_cc = np.array([OPERATOR_CC[name] for name in operator])
    u = hash_uniform(world.seed, holder, start, 50)  # which mast serves depends on the moment, not a stream
    first, site = world.cell_locator.serve(lat0, lon0, op_cc, operator, u)
    last = first.copy()
    long = np.flatnonzero(np.asarray(dur) > 0)  # SMS and unanswered calls end where they start
    if len(long):
        lat1, lon1, _ = world.positions.at(holder[long], np.asarray(start)[long] + np.asarray(dur)[long])
        last[long], _ = world.cell_locator.serve(lat1, lon1, op_cc[long], operator[long], u[long])
    return holder, lat0, lon0, first, last, iso_local(start, world.cell_locator.offsets[site])


def called_cells(world, b_number, utc) -> np.ndarray:
    """The cell serving the called party at each instant (its MT record); '' when the called number is
    no line of the returns at that time (a service number, a SIM not yet or no longer in use)."""
    b_number, utc = np.asarray(b_number, dtype=object), np.asarray(utc, dtype=np.int64)
    out = np.full(len(b_number), "", dtype=object)
    rec = pd.DataFrame({"msisdn": b_number, "t": utc, "i": np.arange(len(utc))})
    periods = world.lines[["msisdn", "valid_from", "valid_to", "holder", "operator"]]
    m = rec.merge(periods, on="msisdn", how="inner", sort=False)
    m = m[(m["valid_from"] <= m["t"]) & (m["t"] < m["valid_to"])].sort_values("i", kind="stable")
    m = m.drop_duplicates("i")
    if len(m):
        lat, lon, _ = world.positions.at(m["holder"].to_numpy(), m["t"].to_numpy())
        operator = m["operator"].to_numpy()
        u = hash_uniform(world.seed, m["holder"].to_numpy(), m["t"].to_numpy(), 50)
        cells, _ = world.cell_locator.serve(lat, lon, np.array([OPERATOR_CC[o] for o in operator]), operator, u)
        out[m["i"].to_numpy()] = cells
    return out


def call_tables(world) -> list[Table]:
    """calls.csv, cell_sites.csv, subscribers.csv and truth/calls_planted.csv."""
    lines = world.lines
    rng = np.random.default_rng([world.seed, COMPONENTS["calls"], 1])  # apart from the contact events
    operational = lines[lines["purpose"] == "operational"]
    frame = pd.concat([background_calls(rng, world),
                       organisation_calls(np.random.default_rng([world.seed, COMPONENTS["calls"], 2]), operational,
                                          world.members, world.consignments, world.journeys)],
                      ignore_index=True)
    line = lines.set_index("line_id").loc[frame["line"]]
    voice = frame["kind"].to_numpy() == "voice"
    n = len(frame)
    dur = np.where(voice, np.round(rng.lognormal(np.log(70), 0.9, n)).astype(np.int64), 0)
    dur = np.where(voice & (rng.random(n) < 0.1), 0, dur)  # missed calls
    # a line only calls while valid: push the odd background call into its validity window
    start = np.clip(frame["start"].to_numpy(), line["valid_from"].to_numpy(), line["valid_to"].to_numpy() - 60)
    holder, lat0, lon0, first, last, local_start = locate_calls(world, line, start, dur)
    calls = pd.DataFrame({"utc": start, "a_number": line["msisdn"].to_numpy(), "b_number": frame["b_number"].to_numpy(),
                          "start": local_start, "duration_s": dur,
                          "call_type": frame["kind"].to_numpy(), "imei": line["imei"].to_numpy(),
                          "imsi": line["imsi"].to_numpy(), "first_cell": first, "last_cell": last,
                          "chain": frame["chain"].to_numpy(), "holder": holder, "lat": lat0, "lon": lon0})
    calls = calls[(calls["utc"] >= EPOCH0) & (calls["utc"] < EPOCH0 + PERIOD_DAYS * 86400)]
    calls = calls.sort_values(["utc", "a_number", "b_number"], kind="stable").reset_index(drop=True)
    calls["call_id"] = [f"CDR{i + 1:07d}" for i in range(len(calls))]
    calls["b_cell"] = called_cells(world, calls["b_number"].to_numpy(), calls["utc"].to_numpy())
    world.calls = calls
    cols = (Column("call_id", "string", "record number, in time order"),
            Column("a_number", "string", "calling party, E.164 MSISDN"),
            Column("b_number", "string", "called party, E.164 MSISDN"),
            Column("start", "datetime", "start of the call or time of the SMS",
                   tz="local time of the serving cell's country, offset given"),
            Column("duration_s", "int", "call duration; 0 for SMS and unanswered calls", unit="seconds"),
            Column("call_type", "string", "voice | sms"),
            Column("imei", "string", "handset of the calling party (15 digits, Luhn)"),
            Column("imsi", "string", "SIM of the calling party (MCC+MNC+MSIN)"),
            Column("first_cell", "string", "cell serving the calling party at the start, MCC-MNC-LAC-CID "
                   "(see cell_sites.csv)"),
            Column("last_cell", "string", "cell serving the calling party at the end"),
            B_CELL)
    cells = world.cells.copy()
    cells["lat"], cells["lon"] = fmt_float(cells["lat"], 5), fmt_float(cells["lon"], 5)
    cells["shared_site"] = cells["shared_site"].map({True: "true", False: "false"})
    cell_cols = (Column("cell_id", "string", "MCC-MNC-LAC-CID, as in calls.csv"),
                 Column("site_id", "string", "mast; three sectors per operator on it, several operators only "
                        "on a shared site"),
                 Column("operator", "string", "mobile operator"),
                 Column("mcc", "string", "mobile country code"), Column("mnc", "string", "mobile network code"),
                 Column("lac", "int", "location area code"), Column("cid", "int", "cell id"),
                 Column("country", "string", "ISO country of the site"),
                 Column("place", "string", "nearest reference city"),
                 Column("site_type", "string", "urban | road"),
                 Column("shared_site", "bool", "true when other operators' antennas stand on the same mast "
                        "(tower sharing); each operator otherwise has masts of its own"),
                 Column("lat", "float", "site latitude", unit="degrees WGS84"),
                 Column("lon", "float", "site longitude", unit="degrees WGS84"),
                 Column("azimuth", "int", "direction the sector antenna faces (120° sectors)",
                        unit="degrees from north"))
    truth = calls[calls["chain"] != ""][["call_id", "chain"]].copy()
    truth["consignment_id"] = truth["chain"].str.split(":").str[0]
    truth["step"] = truth["chain"].str.split(":").str[1]
    return [
        Table("calls.csv", "Call and SMS records (CDRs)",
              "One row per call or SMS, as produced by the operators for the investigation, seen from the "
              "calling party: its handset (IMEI), SIM (IMSI) and serving cells, and the cell that served the "
              "called party. Join cells to cell_sites.csv; numbers to subscribers.csv.", cols, calls,
              notes=(CELL_CONVENTION,)),
        Table("cell_sites.csv", "Cell-site list",
              "Every cell of every operator: mast, position and sector azimuth. Each operator builds its own "
              "masts, so two phones side by side on different networks are usually served from different masts; "
              "some masts are shared by several operators (`shared_site`).", cell_cols, cells),
        *subscriber_tables(world),
        Table("truth/calls_planted.csv", "Answer key: the organisation's planted call chains",
              "Calls and SMS that belong to the consignment chains, by consignment and step.",
              (Column("call_id", "string", "calls.csv record"),
               Column("consignment_id", "string", "consignment the chain serves"),
               Column("step", "string", "order | pickup | load | border | handover | insider | arrived | stash | "
                      "convoy | progress | paid")), truth[["call_id", "consignment_id", "step"]]),
    ]


def subscriber_tables(world) -> list[Table]:
    """subscribers.csv: the operators' registration data, names spelled as each operator keys them."""
    rng = component_rng(world.seed, "noise")
    lines, p = world.lines, world.persons
    sub = lines.drop_duplicates(["msisdn", "imsi"]).reset_index(drop=True)
    reg = sub["registered_to"].to_numpy()
    # Kazakh and Kyrgyz operators key names GOST-style, Uzbek ones in Uzbek Latin, Tajik and others BGN-style
    scheme = np.where(sub["country"].isin(["KZ", "KG", "RU"]), "gost", np.where(sub["country"] == "UZ", "uz", "bgn"))
    name = [f"{p.at[r, 'surname_' + s]} {p.at[r, 'given_' + s]}" if s != "bgn" or sub.at[i, "country"] != "TJ"
            else f"{p.at[r, 'surname_old_icao']} {p.at[r, 'given_bgn']}"  # old SIMs keep the pre-2016 surname
            for i, (r, s) in enumerate(zip(reg, scheme, strict=True))]
    name = np.array(name, dtype=object)
    anonymous = sub["purpose"].to_numpy() == "operational"
    typos = rng.random(len(sub)) < 0.03
    for i in np.flatnonzero(typos & ~anonymous):
        w = name[i]
        k = int(rng.integers(1, len(w) - 2))
        name[i] = w[:k] + w[k + 1:]
    dob = p["date_of_birth"].to_numpy()[reg].astype(object)
    dob[rng.random(len(sub)) < 0.05] = ""
    sub_frame = pd.DataFrame({
        "msisdn": sub["msisdn"], "imsi": sub["imsi"], "operator": sub["operator"], "country": sub["country"],
        "subscriber_name": name, "date_of_birth": dob,
        "address_city": p["home_city"].to_numpy()[reg],
        "activated": [str(d) for d in (sub["activated"].to_numpy() + 5 * 3600).astype("datetime64[s]")
                      .astype("datetime64[D]")],
    }).sort_values("msisdn", kind="stable")
    phones = lines.copy()
    phones["person_id"] = p["person_id"].to_numpy()[phones["holder"]]
    phones["registered_person_id"] = p["person_id"].to_numpy()[phones["registered_to"]]
    phones["valid_from"] = iso_local(phones["valid_from"], 300)
    phones["valid_to"] = iso_local(phones["valid_to"], 300)
    return [
        Table("subscribers.csv", "Subscriber register (operators' customer data)",
              "Who each SIM is registered to, as the operator keyed it: Latin spellings differ by operator "
              "country, some names carry typos, some registrations are in another person's name.",
              (Column("msisdn", "string", "E.164 number"), Column("imsi", "string", "SIM identity"),
               Column("operator", "string", "operator"), Column("country", "string", "operator country"),
               Column("subscriber_name", "string", "registered name in Latin letters (surname first)"),
               Column("date_of_birth", "date", "registered date of birth (empty when not recorded)"),
               Column("address_city", "string", "registered address, city"),
               Column("activated", "date", "SIM activation date", tz="local")), sub_frame),
        Table("truth/phones.csv", "Answer key: who really uses each line",
              "Every line period (SIM in a handset) with its real user; swaps start a new period.",
              (Column("line_id", "string", "line period"), Column("msisdn", "string", "number"),
               Column("imsi", "string", "SIM"), Column("imei", "string", "handset"),
               Column("person_id", "string", "real user (truth/persons.csv)"),
               Column("registered_person_id", "string", "person the SIM is registered to"),
               Column("purpose", "string", "personal | operational"),
               Column("valid_from", "datetime", "start of the period", tz="UTC+05:00"),
               Column("valid_to", "datetime", "end of the period", tz="UTC+05:00")), phones),
    ]
