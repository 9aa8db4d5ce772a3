#pragma once
// The form lab's spec file: a JSON description of a form (see README.md for the format).
//
//   FormSpec spec = loadFormSpec("resources/forms/contact.json");  // throws SpecError
//   for (const PageSpec& page : spec.pages) ...
//
// Loading normalises the spec: the single-page shorthand becomes one page, and every page gets
// its navigation buttons (Next / Back / Submit) unless the spec declares its own.

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace hemu::formlab {

/// A spec file that cannot be read, is not JSON, or does not describe a form. The message
/// already names the file and, for JSON syntax errors, the line and column.
class SpecError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class ItemKind {
    Invalid,
    Label,
    Text,
    Password,
    Number,
    Date,
    Dropdown,
    Checkbox,
    Radio,
    Button
};

enum class ButtonAction { Invalid, None, Next, Back, Submit };

enum class LayoutKind { Invalid, LabelLeft, LabelAbove, TwoColumns };

/// One entry of a page: a static label, an input field, or a button.
struct ItemSpec {
    ItemKind kind = ItemKind::Invalid;
    std::string id;           ///< key in the submitted values; may be empty for labels
    std::string text;         ///< field caption, label text, or button caption
    std::string placeholder;  ///< text/password/number fields; dropdown with no preselection
    std::optional<std::string> defaultText;  ///< text, password, number, date, dropdown, radio
    bool defaultChecked = false;             ///< checkbox
    bool required = false;
    bool picker = false;  ///< date: a QDateEdit with a calendar instead of a checked text field
    std::vector<std::string> options;             ///< dropdown and radio
    ButtonAction action = ButtonAction::Invalid;  ///< buttons only

    bool isField() const;
};

struct PageSpec {
    std::string title;  ///< shown as a heading above the page's items when not empty
    LayoutKind layout = LayoutKind::Invalid;
    std::vector<ItemSpec> items;
};

struct FormSpec {
    std::string title;  ///< window title
    bool stayOpen = false;
    std::vector<PageSpec> pages;
};

/// Parses spec text; `fileName` is used in error messages only.
FormSpec parseFormSpec(const std::string& text, const std::string& fileName);

/// Reads and parses a spec file.
FormSpec loadFormSpec(const std::string& path);

}  // namespace hemu::formlab
