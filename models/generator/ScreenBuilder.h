#pragma once
// Builds one random synthetic screen as a Qt widget tree: an application window (title strip,
// menu bar, tool bar, columns of forms, tables, paragraphs, status bar), a dialog on a desktop, or
// a web-like form in a scroll area. What the screen contains is drawn from the Rng; how it looks
// comes from the Theme (the caller has already applied theme.styleName to the application).
//
//   ScreenBuilder builder(rng, theme, QSize(1280, 800));
//   std::unique_ptr<QWidget> top = builder.build();   // laid out, shown offscreen
//   QImage image = top->grab().toImage();
//
// build() returns a frameless top-level widget of exactly the requested size, shown with
// Qt::WA_DontShowOnScreen so that layouts are final, with every text fitting its widget: content
// that does not fit is drawn again with fewer blocks, and line edit texts are shortened to their
// visible width. GUI thread only.

#include <QRect>
#include <QSize>
#include <QString>
#include <QWidget>
#include <memory>

#include "Rng.h"
#include "Theme.h"
#include "Vocabulary.h"

class QBoxLayout;
class QAbstractSpinBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;

namespace hemu::generator {

/// Dynamic property marking a widget drawn over others (a dialog over an application window):
/// elements of other widgets under it are hidden.
inline constexpr const char* kOccluderProperty = "hemuOccluder";

/// Dynamic property (a QRect in the widget's coordinates) marking what looks like a control and
/// is none: a title bar's maximise square and close cross, which the detector took for a check
/// box captioned "X". Written to the ground truth as "decoys", negatives for the trainers.
inline constexpr const char* kDecoyProperty = "hemuDecoy";

class ScreenBuilder {
public:
    /// `lookSeed` seeds a side stream for looks added after older seeds' screens were in use
    /// (spin boxes): those screens keep their layout and only gain them.
    ScreenBuilder(Rng& rng, const Theme& theme, QSize size, uint64_t lookSeed);

    std::unique_ptr<QWidget> build();

private:
    enum class Kind { Invalid, AppWindow, DialogOnDesktop, WebForm };
    enum class Block {
        Invalid,
        FormLeft,
        FormAbove,
        PlaceholderForm,
        TwoColumns,
        GroupBox,
        CheckList,
        RadioList,
        Buttons,
        Table,
        List,
        Paragraph,
        TextEdit,
        Image,
    };

    std::unique_ptr<QWidget> buildOnce(Kind kind, int blocks);
    /// Lays `top` out at the screen size and shows it; false when its content does not fit.
    bool fits(QWidget* top);
    /// After layout: places overlays, aligns scrolled pages, shortens line edit texts.
    void finish(QWidget* top);
    /// Moves dialogs drawn over a window (kOccluderProperty) to where they cover each widget of
    /// the window fully or not at all; hides them when there is no such place.
    void placeOccluders(QWidget* top);
    /// Web forms: scrolls to a gap between rows (sometimes), and grows the footer until the
    /// viewport's bottom edge falls between rows, so that no row is cut in half.
    void alignScrollEdges();

    void appWindow(QWidget* top, int blocks);
    void dialogOnDesktop(QWidget* top, int blocks);
    void webForm(QWidget* top, int blocks);
    /// A dialog drawn inside the screen, sized to its content; false when it is larger than
    /// `area`, else it is placed at a random position inside `area`.
    QWidget* dialogFrame(QWidget* parent, int blocks, QRect area);

    Block randomBlock(bool allowWide);
    QWidget* block(Block kind);
    QWidget* formLeft(int rows);
    QWidget* formAbove(int rows);
    QWidget* placeholderForm(int rows);
    QWidget* twoColumns(int rows);
    QWidget* groupBox();
    QWidget* checkList(int count);
    QWidget* radioList(int count, bool withQuestion);
    QWidget* buttonRow(const QStringList& captions);
    QWidget* toolColumn(int count);
    QWidget* table();
    QWidget* list();
    QWidget* paragraph(int widthPx, int lines);
    QWidget* textEdit();
    QWidget* image(int widthPx, int heightPx);
    QWidget* heading(const QString& text, double sizeFactor);
    QWidget* titleStrip(const QString& title);
    QWidget* menuBar();
    QWidget* toolBar();
    QWidget* statusBar();

    QLabel* label(const QString& text);
    QLineEdit* lineEdit(const FieldTopic& topic, bool placeholderOnly);
    QComboBox* comboBox(const ChoiceTopic& topic);
    /// A spin box, double spin box or date edit: a text field to the eye and in the ground
    /// truth, its box over the arrows too (as the GTK and Tk renderers have them).
    QAbstractSpinBox* spinBox();
    QPushButton* button(const QString& caption);
    QString withMnemonic(const QString& caption);
    /// A form row's field: a line edit, combo, checkbox or radio row; `labelText` gets the label.
    QWidget* formField(QString* labelText, bool* isControl);
    void setSpacing(QBoxLayout* layout, int lo, int hi);

    Rng& rng_;
    Rng look_;
    Rng comboLook_;  // editable combo boxes, added after the spin boxes: a stream of their own
    const Theme& theme_;
    Vocabulary words_;
    QSize size_;
    bool tooBig_ = false;            // a dialog did not fit the screen
    QScrollArea* scroll_ = nullptr;  // web forms: the page's scroll area
    QWidget* footer_ = nullptr;      // web forms: the strip below it
    bool scrollDown_ = false;
};

}  // namespace hemu::generator
