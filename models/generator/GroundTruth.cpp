#include "GroundTruth.h"

#include <QAbstractButton>
#include <QAbstractTextDocumentLayout>
#include <QAction>
#include <QCheckBox>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QPainter>
#include <QRadioButton>
#include <QScrollBar>
#include <QStyle>
#include <QStyleOptionButton>
#include <QStyleOptionGroupBox>
#include <QTableView>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextEdit>
#include <QTextLayout>
#include <QToolButton>
#include <QWidget>
#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>

#include "ScreenBuilder.h"
#include "Vocabulary.h"

namespace hemu::generator {
namespace {

// A pixel is ink when the two renders differ there by at least this fraction of the largest
// difference inside the text's cell (the difference of a fully covered pixel): anti-aliased
// fringes fainter than that are not part of the tight box. 0.3 cut off the hairline "+" of a
// display serif at 9 pt (peak 78 of 207); 0.15 keeps every stroke a reader can see.
constexpr double kInkFraction = 0.15;
// Below this (8-bit channel units) a difference is noise, not text.
constexpr int kMinInkDiff = 16;

// A text or control found in the widget tree, before its ink is measured.
struct Candidate {
    Element element;
    const QWidget* owner = nullptr;    // the widget that draws it (for occlusion)
    const QWidget* control = nullptr;  // controls: the widget, to link labels to
    const QWidget* buddy = nullptr;    // texts from a QLabel: the control it labels
    QRect visible;                     // the owner's visible part, screen coordinates
    // Texts, checkbox and radio captions: where the ink may lie (screen coordinates, already
    // clipped to `visible`), and whether that clipping cut the cell on each side.
    QRect inkRegion;
    bool cutLeft = false, cutTop = false, cutRight = false, cutBottom = false;
    int advancePx = 0;  // texts: the owner font's advance width of the text (diagnostics)
};

int channelDiff(QRgb a, QRgb b) {
    return std::max({std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)),
                     std::abs(qBlue(a) - qBlue(b))});
}

// The bounding box of the ink inside `region`, ignoring pixels inside `masked` (widgets drawn over
// the text's owner, whose own text would otherwise count).
std::optional<QRect> inkBox(const QImage& shown, const QImage& hidden, QRect region,
                            const std::vector<QRect>& masked = {}) {
    region &= shown.rect();
    if (region.isEmpty()) return std::nullopt;
    auto isMasked = [&masked](int x, int y) {
        for (const QRect& m : masked)
            if (m.contains(x, y)) return true;
        return false;
    };
    int maxDiff = 0;
    for (int y = region.top(); y <= region.bottom(); ++y) {
        const auto* a = reinterpret_cast<const QRgb*>(shown.constScanLine(y));
        const auto* b = reinterpret_cast<const QRgb*>(hidden.constScanLine(y));
        for (int x = region.left(); x <= region.right(); ++x)
            if (!isMasked(x, y)) maxDiff = std::max(maxDiff, channelDiff(a[x], b[x]));
    }
    if (maxDiff < kMinInkDiff) return std::nullopt;
    const int threshold = std::max(kMinInkDiff, static_cast<int>(maxDiff * kInkFraction));
    int left = region.right() + 1, right = region.left() - 1;
    int top = region.bottom() + 1, bottom = region.top() - 1;
    for (int y = region.top(); y <= region.bottom(); ++y) {
        const auto* a = reinterpret_cast<const QRgb*>(shown.constScanLine(y));
        const auto* b = reinterpret_cast<const QRgb*>(hidden.constScanLine(y));
        for (int x = region.left(); x <= region.right(); ++x) {
            if (channelDiff(a[x], b[x]) < threshold || isMasked(x, y)) continue;
            left = std::min(left, x);
            right = std::max(right, x);
            top = std::min(top, y);
            bottom = std::max(bottom, y);
        }
    }
    return QRect(QPoint(left, top), QPoint(right, bottom));
}

// Every text colour role becomes its background role, in every widget's own palette.
void hideTextColours(QWidget* top) {
    QList<QWidget*> widgets = top->findChildren<QWidget*>();
    widgets.prepend(top);
    // Read all resolved palettes first: setting a parent's would change what children resolve.
    std::vector<QPalette> palettes;
    palettes.reserve(static_cast<size_t>(widgets.size()));
    for (QWidget* widget : widgets) palettes.push_back(widget->palette());
    for (qsizetype i = 0; i < widgets.size(); ++i) {
        QPalette p = palettes[static_cast<size_t>(i)];
        for (int g = 0; g < QPalette::NColorGroups; ++g) {
            const auto group = static_cast<QPalette::ColorGroup>(g);
            p.setBrush(group, QPalette::WindowText, p.brush(group, QPalette::Window));
            p.setBrush(group, QPalette::Text, p.brush(group, QPalette::Base));
            p.setBrush(group, QPalette::ButtonText, p.brush(group, QPalette::Button));
            p.setBrush(group, QPalette::HighlightedText, p.brush(group, QPalette::Highlight));
            p.setBrush(group, QPalette::PlaceholderText, p.brush(group, QPalette::Base));
        }
        widgets[i]->setPalette(p);
    }
}

QImage render(QWidget* top) {
    return top->grab().toImage().convertToFormat(QImage::Format_RGB32);
}

class Collector {
public:
    explicit Collector(QWidget* top) : top_(top) {}

    void visit(QWidget* widget);

    std::vector<Candidate> candidates;
    DropCounts dropped;

private:
    QRect toTop(const QWidget* widget, const QRect& rect) const {
        return rect.translated(widget->mapTo(top_, QPoint(0, 0)));
    }
    // The part of `widget` not cut off by its ancestors, in screen coordinates.
    QRect visibleRect(const QWidget* widget) const {
        QRect rect = toTop(widget, widget->rect());
        for (const QWidget* p = widget->parentWidget(); p; p = p->parentWidget()) {
            rect &= toTop(p, p->rect());
            if (p == top_) break;
        }
        return rect;
    }

    void addControl(ElementType type, QWidget* widget, const QString& text);
    // `cell` in screen coordinates: where this text, and nothing else of text colour, is drawn.
    void addText(const QString& text, const QRect& cell, const QRect& visible, const QWidget* owner,
                 const QWidget* buddy = nullptr);
    void addCheck(QAbstractButton* button, ElementType type, QStyle::SubElement clickRect);
    void addLabel(QLabel* label);
    void addGroupTitle(QGroupBox* box);
    void addMenuBar(QMenuBar* bar);
    void addTable(QTableView* table);
    void addList(QListView* list);
    void addTextEdit(QTextEdit* edit);
    void addHeader(QHeaderView* header);
    bool fits(const QString& text, const QFont& font, int widthPx) {
        if (QFontMetrics(font).horizontalAdvance(text) <= widthPx) return true;
        ++dropped.clipped;
        return false;
    }

    QWidget* top_;
};

void Collector::visit(QWidget* widget) {
    if (widget != top_ && !widget->isVisibleTo(top_)) return;
    if (auto* edit = qobject_cast<QLineEdit*>(widget)) {
        const bool placeholder = edit->text().isEmpty() && !edit->placeholderText().isEmpty();
        addControl(ElementType::TextField, edit,
                   placeholder ? edit->placeholderText() : edit->text());
        candidates.back().element.placeholder = placeholder;
        return;
    }
    if (auto* combo = qobject_cast<QComboBox*>(widget)) {
        addControl(ElementType::Dropdown, combo, combo->currentText());
        return;
    }
    if (auto* spin = qobject_cast<QAbstractSpinBox*>(widget)) {  // its line edit and arrows: one field
        addControl(ElementType::TextField, spin, spin->text());
        return;
    }
    if (auto* check = qobject_cast<QCheckBox*>(widget)) {
        addCheck(check, ElementType::CheckBox, QStyle::SE_CheckBoxClickRect);
        return;
    }
    if (auto* radio = qobject_cast<QRadioButton*>(widget)) {
        addCheck(radio, ElementType::Radio, QStyle::SE_RadioButtonClickRect);
        return;
    }
    if (auto* button = qobject_cast<QAbstractButton*>(widget)) {  // push and tool buttons
        const QString text = stripMnemonic(button->text());
        if (!text.trimmed().isEmpty()) addControl(ElementType::Button, button, text);
        return;
    }
    if (auto* label = qobject_cast<QLabel*>(widget)) {
        addLabel(label);
        return;
    }
    if (auto* bar = qobject_cast<QMenuBar*>(widget)) {
        addMenuBar(bar);
        return;
    }
    if (auto* table = qobject_cast<QTableView*>(widget)) {
        addTable(table);
        return;
    }
    if (auto* list = qobject_cast<QListView*>(widget)) {
        addList(list);
        return;
    }
    if (auto* edit = qobject_cast<QTextEdit*>(widget)) {
        addTextEdit(edit);
        return;
    }
    if (auto* box = qobject_cast<QGroupBox*>(widget)) addGroupTitle(box);
    for (QObject* child : widget->children()) {
        auto* childWidget = qobject_cast<QWidget*>(child);
        if (childWidget && !childWidget->isWindow()) visit(childWidget);
    }
}

void Collector::addControl(ElementType type, QWidget* widget, const QString& text) {
    Candidate c;
    c.element.type = type;
    c.element.box = toTop(widget, widget->rect());
    c.element.text = text;
    c.owner = widget;
    c.control = widget;
    c.visible = visibleRect(widget);
    candidates.push_back(c);
}

void Collector::addText(const QString& text, const QRect& cell, const QRect& visible,
                        const QWidget* owner, const QWidget* buddy) {
    if (text.trimmed().isEmpty()) return;
    Candidate c;
    c.element.type = ElementType::Text;
    c.element.text = text.trimmed();
    c.owner = owner;
    c.buddy = buddy;
    c.visible = visible;
    c.inkRegion = cell & visible;
    c.cutLeft = c.inkRegion.left() > cell.left();
    c.cutTop = c.inkRegion.top() > cell.top();
    c.cutRight = c.inkRegion.right() < cell.right();
    c.cutBottom = c.inkRegion.bottom() < cell.bottom();
    c.advancePx = QFontMetrics(owner->font()).horizontalAdvance(c.element.text);
    candidates.push_back(c);
}

void Collector::addCheck(QAbstractButton* button, ElementType type, QStyle::SubElement clickRect) {
    // What QCheckBox/QRadioButton::initStyleOption fill in for the geometry.
    QStyleOptionButton option;
    option.initFrom(button);
    option.text = button->text();
    option.icon = button->icon();
    option.iconSize = button->iconSize();
    option.state |= button->isChecked() ? QStyle::State_On : QStyle::State_Off;
    const QRect click = button->style()->subElementRect(clickRect, &option, button);
    addControl(type, button, stripMnemonic(button->text()));
    Candidate& c = candidates.back();
    c.element.box = toTop(button, click & button->rect());
    c.element.checked = button->isChecked();
    c.inkRegion = toTop(button, button->rect()) & c.visible;
}

void Collector::addLabel(QLabel* label) {
    const QString text = label->text();
    if (text.trimmed().isEmpty() || !label->pixmap().isNull()) return;
    if (text.contains('\n')) {
        ++dropped.multiline;
        return;
    }
    const QRect contents = label->contentsRect().adjusted(label->margin(), label->margin(),
                                                          -label->margin(), -label->margin());
    if (!fits(text, label->font(), contents.width())) return;
    addText(text, toTop(label, contents), visibleRect(label), label, label->buddy());
}

void Collector::addGroupTitle(QGroupBox* box) {
    if (box->title().isEmpty()) return;
    QStyleOptionGroupBox option;  // as QGroupBox::initStyleOption
    option.initFrom(box);
    option.text = box->title();
    option.lineWidth = 1;
    option.midLineWidth = 0;
    option.textAlignment = box->alignment();
    option.subControls = QStyle::SC_GroupBoxFrame | QStyle::SC_GroupBoxLabel;
    if (box->isFlat()) option.features |= QStyleOptionFrame::Flat;
    const QRect title =
        box->style()->subControlRect(QStyle::CC_GroupBox, &option, QStyle::SC_GroupBoxLabel, box);
    // Some styles draw the title bolder than the rectangle they report; two spare pixels.
    addText(stripMnemonic(box->title()), toTop(box, title.adjusted(-2, 0, 2, 0) & box->rect()),
            visibleRect(box), box);
}

void Collector::addMenuBar(QMenuBar* bar) {
    QRect usable = bar->rect();
    for (auto* extension : bar->findChildren<QToolButton*>())  // the ">>" of hidden menus
        if (extension->isVisibleTo(bar))
            usable.setRight(std::min(usable.right(), extension->x() - 1));
    for (QAction* action : bar->actions()) {
        if (!action->isVisible() || action->isSeparator()) continue;
        const QRect item = bar->actionGeometry(action);
        if (item.isEmpty() || !usable.contains(item)) continue;
        addText(stripMnemonic(action->text()), toTop(bar, item), visibleRect(bar), bar);
    }
}

void Collector::addHeader(QHeaderView* header) {
    if (!header->isVisibleTo(top_)) return;
    QWidget* viewport = header->viewport();
    const QRect visible = visibleRect(viewport);
    const int margin = header->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, header);
    for (int i = 0; i < header->count(); ++i) {
        if (header->isSectionHidden(i)) continue;
        const int position = header->sectionViewportPosition(i);
        const int size = header->sectionSize(i);
        const QString text =
            header->model()->headerData(i, header->orientation(), Qt::DisplayRole).toString();
        if (text.isEmpty()) continue;
        const QRect section = header->orientation() == Qt::Horizontal
                                  ? QRect(position, 0, size, viewport->height())
                                  : QRect(0, position, viewport->width(), size);
        if (!fits(text, header->font(), section.width() - 2 * margin)) continue;
        // One pixel in from each side: section separators are drawn on the edges.
        addText(text, toTop(viewport, section.adjusted(1, 1, -1, -1)), visible, header);
    }
}

void Collector::addTable(QTableView* table) {
    addHeader(table->horizontalHeader());
    addHeader(table->verticalHeader());
    QWidget* viewport = table->viewport();
    const QRect visible = visibleRect(viewport);
    // QStyledItemDelegate's text margin (QCommonStylePrivate::viewItemDrawText).
    const int textMargin =
        table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, table) + 1;
    const QAbstractItemModel* model = table->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        for (int c = 0; c < model->columnCount(); ++c) {
            const QModelIndex index = model->index(r, c);
            const QString text = index.data(Qt::DisplayRole).toString();
            if (text.isEmpty()) continue;
            const QRect cell = table->visualRect(index);
            if (!fits(text, table->font(), cell.width() - 2 * textMargin)) continue;
            addText(text, toTop(viewport, cell), visible, table);
        }
    }
}

void Collector::addList(QListView* list) {
    QWidget* viewport = list->viewport();
    const QRect visible = visibleRect(viewport);
    const int textMargin =
        list->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, list) + 1;
    const QAbstractItemModel* model = list->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        const QModelIndex index = model->index(r, 0);
        const QString text = index.data(Qt::DisplayRole).toString();
        if (text.isEmpty()) continue;
        const QRect cell = list->visualRect(index);
        if (!fits(text, list->font(), cell.width() - 2 * textMargin)) continue;
        addText(text, toTop(viewport, cell), visible, list);
    }
}

void Collector::addTextEdit(QTextEdit* edit) {
    QWidget* viewport = edit->viewport();
    const QRect visible = visibleRect(viewport);
    const QPoint scroll(edit->horizontalScrollBar()->value(), edit->verticalScrollBar()->value());
    QTextDocument* document = edit->document();
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        // blockBoundingRect lays the block out and places its QTextLayout's origin.
        const QPointF origin = document->documentLayout()->blockBoundingRect(block).topLeft();
        const QTextLayout* layout = block.layout();
        for (int i = 0; layout && i < layout->lineCount(); ++i) {
            const QTextLine line = layout->lineAt(i);
            const QString text = block.text().mid(line.textStart(), line.textLength());
            const QRect rect = line.naturalTextRect().translated(origin).toAlignedRect();
            addText(text, toTop(viewport, rect.translated(-scroll).adjusted(-2, 0, 2, 0)), visible,
                    edit);
        }
    }
}

// Top to bottom, then left to right.
bool readingOrder(const Element& a, const Element& b) {
    if (a.box.top() != b.box.top()) return a.box.top() < b.box.top();
    return a.box.left() < b.box.left();
}

}  // namespace

const char* typeName(ElementType type) {
    switch (type) {
        case ElementType::TextField:
            return "textfield";
        case ElementType::Button:
            return "button";
        case ElementType::CheckBox:
            return "checkbox";
        case ElementType::Radio:
            return "radio";
        case ElementType::Dropdown:
            return "dropdown";
        case ElementType::Text:
            return "text";
        default:
            return "invalid";
    }
}

Capture captureScreen(QWidget* top, bool withInk) {
    Capture capture;
    capture.image = render(top);
    capture.truth.width = capture.image.width();
    capture.truth.height = capture.image.height();

    Collector collector(top);
    collector.visit(top);
    capture.truth.dropped = collector.dropped;
    DropCounts& dropped = capture.truth.dropped;

    hideTextColours(top);
    const QImage hidden = render(top);

    // HEMU_GEN_DEBUG=1 lists the texts left out and why, and the ink no box covers.
    static const bool debug = qEnvironmentVariableIntValue("HEMU_GEN_DEBUG") != 0;
    if (withInk || debug) capture.ink = QImage(capture.image.size(), QImage::Format_Grayscale8);
    for (int y = 0; y < capture.ink.height(); ++y) {
        const auto* a = reinterpret_cast<const QRgb*>(capture.image.constScanLine(y));
        const auto* b = reinterpret_cast<const QRgb*>(hidden.constScanLine(y));
        uchar* out = capture.ink.scanLine(y);
        for (int x = 0; x < capture.image.width(); ++x)
            out[x] = static_cast<uchar>(channelDiff(a[x], b[x]));
    }

    // Widgets drawn over others (a dialog over a window) hide what lies under them.
    std::vector<const QWidget*> occluders;
    for (const QWidget* widget : top->findChildren<QWidget*>())
        if (widget->property(kOccluderProperty).toBool() && widget->isVisibleTo(top))
            occluders.push_back(widget);

    for (const QWidget* widget : top->findChildren<QWidget*>()) {
        const QVariant decoy = widget->property(kDecoyProperty);
        if (!decoy.isValid() || !widget->isVisibleTo(top)) continue;
        const QRect box = decoy.toRect().translated(widget->mapTo(top, QPoint(0, 0)));
        const bool covered = std::any_of(occluders.begin(), occluders.end(), [&](const QWidget* o) {
            return o != widget && !o->isAncestorOf(widget) &&
                   QRect(o->mapTo(top, QPoint(0, 0)), o->size()).intersects(box);
        });
        if (!covered && QRect(QPoint(), capture.image.size()).contains(box))
            capture.truth.decoys.push_back(box);
    }

    std::vector<Candidate> kept;
    for (Candidate& c : collector.candidates) {
        Element& e = c.element;
        std::vector<QRect> over;  // occluders drawn over this candidate's owner
        for (const QWidget* occluder : occluders) {
            if (occluder == c.owner || occluder->isAncestorOf(c.owner)) continue;
            const QRect area(occluder->mapTo(top, QPoint(0, 0)), occluder->size());
            if (area.intersects(c.inkRegion) || area.intersects(e.box)) over.push_back(area);
        }
        if (e.type == ElementType::Text) {
            const bool anyCut = c.cutLeft || c.cutTop || c.cutRight || c.cutBottom || !over.empty();
            const auto ink = inkBox(capture.image, hidden, c.inkRegion, over);
            if (!ink && (anyCut || c.inkRegion.isEmpty())) {  // scrolled away or cut off
                ++dropped.hidden;
                continue;
            }
            if (!ink) {
                ++dropped.noInk;
                if (debug) {
                    std::fprintf(stderr, "no ink: '%s' in %d,%d %dx%d (%s)\n", qPrintable(e.text),
                                 c.inkRegion.x(), c.inkRegion.y(), c.inkRegion.width(),
                                 c.inkRegion.height(), c.owner->metaObject()->className());
                }
                continue;
            }
            const bool cut = (c.cutLeft && ink->left() == c.inkRegion.left()) ||
                             (c.cutTop && ink->top() == c.inkRegion.top()) ||
                             (c.cutRight && ink->right() == c.inkRegion.right()) ||
                             (c.cutBottom && ink->bottom() == c.inkRegion.bottom());
            if (cut) {
                ++dropped.hidden;
                if (debug) std::fprintf(stderr, "cut: '%s'\n", qPrintable(e.text));
                continue;
            }
            e.box = *ink;
            // Bold group titles and menu fonts differ a little; much wider means stray ink.
            if (debug && e.box.width() > c.advancePx * 6 / 5 + 4)
                std::fprintf(stderr, "wide: '%s' ink %dpx, advance %dpx (%s)\n", qPrintable(e.text),
                             e.box.width(), c.advancePx, c.owner->metaObject()->className());
        } else {
            if (e.type == ElementType::CheckBox || e.type == ElementType::Radio) {
                if (const auto ink = inkBox(capture.image, hidden, c.inkRegion, over))
                    e.box |= *ink;
            }
            if (!c.visible.contains(e.box)) {
                ++dropped.hidden;
                if (debug) std::fprintf(stderr, "not visible: '%s'\n", qPrintable(e.text));
                continue;
            }
        }
        // Covered, or (texts) ink reaching an occluder's edge: the rest may lie under it.
        bool covered = false;
        for (const QRect& area : over)
            covered = covered || area.intersects(e.box.adjusted(-1, -1, 1, 1));
        if (covered) {
            ++dropped.hidden;
            if (debug)
                std::fprintf(stderr, "covered: '%s' %d,%d %dx%d\n", qPrintable(e.text), e.box.x(),
                             e.box.y(), e.box.width(), e.box.height());
            continue;
        }
        kept.push_back(c);
    }

    std::stable_sort(kept.begin(), kept.end(), [](const Candidate& a, const Candidate& b) {
        return readingOrder(a.element, b.element);
    });
    std::map<const QWidget*, size_t> controlIndex;
    for (size_t i = 0; i < kept.size(); ++i)
        if (kept[i].control) controlIndex[kept[i].control] = i;
    for (size_t i = 0; i < kept.size(); ++i) {
        if (!kept[i].buddy) continue;
        const auto it = controlIndex.find(kept[i].buddy);
        if (it != controlIndex.end()) kept[it->second].element.label = static_cast<int>(i);
    }
    for (Candidate& c : kept) capture.truth.elements.push_back(c.element);

    if (debug) {  // ink that no box covers: visible text missing from the ground truth
        QImage covered(capture.image.size(), QImage::Format_Grayscale8);
        covered.fill(0);
        QPainter painter(&covered);
        for (const Element& e : capture.truth.elements) painter.fillRect(e.box, Qt::white);
        painter.end();
        // Frames drawn in a text colour (QFrame::Plain uses WindowText) are not text: skip ink
        // on straight runs longer than kLineRunPx.
        constexpr int kLineRunPx = 30;
        const QImage& ink0 = capture.ink;
        auto strong = [&](int x, int y) {
            return x >= 0 && y >= 0 && x < ink0.width() && y < ink0.height() &&
                   ink0.constScanLine(y)[x] >= 64;
        };
        auto onLine = [&](int x, int y) {
            int h = 1, v = 1;
            for (int d = 1; strong(x - d, y) && h < kLineRunPx; ++d) ++h;
            for (int d = 1; strong(x + d, y) && h < kLineRunPx; ++d) ++h;
            for (int d = 1; strong(x, y - d) && v < kLineRunPx; ++d) ++v;
            for (int d = 1; strong(x, y + d) && v < kLineRunPx; ++d) ++v;
            return h >= kLineRunPx || v >= kLineRunPx;
        };
        QRect uncovered;
        int count = 0;
        QImage dimmed = capture.ink.copy();
        for (int y = 0; y < covered.height(); ++y) {
            uchar* out = dimmed.scanLine(y);
            const uchar* ink = capture.ink.constScanLine(y);
            const uchar* box = covered.constScanLine(y);
            for (int x = 0; x < covered.width(); ++x) {
                if (box[x]) out[x] /= 4;  // in the --ink image, covered ink is dimmed
                if (ink[x] < 64 || box[x] || onLine(x, y)) continue;
                uncovered |= QRect(x, y, 1, 1);
                ++count;
            }
        }
        capture.ink = dimmed;
        if (count)
            std::fprintf(stderr, "uncovered ink: %d px in %d,%d %dx%d\n", count, uncovered.x(),
                         uncovered.y(), uncovered.width(), uncovered.height());
    }
    return capture;
}

nlohmann::ordered_json toJson(const ScreenTruth& truth) {
    nlohmann::ordered_json elements = nlohmann::ordered_json::array();
    for (size_t i = 0; i < truth.elements.size(); ++i) {
        const Element& e = truth.elements[i];
        nlohmann::ordered_json item;
        item["id"] = i;
        item["type"] = typeName(e.type);
        item["box"] = {e.box.x(), e.box.y(), e.box.width(), e.box.height()};
        item["text"] = e.text.toStdString();
        // As the GTK/Tk renderers write it: present (true) only when the placeholder shows.
        if (e.type == ElementType::TextField && e.placeholder) item["placeholder"] = true;
        if (e.type == ElementType::CheckBox || e.type == ElementType::Radio)
            item["checked"] = e.checked;
        if (e.label >= 0) item["label"] = e.label;
        elements.push_back(std::move(item));
    }
    nlohmann::ordered_json json;
    json["width"] = truth.width;
    json["height"] = truth.height;
    json["seed"] = truth.seed;
    json["renderer"] = "qt";
    json["style"] = truth.style.toStdString();
    json["font"] = truth.font.toStdString();
    json["dark"] = truth.dark;
    json["elements"] = std::move(elements);
    if (!truth.decoys.empty()) {
        nlohmann::ordered_json decoys = nlohmann::ordered_json::array();
        for (const QRect& d : truth.decoys) decoys.push_back({d.x(), d.y(), d.width(), d.height()});
        json["decoys"] = std::move(decoys);
    }
    return json;
}

QImage drawOverlay(const QImage& screen, const ScreenTruth& truth) {
    QImage out = screen.convertToFormat(QImage::Format_RGB32);
    QPainter painter(&out);
    auto colorOf = [](ElementType type) {
        switch (type) {
            case ElementType::TextField:
                return QColor(0, 90, 255);
            case ElementType::Button:
                return QColor(255, 140, 0);
            case ElementType::CheckBox:
                return QColor(0, 190, 0);
            case ElementType::Radio:
                return QColor(200, 0, 200);
            case ElementType::Dropdown:
                return QColor(0, 200, 200);
            default:
                return QColor(255, 0, 0);
        }
    };
    QFont font("DejaVu Sans");
    font.setPixelSize(9);
    painter.setFont(font);
    for (const Element& e : truth.elements) {
        if (e.label < 0) continue;
        const QRect& l = truth.elements[static_cast<size_t>(e.label)].box;
        painter.setPen(QPen(QColor(128, 128, 128), 1, Qt::DotLine));
        painter.drawLine(e.box.center(), l.center());
    }
    for (const Element& e : truth.elements) {
        const QColor color = colorOf(e.type);
        painter.setPen(color);
        painter.setBrush(Qt::NoBrush);
        // Outline just outside the box, so the box's own pixels stay visible.
        painter.drawRect(e.box.adjusted(-1, -1, 0, 0));
        if (e.type == ElementType::Text) continue;
        QString caption = QString(typeName(e.type)) + ": " + e.text;
        if (e.placeholder) caption += " (ph)";
        if (e.type == ElementType::CheckBox || e.type == ElementType::Radio)
            caption += e.checked ? " [x]" : " [ ]";
        // Translucent, so that captions over other controls leave them readable.
        const QRect textRect(e.box.left(), e.box.top() - 11, 400, 11);
        painter.fillRect(QRect(textRect.topLeft(),
                               QSize(painter.fontMetrics().horizontalAdvance(caption) + 2, 11)),
                         QColor(255, 255, 255, 90));
        painter.drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter, caption);
    }
    return out;
}

}  // namespace hemu::generator
