#pragma once
// Ground truth of a synthetic screen: every control and every line of text on it, with tight
// boxes in screen pixels. The JSON schema is the one the screen-parsing model outputs:
//
//   {"width": W, "height": H, "seed": S, "renderer": "qt", "style": "Fusion",
//    "font": "DejaVu Sans", "dark": false,
//    "elements": [{"id": 0, "type": "textfield", "box": [x, y, w, h], "text": "Ada",
//                  "label": 5}, ...]}
//
// "placeholder": true on a textfield whose text is its greyed placeholder (absent otherwise),
// "checked" on every checkbox and radio, "label" (id of a text element) on controls that have
// one. models/renderers (GTK, Tk) write the same elements. "decoys": [[x, y, w, h], ...], when
// there are any, boxes of things drawn like a control that are none (a title bar's window
// buttons), uncovered; not elements.
//
//   Capture capture = captureScreen(top);          // top: laid out and shown (ScreenBuilder)
//   capture.truth.seed = seed; ...
//   save(capture.image); write(toJson(capture.truth));
//
// How boxes are found. Controls: the widget's rectangle (checkbox and radio: the style's click
// rectangle, SE_CheckBoxClickRect / SE_RadioButtonClickRect, which covers the indicator and the
// caption, grown to the caption's ink if that reaches further). Texts: the screen is rendered a
// second time with every text colour role (WindowText, Text, ButtonText, HighlightedText,
// PlaceholderText) set to its background role; the pixels that differ inside the text's cell
// (label contents, menu item, table cell, header section, paragraph line) are its ink, and the box
// is the ink's bounding box. So a text box is exactly where its glyphs are, for every style and
// font, without modelling how each style lays text out.

#include <QImage>
#include <QRect>
#include <QString>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

class QWidget;

namespace hemu::generator {

enum class ElementType { Invalid, TextField, Button, CheckBox, Radio, Dropdown, Text };

/// "textfield", "button", "checkbox", "radio", "dropdown", "text".
const char* typeName(ElementType type);

struct Element {
    ElementType type = ElementType::Invalid;
    QRect box;  // screen pixels, tight
    QString text;
    bool placeholder = false;  // textfield: `text` is the greyed placeholder
    bool checked = false;      // checkbox, radio
    int label = -1;            // index of the text element that labels this control, or -1
};

/// Why texts that are on the screen were left out of the ground truth (for diagnostics).
struct DropCounts {
    int clipped = 0;    // wider than the widget showing it, or elided
    int noInk = 0;      // nothing drawn where the text should be
    int hidden = 0;     // not fully visible: cut by a scroll area or the window, or covered
    int multiline = 0;  // a label with line breaks (the generator makes none)

    DropCounts& operator+=(const DropCounts& o) {
        clipped += o.clipped;
        noInk += o.noInk;
        hidden += o.hidden;
        multiline += o.multiline;
        return *this;
    }
};

struct ScreenTruth {
    int width = 0;
    int height = 0;
    uint64_t seed = 0;
    QString style;
    QString font;
    bool dark = false;
    std::vector<Element> elements;  // top to bottom, then left to right
    std::vector<QRect> decoys;      // look like controls and are none (kDecoyProperty)
    DropCounts dropped;
};

struct Capture {
    QImage image;  // Format_RGB32, the screen as shown
    QImage ink;    // Format_Grayscale8, per-pixel text ink (difference of the two renders);
                   // null unless asked for
    ScreenTruth truth;
};

/// Renders `top` and reads the ground truth from its widgets. `top` must be laid out and shown
/// (Qt::WA_DontShowOnScreen is fine). Afterwards the widgets' palettes are changed (the second
/// render): `top` is spent. `withInk` also fills Capture::ink (a few ms more).
Capture captureScreen(QWidget* top, bool withInk = false);

nlohmann::ordered_json toJson(const ScreenTruth& truth);

/// The screen with every ground-truth box outlined (just outside the box, one colour per type),
/// its text above it, and a line from each control to its label.
QImage drawOverlay(const QImage& screen, const ScreenTruth& truth);

}  // namespace hemu::generator
