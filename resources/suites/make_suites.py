#!/usr/bin/env python3
"""Generates hemu's bundled benchmark suites (resources/suites/): form-filling tasks over the
form lab (Qt 6), yad --form (GTK 3) and tk-brief (Tk 8.6), each with the checker that tells
whether the application ended up holding exactly the task's values.

  python3 resources/suites/make_suites.py [--seed N] [--out DIR]

Python 3 standard library only. Every random choice comes from random.Random(f"{seed}:{suite}:
{task}"), so the same seed gives byte-identical files, and adding a task does not change the
others. The output is committed: the suites work from a clean clone without running this.

What a task is made of:
- a form (form lab: a spec written here; yad: its command line; tk-brief: a starting
  configuration) from one of the templates below, which describe realistic office forms
  (customer records, orders, registrations, claims, letters);
- one record of consistent made-up data (a person with a matching email, an address with a
  postcode of that country's format, dates as yyyy-mm-dd, amounts, choices);
- the steps a person would do, in the order they meet the fields (page by page, top to bottom),
  naming controls by the caption they see; which optional fields a task touches, and whether a
  check box must be turned on, off, or is already right, is drawn per task;
- the exact values the application must report afterwards, untouched defaults included.

Output (see README.md for the format): SUITE/suite.json, SUITE/TASK/{task.json, bench.json} plus
form.json (form lab), tk-brief.conf + expected.json (tk-brief); SUMMARY.md lists every task.
Only the three suite folders and SUMMARY.md are rewritten.
"""

import argparse
import json
import os
import random
import shutil
import unicodedata

DEFAULT_SEED = 20250314
HERE = os.path.dirname(os.path.abspath(__file__))
SCREEN = [1024, 768]

# --------------------------------------------------------------------------- data pools
# Printable ASCII and Latin-1 only: what hemu can type and its recognizer reads.

FIRST = ["Anna", "Lukas", "Sofia", "Mateo", "Emma", "Noah", "Chloé", "Jonas", "Léa", "Finn",
         "Marta", "Pablo", "Ingrid", "Omar", "Yuki", "Priya", "Tomás", "Elif", "Sven", "Aisha",
         "Jakob", "Nora", "Rafael", "Hannah", "Luca", "Maja", "Daniel", "Fatima", "Oliver",
         "Clara", "Mehmet", "Julia", "Andrés", "Freya", "Karim", "Zoe", "Björn", "Amélie",
         "Viktor", "Leonie", "Grace", "Samuel", "Irene", "Hugo", "Astrid", "Felix"]
LAST = ["Müller", "Schmidt", "García", "Rossi", "Dubois", "Jensen", "Novak", "Kowalski",
        "Silva", "Andersson", "Fischer", "Martin", "Costa", "Weber", "Nieminen", "O'Brien",
        "van Dijk", "Bauer", "Hoffmann", "Lefèvre", "Moreau", "Ferreira", "Nielsen", "Yilmaz",
        "Petersen", "Schneider", "Romano", "Haas", "Keller", "Lund", "Brennan", "Fontaine",
        "Vogel", "Sánchez", "Horvat", "Eriksson", "Kaya", "Meyer", "Ward", "Lindqvist",
        "Thompson", "Becker", "Marchetti", "Okafor"]

# country -> (cities, street names, street number first?, postcode pattern, phone prefix)
# postcode pattern: 9 = digit, A = capital letter, anything else literal
PLACES = {
    "Germany": (["Berlin", "Hamburg", "München", "Köln", "Leipzig", "Frankfurt am Main"],
                ["Hauptstraße", "Bahnhofstraße", "Lindenallee", "Schillerstraße", "Am Markt",
                 "Gartenweg"], False, "99999", "+49"),
    "Austria": (["Wien", "Graz", "Linz", "Salzburg"],
                ["Mariahilfer Straße", "Landstraßer Hauptstraße", "Kirchengasse"], False,
                "9999", "+43"),
    "Switzerland": (["Zürich", "Basel", "Bern", "Luzern"],
                    ["Bahnhofstrasse", "Seestrasse", "Rue du Rhône"], False, "9999", "+41"),
    "France": (["Paris", "Lyon", "Nantes", "Bordeaux", "Lille"],
               ["Rue de la République", "Avenue Victor Hugo", "Rue des Lilas",
                "Boulevard Voltaire"], True, "99999", "+33"),
    "Italy": (["Milano", "Torino", "Bologna", "Firenze"],
              ["Via Roma", "Corso Venezia", "Via Garibaldi"], False, "99999", "+39"),
    "Spain": (["Madrid", "Valencia", "Sevilla", "Bilbao"],
              ["Calle Mayor", "Avenida de la Constitución", "Calle del Prado"], False, "99999",
              "+34"),
    "Netherlands": (["Amsterdam", "Utrecht", "Rotterdam", "Groningen"],
                    ["Keizersgracht", "Oudegracht", "Stationsweg"], False, "9999 AA", "+31"),
    "Sweden": (["Göteborg", "Malmö", "Uppsala", "Stockholm"],
               ["Storgatan", "Kungsgatan", "Drottninggatan"], False, "999 99", "+46"),
    "Denmark": (["Aarhus", "Odense", "København"],
                ["Vestergade", "Nørregade", "Strandvejen"], False, "9999", "+45"),
    "United Kingdom": (["Manchester", "Bristol", "Leeds", "Edinburgh"],
                       ["High Street", "Station Road", "Church Lane", "Victoria Road"], True,
                       "A9 9AA", "+44"),
    "Ireland": (["Dublin", "Cork", "Galway"],
                ["Main Street", "Patrick Street", "Harbour Road"], True, "A99 A9A9", "+353"),
    "United States": (["Boston", "Denver", "Portland", "Austin"],
                      ["Maple Avenue", "Oak Street", "Washington Street", "Park Avenue"], True,
                      "99999", "+1"),
}
COUNTRIES = sorted(PLACES)

COMPANIES = ["Nordwind Logistik GmbH", "Bellini e Figli S.r.l.", "Alpenblick Hotels AG",
             "Kestrel Analytics Ltd", "Soleil Textiles SARL", "Vasquez Construcciones SL",
             "Harbor Point Marine Inc.", "Lindgren Design AB", "Meridian Health Partners",
             "Oakridge Software LLC", "Bergmann Maschinenbau KG", "Atlantic Seafood Traders",
             "Greenleaf Organics BV", "Polar Star Shipping", "Quadrant Legal LLP",
             "Rheinland Energie AG", "Solstice Travel", "Uppsala Biotech AB",
             "Vértice Consultores", "Hanse Kontor GmbH", "Brightwater Foods Ltd",
             "Copperfield Print Co."]
JOB_TITLES = ["Accountant", "Sales Manager", "Data Analyst", "Office Manager",
              "Software Engineer", "Purchasing Agent", "HR Specialist", "Project Manager",
              "Logistics Coordinator", "Marketing Lead", "Controller", "Customer Success Manager"]
DEPARTMENTS = ["Finance", "Sales", "Marketing", "Engineering", "Human Resources", "Logistics",
               "Customer Service", "Purchasing", "Legal"]
PRODUCTS = ["Ergonomic office chair", "27-inch monitor", "USB-C docking station",
            "Standing desk", "Wireless headset", "Laser printer", "Label printer",
            "Network switch 24-port", "Conference speakerphone", "Document scanner"]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com"]


def fold(s):
    """ASCII letters of a name, for email addresses and ids ("Lefèvre" -> "lefevre")."""
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if c.isascii() and (c.isalnum() or c in ".-")).lower()


def to_ascii(s):
    """German-style transliteration, then accents dropped ("Grüße" -> "Gruesse")."""
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue"),
                 ("ß", "ss")):
        s = s.replace(a, b)
    return "".join(c for c in unicodedata.normalize("NFKD", s) if c.isascii())


def digits(rng, n):
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def pattern(rng, p):
    return "".join(str(rng.randint(0, 9)) if c == "9" else
                   rng.choice("ABCDEFGHJKLMNPRSTWXY") if c == "A" else c for c in p)


def date(rng, y0=2024, y1=2026):
    return f"{rng.randint(y0, y1)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def money(rng, lo, hi):
    """An amount with at most two decimals, never ending in 0 after the point (typed as shown,
    printed by the form lab as the same number): 149, 18.5, 1249.95."""
    v = rng.randint(lo * 100, hi * 100)
    kind = rng.random()
    if kind < 0.4:
        return v // 100
    if kind < 0.6:
        v = v // 10 * 10 + rng.choice([10, 50, 90]) % 100
        if v % 100 == 0:
            v += 50
    if v % 100 == 0:
        v += 5
    if v % 10 == 0:
        return round(v / 100, 1)
    return round(v / 100, 2)


def num_text(v):
    if isinstance(v, int):
        return str(v)
    return f"{v:.2f}".rstrip("0")


class Person:
    def __init__(self, rng, country=None):
        self.first = rng.choice(FIRST)
        self.last = rng.choice(LAST)
        self.name = f"{self.first} {self.last}"
        self.email = f"{fold(self.first)}.{fold(self.last)}@{rng.choice(DOMAINS)}"
        self.country = country or rng.choice(COUNTRIES)
        cities, streets, number_first, pc, cc = PLACES[self.country]
        self.city = rng.choice(cities)
        n = rng.randint(1, 180)
        st = rng.choice(streets)
        self.street = f"{n} {st}" if number_first else f"{st} {n}"
        self.postcode = pattern(rng, pc)
        self.phone = f"{cc} {rng.randint(20, 89)} {digits(rng, 4)} {digits(rng, 3)}"
        self.company = rng.choice(COMPANIES)
        self.job = rng.choice(JOB_TITLES)
        self.birth = date(rng, 1958, 2003)


# --------------------------------------------------------------------------- writing

def dump(path, obj):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(obj, indent=2, ensure_ascii=False) + "\n")


def dump_compact_items(path, spec):
    """A form spec with one item per line (readable diffs, like resources/forms/)."""
    def items_text(items, indent):
        pad = " " * indent
        return ("[\n" + ",\n".join(pad + "  " + json.dumps(it, ensure_ascii=False)
                                   for it in items) + "\n" + pad + "]")

    out = ["{"]
    keys = [k for k in spec if k not in ("items", "pages")]
    parts = [f'  {json.dumps(k)}: {json.dumps(spec[k], ensure_ascii=False)}' for k in keys]
    if "items" in spec:
        parts.append('  "items": ' + items_text(spec["items"], 2))
    else:
        pages = []
        for p in spec["pages"]:
            head = ", ".join(f'{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}'
                             for k, v in p.items() if k != "items")
            pages.append("    {" + head + ',\n     "items": ' + items_text(p["items"], 5) + "}")
        parts.append('  "pages": [\n' + ",\n".join(pages) + "\n  ]")
    out.append(",\n".join(parts))
    out.append("}")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")


def timeout_for(steps):
    """Generous: about 10 s a step for a model-driven agent on a CPU, at least a minute."""
    return max(60, 30 + 10 * len(steps))


# --------------------------------------------------------------------------- form lab
#
# A template returns the form (spec) and, per field, the value the task's record gives it.
# Field tuples: (item, value, use) where `use` is the probability that the task sets the
# field (required fields are always set). `value` is the wanted value: str (text, password,
# date), int/float (number), an option (dropdown, radio), bool (checkbox).

def T(id, label, value, use=0.8, **kw):
    return ({"type": "text", "id": id, "label": label, **kw}, value, use)


def PW(id, label, value, use=1.0, **kw):
    return ({"type": "password", "id": id, "label": label, **kw}, value, use)


def N(id, label, value, use=0.8, **kw):
    return ({"type": "number", "id": id, "label": label, **kw}, value, use)


def D(id, label, value, use=0.8, **kw):
    return ({"type": "date", "id": id, "label": label, **kw}, value, use)


def DD(id, label, options, value, use=0.8, **kw):
    assert value in options, (id, value)
    return ({"type": "dropdown", "id": id, "label": label, "options": options, **kw}, value, use)


def R(id, label, options, value, use=0.8, **kw):
    assert value in options, (id, value)
    return ({"type": "radio", "id": id, "label": label, "options": options, **kw}, value, use)


def C(id, label, value, use=0.8, **kw):
    return ({"type": "checkbox", "id": id, "label": label, **kw}, value, use)


def L(text):
    return ({"type": "label", "text": text}, None, 0)


def B(text, id, action="none"):
    item = {"type": "button", "id": id, "text": text}
    if action != "none":
        item["action"] = action
    return (item, None, 0)


def customer_record(rng):
    p = Person(rng)
    return {
        "title": "New customer", "heading": "New customer",
        "description": f"Create the customer record of {p.name} ({p.city})",
        "fields": [
            T("first_name", "First name", p.first, required=True),
            T("last_name", "Last name", p.last, required=True),
            T("company", "Company", p.company, 0.6),
            T("email", "Email", p.email, required=True, placeholder="name@example.com"),
            T("phone", "Phone", p.phone, 0.7),
            T("street", "Street", p.street, 0.9),
            T("postcode", "Postcode", p.postcode, 0.9),
            T("city", "City", p.city, 0.9),
            DD("country", "Country", COUNTRIES, p.country, required=True,
               placeholder="Choose a country"),
            R("customer_type", "Customer type", ["Private", "Business"],
              rng.choice(["Private", "Business"]), 0.7),
            C("newsletter", "Send the monthly newsletter", rng.random() < 0.5, 0.6),
            B("Cancel", "cancel"), B("Save customer", "save", "submit"),
        ]}


def sales_order(rng):
    p = Person(rng)
    qty = rng.choice([1, 2, 3, 4, 5, 10, 12, 20, 25, 50])
    prod = rng.choice(PRODUCTS)
    return {
        "title": "Sales order", "heading": "Sales order",
        "description": f"Enter a sales order: {qty} x {prod} for customer {p.company}",
        "fields": [
            T("order_no", "Order number", None, 0, default=f"SO-2025-{digits(rng, 4)}"),
            T("customer_no", "Customer number", f"C-{digits(rng, 6)}", required=True),
            T("customer_name", "Customer name", p.company, 0.8),
            DD("product", "Product", PRODUCTS, prod, required=True,
               placeholder="Select a product"),
            N("quantity", "Quantity", qty, 1.0, default=1, required=True),
            N("unit_price", "Unit price", money(rng, 20, 900), 0.8),
            N("discount", "Discount (%)", rng.choice([2, 3, 5, 7.5, 10, 12.5, 15]), 0.5),
            D("delivery_date", "Delivery date", date(rng, 2025, 2026), required=True),
            DD("shipping", "Shipping", ["Standard", "Express", "Pick-up"],
               rng.choice(["Express", "Pick-up", "Standard"]), 0.6),
            C("gift_wrap", "Gift wrap", rng.random() < 0.3, 0.4),
            C("invoice_email", "Send the invoice by email", rng.random() < 0.5, 0.6,
              default=True),
            T("notes", "Notes", rng.choice(["Deliver to the loading dock",
                                             "Call before delivery", "Partial delivery OK",
                                             "Use the customer's courier account"]), 0.4),
        ]}


def event_registration(rng):
    p = Person(rng)
    return {
        "title": "Registration", "heading": "Analytics Summit 2025: registration",
        "description": f"Register {p.name} of {p.company} for the Analytics Summit",
        "fields": [
            L("Fields marked * are required."),
            T("full_name", "Full name", p.name, required=True),
            T("email", "Work email", p.email, required=True),
            T("organisation", "Organisation", p.company, 0.8),
            T("job_title", "Job title", p.job, 0.6),
            R("ticket", "Ticket", ["Standard ticket", "Student ticket", "Speaker pass"],
              rng.choice(["Standard ticket", "Student ticket", "Speaker pass"]),
              required=True),
            DD("diet", "Dietary requirements",
               ["None", "Vegetarian", "Vegan", "Gluten-free", "Halal", "Kosher"],
               rng.choice(["Vegetarian", "Vegan", "Gluten-free", "Halal", "Kosher"]), 0.6),
            D("arrival", "Arrival date", f"2025-09-{rng.randint(14, 16):02d}", 0.6),
            C("workshop", "Attend the morning workshop", rng.random() < 0.6, 0.7),
            C("dinner", "Join the conference dinner", rng.random() < 0.6, 0.7),
            C("sponsors", "Share my details with sponsors", rng.random() < 0.3, 0.5),
            B("Register", "register", "submit"),
        ]}


def expense_claim(rng):
    p = Person(rng)
    cat = rng.choice(["Travel", "Accommodation", "Meals", "Office supplies", "Training",
                      "Software"])
    return {
        "title": "Expense claim", "heading": "Expense claim",
        "description": f"File {p.name}'s expense claim for {cat.lower()}",
        "fields": [
            T("employee_id", "Employee ID", f"E{digits(rng, 5)}", required=True),
            T("employee_name", "Employee name", p.name, 0.7),
            D("expense_date", "Date of expense", date(rng, 2025, 2025), required=True),
            DD("category", "Category", ["Travel", "Accommodation", "Meals", "Office supplies",
                                        "Training", "Software"], cat, required=True,
               placeholder="Choose a category"),
            N("amount", "Amount", money(rng, 8, 1800), required=True),
            DD("currency", "Currency", ["EUR", "USD", "GBP", "CHF", "SEK"],
               rng.choice(["USD", "GBP", "CHF", "SEK", "EUR"]), 0.6),
            T("cost_center", "Cost center", f"CC-{rng.randint(100, 899)}", 0.7),
            T("description", "Description",
              rng.choice(["Train to the client workshop", "Hotel, two nights",
                          "Team lunch with the auditors", "Toner and paper",
                          "Online course licence", "Taxi from the airport"]), required=True),
            C("receipt", "Receipt attached", rng.random() < 0.8, 0.8),
            C("billable", "Billable to the client", rng.random() < 0.4, 0.6),
        ]}


def address_change(rng):
    p = Person(rng)
    return {
        "title": "Change of address", "heading": "Change of address",
        "description": f"Record the new address of customer {p.name}",
        "fields": [
            T("customer_no", "Customer number", f"C-{digits(rng, 6)}", required=True),
            T("customer_name", "Customer name", p.name, 0.6),
            D("effective", "Effective from", date(rng, 2025, 2026), required=True),
            T("street", "New street", p.street, required=True),
            T("postcode", "New postcode", p.postcode, required=True),
            T("city", "New city", p.city, required=True),
            DD("country", "New country", COUNTRIES, p.country, 0.9, default="Germany"),
            C("billing", "Also use as billing address", rng.random() < 0.7, 0.6, default=True),
            C("notify", "Send a confirmation letter", rng.random() < 0.5, 0.6),
        ]}


def support_ticket(rng):
    p = Person(rng)
    prod = rng.choice(["Invoicing", "Payroll", "CRM", "Warehouse", "Reporting"])
    return {
        "title": "Support ticket", "heading": "Open a support ticket",
        "description": f"Open a support ticket for {p.name} about {prod}",
        "fields": [
            T("name", "Your name", p.name, required=True),
            T("email", "Email address", p.email, required=True),
            DD("product", "Product", ["Invoicing", "Payroll", "CRM", "Warehouse", "Reporting"],
               prod, required=True, placeholder="Which product?"),
            T("reference", "Order or invoice number", f"INV-{digits(rng, 6)}", 0.5),
            R("priority", "Priority", ["Low", "Normal", "High", "Urgent"],
              rng.choice(["Low", "High", "Urgent"]), 0.7, default="Normal"),
            T("subject", "Subject", rng.choice([
                "Export to CSV fails", "Wrong VAT on invoice", "Cannot log in since update",
                "Report shows last month's totals", "Duplicate customer records",
                "Stock count does not match"]), required=True),
            T("details", "Details", rng.choice([
                "Happens every time since Monday", "Only for customers in Austria",
                "Error code 0x3F on save", "Started after the last update"]), 0.7),
            C("copy", "Send me a copy", rng.random() < 0.5, 0.5, default=True),
            B("Submit ticket", "submit_ticket", "submit"),
        ]}


def hotel_booking(rng):
    p = Person(rng)
    y, m, d = 2025, rng.randint(3, 11), rng.randint(1, 20)
    nights = rng.randint(1, 6)
    room = rng.choice(["Single", "Double", "Twin", "Suite"])
    return {
        "title": "Hotel booking", "heading": "Hotel booking",
        "description": f"Book a {'suite' if room == 'Suite' else room.lower() + ' room'} "
                       f"for {p.name}, {nights} nights",
        "fields": [
            T("guest", "Guest name", p.name, required=True),
            T("email", "Email", p.email, required=True),
            D("arrival", "Arrival", f"{y}-{m:02d}-{d:02d}", required=True),
            D("departure", "Departure", f"{y}-{m:02d}-{d + nights:02d}", required=True),
            DD("room", "Room type", ["Single", "Double", "Twin", "Suite"], room, 1.0),
            N("guests", "Guests", 1 if room == "Single" else rng.randint(1, 3), 0.7,
              default=1),
            C("breakfast", "Breakfast included", rng.random() < 0.7, 0.8),
            C("parking", "Parking space", rng.random() < 0.4, 0.6),
            C("late", "Late check-in (after 22:00)", rng.random() < 0.3, 0.5),
            T("requests", "Special requests", rng.choice([
                "Quiet room, please", "Ground floor", "Extra pillows", "Baby cot"]), 0.4),
            B("Book", "book", "submit"),
        ]}


def employee_onboarding(rng):
    p = Person(rng)
    return {
        "title": "Employee onboarding", "back": True,
        "description": f"Onboard the new employee {p.name} ({p.job})",
        "pages": [
            ("Step 1 of 3: Personal details", [
                T("first_name", "First name", p.first, required=True),
                T("last_name", "Last name", p.last, required=True),
                D("birth_date", "Date of birth", p.birth, 0.7),
                T("private_email", "Private email", p.email, 0.7),
                T("phone", "Mobile phone", p.phone, 0.5),
            ]),
            ("Step 2 of 3: Position", [
                T("job_title", "Job title", p.job, required=True),
                DD("department", "Department", DEPARTMENTS, rng.choice(DEPARTMENTS),
                   required=True, placeholder="Select"),
                D("start_date", "Start date", date(rng, 2025, 2026), required=True),
                T("manager", "Line manager", Person(rng).name, 0.6),
                R("employment", "Employment", ["Full-time", "Part-time", "Contractor"],
                  rng.choice(["Full-time", "Part-time", "Contractor"]), 0.8),
            ]),
            ("Step 3 of 3: Equipment", [
                DD("laptop", "Laptop", ["Standard laptop", "Developer laptop", "No laptop"],
                   rng.choice(["Developer laptop", "No laptop"]), 0.7),
                C("phone_needed", "Company phone", rng.random() < 0.5, 0.7),
                C("badge", "Access badge", rng.random() < 0.8, 0.5, default=True),
                C("parking", "Parking permit", rng.random() < 0.3, 0.5),
            ]),
        ]}


def insurance_claim(rng):
    p = Person(rng)
    w = Person(rng, p.country)
    kind = rng.choice(["Water damage", "Theft", "Fire", "Storm damage", "Vehicle accident"])
    police = kind in ("Theft", "Vehicle accident") or rng.random() < 0.2
    return {
        "title": "Insurance claim", "heading": "Report a claim",
        "description": f"Report {p.name}'s {kind.lower()} claim",
        "fields": [
            L("Please describe the incident as precisely as possible."),
            T("policy_no", "Policy number", f"POL-{digits(rng, 8)}", required=True),
            T("name", "Policy holder", p.name, required=True),
            T("email", "Email", p.email, 0.6),
            T("phone", "Phone", p.phone, 0.6),
            D("incident_date", "Date of incident", date(rng, 2025, 2025), required=True),
            T("incident_time", "Time of incident", f"{rng.randint(6, 22):02d}:"
                                                   f"{rng.choice([0, 15, 30, 45]):02d}", 0.4),
            T("street", "Street", p.street, 0.7),
            T("postcode", "Postcode", p.postcode, 0.5),
            T("city", "City", p.city, 0.7),
            DD("country", "Country", COUNTRIES, p.country, 0.5, default="Germany"),
            DD("claim_type", "Type of claim", ["Water damage", "Theft", "Fire", "Storm damage",
                                              "Vehicle accident", "Other"], kind,
               required=True, placeholder="Select"),
            N("estimate", "Estimated damage", money(rng, 150, 25000), required=True),
            C("police", "Reported to the police", police, 0.9),
            T("police_ref", "Police reference", f"{rng.randint(100, 999)}/{digits(rng, 5)}",
              0.9 if police else 0),
            T("witness", "Witness name", w.name, 0.4),
            T("witness_phone", "Witness phone", w.phone, 0.3),
            T("description", "What happened", rng.choice([
                "Burst pipe in the kitchen", "Bicycle stolen from the courtyard",
                "Hail damaged the roof", "Rear-ended at a traffic light",
                "Short circuit in the garage"]), required=True),
            R("payout", "Payout", ["Bank transfer", "Cheque"], "Bank transfer", 0.5,
              default="Bank transfer"),
            T("iban", "IBAN", f"DE{digits(rng, 2)} {digits(rng, 4)} {digits(rng, 4)} "
                              f"{digits(rng, 4)} {digits(rng, 4)} {digits(rng, 2)}", 0.6),
            C("declaration", "I confirm the information is correct", True, required=True),
            B("Send claim", "send", "submit"),
        ]}


def loan_application(rng):
    p = Person(rng)
    purpose = rng.choice(["Car", "Home improvement", "Education", "Debt consolidation",
                          "Other"])
    return {
        "title": "Loan application", "submit_text": "Apply", "next_text": "Continue",
        "description": f"Enter {p.name}'s loan application ({purpose.lower()})",
        "pages": [
            ("Loan", [
                N("amount", "Loan amount", rng.choice([5000, 7500, 12000, 15000, 20000, 25000,
                                                       32000]), required=True),
                DD("term", "Term", ["12 months", "24 months", "36 months", "48 months",
                                    "60 months", "84 months"],
                   rng.choice(["24 months", "48 months", "60 months", "84 months"]),
                   required=True, placeholder="Select a term"),
                DD("purpose", "Purpose", ["Car", "Home improvement", "Education",
                                          "Debt consolidation", "Other"], purpose, 1.0),
            ]),
            ("Applicant", [
                T("first_name", "First name", p.first, required=True),
                T("last_name", "Last name", p.last, required=True),
                D("birth_date", "Date of birth", p.birth, required=True),
                T("email", "Email", p.email, required=True),
                R("housing", "Housing", ["Rent", "Own", "Living with family"],
                  rng.choice(["Rent", "Own", "Living with family"]), 0.8),
            ]),
            ("Income", [
                T("employer", "Employer", p.company, 0.8),
                N("income", "Monthly net income", rng.randint(18, 75) * 100, required=True),
                N("years", "Years with employer", rng.randint(0, 25), 0.6),
                C("consent", "I consent to a credit check", True, required=True),
            ]),
        ]}


def customer_survey(rng):
    p = Person(rng)
    return {
        "title": "Customer survey", "heading": "Customer survey",
        "description": f"Enter the paper survey returned by {p.name}",
        "fields": [
            L("Please answer every question. Fields marked * are required."),
            T("first_name", "First name", p.first, required=True),
            T("last_name", "Last name", p.last, required=True),
            T("email", "Email", p.email, required=True),
            T("phone", "Phone", p.phone, 0.3),
            T("city", "City", p.city, 0.5),
            T("company", "Company", p.company, 0.3),
            T("job_title", "Job title", p.job, 0.3),
            N("age", "Age", rng.randint(19, 78), 0.5),
            N("years_customer", "Years as a customer", rng.randint(1, 15), 0.6),
            D("last_visit", "Last visit", date(rng, 2024, 2025), 0.5, default="2024-06-01"),
            DD("store", "Store visited", ["Online shop", "City centre", "Airport",
                                          "Shopping mall"],
               rng.choice(["City centre", "Airport", "Shopping mall"]), 0.6),
            DD("satisfaction", "Satisfaction", ["Very satisfied", "Satisfied", "Neutral",
                                                "Unsatisfied", "Very unsatisfied"],
               rng.choice(["Very satisfied", "Satisfied", "Neutral", "Unsatisfied"]),
               required=True, placeholder="Select"),
            DD("channel", "How did you hear of us", ["Search engine", "Friend",
                                                     "Advertisement", "Other"],
               rng.choice(["Friend", "Advertisement", "Other"]), 0.5),
            R("recommend", "Would recommend", ["Yes", "No", "Maybe"],
              rng.choice(["Yes", "No", "Maybe"]), 0.8),
            N("rating_staff", "Staff rating (1-10)", rng.randint(4, 10), 0.5),
            N("rating_price", "Price rating (1-10)", rng.randint(3, 10), 0.5),
            T("favourite", "Favourite product", rng.choice(PRODUCTS), 0.4),
            T("missing", "What did you miss", rng.choice(["More colours", "Longer opening "
                                                         "hours", "Faster delivery"]), 0.3),
            C("newsletter", "Send me the newsletter", rng.random() < 0.5, 0.6),
            C("privacy", "I have read the privacy notice", True, required=True),
            T("comments", "Comments", rng.choice(["Friendly staff", "Parking was hard to "
                                                  "find", "Great service"]), 0.6,
              placeholder="anything else?"),
        ]}


def return_request(rng):
    p = Person(rng)
    return {
        "title": "Return request", "heading": "Return / RMA request",
        "description": f"Register a return for {p.name}",
        "fields": [
            T("order_no", "Order number", f"SO-2025-{digits(rng, 4)}", required=True),
            D("purchase_date", "Purchase date", date(rng, 2025, 2025), 0.6),
            DD("product", "Product", PRODUCTS, rng.choice(PRODUCTS), required=True,
               placeholder="Select the product"),
            T("serial", "Serial number", f"SN{digits(rng, 3)}-{pattern(rng, 'AA9999')}",
              required=True),
            DD("reason", "Reason", ["Defective", "Damaged in transit", "Wrong item",
                                    "No longer needed"],
               rng.choice(["Defective", "Damaged in transit", "Wrong item",
                           "No longer needed"]), required=True, placeholder="Select"),
            R("condition", "Condition", ["Unopened", "Opened", "Damaged"],
              rng.choice(["Unopened", "Opened", "Damaged"]), 0.8),
            DD("resolution", "Resolution", ["Refund", "Replacement", "Repair"],
               rng.choice(["Replacement", "Repair", "Refund"]), 0.7),
            T("contact", "Contact email", p.email, 0.6),
            C("pickup", "Collect from my address", rng.random() < 0.5, 0.6),
            B("Create return", "create", "submit"),
        ]}


def job_application(rng):
    p = Person(rng)
    pos = rng.choice(["Data Analyst", "Accountant", "Sales Manager", "Software Engineer",
                      "Office Manager"])
    return {
        "title": "Job application", "heading": "Apply for a position",
        "description": f"Enter {p.name}'s application as {pos}",
        "fields": [
            T("first_name", "First name", p.first, required=True),
            T("last_name", "Last name", p.last, required=True),
            T("email", "Email", p.email, required=True),
            T("phone", "Phone", p.phone, 0.6),
            T("street", "Street", p.street, 0.5),
            T("postcode", "Postcode", p.postcode, 0.4),
            T("city", "City", p.city, 0.6),
            DD("position", "Position", ["Data Analyst", "Accountant", "Sales Manager",
                                        "Software Engineer", "Office Manager"], pos,
               required=True, placeholder="Choose a position"),
            D("available", "Available from", date(rng, 2025, 2026), 0.7),
            N("salary", "Salary expectation (per year)", rng.randint(38, 95) * 1000, 0.6),
            N("experience", "Years of experience", rng.randint(0, 20), 0.7),
            DD("notice", "Notice period", ["None", "1 month", "3 months", "6 months"],
               rng.choice(["1 month", "3 months", "6 months"]), 0.6),
            T("profile", "Profile URL", f"https://profiles.example.com/{fold(p.first)}"
                                        f"-{fold(p.last)}", 0.4),
            C("relocate", "Willing to relocate", rng.random() < 0.4, 0.6),
            C("consent", "Keep my application for future openings", rng.random() < 0.6, 0.6),
            B("Send application", "send", "submit"),
        ]}


def membership_renewal(rng):
    p = Person(rng)
    return {
        "title": "Membership renewal", "heading": "Renew membership",
        "description": f"Renew the membership of {p.name}",
        "fields": [
            T("member_no", "Member number", f"M-{digits(rng, 5)}", required=True),
            T("name", "Name", p.name, 0.7),
            T("email", "Email", p.email, 0.6),
            DD("level", "Membership", ["Basic", "Plus", "Premium"],
               rng.choice(["Basic", "Plus", "Premium"]), 1.0, default="Basic"),
            R("billing", "Billing", ["Annual", "Monthly"], rng.choice(["Annual", "Monthly"]),
              0.8, default="Annual"),
            C("auto_renew", "Renew automatically", rng.random() < 0.5, 0.7, default=True),
            C("magazine", "Printed magazine", rng.random() < 0.4, 0.6),
            B("Renew", "renew", "submit"), B("Cancel", "cancel"),
        ]}


def fleet_vehicle(rng):
    make = rng.choice(["Volkswagen", "Toyota", "Renault", "Ford", "Skoda", "Volvo"])
    model = {"Volkswagen": "Passat Variant", "Toyota": "Corolla Touring", "Renault": "Kangoo",
             "Ford": "Transit Custom", "Skoda": "Octavia Combi", "Volvo": "V60"}[make]
    plate = f"{rng.choice(['B', 'HH', 'M', 'K', 'F', 'S'])}-{pattern(rng, 'AA')} " \
            f"{rng.randint(100, 9999)}"
    return {
        "title": "Fleet vehicle", "heading": "Add a vehicle to the fleet",
        "description": f"Add the {make} {model} {plate} to the fleet register",
        "fields": [
            T("plate", "Licence plate", plate, required=True),
            DD("make", "Make", ["Volkswagen", "Toyota", "Renault", "Ford", "Skoda", "Volvo"],
               make, required=True, placeholder="Select"),
            T("model", "Model", model, 0.9),
            N("year", "Year", rng.randint(2018, 2025), 0.8),
            N("mileage", "Mileage (km)", rng.randint(5, 180) * 1000 + rng.randint(0, 999), 0.7),
            R("fuel", "Fuel", ["Petrol", "Diesel", "Electric", "Hybrid"],
              rng.choice(["Petrol", "Diesel", "Electric", "Hybrid"]), 0.9),
            D("next_service", "Next service", date(rng, 2025, 2026), 0.7),
            T("driver", "Assigned driver", Person(rng).name, 0.6),
            C("pool", "Pool car", rng.random() < 0.4, 0.6),
        ]}


def shipment_booking(rng):
    s, r = Person(rng), Person(rng)
    return {
        "title": "Shipment booking", "back": True, "submit_text": "Book shipment",
        "description": f"Book a parcel from {s.company} to {r.name} in {r.city}",
        "pages": [
            ("Sender", [
                T("sender_company", "Sender company", s.company, required=True),
                T("sender_street", "Sender street", s.street, 0.8),
                T("sender_city", "Sender city", s.city, required=True),
                D("pickup_date", "Pickup date", date(rng, 2025, 2025), required=True),
            ]),
            ("Recipient", [
                T("recipient_name", "Recipient name", r.name, required=True),
                T("recipient_street", "Recipient street", r.street, required=True),
                T("recipient_postcode", "Recipient postcode", r.postcode, required=True),
                T("recipient_city", "Recipient city", r.city, required=True),
                DD("recipient_country", "Recipient country", COUNTRIES, r.country,
                   required=True, placeholder="Choose a country"),
            ]),
            ("Parcel", [
                N("weight", "Weight (kg)", rng.choice([0.5, 1.2, 2.5, 3.8, 7.5, 12.4, 18]),
                  required=True),
                DD("service", "Service", ["Economy", "Standard", "Express", "Overnight"],
                   rng.choice(["Economy", "Express", "Overnight"]), 0.8, default="Standard"),
                C("insured", "Insure the parcel", rng.random() < 0.5, 0.6),
                C("signature", "Signature on delivery", rng.random() < 0.5, 0.6),
            ]),
        ]}


def patient_intake(rng):
    p = Person(rng)
    c = Person(rng, p.country)
    return {
        "title": "Patient registration", "heading": "New patient registration",
        "description": f"Register the new patient {p.name}",
        "fields": [
            T("first_name", "First name", p.first, required=True),
            T("last_name", "Last name", p.last, required=True),
            D("birth_date", "Date of birth", p.birth, required=True),
            R("sex", "Sex", ["Female", "Male", "Diverse"],
              rng.choice(["Female", "Male", "Diverse"]), 0.7),
            T("street", "Street", p.street, 0.8),
            T("postcode", "Postcode", p.postcode, 0.7),
            T("city", "City", p.city, 0.8),
            T("phone", "Phone", p.phone, 0.7),
            T("email", "Email", p.email, 0.5),
            DD("insurance", "Insurance", ["Public", "Private", "Self-paying"],
               rng.choice(["Public", "Private", "Self-paying"]), required=True,
               placeholder="Select"),
            T("insurance_no", "Insurance number", pattern(rng, "A999999999"), 0.8),
            T("gp", "Family doctor", "Dr. " + Person(rng).last, 0.4),
            T("emergency_name", "Emergency contact", c.name, 0.7),
            T("emergency_phone", "Emergency phone", c.phone, 0.6),
            T("allergies", "Allergies", rng.choice(["None known", "Penicillin", "Pollen",
                                                    "Latex", "Nuts"]), 0.6),
            C("smoker", "Smoker", rng.random() < 0.25, 0.5),
            C("reminders", "Appointment reminders by text message", rng.random() < 0.6, 0.6),
            C("consent", "I agree to the data protection notice", True, required=True),
            B("Register patient", "register", "submit"),
        ]}


def supplier_invoice(rng):
    sup = rng.choice(COMPANIES[:10])
    d = date(rng, 2025, 2025)
    return {
        "title": "Supplier invoice", "heading": "Record a supplier invoice",
        "description": f"Record an invoice from {sup}",
        "fields": [
            DD("supplier", "Supplier", sorted(COMPANIES[:10]), sup, required=True,
               placeholder="Choose a supplier"),
            T("invoice_no", "Invoice number", f"{pattern(rng, 'AA')}-{digits(rng, 6)}",
              required=True),
            D("invoice_date", "Invoice date", d, required=True),
            D("due_date", "Due date", date(rng, 2025, 2026), 0.8),
            N("net", "Net amount", money(rng, 40, 12000), required=True),
            DD("vat", "VAT rate", ["0%", "7%", "19%", "20%", "21%"],
               rng.choice(["7%", "19%", "20%", "21%", "0%"]), 1.0, default="19%"),
            T("cost_center", "Cost center", f"CC-{rng.randint(100, 899)}", 0.8),
            T("po", "Purchase order", f"PO-2025-{digits(rng, 4)}", 0.6),
            C("approved", "Approved for payment", rng.random() < 0.6, 0.8),
            C("disputed", "Disputed", rng.random() < 0.15, 0.4),
            B("Post invoice", "post", "submit"),
        ]}


def purchase_request(rng):
    p = Person(rng)
    item = rng.choice(PRODUCTS)
    return {
        "title": "Purchase request", "heading": "Purchase request",
        "description": f"Request {item.lower()} for {p.name}",
        "fields": [
            T("requester", "Requested by", p.name, required=True),
            DD("department", "Department", DEPARTMENTS, rng.choice(DEPARTMENTS),
               required=True, placeholder="Select a department"),
            T("item", "Item", item, required=True),
            N("quantity", "Quantity", rng.choice([1, 2, 3, 4, 6, 8, 10]), 1.0, default=1),
            N("price", "Estimated unit price", money(rng, 15, 1500), 0.8),
            T("supplier", "Preferred supplier", rng.choice(COMPANIES), 0.5),
            D("needed_by", "Needed by", date(rng, 2025, 2026), 0.7),
            T("budget", "Budget code", f"BU-{pattern(rng, 'AA')}-{digits(rng, 3)}", 0.6),
            C("urgent", "Urgent", rng.random() < 0.3, 0.5),
            B("Submit request", "submit_request", "submit"),
        ]}


def crm_lead(rng):
    p = Person(rng)
    return {
        "title": "New lead", "heading": "New lead",
        "description": f"Add {p.name} of {p.company} as a sales lead",
        "fields": [
            T("first_name", "First name", p.first, required=True),
            T("last_name", "Last name", p.last, required=True),
            T("company", "Company", p.company, required=True),
            T("job_title", "Job title", p.job, 0.6),
            T("email", "Email", p.email, 0.8),
            T("phone", "Phone", p.phone, 0.6),
            T("website", "Website", "www." + fold(p.company.split()[0]) + ".example", 0.4),
            T("city", "City", p.city, 0.6),
            DD("country", "Country", COUNTRIES, p.country, 0.6, placeholder="Choose a country"),
            DD("source", "Lead source", ["Website", "Trade fair", "Referral", "Cold call",
                                         "Partner"],
               rng.choice(["Trade fair", "Referral", "Cold call", "Partner"]), 0.8,
               placeholder="Select"),
            R("status", "Status", ["New", "Contacted", "Qualified"],
              rng.choice(["Contacted", "Qualified"]), 0.7, default="New"),
            N("value", "Estimated value", rng.randint(2, 250) * 500, 0.6),
            D("follow_up", "Follow-up date", date(rng, 2025, 2025), 0.6),
            C("hot", "Mark as hot lead", rng.random() < 0.4, 0.6),
            T("notes", "Notes", rng.choice(["Met at the booth on day two", "Wants a demo in Q3",
                                            "Budget approved", "Call after the holidays"]), 0.5),
            B("Save lead", "save", "submit"),
        ]}


def bank_account(rng):
    p = Person(rng)
    return {
        "title": "Open an account", "submit_text": "Open account", "back": True,
        "description": f"Open a business account for {p.company}",
        "pages": [
            ("Account type", [
                R("account", "Account", ["Business current account", "Savings account"],
                  rng.choice(["Business current account", "Savings account"]),
                  required=True),
                DD("currency", "Account currency", ["EUR", "USD", "GBP", "CHF"],
                   rng.choice(["EUR", "USD", "GBP", "CHF"]), 0.8),
                C("card", "Order a debit card", rng.random() < 0.7, 0.7, default=True),
            ]),
            ("Company", [
                T("company", "Company name", p.company, required=True),
                T("register_no", "Register number", f"HRB {rng.randint(10000, 99999)}",
                  required=True),
                T("vat_id", "VAT ID", f"DE{digits(rng, 9)}", 0.7),
                T("street", "Street", p.street, 0.8),
                T("city", "City", p.city, 0.8),
            ]),
            ("Online banking", [
                T("contact", "Authorised person", p.name, required=True),
                T("email", "Email", p.email, required=True),
                PW("password", "Password", "".join(rng.choice(
                    "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in
                    range(10)) + rng.choice("#%+-!"), required=True),
                C("paper", "Paper statements", rng.random() < 0.3, 0.5),
            ]),
        ]}


def training_enrolment(rng):
    p = Person(rng)
    course = rng.choice(["Excel for analysts", "SQL basics", "Presentation skills",
                         "Data protection", "Negotiation"])
    return {
        "title": "Training enrolment", "heading": "Enrol in a training course",
        "description": f"Enrol {p.name} in '{course}'",
        "fields": [
            T("employee_id", "Employee ID", f"E{digits(rng, 5)}", required=True),
            T("name", "Employee name", p.name, required=True),
            DD("course", "Course", ["Excel for analysts", "SQL basics", "Presentation skills",
                                    "Data protection", "Negotiation"], course, required=True,
               placeholder="Choose a course"),
            DD("session", "Session", ["2025-09-08", "2025-10-13", "2025-11-17", "2026-01-12"],
               rng.choice(["2025-10-13", "2025-11-17", "2026-01-12"]), 0.8),
            R("format", "Format", ["On-site", "Online"], rng.choice(["On-site", "Online"]),
              0.8, default="On-site"),
            T("cost_center", "Cost center", f"CC-{rng.randint(100, 899)}", 0.7),
            C("approval", "My manager has approved", True, required=True),
            C("certificate", "I need a certificate", rng.random() < 0.5, 0.5),
        ]}


def newsletter_prefs(rng):
    p = Person(rng)
    return {
        "title": "Newsletter preferences", "heading": "Newsletter preferences",
        "description": f"Update {p.name}'s newsletter preferences",
        "fields": [
            T("email", "Email address", p.email, required=True),
            DD("language", "Language", ["English", "Deutsch", "Français", "Español",
                                        "Italiano"],
               rng.choice(["Deutsch", "Français", "Español", "Italiano"]), 0.7),
            L("Topics"),
            C("product", "Product updates", rng.random() < 0.5, 0.9, default=True),
            C("events", "Event invitations", rng.random() < 0.5, 0.9),
            C("offers", "Special offers", rng.random() < 0.5, 0.9, default=True),
            C("digest", "Monthly digest", rng.random() < 0.5, 0.9),
            R("frequency", "Frequency", ["Weekly", "Every two weeks", "Monthly"],
              rng.choice(["Every two weeks", "Monthly"]), 0.8, default="Weekly"),
            B("Save preferences", "save", "submit"),
        ]}


# (task name, template, layout, style, scale[, pages]): `pages` splits a one-page template
# into that many wizard pages ("Step 1 of 2", ...), its submit button becoming the last
# page's Submit.
FORMLAB_TASKS = [
    ("customer-record", customer_record, "label-left", None, None),
    ("customer-record-2col", customer_record, "two-columns", "Windows", None),
    ("sales-order", sales_order, "two-columns", None, None),
    ("event-registration", event_registration, "label-above", None, None),
    ("expense-claim", expense_claim, "label-left", "Windows", None),
    ("address-change", address_change, "label-left", None, 1.25),
    ("support-ticket", support_ticket, "label-above", None, None),
    ("hotel-booking", hotel_booking, "two-columns", None, None),
    ("employee-onboarding", employee_onboarding, "label-left", None, None),
    ("insurance-claim", insurance_claim, "label-left", None, None),
    ("loan-application", loan_application, "label-left", "Windows", None),
    ("customer-survey", customer_survey, "label-left", None, None),
    ("return-request", return_request, "label-left", None, None),
    ("job-application", job_application, "label-above", None, None),
    ("membership-renewal", membership_renewal, "two-columns", "Windows", None),
    ("fleet-vehicle", fleet_vehicle, "label-left", None, None),
    ("shipment-booking", shipment_booking, "label-above", None, None),
    ("patient-registration", patient_intake, "label-above", None, None),
    ("supplier-invoice", supplier_invoice, "two-columns", None, None),
    ("purchase-request", purchase_request, "label-left", "Windows", 1.25),
    ("crm-lead", crm_lead, "label-above", None, None),
    ("bank-account", bank_account, "label-left", None, None),
    ("training-enrolment", training_enrolment, "label-left", None, None),
    ("newsletter-preferences", newsletter_prefs, "label-left", None, None),
    ("sales-order-2", sales_order, "label-left", None, None, 2),
    ("support-ticket-2", support_ticket, "label-left", "Windows", None, 2),
]


def expected_default(item):
    """What the form lab submits for a field nobody touched (resources/formlab/README.md)."""
    t = item["type"]
    if t in ("text", "password"):
        return item.get("default", "")
    if t == "number":
        return item.get("default")
    if t == "date":
        return item.get("default")
    if t == "dropdown":
        if "default" in item:
            return item["default"]
        return None if "placeholder" in item else item["options"][0]
    if t == "radio":
        return item.get("default")
    if t == "checkbox":
        return bool(item.get("default", False))
    raise ValueError(t)


def split_pages(form, n):
    """A one-page form as an n-page wizard with Back buttons."""
    items = [f for f in form["fields"] if f[0]["type"] != "button"]
    submit = [f[0]["text"] for f in form["fields"] if f[0].get("action") == "submit"]
    size = -(-len(items) // n)
    pages = [(f"{form['title']}: step {i + 1} of {n}", items[i * size:(i + 1) * size])
             for i in range(n)]
    out = {k: v for k, v in form.items() if k not in ("fields", "heading")}
    out.update(pages=pages, back=True)
    if submit:
        out["submit_text"] = submit[0]
    return out


def formlab_task(seed, name, template, layout, style, scale, split=None):
    rng = random.Random(f"{seed}:formlab:{name}")
    form = template(rng)
    if split:
        form = split_pages(form, split)
    paged = "pages" in form
    pages = form["pages"] if paged else [(None, form["fields"])]
    fields = [f for _, fs in pages for f in fs if f[0]["type"] not in ("label", "button")]

    # which fields the task sets: required ones always, the others by their `use`
    chosen = set()
    for item, value, use in fields:
        if item.get("required") or rng.random() < use:
            chosen.add(item["id"])
    optional = [f[0]["id"] for f in fields if f[0]["id"] in chosen and not f[0].get("required")]
    rng.shuffle(optional)
    while len(chosen) > 12 and optional:
        chosen.discard(optional.pop())
    spare = [f[0]["id"] for f in fields if f[0]["id"] not in chosen and f[2] > 0]
    rng.shuffle(spare)
    while len(chosen) < 3 and spare:
        chosen.add(spare.pop())
    assert 3 <= len(chosen) <= 12, (name, len(chosen))

    steps, values = [], {}
    spec_pages = []
    for pi, (ptitle, fs) in enumerate(pages):
        items = []
        for item, value, use in fs:
            items.append(item)
            if item["type"] in ("label", "button"):
                continue
            fid, t = item["id"], item["type"]
            if fid not in chosen:
                values[fid] = expected_default(item)
                continue
            target = item["label"]
            if t in ("text", "password", "date"):
                step = {"action": "fill", "target": target, "value": value}
                if t == "password":
                    step["secret"] = True
                steps.append(step)
                values[fid] = value
            elif t == "number":
                steps.append({"action": "fill", "target": target, "value": num_text(value)})
                values[fid] = value
            elif t == "dropdown":
                steps.append({"action": "select", "target": target, "value": value})
                values[fid] = value
            elif t == "radio":
                steps.append({"action": "click", "target": value})
                values[fid] = value
            elif t == "checkbox":
                steps.append({"action": "check", "target": target, "value": bool(value)})
                values[fid] = bool(value)
        spec_pages.append({"title": ptitle, "items": items} if paged else items)
        if paged:
            last = pi == len(pages) - 1
            steps.append({"action": "click", "target":
                          form.get("submit_text", "Submit") if last else
                          form.get("next_text", "Next")})
    if not paged:
        buttons = [it for it in spec_pages[0] if it["type"] == "button"
                   and it.get("action") == "submit"]
        steps.append({"action": "click", "target": buttons[0]["text"] if buttons else "Submit"})

    spec = {"title": form["title"], "layout": layout}
    if paged:
        for k in ("back", "next_text", "submit_text"):
            if k in form:
                spec[k] = form[k]
        spec["pages"] = spec_pages
    else:
        spec["heading"] = form["heading"]
        spec["items"] = spec_pages[0]

    task = {"name": f"formlab/{name}", "description": form["description"], "steps": steps}
    launch = ["${HEMU_BIN}/hemu-formlab", "${TASK_DIR}/form.json",
              "--geometry", "1024x768+0+0"]
    if style:
        launch += ["--style", style]
    if scale:
        launch += ["--scale", str(scale)]
    bench = {"task": "task.json", "launch": launch, "ready": "json-event:ready",
             "check": {"kind": "json-event", "event": "submit", "values": values},
             "timeout_s": timeout_for(steps)}
    kinds = [f[0]["type"] for f in fields if f[0]["id"] in chosen]
    summary = {"suite": "formlab", "task": name, "fields": len(chosen),
               "dropdowns": kinds.count("dropdown"), "checkboxes": kinds.count("checkbox"),
               "radios": kinds.count("radio"), "pages": len(pages), "layout": layout,
               "style": style or "Fusion", "scale": scale or 1.0, "steps": len(steps)}
    return spec, task, bench, summary


# --------------------------------------------------------------------------- yad
#
# yad --form prints the fields' values separated by "|" (with a trailing "|") when the dialog
# is closed with a button of exit code 0. Field types used: plain entries, CB (combo box), CHK
# (check box), NUM (spin button). Labels must not contain ':' (yad's type separator) and
# values no '!' or '|'.

def Y(label, kind, initial, wanted, use):
    """kind: '' entry, 'CB', 'CHK', 'NUM'. initial: the value on the command line (for CB the
    options with the preselected one marked by ^, for NUM 'value!min..max'). wanted: what the
    task sets (str, option, bool, int)."""
    return {"label": label, "kind": kind, "initial": initial, "wanted": wanted, "use": use}


def cb(options, selected):
    return "!".join(("^" if o == selected else "") + o for o in options)


def yad_new_contact(rng):
    p = Person(rng)
    return ("New contact", "Add a contact to the address book",
            f"Add {p.name} to the address book", [
                Y("Full name", "", "", p.name, 1),
                Y("Email", "", "", p.email, 1),
                Y("Phone", "", "", p.phone, 0.7),
                Y("Company", "", "", p.company, 0.6),
                Y("Country", "CB", cb(COUNTRIES, "Germany"), p.country, 1),
                Y("Add to newsletter", "CHK", "FALSE", rng.random() < 0.6, 0.7),
            ], ["Cancel", "OK"])


def yad_quick_order(rng):
    p = Person(rng)
    prods = PRODUCTS[:6]
    return ("Quick order", "Quick order entry",
            f"Enter a quick order for customer {p.company}", [
                Y("Customer number", "", "", f"C-{digits(rng, 6)}", 1),
                Y("Product", "CB", cb(prods, prods[0]), rng.choice(prods[1:]), 1),
                Y("Quantity", "NUM", "1!1..500", rng.choice([2, 3, 5, 10, 24, 40]), 1),
                Y("Express shipping", "CHK", "FALSE", rng.random() < 0.5, 0.7),
                Y("Gift wrap", "CHK", "FALSE", rng.random() < 0.3, 0.5),
                Y("Reference", "", "", f"PO-{digits(rng, 5)}", 0.6),
            ], ["Cancel", "Place order"])


def yad_timesheet(rng):
    p = Person(rng)
    projects = ["Internal", "Migration ERP", "Audit 2025", "Website relaunch", "Data warehouse"]
    return ("Timesheet", "Log working hours",
            f"Log {p.name}'s hours on a project", [
                Y("Employee ID", "", f"E{digits(rng, 5)}", None, 0),
                Y("Date", "", "", date(rng, 2025, 2025), 1),
                Y("Project", "CB", cb(projects, "Internal"), rng.choice(projects[1:]), 1),
                Y("Hours", "NUM", "8!1..12", rng.choice([2, 3, 4, 5, 6, 7, 9, 10]), 1),
                Y("Billable", "CHK", "TRUE", rng.random() < 0.6, 0.8),
                Y("Comment", "", "", rng.choice(["Workshop with client", "Data cleansing",
                                                 "Status meeting", "Testing"]), 0.7),
            ], ["Cancel", "Save"])


def yad_room_booking(rng):
    p = Person(rng)
    rooms = ["Berlin (4)", "Paris (8)", "Lisbon (12)", "Board room (20)"]
    return ("Room booking", "Book a meeting room",
            f"Book a meeting room for {p.name}", [
                Y("Organiser", "", "", p.name, 1),
                Y("Date", "", "", date(rng, 2025, 2025), 1),
                Y("Start time", "", "09:00", f"{rng.randint(8, 16):02d}:{rng.choice([0, 30]):02d}",
                  0.8),
                Y("Room", "CB", cb(rooms, rooms[0]), rng.choice(rooms[1:]), 1),
                Y("Attendees", "NUM", "2!1..20", rng.randint(3, 12), 0.8),
                Y("Projector", "CHK", "FALSE", rng.random() < 0.5, 0.7),
                Y("Catering", "CHK", "FALSE", rng.random() < 0.4, 0.6),
            ], ["Cancel", "Book"])


def yad_bug_report(rng):
    p = Person(rng)
    comps = ["Login", "Reports", "Invoices", "Export", "Settings"]
    sev = ["Low", "Medium", "High", "Critical"]
    return ("Bug report", "Report a problem",
            f"File {p.name}'s bug report", [
                Y("Reporter", "", "", p.name, 1),
                Y("Email", "", "", p.email, 0.8),
                Y("Component", "CB", cb(comps, comps[0]), rng.choice(comps[1:]), 1),
                Y("Severity", "CB", cb(sev, "Medium"), rng.choice(["Low", "High", "Critical"]),
                  0.8),
                Y("Summary", "", "", rng.choice([
                    "PDF export cuts off the last page", "Totals wrong after currency change",
                    "Session expires while typing", "Sorting by date ignores the year"]), 1),
                Y("Reproducible", "CHK", "TRUE", rng.random() < 0.6, 0.6),
            ], ["Cancel", "Send report"])


def yad_stock(rng):
    wh = ["Hamburg", "Leipzig", "Rotterdam", "Milano"]
    reasons = ["Stock count", "Damaged goods", "Returned goods", "Correction"]
    return ("Stock adjustment", "Adjust stock",
            "Record a stock adjustment", [
                Y("SKU", "", "", f"{pattern(rng, 'AA')}-{digits(rng, 5)}", 1),
                Y("Warehouse", "CB", cb(wh, wh[0]), rng.choice(wh[1:]), 1),
                Y("Quantity", "NUM", "0!0..1000", rng.randint(1, 400), 1),
                Y("Reason", "CB", cb(reasons, reasons[0]), rng.choice(reasons[1:]), 0.8),
                Y("Notify purchasing", "CHK", "FALSE", rng.random() < 0.5, 0.7),
            ], ["Cancel", "Apply"])


def yad_visitor(rng):
    p, h = Person(rng), Person(rng)
    badges = ["Visitor", "Contractor", "Delivery", "Interview"]
    return ("Visitor", "Register a visitor",
            f"Register the visitor {p.name}", [
                Y("Visitor name", "", "", p.name, 1),
                Y("Company", "", "", p.company, 0.8),
                Y("Host", "", "", h.name, 1),
                Y("Badge", "CB", cb(badges, badges[0]), rng.choice(badges), 0.8),
                Y("Escort required", "CHK", "TRUE", rng.random() < 0.5, 0.7),
                Y("NDA signed", "CHK", "FALSE", rng.random() < 0.6, 0.7),
            ], ["Cancel", "Register"])


def yad_email_change(rng):
    p = Person(rng)
    old = f"{fold(p.first)}{rng.randint(70, 99)}@{rng.choice(DOMAINS)}"
    return ("Change email", "Change a customer's email address",
            f"Change the email address of customer {p.name}", [
                Y("Customer number", "", "", f"C-{digits(rng, 6)}", 1),
                Y("Customer name", "", p.name, None, 0),
                Y("Old email", "", old, None, 0),
                Y("New email", "", "", p.email, 1),
                Y("Confirm by letter", "CHK", "FALSE", rng.random() < 0.5, 0.8),
            ], ["Cancel", "OK"])


def yad_vacation(rng):
    p = Person(rng)
    y, m, d = 2025, rng.randint(1, 11), rng.randint(1, 18)
    types = ["Annual leave", "Special leave", "Unpaid leave", "Overtime compensation"]
    return ("Leave request", "Request leave",
            f"Request leave for {p.name}", [
                Y("Employee", "", "", p.name, 1),
                Y("First day", "", "", f"{y}-{m:02d}-{d:02d}", 1),
                Y("Last day", "", "", f"{y}-{m:02d}-{d + rng.randint(0, 9):02d}", 1),
                Y("Type", "CB", cb(types, types[0]), rng.choice(types), 0.8),
                Y("Half day", "CHK", "FALSE", rng.random() < 0.3, 0.5),
                Y("Substitute", "", "", Person(rng).name, 0.7),
            ], ["Cancel", "Submit"])


def yad_feedback(rng):
    p = Person(rng)
    ratings = ["1 - poor", "2", "3", "4", "5 - excellent"]
    return ("Feedback", "Customer feedback call",
            f"Record the feedback call with {p.name}", [
                Y("Customer", "", "", p.name, 1),
                Y("Rating", "CB", cb(ratings, "3"), rng.choice(["1 - poor", "2", "4",
                                                                "5 - excellent"]), 1),
                Y("Would recommend", "CHK", "FALSE", rng.random() < 0.7, 0.8),
                Y("Call back", "CHK", "FALSE", rng.random() < 0.4, 0.6),
                Y("Comments", "", "", rng.choice(["Delivery was late", "Very helpful support",
                                                  "Invoice unclear", "Happy overall"]), 0.8),
            ], ["Cancel", "Save"])


# (name, template, placement: None = yad's default, "center", or (x, y); width)
YAD_TASKS = [
    ("new-contact", yad_new_contact, None, 460),
    ("quick-order", yad_quick_order, (40, 30), 420),
    ("timesheet", yad_timesheet, "center", 440),
    ("room-booking", yad_room_booking, (120, 80), 400),
    ("bug-report", yad_bug_report, None, 520),
    ("stock-adjustment", yad_stock, "center", 380),
    ("visitor", yad_visitor, (200, 40), 420),
    ("email-change", yad_email_change, None, 480),
    ("leave-request", yad_vacation, (60, 120), 400),
    ("feedback-call", yad_feedback, "center", 460),
]


def yad_task(seed, name, template, placement, width):
    rng = random.Random(f"{seed}:yad:{name}")
    title, header, description, fields, buttons = template(rng)
    chosen = [f for f in fields if f["use"] >= 1 or (f["use"] > 0 and rng.random() < f["use"])]
    if len(chosen) < 3:
        chosen += [f for f in fields if f not in chosen and f["use"] > 0][:3 - len(chosen)]
    argv = ["yad", "--form", f"--title={title}", f"--text={header}", "--separator=|"]
    if placement == "center":
        argv.append("--center")
    elif placement:
        argv += [f"--posx={placement[0]}", f"--posy={placement[1]}"]
    argv.append(f"--width={width}")
    for f in fields:
        assert ":" not in f["label"] and "|" not in f["label"]
        argv.append(f"--field={f['label']}" + (f":{f['kind']}" if f["kind"] else ""))
    for i, b in enumerate(buttons):
        # exit code 0 for the last (confirming) button, 1 for the others
        argv.append(f"--button={b}:{0 if i == len(buttons) - 1 else 1}")
    steps, out = [], []
    for f in fields:
        kind, touched = f["kind"], f in chosen
        if kind == "":
            v = f["wanted"] if touched else f["initial"]
            assert "|" not in v and "!" not in v
            if touched:
                steps.append({"action": "fill", "target": f["label"], "value": v})
            out.append(v)
        elif kind == "CB":
            opts = [o.lstrip("^") for o in f["initial"].split("!")]
            pre = next((o.lstrip("^") for o in f["initial"].split("!") if o.startswith("^")),
                       opts[0])
            v = f["wanted"] if touched else pre
            if touched:
                steps.append({"action": "select", "target": f["label"], "value": v})
            out.append(v)
        elif kind == "CHK":
            v = f["wanted"] if touched else f["initial"] == "TRUE"
            if touched:
                steps.append({"action": "check", "target": f["label"], "value": bool(v)})
            out.append("TRUE" if v else "FALSE")
        elif kind == "NUM":
            v = f["wanted"] if touched else int(f["initial"].split("!")[0])
            if touched:
                steps.append({"action": "fill", "target": f["label"], "value": str(v)})
            out.append(str(v))
    argv += [f["initial"] for f in fields]
    steps.append({"action": "click", "target": buttons[-1]})
    task = {"name": f"yad/{name}", "description": description, "steps": steps}
    bench = {"task": "task.json", "launch": argv,
             "env": {"GTK_THEME": "Adwaita", "XDG_CONFIG_HOME": "${SUITE_DIR}/xdg-config",
                     "GSETTINGS_BACKEND": "memory", "NO_AT_BRIDGE": "1", "LC_ALL": "C.UTF-8"},
             "ready": "screen",
             "check": {"kind": "stdout", "expected": "|".join(out) + "|\n"},
             "timeout_s": timeout_for(steps)}
    kinds = [f["kind"] for f in chosen]
    summary = {"suite": "yad", "task": name, "fields": len(chosen),
               "dropdowns": kinds.count("CB"), "checkboxes": kinds.count("CHK"), "radios": 0,
               "pages": 1, "layout": "yad form", "style": "Adwaita", "scale": 1.0,
               "steps": len(steps)}
    return task, bench, summary


GTK_SETTINGS = """[Settings]
gtk-theme-name=Adwaita
gtk-font-name=Cantarell 11
gtk-cursor-blink=false
gtk-enable-animations=false
"""

# yad writes its settings to $XDG_CONFIG_HOME/yad.conf when the file is missing (yad 0.40:
# only then). Shipping yad's own defaults keeps a run from writing into the repository.
YAD_CONF = """[General]
# Default dialog width
width=-1
# Default dialog height
height=-1
# Default timeout (0 for no timeout)
timeout=0
# Position of timeout indicator (top, bottom, left, right, none)
timeout_indicator=none
# Show remain seconds in timeout indicator
show_remain=false
# Combo-box in entry dialog is always editable
combo_always_editable=false
# Default terminal command (use %s for arguments placeholder)
terminal=xterm -e '%s'
# Default open command (use %s for arguments placeholder)
open_command=xdg-open '%s'
# Default date format (see strftime(3) for details)
date_format=%x
# Ignore unknown command-line options
ignore_unknown_options=true
# Maximum number of tabs in notebook
max_tab=100
"""

# --------------------------------------------------------------------------- tk-brief
#
# tk-brief keeps the letter's fields in global Tcl variables, read at start-up from
# ~/.tk-brief.conf ("name|  value" lines). The main window's fields and their variables
# (English captions; Deutsch in brackets):
TK_FIELDS = [  # (variable, English caption, Deutsch caption, kind)
    ("filename", "Filename", "Dateiname", "entry"),
    ("an", "To", "An", "entry"),
    ("name", "Name", "Name", "entry"),
    ("adresse", "Street", "Straße", "entry"),
    ("ort", "City", "Ort", "entry"),
    ("faxnummer", "Faxnumber", "Faxnummer", "entry"),
    ("Postvermerk(do_it)", "post message", "Postvermerk", "check"),
    ("Postvermerk(wert)", None, None, "entry"),
    ("Verteiler(do_it)", "Sender", "Verteiler", "check"),
    ("Verteiler(wert)", None, None, "entry"),
    ("Iz(do_it)", "Your S.", "Ihr Z.", "check"),
    ("Mein_Z(do_it)", "My S.", "Mein Z.", "check"),
    ("Ihr_S(do_it)", "Your letter from", "Ihr Schreiben vom", "check"),
    ("Betreff(wert)", "Concerning", "Betreff", "entry"),
    ("Anrede(wert)", "Salutation", "Anrede", "entry"),
    ("gruss", "Greeting", "Gruß", "entry"),
    ("Anlagen(do_it)", "Add ons", "Anlagen", "check"),
    ("Anlagen(wert)", None, None, "entry"),
    ("Unterschrift(leer)", "Signature", "Unterschrift", "check"),
]


def tk_conf(rng, lang, palette, start):
    """A complete configuration (every feature tk-brief reads, so it prints no defaults), ASCII
    only: tk-brief reads it in the system encoding, which depends on the locale."""
    c = {
        "absender_anzahl": "1", "abs_nummer": "0", "titelliste": "{}",
        "namenliste": "{Jana Hoffmann}", "zusatzliste": "{}",
        "adressenliste": "{Lindenallee 14}", "ortliste": "{10115 Berlin}",
        "telephonliste": "{+49 30 5550 1432}", "Telefax(do_it)": "0", "telefaxliste": "{}",
        "Email(do_it)": "1", "emailliste": "jana.hoffmann@example.com", "Bank(do_it)": "0",
        "bankliste": "{Example Bank}", "blzliste": "{100 200 30}", "kontoliste": "123456789",
        "Postvermerk(do_it)": start["Postvermerk(do_it)"], "Postvermerk(wert)": "",
        "an": start["an"], "name": start["name"], "adresse": start["adresse"],
        "ort": start["ort"], "Betreff(wert)": start["Betreff(wert)"],
        "Iz(do_it)": "0", "Iz(wert)": "", "Ihr_S(do_it)": start["Ihr_S(do_it)"],
        "Ihr_S(wert)": "", "Mein_Z(do_it)": "0", "Mein_Z(wert)": "", "uz": "0",
        "Anrede(wert)": start["Anrede(wert)"], "gruss": start["gruss"],
        "Anlagen(do_it)": start["Anlagen(do_it)"], "Anlagen(wert)": "",
        "Verteiler(do_it)": start["Verteiler(do_it)"], "Verteiler(wert)": "",
        # helper programs behind its buttons (LaTeX, Print, Preview, Send Fax...): `true`, so
        # a stray click prints, faxes or opens nothing
        "print_command": "true", "edit_command": "true", "latex_command": "true",
        "pdf_command": "true", "dvips_command": "true", "ispell_command": "true",
        "Fenster(do_it)": "0", "Fenster(wert)": "", "Http(do_it)": "0", "http": "{}",
        "trenn": "1", "loch": "0", "falt": "1", "klass": "0", "fenst": "1", "size": "11pt",
        "Unterschrift(leer)": start["Unterschrift(leer)"], "briefstyle": "g-brief",
        "german": "1" if lang == "Deutsch" else "0", "sprache": lang, "directory": "./",
        "xdvi_command": "true", "fax_command": "true", "faxnummer": start["faxnummer"],
        "Pak(do_it)": "0", "Pak(wert)": "", "color": palette, "color2": "black", "uni": "0",
        "logoliste": "{}", "logobreite": "1cm", "coptions": "", "sffamily": "1",
        "fen_flaglist": "0", "fax_flaglist": "0", "email_flaglist": "1", "url_flaglist": "0",
        "bank_flaglist": "0", "class_list": "g-brief", "falt_list": "1", "klass_list": "0",
        "sf_list": "1", "german_list": "1" if lang == "Deutsch" else "0", "trenn_list": "1",
        "mark_list": "1", "loch_list": "0", "fen_inhaltlist": "{}", "latex_type": "pdflatex",
        "acroread_command": "true",
    }
    lines = ["Version| 5.91"] + [f"{k}|  {v}" for k, v in c.items()]
    text = "\n".join(lines) + "\n"
    assert text.isascii()
    return text


def tk_letter(rng, kind, lang):
    """The letter a task writes: {variable: value} for what the task sets."""
    p = Person(rng, rng.choice(["Germany", "Austria", "Switzerland"]) if lang == "Deutsch"
               else rng.choice(["United Kingdom", "Ireland", "United States", "Germany"]))
    city = f"{p.postcode} {p.city}" if p.country in ("Germany", "Austria", "Switzerland") \
        else f"{p.city} {p.postcode}"
    title = rng.choice(["Ms.", "Mr."]) if lang == "English" else rng.choice(["Frau", "Herrn"])
    if lang == "English":
        sal = f"Dear {title} {p.last},"
        greet = rng.choice(["Kind regards", "Yours sincerely", "Best regards"])
    else:
        sal = ("Sehr geehrte Frau " if title == "Frau" else "Sehr geehrter Herr ") + p.last + ","
        greet = rng.choice(["Mit freundlichen Grüßen", "Viele Grüße", "Beste Grüße"])
    inv = f"INV-{digits(rng, 6)}"
    subjects = {
        "reminder": (f"Payment reminder: invoice {inv}", f"Zahlungserinnerung Rechnung {inv}"),
        "address": ("Our new address from 1 October", "Unsere neue Anschrift ab 1. Oktober"),
        "quote": (f"Quotation Q-{digits(rng, 5)}", f"Angebot Nr. {digits(rng, 5)}"),
        "termination": (f"Termination of contract {digits(rng, 7)}",
                        f"Kündigung des Vertrags {digits(rng, 7)}"),
        "complaint": (f"Complaint about delivery {digits(rng, 6)}",
                      f"Reklamation Lieferung {digits(rng, 6)}"),
        "application": ("Application as Data Analyst", "Bewerbung als Datenanalystin"),
        "meeting": (f"Meeting on {date(rng, 2025, 2025)}", f"Termin am {date(rng, 2025, 2025)}"),
    }
    subject = subjects[kind][0 if lang == "English" else 1]
    letter = {"an": title, "name": p.name, "adresse": p.street, "ort": city,
              "Betreff(wert)": subject, "Anrede(wert)": sal, "gruss": greet}
    if kind == "application":
        letter.update(an="Messrs." if lang == "English" else "Firma", name=p.company,
                      **{"Anrede(wert)": "Dear Sir or Madam," if lang == "English" else
                         "Sehr geehrte Damen und Herren,"})
    return p, letter


# (name, letter kind, language, palette, fax?, filename?, checks to set)
TK_TASKS = [
    ("payment-reminder", "reminder", "English", "LightSteelBlue", False, None,
     {"Anlagen(do_it)": "1"}),
    ("address-notice", "address", "English", "wheat", False, None,
     {"Unterschrift(leer)": "0"}),
    ("quotation", "quote", "English", "LightSteelBlue", True, "quotation-cover",
     {"Anlagen(do_it)": "1"}),
    ("termination", "termination", "English", "honeydew", False, "termination",
     {"Ihr_S(do_it)": "1", "Postvermerk(do_it)": "1"}),
    ("complaint", "complaint", "English", "#f0f0f0", True, None,
     {"Verteiler(do_it)": "1"}),
    ("application", "application", "English", "LightSteelBlue", False, "application",
     {"Anlagen(do_it)": "1", "Unterschrift(leer)": "1"}),
    ("kuendigung", "termination", "Deutsch", "LightSteelBlue", False, None,
     {"Postvermerk(do_it)": "1"}),
    ("termin", "meeting", "Deutsch", "bisque", False, None, {"Anlagen(do_it)": "0"}),
]


def tk_task(seed, name, kind, lang, palette, fax, filename, checks):
    rng = random.Random(f"{seed}:tk-brief:{name}")
    p, letter = tk_letter(rng, kind, lang)
    # the state tk-brief starts in: half the tasks continue after a previous letter (stale
    # recipient, subject and check boxes that must be overwritten), the others start from
    # tk-brief's own defaults
    if rng.random() < 0.5:
        q, old = tk_letter(rng, rng.choice(["reminder", "quote", "complaint"]), lang)
        # (ASCII: the configuration file is read in the locale's encoding)
        start = {k: to_ascii(v) for k, v in old.items()}
        start["faxnummer"] = ""
        for var in ("Postvermerk(do_it)", "Verteiler(do_it)", "Ihr_S(do_it)"):
            start[var] = "1" if rng.random() < 0.3 else "0"
        start["Anlagen(do_it)"] = "1" if rng.random() < 0.5 else "0"
        start["Unterschrift(leer)"] = "1" if rng.random() < 0.7 else "0"
    else:
        start = {"an": "To" if lang == "English" else "An", "name": "Fred from Saturn",
                 "adresse": "Milky Way 12", "ort": "Uranus", "Betreff(wert)": "",
                 "Anrede(wert)": "Dear Sirs:", "gruss": "Sincerely", "faxnummer": "",
                 "Postvermerk(do_it)": "0", "Verteiler(do_it)": "0", "Ihr_S(do_it)": "0",
                 "Anlagen(do_it)": "0", "Unterschrift(leer)": "1"}
        if lang == "Deutsch":
            start.update({"Anrede(wert)": "Sehr geehrte Damen und Herren,",
                          "gruss": "Mit freundlichen Gruessen"})
    conf = tk_conf(rng, lang, palette, start)
    want = dict(letter)
    if fax:
        want["faxnummer"] = f"+49 {rng.randint(30, 89)} {digits(rng, 6)}"
    if filename:
        want["filename"] = filename
    want.update(checks)

    caption = {v: (en if lang == "English" else de) for v, en, de, _ in TK_FIELDS}
    final = {"filename": "letter", "Iz(do_it)": "0", "Mein_Z(do_it)": "0",
             "Postvermerk(wert)": "", "Verteiler(wert)": "", "Anlagen(wert)": ""}
    final.update({k: v for k, v in start.items()})
    steps = []
    for var, en, de, k in TK_FIELDS:
        if var not in want or caption[var] is None:
            continue
        if k == "entry":
            steps.append({"action": "fill", "target": caption[var], "value": want[var]})
        else:
            steps.append({"action": "check", "target": caption[var], "value": want[var] == "1"})
        final[var] = want[var]
    assert 3 <= len(steps) <= 12
    expected = {"interp": "tk-brief",
                "variables": {v: final[v] for v, _, _, _ in TK_FIELDS}}
    task = {"name": f"tk-brief/{name}",
            "description": f"Write the letter to {letter['name']}: "
                           f"{letter['Betreff(wert)']}" + (" (German)" if lang == "Deutsch"
                                                           else ""),
            "steps": steps}
    bench = {"task": "task.json",
             "launch": ["${SUITE_DIR}/launch_tkbrief.sh", "${TASK_DIR}/tk-brief.conf",
                        "letter"],
             "env": {"LC_ALL": "C.UTF-8"},
             "ready": "screen",
             "check": {"kind": "command",
                       "argv": ["python3", "${SUITE_DIR}/check_tkbrief.py",
                                "${TASK_DIR}/expected.json"]},
             "timeout_s": timeout_for(steps)}
    summary = {"suite": "tk-brief", "task": name, "fields": len(steps),
               "dropdowns": 0, "checkboxes": sum(1 for s in steps if s["action"] == "check"),
               "radios": 0, "pages": 1, "layout": f"tk-brief ({lang})", "style": palette,
               "scale": 1.0, "steps": len(steps)}
    return conf, task, bench, expected, summary


# --------------------------------------------------------------------------- main

def clean_suite(path):
    """Removes the task folders of a suite (the generated ones: those holding bench.json)."""
    if not os.path.isdir(path):
        return
    for entry in sorted(os.listdir(path)):
        d = os.path.join(path, entry)
        if os.path.isdir(d) and os.path.exists(os.path.join(d, "bench.json")):
            shutil.rmtree(d)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--out", default=HERE)
    a = ap.parse_args()
    summaries = []

    base = os.path.join(a.out, "formlab")
    clean_suite(base)
    os.makedirs(base, exist_ok=True)
    dump(os.path.join(base, "suite.json"), {
        "name": "formlab",
        "description": "Office forms in hemu's Qt 6 form lab: label-left, label-above and "
                       "two-column layouts, Fusion and Windows styles, dropdowns, check boxes, "
                       "radio buttons, forms taller than the window, multi-page wizards",
        "screen": SCREEN})
    for name, tpl, layout, style, scale, *split in FORMLAB_TASKS:
        spec, task, bench, summary = formlab_task(a.seed, name, tpl, layout, style, scale,
                                                  *split)
        d = os.path.join(base, name)
        os.makedirs(d)
        dump_compact_items(os.path.join(d, "form.json"), spec)
        dump(os.path.join(d, "task.json"), task)
        dump(os.path.join(d, "bench.json"), bench)
        summaries.append(summary)

    base = os.path.join(a.out, "yad")
    clean_suite(base)
    os.makedirs(os.path.join(base, "xdg-config", "gtk-3.0"), exist_ok=True)
    with open(os.path.join(base, "xdg-config", "gtk-3.0", "settings.ini"), "w") as f:
        f.write(GTK_SETTINGS)
    with open(os.path.join(base, "xdg-config", "yad.conf"), "w") as f:
        f.write(YAD_CONF)
    dump(os.path.join(base, "suite.json"), {
        "name": "yad",
        "description": "yad --form dialogs (GTK 3, Adwaita): entries, combo boxes, check "
                       "boxes and spin buttons; yad prints the values on OK",
        "screen": SCREEN})
    for name, tpl, placement, width in YAD_TASKS:
        task, bench, summary = yad_task(a.seed, name, tpl, placement, width)
        d = os.path.join(base, name)
        os.makedirs(d)
        dump(os.path.join(d, "task.json"), task)
        dump(os.path.join(d, "bench.json"), bench)
        summaries.append(summary)

    base = os.path.join(a.out, "tk-brief")
    clean_suite(base)
    os.makedirs(base, exist_ok=True)
    dump(os.path.join(base, "suite.json"), {
        "name": "tk-brief",
        "description": "Letters in tk-brief (Tk 8.6 classic widgets, a LaTeX letter writer): "
                       "recipient, subject, salutation, closing and its check boxes, in English "
                       "and German",
        "screen": SCREEN})
    for name, kind, lang, palette, fax, filename, checks in TK_TASKS:
        conf, task, bench, expected, summary = tk_task(a.seed, name, kind, lang, palette, fax,
                                                       filename, checks)
        d = os.path.join(base, name)
        os.makedirs(d)
        with open(os.path.join(d, "tk-brief.conf"), "w", newline="\n") as f:
            f.write(conf)
        dump(os.path.join(d, "task.json"), task)
        dump(os.path.join(d, "bench.json"), bench)
        dump(os.path.join(d, "expected.json"), expected)
        summaries.append(summary)

    write_summary(os.path.join(a.out, "SUMMARY.md"), a.seed, summaries)
    print(f"{len(summaries)} tasks written to {a.out} (seed {a.seed})")


def write_summary(path, seed, rows):
    lines = [f"# Suite contents (generated by make_suites.py, seed {seed}; do not edit)", "",
             "fields = controls the task sets; dd / chk / radio = dropdowns, check boxes and "
             "radio groups among them; steps include the Next/Submit clicks.", "",
             "| suite | task | fields | dd | chk | radio | pages | layout | style | scale "
             "| steps |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['suite']} | {r['task']} | {r['fields']} | {r['dropdowns']} | "
                     f"{r['checkboxes']} | {r['radios']} | {r['pages']} | {r['layout']} | "
                     f"{r['style']} | {r['scale']:g} | {r['steps']} |")
    by = {}
    for r in rows:
        s = by.setdefault(r["suite"], {"tasks": 0, "fields": 0, "dd": 0, "chk": 0, "radio": 0,
                                       "multi": 0})
        s["tasks"] += 1
        s["fields"] += r["fields"]
        s["dd"] += r["dropdowns"] > 0
        s["chk"] += r["checkboxes"] > 0
        s["radio"] += r["radios"] > 0
        s["multi"] += r["pages"] > 1
    lines += ["", "| suite | tasks | fields set | tasks with dropdowns | with check boxes "
                  "| with radios | multi-page |", "|---|---|---|---|---|---|---|"]
    for k, s in by.items():
        lines.append(f"| {k} | {s['tasks']} | {s['fields']} | {s['dd']} | {s['chk']} | "
                     f"{s['radio']} | {s['multi']} |")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
