#include "Theme.h"

#include <QApplication>
#include <QFontDatabase>
#include <QFontInfo>
#include <QFontMetrics>
#include <QStyle>
#include <QStyleFactory>
#include <algorithm>

namespace hemu::generator {
namespace {

// Families a desktop most often uses for its UI font; drawn half the time when installed, so that
// the long tail of display and script-specific Noto families does not dominate.
const char* const kCommonFamilies[] = {
    "DejaVu Sans",
    "Liberation Sans",
    "Noto Sans",
    "Cantarell",
    "Open Sans",
    "Arimo",
    "FreeSans",
    "Carlito",
    "Noto Serif",
    "DejaVu Serif",
    "Tinos",
    "Liberation Serif",
    "DejaVu Sans Condensed",
    "Open Sans Condensed",
};

// Every glyph a generated string may use must come from the family itself, not a fallback.
const char* const kRequiredChars = "AZaz09@&(%?.,:/-ÄÖÜäöüßéèêçñÑåøÆ£";

bool rendersLatin(const QString& family) {
    // Symbol fonts map the Latin code points to symbols (URW's Standard Symbols PS and
    // D050000L, which ImageMagick's ghostscript pulls in): "Save" drawn as dingbats, its ground
    // truth still "Save". They pass the glyph check below.
    if (QFontDatabase::writingSystems(family).contains(QFontDatabase::Symbol)) return false;
    QFont font(family);
    if (QFontInfo(font).family() != family) return false;  // substituted
    const QFontMetrics metrics(font);
    for (const QChar c : QString::fromUtf8(kRequiredChars))
        if (!metrics.inFont(c)) return false;
    return true;
}

int styleWeight(const QString& key) {
    // Fusion is what most Qt applications on Linux show; high-contrast themes are rare (with
    // adwaita-qt6's four of them at weight 1: 1 screen in 6).
    if (key.compare("Fusion", Qt::CaseInsensitive) == 0) return 8;
    if (key.contains("contrast", Qt::CaseInsensitive)) return 1;
    return 4;
}

QColor hsv(double hueDeg, double sat, double val) {
    return QColor::fromHsvF(static_cast<float>(std::fmod(hueDeg + 360.0, 360.0) / 360.0),
                            static_cast<float>(std::clamp(sat, 0.0, 1.0)),
                            static_cast<float>(std::clamp(val, 0.0, 1.0)));
}

// A palette whose every role is set explicitly in every group, so that nothing falls back to the
// application palette (which the previous screen's style may have changed).
QPalette resolvedCopy(const QPalette& source) {
    QPalette out;
    for (int g = 0; g < QPalette::NColorGroups; ++g) {
        const auto group = static_cast<QPalette::ColorGroup>(g);
        for (int r = 0; r < QPalette::NColorRoles; ++r) {
            const auto role = static_cast<QPalette::ColorRole>(r);
            if (role == QPalette::NoRole) continue;
            // Disabled widgets are not generated; inactive = active, since offscreen windows are
            // never active and the styles should draw them as if they were.
            const auto from = group == QPalette::Disabled ? QPalette::Disabled : QPalette::Active;
            out.setBrush(group, role, source.brush(from, role));
        }
    }
    return out;
}

}  // namespace

double relativeLuminance(const QColor& color) {
    auto channel = [](double c) {
        return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) +
           0.0722 * channel(color.blueF());
}

double contrastRatio(const QColor& a, const QColor& b) {
    const double la = relativeLuminance(a);
    const double lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * t),
                            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * t),
                            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * t));
}

QColor withContrast(const QColor& color, const QColor& background, double minContrast) {
    if (contrastRatio(color, background) >= minContrast) return color;
    const QColor black(0, 0, 0);
    const QColor white(255, 255, 255);
    const QColor target =
        contrastRatio(black, background) >= contrastRatio(white, background) ? black : white;
    for (int step = 1; step <= 20; ++step) {
        const QColor moved = mix(color, target, step / 20.0);
        if (contrastRatio(moved, background) >= minContrast) return moved;
    }
    return target;
}

ThemeFactory::ThemeFactory() {
    styles_ = QStyleFactory::keys();
    std::sort(styles_.begin(), styles_.end());
    for (const QString& key : styles_) styleObjects_[key].reset(QStyleFactory::create(key));

    QStringList families = QFontDatabase::families(QFontDatabase::Latin);
    std::sort(families.begin(), families.end());
    for (const QString& family : families) {
        if (QFontDatabase::isPrivateFamily(family) || !QFontDatabase::isSmoothlyScalable(family))
            continue;
        if (rendersLatin(family)) fonts_ << family;
    }
    for (const char* family : kCommonFamilies)
        if (fonts_.contains(QString::fromUtf8(family))) commonFonts_ << QString::fromUtf8(family);
    if (fonts_.isEmpty()) fonts_ << QApplication::font().family();
    if (commonFonts_.isEmpty()) commonFonts_ = fonts_;
}

ThemeFactory::~ThemeFactory() = default;

bool ThemeFactory::keepFontsNamed(const QStringList& words) {
    auto named = [&](const QString& family) {
        return std::any_of(words.begin(), words.end(),
                           [&](const QString& word) { return family.contains(word, Qt::CaseInsensitive); });
    };
    QStringList kept;
    for (const QString& family : fonts_)
        if (named(family)) kept << family;
    if (kept.isEmpty()) return false;
    fonts_ = kept;
    commonFonts_ = kept;
    return true;
}

QPalette ThemeFactory::randomPalette(Rng& rng, bool dark, bool dim) const {
    const double hue = rng.uniformReal(0, 360);
    const bool tinted = rng.chance(0.3);
    const double sat = tinted ? rng.uniformReal(0.05, 0.3) : rng.uniformReal(0, 0.06);

    QColor window, base, text;
    if (dark) {
        window = hsv(hue, sat, rng.uniformReal(0.10, 0.30));
        base = rng.chance(0.5) ? window.darker(rng.uniform(105, 140))
                               : hsv(hue, sat, rng.uniformReal(0.08, 0.32));
        text = hsv(rng.uniformReal(0, 360), rng.uniformReal(0, 0.1), rng.uniformReal(0.8, 1.0));
    } else {
        window = hsv(hue, sat, rng.uniformReal(0.86, 1.0));
        base = rng.chance(0.7) ? hsv(hue, sat * 0.2, rng.uniformReal(0.97, 1.0))
                               : window.lighter(rng.uniform(100, 110));
        text = hsv(rng.uniformReal(0, 360), rng.uniformReal(0, 0.3), rng.uniformReal(0, 0.3));
    }
    // Dim: the field's fill 3 to 12 grey levels lighter or darker than the window.
    auto nearWindow = [&] {
        const double step = rng.uniformReal(0.012, 0.05) * (rng.chance(0.5) ? 1 : -1);
        return hsv(hue, sat, std::clamp(window.valueF() + step, 0.0, 1.0));
    };
    if (dim) base = nearWindow();
    const QColor button = dim ? (rng.chance(0.5) ? window : nearWindow())
                        : rng.chance(0.5) ? window : window.lighter(rng.uniform(95, 110));
    const QColor accent =
        hsv(rng.uniformReal(0, 360), rng.uniformReal(0.45, 0.95), rng.uniformReal(0.45, 0.9));

    QPalette p(button, window);  // derives Light, Midlight, Dark, Mid, Shadow from the button
    const QColor windowText = withContrast(text, window, kMinTextContrast + 1);
    const QColor baseText = withContrast(text, base, kMinTextContrast + 1);
    const QColor buttonText = withContrast(text, button, kMinTextContrast + 1);
    const QColor white(255, 255, 255);
    const QColor black(0, 0, 0);
    const QColor highlighted =
        contrastRatio(white, accent) >= contrastRatio(black, accent) ? white : black;
    const QColor highlight = withContrast(accent, highlighted, kMinTextContrast);
    // Placeholders are paler than text, but still readable.
    const QColor placeholder =
        withContrast(mix(baseText, base, rng.uniformReal(0.35, 0.6)), base, kMinTextContrast);

    for (int g = 0; g < QPalette::NColorGroups; ++g) {
        const auto group = static_cast<QPalette::ColorGroup>(g);
        p.setColor(group, QPalette::WindowText, windowText);
        p.setColor(group, QPalette::Text, baseText);
        p.setColor(group, QPalette::ButtonText, buttonText);
        p.setColor(group, QPalette::Base, base);
        p.setColor(group, QPalette::AlternateBase, dark ? base.lighter(115) : base.darker(104));
        p.setColor(group, QPalette::Highlight, highlight);
        p.setColor(group, QPalette::HighlightedText, highlighted);
        p.setColor(group, QPalette::PlaceholderText, placeholder);
        p.setColor(group, QPalette::BrightText, dark ? black : white);
        p.setColor(group, QPalette::Link, withContrast(accent, base, kMinTextContrast));
        p.setColor(group, QPalette::LinkVisited, withContrast(accent.darker(130), base, 3));
        p.setColor(group, QPalette::ToolTipBase, base);
        p.setColor(group, QPalette::ToolTipText, baseText);
    }
    return p;
}

Theme ThemeFactory::make(Rng& rng, bool dim) const {
    Theme theme;
    int totalWeight = 0;
    for (const QString& key : styles_) totalWeight += styleWeight(key);
    int draw = rng.uniform(0, totalWeight - 1);
    for (const QString& key : styles_) {
        draw -= styleWeight(key);
        if (draw < 0) {
            theme.styleName = key;
            break;
        }
    }

    const bool builtIn = theme.styleName.compare("Fusion", Qt::CaseInsensitive) == 0 ||
                         theme.styleName.compare("Windows", Qt::CaseInsensitive) == 0;
    QPalette palette;
    if (dim) {
        theme.styleName = rng.chance(0.8) ? "Fusion" : "Windows";
        palette = randomPalette(rng, rng.chance(0.7), true);
    } else if (builtIn) {
        palette = randomPalette(rng, rng.chance(0.35));
    } else {
        // Third-party styles (Adwaita...) are drawn with their own palette; only the accent
        // colour varies, as a desktop's accent setting would.
        palette = styleObjects_.at(theme.styleName)->standardPalette();
        if (!theme.styleName.contains("contrast", Qt::CaseInsensitive) && rng.chance(0.4)) {
            const QColor accent = hsv(rng.uniformReal(0, 360), rng.uniformReal(0.45, 0.95),
                                      rng.uniformReal(0.4, 0.85));
            const QColor text = palette.color(QPalette::HighlightedText);
            for (int g = 0; g < QPalette::NColorGroups; ++g)
                palette.setColor(static_cast<QPalette::ColorGroup>(g), QPalette::Highlight,
                                 withContrast(accent, text, kMinTextContrast));
        }
    }
    theme.palette = resolvedCopy(palette);
    theme.dark = relativeLuminance(theme.palette.color(QPalette::Window)) < 0.25;

    const QStringList& families = rng.chance(0.5) ? commonFonts_ : fonts_;
    theme.fontFamily = families[rng.uniform(0, static_cast<int>(families.size()) - 1)];
    theme.scale = rng.chance(0.85) ? 1.0 : rng.pick({1.25, 1.5, 1.75, 2.0});
    const double pointSize = rng.uniform(16, 28) / 2.0;  // 8 to 14 in half points
    theme.font = QFont(theme.fontFamily);
    theme.font.setPointSizeF(pointSize * theme.scale);
    return theme;
}

}  // namespace hemu::generator
