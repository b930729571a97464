"""Intelligence reports about the case: sources, the claims they make, how the Centre graded them,
what happened later, and who the reports went to.

The Joint Drug-Control Coordination Centre (Almaty) keeps one register of reports from the
participating agencies' sources (informants, officers, technical collection, open sources) and from
liaison partners, who grade in their own systems. Planted for module 01:
- sources whose true reliability differs from the grade the register gives them (grading drift);
- one circular-reporting chain: an informant's false report, passed by the Centre to a liaison
  service, comes back from it and from a second partner as if it were independent corroboration;
- a report a partner sent *before* the Centre shared the same claim with it (independent, not an echo);
- handler notes in square brackets at the start of informant reports (removed when sanitising);
- a report received in the first hours of 17 June, Almaty time (still 16 June in UTC), on a claim already
  settled: a record "as of 16 June" cut at midnight UTC counts it, one cut at midnight Almaty does not;
- an outcome recorded on 16 June itself: a record "as of 16 June" that leaves the day out misses it;
- a translator's note in square brackets inside the text of an intercept held in Kyrgyz (content, not a handler
  note: sanitising removes only the note at the start).

Grading rules used here are the ones module 01 teaches (see `source_letter` and `info_number`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .core import EPOCH0, component_rng

DAY = 86400
CENTRE_OFFSET_MIN = 300  # Almaty, UTC+5
PENDING_FROM_DAY = 77  # reports received from 17 June on are not yet graded
# the first hours of 17 June in Almaty are still 16 June in UTC: a report received then shows whether a
# "before 17 June" cut-off is made at midnight Almaty time or at midnight UTC
EDGE_DAY = PENDING_FROM_DAY + 1.6 / 24
REVIEW_DAY = PENDING_FROM_DAY - 1  # 16 June, the day "the register as it stood at the end of 16 June" ends
KYRGYZ_CITIES = ("Bishkek", "Osh", "Jalal-Abad")
CIRCULAR_CLAIM = "CL-900"


# --- the grading rules (module 01) -----------------------------------------------------------------

def source_letter(outcomes: int, confirmed: int) -> str:
    """NATO source letter from a track record: reports with a known outcome and how many were confirmed."""
    if outcomes < 5:
        return "F"
    share = confirmed / outcomes
    if share >= 0.95 and outcomes >= 10:
        return "A"
    if share >= 0.75:
        return "B"
    if share >= 0.5:
        return "C"
    if share >= 0.25:
        return "D"
    return "E"


INFO_RULE = {
    ("confirmed by an independent source", "first-hand"): 1,
    ("confirmed by an independent source", "second-hand"): 1,
    ("confirmed by an independent source", "unknown"): 1,
    ("consistent", "first-hand"): 2,
    ("consistent", "second-hand"): 3,
    ("consistent", "unknown"): 3,
    ("no other information", "first-hand"): 3,
    ("no other information", "second-hand"): 4,
    ("no other information", "unknown"): 6,
    ("contradicted", "first-hand"): 5,
    ("contradicted", "second-hand"): 5,
    ("contradicted", "unknown"): 5,
}


def info_number(fits: str, access: str) -> int:
    """NATO information number from how the report fits other information and the source's access."""
    return INFO_RULE[(fits, access)]


# --- sources ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    source_id: str
    source_type: str  # informant | liaison service | open source | technical | officer observation
    originator: str
    country: str
    reliability: float  # true probability that a claim it reports is true
    n_reports: int
    access: str  # usual access of the source: first-hand | second-hand | unknown
    system: str = ""  # liaison partners' own grading system
    drift_letter: str = ""  # the stale letter the register still gives it ('' = register is current)
    description: str = ""  # what the source has access to (identifying)
    meeting_place: str = ""


SOURCES = (
    Source("SRC-01", "informant", "TJ Drug Control Agency", "TJ", 0.86, 16, "first-hand",
           description="loader at the fruit wholesale market in Bokhtar",
           meeting_place="the tea house by the Bokhtar bus station"),
    Source("SRC-02", "informant", "KZ Police, Shymkent", "KZ", 0.38, 14, "second-hand", drift_letter="B",
           description="cousin of a long-distance truck driver in Shymkent",
           meeting_place="the car park of the Shymkent Plaza shopping centre"),
    Source("SRC-03", "informant", "TJ Drug Control Agency", "TJ", 0.84, 14, "first-hand", drift_letter="D",
           description="works at a car-repair shop in Kulob used by couriers",
           meeting_place="his cousin's flat in Kulob, 3rd microdistrict"),
    Source("SRC-04", "informant", "UZ Department for Combating Drugs", "UZ", 0.6, 5, "second-hand",
           drift_letter="C", description="money changer at the Tashkent Chorsu bazaar",
           meeting_place="a bench in Babur park, Tashkent"),
    Source("SRC-05", "liaison service", "KG drug-control service (liaison)", "KG", 0.7, 10, "unknown",
           system="EU 4x4"),
    Source("SRC-06", "liaison service", "UK liaison office, Tashkent", "GB", 0.75, 9, "unknown",
           system="UK 3x5x2"),
    Source("SRC-07", "liaison service", "EU member-state liaison (legacy archive)", "EU", 0.7, 12, "unknown",
           system="UK 5x5x5"),
    Source("SRC-08", "open source", "Centre OSINT desk", "KZ", 0.55, 12, "unknown",
           description="regional news sites and public Telegram channels"),
    Source("SRC-09", "technical", "KZ National Security Committee", "KZ", 0.97, 14, "first-hand",
           description="lawful interception of a Shymkent mobile line"),
    Source("SRC-10", "technical", "TJ State Committee for National Security", "TJ", 0.96, 12, "first-hand",
           description="lawful interception of a Bokhtar mobile line"),
    Source("SRC-11", "officer observation", "KZ Police, Shymkent", "KZ", 0.9, 11, "first-hand",
           description="mobile surveillance team, Shymkent"),
    Source("SRC-12", "informant", "KZ Police, Kyzylorda", "KZ", 0.3, 10, "second-hand",
           description="night watchman at a truck stop outside Kyzylorda",
           meeting_place="a petrol station on the Kyzylorda ring road"),
    Source("SRC-13", "informant", "TJ Drug Control Agency", "TJ", 0.65, 11, "second-hand",
           description="taxi driver on the Dushanbe-Khujand road",
           meeting_place="the Varzob valley rest stop"),
    Source("SRC-14", "officer observation", "TJ Border Troops, Panji Poyon", "TJ", 0.88, 9, "first-hand",
           description="border post at Panji Poyon"),
)

SURNAMES = ("Abenov", "Bekturov", "Dzhumabaev", "Ermekov", "Ismoilov", "Karimova", "Kasymov", "Mirzoev",
            "Nurlanov", "Ospanova", "Rakhimov", "Saidov", "Tokhtarov", "Umarov", "Yusupova", "Zhakupov")
INITIALS = "ABDEGKMNRST"


@dataclass
class Claim:
    claim_id: str
    statement: str
    subject: str  # what the claim is about: a member, a consignment, a place or another matter
    kind: str  # load | role | phone | route | background
    true: bool
    event_day: float  # day of the period the claim is about (reports come before it)
    outcome: str = ""  # confirmed | refuted | '' (never settled)
    outcome_day: float = 0.0
    evidence: str = ""
    member_id: str = ""
    consignment_id: str = ""


@dataclass
class Report:
    source: Source
    claim: Claim
    day: float
    report_ref: str = ""
    based_on_ref: str = ""
    fits: str = ""
    access: str = ""
    extra: dict = field(default_factory=dict)


def _name(rng) -> str:
    return f"{INITIALS[int(rng.integers(0, len(INITIALS)))]}. {SURNAMES[int(rng.integers(0, len(SURNAMES)))]}"


REF_PREFIX = {
    "TJ Drug Control Agency": "TJ-DCA", "KZ Police, Shymkent": "KZ-POL-SHY",
    "UZ Department for Combating Drugs": "UZ-DCD", "KG drug-control service (liaison)": "KG-GSKN",
    "UK liaison office, Tashkent": "UK-LO-TAS", "EU member-state liaison (legacy archive)": "EU-LIA",
    "Centre OSINT desk": "JDCC-OS", "KZ National Security Committee": "KZ-NSC",
    "TJ State Committee for National Security": "TJ-GKNB", "KZ Police, Kyzylorda": "KZ-POL-KZO",
    "TJ Border Troops, Panji Poyon": "TJ-BT",
}
OTHER_CROSSINGS = ("Dostyk", "Kordai", "Ak-Zhol", "Gulbahor", "Kairma")
BACKGROUND_CITIES = ("Almaty", "Bishkek", "Osh", "Jalal-Abad", "Samarkand", "Bukhara", "Termez", "Karaganda",
                     "Taraz", "Namangan", "Andijan", "Kurgan-Tyube", "Atyrau")
BACKGROUND_DRUGS = ("hashish", "heroin", "opium", "methamphetamine", "cannabis")
BACKGROUND_TEMPLATES = (
    "a group unconnected with this case is moving {drug} by {mode} from {a} to {b}",
    "{drug} is being stored in a garage on the outskirts of {a}",
    "a {mode} driver from {a} is recruiting couriers for {drug} runs to {b}",
    "a shipment of {drug} hidden in {cargo} is due to reach {a} from {b}",
    "a dealer in {a} has started selling {drug} sourced in {b}",
)
MODES = ("bus", "rail", "car", "truck")
CARGO = ("dried apricots", "cotton bales", "car parts", "watermelons", "cement bags")


def _date(day: float) -> str:
    return str(np.datetime64("2024-04-01") + np.timedelta64(int(day), "D"))


def build_claims(rng, world) -> list[Claim]:
    """The organisation's claims (true and false, tied to members and consignments) and the circular one."""
    claims: list[Claim] = []

    def add(**kw):
        claims.append(Claim(claim_id=f"CL-{len(claims) + 1:03d}", **kw))

    def day_of(t: int) -> float:
        return (t - EPOCH0) / DAY

    for c in world.consignments:
        stops = [s for _, route in c.stages for s in route]
        fot = [s for s in stops if s.place == "Fotehobod"]
        if fot:
            d = day_of(fot[0].arrive)
            seized = c.seized_at == "Fotehobod"
            conf = seized or rng.random() < 0.7
            add(statement=f"a {c.drug} load hidden {c.concealment} in a truck declared as {c.cover_cargo} "
                          f"will cross Fotehobod into Uzbekistan on or about {_date(d)}",
                subject=c.consignment_id, kind="load", true=True, event_day=d,
                outcome="confirmed" if conf else "",
                outcome_day=day_of(c.seized_utc) if seized else d + rng.uniform(1, 6),
                evidence=(f"seizure at Fotehobod on {_date(day_of(c.seized_utc))}" if seized
                          else "border-crossing records show the named truck crossing at the stated time"),
                consignment_id=c.consignment_id)
        if c.seized and c.seized_at != "Fotehobod":
            d = day_of(c.seized_utc)
            add(statement=f"a {c.drug} load of the Bokhtar-Shymkent group will pass {c.seized_at} "
                          f"on or about {_date(d)}",
                subject=c.consignment_id, kind="load", true=True, event_day=d, outcome="confirmed",
                outcome_day=d + 0.1, evidence=f"seizure at {c.seized_at} on {_date(d)}",
                consignment_id=c.consignment_id)
        if rng.random() < 0.45:
            wrong = OTHER_CROSSINGS[int(rng.integers(0, len(OTHER_CROSSINGS)))]
            d = day_of(stops[min(4, len(stops) - 1)].arrive)
            ref = rng.random() < 0.7
            add(statement=f"the group's next {c.drug} load will cross at {wrong} on or about {_date(d)}",
                subject=c.consignment_id, kind="route", true=False, event_day=d,
                outcome="refuted" if ref else "", outcome_day=d + rng.uniform(2, 8),
                evidence=f"no vehicle of the group recorded at {wrong}; the load went through Fotehobod",
                consignment_id=c.consignment_id)
    persons = world.persons
    lines = world.lines
    roles = sorted({m.role for m in world.members})
    for m in world.members:
        name = f"{persons.at[m.person, 'surname_icao']} {persons.at[m.person, 'given_icao']}"
        d = rng.uniform(8, 88)
        conf = rng.random() < 0.55
        add(statement=f"{name} of {m.home} acts as {m.role} for the group", subject=m.member_id, kind="role",
            true=True, event_day=d, outcome="confirmed" if conf else "", outcome_day=d + rng.uniform(3, 20),
            evidence="call records and surveillance", member_id=m.member_id)
        if rng.random() < 0.35:
            other = [r for r in roles if r != m.role]
            wrong = other[int(rng.integers(0, len(other)))]
            d = rng.uniform(8, 88)
            ref = rng.random() < 0.6
            add(statement=f"{name} of {m.home} acts as {wrong} for the group", subject=m.member_id, kind="role",
                true=False, event_day=d, outcome="refuted" if ref else "", outcome_day=d + rng.uniform(3, 20),
                evidence="call records and surveillance show another role", member_id=m.member_id)
        mine = lines[(lines["holder"] == m.person) & (lines["purpose"] == "operational")]["msisdn"].tolist()
        if mine and rng.random() < 0.5:
            d = rng.uniform(8, 88)
            conf = rng.random() < 0.6
            add(statement=f"{name} uses the number {mine[0]} for the group's business", subject=m.member_id,
                kind="phone", true=True, event_day=d, outcome="confirmed" if conf else "",
                outcome_day=d + rng.uniform(2, 12), evidence="subscriber check and call records",
                member_id=m.member_id)
    broker = [m for m in world.members if m.role == "broker"][0]
    claims.append(Claim(
        claim_id=CIRCULAR_CLAIM, statement="the Bokhtar-Shymkent group is switching from trucks to rail "
        "freight through Saryagash station from mid-May", subject=broker.member_id, kind="route", true=False,
        event_day=45.0, outcome="refuted", outcome_day=58.5,
        evidence="surveillance at Saryagash station found no loads by rail; trucks still cross at Zhibek Zholy",
        member_id=broker.member_id))
    return claims


def background_claim(rng, n: int, truth: bool, event_day: float) -> Claim:
    """A claim about another matter, settled or not some days after the event."""
    tpl = BACKGROUND_TEMPLATES[int(rng.integers(0, len(BACKGROUND_TEMPLATES)))]
    a, b = rng.choice(len(BACKGROUND_CITIES), 2, replace=False)
    text = tpl.format(drug=BACKGROUND_DRUGS[int(rng.integers(0, len(BACKGROUND_DRUGS)))],
                      mode=MODES[int(rng.integers(0, len(MODES)))], a=BACKGROUND_CITIES[a],
                      b=BACKGROUND_CITIES[b], cargo=CARGO[int(rng.integers(0, len(CARGO)))])
    settled = rng.random() < (0.7 if truth else 0.6)
    return Claim(claim_id=f"CL-{n:03d}", statement=text, subject="other matter", kind="background", true=truth,
                 event_day=event_day, outcome=("confirmed" if truth else "refuted") if settled else "",
                 outcome_day=event_day + rng.uniform(1, 12),
                 evidence=("arrests and seizure by a participating agency" if truth
                           else "enquiries by a participating agency found nothing"))


def build_reports(seed: int, world):
    """(claims, reports, planted) with reports in receipt order; planted names the circular chain etc."""
    rng = component_rng(seed, "intel")
    claims = build_claims(rng, world)
    by_id = {c.claim_id: c for c in claims}
    org = [c for c in claims if c.claim_id != CIRCULAR_CLAIM]
    n_next = 101
    reports: list[Report] = []
    for s in SOURCES:
        used: set[str] = set()
        for _ in range(s.n_reports):
            truth = bool(rng.random() < s.reliability)
            pool = [c for c in org if c.true == truth and c.claim_id not in used and c.event_day > 3]
            p_org = 0.25 if s.source_type in ("liaison service", "open source") else 0.55
            if pool and rng.random() < p_org:
                claim = pool[int(rng.integers(0, len(pool)))]
            else:
                claim = background_claim(rng, n_next, truth, rng.uniform(6, 92))
                n_next += 1
                claims.append(claim)
                by_id[claim.claim_id] = claim
            used.add(claim.claim_id)
            latest = min(claim.event_day, claim.outcome_day if claim.outcome else claim.event_day)
            day = max(0.2, latest - rng.uniform(1, 8))
            reports.append(Report(s, claim, day))
    src = {s.source_id: s for s in SOURCES}
    # a source reporting the same claim twice (a re-contact): not a second source
    first = next(r for r in reports if r.source.source_id == "SRC-01" and r.claim.kind == "load")
    reports.append(Report(first.source, first.claim, first.day + 0.9))
    # the circular chain: SRC-02's false report goes to the KG service and comes back twice
    chain_claim = by_id[CIRCULAR_CLAIM]
    origin = Report(src["SRC-02"], chain_claim, 35.4)
    echo_kg = Report(src["SRC-05"], chain_claim, 42.6, report_ref="KG-GSKN/24/0457")
    echo_uk = Report(src["SRC-06"], chain_claim, 49.3, based_on_ref="KG-GSKN/24/0457")
    reports += [origin, echo_kg, echo_uk]
    # an independent partner report: the UK office reported a load claim before the Centre shared it
    loads = [c for c in org if c.kind == "load" and 20 < c.event_day < 70]
    indep_claim = loads[len(loads) // 2]
    indep = Report(src["SRC-06"], indep_claim, indep_claim.event_day - 6.5)
    own = Report(src["SRC-11"] if indep_claim.event_day > 30 else src["SRC-01"], indep_claim,
                 indep_claim.event_day - 5.0)
    reports += [indep, own]
    # the time-zone edge: SRC-04's handler files the evening meeting after midnight, Almaty time, about a
    # member's role that surveillance had already confirmed (no draw from rng: the other reports stay as they are)
    edge_source = src["SRC-04"]
    reported = {r.claim.claim_id for r in reports if r.source is edge_source}
    settled = [c for c in org if c.kind == "role" and c.outcome == "confirmed" and c.outcome_day < PENDING_FROM_DAY
               and c.claim_id not in reported]
    edge = Report(edge_source, max(settled, key=lambda c: (c.outcome_day, c.claim_id)), EDGE_DAY)
    reports.append(edge)
    # an outcome entered on the review date itself: the enquiries into a single-source report close on 16 June,
    # so a record "as of 16 June" that leaves the day out (recorded before 16 June) misses it. The latest such
    # refutation of the fortnight before is moved there (no draw from rng: the other reports stay as they are).
    n_reports: dict[str, int] = {}
    for r in reports:
        n_reports[r.claim.claim_id] = n_reports.get(r.claim.claim_id, 0) + 1
    closing = [c for c in claims if c.kind == "background" and c.outcome == "refuted"
               and n_reports.get(c.claim_id) == 1 and REVIEW_DAY - 14 <= c.outcome_day < REVIEW_DAY]
    on_review_day = max(closing, key=lambda c: (c.outcome_day, c.claim_id))
    on_review_day.outcome_day = REVIEW_DAY + 0.5
    # an intercepted call about a matter between two Kyrgyz cities was held in Kyrgyz: the Centre's translator
    # marks the language inside the text, which stays when the handler note at the start is removed
    for r in reports:
        if r.source.source_type == "technical" and sum(c in r.claim.statement for c in KYRGYZ_CITIES) >= 2:
            r.extra["language"] = "Kyrgyz"
    reports.sort(key=lambda r: (r.day, r.source.source_id, r.claim.claim_id))
    planted = {"origin": origin, "echoes": [echo_kg, echo_uk], "independent": indep, "shared_after": own,
               "repeat": first, "edge": edge, "on_review_day": on_review_day}
    return claims, reports, planted
