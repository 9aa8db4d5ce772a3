"""Shared parts of the GTK and Tk form renderers.

- make_spec(rng, renderer): a random, toolkit-neutral description of one form screen.
- Ink: pixel tightening of text boxes against a screenshot.
- finalize(): turns builder output (controls + text regions) into the ground-truth JSON.
- grab_root(): screenshot of the top-left WxH of an X display through Gdk.

Only the Python standard library and PyGObject (python3-gi, gir1.2-gtk-3.0) are used.
"""

import argparse
import json
import os
import random

# --------------------------------------------------------------------------- strings

FIRST = ["Ada", "Alan", "Grace", "Linus", "Jürgen", "Zoë", "José", "Renée", "François",
         "Björn", "Søren", "Anaïs", "Chloé", "Maëlle", "Günter", "Ana", "Ines", "Mateo",
         "Olivia", "Noah", "Liam", "Emma", "Sofía", "Lukas", "Mia", "Hannah", "Élodie",
         "Jonas", "Åsa", "Ángel", "Raúl", "Paul", "Marta", "Nils", "Oskar", "Léa", "Tomás",
         "Ingrid", "Karl", "Sarah", "David", "Yusuf", "Priya", "Kenji", "Fatima", "Joëlle"]
LAST = ["Lovelace", "Turing", "Hopper", "Müller", "Schröder", "García", "Núñez", "Dubois",
        "Lefèvre", "Østergaard", "Andersson", "Smith", "Johnson", "Brown", "Rossi", "Bianchi",
        "Kowalski", "Novák", "Fernández", "Peña", "Weiß", "Groß", "Håkansson", "Nakamura",
        "O'Brien", "Martin", "Bernard", "Svensson", "Jäger", "Köhler", "Doe", "Taylor",
        "Wagner", "Becker", "Moreau", "Côté", "Silva", "Gonçalves", "Ibáñez", "Lindqvist"]
CITIES = ["Berlin", "München", "Zürich", "Genève", "Paris", "Lyon", "Madrid", "Málaga",
          "Lisboa", "Porto", "Wien", "Köln", "Düsseldorf", "København", "Malmö", "Göteborg",
          "Reykjavík", "London", "Leeds", "Dublin", "Toronto", "Montréal", "Québec", "Boston",
          "Austin", "Portland", "São Paulo", "Bogotá", "Kraków", "Praha", "Oslo", "Tromsø"]
STREETS = ["Hauptstraße", "Bahnhofstr.", "Rue de la Paix", "Calle Mayor", "Main Street",
           "Oak Avenue", "Königsallee", "Rua Augusta", "Storgatan", "Elm Road", "Market St.",
           "Avenida Brasil", "Schloßplatz", "Gärtnerweg", "Via Roma", "High Street"]
COUNTRIES = ["Germany", "France", "Spain", "Canada", "United States", "Österreich",
             "Schweiz", "Sverige", "Danmark", "Norway", "Portugal", "Brazil", "Japan", "India",
             "United Kingdom", "Ireland", "Italy", "Poland", "México", "Perú", "Ísland"]
COMPANIES = ["Acme Corp.", "Initech", "Globex GmbH", "Müller & Söhne", "Nordlicht AB",
             "Café Élysée", "Umbrella Ltd.", "Hooli", "Vandelay Industries", "Stark Ind.",
             "Société Générale", "Björk Design", "Peña Hermanos S.L."]
DOMAINS = ["example.com", "mail.de", "web.de", "gmx.net", "outlook.com", "acme.org",
           "posteo.de", "proton.me", "uni-koeln.de", "example.org"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DEPARTMENTS = ["Sales", "Marketing", "Engineering", "Support", "Finance", "Human Resources",
               "Legal", "Research", "Logistics", "Purchasing"]
CHOICES = {
    "Country": COUNTRIES,
    "Land": COUNTRIES,
    "Language": ["English", "Deutsch", "Français", "Español", "Português", "Svenska",
                 "Italiano", "Nederlands", "Dansk"],
    "Currency": ["EUR (€)", "USD ($)", "GBP (£)", "CHF", "SEK", "JPY (¥)", "CAD"],
    "Title": ["Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Mx."],
    "Priority": ["Low", "Normal", "High", "Urgent"],
    "Status": ["Open", "In progress", "On hold", "Closed", "Draft"],
    "Payment method": ["Credit card", "PayPal", "Bank transfer", "Invoice", "Cash"],
    "Shipping": ["Standard", "Express", "Overnight", "Pick-up"],
    "Time zone": ["UTC", "Europe/Berlin", "Europe/Paris", "America/New_York",
                  "Asia/Tokyo", "UTC+05:30"],
    "Department": DEPARTMENTS,
    "Role": ["Administrator", "Editor", "Viewer", "Guest", "Owner"],
    "Size": ["XS", "S", "M", "L", "XL", "XXL"],
    "Category": ["Hardware", "Software", "Services", "Office supplies", "Travel"],
    "State": ["Bayern", "Hessen", "Île-de-France", "Ontario", "Québec", "Texas", "Oregon"],
    "Year": [str(y) for y in range(2015, 2027)],
    "Month": ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"],
    # Short items (a digit, a percentage, a code) that a list reader must read exactly.
    "Discount": ["0%", "5%", "10%", "15%", "20%", "25%", "50%"],
    "Zoom": ["50%", "75%", "100%", "125%", "150%", "200%", "Fit width"],
    "Copies": ["1", "2", "3", "4", "5", "6", "8", "10"],
    "Paper size": ["A4", "A3", "A5", "B5", "Letter", "Legal", "C6"],
    "Version": ["1.0", "2.1", "v3", "10.4", "R2", "7b", "X11", "2024a"],
    "Grade": ["A", "B+", "C", "1", "2-", "3", "IV", "0"],
}
TEXT_FIELDS = ["First name", "Last name", "Name", "Full name", "Email", "E-mail address",
               "Phone", "Mobile", "Street", "Address", "City", "ZIP code", "Postal code",
               "Date of birth", "Start date", "Due date", "Company", "Username", "Website",
               "Amount", "Quantity", "Price", "Invoice no.", "Order number", "Customer ID",
               "IBAN", "Tax ID", "Age", "Reference", "Comment", "Job title", "Subject",
               "Vorname", "Nachname", "Straße", "Telefon", "Prénom", "Código postal"]
PLACEHOLDERS = {
    "Email": "name@example.com", "E-mail address": "you@example.org", "Phone": "+49 30 1234567",
    "Mobile": "+1 555 0100", "Date of birth": "DD.MM.YYYY", "Start date": "YYYY-MM-DD",
    "Due date": "MM/DD/YYYY", "Website": "https://", "Amount": "0.00", "IBAN": "DE00 0000 …",
    "Username": "Enter username", "Comment": "Optional", "Reference": "Optional",
    "Subject": "Type a subject", "Name": "Your name", "Full name": "Jane Doe",
}
CHECKS = ["Subscribe to newsletter", "I accept the terms and conditions", "Remember me",
          "Send me a copy", "Enable notifications", "Gift wrap", "Express delivery",
          "Make profile public", "Show advanced options", "Keep me signed in",
          "Use billing address", "Print receipt", "Auto-save every 5 min", "Read-only",
          "Include weekends", "Notify by SMS", "Mark as urgent", "Save password",
          "Öffentlich sichtbar", "Envoyer une copie", "Dark mode", "Open in new window"]
RADIO_GROUPS = [
    ("Shipping", ["Standard", "Express", "Overnight"]),
    ("Payment", ["Credit card", "PayPal", "Invoice", "Bank transfer"]),
    ("Plan", ["Basic", "Pro", "Enterprise"]),
    ("Contact me by", ["Email", "Phone", "Letter"]),
    ("Size", ["S", "M", "L", "XL"]),
    ("Frequency", ["Daily", "Weekly", "Monthly", "Never"]),
    ("Account type", ["Personal", "Business"]),
    ("Format", ["PDF", "CSV", "XLSX", "Plain text"]),
    ("Priority", ["Low", "Normal", "High"]),
    ("Gender", ["Female", "Male", "Diverse", "Prefer not to say"]),
    ("Anrede", ["Herr", "Frau", "Keine Angabe"]),
]
BUTTON_ROWS = [["OK", "Cancel"], ["Save", "Cancel"], ["Submit"], ["Apply", "Close"],
               ["Back", "Next"], ["Reset", "Submit"], ["Help", "Cancel", "OK"],
               ["Delete", "Save changes"], ["Search"], ["Add", "Remove"], ["Browse…"],
               ["Sign in"], ["Create account"], ["Speichern", "Abbrechen"],
               ["Valider", "Annuler"], ["Print", "Export…", "Close"]]
# Tool columns: a stack of equal-width buttons beside a form (as in tk-brief, Tk's own demos
# and many in-house tools); the captions are longer than dialog buttons.
TOOL_BUTTONS = ["Open", "Save as…", "Print preview", "Spell check", "Export PDF", "Send mail",
                "Clear", "Quit", "Settings", "Refresh", "Import…", "Duplicate", "Archive",
                "Statistics", "Undo", "Configuration", "Edit text", "Print cover", "Send fax",
                "New record", "Delete record", "Drucken", "Vorschau", "Beenden", "Imprimer",
                "Aperçu", "Find…", "Attach file", "Validate", "Multiple let.", "Log out", "Sync"]
MENUS = [["File", "Edit", "View", "Help"], ["File", "Edit", "View", "Insert", "Format", "Tools", "Help"],
         ["File", "Edit", "Window", "Help"], ["Datei", "Bearbeiten", "Ansicht", "Hilfe"],
         ["Fichier", "Édition", "Affichage", "Aide"], ["File", "Records", "Reports", "Help"],
         ["Archivo", "Editar", "Ver", "Ayuda"], ["Session", "Edit", "Bookmarks", "Settings", "Help"]]
TITLES = ["New customer", "Order details", "Account settings", "Registration", "Shipping address",
          "Invoice", "Edit contact", "Employee record", "Preferences", "Checkout",
          "Kundendaten", "Nouvelle commande", "Support ticket", "Booking", "Profile"]
FRAME_TITLES = ["Personal data", "Address", "Contact", "Options", "Billing", "Details",
                "Account", "Settings", "Delivery", "Payment", "Notifications", "Adresse",
                "Données personnelles", "General", "Advanced"]
SENTENCES = ["Please fill in all required fields.", "Fields marked with * are mandatory.",
             "Your data will be processed according to our privacy policy.",
             "Changes are saved automatically.", "All prices include VAT.",
             "Contact support if you need help.", "Bitte alle Pflichtfelder ausfüllen.",
             "Veuillez vérifier vos données.", "The order will ship within 2–3 days.",
             "Passwords must be at least 8 characters.", "Tip: press Tab to move between fields.",
             "This record is locked by another user.", "No changes since last export."]
TABLES = [["ID", "Name", "City", "Amount"], ["Date", "Description", "Qty", "Price"],
          ["Name", "Email", "Status"], ["Invoice", "Customer", "Due", "Total"],
          ["Item", "Category", "Stock"], ["Employee", "Department", "Phone"],
          ["#", "Product", "Unit price", "Qty", "Sum"]]

SIZES = [(1024, 768), (1280, 800), (1366, 768)]
FONTS = ["DejaVu Sans", "DejaVu Serif", "Liberation Sans", "Liberation Serif", "Noto Sans",
         "Noto Serif", "Cantarell", "FreeSans", "FreeSerif", "Open Sans", "Arimo", "Tinos",
         "DejaVu Sans Condensed"]


def _date(rng):
    d, m, y = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1950, 2026)
    return rng.choice([f"{d:02d}.{m:02d}.{y}", f"{y}-{m:02d}-{d:02d}", f"{m:02d}/{d:02d}/{y}",
                       f"{d} {MONTHS[m - 1]} {y}"])


def _money(rng):
    v = rng.randint(1, 99999) / 100 * rng.choice([1, 1, 10, 100])
    return rng.choice([f"{v:.2f}", f"{v:,.2f}", f"{v:.2f} €", f"$ {v:,.2f}",
                       f"{v:.2f}".replace(".", ",")])


def person(rng):
    return rng.choice(FIRST), rng.choice(LAST)


def value_for(rng, label):
    f, l = person(rng)
    ascii_l = (l.lower().replace("ü", "ue").replace("ö", "oe").replace("ä", "ae").replace("ß", "ss")
               .encode("ascii", "ignore").decode().replace("'", ""))
    key = label.lower()
    if key in ("first name", "vorname", "prénom"):
        return f
    if key in ("last name", "nachname"):
        return l
    if key in ("name", "full name"):
        return f"{f} {l}"
    if "mail" in key:
        return f"{f.lower().encode('ascii', 'ignore').decode()}.{ascii_l}@{rng.choice(DOMAINS)}"
    if key in ("phone", "mobile", "telefon"):
        return rng.choice([f"+49 {rng.randint(30, 999)} {rng.randint(100000, 9999999)}",
                           f"({rng.randint(200, 999)}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
                           f"0{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"])
    if key in ("street", "address", "straße"):
        return f"{rng.choice(STREETS)} {rng.randint(1, 220)}"
    if key == "city":
        return rng.choice(CITIES)
    if key in ("zip code", "postal code", "código postal"):
        return rng.choice([f"{rng.randint(1000, 99999):05d}", f"{rng.randint(1000, 9999)}",
                           f"H{rng.randint(1, 9)}X {rng.randint(1, 9)}A{rng.randint(1, 9)}"])
    if "date" in key:
        return _date(rng)
    if key == "company":
        return rng.choice(COMPANIES)
    if key == "username":
        return f"{f.lower().encode('ascii', 'ignore').decode()}{rng.randint(1, 999)}"
    if key == "website":
        return f"https://www.{ascii_l}.{rng.choice(['com', 'de', 'org', 'io'])}"
    if key in ("amount", "price"):
        return _money(rng)
    if key in ("quantity", "age"):
        return str(rng.randint(1, 120))
    if key in ("invoice no.", "order number", "customer id", "reference"):
        return rng.choice([f"INV-{rng.randint(1000, 99999)}", f"#{rng.randint(10000, 999999)}",
                           f"{rng.randint(2019, 2026)}/{rng.randint(1, 9999):04d}"])
    if key == "iban":
        return f"DE{rng.randint(10, 99)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)} {rng.randint(10, 99)}"
    if key == "tax id":
        return f"{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}"
    if key == "job title":
        return rng.choice(["Engineer", "Accountant", "Sales manager", "Designer", "Chef de projet"])
    if key == "subject":
        return rng.choice(["Question about my order", "Rückfrage Rechnung", "Login problem", "Hello"])
    return rng.choice([f"{f} {l}", rng.choice(CITIES), str(rng.randint(1, 9999)), "n/a", "ok",
                       f"{rng.randint(0, 100)}%", str(rng.randint(0, 9)),
                       f"{rng.choice('ABCDEKMQRSVXZ')}{rng.randint(1, 99)}",
                       f"{rng.choice('ABCDEKMQRSVXZ')}{rng.choice('ABCDEKMQRSVXZ')}{rng.randint(0, 9)}"])


def table_cell(rng, header, i):
    h = header.lower()
    if h in ("id", "#"):
        return str(i + 1) if h == "#" else str(rng.randint(1000, 9999))
    if h in ("name", "customer", "employee"):
        f, l = person(rng)
        return f"{f} {l}" if rng.random() < 0.6 else f"{l}, {f}"
    if h == "city":
        return rng.choice(CITIES)
    if h in ("amount", "price", "total", "unit price", "sum"):
        return _money(rng)
    if h in ("date", "due"):
        return _date(rng)
    if h in ("qty", "stock"):
        return str(rng.randint(0, 500))
    if h == "email":
        return value_for(rng, "Email")
    if h == "status":
        return rng.choice(["Active", "Pending", "Paid", "Overdue", "Closed"])
    if h == "invoice":
        return f"INV-{rng.randint(1000, 9999)}"
    if h == "department":
        return rng.choice(DEPARTMENTS)
    if h == "phone":
        return value_for(rng, "Phone")
    if h == "category":
        return rng.choice(CHOICES["Category"])
    return rng.choice(["Widget A", "Gadget XL", "Kaffeemaschine", "Schraube M4", "Crème brûlée",
                       "USB cable", "Monitor 24\"", "Licence (1 yr)", "Desk lamp", "Café au lait"])


# --------------------------------------------------------------------------- spec

def make_spec(rng, renderer):
    """Random toolkit-neutral form description; consumed by the toolkit builders."""
    W, H = rng.choice(SIZES)
    spec = {"width": W, "height": H,
            "font_family": rng.choice(FONTS), "font_size": rng.randint(9, 13),
            "margin": rng.choice([6, 10, 12, 18, 24, 36]),
            "spacing": rng.choice([4, 6, 8, 12]),
            "menubar": rng.choice(MENUS) if rng.random() < 0.7 else None,
            "title": rng.choice(TITLES) if rng.random() < 0.6 else None,
            "title_big": rng.random() < 0.5}
    ncol = rng.choice([1, 2, 2, 2, 3])
    nsec = rng.randint(3, 9)
    used = set()
    sections = []
    for _ in range(nsec):
        kind = rng.choices(["form", "checks", "radios", "text", "table", "buttons"],
                           [5, 2, 2, 1.5, 1, 0.7])[0]
        if kind == "table" and "table" in used:
            kind = "form"
        used.add(kind)
        frame = rng.choice(FRAME_TITLES) if rng.random() < 0.45 else None
        if kind == "form":
            layout = rng.choices(["left", "above", "two"], [5, 3, 2])[0]
            n = rng.randint(2, 6) if layout != "two" else rng.choice([2, 4, 4, 6])
            fields = []
            for _ in range(n):
                if rng.random() < 0.25:
                    lab = rng.choice(list(CHOICES))
                    opts = CHOICES[lab][:]
                    rng.shuffle(opts)
                    opts = opts[:rng.randint(3, min(8, len(opts)))]
                    fields.append({"ctrl": "combo", "label": lab, "options": opts,
                                   "selected": rng.randrange(len(opts))})
                else:
                    lab = rng.choice(TEXT_FIELDS)
                    r = rng.random()
                    if r < 0.55:
                        text, ph = value_for(rng, lab), None
                    elif r < 0.8 and lab in PLACEHOLDERS:
                        text, ph = "", PLACEHOLDERS[lab]
                    else:
                        text, ph = "", None
                    fields.append({"ctrl": "entry", "label": lab, "text": text, "placeholder": ph,
                                   "chars": rng.randint(10, 24 if layout == "two" else 30)})
            suffix = rng.choice([":", ":", "", " *"])
            for f in fields:
                f["label"] = f["label"] + (suffix if rng.random() < 0.9 else "")
            sections.append({"kind": "form", "frame": frame, "layout": layout, "fields": fields,
                             "label_align": rng.choice(["left", "left", "right"]),
                             "fill": rng.random() < 0.5})
        elif kind == "checks":
            items = rng.sample(CHECKS, rng.randint(1, 4))
            sections.append({"kind": "checks", "frame": frame,
                             "heading": rng.choice(["Options", "Preferences", "Extras", None, None]),
                             "items": [(c, rng.random() < 0.45) for c in items],
                             "orient": "h" if rng.random() < 0.25 else "v"})
        elif kind == "radios":
            title, opts = rng.choice(RADIO_GROUPS)
            sections.append({"kind": "radios", "frame": title if rng.random() < 0.5 else None,
                             "heading": title + rng.choice([":", ""]), "options": opts,
                             "selected": rng.randrange(len(opts)),
                             "orient": "h" if rng.random() < 0.4 else "v"})
            if sections[-1]["frame"]:
                sections[-1]["heading"] = None
        elif kind == "text":
            sections.append({"kind": "text", "lines": rng.sample(SENTENCES, rng.randint(1, 3))})
        elif kind == "table":
            headers = rng.choice(TABLES)
            nrows = rng.randint(3, 9)
            rows = [[table_cell(rng, h, i) for h in headers] for i in range(nrows)]
            sections.append({"kind": "table", "frame": frame, "headers": headers, "rows": rows,
                             "selected": rng.randrange(nrows) if rng.random() < 0.4 else None})
        else:
            sections.append({"kind": "buttons", "captions": rng.choice(BUTTON_ROWS),
                             "align": rng.choice(["start", "end"])})
    cols = [[] for _ in range(ncol)]
    for i, s in enumerate(sections):
        cols[i % ncol if rng.random() < 0.7 else rng.randrange(ncol)].append(s)
    spec["columns"] = [c for c in cols if c]
    spec["buttons"] = rng.choice(BUTTON_ROWS) if rng.random() < 0.75 else None
    spec["buttons_align"] = rng.choice(["end", "end", "start", "center"])
    spec["status"] = (rng.choice(["Ready", "Connected to server", f"{rng.randint(2, 90)} records",
                                  "Last saved " + _date(rng)]) if rng.random() < 0.35 else None)
    add_variants(spec, random.Random(f"{renderer}-variants:{rng.getstate()[1][:8]}"))
    add_edge_margins(spec, random.Random(f"{renderer}-edge:{rng.getstate()[1][:8]}"))
    return spec


def add_edge_margins(spec, side):
    """Windows without a frame at the screen's top-left (yad and many kiosk or VM dialogs) put
    their first caption or field 0-3 px from the screen's edge. The windows here sit at 0,0 too,
    but every body margin was 6 px or more, so the detector never saw a control at the edge and
    took such a caption for a radio. Some forms now hug the left and/or top edge. Like
    add_variants this draws from its own side stream, so older seeds keep their forms."""
    m = spec["margin"]
    spec["margin_left"] = side.choice([0, 1, 2, 3]) if side.random() < 0.3 else m
    spec["margin_top"] = side.choice([0, 1, 2, 3]) if side.random() < 0.3 else m


def add_variants(spec, side):
    """Layouts added after the first data sets were rendered. They draw from a side stream
    (seeded from the main stream's state, which they leave alone), so a seed's form stays as it
    was and only gains these: vertical stacks of equal-width buttons (a section, or a column of
    their own at the right) and check boxes standing in for a field's label ("[x] Sender: ____")."""
    for col in spec["columns"]:
        for s in col:
            if s["kind"] == "buttons" and side.random() < 0.5:
                s.update(orient="v", captions=side.sample(TOOL_BUTTONS, side.randint(3, 8)),
                         gap=side.choice([0, 0, 2, 4]))
            elif s["kind"] == "form" and s["layout"] in ("left", "two") and side.random() < 0.3:
                for f in s["fields"]:
                    if f["ctrl"] == "entry" and side.random() < 0.4:
                        f["check"] = side.random() < 0.5
    if side.random() < 0.2:
        spec["columns"].append([{"kind": "buttons", "orient": "v", "align": "start",
                                 "captions": side.sample(TOOL_BUTTONS, side.randint(4, 12)),
                                 "gap": side.choice([0, 0, 2, 4])}])


# --------------------------------------------------------------------------- pixels

class Image:
    """RGB screenshot: bytes with rowstride and channel count (3 or 4)."""

    def __init__(self, data, width, height, rowstride, nch):
        self.data, self.w, self.h, self.stride, self.nch = data, width, height, rowstride, nch

    def pixel(self, x, y):
        o = y * self.stride + x * self.nch
        return self.data[o:o + 3]


_TABLES = {}


def _tol_table(v, tol):
    key = (v, tol)
    t = _TABLES.get(key)
    if t is None:
        t = bytes(1 if abs(i - v) > tol else 0 for i in range(256))
        _TABLES[key] = t
    return t


def ink_box(img, region, tol=20, bg=None, skip_lines=False):
    """Bounding box [x,y,w,h] of pixels in region that differ from the region's background
    (the most common colour on the region's border) by more than tol in some channel.
    skip_lines: ignore rows whose ink spans the whole region width (border lines crossing a
    region that is known to be wider than the text). Returns None when there is no ink."""
    x0, y0, w, h = region
    x1, y1 = min(img.w, x0 + w), min(img.h, y0 + h)
    x0, y0 = max(0, x0), max(0, y0)
    w, h = x1 - x0, y1 - y0
    if w <= 0 or h <= 0:
        return None
    n = img.nch
    d = img.data
    rows = [d[y * img.stride + x0 * n: y * img.stride + x1 * n] for y in range(y0, y1)]
    if n != 3:
        rows = [bytes(r[i] for j in range(0, len(r), n) for i in (j, j + 1, j + 2)) for r in rows]
    if bg is None:
        counts = {}
        border = [rows[0], rows[-1]] + [r[:3] for r in rows] + [r[-3:] for r in rows]
        for r in border:
            for j in range(0, len(r), 3):
                p = r[j:j + 3]
                counts[p] = counts.get(p, 0) + 1
        bg = max(counts.items(), key=lambda kv: kv[1])[0]
    bgrow = bytes(bg) * w
    tr, tg, tb = (_tol_table(bg[0], tol), _tol_table(bg[1], tol), _tol_table(bg[2], tol))
    left, right, top, bottom = w, -1, None, None
    for yy, r in enumerate(rows):
        if r == bgrow:
            continue
        m = (int.from_bytes(r[0::3].translate(tr), "big") | int.from_bytes(r[1::3].translate(tg), "big")
             | int.from_bytes(r[2::3].translate(tb), "big"))
        if not m:
            continue
        lft = w - 1 - (m.bit_length() - 1) // 8
        rgt = w - 1 - ((m & -m).bit_length() - 1) // 8
        if skip_lines and lft == 0 and rgt == w - 1:
            continue
        left, right = min(left, lft), max(right, rgt)
        if top is None:
            top = yy
        bottom = yy
    if top is None:
        return None
    return [x0 + left, y0 + top, right - left + 1, bottom - top + 1]


def _mode(pixels):
    counts = {}
    for p in pixels:
        counts[p] = counts.get(p, 0) + 1
    return max(counts.items(), key=lambda kv: kv[1]) if counts else (None, 0)


def _close(a, b, tol):
    return all(abs(x - y) <= tol for x, y in zip(a, b))


def tighten_control(img, box, tol=3, max_shrink=None):
    """A control's allocation often has empty padding around the visible widget (Tk's
    highlight ring, ttk 'classic' button padding, GTK check buttons). When the allocation's
    border pixels are the same colour as the pixels just outside it, the border is background:
    shrink the box to the pixels that differ from it. Otherwise keep the allocation."""
    x, y, w, h = box
    if w < 3 or h < 3:
        return box
    xs = range(max(0, x), min(img.w, x + w))
    ys = range(max(0, y), min(img.h, y + h))
    inner = ([img.pixel(i, ys[0]) for i in xs] + [img.pixel(i, ys[-1]) for i in xs]
             + [img.pixel(xs[0], j) for j in ys] + [img.pixel(xs[-1], j) for j in ys])
    outer = []
    if y - 1 >= 0:
        outer += [img.pixel(i, y - 1) for i in xs]
    if y + h < img.h:
        outer += [img.pixel(i, y + h) for i in xs]
    if x - 1 >= 0:
        outer += [img.pixel(x - 1, j) for j in ys]
    if x + w < img.w:
        outer += [img.pixel(x + w, j) for j in ys]
    pin, nin = _mode(inner)
    pout, nout = _mode(outer)
    if pin is None or pout is None or nin < 0.6 * len(inner) or not _close(pin, pout, tol):
        return box
    ink = ink_box(img, box, bg=pin)
    if not ink:
        return box
    if max_shrink is not None:
        if (ink[0] - x > max_shrink or ink[1] - y > max_shrink
                or (x + w) - (ink[0] + ink[2]) > max_shrink or (y + h) - (ink[1] + ink[3]) > max_shrink):
            return box
    return ink


# --------------------------------------------------------------------------- ground truth

class Elem:
    """Builder output. kind 'control': box is final. kind 'text': region is where the text is
    drawn (allocation), expect is the font-metric estimate (optional), tightened later."""

    def __init__(self, type_, text, box=None, region=None, **extra):
        self.type, self.text, self.box, self.region = type_, text, box, region
        self.extra = extra          # checked, placeholder, label (an Elem)
        self.id = None


def finalize(spec, renderer, seed, theme, font, elems, img, stats=None):
    W, H = spec["width"], spec["height"]
    keep = []
    for e in elems:
        if e.type == "text":
            if not e.text.strip():
                continue
            box = ink_box(img, e.region, skip_lines=e.extra.get("skip_lines", False)) if e.region else None
            if box is None:
                if stats is not None:
                    stats["text_no_ink"] = stats.get("text_no_ink", 0) + 1
                continue
            e.box = box
        else:
            # a field keeps its allocation unless only a thin empty ring is shaved off (an
            # entry without a visible frame must not shrink to its text)
            e.box = tighten_control(img, e.box, max_shrink=(3 if e.type in ("textfield", "dropdown")
                                                            else None))
        x, y, w, h = e.box
        if w <= 0 or h <= 0 or x < 0 or y < 0 or x + w > W or y + h > H:
            if stats is not None:
                stats["not_visible"] = stats.get("not_visible", 0) + 1
            continue
        keep.append(e)
    out = []
    for i, e in enumerate(keep):
        e.id = i
    for e in keep:
        d = {"id": e.id, "type": e.type, "box": [int(v) for v in e.box], "text": e.text}
        if e.type in ("checkbox", "radio"):
            d["checked"] = bool(e.extra.get("checked"))
        if e.extra.get("placeholder"):
            d["placeholder"] = True
        lab = e.extra.get("label")
        if lab is not None and lab.id is not None and lab in keep:
            d["label"] = lab.id
        out.append(d)
    return {"width": W, "height": H, "seed": seed, "renderer": renderer, "theme": theme,
            "font": font, "elements": out}


def write_json(path, gt):
    tmp = path + ".tmp"
    head = {k: v for k, v in gt.items() if k != "elements"}
    lines = [json.dumps(e, ensure_ascii=False) for e in gt["elements"]]
    text = json.dumps(head, ensure_ascii=False)[:-1] + ',\n "elements": [\n  ' + ",\n  ".join(lines) + "]}\n"
    json.loads(text)
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


# --------------------------------------------------------------------------- Gdk helpers

def gdk():
    import gi
    gi.require_version("Gdk", "3.0")
    gi.require_version("GdkPixbuf", "2.0")
    from gi.repository import Gdk, GdkPixbuf
    return Gdk, GdkPixbuf


def pixbuf_image(pb):
    return Image(pb.get_pixels(), pb.get_width(), pb.get_height(), pb.get_rowstride(),
                 pb.get_n_channels())


def grab_root(W, H):
    """Screenshot of the top-left WxH of the default display's root window."""
    Gdk, _ = gdk()
    root = Gdk.get_default_root_window()
    pb = Gdk.pixbuf_get_from_window(root, 0, 0, W, H)
    if pb is None:
        raise RuntimeError("pixbuf_get_from_window failed")
    return pb


def save_png(pb, path):
    tmp = path + ".tmp"
    pb.savev(tmp, "png", [], [])
    os.replace(tmp, path)


def parse_renderer_args(add_options=None):
    """The command line both renderers share, plus what `add_options(parser)` adds; points
    DISPLAY (and GDK) at the target display."""
    ap = argparse.ArgumentParser()
    if add_options:
        add_options(ap)
    ap.add_argument("--display", required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    os.environ["DISPLAY"] = a.display
    os.environ.pop("WAYLAND_DISPLAY", None)
    os.environ["GDK_BACKEND"] = "x11"
    return a
