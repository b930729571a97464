"""Four registers that hold the same persons (component ``registers``): the border service's traveller
index, the customs declarant register, the police nominal index and the mobile operators' subscriber
lists, each keyed by its own clerks in its own script and format, so that one person has several
records that share no common identifier. The answer key says which records are one person.

Realistic noise, each kind recorded per record in the key:
- transliteration: each register spells Cyrillic names in its own Latin scheme (ICAO 9303 passports,
  MVD-782/BGN-style customs, Uzbek Latin or Telegram-style subscribers); the police keep Cyrillic;
- Tajik surnames: the -zoda form of new documents, the -ov/-ev birth form in older records, and the
  shortened -zod;
- name order (given name first), patronymics present or not, typos, doubled spaces;
- dates of birth: each register's own format, day and month swapped by a clerk, missing;
- document numbers: Cyrillic letters that look Latin (homoglyphs), the letter O for zero, an old
  passport next to the new one; a spreadsheet re-save that stripped leading zeros;
- vehicle plates with Cyrillic look-alike letters;
- the operators' shortcuts: 1 January keyed when a customer's date of birth was not at hand, and a line
  registered on the passport of a relative with the same surname (so the document number points at
  another person) — what makes the uncertain band of a linkage real.

All random draws depend on the population alone, in a fixed order, so the records and the key do not
move when the phones or vehicles of the world change; phone numbers and plates are looked up without
drawing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .core import COMPONENTS, component_rng
from .organisation import N_PERSONS
from .population import translit
from .schema import Column, Table

N_BACKGROUND = 700  # background persons held in at least one register, besides the organisation's members
REVIEW_SHARE = 0.45  # persons whose records the review team resolved by hand (register_review.csv)
# Roles whose work takes them through customs as drivers or declarants.
CUSTOMS_ROLES = ("broker", "cell leader", "courier", "driver", "scout")

# Latin letters and their Cyrillic look-alikes (the keyboard layout switched mid-word).
HOMOGLYPH = {"A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р",
             "T": "Т", "X": "Х", "Y": "У"}
# Neighbouring keys for substitution typos (QWERTY and ЙЦУКЕН rows).
NEIGHBOUR = {c: n for row in ("qwertyuiop", "asdfghjkl", "zxcvbnm", "йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю")
             for c, n in zip(row, row[1:] + row[-2], strict=True)}


def _typo(rng, word: str) -> str:
    """One keying slip: two letters transposed, one dropped, one doubled, or a neighbouring key."""
    if len(word) < 4:
        return word
    k = int(rng.integers(1, len(word) - 2))
    kind = int(rng.integers(0, 4))
    if kind == 0:
        return word[:k] + word[k + 1] + word[k] + word[k + 2:]
    if kind == 1:
        return word[:k] + word[k + 1:]
    if kind == 2:
        return word[:k] + word[k] + word[k:]
    low = word[k].lower()
    sub = NEIGHBOUR.get(low, low)
    return word[:k] + (sub.upper() if word[k].isupper() else sub) + word[k + 1:]


def _homoglyphs(rng, text: str, share: float = 0.5) -> str:
    """Some Latin capitals replaced by their Cyrillic look-alikes; at least one when any can be."""
    spots = [i for i, ch in enumerate(text) if ch in HOMOGLYPH]
    if not spots:
        return text
    chosen = [i for i in spots if rng.random() < share] or [spots[int(rng.integers(0, len(spots)))]]
    return "".join(HOMOGLYPH[ch] if i in chosen else ch for i, ch in enumerate(text))


def passport_no(nationality: str, person: int, seed: int) -> str:
    """The current passport number, as border_crossings.csv records it."""
    return f"{nationality}{(person * 7919 + seed) % 10_000_000:07d}"


def old_passport_no(nationality: str, person: int, seed: int) -> str:
    """The number of the passport a person held before the current one."""
    return f"{nationality}{(person * 104_729 + 3 * seed + 17) % 10_000_000:07d}"


def national_id_no(person: int, seed: int) -> str:
    """The 7 digits of a person's national identity card (a document other than the passport)."""
    return f"{(person * 15_485_863 + 7 * seed + 3) % 10_000_000:07d}"


def _short_zoda(doc_surname: str) -> str:
    return doc_surname[:-1] if doc_surname.endswith("zoda") else doc_surname


def _swap_day_month(iso: str) -> str | None:
    """The date with day and month exchanged, or None when that is not a valid date (day > 12)."""
    y, m, d = iso.split("-")
    return f"{y}-{d}-{m}" if int(d) <= 12 and d != m else None


class _Person:
    """The fields of one person the registers draw on."""

    def __init__(self, p: pd.DataFrame, i: int):
        self.i = i
        self.person_id = p.at[i, "person_id"]
        self.sur_cyr, self.sur_doc_cyr = p.at[i, "surname_cyr"], p.at[i, "surname_doc_cyr"]
        self.given_cyr, self.patr_cyr = p.at[i, "given_cyr"], p.at[i, "patronymic_cyr"]
        self.zoda = self.sur_cyr != self.sur_doc_cyr
        self.sex, self.dob, self.nat = p.at[i, "sex"], p.at[i, "date_of_birth"], p.at[i, "nationality"]
        self.city = p.at[i, "home_city"]


def _select(rng, members) -> tuple[list[int], set[int]]:
    member_idx = sorted(m.person for m in members)
    others = np.setdiff1d(np.arange(N_PERSONS), member_idx)
    background = rng.choice(others, size=N_BACKGROUND, replace=False)
    return sorted(member_idx + [int(b) for b in background]), set(member_idx)


def _border(rng, seed, people, members) -> list[dict]:
    rows = []
    for person in people:
        in_register = person.i in members or rng.random() < 0.85
        u = rng.random(6)
        if not in_register:
            continue
        noise = []
        surname, given = translit(person.sur_doc_cyr, "icao"), translit(person.given_cyr, "icao")
        if u[0] < 0.03:
            surname, noise = _typo(rng, surname), noise + ["typo"]
        dob = person.dob
        if u[1] < 0.01:
            dob, noise = "", noise + ["dob_missing"]
        rows.append({"person": person, "surname": surname, "given_name": given, "sex": person.sex,
                     "date_of_birth": dob, "nationality": person.nat,
                     "passport_no": passport_no(person.nat, person.i, seed), "passport": "current",
                     "noise": noise})
        # A Tajik who took the -zoda form has an older record under the birth surname and old passport,
        # spelled in the scheme passports used before ICAO 9303 was adopted.
        if person.zoda and u[2] < 0.5:
            rows.append({"person": person, "surname": translit(person.sur_cyr, "bgn"),
                         "given_name": translit(person.given_cyr, "bgn"), "sex": person.sex,
                         "date_of_birth": person.dob, "nationality": person.nat,
                         "passport_no": old_passport_no(person.nat, person.i, seed), "passport": "expired",
                         "noise": ["old_passport", "birth_surname", "scheme_bgn"]})
        elif u[3] < 0.03:  # keyed twice by two officers
            rows.append({"person": person, "surname": _typo(rng, surname), "given_name": given, "sex": person.sex,
                         "date_of_birth": person.dob, "nationality": person.nat,
                         "passport_no": passport_no(person.nat, person.i, seed), "passport": "current",
                         "noise": ["rekeyed", "typo"]})
    return rows


def _customs(rng, seed, people, members, plates) -> list[dict]:
    rows = []
    for person in people:
        role = members.get(person.i)
        p_in = 1.0 if role in CUSTOMS_ROLES else (0.5 if role else 0.35)
        in_register = rng.random() < p_in
        copies = 2 if rng.random() < 0.1 else 1
        if not in_register:
            continue
        for _ in range(copies):
            u = rng.random(9)
            noise = ["scheme_bgn"] + (["rekeyed"] if copies == 2 else [])
            surname = translit(person.sur_doc_cyr, "bgn")
            if person.zoda and u[0] < 0.35:
                surname, noise = _short_zoda(surname), noise + ["zod"]
            given = translit(person.given_cyr, "bgn")
            if u[1] < 0.06:
                surname, noise = _typo(rng, surname), noise + ["typo"]
            parts = [surname, given]
            if u[2] < 0.2:
                parts, noise = [given, surname], noise + ["given_first"]
            if u[3] < 0.3:
                parts, noise = parts + [translit(person.patr_cyr, "bgn")], noise + ["patronymic"]
            dob = person.dob
            if u[4] < 0.08 and _swap_day_month(dob):
                dob, noise = _swap_day_month(dob), noise + ["dob_swapped"]
            y, m, d = dob.split("-")
            doc = passport_no(person.nat, person.i, seed)
            if u[8] < 0.15:  # a file opened on the previous passport
                doc, noise = old_passport_no(person.nat, person.i, seed), noise + ["old_passport"]
            if u[5] < 0.12:
                doc, noise = _homoglyphs(rng, doc[:2], 1.0) + doc[2:], noise + ["doc_homoglyph"]
            elif u[6] < 0.04 and "0" in doc[2:]:
                doc, noise = doc[:2] + doc[2:].replace("0", "O", 1), noise + ["doc_letter_o"]
            plate = plates.get(person.i, "")
            if plate and u[7] < 0.15:
                plate, noise = _homoglyphs(rng, plate), noise + ["plate_homoglyph"]
            rows.append({"person": person, "full_name": " ".join(parts).upper(), "birth_date": f"{d}.{m}.{y}",
                         "document_no": doc, "vehicle_plate": plate, "noise": noise})
    return rows


def _police(rng, people, members) -> list[dict]:
    rows = []
    kinds = ("offender", "suspect", "witness", "victim", "applicant")
    for person in people:
        in_register = rng.random() < (0.7 if person.i in members else 0.3)
        copies = 2 if rng.random() < 0.08 else 1
        if not in_register:
            continue
        for _ in range(copies):
            u = rng.random(7)
            noise = ["cyrillic"] + (["rekeyed"] if copies == 2 else [])
            surname = person.sur_doc_cyr
            if person.zoda and u[0] < 0.6:
                surname, noise = person.sur_cyr, noise + ["birth_surname"]
            if u[1] < 0.04:
                surname, noise = _typo(rng, surname), noise + ["typo"]
            first, patr = person.given_cyr, person.patr_cyr
            if u[2] < 0.15:
                patr, noise = "", noise + ["patronymic_missing"]
            if u[3] < 0.05:
                surname, first, noise = first, surname, noise + ["fields_swapped"]
            dob = person.dob
            if u[4] < 0.04 and _swap_day_month(dob):
                dob, noise = _swap_day_month(dob), noise + ["dob_swapped"]
            elif u[5] < 0.03:
                dob, noise = "", noise + ["dob_missing"]
            rows.append({"person": person, "surname": surname, "first_name": first, "patronymic": patr,
                         "date_of_birth": dob, "city": person.city, "record_type": kinds[int(u[6] * len(kinds))],
                         "noise": noise})
    return rows


def _subscribers(rng, seed, people, members, phones) -> list[dict]:
    rows = []
    for person in people:
        in_register = person.i in members or rng.random() < 0.75
        copies = 2 if rng.random() < 0.1 else 1
        if not in_register:
            continue
        for c in range(copies):
            u = rng.random(7)
            # operators key names as customers spell them: Uzbek Latin in Uzbekistan, Telegram-style
            # (from the customer's own chat name) elsewhere, some in passport spelling
            scheme = "uz" if person.nat == "UZ" else ("telegram" if u[0] < 0.5 else "icao")
            noise = [f"scheme_{scheme}"] + (["second_line"] if copies == 2 else [])
            surname = person.sur_cyr if person.zoda and u[1] < 0.4 else person.sur_doc_cyr
            if surname != person.sur_doc_cyr:
                noise.append("birth_surname")
            surname = _translit(surname, scheme)
            given = _translit(person.given_cyr, scheme)
            if u[2] < 0.06:
                given, noise = _typo(rng, given), noise + ["typo"]
            name = f"{given} {surname}" if u[3] < 0.5 else f"{surname} {given}"
            if u[3] < 0.5:
                noise.append("given_first")
            if u[4] < 0.05:
                name, noise = name.replace(" ", "  ") + " ", noise + ["spaces"]
            dob = person.dob
            if u[5] < 0.05 and _swap_day_month(dob):
                dob, noise = _swap_day_month(dob), noise + ["dob_swapped"]
            y, m, d = dob.split("-")
            # the document the customer showed: the passport or the national identity card
            if u[6] < 0.45:
                digits, noise = national_id_no(person.i, seed), noise + ["id_card"]
            else:
                digits = passport_no(person.nat, person.i, seed)[2:]
            if digits.startswith("0"):
                noise.append("zeros_stripped")
            numbers = phones.get(person.i, [])
            rows.append({"person": person, "subscriber_name": name, "date_of_birth": f"{int(m)}/{int(d)}/{y}",
                         "id_number": digits.lstrip("0") or "0",
                         "msisdn": numbers[c] if c < len(numbers) else "", "noise": noise})
    return rows


JAN1_SHARE = 0.12  # subscriber records whose date of birth the operator keyed as 1 January of the year
RELATIVE_DOC_SHARE = 0.05  # subscriber records showing the passport digits of a relative (same surname)


def _operator_shortcuts(rng, seed, rows: list[dict], people: list[_Person]) -> None:
    """Two shortcuts of the operators' shops, applied to the subscriber records in place with their own
    generator (so that every other record, and the review sample, stay as they were): a date of birth
    keyed as 1 January of the year when the customer's was not at hand, and a line registered on the
    passport of a relative (a registered person with the same surname in its document form and the same
    nationality), whose digits then point at that relative."""
    relatives: dict[tuple[str, str], list[_Person]] = {}
    for person in people:
        relatives.setdefault((person.sur_doc_cyr, person.nat), []).append(person)
    for row in rows:
        u = rng.random(3)
        person = row["person"]
        month, day, year = row["date_of_birth"].split("/")
        if u[0] < JAN1_SHARE and (month, day) != ("1", "1"):
            row["date_of_birth"], row["noise"] = f"1/1/{year}", row["noise"] + ["dob_jan1"]
        kin = [other for other in relatives[(person.sur_doc_cyr, person.nat)] if other.i != person.i]
        if kin and u[1] < RELATIVE_DOC_SHARE:
            other = kin[int(u[2] * len(kin))]
            digits = passport_no(other.nat, other.i, seed)[2:]
            noise = [n for n in row["noise"] if n not in ("id_card", "zeros_stripped")] + ["relative_document"]
            if digits.startswith("0"):
                noise.append("zeros_stripped")
            row["id_number"], row["noise"] = digits.lstrip("0") or "0", noise


def _translit(word: str, scheme: str) -> str:
    if scheme == "telegram":
        import iuliia

        return iuliia.TELEGRAM.translate(word)
    return translit(word, scheme)


def _number(rows: list[dict], rng, prefix: str) -> pd.DataFrame:
    """Records in a random order (ids give nothing away), numbered with the register's prefix."""
    order = rng.permutation(len(rows))
    frame = pd.DataFrame([rows[i] for i in order]).reset_index(drop=True)
    frame.insert(0, "record_id", [f"{prefix}{k + 1:05d}" for k in range(len(frame))])
    return frame


def register_tables(world) -> list[Table]:
    """register_border.csv, register_customs.csv, register_police.csv, register_subscribers.csv,
    register_review.csv and the answer key truth/register_persons.csv."""
    rng = component_rng(world.seed, "registers")
    p = world.persons
    index, member_idx = _select(rng, world.members)
    people = [_Person(p, i) for i in index]
    roles = {m.person: m.role for m in world.members}
    # lookups without random draws: each person's own vehicles and personal lines, in id order
    v = world.vehicles.sort_values("vehicle_id")
    plates = {int(o): plate for o, plate in zip(v["owner"][::-1], v["plate"][::-1], strict=True) if o >= 0}
    lines = world.lines
    mine = lines[(lines["purpose"] == "personal") & (lines["holder"] == lines["registered_to"])]
    mine = mine.sort_values("line_id")
    phones: dict[int, list[str]] = {}
    for holder, msisdn in zip(mine["holder"], mine["msisdn"], strict=True):
        phones.setdefault(int(holder), []).append(msisdn)

    border = _number(_border(rng, world.seed, people, member_idx), rng, "BR")
    customs = _number(_customs(rng, world.seed, people, roles, plates), rng, "CU")
    police = _number(_police(rng, people, member_idx), rng, "PO")
    subs_rows = _subscribers(rng, world.seed, people, member_idx, phones)
    # a generator of its own, derived from the component's, so the records drawn above keep their values
    _operator_shortcuts(np.random.default_rng([world.seed, COMPONENTS["registers"], 1]), world.seed, subs_rows, people)
    subs = _number(subs_rows, rng, "SU")
    reviewed = {person.person_id for person in people if rng.random() < REVIEW_SHARE}

    frames = {"border": border, "customs": customs, "police": police, "subscribers": subs}
    key = pd.concat([pd.DataFrame({"record_id": f["record_id"], "register": name,
                                   "person_id": [x.person_id for x in f["person"]],
                                   "noise": [" ".join(n) for n in f["noise"]]}) for name, f in frames.items()],
                    ignore_index=True)
    review = key[key["person_id"].isin(reviewed)].sort_values("record_id").reset_index(drop=True)
    labels = {pid: f"RV{k + 1:04d}" for k, pid in
              enumerate(review.drop_duplicates("person_id")["person_id"].iloc[rng.permutation(
                  review["person_id"].nunique())])}
    review = pd.DataFrame({"record_id": review["record_id"], "review_id": review["person_id"].map(labels)})
    world.registers = frames

    common = "Fictional, generated for training. "
    return [
        Table("register_border.csv", "Border service: traveller index",
              common + "One record per passport the border service has seen a traveller with, as keyed at "
              "passport control: names in the passport's Latin spelling (ICAO 9303 since the current "
              "passports; older passports used other spellings), the passport number. A traveller who "
              "renewed a passport can have a record per passport.",
              (Column("record_id", "string", "record, BRnnnnn (random order)"),
               Column("surname", "string", "surname as printed in the passport, Latin"),
               Column("given_name", "string", "given name as printed in the passport, Latin"),
               Column("sex", "string", "M | F"),
               Column("date_of_birth", "date", "date of birth (empty when not keyed)"),
               Column("nationality", "string", "passport country, ISO alpha-2"),
               Column("passport_no", "string", "passport number: country code and 7 digits"),
               Column("passport", "string", "current | expired")), border,
              instructor_notes=("register_*.csv: the answer key is truth/register_persons.csv "
                                "(which records are one person, and the noise applied to each).",)),
        Table("register_customs.csv", "Customs: declarant and driver register",
              common + "One record per declarant or driver file at customs, keyed by clerks in upper-case "
              "Latin (MVD-782 / BGN-style spelling), in one name field. Dates as the clerks type them.",
              (Column("record_id", "string", "record, CUnnnnn (random order)"),
               Column("full_name", "string", "name as keyed: usually SURNAME GIVEN, sometimes given name "
                      "first; a patronymic may follow"),
               Column("birth_date", "string", "date of birth as text, DD.MM.YYYY"),
               Column("document_no", "string", "passport number as keyed (country code and 7 digits)"),
               Column("vehicle_plate", "string", "plate of the declarant's own vehicle, empty if none")), customs),
        Table("register_police.csv", "Police: nominal index",
              common + "One record per person in a police file (offenders, suspects, witnesses, victims, "
              "applicants), in Cyrillic as the file was written; older files keep the surname a person "
              "had then.",
              (Column("record_id", "string", "record, POnnnnn (random order)"),
               Column("surname", "string", "фамилия (surname), Cyrillic"),
               Column("first_name", "string", "имя (given name), Cyrillic"),
               Column("patronymic", "string", "отчество (patronymic), Cyrillic; empty when not recorded"),
               Column("date_of_birth", "date", "date of birth (empty when not recorded)"),
               Column("city", "string", "city of residence"),
               Column("record_type", "string", "offender | suspect | witness | victim | applicant")), police),
        Table("register_subscribers.csv", "Mobile operators: subscriber identity records",
              common + "One record per SIM contract from the operators' customer-identification lists, "
              "merged by a ministry analyst in a spreadsheet and saved again as CSV: the spreadsheet "
              "rewrote the dates as month/day/year and treated the identity-document digits as a "
              "number, dropping their leading zeros. Names as the customer gave them. Where a shop did not "
              "have the customer's date of birth at hand it keyed 1 January of the year, and some lines were "
              "registered on another family member's passport.",
              (Column("record_id", "string", "record, SUnnnnn (random order)"),
               Column("subscriber_name", "string", "customer's name as keyed (either order)"),
               Column("date_of_birth", "string", "date of birth as text, M/D/YYYY (as the spreadsheet "
                      "re-saved it)"),
               Column("id_number", "string", "the 7 digits of the identity document shown (passport or national "
                      "identity card), leading zeros lost"),
               Column("msisdn", "string", "phone number, E.164; empty when the contract has ended")), subs),
        Table("register_review.csv", "Register records resolved by hand",
              common + "The review team took a random sample of persons and found every record of each "
              "in the four registers by hand (documents, photographs, enquiries). Records with the same "
              "review_id are one person; a record not listed was not reviewed. Use it to measure "
              "how well a linkage method works.",
              (Column("record_id", "string", "record of any register (BR, CU, PO, SU)"),
               Column("review_id", "string", "person as resolved by the review team, RVnnnn")), review),
        Table("truth/register_persons.csv", "Answer key: who each register record really is",
              "Every record of the four registers with the real person and the noise the generator applied "
              "(space-separated): scheme_bgn, scheme_uz, scheme_telegram, scheme_icao (spelling used), "
              "cyrillic, birth_surname (-ov/-ev where documents say -zoda), zod (-zoda shortened), "
              "old_passport, typo, given_first, fields_swapped, patronymic, patronymic_missing, "
              "dob_swapped, dob_missing, doc_homoglyph, doc_letter_o, plate_homoglyph, zeros_stripped, "
              "spaces, id_card (subscriber identified by the national identity card, not the passport), dob_jan1 "
              "(the operator keyed 1 January of the year of birth), relative_document (the line registered on the "
              "passport of a relative with the same surname: the digits are the relative's), rekeyed "
              "(a second record keyed for the same person), second_line (a second SIM).",
              (Column("record_id", "string", "register record"),
               Column("register", "string", "border | customs | police | subscribers"),
               Column("person_id", "string", "real person (truth/persons.csv)"),
               Column("noise", "string", "noise applied, space-separated")), key),
    ]
