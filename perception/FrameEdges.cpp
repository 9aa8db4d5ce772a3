#include "perception/FrameEdges.h"

#include "perception/TextCrops.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <vector>

namespace hemu::perception {
namespace {

// Grey levels between a frame line and what is beside it. Qt's dark styles draw a field's
// frame 13 levels off its inside (32 against 45, the window 53): at 24 none of their wide
// fields snapped, their boxes began past the value and it went unread (eval-parse --limit 50:
// Qt text exact .928 -> .935, text field F1 .958 -> .962, dropdown .951 -> .958; real apps
// .937 -> .940; GTK and Tk the same or better).
constexpr int kEdgeContrast = 12;
constexpr int kLongBoxHeights = 24;  // a box this many heights long is a stretched field
// Grey levels a frame line's pixels may stray from the line's median (antialiasing where a
// ring meets its corner, a dither).
constexpr int kLineSpread = 6;
// A toggle's ring against what is inside it: Tk draws it in its highlight background
// (#d9d9d9) on a window that may be a pastel 4 to 40 levels off. So faint a line counts
// only as part of a closed rectangle of such lines around the box (Tk held-out, all 150:
// check box F1 .969 at 12 levels, .972 at 8, .976 at 4; other sets the same at each).
constexpr int kToggleFrameContrast = 4;

/// Whether the columns x and x + step differ, row by row, through all of [top, bottom).
bool isEdge(const cv::Mat& gray, int x, int step, int top, int bottom) {
    const int other = x + step;
    if (x < 0 || other < 0 || x >= gray.cols || other >= gray.cols) return false;
    for (int y = top; y < bottom; ++y)
        if (std::abs(int(gray.at<uchar>(y, x)) - int(gray.at<uchar>(y, other))) < kEdgeContrast)
            return false;
    return true;
}

/// The column of the first edge met walking from `from` by `step` for at most `reach`
/// columns, or -1.
int firstEdge(const cv::Mat& gray, int from, int step, int reach, int top, int bottom) {
    for (int k = 0; k <= reach; ++k)
        if (isEdge(gray, from + k * step, step, top, bottom)) return from + k * step;
    return -1;
}

/// `box` started at the frame after a caption its left part covers: a text in its rows,
/// ending inside it and starting in its first third or before it, then within two heights after the text's end a frame's left
/// edge (a column unlike the one before it through the box's middle rows, the frame's top or
/// bottom line running on from it but not before it). The detector's box for a field drawn
/// a few levels off a dark window may start 170 px early, over the caption ("Email
/// address:julia93@correo.es"), too far off for the frame's lines to be found across the box.
/// Else `box` as it is.
cv::Rect startAfterCaption(const cv::Mat& gray, const cv::Rect& box, const std::vector<cv::Rect>& texts) {
    int captionEnd = -1;
    for (const cv::Rect& t : texts)
        if (t.y >= box.y - 2 && t.br().y <= box.br().y + 2 && t.br().x > box.x &&
            t.x < box.x + box.width / 3 && t.br().x < box.x + box.width / 2)
            captionEnd = std::max(captionEnd, t.br().x);
    if (captionEnd < 0) return box;
    const int top = box.y + box.height / 4, bottom = box.br().y - box.height / 4;
    for (int x = captionEnd + 1; x < captionEnd + 2 * box.height && x + box.height < box.br().x; ++x) {
        if (!isEdge(gray, x, +1, top, bottom)) continue;
        // The frame's line (column x + 1) against the inside after it; its top or bottom line
        // runs on over the next height from there (after a rounded corner's few columns), and
        // not from x - 2 back.
        const int inside = commonestGrey(gray(cv::Rect(x + 2, top, box.height, bottom - top)));
        const int frame = gray.at<uchar>((top + bottom) / 2, x + 1);
        if (std::abs(frame - inside) < kEdgeContrast) continue;
        auto lineAt = [&](int y, int from, int to) {
            for (int c = from; c < to; ++c)
                if (std::abs(int(gray.at<uchar>(y, c)) - frame) >= kEdgeContrast / 2) return false;
            return true;
        };
        for (int y = std::max(box.y - 3, 0); y < std::min(box.br().y + 3, gray.rows); ++y) {
            if (y >= top && y < bottom) continue;
            if (lineAt(y, x + 4, x + 4 + box.height) && !lineAt(y, x - 2, x - 1))  // past a rounded corner
                return {x + 1, box.y, box.br().x - (x + 1), box.height};
        }
    }
    return box;
}

/// Whether the pixels line(i), i in [from, to), are one line: nineteen in twenty within
/// kLineSpread of their median grey, and nine in ten unlike inner(i), the pixel beside each
/// on the inside, by `contrast`.
template <typename Line, typename Inner>
bool isFrameLine(int from, int to, Line line, Inner inner, int contrast) {
    const int n = to - from;
    if (n < 4) return false;
    std::vector<int> greys;
    for (int i = from; i < to; ++i) greys.push_back(line(i));
    std::nth_element(greys.begin(), greys.begin() + n / 2, greys.end());
    const int median = greys[n / 2];
    int same = 0, unlike = 0;
    for (int i = from; i < to; ++i) {
        same += std::abs(line(i) - median) <= kLineSpread;
        unlike += std::abs(line(i) - inner(i)) >= contrast;
    }
    return same * 20 >= n * 19 && unlike * 10 >= n * 9;
}

}  // namespace

cv::Rect toggleFrame(const cv::Mat& gray, const cv::Rect& box, const cv::Rect& limits) {
    const cv::Rect screen = limits & cv::Rect(cv::Point(), gray.size());
    if ((box & screen) != box || box.height < 6 || box.width < 8) return box;
    const int reach = box.height;
    auto at = [&](int x, int y) { return int(gray.at<uchar>(y, x)); };
    auto inside = [&](int x, int y) { return screen.contains({x, y}); };
    // Row y over columns [from, to) a line, against row y + step (inwards).
    auto rowLine = [&](int y, int step, int from, int to) {
        if (!inside(from, y) || !inside(from, y + step) || !inside(to - 1, y)) return false;
        return isFrameLine(from, to, [&](int x) { return at(x, y); }, [&](int x) { return at(x, y + step); },
                           kToggleFrameContrast);
    };
    // Walking outwards from a row (column) inside the box's edge: the first line met is the
    // frame's, or the box's own edge already is. Glyph and indicator rows are not one grey.
    int top = -1, bottom = -1;
    for (int y = box.y + 1; y >= box.y - reach && top < 0; --y)
        if (rowLine(y, +1, box.x + 1, box.br().x - 1)) top = y;
    for (int y = box.br().y - 2; y <= box.br().y - 1 + reach && bottom < 0; ++y)
        if (rowLine(y, -1, box.x + 1, box.br().x - 1)) bottom = y;
    if (top < 0 || bottom < 0) return box;
    auto columnLine = [&](int x, int step) {
        if (!inside(x, top) || !inside(x + step, top)) return false;
        return isFrameLine(top + 1, bottom, [&](int y) { return at(x, y); }, [&](int y) { return at(x + step, y); },
                           kToggleFrameContrast);
    };
    int left = -1, right = -1;
    for (int x = box.x + 1; x >= box.x - reach && left < 0; --x)
        if (columnLine(x, +1)) left = x;
    for (int x = box.br().x - 2; x <= box.br().x - 1 + reach && right < 0; ++x)
        if (columnLine(x, -1)) right = x;
    if (left < 0 || right < 0) return box;
    // A closed rectangle: the top and bottom lines run on from side to side (a field's frame
    // line above the box, or a group's, ends or turns elsewhere).
    if (!rowLine(top, +1, left + 1, right) || !rowLine(bottom, -1, left + 1, right)) return box;
    return {left, top, right - left + 1, bottom - top + 1};
}

namespace {

// frameEdges, with every side that lies past the frame's edge brought in to it where
// `comeIn`, not only a long box's or one over a text.
cv::Rect snapToFrame(const cv::Mat& gray, const cv::Rect& requested, const cv::Rect& limits,
                     const std::vector<cv::Rect>& texts, bool bothLines, int reachHeights, bool comeIn) {
    const cv::Rect screen = limits & cv::Rect(cv::Point(), gray.size());
    cv::Rect box = requested & screen;
    if (box != requested || box.height < 8 || box.width < 2 * box.height) return requested;
    box = startAfterCaption(gray, box, texts);
    const int reach = reachHeights * box.height;
    // The middle half of the rows: a frame's line runs through them, a glyph's stroke not all
    // of them, and a box a few pixels too tall or short still has them inside the frame.
    const int top = box.y + box.height / 4, bottom = box.br().y - box.height / 4;
    const int inside = commonestGrey(gray(cv::Rect(box.x, top, box.width, bottom - top)));
    auto lineLike = [&](int x, int y) { return std::abs(int(gray.at<uchar>(y, x)) - inside) >= kEdgeContrast; };
    // The frame's top and bottom lines: the rows near the box's top (bottom) edge that differ
    // from the inside across the middle of the box. A walk outwards follows them: past their
    // end is no longer this frame (a caption, the window, a group's border).
    auto frameRow = [&](int from, int to) {  // rows [from, to), the best covered, or -1
        int best = -1, bestCount = 0;
        const int x0 = box.x + box.width / 4, x1 = box.br().x - box.width / 4;
        for (int y = std::max(from, 0); y < std::min(to, gray.rows); ++y) {
            int count = 0;
            for (int x = x0; x < x1; ++x) count += lineLike(x, y);
            if (count * 10 >= (x1 - x0) * 9 && count >= bestCount) best = y, bestCount = count;
        }
        return best;
    };
    // The lines are looked for up to 4 px outside the box; where none is, a field's up to a
    // quarter of its height out: Qt's 45-px field "Tags" had its box 6 px inside its top line,
    // its left edge 52 px in, and its caption was no longer its label. Not a button's: past
    // 4 px is a tool bar's line (tk-brief's "Einde" lost its frame).
    const int lineReach = bothLines ? 4 : std::max(4, box.height / 4);
    int topLine = frameRow(box.y - 4, top), bottomLine = frameRow(bottom, box.br().y + 4);
    if (topLine < 0 && lineReach > 4) topLine = frameRow(box.y - lineReach, top);
    if (bottomLine < 0 && lineReach > 4) bottomLine = frameRow(bottom, box.br().y + lineReach);
    if (topLine < 0 || (bothLines && bottomLine < 0)) return requested;  // no frame drawn (or not this box's)
    // The lines' own greys: followed, they tell the frame from the window around it, which
    // may differ from the inside as much (Tk's grey window, white entries). A 3D frame's
    // bottom line may be as light as the inside: then the top line alone is followed.
    auto lineGrey = [&](int y) {
        std::vector<uchar> row(gray.ptr<uchar>(y) + box.x + box.width / 4, gray.ptr<uchar>(y) + box.br().x - box.width / 4);
        std::nth_element(row.begin(), row.begin() + row.size() / 2, row.end());
        return int(row[row.size() / 2]);
    };
    const int topGrey = lineGrey(topLine), bottomGrey = bottomLine >= 0 ? lineGrey(bottomLine) : 0;
    // A line's grey is followed to within half its contrast with the inside (at most 16):
    // Qt's dark frames are 12 levels off the inside and 15 off the window, and a fixed 16
    // followed a top line on over the window and the caption, 170 px.
    const int topTolerance = std::clamp(std::abs(topGrey - inside) / 2, 4, 16);
    const int bottomTolerance = std::clamp(std::abs(bottomGrey - inside) / 2, 4, 16);
    auto onLines = [&](int x) {
        return std::abs(int(gray.at<uchar>(topLine, x)) - topGrey) < topTolerance &&
               (bottomLine < 0 || std::abs(int(gray.at<uchar>(bottomLine, x)) - bottomGrey) < bottomTolerance);
    };
    // From `from` by `step`: the frame's side (one column inside its line) while the top and
    // bottom lines continue (but for a rounded corner's few columns), or -1.
    auto side = [&](int from, int step) {
        int gap = 0;
        for (int k = 0, x = from; k <= reach && x + step >= screen.x && x + step < screen.br().x; ++k, x += step) {
            if (isEdge(gray, x, step, top, bottom)) return x;
            if (onLines(x)) gap = 0;
            else if (++gap > 3) return -1;
        }
        return -1;
    };
    cv::Rect out = box;
    // An edge at the box's side, or inside it within a height, means the side is right or the
    // box already reaches past the frame (fitTextRegion reads from the frame's edge then);
    // else walk outwards. The box takes the frame's line in.
    //
    // A long box (a field across a maximised window) has its width from a centre cell 900 px
    // from either end, loose by up to a twelfth of it: its side may lie a caption's width
    // past the frame, over the caption. Such a side comes in to the frame's edge when the
    // frame's top and bottom lines end there (a glyph inside the field has them on both sides).
    // Boxes of ordinary length are not moved in: a short field's value, also seen as a text,
    // then stood clear above the next field and was taken for its caption. Unless what the
    // side takes in past the frame is a text (yad's "Start time" beside its field, the box 14
    // px over "time": the field read "Ltime09.00" and the caption "Start time09:00").
    const bool longBox = box.width >= kLongBoxHeights * box.height;
    const int near = longBox ? box.width / 12 : std::min(box.height, box.width / 4);
    auto linesEndAt = [&](int x) { return x >= screen.x && x < screen.br().x && !onLines(x); };
    auto overText = [&](int from, int to) {  // columns [from, to) of the box hold a text
        const cv::Rect strip(from, box.y, to - from, box.height);
        return std::any_of(texts.begin(), texts.end(), [&](const cv::Rect& t) { return (t & strip).area() > 0; });
    };
    const int leftEdge = firstEdge(gray, box.x + near, -1, near + 2, top, bottom);
    if (leftEdge < 0) {
        const int edge = side(box.x + 2, -1);
        if (edge >= 0 && edge < box.x) {
            out.width += out.x - (edge - 1);
            out.x = edge - 1;
        }
    } else if ((comeIn || longBox || overText(box.x, leftEdge - 1)) && leftEdge - 1 > box.x && linesEndAt(leftEdge - 4)) {
        out.width -= leftEdge - 1 - out.x;
        out.x = leftEdge - 1;
    }
    const int last = box.br().x - 1;
    const int rightEdge = firstEdge(gray, last - near, +1, near + 2, top, bottom);
    if (rightEdge < 0) {
        const int edge = side(last - 2, +1);
        if (edge > last) out.width = edge + 2 - out.x;
    } else if ((comeIn || longBox || overText(rightEdge + 2, last + 1)) && rightEdge + 1 < last && linesEndAt(rightEdge + 4)) {
        out.width = rightEdge + 2 - out.x;
    }
    return out & screen;
}

}  // namespace

cv::Rect frameEdges(const cv::Mat& gray, const cv::Rect& box, const cv::Rect& limits,
                    const std::vector<cv::Rect>& texts, bool bothLines, int reachHeights) {
    return snapToFrame(gray, box, limits, texts, bothLines, reachHeights, false);
}

cv::Rect insideFrame(const cv::Mat& gray, const cv::Rect& box) {
    const cv::Rect near(box.x - 2, box.y - 2, box.width + 4, box.height + 4);
    return snapToFrame(gray, box, near, {}, false, kFieldReachHeights, true);
}

cv::Rect flatBandEdges(const cv::Mat& gray, const cv::Rect& box, const cv::Rect& limits) {
    const cv::Rect area = limits & cv::Rect(cv::Point(), gray.size());
    const cv::Rect b = box & area;
    if (b.width < 4 || b.height < 6) return box;
    std::array<int, 256> histogram{};
    for (int y = b.y; y < b.br().y; ++y)
        for (int x = b.x; x < b.br().x; ++x) ++histogram[gray.at<uchar>(y, x)];
    const int band = int(std::max_element(histogram.begin(), histogram.end()) - histogram.begin());
    auto isBand = [&](int x, int y) { return std::abs(int(gray.at<uchar>(y, x)) - band) <= 2; };
    // The rows most of the band's grey (clear of the content's text inside the box), and
    // columns of the band's grey on half of them or more: a column through the content (inside
    // or outside the box, a glyph's stroke spans half the rows or less) still is.
    std::vector<int> count;
    for (int y = b.y; y < b.br().y; ++y) {
        int n = 0;
        for (int x = b.x; x < b.br().x; ++x) n += isBand(x, y);
        count.push_back(n);
    }
    const int most = *std::max_element(count.begin(), count.end());
    std::vector<int> clear;
    for (int y = b.y; y < b.br().y; ++y)
        if (count[y - b.y] * 10 >= most * 9 && count[y - b.y] * 2 >= b.width) clear.push_back(y);
    if (clear.size() < 3) return box;
    auto columnIsBand = [&](int x) {
        int n = 0;
        for (int y : clear) n += isBand(x, y);
        return n * 2 >= int(clear.size());
    };
    const int centre = b.x + b.width / 2;
    if (!columnIsBand(centre)) return box;
    const int reach = 2 * box.width;
    int left = centre, right = centre;
    while (left - 1 >= area.x && centre - left < reach && columnIsBand(left - 1)) --left;
    while (right + 1 < area.br().x && right - centre < reach && columnIsBand(right + 1)) ++right;
    if (centre - left >= reach || right - centre >= reach || left == area.x || right == area.br().x - 1)
        return box;  // the window's own grey, or a band cut by the limits
    auto rowIsBand = [&](int y) {
        int n = 0;
        for (int x = left; x <= right; ++x) n += isBand(x, y);
        return n * 2 >= right - left + 1;
    };
    // Up and down from the clear row nearest the box's middle: a band just above or below
    // (a stacked field's, two pixels away) has clear rows in the box too.
    const int middle = b.y + b.height / 2;
    int top = *std::min_element(clear.begin(), clear.end(), [&](int a, int c) {
        return std::abs(a - middle) < std::abs(c - middle);
    });
    int bottom = top;
    while (top - 1 >= area.y && bottom - top < 2 * box.height && rowIsBand(top - 1)) --top;
    while (bottom + 1 < area.br().y && bottom - top < 2 * box.height && rowIsBand(bottom + 1)) ++bottom;
    const int height = bottom - top + 1;
    if (height * 5 < box.height * 3 || height * 5 > box.height * 8 || right - left + 1 < height ||
        top == area.y || bottom == area.br().y - 1)
        return box;
    return {left, top, right - left + 1, height};
}

bool snapToFrames(const cv::Mat& gray, std::vector<Element>& elements, const cv::Rect& limits) {
    std::vector<cv::Rect> texts;
    for (const Element& e : elements)
        if (e.type == ElementType::Text) texts.push_back(e.box);
    bool moved = false;
    for (Element& e : elements) {
        if (e.type == ElementType::Checkbox || e.type == ElementType::Radio) {
            const cv::Rect framed = toggleFrame(gray, e.box, limits);
            moved |= framed != e.box;
            e.box = framed;
            continue;
        }
        if (e.type != ElementType::TextField && e.type != ElementType::Dropdown && e.type != ElementType::Button)
            continue;
        // A button may have no frame at all (a toolbar's): a line above it alone is the bar's.
        const bool button = e.type == ElementType::Button;
        const cv::Rect snapped =
            frameEdges(gray, e.box, limits, texts, button, button ? kButtonReachHeights : kFieldReachHeights);
        moved |= snapped != e.box;
        e.box = snapped;
    }
    return moved;
}

}  // namespace hemu::perception
