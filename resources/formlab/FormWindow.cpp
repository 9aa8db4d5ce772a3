#include "FormWindow.h"

#include <QApplication>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpressionValidator>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <iostream>

namespace hemu::formlab {
namespace {

using nlohmann::ordered_json;

// Editors are sized in characters so that --scale keeps the proportions.
constexpr int kEditorMinChars = 20;
constexpr int kEditorMaxChars = 36;
constexpr int kColumnGapPx = 32;
constexpr int kPageMarginPx = 24;
constexpr int kMinYear = 1000;

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

// Button, checkbox and radio captions treat '&' as a mnemonic marker; show it literally.
QString literalCaption(const std::string& text) {
    return qs(text).replace("&", "&&");
}

std::string captionText(const ItemSpec& item) {
    return item.required ? item.text + " *" : item.text;
}

void writeLine(const ordered_json& line) {
    std::cout << line.dump(-1, ' ', false, ordered_json::error_handler_t::replace) << '\n'
              << std::flush;
}

ordered_json screenBox(const QWidget* widget) {
    const QPoint topLeft = widget->mapToGlobal(QPoint(0, 0));
    return {topLeft.x(), topLeft.y(), widget->width(), widget->height()};
}

bool isTextField(ItemKind kind) {
    return kind == ItemKind::Text || kind == ItemKind::Password || kind == ItemKind::Number ||
           kind == ItemKind::Date;
}

const char* kindName(ItemKind kind) {
    switch (kind) {
        case ItemKind::Text:
            return "text";
        case ItemKind::Password:
            return "password";
        case ItemKind::Number:
            return "number";
        case ItemKind::Date:
            return "date";
        default:
            return "";
    }
}

// Consecutive buttons share one row, so items become rows of one label, one field, or buttons.
struct Row {
    const ItemSpec* item = nullptr;
    std::vector<const ItemSpec*> buttons;
};

std::vector<Row> rowsOf(const PageSpec& page) {
    std::vector<Row> rows;
    for (const ItemSpec& item : page.items) {
        if (item.kind == ItemKind::Button) {
            if (rows.empty() || rows.back().buttons.empty()) rows.emplace_back();
            rows.back().buttons.push_back(&item);
        } else {
            rows.push_back(Row{&item, {}});
        }
    }
    return rows;
}

}  // namespace

FormWindow::FormWindow(FormSpec spec, QWidget* parent) : QWidget(parent), spec_(std::move(spec)) {
    setWindowTitle(qs(spec_.title));
    // The offscreen platform gives windows a fake 2 px frame and shifts the client area by it;
    // without a window manager (Xvfb) there is no frame either way.
    if (QGuiApplication::platformName() == "offscreen") setWindowFlag(Qt::FramelessWindowHint);
    qApp->installEventFilter(this);
    size_t fieldCount = 0;
    for (const PageSpec& page : spec_.pages)
        for (const ItemSpec& item : page.items) fieldCount += item.isField() ? 1 : 0;
    fields_.reserve(fieldCount);  // Field pointers are handed out; the vector must not move
    pages_.resize(spec_.pages.size());

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    stack_ = new QStackedWidget(this);
    layout->addWidget(stack_);
    for (int p = 0; p < static_cast<int>(spec_.pages.size()); ++p) stack_->addWidget(buildPage(p));
    resetFields();
    reportAfterPaint(ordered_json{{"event", "ready"}});
}

QWidget* FormWindow::buildPage(int pageIndex) {
    const PageSpec& pageSpec = spec_.pages[pageIndex];
    Page& page = pages_[pageIndex];

    // Every page scrolls; the scroll bar only shows when the form does not fit the window.
    page.scroll = new QScrollArea;
    page.scroll->setWidgetResizable(true);
    page.scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget;
    auto* outer = new QVBoxLayout(content);
    outer->setContentsMargins(kPageMarginPx, kPageMarginPx, kPageMarginPx, kPageMarginPx);
    outer->setSpacing(12);

    if (!pageSpec.title.empty()) {
        auto* heading = new QLabel(qs(pageSpec.title));
        heading->setTextFormat(Qt::PlainText);
        QFont font = heading->font();
        font.setBold(true);
        font.setPointSizeF(font.pointSizeF() * 1.5);
        heading->setFont(font);
        outer->addWidget(heading, 0, Qt::AlignLeft);
        page.controls.push_back(Control{heading, "label", nullptr, pageSpec.title, {}, -1});
    }

    switch (pageSpec.layout) {
        case LayoutKind::LabelAbove:
            outer->addLayout(buildLabelAbove(pageIndex));
            break;
        case LayoutKind::TwoColumns:
            outer->addLayout(buildTwoColumns(pageIndex));
            break;
        default:
            outer->addLayout(buildLabelLeft(pageIndex));
            break;
    }
    outer->addStretch(1);
    page.scroll->setWidget(content);
    // Scrolling moves every box; a "scroll" line tells tests where things are now. Wheel steps
    // coalesce into one line, and a pending ready/page/invalid line is not replaced.
    connect(page.scroll->verticalScrollBar(), &QScrollBar::valueChanged, this, [this] {
        if (pendingReport_)
            update();
        else
            reportAfterPaint(ordered_json{{"event", "scroll"}});
    });
    return page.scroll;
}

QLayout* FormWindow::buildLabelLeft(int pageIndex) {
    auto* form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setVerticalSpacing(10);
    for (const Row& row : rowsOf(spec_.pages[pageIndex])) {
        if (!row.buttons.empty()) {
            form->setWidget(form->rowCount(), QFormLayout::FieldRole,
                            makeButtonRow(row.buttons, pageIndex));
        } else if (row.item->kind == ItemKind::Label) {
            // Labels keep their text's width, so their boxes are where the text is.
            form->addRow(makeLabel(*row.item, pageIndex));
            form->itemAt(form->rowCount() - 1, QFormLayout::SpanningRole)
                ->setAlignment(Qt::AlignLeft);
        } else if (row.item->kind == ItemKind::Checkbox) {
            form->setWidget(form->rowCount(), QFormLayout::FieldRole,
                            makeFieldRow(*row.item, pageIndex));
        } else {
            QLabel* caption = makeCaption(*row.item, pageIndex);
            form->addRow(caption, makeFieldRow(*row.item, pageIndex));
        }
    }
    return form;
}

QLayout* FormWindow::buildLabelAbove(int pageIndex) {
    auto* column = new QVBoxLayout;
    column->setSpacing(4);
    for (const Row& row : rowsOf(spec_.pages[pageIndex])) {
        if (!row.buttons.empty()) {
            column->addSpacing(8);
            column->addWidget(makeButtonRow(row.buttons, pageIndex));
        } else if (row.item->kind == ItemKind::Label) {
            column->addWidget(makeLabel(*row.item, pageIndex), 0, Qt::AlignLeft);
        } else {
            if (row.item->kind != ItemKind::Checkbox)
                column->addWidget(makeCaption(*row.item, pageIndex), 0, Qt::AlignLeft);
            column->addWidget(makeFieldRow(*row.item, pageIndex));
        }
        column->addSpacing(8);
    }
    return column;
}

QLayout* FormWindow::buildTwoColumns(int pageIndex) {
    // Columns: caption, field, gap, caption, field. Fields fill left to right, row by row;
    // labels and buttons take a whole row of their own.
    auto* grid = new QGridLayout;
    grid->setVerticalSpacing(10);
    grid->setColumnMinimumWidth(2, kColumnGapPx);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(4, 1);
    int gridRow = 0;
    int column = 0;
    for (const Row& row : rowsOf(spec_.pages[pageIndex])) {
        const bool wholeRow = !row.buttons.empty() || row.item->kind == ItemKind::Label;
        if (wholeRow) {
            if (column != 0) ++gridRow;
            column = 0;
            QWidget* widget = row.buttons.empty() ? makeLabel(*row.item, pageIndex)
                                                  : makeButtonRow(row.buttons, pageIndex);
            grid->addWidget(widget, gridRow++, 0, 1, 5, Qt::AlignLeft);
            continue;
        }
        if (row.item->kind != ItemKind::Checkbox)
            grid->addWidget(makeCaption(*row.item, pageIndex), gridRow, column * 3,
                            Qt::AlignLeft | Qt::AlignVCenter);
        grid->addWidget(makeFieldRow(*row.item, pageIndex), gridRow, column * 3 + 1);
        column ^= 1;
        if (column == 0) ++gridRow;
    }
    return grid;
}

QLabel* FormWindow::makeLabel(const ItemSpec& item, int pageIndex) {
    auto* label = new QLabel(qs(item.text));
    label->setTextFormat(Qt::PlainText);
    pages_[pageIndex].controls.push_back(Control{label, "label", &item, item.text, {}, -1});
    return label;
}

QLabel* FormWindow::makeCaption(const ItemSpec& item, int pageIndex) {
    const std::string text = captionText(item);
    auto* caption = new QLabel(qs(text));
    caption->setTextFormat(Qt::PlainText);
    pages_[pageIndex].controls.push_back(Control{caption, "label", nullptr, text, item.id, -1});
    return caption;
}

QWidget* FormWindow::makeFieldRow(const ItemSpec& item, int pageIndex) {
    Page& page = pages_[pageIndex];
    Field& field = fields_.emplace_back();
    field.item = &item;
    field.page = pageIndex;

    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    const int charPx = fontMetrics().averageCharWidth();
    auto sizeEditor = [&](QWidget* editor) {
        editor->setMinimumWidth(kEditorMinChars * charPx);
        editor->setMaximumWidth(kEditorMaxChars * charPx);
        editor->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    };

    switch (item.kind) {
        case ItemKind::Date:
            if (item.picker) {
                field.date = new QDateEdit;
                field.date->setDisplayFormat("yyyy-MM-dd");
                field.date->setCalendarPopup(true);
                // Qt's own minimum is 1752-09-14; FormSpec accepts any four-digit year.
                field.date->setMinimumDate(QDate(kMinYear, 1, 1));
                field.editor = field.date;
                break;
            }
            [[fallthrough]];  // a plain date field is a text field checked on submit
        case ItemKind::Text:
        case ItemKind::Password:
        case ItemKind::Number: {
            field.line = new QLineEdit;
            field.line->setPlaceholderText(qs(item.placeholder));
            if (item.kind == ItemKind::Password) field.line->setEchoMode(QLineEdit::Password);
            if (item.kind == ItemKind::Number) {
                // Locale-free digits so that what a test types is what it gets back.
                field.line->setValidator(new QRegularExpressionValidator(
                    QRegularExpression(R"(-?\d*(\.\d*)?)"), field.line));
            }
            connect(field.line, &QLineEdit::returnPressed, this, [this, pageIndex] {
                if (QPushButton* primary = pages_[pageIndex].primary) primary->click();
            });
            field.editor = field.line;
            sizeEditor(field.editor);
            break;
        }
        case ItemKind::Dropdown:
            field.combo = new QComboBox;
            for (const std::string& option : item.options) field.combo->addItem(qs(option));
            field.combo->setPlaceholderText(qs(item.placeholder));
            field.editor = field.combo;
            sizeEditor(field.editor);
            break;
        case ItemKind::Checkbox:
            field.check = new QCheckBox(literalCaption(captionText(item)));
            field.editor = field.check;
            break;
        case ItemKind::Radio: {
            auto* group = new QWidget;
            auto* groupLayout = new QHBoxLayout(group);
            groupLayout->setContentsMargins(0, 0, 0, 0);
            groupLayout->setSpacing(16);
            field.radios = new QButtonGroup(this);
            field.editor = group;
            break;
        }
        default:
            break;
    }
    // Line edits and dropdowns take the free width up to kEditorMaxChars; the rest stays put.
    layout->addWidget(field.editor, field.line || field.combo ? 1 : 0);

    const char* type = item.kind == ItemKind::Dropdown   ? "dropdown"
                       : item.kind == ItemKind::Checkbox ? "checkbox"
                                                         : "textfield";
    if (item.kind == ItemKind::Checkbox) {
        page.controls.push_back(Control{field.check, type, &item, captionText(item), {}, -1});
    } else if (item.kind == ItemKind::Radio) {
        for (int i = 0; i < static_cast<int>(item.options.size()); ++i) {
            auto* button = new QRadioButton(literalCaption(item.options[i]));
            field.radios->addButton(button, i);
            field.editor->layout()->addWidget(button);
            page.controls.push_back(Control{button, "radio", &item, item.options[i], {}, i});
        }
    } else {
        page.controls.push_back(Control{field.editor, type, &item, {}, {}, -1});
    }

    field.error = new QLabel;
    field.error->setTextFormat(Qt::PlainText);
    field.error->setStyleSheet("color: #d00000; font-weight: bold;");
    field.error->hide();
    layout->addWidget(field.error);
    // An error stays up until the user touches the field again, as on most forms.
    QLabel* error = field.error;
    if (field.line) connect(field.line, &QLineEdit::textEdited, error, &QWidget::hide);
    if (field.combo) connect(field.combo, &QComboBox::activated, error, &QWidget::hide);
    if (field.check) connect(field.check, &QCheckBox::clicked, error, &QWidget::hide);
    if (field.radios) connect(field.radios, &QButtonGroup::buttonClicked, error, &QWidget::hide);
    layout->addStretch(1);
    return row;
}

QWidget* FormWindow::makeButtonRow(const std::vector<const ItemSpec*>& buttons, int pageIndex) {
    Page& page = pages_[pageIndex];
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    for (const ItemSpec* item : buttons) {
        auto* button = new QPushButton(literalCaption(item->text));
        button->setMinimumWidth(fontMetrics().averageCharWidth() * 12);
        connect(button, &QPushButton::clicked, this, [this, item] { onButton(*item); });
        layout->addWidget(button);
        page.controls.push_back(Control{button, "button", item, item->text, {}, -1});
        const bool advances =
            item->action == ButtonAction::Next || item->action == ButtonAction::Submit;
        if (advances && !page.primary) page.primary = button;
    }
    layout->addStretch(1);
    return row;
}

void FormWindow::onButton(const ItemSpec& item) {
    // Qt slots must not throw (STYLE.md 7); the only thing that can here is the JSON writer.
    try {
        switch (item.action) {
            case ButtonAction::Next:
                next();
                break;
            case ButtonAction::Back:
                goToPage(std::max(stack_->currentIndex() - 1, 0), {{"event", "page"}});
                break;
            case ButtonAction::Submit:
                submit();
                break;
            default:
                writeLine({{"event", "click"}, {"id", item.id}, {"text", item.text}});
                break;
        }
    } catch (const std::exception& e) {
        std::cerr << "hemu-formlab: " << e.what() << '\n';
    }
}

void FormWindow::next() {
    const int current = stack_->currentIndex();
    if (!validate(current, current).empty()) return;
    goToPage(std::min(current + 1, stack_->count() - 1), {{"event", "page"}});
}

void FormWindow::submit() {
    // Pages already passed were validated by Next; checking them again costs nothing and
    // catches a submit button placed on an earlier page.
    if (!validate(0, stack_->count() - 1).empty()) return;
    writeLine({{"event", "submit"}, {"values", values()}});
    if (!spec_.stayOpen) {
        QCoreApplication::exit(0);
        return;
    }
    resetFields();
    goToPage(0, {{"event", "page"}});
}

void FormWindow::goToPage(int pageIndex, ordered_json event) {
    stack_->setCurrentIndex(pageIndex);
    reportAfterPaint(std::move(event));
}

std::vector<const FormWindow::Field*> FormWindow::validate(int firstPage, int lastPage) {
    static const QRegularExpression kNumber(R"(^-?\d+(\.\d+)?$)");
    static const QRegularExpression kIsoDate(R"(^\d{4}-\d{2}-\d{2}$)");
    std::vector<const Field*> invalid;
    for (const Field& field : fields_) {
        if (field.page < firstPage || field.page > lastPage) continue;
        QString problem;
        if (field.line) {
            const QString text = field.line->text().trimmed();
            if (field.item->required && text.isEmpty())
                problem = "Required";
            else if (field.item->kind == ItemKind::Number && !text.isEmpty() &&
                     !kNumber.match(text).hasMatch())
                problem = "Not a number";
            else if (field.item->kind == ItemKind::Date && !text.isEmpty() &&
                     !(kIsoDate.match(text).hasMatch() &&
                       QDate::fromString(text, Qt::ISODate).isValid()))
                problem = "Use yyyy-mm-dd";
        } else if (field.item->required) {
            const bool empty = (field.combo && field.combo->currentIndex() < 0) ||
                               (field.check && !field.check->isChecked()) ||
                               (field.radios && !field.radios->checkedButton());
            if (empty) problem = "Required";
        }
        field.error->setText(problem);
        field.error->setVisible(!problem.isEmpty());
        if (!problem.isEmpty()) invalid.push_back(&field);
    }
    if (invalid.empty()) return invalid;

    // Show the first problem the way a form would: on its page, scrolled into view, focused.
    const Field& first = *invalid.front();
    ordered_json event{{"event", "invalid"}, {"fields", ordered_json::array()}};
    for (const Field* field : invalid) event["fields"].push_back(field->item->id);
    stack_->setCurrentIndex(first.page);
    first.editor->setFocus(Qt::OtherFocusReason);
    pages_[first.page].scroll->ensureWidgetVisible(first.editor);
    reportAfterPaint(std::move(event));
    return invalid;
}

void FormWindow::resetFields() {
    for (Field& field : fields_) {
        const ItemSpec& item = *field.item;
        if (field.line) field.line->setText(qs(item.defaultText.value_or("")));
        if (field.date) {
            field.date->setDate(item.defaultText
                                    ? QDate::fromString(qs(*item.defaultText), Qt::ISODate)
                                    : QDate::currentDate());
        }
        if (field.combo) {
            // A placeholder means "nothing chosen yet"; without one the first option shows.
            int index = item.placeholder.empty() ? 0 : -1;
            if (item.defaultText) index = field.combo->findText(qs(*item.defaultText));
            field.combo->setCurrentIndex(index);
        }
        if (field.check) field.check->setChecked(item.defaultChecked);
        if (field.radios) {
            // An exclusive group refuses to uncheck its last checked button.
            field.radios->setExclusive(false);
            for (QAbstractButton* button : field.radios->buttons()) button->setChecked(false);
            field.radios->setExclusive(true);
            if (item.defaultText) {
                const auto it =
                    std::find(item.options.begin(), item.options.end(), *item.defaultText);
                field.radios->button(static_cast<int>(it - item.options.begin()))->setChecked(true);
            }
        }
        field.error->hide();
    }
    for (Page& page : pages_) page.scroll->verticalScrollBar()->setValue(0);
}

ordered_json FormWindow::values() const {
    ordered_json values = ordered_json::object();
    for (const Field& field : fields_) {
        ordered_json& value = values[field.item->id];
        const QString text = field.line ? field.line->text().trimmed() : QString();
        if (field.line && field.item->kind == ItemKind::Number) {
            // Integers stay integers; anything else validate() let through is a decimal.
            bool isInteger = false;
            const qlonglong integer = text.toLongLong(&isInteger);
            if (text.isEmpty())
                value = nullptr;
            else if (isInteger)
                value = integer;
            else
                value = text.toDouble();
        } else if (field.line && field.item->kind == ItemKind::Date) {
            value = text.isEmpty() ? ordered_json(nullptr) : ordered_json(text.toStdString());
        } else if (field.line) {
            value = field.line->text().toStdString();
        } else if (field.date) {
            value = field.date->date().toString(Qt::ISODate).toStdString();
        } else if (field.combo) {
            const int index = field.combo->currentIndex();
            value = index < 0 ? ordered_json(nullptr) : ordered_json(field.item->options[index]);
        } else if (field.check) {
            value = field.check->isChecked();
        } else if (field.radios) {
            const int index = field.radios->checkedId();
            value = index < 0 ? ordered_json(nullptr) : ordered_json(field.item->options[index]);
        }
    }
    return values;
}

void FormWindow::reportAfterPaint(ordered_json event) {
    pendingReport_ = std::move(event);
    update();  // guarantees a paint somewhere in the window, which then schedules the report
}

bool FormWindow::eventFilter(QObject* watched, QEvent* event) {
    // The pages cover this widget with opaque children, so its own paintEvent may never run;
    // any paint inside the window counts.
    if (event->type() == QEvent::Paint && pendingReport_ && !reportScheduled_) {
        auto* widget = qobject_cast<QWidget*>(watched);
        if (widget && widget->window() == this) scheduleReport();
    }
    return QWidget::eventFilter(watched, event);
}

void FormWindow::scheduleReport() {
    reportScheduled_ = true;
    // Report once this paint has been flushed, not from inside it.
    QTimer::singleShot(0, this, [this] {
        reportScheduled_ = false;
        if (!pendingReport_) return;
        ordered_json reportEvent = std::move(*pendingReport_);
        pendingReport_.reset();
        try {
            report(std::move(reportEvent));
        } catch (const std::exception& e) {
            std::cerr << "hemu-formlab: " << e.what() << '\n';
        }
    });
}

void FormWindow::report(ordered_json event) {
    // On X11 this waits until the server has processed our drawing, so a test that captures
    // the screen after reading this line sees the form.
    QGuiApplication::sync();
    const int pageIndex = stack_->currentIndex();
    const Page& page = pages_[pageIndex];
    ordered_json line;
    line["event"] = event["event"];
    line["page"] = pageIndex;
    for (auto& [key, value] : event.items())
        if (key != "event") line[key] = value;
    line["window"] = screenBox(this);
    line["controls"] = ordered_json::array();
    for (const Control& control : page.controls) line["controls"].push_back(describe(control));
    writeLine(line);

    if (!screenshotPath_.isEmpty() && line["event"] == "ready") {
        // The screen's pixels where it has them (X11), else the widget painted into a pixmap.
        const QPoint topLeft = mapToGlobal(QPoint(0, 0));
        QPixmap shot = screen()->grabWindow(0, topLeft.x(), topLeft.y(), width(), height());
        if (shot.isNull()) shot = grab();
        if (!shot.save(screenshotPath_, "PNG")) {
            std::cerr << "hemu-formlab: cannot write screenshot " << screenshotPath_.toStdString()
                      << '\n';
            QCoreApplication::exit(3);
            return;
        }
        QCoreApplication::exit(0);
    }
}

ordered_json FormWindow::describe(const Control& control) const {
    const ItemSpec* item = control.item;
    ordered_json out;
    // Controls without an id (headings, captions) have no "id" key rather than a null one, so
    // readers can write value("id", "").
    if (item && !item->id.empty()) out["id"] = item->id;
    out["type"] = control.type;
    out["box"] = screenBox(control.widget);

    if (auto* line = qobject_cast<QLineEdit*>(control.widget)) {
        out["text"] = line->text().toStdString();
    } else if (auto* date = qobject_cast<QDateEdit*>(control.widget)) {
        out["text"] = date->text().toStdString();
    } else if (auto* combo = qobject_cast<QComboBox*>(control.widget)) {
        out["text"] =
            combo->currentIndex() < 0 ? std::string() : combo->currentText().toStdString();
    } else {
        out["text"] = control.text;
    }

    if (item && item->isField()) {
        out["label"] = item->text;
        if (isTextField(item->kind)) out["kind"] = kindName(item->kind);
        if (!item->placeholder.empty()) out["placeholder"] = item->placeholder;
        if (item->kind == ItemKind::Dropdown) out["options"] = item->options;
        if (item->required) out["required"] = true;
    }
    if (!control.forId.empty()) out["for"] = control.forId;
    if (auto* button = qobject_cast<QAbstractButton*>(control.widget);
        button && button->isCheckable())
        out["checked"] = button->isChecked();

    // Fully inside the scroll area's viewport, i.e. clickable without scrolling first.
    const QWidget* viewport = pages_[stack_->currentIndex()].scroll->viewport();
    const QRect inViewport(control.widget->mapTo(viewport, QPoint(0, 0)), control.widget->size());
    out["visible"] = control.widget->isVisible() && viewport->rect().contains(inViewport);
    return out;
}

}  // namespace hemu::formlab
