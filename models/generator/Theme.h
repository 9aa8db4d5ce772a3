#pragma once
// The look of one synthetic screen: Qt style, palette, font and scale. ThemeFactory enumerates
// what this machine offers (QStyleFactory::keys(), font families that render Latin text) once,
// then draws a Theme per screen from the screen's Rng.
//
//   ThemeFactory themes;                 // after QApplication exists
//   Theme theme = themes.make(rng);
//   QApplication::setStyle(theme.styleName);  // the caller applies the style
//
// Text stays readable: every text colour role has a contrast ratio of at least
// kMinTextContrast with the background it is drawn on (WCAG 2 definition).

#include <QColor>
#include <QFont>
#include <QPalette>
#include <QString>
#include <QStringList>
#include <cmath>
#include <map>
#include <memory>

#include "Rng.h"

class QStyle;

namespace hemu::generator {

constexpr double kMinTextContrast = 3.0;

struct Theme {
    QString styleName;  // a QStyleFactory key
    QPalette palette;   // every role of every colour group set explicitly
    QFont font;         // the screen's base font, point size already multiplied by scale
    QString fontFamily;
    bool dark = false;
    double scale = 1.0;  // >= 1: multiplies font sizes and the generator's spacings and sizes

    int px(double basePx) const { return static_cast<int>(std::lround(basePx * scale)); }
};

class ThemeFactory {
public:
    ThemeFactory();
    ~ThemeFactory();

    /// `dim`: a built-in style (Fusion, Windows) whose fields and buttons are filled a few grey
    /// levels from their window, dark seven times in ten: the looks of most Qt fields the
    /// detector missed (8 of 11 on 50 held-out screens; fill 42 and frame 24 on a window of 34).
    /// Off, the draws are those of every earlier version.
    Theme make(Rng& rng, bool dim = false) const;

    /// From now on, only the font families whose name holds one of `words` (case-insensitive;
    /// "Light", "Condensed": the faces read worst) are drawn. False where none has.
    bool keepFontsNamed(const QStringList& words);

    const QStringList& styleNames() const { return styles_; }
    const QStringList& fontFamilies() const { return fonts_; }

private:
    QPalette randomPalette(Rng& rng, bool dark, bool dim = false) const;

    QStringList styles_;       // sorted, so that the same seed picks the same style everywhere
    QStringList fonts_;        // sorted
    QStringList commonFonts_;  // the usual UI families among fonts_, drawn more often
    std::map<QString, std::unique_ptr<QStyle>> styleObjects_;  // for standardPalette()
};

/// WCAG 2 contrast ratio of two opaque colours, 1 to 21.
double contrastRatio(const QColor& a, const QColor& b);
double relativeLuminance(const QColor& color);
/// `color` moved towards black or white (whichever gets there) until it reaches `minContrast`
/// against `background`.
QColor withContrast(const QColor& color, const QColor& background, double minContrast);
/// The colour `t` of the way from a to b.
QColor mix(const QColor& a, const QColor& b, double t);

}  // namespace hemu::generator
