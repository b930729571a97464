"""Intelligence register views: reports, sources, claims, later outcomes, recipients, the dissemination
log and pending sharing requests, with the answer key (true reliability, the circular chain, claim truth)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import EPOCH0, iso_local
from ..intel import (
    CENTRE_OFFSET_MIN,
    DAY,
    PENDING_FROM_DAY,
    REF_PREFIX,
    SOURCES,
    _date,
    _name,
    build_reports,
    info_number,
    source_letter,
)
from ..schema import Column, Table

OBTAINED = {
    ("informant", "first-hand"): "source saw or took part in it",
    ("informant", "second-hand"): "source was told by someone involved",
    ("technical", "first-hand"): "lawfully intercepted call",
    ("officer observation", "first-hand"): "observed by officers",
    ("liaison service", "unknown"): "partner service report; the partner's source is not disclosed",
    ("open source", "unknown"): "published online",
}
LEAD = {
    "informant": "Source reports that", "technical": "An intercepted call indicates that",
    "officer observation": "Officers observed activity indicating that", "liaison service":
    "The partner service reports that", "open source": "A public post claims that",
}
RECIPIENTS = (
    ("REC-01", "Centre case team (internal)", "KZ", "centre", ""),
    ("REC-02", "KZ Police, Shymkent", "KZ", "law enforcement", ""),
    ("REC-03", "TJ Drug Control Agency", "TJ", "law enforcement", ""),
    ("REC-04", "KZ Prosecutor General's Office", "KZ", "prosecutor", ""),
    ("REC-05", "UZ State Customs Committee", "UZ", "law enforcement", ""),
    ("REC-06", "KG drug-control service (liaison)", "KG", "law enforcement", "SRC-05"),
    ("REC-07", "UK liaison office, Tashkent", "GB", "law enforcement", "SRC-06"),
    ("REC-08", "KZ Ministry of Agriculture, phytosanitary inspection", "KZ", "non-law-enforcement", ""),
    ("REC-09", "TJ Prosecutor General's Office", "TJ", "prosecutor", ""),
    ("REC-10", "Regional freight hauliers' association", "KZ", "non-law-enforcement", ""),
)
MAY_RECEIVE = {  # handling code -> recipient kinds that may receive (H3: law enforcement of the originator's country)
    "H0": ("centre", "law enforcement", "prosecutor"),
    "H1": ("centre", "law enforcement"),
    "H2": ("centre",),
    "H3": ("centre",),
}


def may_share(code: str, kind: str, recipient_country: str, originator_country: str,
              back_to_originator: bool = False) -> bool:
    """The Centre's sharing rule for one (report, recipient) pair.

    A report may always go back to the agency that originated it: returning it is not dissemination,
    which is what H2 and H3 restrict (``back_to_originator``: the recipient is the report's originator).
    """
    if back_to_originator or kind in MAY_RECEIVE[code]:
        return True
    return code == "H3" and kind == "law enforcement" and recipient_country == originator_country


def _original_grade(rng, system: str, code: str) -> str:
    if system == "EU 4x4":
        return f"{rng.choice(['A', 'B', 'B', 'C', 'X'])}{rng.choice(['1', '2', '2', '3', '4'])} {code}"
    if system == "UK 5x5x5":
        handling = {"H0": "1", "H1": str(rng.choice(["2", "3"])), "H2": "4", "H3": str(rng.choice(["3", "5"]))}
        letter = rng.choice(["A", "B", "B", "C", "C", "D", "E"])
        number = rng.choice(["1", "2", "2", "3", "4", "4", "5"])
        return f"{letter}{number}{handling[code]}"
    if system == "UK 3x5x2":
        number, letter = rng.choice(["1", "1", "2", "3"]), rng.choice(["A", "B", "B", "C", "D"])
        return f"{number}{letter}{'P' if code == 'H0' else 'C'}"
    return ""


def intel_tables(world) -> list[Table]:
    """intel_sources, intel_claims, intel_reports, intel_outcomes, intel_recipients, intel_disseminations,
    intel_share_requests and the answer key."""
    claims, reports, planted = build_reports(world.seed, world)
    rng = np.random.default_rng([world.seed, 11, 1])
    handlers = {s.source_id: _name(rng) for s in SOURCES}
    refs: dict[str, int] = {}
    outcome_day = {c.claim_id: c.outcome_day for c in claims if c.outcome and c.outcome_day < 91}
    outcome = {c.claim_id: c.outcome for c in claims if c.claim_id in outcome_day}
    # the register's letter for each source: its record over the period, unless the grade has drifted
    current = {}
    for s in SOURCES:
        done = [r.claim.claim_id for r in reports if r.source is s and r.claim.claim_id in outcome]
        n_conf = sum(outcome[c] == "confirmed" for c in done)
        current[s.source_id] = (len(done), n_conf, source_letter(len(done), n_conf))
    assigned = {s.source_id: s.drift_letter or current[s.source_id][2] for s in SOURCES}
    rows = []
    seen: dict[str, list[tuple[float, str]]] = {}
    # the time-zone edge report draws from its own generator, so every other report is as it was
    edge_rng = np.random.default_rng([world.seed, 11, 2])
    for i, r in enumerate(reports):
        s = r.source
        draw = edge_rng if r is planted["edge"] else rng
        rid = f"IR-{i + 1:04d}"
        prefix = REF_PREFIX[s.originator]
        refs[prefix] = refs.get(prefix, int(draw.integers(100, 400))) + int(draw.integers(1, 9))
        ref = r.report_ref or f"{prefix}/24/{refs[prefix]:04d}"
        access = s.access
        if s.source_type == "informant" and draw.random() < 0.3:
            access = "second-hand" if access == "first-hand" else "first-hand"
        earlier = [x for x in seen.get(r.claim.claim_id, []) if x[1] != s.source_id]
        if r is planted["echoes"][0] or r is planted["echoes"][1] or earlier:
            fits = "confirmed by an independent source"
        elif not r.claim.true and draw.random() < 0.3:
            fits = "contradicted"
        elif r.claim.true and draw.random() < 0.04:
            fits = "contradicted"
        else:
            fits = "consistent" if draw.random() < 0.6 else "no other information"
        seen.setdefault(r.claim.claim_id, []).append((r.day, s.source_id))
        past = [x for x in reports[:i] if x.source.source_id == s.source_id
                and outcome_day.get(x.claim.claim_id, 1e9) < r.day]
        n_out = len(past)
        n_conf = sum(outcome[x.claim.claim_id] == "confirmed" for x in past)
        letter = assigned[s.source_id]
        number = info_number(fits, access)
        if letter in "AB" and number in (3, 4) and draw.random() < 0.4:
            number = 2  # the evaluator let the source's reputation lift the information grade
        pending = r.day >= PENDING_FROM_DAY
        code = str(draw.choice(["H0", "H1", "H2", "H3"], p=[0.45, 0.35, 0.12, 0.08] if not s.system
                              else [0.1, 0.4, 0.25, 0.25]))
        note = ""
        if s.source_type == "informant":
            note = f"[Handler note: met {handlers[s.source_id]}'s source at {s.meeting_place}.] "
        lead = LEAD[s.source_type]
        if r.extra.get("language"):  # the translator's note, part of the content
            lead = lead.replace(" call ", f" call [in {r.extra['language']}; Centre translation] ", 1)
        rows.append({
            "report_id": rid, "utc": EPOCH0 + int(r.day * DAY), "source_id": s.source_id,
            "originator": s.originator, "originator_country": s.country, "report_ref": ref,
            "based_on_ref": r.based_on_ref,
            "reporting_officer": handlers[s.source_id] if s.source_type == "informant" else _name(draw),
            "claim_id": r.claim.claim_id, "text": f"{note}{lead} {r.claim.statement}.",
            "obtained": OBTAINED[(s.source_type, access if s.source_type == "informant" else s.access)],
            "access": access, "fits_other_information": fits,
            "source_outcomes_before": n_out, "source_confirmed_before": n_conf,
            "grade_nato": "" if pending else f"{letter}{number}",
            "original_system": s.system, "original_grade": _original_grade(draw, s.system, code),
            "handling_code": code, "_day": r.day, "_report": r,
        })
    rep = pd.DataFrame(rows)
    rep["received"] = iso_local(rep["utc"], CENTRE_OFFSET_MIN)
    rid_of = {id(r): rid for r, rid in zip(rep["_report"], rep["report_id"], strict=True)}
    # the circular chain's KG report must carry the reference the UK report cites
    kg = rid_of[id(planted["echoes"][0])]
    rep.loc[rep["report_id"] == kg, "report_ref"] = "KG-GSKN/24/0457"

    src = pd.DataFrame([{
        "source_id": s.source_id, "source_type": s.source_type, "originator": s.originator,
        "handler": handlers[s.source_id] if s.source_type == "informant" else "",
        "access_description": s.description, "meeting_place": s.meeting_place,
        "recruited": _date(-int(rng.integers(60, 900))) if s.source_type == "informant" else "",
        "grading_system": s.system or "NATO",
    } for s in SOURCES])
    graded = rep[rep["grade_nato"] != ""]
    src["assigned_grade"] = [assigned[s.source_id] for s in SOURCES]
    src["last_reviewed"] = [_date(int(rng.integers(0, 60))) if s.drift_letter else _date(int(rng.integers(80, 90)))
                            for s in SOURCES]

    claim_rows = [{"claim_id": c.claim_id, "statement": c.statement, "subject": c.subject, "kind": c.kind}
                  for c in sorted(claims, key=lambda c: c.claim_id) if c.claim_id in set(rep["claim_id"])]
    out_rows = [{"claim_id": c.claim_id, "outcome": c.outcome,
                 "recorded": _date(c.outcome_day), "evidence": c.evidence}
                for c in sorted(claims, key=lambda c: (c.outcome_day, c.claim_id))
                if c.claim_id in outcome_day and c.claim_id in set(rep["claim_id"])]

    # dissemination log: the origin report to the KG service, the UK-reported load to the UK office (after
    # the UK report arrived), and routine sharing with domestic partners
    log = [(rid_of[id(planted["origin"])], "REC-06", planted["origin"].day + 0.7),
           (rid_of[id(planted["shared_after"])], "REC-07", planted["shared_after"].day + 0.6)]
    liaison_claims = {"REC-06": set(rep.loc[rep["source_id"] == "SRC-05", "claim_id"]),
                      "REC-07": set(rep.loc[rep["source_id"] == "SRC-06", "claim_id"])}
    for _, g in graded.sample(n=40, random_state=np.random.RandomState(world.seed % 2**31)).iterrows():
        rec = RECIPIENTS[int(rng.integers(1, 7))]
        if rec[0] in liaison_claims and g["claim_id"] in liaison_claims[rec[0]]:
            continue
        if not may_share(g["handling_code"], rec[3], rec[2], g["originator_country"]):
            continue
        log.append((g["report_id"], rec[0], g["_day"] + rng.uniform(0.3, 3)))
    dis = pd.DataFrame(log, columns=["report_id", "recipient_id", "day"])
    dis = dis[dis["day"] < 91].sort_values(["day", "report_id"]).reset_index(drop=True)
    dis["sent"] = iso_local(EPOCH0 + (dis["day"] * DAY).astype(np.int64), CENTRE_OFFSET_MIN)
    dis["dissemination_id"] = [f"DS-{i + 1:03d}" for i in range(len(dis))]

    # pending sharing requests: every handling code against every kind of recipient
    req = []
    pool = graded.sort_values("report_id")
    for code in ("H0", "H1", "H2", "H3"):
        ids = pool.loc[pool["handling_code"] == code, "report_id"].tolist()
        pick = rng.choice(ids, size=min(4, len(ids)), replace=False)
        for k, report_id in enumerate(sorted(pick)):
            for rec in (RECIPIENTS[int(rng.integers(0, 5))], RECIPIENTS[int(rng.integers(5, 10))]):
                req.append((report_id, rec[0]))
            if code == "H3" and k < 2:  # the originator's own country, and a foreign one
                cc = pool.loc[pool["report_id"] == report_id, "originator_country"].item()
                same = [r for r in RECIPIENTS if r[2] == cc and r[3] == "law enforcement"]
                if same:
                    req.append((report_id, same[0][0]))
    req = pd.DataFrame(list(dict.fromkeys(req)), columns=["report_id", "recipient_id"])
    req["request_id"] = [f"RQ-{i + 1:03d}" for i in range(len(req))]
    recipients = pd.DataFrame(RECIPIENTS, columns=["recipient_id", "name", "country", "kind", "source_id"])
    look = rep.set_index("report_id")
    kinds = recipients.set_index("recipient_id")
    req_truth = [may_share(look.at[a, "handling_code"], kinds.at[b, "kind"], kinds.at[b, "country"],
                           look.at[a, "originator_country"], kinds.at[b, "name"] == look.at[a, "originator"])
                 for a, b in zip(req["report_id"], req["recipient_id"], strict=True)]

    chain = [rid_of[id(planted["origin"])]] + [rid_of[id(e)] for e in planted["echoes"]]
    truth_chain = pd.DataFrame({"report_id": chain, "role": ["origin", "echo", "echo"],
                                "claim_id": [planted["origin"].claim.claim_id] * 3,
                                "link": ["SRC-02 informant report", "Centre shared the origin with the KG service, "
                                         "which reported it back", "cites KG-GSKN/24/0457"]})
    truth_src = pd.DataFrame([{
        "source_id": s.source_id, "true_reliability": f"{s.reliability:.2f}",
        "outcomes_known": current[s.source_id][0], "outcomes_confirmed": current[s.source_id][1],
        "record_grade": current[s.source_id][2], "assigned_grade": s.drift_letter or current[s.source_id][2],
        "drift": "true" if s.drift_letter and s.drift_letter != current[s.source_id][2] else "false",
    } for s in SOURCES])
    truth_claims = pd.DataFrame([{
        "claim_id": c.claim_id, "true": "true" if c.true else "false",
        "member_id": c.member_id, "consignment_id": c.consignment_id,
    } for c in sorted(claims, key=lambda c: c.claim_id) if c.claim_id in set(rep["claim_id"])])
    truth_req = req.assign(may_share=["true" if x else "false" for x in req_truth])

    return _tables(rep, src, pd.DataFrame(claim_rows), pd.DataFrame(out_rows), recipients, dis, req,
                   truth_src, truth_chain, truth_claims, truth_req)


S, N, D, T, B = "string", "int", "date", "datetime", "bool"


def _tables(rep, src, claims, outcomes, recipients, dis, req, truth_src, truth_chain, truth_claims, truth_req):
    return [
        Table("intel_reports.csv", "Intelligence register: reports",
              "Every intelligence report the Centre received in the period, one row per report, in order of "
              "receipt. Reports from participating agencies are graded by the Centre in the NATO/Admiralty "
              "system (`grade_nato`, e.g. `B2`); liaison partners' own grades are kept as they sent them "
              "(`original_grade`, in the notation of `original_system`). Reports received from 17 June on "
              "are not graded yet. Informant reports begin with a handler note in square brackets that "
              "must be removed before a report leaves the Centre.",
              (Column("report_id", S, "register number, IR-NNNN, in order of receipt"),
               Column("received", T, "when the Centre received the report", tz="Asia/Almaty, offset +05:00 given"),
               Column("source_id", S, "source in intel_sources.csv (identifies the source: never disseminated)"),
               Column("originator", S, "agency or partner that sent the report"),
               Column("originator_country", S, "country of the originator, ISO alpha-2 (GB, EU for partners)"),
               Column("report_ref", S, "the originator's own reference for the report"),
               Column("based_on_ref", S, "reference of the report this one says it is based on; empty when "
                      "the originator gives none"),
               Column("reporting_officer", S, "officer who wrote the report (for informants: the handler)"),
               Column("claim_id", S, "the claim the report makes (intel_claims.csv)"),
               Column("text", S, "the report's text as received; square brackets inside a text mark a "
                      "translator's note (e.g. the language of an intercepted call)"),
               Column("obtained", S, "how the information was obtained"),
               Column("access", S, "the source's access to the information: first-hand | second-hand | unknown"),
               Column("fits_other_information", S, "how the report fitted what the Centre already held when it "
                      "arrived: confirmed by an independent source | consistent | no other information | "
                      "contradicted"),
               Column("source_outcomes_before", N, "the source's earlier reports whose claim had a recorded "
                      "outcome when this report arrived", unit="count"),
               Column("source_confirmed_before", N, "of those, how many were confirmed", unit="count"),
               Column("grade_nato", S, "the Centre's grade, NATO/Admiralty notation letter+digit (`B2`); "
                      "empty while pending"),
               Column("original_system", S, "grading system of a liaison partner: EU 4x4 | UK 5x5x5 | UK 3x5x2; "
                      "empty for participating agencies"),
               Column("original_grade", S, "the partner's grade as sent, in the course notation of its system "
                      "(`B2 H1`, `B24`, `1AP`)"),
               Column("handling_code", S, "handling code H0-H3 (Europol-style) set by the originator")),
              rep, notes=("Sharing rule (module 01): H0 to the Centre, law enforcement and prosecutors; H1 to the "
                          "Centre and law enforcement; H2 to the Centre only; H3 to the Centre and to law "
                          "enforcement of the originator's country. Never to non-law-enforcement bodies. Any "
                          "report may go back to the agency that originated it (recipient `name` = report "
                          "`originator`).",)),
        Table("intel_sources.csv", "Intelligence register: sources",
              "The source register: one row per source. Handler, access description, meeting place and "
              "recruitment date identify a source and never leave the Centre.",
              (Column("source_id", S, "source, SRC-NN"),
               Column("source_type", S, "informant | liaison service | open source | technical | officer observation"),
               Column("originator", S, "agency that runs the source, or the partner service itself"),
               Column("handler", S, "handling officer (informants only)"),
               Column("access_description", S, "what the source has access to (identifying)"),
               Column("meeting_place", S, "where the handler meets the source (informants only)"),
               Column("recruited", D, "date the informant was recruited (empty for other sources)"),
               Column("grading_system", S, "system in which the source's reports arrive: NATO | EU 4x4 | "
                      "UK 5x5x5 | UK 3x5x2"),
               Column("assigned_grade", S, "reliability letter the register gives the source (NATO A-F)"),
               Column("last_reviewed", D, "when the assigned grade was last reviewed")),
              src),
        Table("intel_claims.csv", "Intelligence register: claims",
              "Each distinct claim made by one or more reports (several reports can make the same claim).",
              (Column("claim_id", S, "claim, CL-NNN"), Column("statement", S, "what the claim says"),
               Column("subject", S, "member (MNN), consignment (CNN) or 'other matter'"),
               Column("kind", S, "load | route | role | phone | background")),
              claims),
        Table("intel_outcomes.csv", "Intelligence register: later outcomes",
              "Claims later shown to be true (confirmed) or false (refuted), with the date the outcome was "
              "recorded. Claims without a row were never settled in the period.",
              (Column("claim_id", S, "claim"), Column("outcome", S, "confirmed | refuted"),
               Column("recorded", D, "date the outcome was recorded", tz="Asia/Almaty"),
               Column("evidence", S, "what settled it (a seizure, records, surveillance, enquiries)")),
              outcomes),
        Table("intel_recipients.csv", "Intelligence register: recipients",
              "Bodies the Centre may send reports to.",
              (Column("recipient_id", S, "recipient, REC-NN"), Column("name", S, "recipient"),
               Column("country", S, "country, ISO alpha-2 (GB for the UK office)"),
               Column("kind", S, "centre | law enforcement | prosecutor | non-law-enforcement"),
               Column("source_id", S, "the recipient's id in the source register when it is also a source "
                      "(liaison services); empty otherwise")),
              recipients),
        Table("intel_disseminations.csv", "Intelligence register: dissemination log",
              "Reports the Centre has sent out, one row per report and recipient.",
              (Column("dissemination_id", S, "log entry, DS-NNN, in time order"),
               Column("report_id", S, "report sent"), Column("recipient_id", S, "recipient"),
               Column("sent", T, "when it was sent", tz="Asia/Almaty, offset +05:00 given")),
              dis),
        Table("intel_share_requests.csv", "Intelligence register: sharing requests",
              "Requests awaiting a decision: may this report be sent to this recipient?",
              (Column("request_id", S, "request, RQ-NNN"), Column("report_id", S, "report"),
               Column("recipient_id", S, "proposed recipient")),
              req),
        Table("truth/intel_sources.csv", "Answer key: sources' true reliability",
              "Each source's true reliability (probability a claim it reports is true), its record over the "
              "whole period graded by the module 01 rule, the grade the register gives it, and whether the "
              "register's grade has drifted from the record.",
              (Column("source_id", S, "source"), Column("true_reliability", "float", "probability", unit="0-1"),
               Column("outcomes_known", N, "its reports with a recorded outcome", unit="count"),
               Column("outcomes_confirmed", N, "of those, confirmed", unit="count"),
               Column("record_grade", S, "letter the rule gives the record"),
               Column("assigned_grade", S, "letter in the register"),
               Column("drift", B, "true when the register's letter is stale")),
              truth_src),
        Table("truth/intel_circular.csv", "Answer key: the circular-reporting chain",
              "The planted chain: one informant report and the two partner reports that echo it.",
              (Column("report_id", S, "report"), Column("role", S, "origin | echo"),
               Column("claim_id", S, "the claim"), Column("link", S, "how it traces back")),
              truth_chain),
        Table("truth/intel_claims.csv", "Answer key: claim truth",
              "Whether each claim is true, and the member or consignment it concerns.",
              (Column("claim_id", S, "claim"), Column("true", B, "true when the claim is true"),
               Column("member_id", S, "member concerned (truth/organisation.csv)"),
               Column("consignment_id", S, "consignment concerned (truth/consignments.csv)")),
              truth_claims),
        Table("truth/intel_share_requests.csv", "Answer key: sharing decisions",
              "The decision the module 01 sharing rule gives each request.",
              (Column("request_id", S, "request"), Column("report_id", S, "report"),
               Column("recipient_id", S, "recipient"), Column("may_share", B, "decision")),
              truth_req),
    ]
