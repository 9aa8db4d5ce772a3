#pragma once
// The form lab's window: builds the widgets a FormSpec describes and reports, as JSON lines on
// stdout, where every control is (ready/page/invalid events) and what was entered (submit).
//
//   FormWindow window(loadFormSpec(path));
//   window.setGeometry(0, 0, 1024, 768);  // no window manager: the position is ours to set
//   window.show();                        // "ready" follows once the window has been painted
//
// Lives on the GUI thread. Exits the application (code 0) after a submit unless the spec says
// stay_open, and after writing the screenshot when one was asked for.

#include <QString>
#include <QWidget>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "FormSpec.h"

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLayout;
class QLineEdit;
class QPushButton;
class QScrollArea;
class QStackedWidget;

namespace hemu::formlab {

class FormWindow : public QWidget {
    Q_OBJECT

public:
    explicit FormWindow(FormSpec spec, QWidget* parent = nullptr);

    /// After the "ready" line, grab the window into this PNG file and quit (for looking at
    /// the form without a display).
    void setScreenshotPath(QString path) { screenshotPath_ = std::move(path); }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Field {
        const ItemSpec* item = nullptr;
        int page = 0;
        QLineEdit* line = nullptr;  // text, password, number
        QDateEdit* date = nullptr;
        QComboBox* combo = nullptr;
        QCheckBox* check = nullptr;
        QButtonGroup* radios = nullptr;
        QWidget* editor = nullptr;  // what gets focus when the field is invalid
        QLabel* error = nullptr;
    };

    // Everything the ready/page lines describe, in the order it appears on the page.
    struct Control {
        QWidget* widget = nullptr;
        const char* type = "";
        const ItemSpec* item = nullptr;  // null for page headings
        std::string text;                // fixed caption; empty for editors (read live)
        std::string forId;               // field captions: the field they name
        int option = -1;                 // radio buttons: index into item->options
    };

    struct Page {
        QScrollArea* scroll = nullptr;
        std::vector<Control> controls;
        QPushButton* primary = nullptr;  // Next or Submit: what Enter in a text field presses
    };

    QWidget* buildPage(int pageIndex);
    QLayout* buildLabelLeft(int pageIndex);
    QLayout* buildLabelAbove(int pageIndex);
    QLayout* buildTwoColumns(int pageIndex);
    QLabel* makeLabel(const ItemSpec& item, int pageIndex);
    QLabel* makeCaption(const ItemSpec& item, int pageIndex);
    QWidget* makeFieldRow(const ItemSpec& item, int pageIndex);
    QWidget* makeButtonRow(const std::vector<const ItemSpec*>& buttons, int pageIndex);

    void onButton(const ItemSpec& item);
    void next();
    void submit();
    void goToPage(int pageIndex, nlohmann::ordered_json event);
    std::vector<const Field*> validate(int firstPage, int lastPage);
    void resetFields();
    nlohmann::ordered_json values() const;

    // Reports are printed after the next paint, so the boxes are those on screen.
    void reportAfterPaint(nlohmann::ordered_json event);
    void scheduleReport();
    void report(nlohmann::ordered_json event);
    nlohmann::ordered_json describe(const Control& control) const;

    FormSpec spec_;
    QStackedWidget* stack_ = nullptr;
    std::vector<Page> pages_;
    std::vector<Field> fields_;
    std::optional<nlohmann::ordered_json> pendingReport_;
    bool reportScheduled_ = false;
    QString screenshotPath_;
};

}  // namespace hemu::formlab
