#!/usr/bin/env python3
"""Plants PII and near misses into copies of real files, then scores a `proofline scan pii` report.

Used by pii_quality.sh (see there and bench/README.md). Two commands:

  plant OUT SEED N SOURCES M DATA   copies N files (a seeded sample) of the list SOURCES (source
                                    code, one path a line) and M of the list DATA (data files:
                                    .json, .xml, .txt, .sql, .csv...) into OUT/, inserting planted
                                    lines; writes OUT.manifest.json.
  score MANIFEST REPORT OUT         prints recall and precision per planted detector.

Every planted value is generated here (Luhn, NPI check digit, SSA ranges: an oracle written apart
from the scanner's). Truth: a planted true value must be found by its rule on its line; a near
miss must not be found by any rule; any other card, NPI or SSN finding in the copies (the real
text around the plants) is a false positive too.
"""
import json
import os
import random
import sys

RULES = ("pii-payment-card", "pii-npi", "pii-us-ssn", "pii-email", "pii-us-phone",
         "pii-date-of-birth", "pii-medicare-mbi", "pii-medical-record-number")
# Real files hold real addresses and phone numbers of their authors and vendors: such a finding
# in the text around the plants may be right, so it is counted apart ("in real text") and listed,
# not taken as a false positive. A card, NPI, SSN, date of birth, MBI or MRN there is one.
OPEN_WORLD = ("pii-email", "pii-us-phone")
# The site MRN format the scan is run with (--mrn-format).
MRN_FORMAT = "[A-Z]{2}[0-9]{6}"


def luhn_digit(body):
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return str((10 - total % 10) % 10)


class Values:
    def __init__(self, rng):
        self.r = rng

    def digits(self, n):
        return "".join(self.r.choice("0123456789") for _ in range(n))

    def pan(self, kind=None):
        iin, length = kind or self.r.choice(
            [("4", 16), ("51", 16), ("55", 16), ("2221", 16), ("6011", 16), ("37", 15),
             ("34", 15), ("3528", 16), ("65", 16), ("4", 13), ("4", 19)])
        body = iin + self.digits(length - 1 - len(iin))
        return body + luhn_digit(body)

    def bad_pan(self):
        p = self.pan()
        return p[:-1] + str((int(p[-1]) + 1) % 10)

    def npi(self):
        body = self.r.choice("12") + self.digits(8)
        return body + luhn_digit("80840" + body)

    def bad_npi(self):
        n = self.npi()
        return n[:-1] + str((int(n[-1]) + 1) % 10)

    def ssn(self):
        while True:
            area = self.r.randint(1, 899)
            if area not in (666, 78, 219, 123) and area % 111 != 0:
                break
        return "%03d-%02d-%04d" % (area, self.r.randint(1, 99), self.r.randint(1, 9999))

    # --- email, phone, date of birth, MBI, MRN

    FIRST = ["maria", "james", "aisha", "wei", "olga", "carlos", "priya", "tom", "fatima", "lena"]
    LAST = ["gonzalez", "okafor", "nguyen", "kowalski", "haddad", "smith", "patel", "berg"]
    DOMAINS = ["northwind-health.com", "stlukes-hospital.org", "mercyclinic.net", "gmail.com",
               "outlook.com", "yahoo.co.uk", "acme-bank.com", "uw.edu", "kaiserpermanente.org"]

    def name(self):
        return "%s %s" % (self.r.choice(self.FIRST).title(), self.r.choice(self.LAST).title())

    def email(self):
        f, l = self.r.choice(self.FIRST), self.r.choice(self.LAST)
        local = self.r.choice([f + "." + l, f[0] + l, f + "_" + l + str(self.r.randint(1, 99)),
                               l + f[0]])
        return local + "@" + self.r.choice(self.DOMAINS)

    def role_email(self):
        if self.r.random() < 0.5:
            return self.r.choice(["noreply", "support", "postmaster", "webmaster", "security",
                                  "git"]) + "@" + self.r.choice(self.DOMAINS)
        return self.email().split("@")[0] + "@" + self.r.choice(
            ["example.com", "example.org", "mail.example", "host.test", "x.invalid"])

    def nxx(self):
        while True:
            v = "%d%02d" % (self.r.randint(2, 9), self.r.randint(0, 99))
            if v[1:] != "11" and v != "555":
                return v

    def phone10(self):
        return self.nxx() + self.nxx() + "%04d" % self.r.randint(0, 9999)

    def phone(self, ten=None):
        d = ten or self.phone10()
        return self.r.choice(["(%s) %s-%s", "%s-%s-%s", "+1 %s %s %s", "%s.%s.%s",
                              "1-%s-%s-%s"]) % (d[:3], d[3:6], d[6:])

    def fictional_phone(self):
        return self.phone(self.nxx() + "5550" + "1%02d" % self.r.randint(0, 99))

    def bad_nanp(self):
        area = self.r.choice(["1%02d" % self.r.randint(0, 99), "%d11" % self.r.randint(2, 9)])
        return self.phone(area + self.nxx() + "%04d" % self.r.randint(0, 9999))

    def date(self, year=None):
        y = year or self.r.randint(1930, 2005)
        m, d = self.r.randint(1, 12), self.r.randint(1, 28)
        return self.r.choice(["%04d-%02d-%02d" % (y, m, d), "%02d/%02d/%04d" % (m, d, y),
                              "%02d.%02d.%04d" % (d, m, y)])

    def bad_date(self):
        y = self.r.randint(1930, 2005)
        m, d = self.r.choice([(2, 30), (2, 31), (4, 31), (6, 31), (13, 1), (0, 12)])
        if m > 12:  # "13/01/1984" is a valid day-first date: month 13 only year first
            return "%04d-%02d-%02d" % (y, m, d)
        return self.r.choice(["%04d-%02d-%02d" % (y, m, d), "%02d/%02d/%04d" % (m, d, y)])

    MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY"  # A-Z without S L O I B Z

    def mbi(self):
        letter = lambda: self.r.choice(self.MBI_LETTERS)
        alnum = lambda: self.r.choice(self.MBI_LETTERS + "0123456789")
        digit = lambda: self.r.choice("0123456789")
        v = (str(self.r.randint(1, 9)) + letter() + alnum() + digit() + letter() + alnum() +
             digit() + letter() + letter() + digit() + digit())
        return v[:4] + "-" + v[4:7] + "-" + v[7:] if self.r.random() < 0.3 else v

    def bad_mbi(self):
        v = self.mbi().replace("-", "")
        pos = self.r.choice([1, 4, 7, 8])  # a letter position given a letter CMS never uses
        return v[:pos] + self.r.choice("SLOIBZ") + v[pos + 1:]

    def mrn(self):
        return "".join(self.r.choice("ABCDEFGHJKMNPRSTUVWXYZ") for _ in range(2)) + self.digits(6)

    def grouped(self):
        if self.r.random() < 0.2:
            p = self.pan(("37", 15))
            sizes = (4, 6, 5)
        else:
            p = self.pan(self.r.choice([("4", 16), ("51", 16), ("6011", 16), ("2221", 16)]))
            sizes = (4, 4, 4, 4)
        sep = self.r.choice(" -")
        out, at = [], 0
        for s in sizes:
            out.append(p[at:at + s])
            at += s
        return sep.join(out)


# Planted lines for source code: C-like (.h .c) or Python. {v} is the value; a plant is one or
# more lines. (category, rule or None, template per language, value generator name)
C, PY = "c", "py"
SOURCE_PLANTS = [
    # True values.
    ("card: key", "pii-payment-card",
     {C: ['static const char *{key} = "{v}";'], PY: ['{key} = "{v}"']}, "pan"),
    ("card: word near", "pii-payment-card",
     {C: ["/* charged to the customer's credit card */", "long long amount_ref = {v};"],
      PY: ["ref = {v}  # visa on file"]}, "pan"),
    ("card: printed groups", "pii-payment-card",
     {C: ['static const char *s = "{v}";'], PY: ['s = "{v}"']}, "grouped"),
    ("npi: label", "pii-npi",
     {C: ["{npi_label}{v}"], PY: ["{npi_label}{v}"]}, "npi"),
    ("ssn: label", "pii-us-ssn",
     {C: ['const char *ssn = "{v}";'], PY: ['"social_security_number": "{v}",']}, "ssn"),
    ("ssn: bare 9 digits, labelled", "pii-us-ssn",
     {C: ["/* SSN */ int x = {v9};"], PY: ["patient_ssn = {v9}"]}, "ssn"),
    # Near misses.
    ("near: bare Luhn run in code", None,
     {C: ["static const unsigned long long seed = {v};"], PY: ["MAGIC = {v}"]}, "pan"),
    ("near: numeric table in code", None,
     {C: ["/* card-shaped vectors for the Luhn check */",
          "static const unsigned long long v[] = {{{v}, {v2}, {v3}, {v4}}};"],
      PY: ["LUHN_CARDS = [", "    {v},", "    {v2},", "    {v3},", "    {v4},", "]"]}, "pan"),
    ("near: Luhn-invalid with card key", None,
     {C: ['static const char *card_number = "{v}";'], PY: ['card_number = "{v}"']}, "bad_pan"),
    ("near: row of digit groups", None,
     {C: ['static const char *row = "{row}";'], PY: ['row = "{row}"']}, "grouped"),
    ("near: NPI-valid, no label", None,
     {C: ["#define TIMEOUT_MS {v}"], PY: ["timeout_ms = {v}"]}, "npi"),
    ("near: NPI label, bad check digit", None,
     {C: ["{npi_label}{v}"], PY: ["{npi_label}{v}"]}, "bad_npi"),
    ("near: NPI label, negative number", None,
     {C: ["static const long npi_delta = -{v};"], PY: ["npi_delta = -{v}"]}, "npi"),
    ("email: in code", "pii-email",
     {C: ['static const char *notify = "{email}";'], PY: ['NOTIFY = "{email}"']}, "email"),
    ("email: labelled", "pii-email",
     {C: ['const char *patient_email = "{email}";'], PY: ['"email": "{email}",']}, "email"),
    ("phone: formatted", "pii-us-phone",
     {C: ['static const char *oncall = "{v}";'], PY: ['ONCALL = "{v}"']}, "phone"),
    ("phone: bare 10 digits, labelled", "pii-us-phone",
     {C: ["long long mobile_phone = {v};"], PY: ["patient_phone = {v}"]}, "phone10"),
    ("dob: labelled", "pii-date-of-birth",
     {C: ['const char *dob = "{v}";'], PY: ['"date_of_birth": "{v}",']}, "date"),
    ("mbi: labelled", "pii-medicare-mbi",
     {C: ['const char *medicare_id = "{v}";'], PY: ['mbi = "{v}"']}, "mbi"),
    ("mbi: bare", "pii-medicare-mbi",
     {C: ['static const char *ref = "{v}";'], PY: ['REF = "{v}"']}, "mbi"),
    ("mrn: labelled", "pii-medical-record-number",
     {C: ["/* MRN: {v} */"], PY: ['record = {{"mrn": "{v}"}}']}, "mrn"),
    ("near: role mailbox or reserved domain", None,
     {C: ['static const char *sender = "{v}";'], PY: ['SENDER = "{v}"']}, "role_email"),
    ("near: git remote, asset, package version", None,
     {C: ['/* git@github.com:acme/{slug}.git icon@2x.png {slug}@4.17.21 */'],
      PY: ['REMOTE = "git@github.com:acme/{slug}.git"  # icon@2x.png {slug}@4.17.21']}, "email"),
    ("near: authorship credit", None,
     {C: ["/* Written by {name} <{v}> */"], PY: ["# Written by {name} <{v}>"]}, "email"),
    ("near: fictional phone 555-01xx", None,
     {C: ['const char *phone = "{v}";'], PY: ['phone = "{v}"']}, "fictional_phone"),
    ("near: not a NANP number", None,
     {C: ['const char *phone = "{v}";'], PY: ['phone = "{v}"']}, "bad_nanp"),
    ("near: bare 10 digits", None,
     {C: ["static const long long limit = {v};"], PY: ["LIMIT = {v}"]}, "phone10"),
    ("near: bare date", None,
     {C: ['static const char *released = "{v}";'], PY: ['RELEASED = "{v}"']}, "date"),
    ("near: date of birth not in the calendar", None,
     {C: ['const char *dob = "{v}";'], PY: ['dob = "{v}"']}, "bad_date"),
    ("near: MBI with a letter CMS never uses", None,
     {C: ['const char *medicare_id = "{v}";'], PY: ['medicare_id = "{v}"']}, "bad_mbi"),
    ("near: MBI inside a longer token", None,
     {C: ['static const char *digest = "a9{v}f0";'], PY: ['DIGEST = "a9{v}f0"']}, "mbi"),
    ("near: MRN-shaped, no MRN word", None,
     {C: ['static const char *part = "{v}";'], PY: ['PART = "{v}"']}, "mrn"),
    ("near: MRN word, value not standing alone", None,
     {C: ["/* MRN X{v} */"], PY: ['mrn = "X{v}"']}, "mrn"),
    ("near: SSN never issued or sample", None,
     {C: ['const char *ssn = "{v}";'], PY: ['ssn = "{v}"']}, "bad_ssn"),
    ("near: bare 9 digits", None,
     {C: ["static const int order = {v9};"], PY: ["order = {v9}"]}, "ssn"),
]

# Data files: a record line per extension family; {k} is a neutral key.
DATA_LINE = {
    "json": '  "{k}": "{v}",', "xml": "<{k}>{v}</{k}>", "txt": "{k} {v}", "sql":
    "INSERT INTO t (id, {k}) VALUES (1, '{v}');", "yaml": "{k}: {v}", "yml": "{k}: {v}",
    "log": "{k}={v}",
}
DATA_PLANTS = [
    ("card: data file", "pii-payment-card", "ref", "pan"),
    ("npi: label in data", "pii-npi", "rendering_npi", "npi"),
    ("ssn: label in data", "pii-us-ssn", "ssn", "ssn"),
    ("near: NPI-valid in data, no label", None, "ref", "npi"),
    ("near: Luhn-invalid in data", None, "ref", "bad_pan"),
    ("email: data", "pii-email", "contact", "email"),
    ("phone: data", "pii-us-phone", "phone", "phone"),
    ("dob: data", "pii-date-of-birth", "birth_date", "date"),
    ("mbi: data", "pii-medicare-mbi", "medicare_id", "mbi"),
    ("mrn: data", "pii-medical-record-number", "mrn", "mrn"),
    ("near: bare date in data", None, "updated", "date"),
    ("near: reserved domain or role in data", None, "contact", "role_email"),
]

CARD_KEYS = ["card_number", "ccNumber", "pan", "creditCardNo", "cc_num", "CardNumber"]
NPI_LABELS = ["rendering_npi: ", "billing_npi = ", '"billingNPI": "', "NPI # ", "provider npi ",
              "prescriberNPI=", "npi_number = ", "pcp_npi = ", "referring_npi: ", "NPINumber: ",
              "NPI: "]


def value(vals, kind):
    if kind == "bad_ssn":
        return vals.r.choice(["000-12-3456", "666-12-3456", "912-34-5678", "536-00-1234",
                              "536-22-0000", "123-45-6789", "078-05-1120"])
    return getattr(vals, kind)()


def read(path):
    with open(path, "rb") as f:
        return f.read().decode("latin-1")


def plant_lines(text, plants, rng):
    """Inserts each plant (a list of lines) at a random line boundary, plants at least 8 lines
    apart and away from each other's context; returns the new text and each plant's 1-based line
    range."""
    lines = text.split("\n")
    n = len(lines)
    slots = sorted(rng.sample(range(0, n + 1, 8), min(len(plants), n // 8 + 1)))
    out, ranges, at = [], [], 0
    for slot, plant in zip(slots, plants):
        out.extend(lines[at:slot])
        at = slot
        first = len(out) + 1
        out.extend(plant)
        ranges.append((first, len(out)))
    out.extend(lines[at:])
    return "\n".join(out), ranges[:len(slots)]


def cmd_plant(out_dir, seed, n_sources, sources_list, n_data, data_list):
    rng = random.Random(seed)
    vals = Values(rng)
    os.makedirs(out_dir)
    manifest = []

    def sample(list_path, n):
        paths = sorted(p for p in open(list_path).read().split("\n") if p)
        return rng.sample(paths, min(n, len(paths)))

    sources = sample(sources_list, n_sources)
    data = sample(data_list, n_data)
    # Real tables are few: every one listed gets a card and an NPI column.
    data += [p for p in sorted(open(data_list).read().split("\n"))
             if p.lower().endswith((".csv", ".tsv")) and p not in data]

    def save(rel, text, plants, ranges, origin):
        path = os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(text.encode("latin-1"))
        for (cat, rule), (first, last) in zip(plants, ranges):
            manifest.append({"file": rel, "first": first, "last": last, "category": cat,
                             "rule": rule, "origin": origin})

    for i, src in enumerate(sources):
        lang = PY if src.endswith(".py") else C
        chosen = [rng.choice(SOURCE_PLANTS) for _ in range(4)]
        bodies = []
        for cat, rule, templates, kind in chosen:
            v = value(vals, kind)
            fields = {"v": v, "v2": value(vals, kind), "v3": value(vals, kind),
                      "v4": value(vals, kind), "v9": v.replace("-", ""),
                      "row": "1200" + v[4:5] + v + v[4:5] + "2025",
                      "key": rng.choice(CARD_KEYS), "npi_label": rng.choice(NPI_LABELS),
                      "email": vals.email(), "name": vals.name(),
                      "slug": rng.choice(["ledger", "billing", "portal", "lodash"])}
            bodies.append([t.format(**fields) for t in templates[lang]])
        text, ranges = plant_lines(read(src), bodies, rng)
        save("src/%04d_%s" % (i, os.path.basename(src)), text,
             [(c[0], c[1]) for c in chosen], ranges, src)

    for i, src in enumerate(data):
        ext = src.rsplit(".", 1)[-1].lower()
        base = "data/%04d_%s" % (i, os.path.basename(src))
        if ext in ("csv", "tsv"):
            # A table: a card and an NPI column added to the real one, values in some rows.
            sep = "\t" if ext == "tsv" else ","
            rows = read(src).rstrip("\n").split("\n")
            width = rows[0].count(sep)
            columns = [("card_number", "card: CSV column", "pii-payment-card", "pan"),
                       ("rendering_npi", "npi: CSV column", "pii-npi", "npi"),
                       ("birth_date", "dob: CSV column", "pii-date-of-birth", "date"),
                       ("email", "email: CSV column", "pii-email", "email")]
            out = [rows[0] + "".join(sep + c[0] for c in columns)]
            plants, ranges = [], []
            for r, row in enumerate(rows[1:], start=2):
                row += sep * max(0, width - row.count(sep))  # short rows: empty trailing fields
                cells = [""] * len(columns)
                if rng.random() < 0.5:  # at most one value a row: a finding names its line
                    c = rng.randrange(len(columns))
                    cells[c] = value(vals, columns[c][3])
                    plants.append(columns[c][1:3])
                    ranges.append((r, r))
                out.append(row + "".join(sep + v for v in cells))
            save(base, "\n".join(out) + "\n", plants, ranges, src)
            continue
        family = ext if ext in DATA_LINE else "txt"
        chosen = [rng.choice(DATA_PLANTS) for _ in range(2)]
        bodies = []
        for cat, rule, key, kind in chosen:
            bodies.append([DATA_LINE[family].format(k=key, v=value(vals, kind))])
        text, ranges = plant_lines(read(src), bodies, rng)
        save(base, text, [(c[0], c[1]) for c in chosen], ranges, src)

    with open(out_dir.rstrip("/") + ".manifest.json", "w") as f:
        json.dump(manifest, f, indent=0)
    print("planted %d values in %d source and %d data files" %
          (len(manifest), len(sources), len(data)))


def cmd_score(manifest_path, report_path, corpus_dir):
    manifest = json.load(open(manifest_path))
    findings = json.load(open(report_path))["findings"]
    prefix = corpus_dir.rstrip("/") + "/"
    by_file = {}
    for f in findings:
        if f["rule"] in RULES:
            by_file.setdefault(f["path"].removeprefix(prefix), []).append(f)
    tally = {r: {"tp": 0, "fn": 0, "fp_near": 0, "fp_real": 0, "real": 0} for r in RULES}
    per_category = {}
    used = set()
    missed = []
    wrong = []  # (finding, plant): a near miss found, or a true value found by another rule
    for p in manifest:
        hits = [f for f in by_file.get(p["file"], []) if p["first"] <= f["line"] <= p["last"]]
        cat = per_category.setdefault(p["category"], [0, 0])
        cat[1] += 1
        for f in hits:
            used.add(id(f))
            if f["rule"] != p["rule"]:
                tally[f["rule"]]["fp_near" if p["rule"] is None else "fp_real"] += 1
                wrong.append((f, p))
        if p["rule"] is None:
            cat[0] += not hits  # a near miss counts as right when nothing is found
            continue
        found = any(f["rule"] == p["rule"] for f in hits)
        tally[p["rule"]]["tp" if found else "fn"] += 1
        cat[0] += found
        if not found:
            missed.append(p)
    stray = [f for fs in by_file.values() for f in fs if id(f) not in used]
    for f in stray:
        tally[f["rule"]]["real" if f["rule"] in OPEN_WORLD else "fp_real"] += 1
    print("%-26s %6s %6s %8s %8s %9s %7s %12s" % ("detector", "tp", "fn", "fp near", "fp real",
                                                   "precision", "recall", "in real text"))
    for r in RULES:
        t = tally[r]
        fp = t["fp_near"] + t["fp_real"]
        precision = t["tp"] / (t["tp"] + fp) if t["tp"] + fp else 1.0
        recall = t["tp"] / (t["tp"] + t["fn"]) if t["tp"] + t["fn"] else 1.0
        print("%-26s %6d %6d %8d %8d %9.3f %7.3f %12s" %
              (r, t["tp"], t["fn"], t["fp_near"], t["fp_real"], precision, recall,
               t["real"] if r in OPEN_WORLD else "-"))
    print("\n%-40s %8s" % ("planted category", "right"))
    for cat in sorted(per_category):
        right, total = per_category[cat]
        print("%-40s %4d/%-4d" % (cat, right, total))
    for f in stray[:40]:
        print("  not planted: %s %s:%d %s" % (f["rule"], f["path"].removeprefix(prefix), f["line"],
                                            f["masked"]))
    for f, p in wrong[:40]:
        print("  found on a plant of another kind: %s %s:%d %s (%s)" %
              (f["rule"], p["file"], f["line"], f["masked"], p["category"]))
    for p in missed[:40]:
        print("  missed: %s %s:%d (%s)" % (p["rule"], p["file"], p["first"], p["category"]))


if __name__ == "__main__":
    if sys.argv[1:2] == ["plant"] and len(sys.argv) == 8:
        cmd_plant(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6]),
                  sys.argv[7])
    elif sys.argv[1:2] == ["score"] and len(sys.argv) == 5:
        cmd_score(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
