#include "Vocabulary.h"

#include <array>

namespace hemu::generator {
namespace {

// Source is UTF-8; QString::fromUtf8 turns these into Latin-1 letters where they have accents.
const char* const kWords[] = {
    "account",
    "action",
    "active",
    "address",
    "advanced",
    "after",
    "agent",
    "album",
    "alert",
    "amount",
    "annual",
    "answer",
    "apply",
    "archive",
    "area",
    "article",
    "asset",
    "audio",
    "author",
    "auto",
    "backup",
    "balance",
    "bank",
    "basic",
    "batch",
    "before",
    "billing",
    "block",
    "board",
    "body",
    "book",
    "border",
    "branch",
    "budget",
    "build",
    "bundle",
    "business",
    "button",
    "cache",
    "calendar",
    "camera",
    "campaign",
    "card",
    "cart",
    "case",
    "category",
    "center",
    "change",
    "channel",
    "chart",
    "check",
    "child",
    "city",
    "class",
    "clean",
    "client",
    "clock",
    "cloud",
    "code",
    "color",
    "column",
    "comment",
    "common",
    "company",
    "config",
    "contact",
    "content",
    "copy",
    "cost",
    "count",
    "country",
    "course",
    "cover",
    "credit",
    "current",
    "custom",
    "customer",
    "daily",
    "data",
    "date",
    "default",
    "delivery",
    "demo",
    "design",
    "detail",
    "device",
    "direct",
    "display",
    "document",
    "domain",
    "draft",
    "driver",
    "early",
    "edit",
    "editor",
    "email",
    "engine",
    "entry",
    "error",
    "event",
    "example",
    "export",
    "extra",
    "family",
    "feature",
    "field",
    "file",
    "filter",
    "final",
    "finance",
    "first",
    "folder",
    "font",
    "form",
    "format",
    "forward",
    "frame",
    "free",
    "full",
    "function",
    "gallery",
    "general",
    "global",
    "goal",
    "group",
    "guest",
    "guide",
    "health",
    "height",
    "help",
    "history",
    "home",
    "hotel",
    "hour",
    "image",
    "import",
    "inbox",
    "index",
    "input",
    "insert",
    "invoice",
    "issue",
    "item",
    "journal",
    "key",
    "label",
    "language",
    "large",
    "last",
    "layer",
    "layout",
    "lead",
    "level",
    "library",
    "license",
    "limit",
    "line",
    "link",
    "list",
    "local",
    "location",
    "lock",
    "login",
    "main",
    "manager",
    "manual",
    "map",
    "margin",
    "market",
    "master",
    "media",
    "member",
    "memory",
    "menu",
    "message",
    "method",
    "middle",
    "mobile",
    "mode",
    "model",
    "module",
    "monthly",
    "mouse",
    "music",
    "name",
    "network",
    "new",
    "news",
    "next",
    "night",
    "note",
    "notice",
    "number",
    "object",
    "office",
    "offline",
    "online",
    "open",
    "option",
    "order",
    "output",
    "owner",
    "package",
    "page",
    "panel",
    "paper",
    "parent",
    "partner",
    "password",
    "payment",
    "people",
    "period",
    "person",
    "phone",
    "photo",
    "picture",
    "plan",
    "player",
    "plugin",
    "point",
    "policy",
    "portal",
    "position",
    "post",
    "power",
    "preview",
    "price",
    "primary",
    "print",
    "printer",
    "priority",
    "private",
    "process",
    "product",
    "profile",
    "program",
    "project",
    "public",
    "quality",
    "query",
    "queue",
    "quick",
    "quote",
    "range",
    "rate",
    "reason",
    "recent",
    "record",
    "region",
    "release",
    "remote",
    "report",
    "request",
    "reset",
    "resource",
    "result",
    "review",
    "role",
    "room",
    "route",
    "rule",
    "sales",
    "sample",
    "schedule",
    "screen",
    "script",
    "search",
    "season",
    "second",
    "section",
    "secure",
    "select",
    "server",
    "service",
    "session",
    "setting",
    "setup",
    "share",
    "shipping",
    "short",
    "signal",
    "simple",
    "size",
    "small",
    "source",
    "space",
    "speed",
    "staff",
    "stage",
    "standard",
    "start",
    "state",
    "status",
    "step",
    "stock",
    "storage",
    "store",
    "stream",
    "street",
    "style",
    "subject",
    "summary",
    "support",
    "survey",
    "sync",
    "system",
    "table",
    "tag",
    "target",
    "task",
    "team",
    "template",
    "term",
    "test",
    "text",
    "theme",
    "ticket",
    "time",
    "title",
    "today",
    "tool",
    "topic",
    "total",
    "track",
    "trade",
    "training",
    "transfer",
    "travel",
    "trial",
    "type",
    "unit",
    "update",
    "upload",
    "usage",
    "user",
    "value",
    "vendor",
    "version",
    "video",
    "view",
    "volume",
    "warning",
    "weekly",
    "width",
    "window",
    "work",
    "world",
    "year",
    "zone",
    // German, French, Spanish, Italian, Nordic: accents exercise Latin-1.
    "straße",
    "größe",
    "über",
    "können",
    "grüße",
    "bestätigen",
    "schließen",
    "öffnen",
    "änderung",
    "benutzer",
    "einstellungen",
    "prüfen",
    "café",
    "élève",
    "été",
    "forêt",
    "noël",
    "français",
    "garçon",
    "déjà",
    "réseau",
    "paramètres",
    "fenêtre",
    "aperçu",
    "créer",
    "supprimer",
    "enregistrer",
    "année",
    "niño",
    "año",
    "mañana",
    "señor",
    "información",
    "configuración",
    "búsqueda",
    "contraseña",
    "dirección",
    "teléfono",
    "città",
    "perché",
    "più",
    "però",
    "qualità",
    "attività",
    "smørrebrød",
    "kø",
    "på",
    "ålder",
    "människa",
    "sjö",
    "hjælp",
    "indstillinger",
    "ação",
    "informação",
    "coração",
    "não",
};

const char* const kFirstNames[] = {
    "Ada",    "Alan",   "Alice",  "Amelia", "Anna",   "Arthur", "Ben",    "Carla",  "Charlotte",
    "Chloé",  "Daniel", "David",  "Elena",  "Elif",   "Emma",   "Érica",  "Felix",  "François",
    "Grace",  "Hannah", "Hugo",   "Inès",   "Isabel", "Jack",   "Jan",    "José",   "Julia",
    "Jürgen", "Karin",  "Lars",   "Laura",  "Léa",    "Leo",    "Linus",  "Lucía",  "Lukas",
    "Marie",  "Mario",  "Mateo",  "Mia",    "Noah",   "Nora",   "Olivia", "Oscar",  "Pablo",
    "Paul",   "Pedro",  "Rafael", "Renée",  "Sara",   "Sofia",  "Søren",  "Thomas", "Tomás",
    "Victor", "Yara",   "Zoë",    "Åsa",    "Björn",  "Máire",
};

const char* const kLastNames[] = {
    "Andersen",  "Bauer",    "Becker",    "Bernard",    "Brown",     "Castro",   "Clarke",
    "Costa",     "Dubois",   "Fernández", "Fischer",    "García",    "Gómez",    "González",
    "Hansen",    "Hoffmann", "Jensen",    "Johnson",    "Jones",     "Kaya",     "Klein",
    "Koch",      "Lambert",  "Larsen",    "Lefèvre",    "López",     "Lovelace", "Martin",
    "Martínez",  "Meyer",    "Moreau",    "Müller",     "Nielsen",   "Núñez",    "O'Brien",
    "Petit",     "Pérez",    "Richter",   "Rossi",      "Russo",     "Schäfer",  "Schmidt",
    "Schneider", "Silva",    "Smith",     "Sørensen",   "Taylor",    "Turing",   "Weber",
    "Williams",  "Wilson",   "Wolf",      "Öztürk",     "Gonçalves", "Ibáñez",   "Björk",
    "Ångström",  "Ferreira", "van Dijk",  "de la Cruz",
};

const char* const kCities[] = {
    "Amsterdam", "Barcelona",  "Berlin",    "Bern",       "Bordeaux",  "Boston",    "Brussels",
    "Chicago",   "Copenhagen", "Dublin",    "Düsseldorf", "Edinburgh", "Frankfurt", "Genève",
    "Göteborg",  "Hamburg",    "Helsinki",  "Lisbon",     "London",    "Lyon",      "Madrid",
    "Málaga",    "Milan",      "Montréal",  "Munich",     "München",   "Nantes",    "New York",
    "Oslo",      "Paris",      "Porto",     "Prague",     "Québec",    "Rome",      "São Paulo",
    "Seattle",   "Sevilla",    "Stockholm", "Toronto",    "Vienna",    "Zürich",    "Köln",
    "Malmö",     "Århus",      "Bogotá",    "Córdoba",
};

const char* const kCountries[] = {
    "Argentina",   "Australia",   "Austria",       "Belgium",        "Brazil",        "Canada",
    "Chile",       "Denmark",     "Finland",       "France",         "Germany",       "Greece",
    "Iceland",     "Ireland",     "Italy",         "Japan",          "Mexico",        "Netherlands",
    "New Zealand", "Norway",      "Perú",          "Poland",         "Portugal",      "Spain",
    "Sweden",      "Switzerland", "Türkiye",       "United Kingdom", "United States", "Österreich",
    "España",      "Deutschland", "Côte d'Ivoire", "México",         "Brasil",
};

const char* const kStreets[] = {
    "Main Street", "High Street", "Oak Avenue",    "Park Road",      "Station Road",
    "Elm Street",  "Hauptstraße", "Bahnhofstraße", "Rue de la Paix", "Avenue des Champs",
    "Calle Mayor", "Via Roma",    "Church Lane",   "Mill Road",      "Königsallee",
    "Rua Augusta", "Gran Vía",    "Strøget",       "Maple Drive",    "Queen's Road",
};

const char* const kCompanies[] = {
    "Acme Corp",
    "Globex",
    "Initech",
    "Umbrella Ltd",
    "Stark Industries",
    "Wayne Enterprises",
    "Hooli",
    "Vandelay Industries",
    "Soylent",
    "Tyrell Corp",
    "Müller GmbH",
    "Dupont & Fils",
    "Nordisk A/S",
    "Café Central",
    "Pérez y Asociados",
    "Blue Sky Ltd",
    "Northwind Traders",
    "Contoso",
    "Fabrikam",
    "Litware Inc.",
};

const char* const kDomains[] = {
    "example.com", "example.org", "mail.com",    "post.de", "web.fr",
    "correo.es",   "inbox.eu",    "company.net", "uni.edu", "test.io",
};

const FieldTopic kFieldTopics[] = {
    {"First name", ValueKind::FirstName},
    {"Last name", ValueKind::LastName},
    {"Name", ValueKind::FullName},
    {"Full name", ValueKind::FullName},
    {"Surname", ValueKind::LastName},
    {"Given name", ValueKind::FirstName},
    {"Email", ValueKind::Email},
    {"E-mail", ValueKind::Email},
    {"Email address", ValueKind::Email},
    {"Phone", ValueKind::Phone},
    {"Phone number", ValueKind::Phone},
    {"Mobile", ValueKind::Phone},
    {"Date of birth", ValueKind::Date},
    {"Birthday", ValueKind::Date},
    {"Start date", ValueKind::Date},
    {"Due date", ValueKind::Date},
    {"Date", ValueKind::Date},
    {"Age", ValueKind::Number},
    {"Quantity", ValueKind::Number},
    {"Amount", ValueKind::Amount},
    {"Price", ValueKind::Amount},
    {"Budget", ValueKind::Amount},
    {"City", ValueKind::City},
    {"Town", ValueKind::City},
    {"Country", ValueKind::Country},
    {"Street", ValueKind::Street},
    {"Address", ValueKind::Street},
    {"Postal code", ValueKind::PostalCode},
    {"ZIP code", ValueKind::PostalCode},
    {"Company", ValueKind::Company},
    {"Organization", ValueKind::Company},
    {"Website", ValueKind::Url},
    {"URL", ValueKind::Url},
    {"Username", ValueKind::Username},
    {"User name", ValueKind::Username},
    {"Login", ValueKind::Username},
    {"Title", ValueKind::Words},
    {"Subject", ValueKind::Words},
    {"Description", ValueKind::Words},
    {"Comment", ValueKind::Words},
    {"Search", ValueKind::Word},
    {"Keyword", ValueKind::Word},
    {"Tags", ValueKind::Words},
    {"Reference", ValueKind::Number},
    {"Order number", ValueKind::Number},
    {"Invoice no.", ValueKind::Number},
    {"Vorname", ValueKind::FirstName},
    {"Nachname", ValueKind::LastName},
    {"Straße", ValueKind::Street},
    {"Prénom", ValueKind::FirstName},
    {"Téléphone", ValueKind::Phone},
    {"Ciudad", ValueKind::City},
    {"Año", ValueKind::Number},
    {"Dirección", ValueKind::Street},
    {"Société", ValueKind::Company},
    {"Größe", ValueKind::Number},
};

struct ChoiceList {
    const char* label;
    std::array<const char*, 8> options;
};

const ChoiceList kChoices[] = {
    {"Size", {"Small", "Medium", "Large", "Extra large", "XS", "XXL", "One size", "Custom"}},
    {"Color", {"Red", "Green", "Blue", "Black", "White", "Silver", "Dark grey", "Beige"}},
    {"Language",
     {"English", "Deutsch", "Français", "Español", "Italiano", "Português", "Nederlands",
      "Svenska"}},
    {"Priority", {"Low", "Normal", "High", "Urgent", "Critical", "None", "Medium", "Blocker"}},
    {"Status",
     {"Open", "Closed", "Pending", "In progress", "Resolved", "Draft", "Archived", "On hold"}},
    {"Shipping",
     {"Standard", "Express", "Overnight", "Pick-up", "Economy", "Next day", "Freight", "Same day"}},
    {"Payment",
     {"Credit card", "PayPal", "Bank transfer", "Invoice", "Cash", "Direct debit", "Gift card",
      "Cheque"}},
    {"Title", {"Mr", "Mrs", "Ms", "Dr", "Prof.", "Mx", "Herr", "Madame"}},
    {"Currency", {"EUR", "USD", "GBP", "CHF", "SEK", "DKK", "NOK", "JPY"}},
    {"Format", {"PDF", "PNG", "JPEG", "CSV", "Plain text", "HTML", "Markdown", "XML"}},
    {"Frequency",
     {"Daily", "Weekly", "Monthly", "Yearly", "Never", "Hourly", "Quarterly", "On demand"}},
    {"Role",
     {"Administrator", "Editor", "Viewer", "Owner", "Guest", "Developer", "Manager", "Reviewer"}},
    {"Theme",
     {"Light", "Dark", "System default", "High contrast", "Solarized", "Blue", "Classic",
      "Compact"}},
    {"Time zone",
     {"UTC", "Europe/Berlin", "Europe/Paris", "America/New_York", "Asia/Tokyo", "UTC+01:00", "GMT",
      "Europe/Zürich"}},
    {"Department",
     {"Sales", "Marketing", "Finance", "Engineering", "Support", "Legal", "Human resources",
      "Research"}},
    {"Sort by",
     {"Name", "Date modified", "Size", "Type", "Relevance", "Newest first", "Oldest first",
      "Price"}},
    {"Month", {"January", "February", "März", "April", "Mai", "Juni", "Août", "Décembre"}},
    {"Quality", {"Low", "Medium", "High", "Best", "Lossless", "720p", "1080p", "4K"}},
    // Short items (a digit, a percentage, a code) that a list reader must read exactly.
    {"Discount", {"0%", "5%", "10%", "15%", "20%", "25%", "50%", "100%"}},
    {"Zoom", {"50%", "75%", "100%", "125%", "150%", "200%", "Fit width", "Fit page"}},
    {"Copies", {"1", "2", "3", "4", "5", "6", "8", "10"}},
    {"Paper size", {"A4", "A3", "A5", "B5", "Letter", "Legal", "C6", "DL"}},
    {"Version", {"1.0", "2.1", "v3", "10.4", "R2", "7b", "X11", "2024a"}},
    {"Grade", {"A", "B+", "C", "1", "2-", "3", "IV", "0"}},
};

const char* const kButtons[] = {
    "OK",      "Cancel",    "Apply",       "Save",      "Submit",    "Next",
    "Back",    "Close",     "Continue",    "Finish",    "Browse...", "Search",
    "Send",    "Delete",    "Remove",      "Add",       "Edit",      "Reset",
    "Clear",   "Sign in",   "Log in",      "Sign up",   "Register",  "Create account",
    "Upload",  "Download",  "Export",      "Import",    "Print",     "Help",
    "Details", "Retry",     "Skip",        "Confirm",   "Accept",    "Decline",
    "Yes",     "No",        "Open",        "New",       "Refresh",   "Update",
    "Install", "Connect",   "Add to cart", "Check out", "Pay now",   "Subscribe",
    "Preview", "Speichern", "Abbrechen",   "Weiter",    "Zurück",    "Enregistrer",
    "Annuler", "Suivant",   "Aceptar",     "Cancelar",  "Guardar",   "Löschen",
    "Fermer",  "Schließen",
};

const char* const kCheckboxes[] = {
    "Remember me",
    "Keep me signed in",
    "Subscribe to the newsletter",
    "I agree to the terms and conditions",
    "Send me updates",
    "Show hidden files",
    "Enable notifications",
    "Use default settings",
    "Start automatically",
    "Ask before closing",
    "Show line numbers",
    "Wrap long lines",
    "Match case",
    "Whole words only",
    "Include subfolders",
    "Save password",
    "Enable dark mode",
    "Check for updates",
    "Allow cookies",
    "Make this my default",
    "Same as billing address",
    "Gift wrap",
    "Express delivery",
    "Notify me by email",
    "Public profile",
    "Two-factor authentication",
    "Auto-save every 5 minutes",
    "Compress files",
    "Overwrite existing files",
    "Open after export",
    "Passwort merken",
    "Se souvenir de moi",
    "Recordarme",
    "Accepter les conditions",
    "Newsletter abonnieren",
    "Mostrar más opciones",
};

const char* const kMenus[] = {
    "File",       "Edit",    "View",    "Insert",   "Format",    "Tools",     "Window",
    "Help",       "Go",      "Run",     "Project",  "Build",     "Debug",     "Image",
    "Layer",      "Select",  "Filter",  "Table",    "Data",      "Bookmarks", "History",
    "Settings",   "Options", "Account", "Terminal", "Navigate",  "Code",      "Datei",
    "Bearbeiten", "Ansicht", "Fichier", "Édition",  "Affichage", "Archivo",   "Ayuda",
};

const char* const kHeadings[] = {
    "Account settings",
    "Personal information",
    "Contact details",
    "Shipping address",
    "Billing information",
    "Create an account",
    "Sign in",
    "Preferences",
    "General",
    "Advanced options",
    "Notifications",
    "Privacy",
    "Payment method",
    "Order summary",
    "New project",
    "Export settings",
    "Print",
    "Find and replace",
    "Connection",
    "Network",
    "User profile",
    "Security",
    "Appearance",
    "Welcome back",
    "Checkout",
    "Registration",
    "Project properties",
    "Feedback",
    "Newsletter",
    "Book an appointment",
    "Persönliche Daten",
    "Paramètres",
    "Configuración",
    "Informations personnelles",
};

const char* const kHeaders[] = {
    "Name",     "Date",     "Size",  "Type",    "Status", "Owner",    "Amount",
    "Price",    "Qty",      "City",  "Country", "Email",  "Phone",    "ID",
    "Modified", "Priority", "Total", "Version", "Tags",   "Progress",
};

QString u(const char* text) {
    return QString::fromUtf8(text);
}

QString capitalize(QString text) {
    if (!text.isEmpty()) text[0] = text[0].toUpper();
    return text;
}

// Plain ASCII for the local part of addresses and user names.
QString asciiFold(const QString& text) {
    QString folded = text.normalized(QString::NormalizationForm_D);
    QString out;
    for (QChar c : folded) {
        if (c.unicode() < 128 && (c.isLetterOrNumber() || c == '.' || c == '-' || c == '_'))
            out += c;
        else if (c == ' ' || c == '\'')
            out += QChar(u'.');
    }
    return out.toLower();
}

}  // namespace

QString stripMnemonic(const QString& caption) {
    QString out;
    out.reserve(caption.size());
    for (qsizetype i = 0; i < caption.size(); ++i) {
        if (caption[i] == '&') {
            if (i + 1 < caption.size() && caption[i + 1] == '&') {
                out += QChar(u'&');
                ++i;
            }
            continue;
        }
        out += caption[i];
    }
    return out;
}

QString Vocabulary::word() {
    return u(rng_.pick(kWords));
}

QString Vocabulary::capitalWord() {
    return capitalize(word());
}

QString Vocabulary::phrase(int minWords, int maxWords) {
    const int n = rng_.uniform(minWords, maxWords);
    QStringList words;
    for (int i = 0; i < n; ++i) words << word();
    return capitalize(words.join(' '));
}

QString Vocabulary::sentence() {
    QStringList words;
    const int n = rng_.uniform(4, 14);
    for (int i = 0; i < n; ++i) {
        switch (rng_.weighted({20, 1, 1, 1})) {
            case 1:
                words << firstName();
                break;
            case 2:
                words << number();
                break;
            case 3:
                words << city();
                break;
            default:
                words << word();
        }
        if (i + 1 < n && rng_.chance(0.06)) words.last() += ',';
    }
    return capitalize(words.join(' ')) + rng_.pick({'.', '.', '.', '!', '?', ':'});
}

QString Vocabulary::firstName() {
    return u(rng_.pick(kFirstNames));
}

QString Vocabulary::lastName() {
    return u(rng_.pick(kLastNames));
}

QString Vocabulary::fullName() {
    if (rng_.chance(0.15)) return lastName() + ", " + firstName();
    return firstName() + ' ' + lastName();
}

QString Vocabulary::email() {
    QString local;
    switch (rng_.uniform(0, 3)) {
        case 0:
            local = asciiFold(firstName()) + '.' + asciiFold(lastName());
            break;
        case 1:
            local = asciiFold(firstName()).left(1) + asciiFold(lastName());
            break;
        case 2:
            local = asciiFold(firstName()) + QString::number(rng_.uniform(1, 99));
            break;
        default:
            local = asciiFold(word());
    }
    return local + '@' + u(rng_.pick(kDomains));
}

QString Vocabulary::phone() {
    auto digits = [this](int n) {
        QString s;
        for (int i = 0; i < n; ++i) s += QChar(u'0' + rng_.uniform(0, 9));
        return s;
    };
    switch (rng_.uniform(0, 3)) {
        case 0:
            return "+1 555 " + digits(3) + ' ' + digits(4);
        case 1:
            return "+49 " + digits(3) + ' ' + digits(7);
        case 2:
            return '(' + digits(3) + ") " + digits(3) + '-' + digits(4);
        default:
            return "0" + digits(2) + ' ' + digits(2) + ' ' + digits(2) + ' ' + digits(2);
    }
}

QString Vocabulary::date() {
    const int year = rng_.uniform(1950, 2030);
    const int month = rng_.uniform(1, 12);
    const int day = rng_.uniform(1, 28);
    auto two = [](int v) { return QString::number(v).rightJustified(2, '0'); };
    const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    switch (rng_.uniform(0, 4)) {
        case 0:
            return QString::number(year) + '-' + two(month) + '-' + two(day);
        case 1:
            return two(day) + '/' + two(month) + '/' + QString::number(year);
        case 2:
            return two(month) + '/' + two(day) + '/' + QString::number(year);
        case 3:
            return two(day) + '.' + two(month) + '.' + QString::number(year);
        default:
            return QString::number(day) + ' ' + kMonths[month - 1] + ' ' + QString::number(year);
    }
}

QString Vocabulary::number() {
    switch (rng_.uniform(0, 5)) {
        case 0:
            return QString::number(rng_.uniform(0, 99));
        case 1:
            return QString::number(rng_.uniform(100, 99999));
        case 2:
            return QString::number(rng_.uniform(1, 9)) + '.' + QString::number(rng_.uniform(0, 9));
        case 3:
            return QString::number(rng_.uniform(0, 100)) + '%';
        case 4: {  // a short code: "V60", "K9"
            static const char kLetters[] = "ABCDEKMQRSVXZ";
            return QChar(kLetters[rng_.uniform(0, 12)]) + QString::number(rng_.uniform(0, 99));
        }
        default:
            return QString::number(rng_.uniform(1000, 9999999));
    }
}

QString Vocabulary::amount() {
    const int units = rng_.uniform(0, 25000);
    const QString cents = QString::number(rng_.uniform(0, 99)).rightJustified(2, '0');
    switch (rng_.uniform(0, 4)) {
        case 0:
            return '$' + QString::number(units) + '.' + cents;
        case 1:
            return QString::number(units) + ',' + cents + " EUR";
        case 2:
            return QString::fromUtf8("£") + QString::number(units) + '.' + cents;
        case 3:
            return QString::number(units) + '.' + cents;
        default:
            return "CHF " + QString::number(units) + '.' + cents;
    }
}

QString Vocabulary::city() {
    return u(rng_.pick(kCities));
}

QString Vocabulary::country() {
    return u(rng_.pick(kCountries));
}

QString Vocabulary::street() {
    return u(rng_.pick(kStreets)) + ' ' + QString::number(rng_.uniform(1, 250));
}

QString Vocabulary::postalCode() {
    switch (rng_.uniform(0, 2)) {
        case 0:
            return QString::number(rng_.uniform(10000, 99999));
        case 1:
            return QString::number(rng_.uniform(1000, 9999));
        default:
            return "SW" + QString::number(rng_.uniform(1, 20)) + ' ' +
                   QString::number(rng_.uniform(1, 9)) + "AB";
    }
}

QString Vocabulary::company() {
    return u(rng_.pick(kCompanies));
}

QString Vocabulary::url() {
    return rng_.pick({"https://", "http://", "", "www."}) + asciiFold(word()) + '.' +
           rng_.pick({"com", "org", "de", "fr", "io", "net"}) +
           (rng_.chance(0.3) ? '/' + asciiFold(word()) : QString());
}

QString Vocabulary::username() {
    return asciiFold(firstName()) + rng_.pick({"", "_", "."}) +
           (rng_.chance(0.5) ? QString::number(rng_.uniform(1, 2024)) : asciiFold(word()));
}

QString Vocabulary::value(ValueKind kind) {
    switch (kind) {
        case ValueKind::Word:
            return word();
        case ValueKind::Words:
            return phrase(1, 5);
        case ValueKind::FirstName:
            return firstName();
        case ValueKind::LastName:
            return lastName();
        case ValueKind::FullName:
            return fullName();
        case ValueKind::Email:
            return email();
        case ValueKind::Phone:
            return phone();
        case ValueKind::Date:
            return date();
        case ValueKind::Number:
            return number();
        case ValueKind::Amount:
            return amount();
        case ValueKind::City:
            return city();
        case ValueKind::Country:
            return country();
        case ValueKind::Street:
            return street();
        case ValueKind::PostalCode:
            return postalCode();
        case ValueKind::Company:
            return company();
        case ValueKind::Url:
            return url();
        case ValueKind::Username:
            return username();
        default:
            return word();
    }
}

FieldTopic Vocabulary::fieldTopic() {
    if (rng_.chance(0.12)) return FieldTopic{phrase(1, 3), ValueKind::Words};
    return rng_.pick(kFieldTopics);
}

QString Vocabulary::styleLabel(const QString& label, bool colon, bool required) {
    QString text = label;
    const int style = rng_.weighted({10, 1, 1});
    if (style == 1) text = text.toUpper();
    if (style == 2) {  // Title Case
        QStringList parts = text.split(' ');
        for (QString& part : parts) part = capitalize(part);
        text = parts.join(' ');
    }
    if (required) text += rng_.chance(0.7) ? " *" : "*";
    if (colon) text += ':';
    return text;
}

ChoiceTopic Vocabulary::choiceTopic() {
    if (rng_.chance(0.15)) {
        ChoiceTopic topic{"Country", {}};
        while (topic.options.size() < 8) {
            const QString option = country();
            if (!topic.options.contains(option)) topic.options << option;
        }
        return topic;
    }
    if (rng_.chance(0.1)) {
        ChoiceTopic topic{"City", {}};
        while (topic.options.size() < 8) {
            const QString option = city();
            if (!topic.options.contains(option)) topic.options << option;
        }
        return topic;
    }
    const ChoiceList& list = rng_.pick(kChoices);
    ChoiceTopic topic{u(list.label), {}};
    for (const char* option : list.options) topic.options << u(option);
    return topic;
}

QString Vocabulary::buttonCaption() {
    if (rng_.chance(0.15)) return phrase(1, 2);
    return u(rng_.pick(kButtons));
}

QString Vocabulary::toolCommand() {
    return rng_.pick({"Open", "Save as…", "Print preview", "Spell check", "Export PDF", "Send mail",
                      "Clear", "Quit", "Settings", "Refresh", "Import…", "Duplicate", "Archive",
                      "Statistics", "Undo", "Configuration", "Edit text", "Print cover", "Send fax",
                      "New record", "Delete record", "Drucken", "Vorschau", "Beenden", "Imprimer",
                      "Aperçu", "Find…", "Attach file", "Validate", "Multiple let.", "Log out", "Sync"});
}

QStringList Vocabulary::dialogButtons() {
    switch (rng_.weighted({6, 2, 2, 2, 1, 1})) {
        case 0:
            return {"OK", "Cancel"};
        case 1:
            return {"Save", "Cancel"};
        case 2:
            return {"Apply", "OK", "Cancel"};
        case 3:
            return {"Yes", "No"};
        case 4:
            return {"Next", "Back", "Cancel"};
        default:
            return {buttonCaption(), "Cancel", "Help"};
    }
}

QString Vocabulary::checkboxCaption() {
    if (rng_.chance(0.25)) return phrase(1, 4);
    return u(rng_.pick(kCheckboxes));
}

QString Vocabulary::menuTitle() {
    return u(rng_.pick(kMenus));
}

QString Vocabulary::heading() {
    if (rng_.chance(0.2)) return phrase(1, 4);
    return u(rng_.pick(kHeadings));
}

QString Vocabulary::tableHeader() {
    if (rng_.chance(0.2)) return capitalWord();
    return u(rng_.pick(kHeaders));
}

QString Vocabulary::cellValue(const QString& header) {
    if (header == "Name" || header == "Owner") return rng_.chance(0.5) ? fullName() : word();
    if (header == "Date" || header == "Modified") return date();
    if (header == "Size")
        return QString::number(rng_.uniform(1, 999)) + rng_.pick({" KB", " MB", " B"});
    if (header == "Amount" || header == "Price" || header == "Total") return amount();
    if (header == "Qty" || header == "ID" || header == "Version") return number();
    if (header == "City") return city();
    if (header == "Country") return country();
    if (header == "Email") return email();
    if (header == "Phone") return phone();
    if (header == "Progress") return QString::number(rng_.uniform(0, 100)) + '%';
    if (header == "Status" || header == "Priority") return capitalWord();
    return rng_.chance(0.7) ? word() : phrase(1, 3);
}

}  // namespace hemu::generator
