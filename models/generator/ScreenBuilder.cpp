#include "ScreenBuilder.h"

#include <QAbstractButton>
#include <QAbstractScrollArea>
#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QStatusBar>
#include <QStyle>
#include <QStyleOptionFrame>
#include <QTableWidget>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextEdit>
#include <QTextLayout>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <vector>

namespace hemu::generator {
namespace {

// Property set on tables and lists that build() sizes to their content, so they never scroll
// (a half-visible row would be visible text without ground truth).
constexpr const char* kFitContentProperty = "hemuFitContent";
// Property set on text edits that finish() shortens to a whole number of visible lines.
constexpr const char* kWholeLinesProperty = "hemuWholeLines";

QColor randomColor(Rng& rng) {
    return QColor::fromHsvF(static_cast<float>(rng.unit()),
                            static_cast<float>(rng.uniformReal(0.2, 0.9)),
                            static_cast<float>(rng.uniformReal(0.3, 0.95)));
}

// A picture stand-in: a background (flat or gradient) with a few shapes, never text.
class ImageBox : public QWidget {
public:
    ImageBox(Rng& rng, QSize size) {
        setFixedSize(size);
        background_ = randomColor(rng);
        gradientTo_ = rng.chance(0.5) ? randomColor(rng) : background_;
        const int shapes = rng.uniform(0, 6);
        for (int i = 0; i < shapes; ++i) {
            Shape shape;
            shape.ellipse = rng.chance(0.5);
            const double w = rng.uniformReal(0.1, 0.6);
            const double h = rng.uniformReal(0.1, 0.6);
            shape.rect = QRectF(rng.uniformReal(0, 1 - w), rng.uniformReal(0, 1 - h), w, h);
            shape.color = randomColor(rng);
            shapes_.push_back(shape);
        }
        rounded_ = rng.chance(0.3);
    }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        QLinearGradient gradient(0, 0, width(), height());
        gradient.setColorAt(0, background_);
        gradient.setColorAt(1, gradientTo_);
        QPainterPath clip;
        if (rounded_)
            clip.addRoundedRect(rect(), width() / 10.0, width() / 10.0);
        else
            clip.addRect(rect());
        painter.setClipPath(clip);
        painter.fillRect(rect(), gradient);
        painter.setPen(Qt::NoPen);
        for (const Shape& shape : shapes_) {
            painter.setBrush(shape.color);
            const QRectF r(shape.rect.x() * width(), shape.rect.y() * height(),
                           shape.rect.width() * width(), shape.rect.height() * height());
            if (shape.ellipse)
                painter.drawEllipse(r);
            else
                painter.drawRect(r);
        }
    }

private:
    struct Shape {
        QRectF rect;  // fractions of the widget
        QColor color;
        bool ellipse = false;
    };
    QColor background_;
    QColor gradientTo_;
    std::vector<Shape> shapes_;
    bool rounded_ = false;
};

// Minimise / maximise / close glyphs of a fake title bar, drawn with lines (no text).
class WindowButtons : public QWidget {
public:
    WindowButtons(QColor color, int sizePx, bool circles)
        : color_(color), sizePx_(sizePx), circles_(circles) {
        setFixedSize(sizePx * 4, sizePx);
        if (!circles) {  // the square and the cross (glyphs 1 and 2 below), pen included
            const double s = sizePx;
            setProperty(kDecoyProperty, QRectF(1.55 * s, 0.2 * s, 1.95 * s, 0.6 * s)
                                            .adjusted(-1, -1, 1, 1)
                                            .toAlignedRect());
        }
    }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        const double s = sizePx_;
        for (int i = 0; i < 3; ++i) {
            const QRectF box(i * s * 1.35 + s * 0.2, s * 0.2, s * 0.6, s * 0.6);
            if (circles_) {
                painter.setPen(Qt::NoPen);
                painter.setBrush(i == 2 ? QColor(230, 80, 70) : color_);
                painter.drawEllipse(box);
                continue;
            }
            painter.setPen(QPen(color_, std::max(1.0, s / 14)));
            painter.setBrush(Qt::NoBrush);
            if (i == 0) painter.drawLine(box.bottomLeft(), box.bottomRight());
            if (i == 1) painter.drawRect(box);
            if (i == 2) {
                painter.drawLine(box.topLeft(), box.bottomRight());
                painter.drawLine(box.topRight(), box.bottomLeft());
            }
        }
    }

private:
    QColor color_;
    int sizePx_;
    bool circles_;
};

// A desktop background behind a dialog: flat or a two-colour gradient.
class Desktop : public QWidget {
public:
    Desktop(QColor from, QColor to) : from_(from), to_(to) {}

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter painter(this);
        QLinearGradient gradient(0, 0, width() * 0.3, height());
        gradient.setColorAt(0, from_);
        gradient.setColorAt(1, to_);
        painter.fillRect(rect(), gradient);
    }

private:
    QColor from_;
    QColor to_;
};

QPalette stripPalette(const QPalette& base, QColor background) {
    QPalette palette = base;
    const QColor white(255, 255, 255);
    const QColor black(0, 0, 0);
    const QColor text =
        contrastRatio(white, background) >= contrastRatio(black, background) ? white : black;
    for (int g = 0; g < QPalette::NColorGroups; ++g) {
        const auto group = static_cast<QPalette::ColorGroup>(g);
        palette.setColor(group, QPalette::Window, background);
        palette.setColor(group, QPalette::WindowText, text);
    }
    return palette;
}

// Shortens `text` (by words, then characters) until it is at most `widthPx` wide.
QString fitted(QString text, const QFontMetrics& metrics, int widthPx) {
    while (!text.isEmpty() && metrics.horizontalAdvance(text) > widthPx) {
        const qsizetype space = text.lastIndexOf(' ');
        text = space > 0 ? text.left(space) : text.left(text.size() - 1);
        text = text.trimmed();
    }
    return text;
}

// The width a line edit shows text in, as QLineEdit::paintEvent computes it.
int lineEditTextWidth(const QLineEdit* edit) {
    QStyleOptionFrame option;
    option.initFrom(edit);
    option.rect = edit->contentsRect();
    option.lineWidth = edit->hasFrame()
                           ? edit->style()->pixelMetric(QStyle::PM_DefaultFrameWidth, &option, edit)
                           : 0;
    option.midLineWidth = 0;
    option.state |= QStyle::State_Sunken;
    QRect r = edit->style()->subElementRect(QStyle::SE_LineEditContents, &option, edit);
    r = r.marginsRemoved(edit->textMargins());
    constexpr int kHorizontalMarginPx = 2;  // QLineEditPrivate::horizontalMargin
    constexpr int kCursorPx = 2;            // room for the cursor after the last character
    return r.width() - 2 * kHorizontalMarginPx - kCursorPx;
}

void sizeViewsToContent(QWidget* root) {
    for (QTableWidget* table : root->findChildren<QTableWidget*>()) {
        if (!table->property(kFitContentProperty).toBool()) continue;
        table->setProperty(kFitContentProperty, false);
        table->resizeColumnsToContents();
        table->resizeRowsToContents();
        const int frame = table->frameWidth() * 2;
        const int headerWidth =
            table->verticalHeader()->isHidden() ? 0 : table->verticalHeader()->sizeHint().width();
        const int headerHeight = table->horizontalHeader()->isHidden()
                                     ? 0
                                     : table->horizontalHeader()->sizeHint().height();
        // Two spare pixels: a viewport one pixel short would clip the last row's text.
        table->setFixedSize(frame + headerWidth + table->horizontalHeader()->length() + 2,
                            frame + headerHeight + table->verticalHeader()->length() + 2);
    }
    for (QListWidget* list : root->findChildren<QListWidget*>()) {
        if (!list->property(kFitContentProperty).toBool()) continue;
        list->setProperty(kFitContentProperty, false);
        int height = list->frameWidth() * 2 + 2;
        for (int i = 0; i < list->count(); ++i) height += list->sizeHintForRow(i);
        list->setFixedHeight(height);
        list->setMinimumWidth(list->sizeHintForColumn(0) + list->frameWidth() * 2 + 8);
    }
}

}  // namespace

ScreenBuilder::ScreenBuilder(Rng& rng, const Theme& theme, QSize size, uint64_t lookSeed)
    : rng_(rng),
      look_(lookSeed ^ 0x5350494e424f5845ULL),
      comboLook_(lookSeed ^ 0x454449544f4d424fULL),
      theme_(theme),
      words_(rng),
      size_(size) {}

std::unique_ptr<QWidget> ScreenBuilder::build() {
    const auto kind = static_cast<Kind>(1 + rng_.weighted({5, 2, 2}));
    int blocks = rng_.uniform(2, 8);
    for (int attempt = 0; attempt < 5; ++attempt) {
        auto top = buildOnce(kind, blocks);
        if (fits(top.get())) return top;
        blocks = std::max(1, blocks - 1 - attempt);
    }
    // A web form scrolls, so it fits any screen of a usual size.
    auto top = buildOnce(Kind::WebForm, 1);
    if (fits(top.get())) return top;
    // A tiny screen: force the size and let the window edge clip (the ground truth leaves out
    // what is clipped).
    top->layout()->setSizeConstraint(QLayout::SetNoConstraint);
    top->setMinimumSize(0, 0);
    top->resize(size_);
    top->show();
    QCoreApplication::sendPostedEvents();
    finish(top.get());
    return top;
}

std::unique_ptr<QWidget> ScreenBuilder::buildOnce(Kind kind, int blocks) {
    tooBig_ = false;
    scroll_ = nullptr;
    footer_ = nullptr;
    auto top = std::make_unique<QWidget>();
    // The offscreen platform gives windows a fake frame; grab() needs none.
    top->setWindowFlag(Qt::FramelessWindowHint);
    top->setAttribute(Qt::WA_DontShowOnScreen);
    top->setPalette(theme_.palette);
    top->setFont(theme_.font);
    top->setAutoFillBackground(true);
    switch (kind) {
        case Kind::DialogOnDesktop:
            dialogOnDesktop(top.get(), blocks);
            break;
        case Kind::WebForm:
            webForm(top.get(), blocks);
            break;
        default:
            appWindow(top.get(), blocks);
    }
    return top;
}

bool ScreenBuilder::fits(QWidget* top) {
    if (tooBig_) return false;
    top->ensurePolished();
    sizeViewsToContent(top);
    const QSize minimum = top->minimumSizeHint();
    if (minimum.width() > size_.width() || minimum.height() > size_.height()) return false;
    top->resize(size_);
    top->show();
    QCoreApplication::sendPostedEvents();
    if (top->size() != size_) return false;

    // Nothing may be squeezed below the size its text needs, nor below its layout's minimum (a
    // maximum width smaller than the content's minimum makes widgets overlap).
    for (QWidget* widget : top->findChildren<QWidget*>()) {
        if (!widget->isVisibleTo(top)) continue;
        if (widget->width() < widget->minimumWidth() || widget->height() < widget->minimumHeight())
            return false;
        if (const QLayout* layout = widget->layout()) {
            const QSize need = layout->minimumSize();
            if (widget->width() < need.width() || widget->height() < need.height()) return false;
        }
        const bool checked = qobject_cast<QLabel*>(widget) ||
                             qobject_cast<QAbstractButton*>(widget) ||
                             qobject_cast<QComboBox*>(widget) || qobject_cast<QGroupBox*>(widget);
        if (!checked) continue;
        const QSize need =
            qobject_cast<QComboBox*>(widget) ? widget->sizeHint() : widget->minimumSizeHint();
        if (widget->width() < need.width() || widget->height() < need.height()) return false;
    }
    finish(top);
    return true;
}

void ScreenBuilder::finish(QWidget* top) {
    bool resized = false;
    for (QTextEdit* edit : top->findChildren<QTextEdit*>()) {
        if (!edit->property(kWholeLinesProperty).toBool()) continue;
        const int viewportHeight = edit->viewport()->height();
        QTextDocument* document = edit->document();
        for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
            const QPointF origin = document->documentLayout()->blockBoundingRect(block).topLeft();
            const QTextLayout* layout = block.layout();
            for (int i = 0; layout && i < layout->lineCount(); ++i) {
                const QRectF line = layout->lineAt(i).naturalTextRect().translated(origin);
                if (line.top() < viewportHeight && line.bottom() > viewportHeight) {
                    const int cut = viewportHeight - static_cast<int>(std::floor(line.top()));
                    if (edit->height() - cut > edit->minimumSizeHint().height()) {
                        edit->setFixedHeight(edit->height() - cut);
                        resized = true;
                    }
                }
            }
        }
    }
    if (resized) {
        for (QWidget* widget : top->findChildren<QWidget*>())
            if (widget->layout()) widget->layout()->activate();
        if (top->layout()) top->layout()->activate();
        QCoreApplication::sendPostedEvents();
    }
    placeOccluders(top);
    alignScrollEdges();
    // Line edits scroll text that is too long; keep what they show.
    for (QLineEdit* edit : top->findChildren<QLineEdit*>()) {
        // A spin box's or combo box's own line edit: short text, already fitting.
        if (qobject_cast<QAbstractSpinBox*>(edit->parentWidget()) || qobject_cast<QComboBox*>(edit->parentWidget()))
            continue;
        const QFontMetrics metrics(edit->font());
        const int width = lineEditTextWidth(edit);
        if (!edit->text().isEmpty()) edit->setText(fitted(edit->text(), metrics, width));
        // A placeholder cut short reads oddly ("e.g."); drop it instead.
        if (metrics.horizontalAdvance(edit->placeholderText()) > width)
            edit->setPlaceholderText({});
        edit->setCursorPosition(0);
    }
    QCoreApplication::sendPostedEvents();
}

void ScreenBuilder::placeOccluders(QWidget* top) {
    for (QWidget* occluder : top->findChildren<QWidget*>()) {
        if (!occluder->property(kOccluderProperty).toBool()) continue;
        // Widgets whose ground truth a partial cover would remove while leaving text readable.
        std::vector<QRect> leaves;
        for (QWidget* widget : top->findChildren<QWidget*>()) {
            if (widget == occluder || occluder->isAncestorOf(widget) || !widget->isVisibleTo(top))
                continue;
            const bool leaf =
                qobject_cast<QLabel*>(widget) || qobject_cast<QAbstractButton*>(widget) ||
                qobject_cast<QComboBox*>(widget) || qobject_cast<QLineEdit*>(widget) ||
                qobject_cast<QGroupBox*>(widget) || qobject_cast<QMenuBar*>(widget) ||
                qobject_cast<QToolBar*>(widget) || qobject_cast<QStatusBar*>(widget) ||
                (qobject_cast<QAbstractScrollArea*>(widget) && !qobject_cast<QScrollArea*>(widget));
            if (leaf) leaves.emplace_back(widget->mapTo(top, QPoint(0, 0)), widget->size());
        }
        auto clean = [&leaves](const QRect& area) {
            for (const QRect& leaf : leaves)
                if (area.intersects(leaf) && !area.contains(leaf)) return false;
            return true;
        };
        const QSize size = occluder->size();
        for (int attempt = 0; attempt < 40 && !clean(occluder->geometry()); ++attempt)
            occluder->move(rng_.uniform(0, size_.width() - size.width()),
                           rng_.uniform(0, size_.height() - size.height()));
        if (!clean(occluder->geometry())) occluder->hide();  // a crowded window: no dialog
    }
}

// --- Screen kinds -------------------------------------------------------------------------

void ScreenBuilder::appWindow(QWidget* top, int blocks) {
    auto* outer = new QVBoxLayout(top);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    if (rng_.chance(0.6)) outer->addWidget(titleStrip(words_.phrase(1, 3)));
    if (rng_.chance(0.75)) outer->addWidget(menuBar());
    if (rng_.chance(0.5)) outer->addWidget(toolBar());

    auto* content = new QWidget;
    auto* row = new QHBoxLayout(content);
    const int margin = theme_.px(rng_.uniform(8, 28));
    row->setContentsMargins(margin, margin, margin, margin);
    row->setSpacing(theme_.px(rng_.uniform(12, 36)));
    if (rng_.chance(0.25)) row->addWidget(list(), 0, Qt::AlignTop);

    const int columns = std::min(blocks, rng_.uniform(1, 3));
    std::vector<QVBoxLayout*> columnLayouts;
    const bool centered = columns == 1 && rng_.chance(0.4);
    if (centered) row->addStretch(1);
    for (int c = 0; c < columns; ++c) {
        auto* column = new QVBoxLayout;
        setSpacing(column, 8, 20);
        row->addLayout(column, centered ? 0 : rng_.uniform(1, 3));
        columnLayouts.push_back(column);
    }
    if (centered) row->addStretch(1);
    for (int b = 0; b < blocks; ++b) {
        QVBoxLayout* column = columnLayouts[static_cast<size_t>(b % columns)];
        if (rng_.chance(0.3))
            column->addWidget(heading(words_.heading(), rng_.uniformReal(1.1, 1.6)));
        column->addWidget(block(randomBlock(columns == 1)));
    }
    for (QVBoxLayout* column : columnLayouts) column->addStretch(1);
    outer->addWidget(content, 1);
    if (rng_.chance(0.5)) outer->addWidget(statusBar());

    if (rng_.chance(0.2)) {
        QWidget* dialog = dialogFrame(top, rng_.uniform(1, 2), QRect(QPoint(0, 0), size_));
        if (dialog) dialog->setProperty(kOccluderProperty, true);
    }
}

void ScreenBuilder::dialogOnDesktop(QWidget* top, int blocks) {
    const QColor from = randomColor(rng_);
    const QColor to = rng_.chance(0.5) ? randomColor(rng_) : from;
    auto* desktop = new Desktop(from, to);
    desktop->setParent(top);
    desktop->setGeometry(0, 0, size_.width(), size_.height());
    desktop->setPalette(stripPalette(theme_.palette, mix(from, to, 0.5)));

    QWidget* dialog = dialogFrame(top, std::min(blocks, 3), QRect(QPoint(0, 0), size_));
    if (!dialog) return;
    dialog->setProperty(kOccluderProperty, true);  // the icons avoid it; this makes sure

    // Desktop icons down the left edge, where the dialog leaves room.
    if (rng_.chance(0.6)) {
        const int cell = theme_.px(rng_.uniform(80, 110));
        const int icon = theme_.px(rng_.uniform(32, 56));
        QFont font = theme_.font;
        const QFontMetrics metrics(font);
        for (int y = theme_.px(12); y + cell <= size_.height(); y += cell) {
            for (int x = theme_.px(12); x + cell <= size_.width() / 3; x += cell) {
                const QRect cellRect(x, y, cell, cell);
                if (cellRect.intersects(dialog->geometry()) || rng_.chance(0.5)) continue;
                auto* image = new ImageBox(rng_, QSize(icon, icon));
                image->setParent(desktop);
                image->move(x + (cell - icon) / 2, y);
                const QString text = words_.capitalWord();
                if (metrics.horizontalAdvance(text) > cell - 8) continue;
                QLabel* caption = label(text);
                caption->setParent(desktop);
                caption->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
                caption->setGeometry(x + 2, y + icon + 4, cell - 4, metrics.height() + 2);
            }
        }
    }
    dialog->raise();
}

void ScreenBuilder::webForm(QWidget* top, int blocks) {
    auto* outer = new QVBoxLayout(top);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    if (rng_.chance(0.4)) outer->addWidget(titleStrip(words_.phrase(1, 4)));
    if (rng_.chance(0.5)) {  // a site's navigation bar
        auto* nav = new QWidget;
        nav->setAutoFillBackground(true);
        nav->setPalette(stripPalette(theme_.palette, randomColor(rng_)));
        auto* navRow = new QHBoxLayout(nav);
        const int pad = theme_.px(rng_.uniform(6, 16));
        navRow->setContentsMargins(pad * 2, pad, pad * 2, pad);
        navRow->setSpacing(theme_.px(rng_.uniform(14, 30)));
        QWidget* brand = heading(words_.company(), rng_.uniformReal(1.1, 1.5));
        navRow->addWidget(brand);
        navRow->addStretch(1);
        const int links = rng_.uniform(2, 6);
        for (int i = 0; i < links; ++i) navRow->addWidget(label(words_.capitalWord()));
        outer->addWidget(nav);
    }

    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* page = new QWidget;
    auto* pageRow = new QHBoxLayout(page);
    const int margin = theme_.px(rng_.uniform(12, 40));
    pageRow->setContentsMargins(margin, margin, margin, margin);
    auto* column = new QWidget;
    const int columnWidth = std::min(size_.width() - 4 * margin, theme_.px(rng_.uniform(360, 640)));
    column->setMinimumWidth(columnWidth);
    column->setMaximumWidth(std::max(columnWidth, theme_.px(rng_.uniform(360, 720))));
    auto* columnLayout = new QVBoxLayout(column);
    columnLayout->setContentsMargins(0, 0, 0, 0);
    setSpacing(columnLayout, 8, 22);
    if (rng_.chance(0.5)) pageRow->addStretch(1);
    pageRow->addWidget(column, 1);
    pageRow->addStretch(1);

    columnLayout->addWidget(heading(words_.heading(), rng_.uniformReal(1.3, 2.2)));
    if (rng_.chance(0.5)) columnLayout->addWidget(paragraph(columnWidth, rng_.uniform(1, 3)));
    for (int b = 0; b < blocks; ++b) {
        const Block kind = rng_.pick({Block::FormAbove, Block::FormAbove, Block::PlaceholderForm,
                                      Block::FormLeft, Block::CheckList, Block::RadioList,
                                      Block::Paragraph, Block::GroupBox, Block::TwoColumns});
        columnLayout->addWidget(
            kind == Block::Paragraph ? paragraph(columnWidth, rng_.uniform(2, 5)) : block(kind));
    }
    columnLayout->addWidget(buttonRow(words_.dialogButtons().mid(0, rng_.uniform(1, 2))));
    if (rng_.chance(0.4)) {
        QLabel* small = label(words_.sentence());
        QFont font = theme_.font;
        font.setPointSizeF(font.pointSizeF() * 0.85);
        small->setFont(font);
        small->setText(fitted(small->text(), QFontMetrics(font), columnWidth));
        columnLayout->addWidget(small);
    }
    columnLayout->addStretch(1);
    scroll->setWidget(page);
    outer->addWidget(scroll, 1);
    // Takes up the space between the last fully visible row and the window's bottom (see
    // alignScrollEdges), like a site's footer or a dialog's button bar.
    footer_ = new QWidget;
    footer_->setAutoFillBackground(true);
    footer_->setPalette(stripPalette(
        theme_.palette, theme_.palette.color(QPalette::Window).darker(rng_.uniform(104, 125))));
    footer_->setFixedHeight(0);
    outer->addWidget(footer_);
    scroll_ = scroll;
    scrollDown_ = rng_.chance(0.3);
}

void ScreenBuilder::alignScrollEdges() {
    if (!scroll_ || !footer_) return;
    QWidget* page = scroll_->widget();
    // Rows of the page that must not be cut: [top, bottom) in page coordinates.
    std::vector<std::pair<int, int>> rows;
    for (QWidget* widget : page->findChildren<QWidget*>()) {
        if (!widget->isVisibleTo(page)) continue;
        const int y = widget->mapTo(page, QPoint(0, 0)).y();
        if (auto* box = qobject_cast<QGroupBox*>(widget)) {  // only its title is its own
            rows.emplace_back(y, y + box->fontMetrics().height() * 3 / 2);
            continue;
        }
        const bool leaf = qobject_cast<QLabel*>(widget) || qobject_cast<QAbstractButton*>(widget) ||
                          qobject_cast<QComboBox*>(widget) || qobject_cast<QLineEdit*>(widget) ||
                          qobject_cast<QAbstractScrollArea*>(widget);
        if (leaf) rows.emplace_back(y, y + widget->height());
    }
    // The nearest position at or above `y` that no row straddles.
    auto gapAbove = [&rows](int y) {
        for (bool moved = true; moved;) {
            moved = false;
            for (const auto& [top, bottom] : rows) {
                if (top < y && bottom > y) {
                    y = top - 1;
                    moved = true;
                }
            }
        }
        return y;
    };
    QScrollBar* bar = scroll_->verticalScrollBar();
    if (scrollDown_ && bar->maximum() > 0) {
        const int target = gapAbove(rng_.uniform(0, bar->maximum()));
        if (target > 0) bar->setValue(target);
    }
    for (int pass = 0; pass < 3; ++pass) {
        const int viewportHeight = scroll_->viewport()->height();
        const int bottom = bar->value() + viewportHeight;
        const int gap = gapAbove(bottom);
        if (gap == bottom || bottom - gap > viewportHeight / 2) return;
        footer_->setFixedHeight(footer_->height() + bottom - gap);
        scroll_->window()->layout()->activate();
        QCoreApplication::sendPostedEvents();
    }
}

QWidget* ScreenBuilder::dialogFrame(QWidget* parent, int blocks, QRect area) {
    auto* frame = new QFrame(parent);
    frame->setPalette(theme_.palette);
    frame->setAutoFillBackground(true);
    frame->setFrameShape(rng_.chance(0.5) ? QFrame::Box : QFrame::StyledPanel);
    frame->setFrameShadow(QFrame::Plain);
    auto* outer = new QVBoxLayout(frame);
    outer->setContentsMargins(1, 1, 1, 1);
    outer->setSpacing(0);
    outer->setSizeConstraint(QLayout::SetFixedSize);
    if (rng_.chance(0.8)) outer->addWidget(titleStrip(words_.heading()));
    auto* body = new QVBoxLayout;
    const int margin = theme_.px(rng_.uniform(10, 24));
    body->setContentsMargins(margin, margin, margin, margin);
    setSpacing(body, 8, 18);
    outer->addLayout(body);
    if (rng_.chance(0.4)) body->addWidget(heading(words_.heading(), rng_.uniformReal(1.0, 1.5)));
    if (rng_.chance(0.3))
        body->addWidget(paragraph(theme_.px(rng_.uniform(240, 420)), rng_.uniform(1, 3)));
    for (int b = 0; b < blocks; ++b)
        body->addWidget(block(rng_.pick({Block::FormLeft, Block::FormLeft, Block::FormAbove,
                                         Block::GroupBox, Block::CheckList, Block::RadioList,
                                         Block::TwoColumns, Block::PlaceholderForm})));
    body->addWidget(buttonRow(words_.dialogButtons()));

    frame->ensurePolished();
    sizeViewsToContent(frame);
    frame->adjustSize();
    const QSize size = frame->size();
    if (size.width() > area.width() || size.height() > area.height()) {
        tooBig_ = true;
        return nullptr;
    }
    // Centred most of the time, as window managers place dialogs.
    QPoint at = area.topLeft() +
                QPoint((area.width() - size.width()) / 2, (area.height() - size.height()) / 2);
    if (rng_.chance(0.5))
        at = area.topLeft() + QPoint(rng_.uniform(0, area.width() - size.width()),
                                     rng_.uniform(0, area.height() - size.height()));
    frame->move(at);
    return frame;
}

// --- Blocks -------------------------------------------------------------------------------

ScreenBuilder::Block ScreenBuilder::randomBlock(bool allowWide) {
    switch (rng_.weighted({6, 3, 2, allowWide ? 2.0 : 0.5, 3, 2, 2, 2, 2, 1.5, 2, 1, 1})) {
        case 0:
            return Block::FormLeft;
        case 1:
            return Block::FormAbove;
        case 2:
            return Block::PlaceholderForm;
        case 3:
            return Block::TwoColumns;
        case 4:
            return Block::GroupBox;
        case 5:
            return Block::CheckList;
        case 6:
            return Block::RadioList;
        case 7:
            return Block::Buttons;
        case 8:
            return Block::Table;
        case 9:
            return Block::List;
        case 10:
            return Block::Paragraph;
        case 11:
            return Block::TextEdit;
        default:
            return Block::Image;
    }
}

QWidget* ScreenBuilder::block(Block kind) {
    switch (kind) {
        case Block::FormLeft:
            return formLeft(rng_.uniform(2, 7));
        case Block::FormAbove:
            return formAbove(rng_.uniform(2, 4));
        case Block::PlaceholderForm:
            return placeholderForm(rng_.uniform(1, 4));
        case Block::TwoColumns:
            return twoColumns(rng_.uniform(2, 5));
        case Block::GroupBox:
            return groupBox();
        case Block::CheckList:
            return checkList(rng_.uniform(2, 6));
        case Block::RadioList:
            return radioList(rng_.uniform(2, 5), rng_.chance(0.7));
        case Block::Buttons:
            return rng_.chance(0.4) ? toolColumn(rng_.uniform(3, 10)) : buttonRow(words_.dialogButtons());
        case Block::Table:
            return table();
        case Block::List:
            return list();
        case Block::Paragraph:
            return paragraph(theme_.px(rng_.uniform(220, 560)), rng_.uniform(2, 6));
        case Block::TextEdit:
            return textEdit();
        default:
            return image(theme_.px(rng_.uniform(80, 360)), theme_.px(rng_.uniform(60, 240)));
    }
}

QWidget* ScreenBuilder::formField(QString* labelText, bool* isControl) {
    *isControl = true;
    switch (rng_.weighted({7, 2.5, 1, 1})) {
        case 1: {
            const ChoiceTopic topic = words_.choiceTopic();
            *labelText = topic.label;
            return comboBox(topic);
        }
        case 2: {
            *labelText = rng_.chance(0.5) ? QString() : words_.phrase(1, 2);
            auto* check = new QCheckBox(words_.checkboxCaption());
            check->setChecked(rng_.chance(0.4));
            return check;
        }
        case 3: {
            const ChoiceTopic topic = words_.choiceTopic();
            *labelText = topic.label;
            *isControl = false;
            auto* row = new QWidget;
            auto* layout = new QHBoxLayout(row);
            layout->setContentsMargins(0, 0, 0, 0);
            setSpacing(layout, 8, 20);
            const int count = rng_.uniform(2, 4);
            const int checked = rng_.uniform(-1, count - 1);
            for (int i = 0; i < count; ++i) {
                auto* radio = new QRadioButton(topic.options.value(i));
                radio->setChecked(i == checked);
                layout->addWidget(radio);
            }
            layout->addStretch(1);
            return row;
        }
        default: {
            const FieldTopic topic = words_.fieldTopic();
            *labelText = topic.label;
            QLineEdit* edit = lineEdit(topic, false);  // drawn either way: the main stream stays as it was
            if (!look_.chance(0.12)) return edit;
            delete edit;
            return spinBox();
        }
    }
}

QWidget* ScreenBuilder::formLeft(int rows) {
    auto* widget = new QWidget;
    auto* form = new QFormLayout(widget);
    form->setContentsMargins(0, 0, 0, 0);
    form->setLabelAlignment((rng_.chance(0.6) ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
    form->setFieldGrowthPolicy(
        rng_.pick({QFormLayout::AllNonFixedFieldsGrow, QFormLayout::ExpandingFieldsGrow,
                   QFormLayout::FieldsStayAtSizeHint}));
    if (rng_.chance(0.1)) form->setRowWrapPolicy(QFormLayout::WrapAllRows);
    form->setHorizontalSpacing(theme_.px(rng_.uniform(6, 20)));
    form->setVerticalSpacing(theme_.px(rng_.uniform(4, 14)));
    const bool colon = rng_.chance(0.6);
    const bool checkLabels = rng_.chance(0.2);
    for (int r = 0; r < rows; ++r) {
        QString labelText;
        bool isControl = false;
        QWidget* field = formField(&labelText, &isControl);
        if (labelText.isEmpty()) {
            form->setWidget(form->rowCount(), QFormLayout::FieldRole, field);
            continue;
        }
        if (checkLabels && qobject_cast<QLineEdit*>(field) && rng_.chance(0.4)) {
            // A check box in the label's place ("[x] Sender: ____"): the field has no label.
            auto* check = new QCheckBox(words_.styleLabel(labelText, colon, false));
            check->setChecked(rng_.chance(0.5));
            form->addRow(check, field);
            continue;
        }
        QLabel* caption = label(words_.styleLabel(labelText, colon, rng_.chance(0.15)));
        if (isControl) caption->setBuddy(field);
        form->addRow(caption, field);
    }
    return widget;
}

QWidget* ScreenBuilder::formAbove(int rows) {
    auto* widget = new QWidget;
    auto* column = new QVBoxLayout(widget);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(theme_.px(rng_.uniform(2, 6)));
    const int gap = theme_.px(rng_.uniform(6, 16));
    const bool colon = rng_.chance(0.2);
    for (int r = 0; r < rows; ++r) {
        QString labelText;
        bool isControl = false;
        QWidget* field = formField(&labelText, &isControl);
        if (!labelText.isEmpty()) {
            QLabel* caption = label(words_.styleLabel(labelText, colon, rng_.chance(0.2)));
            if (isControl) caption->setBuddy(field);
            column->addWidget(caption, 0, Qt::AlignLeft);
        }
        column->addWidget(field);
        if (r + 1 < rows) column->addSpacing(gap);
    }
    return widget;
}

QWidget* ScreenBuilder::placeholderForm(int rows) {
    auto* widget = new QWidget;
    auto* column = new QVBoxLayout(widget);
    column->setContentsMargins(0, 0, 0, 0);
    setSpacing(column, 6, 14);
    for (int r = 0; r < rows; ++r) column->addWidget(lineEdit(words_.fieldTopic(), true));
    if (rng_.chance(0.5)) {
        auto* check = new QCheckBox(words_.checkboxCaption());
        check->setChecked(rng_.chance(0.5));
        column->addWidget(check);
    }
    if (rng_.chance(0.6)) column->addWidget(buttonRow({words_.buttonCaption()}));
    return widget;
}

QWidget* ScreenBuilder::twoColumns(int rows) {
    auto* widget = new QWidget;
    auto* grid = new QGridLayout(widget);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(theme_.px(rng_.uniform(6, 16)));
    grid->setVerticalSpacing(theme_.px(rng_.uniform(6, 14)));
    grid->setColumnMinimumWidth(2, theme_.px(rng_.uniform(12, 40)));
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(4, 1);
    const bool colon = rng_.chance(0.5);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < 2; ++c) {
            QString labelText;
            bool isControl = false;
            QWidget* field = formField(&labelText, &isControl);
            if (!labelText.isEmpty()) {
                QLabel* caption = label(words_.styleLabel(labelText, colon, false));
                if (isControl) caption->setBuddy(field);
                grid->addWidget(caption, r, c * 3, Qt::AlignLeft | Qt::AlignVCenter);
            }
            grid->addWidget(field, r, c * 3 + 1);
        }
    }
    return widget;
}

QWidget* ScreenBuilder::groupBox() {
    auto* box = new QGroupBox(rng_.chance(0.5) ? words_.heading() : words_.phrase(1, 3));
    box->setFlat(rng_.chance(0.2));
    auto* layout = new QVBoxLayout(box);
    switch (rng_.uniform(0, 3)) {
        case 0:
            layout->addWidget(checkList(rng_.uniform(2, 4)));
            break;
        case 1:
            layout->addWidget(radioList(rng_.uniform(2, 4), false));
            break;
        case 2:
            layout->addWidget(formAbove(rng_.uniform(1, 3)));
            break;
        default:
            layout->addWidget(formLeft(rng_.uniform(2, 4)));
    }
    return box;
}

QWidget* ScreenBuilder::checkList(int count) {
    auto* widget = new QWidget;
    auto* grid = new QGridLayout(widget);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(theme_.px(rng_.uniform(12, 32)));
    grid->setVerticalSpacing(theme_.px(rng_.uniform(2, 10)));
    const int columns = count >= 4 && rng_.chance(0.3) ? 2 : 1;
    for (int i = 0; i < count; ++i) {
        auto* check = new QCheckBox(words_.checkboxCaption());
        check->setChecked(rng_.chance(0.4));
        grid->addWidget(check, i / columns, i % columns);
    }
    grid->setColumnStretch(columns, 1);
    return widget;
}

QWidget* ScreenBuilder::radioList(int count, bool withQuestion) {
    auto* widget = new QWidget;
    auto* column = new QVBoxLayout(widget);
    column->setContentsMargins(0, 0, 0, 0);
    setSpacing(column, 2, 10);
    const ChoiceTopic topic = words_.choiceTopic();
    if (withQuestion)
        column->addWidget(label(words_.styleLabel(topic.label, rng_.chance(0.5), false)));
    auto* group = new QButtonGroup(widget);
    const int checked = rng_.uniform(-1, count - 1);
    for (int i = 0; i < count && i < topic.options.size(); ++i) {
        auto* radio = new QRadioButton(topic.options[i]);
        group->addButton(radio);
        radio->setChecked(i == checked);
        column->addWidget(radio);
    }
    return widget;
}

QWidget* ScreenBuilder::buttonRow(const QStringList& captions) {
    if (rng_.chance(0.3)) {
        auto* box = new QDialogButtonBox;
        for (int i = 0; i < captions.size(); ++i) {
            const auto role = i == 0 ? QDialogButtonBox::AcceptRole
                                     : (captions[i] == "Help" ? QDialogButtonBox::HelpRole
                                                              : QDialogButtonBox::RejectRole);
            box->addButton(withMnemonic(captions[i]), role);
        }
        return box;
    }
    auto* widget = new QWidget;
    auto* row = new QHBoxLayout(widget);
    row->setContentsMargins(0, 0, 0, 0);
    setSpacing(row, 4, 16);
    const int align = rng_.weighted({6, 2, 1});  // right, left, centre
    if (align != 1) row->addStretch(1);
    for (const QString& caption : captions) {
        QPushButton* push = button(caption);
        if (&caption == &captions.front() && rng_.chance(0.4)) push->setDefault(true);
        row->addWidget(push);
    }
    if (align != 0) row->addStretch(1);
    return widget;
}

QWidget* ScreenBuilder::toolColumn(int count) {
    // A stack of equal-width buttons, as beside many in-house forms (one button a command).
    auto* widget = new QWidget;
    auto* column = new QVBoxLayout(widget);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(theme_.px(rng_.pick({0, 0, 2, 4, 6})));
    const int width = theme_.px(rng_.uniform(90, 200));
    for (int i = 0; i < count; ++i) {
        QPushButton* push = button(words_.toolCommand());
        push->setFixedWidth(width);
        column->addWidget(push, 0, Qt::AlignLeft);
    }
    return widget;
}

QWidget* ScreenBuilder::table() {
    const int rows = rng_.uniform(2, 8);
    const int columns = rng_.uniform(2, 5);
    auto* view = new QTableWidget(rows, columns);
    QStringList headers;
    while (headers.size() < columns) {
        const QString header = words_.tableHeader();
        if (!headers.contains(header)) headers << header;
    }
    view->setHorizontalHeaderLabels(headers);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < columns; ++c) {
            if (rng_.chance(0.08)) continue;
            auto* item = new QTableWidgetItem(words_.cellValue(headers[c]));
            if (rng_.chance(0.15)) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            view->setItem(r, c, item);
        }
    }
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view->setAlternatingRowColors(rng_.chance(0.4));
    view->setShowGrid(rng_.chance(0.7));
    view->verticalHeader()->setVisible(rng_.chance(0.3));
    // A selected cell would draw its header bold, a font the header's size does not allow for.
    view->horizontalHeader()->setHighlightSections(false);
    view->verticalHeader()->setHighlightSections(false);
    if (rng_.chance(0.2)) view->selectRow(rng_.uniform(0, rows - 1));
    view->setProperty(kFitContentProperty, true);
    return view;
}

QWidget* ScreenBuilder::list() {
    auto* view = new QListWidget;
    const int count = rng_.uniform(3, 10);
    for (int i = 0; i < count; ++i)
        view->addItem(rng_.chance(0.6) ? words_.capitalWord() : words_.phrase(1, 3));
    view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view->setAlternatingRowColors(rng_.chance(0.2));
    if (rng_.chance(0.4)) view->setCurrentRow(rng_.uniform(0, count - 1));
    view->setProperty(kFitContentProperty, true);
    return view;
}

QWidget* ScreenBuilder::paragraph(int widthPx, int lines) {
    // Wrapped here rather than by QLabel, so that each line's text is known exactly.
    auto* widget = new QWidget;
    auto* column = new QVBoxLayout(widget);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    const QFontMetrics metrics(theme_.font);
    QStringList words;
    QString line;
    int made = 0;
    while (made < lines) {
        if (words.isEmpty()) words = words_.sentence().split(' ');
        const QString candidate = line.isEmpty() ? words.front() : line + ' ' + words.front();
        if (metrics.horizontalAdvance(candidate) <= widthPx || line.isEmpty()) {
            line = fitted(candidate, metrics, widthPx);
            words.pop_front();
            continue;
        }
        column->addWidget(label(line));
        ++made;
        line.clear();
        if (made + 1 == lines && rng_.chance(0.6)) widthPx = widthPx * rng_.uniform(30, 90) / 100;
    }
    return widget;
}

QWidget* ScreenBuilder::textEdit() {
    auto* edit = new QTextEdit;
    edit->setReadOnly(true);
    QStringList paragraphs;
    const int count = rng_.uniform(1, 3);
    for (int p = 0; p < count; ++p) {
        QStringList sentences;
        const int n = rng_.uniform(1, 5);
        for (int s = 0; s < n; ++s) sentences << words_.sentence();
        paragraphs << sentences.join(' ');
    }
    edit->setPlainText(paragraphs.join('\n'));
    edit->setFixedSize(theme_.px(rng_.uniform(220, 480)), theme_.px(rng_.uniform(70, 200)));
    // Mostly a whole number of lines (see finish()): a line cut at the bottom is readable text
    // without ground truth.
    edit->setProperty(kWholeLinesProperty, rng_.chance(0.75));
    return edit;
}

QWidget* ScreenBuilder::image(int widthPx, int heightPx) {
    return new ImageBox(rng_, QSize(widthPx, heightPx));
}

QWidget* ScreenBuilder::heading(const QString& text, double sizeFactor) {
    QLabel* title = label(text);
    QFont font = theme_.font;
    font.setPointSizeF(font.pointSizeF() * sizeFactor);
    font.setBold(rng_.chance(0.7));
    title->setFont(font);
    return title;
}

QWidget* ScreenBuilder::titleStrip(const QString& title) {
    auto* strip = new QWidget;
    strip->setAutoFillBackground(true);
    QColor background = rng_.chance(0.5)
                            ? randomColor(rng_).darker(rng_.uniform(100, 250))
                            : theme_.palette.color(QPalette::Window).darker(rng_.uniform(102, 130));
    const QPalette palette = stripPalette(theme_.palette, background);
    strip->setPalette(palette);
    auto* row = new QHBoxLayout(strip);
    const int pad = theme_.px(rng_.uniform(4, 9));
    row->setContentsMargins(pad * 2, pad, pad * 2, pad);
    row->setSpacing(theme_.px(8));
    if (rng_.chance(0.4)) row->addWidget(image(theme_.px(16), theme_.px(16)));
    const bool centered = rng_.chance(0.4);
    if (centered) row->addStretch(1);
    QLabel* caption = label(title);
    if (rng_.chance(0.5)) {
        QFont font = theme_.font;
        font.setBold(true);
        caption->setFont(font);
    }
    row->addWidget(caption);
    row->addStretch(1);
    row->addWidget(
        new WindowButtons(palette.color(QPalette::WindowText), theme_.px(16), rng_.chance(0.3)));
    return strip;
}

QWidget* ScreenBuilder::menuBar() {
    auto* bar = new QMenuBar;
    bar->setNativeMenuBar(false);
    QStringList titles;
    const int count = rng_.uniform(3, 8);
    const bool mnemonics = rng_.chance(0.5);
    while (titles.size() < count) {
        const QString title = words_.menuTitle();
        if (titles.contains(title)) continue;
        titles << title;
        QMenu* menu = bar->addMenu(mnemonics ? '&' + title : title);
        menu->addAction(words_.capitalWord());
    }
    return bar;
}

QWidget* ScreenBuilder::toolBar() {
    auto* bar = new QToolBar;
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->setMovable(rng_.chance(0.5));
    const int count = rng_.uniform(2, 7);
    for (int i = 0; i < count; ++i) {
        if (i > 0 && rng_.chance(0.2)) bar->addSeparator();
        bar->addAction(words_.buttonCaption());
    }
    if (rng_.chance(0.3)) {
        bar->addSeparator();
        auto* search = new QLineEdit;
        search->setPlaceholderText(rng_.pick({"Search", "Search...", "Filter", "Find", "Suchen"}));
        search->setMaximumWidth(theme_.px(240));
        bar->addWidget(search);
    }
    return bar;
}

QWidget* ScreenBuilder::statusBar() {
    auto* bar = new QStatusBar;
    bar->setSizeGripEnabled(rng_.chance(0.5));
    const QString message =
        rng_.pick({QString("Ready"), QString("Saved"), QString("Done"),
                   QString::number(rng_.uniform(1, 99)) + " items selected", words_.phrase(1, 4)});
    bar->addWidget(label(message));
    if (rng_.chance(0.4))
        bar->addPermanentWidget(label("Ln " + QString::number(rng_.uniform(1, 400)) + ", Col " +
                                      QString::number(rng_.uniform(1, 80))));
    return bar;
}

// --- Controls -----------------------------------------------------------------------------

QLabel* ScreenBuilder::label(const QString& text) {
    auto* widget = new QLabel(text);
    widget->setTextFormat(Qt::PlainText);
    return widget;
}

QLineEdit* ScreenBuilder::lineEdit(const FieldTopic& topic, bool placeholderOnly) {
    auto* edit = new QLineEdit;
    const int mode = placeholderOnly ? rng_.weighted({2, 3}) : rng_.weighted({11, 5, 4});
    if (mode == 0) edit->setText(words_.value(topic.kind));
    if (mode == 1 || placeholderOnly) {
        switch (rng_.uniform(0, 3)) {
            case 0:
                edit->setPlaceholderText(topic.label);
                break;
            case 1:
                edit->setPlaceholderText("Enter " + topic.label.toLower());
                break;
            case 2:
                edit->setPlaceholderText("e.g. " + words_.value(topic.kind));
                break;
            default:
                edit->setPlaceholderText(words_.value(topic.kind));
        }
    }
    edit->setMinimumWidth(theme_.px(rng_.uniform(100, 300)));
    if (rng_.chance(0.2)) edit->setAlignment(Qt::AlignRight);
    return edit;
}

QComboBox* ScreenBuilder::comboBox(const ChoiceTopic& topic) {
    auto* combo = new QComboBox;
    if (rng_.chance(0.2))
        combo->addItem(rng_.pick(
            {"Select...", "-- Please choose --", "(none)", "Choose one", "Bitte wählen"}));
    const int count = rng_.uniform(2, static_cast<int>(topic.options.size()));
    for (int i = 0; i < count; ++i) combo->addItem(topic.options[i]);
    combo->setCurrentIndex(rng_.uniform(0, combo->count() - 1));
    combo->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Fixed);
    // A quarter of them editable: a line edit beside the arrow instead of a button's face.
    if (comboLook_.chance(0.25)) combo->setEditable(true);
    return combo;
}

QAbstractSpinBox* ScreenBuilder::spinBox() {
    QAbstractSpinBox* box = nullptr;
    switch (look_.uniform(0, 2)) {
        case 0: {
            auto* spin = new QSpinBox;
            const int top = look_.pick({10, 100, 1000, 100000});
            spin->setRange(0, top);
            spin->setValue(look_.uniform(0, top));
            if (look_.chance(0.2)) spin->setSuffix(look_.pick({" %", " px", " pt", " items", " days"}));
            box = spin;
            break;
        }
        case 1: {
            auto* spin = new QDoubleSpinBox;
            spin->setDecimals(look_.uniform(1, 2));
            spin->setRange(0, 10000);
            spin->setValue(look_.uniform(0, 500000) / 100.0);
            if (look_.chance(0.3)) spin->setSuffix(look_.pick({" kg", " m", " EUR", " USD", " h"}));
            box = spin;
            break;
        }
        default: {
            auto* date = new QDateEdit(QDate(look_.uniform(1950, 2030), look_.uniform(1, 12), look_.uniform(1, 28)));
            date->setDisplayFormat(look_.pick({"dd.MM.yyyy", "yyyy-MM-dd", "MM/dd/yyyy", "d MMM yyyy"}));
            box = date;
        }
    }
    box->setButtonSymbols(look_.chance(0.8) ? QAbstractSpinBox::UpDownArrows : QAbstractSpinBox::PlusMinus);
    if (look_.chance(0.2)) box->setAlignment(Qt::AlignRight);
    box->setMinimumWidth(theme_.px(look_.uniform(70, 220)));
    box->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Fixed);
    return box;
}

QPushButton* ScreenBuilder::button(const QString& caption) {
    auto* push = new QPushButton(withMnemonic(caption));
    push->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Fixed);
    if (rng_.chance(0.4)) push->setMinimumWidth(theme_.px(rng_.uniform(60, 120)));
    return push;
}

QString ScreenBuilder::withMnemonic(const QString& caption) {
    QString escaped = caption;
    escaped.replace('&', "&&");
    if (!rng_.chance(0.3)) return escaped;
    std::vector<qsizetype> letters;
    for (qsizetype i = 0; i < escaped.size(); ++i)
        if (escaped[i].isLetter()) letters.push_back(i);
    if (letters.empty()) return escaped;
    const qsizetype at = rng_.chance(0.7) ? letters.front() : rng_.pick(letters);
    return escaped.left(at) + '&' + escaped.mid(at);
}

void ScreenBuilder::setSpacing(QBoxLayout* layout, int lo, int hi) {
    layout->setSpacing(theme_.px(rng_.uniform(lo, hi)));
}

}  // namespace hemu::generator
