#include "perception/TextCrops.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <limits>

namespace hemu::perception {
namespace {

/// Ink: what differs clearly from the background (255 where it does, else 0).
cv::Mat inkAgainst(const cv::Mat& area, int background, int threshold = 48) {
    cv::Mat ink;
    cv::absdiff(area, cv::Scalar(background), ink);
    return ink > threshold;
}

}  // namespace

int commonestGrey(const cv::Mat& area) {
    int histogram[256] = {};
    for (int y = 0; y < area.rows; ++y) {
        const uchar* row = area.ptr<uchar>(y);
        for (int x = 0; x < area.cols; ++x) ++histogram[row[x]];
    }
    return int(std::max_element(histogram, histogram + 256) - histogram);
}

cv::Rect textRegion(const Element& e, cv::Size screen) {
    cv::Rect r = e.box;
    switch (e.type) {
        case ElementType::Checkbox:
        case ElementType::Radio: {
            // The indicator is about as wide as the box is high, at the left.
            const int indicator = std::min(r.width, r.height);
            r.x += indicator;
            r.width -= indicator;
            r = {r.x, r.y - 1, r.width + 2, r.height + 2};
            break;
        }
        case ElementType::Dropdown:
            r.width -= std::min(r.width / 2, r.height);  // the arrow button
            [[fallthrough]];
        case ElementType::TextField:
        case ElementType::Button:
            r = {r.x + 3, r.y + 2, r.width - 6, r.height - 4};
            break;
        case ElementType::Text:
            r = {r.x - 2, r.y - 2, r.width + 4, r.height + 4};
            break;
        case ElementType::Invalid: break;
    }
    return r & cv::Rect(cv::Point(), screen);
}

cv::Rect keepOffNeighbours(const cv::Rect& fitted, const Element& element,
                           const std::vector<Element>& elements) {
    const cv::Rect& own = element.box;
    int left = fitted.x, right = fitted.br().x;
    for (const Element& other : elements) {
        const cv::Rect& box = other.box;
        if (&other == &element || box == own) continue;
        // Beside it: sharing half the text's rows, and lying past its box's end, or over its
        // last few pixels (Tk's radios in a row, the next box starting 3 px inside this one:
        // "Herr" read on into the next's indicator and caption, "HerrCFra").
        const int shared = std::min(box.br().y, own.br().y) - std::max(box.y, own.y);
        if (2 * shared < own.height) continue;
        const int overlap = std::max(1, own.height / 2);
        if (box.x >= own.br().x - overlap && box.x < right) right = std::max(box.x, own.br().x);
        if (box.br().x <= own.x + overlap && box.br().x > left) left = std::min(box.br().x, own.x);
    }
    return cv::Rect(cv::Point(left, fitted.y), cv::Point(std::max(right, left + 1), fitted.br().y));
}

std::vector<std::pair<std::size_t, std::size_t>> trailingMarks(const std::vector<Element>& elements,
                                                               const std::vector<std::size_t>& which) {
    auto isMark = [](const std::string& text) {
        return !text.empty() && text.size() <= 3 &&
               text.find_first_not_of("*:+") == std::string::npos && text.find_first_of("*+") != std::string::npos;
    };
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    std::vector<bool> taken(elements.size(), false);
    for (std::size_t m : which) {
        const Element& mark = elements[m];
        if (mark.type != ElementType::Text || !isMark(mark.text)) continue;
        for (std::size_t t : which) {
            const Element& caption = elements[t];
            if (t == m || taken[t] || caption.type != ElementType::Text || isMark(caption.text)) continue;
            const int shared = std::min(caption.box.br().y, mark.box.br().y) - std::max(caption.box.y, mark.box.y);
            const int gap = mark.box.x - caption.box.br().x;
            if (2 * shared < std::min(caption.box.height, mark.box.height) || gap < -2 || gap > mark.box.height)
                continue;
            pairs.emplace_back(t, m);
            taken[t] = taken[m] = true;
            break;
        }
    }
    return pairs;
}

cv::Rect keepOffLabels(const cv::Rect& fitted, const Element& field, const std::vector<Element>& elements) {
    const cv::Rect& own = field.box;
    const int middle = own.x + own.width / 2;
    int left = fitted.x, right = fitted.br().x;
    for (const Element& other : elements) {
        if (other.type != ElementType::Text) continue;
        const cv::Rect& box = other.box;
        const int shared = std::min(box.br().y, own.br().y) - std::max(box.y, own.y);
        if (2 * shared < box.height) continue;  // not on the field's row
        // Mostly outside the box and ending in its near half: a label the box took the end
        // of. (Mostly inside, it is the field's own content, its text box a little wider.)
        if (box.x < own.x && box.br().x > left && box.br().x < middle && own.x - box.x >= box.br().x - own.x)
            left = box.br().x;
        if (box.br().x > own.br().x && box.x < right && box.x > middle && box.br().x - own.br().x >= own.br().x - box.x)
            right = box.x;
    }
    return cv::Rect(cv::Point(left, fitted.y), cv::Point(std::max(right, left + 1), fitted.br().y));
}

cv::Rect fitTextRegion(const cv::Mat& gray, const Element& e, cv::Rect region) {
    if (region.width < 4 || region.height < 6) return region;
    const int h = region.height;
    // How far a detected box's edge may be off, and the widest gap that still continues the
    // text once a glyph is found cut: a word space for a text line's or a caption's end; in a
    // frame (a field, a button), or at a caption's start, only the gap between letters: a wider
    // one is the frame's padding or the gap to a check box's square. A long text line's box
    // falls short by words ("perché week|ly speed forêt clock?"): its cut glyphs are followed up
    // to eight heights (text exact, eval-parse --limit 50, with keepOffNeighbours: GTK .922 ->
    // .936, Tk .915 -> .930, Qt .868 -> .875; twenty heights did a little worse).
    const bool toggle = e.type == ElementType::Checkbox || e.type == ElementType::Radio;
    const bool framed = e.type == ElementType::TextField || e.type == ElementType::Dropdown ||
                        e.type == ElementType::Button;
    // A paragraph's line (a text box ten or more heights long) is followed across word spaces
    // too: its box may end, or start, between two words ("Sample driver Máire| template,"),
    // and a paragraph has no caption beside it on its row to be read into it. Text exact, same
    // weights: Qt (50) .960 -> .962, (150) .962 -> .963, validation Qt .961 -> .962, Tk .977 ->
    // .978; every other set the same or better. Any text so followed: Qt .953, Tk .966.
    const bool line = e.type == ElementType::Text && region.width >= kParagraphLineHeights * h;
    // A toggle's caption is followed as far as a text line's at its end (the detector's box
    // for "I accept the terms and conditions" stops words short), not at its start, where
    // the indicator is.
    const int reach = framed ? h : e.type == ElementType::Text ? 8 * h : std::max(h / 2, 4);
    const int reachRight = toggle ? 8 * h : reach;
    const int letterGap = std::max(2, h / 8);
    const int wordGap = framed ? letterGap : std::max(3, h / 2);
    const int leftGap = toggle ? letterGap : wordGap;
    const cv::Rect window = cv::Rect(region.x - reach, region.y, region.width + reach + reachRight, h) &
                            cv::Rect(cv::Point(), gray.size());
    if (window.width <= region.width) return region;
    const cv::Mat area = gray(window);
    const int background = commonestGrey(area);
    const cv::Mat ink = inkAgainst(area, background);
    // Rows inked across most of the window are a frame's edge, not text: left out.
    std::vector<int> columnInk(area.cols, 0);
    for (int y = 0; y < ink.rows; ++y) {
        const uchar* row = ink.ptr<uchar>(y);
        if (cv::countNonZero(ink.row(y)) > ink.cols * 7 / 10) continue;
        for (int x = 0; x < ink.cols; ++x) columnInk[x] += row[x] ? 1 : 0;
    }
    // A column inked (nearly) all the way down is a field's edge, never a glyph: for a framed
    // box its own, for a toggle the frame of the field after its caption, taller than the
    // caption's box (tk-brief's "Sender" read on into its field, "Sender IBjörn Bianchi"; real
    // apps' text exact .940 -> .945, Tk .975 -> .977). A text's box is as tall as its glyphs.
    const int borderInk = framed ? h * 7 / 10 : toggle ? h * 9 / 10 : h + 1;
    const int left = region.x - window.x, right = region.br().x - window.x;  // [left, right)
    // Walks outward from an edge while ink continues; returns the last inked column reached.
    auto follow = [&](int from, int step, int end, int maxGap) {
        int last = -1, gap = 0;
        for (int x = from; x != end; x += step) {
            if (columnInk[x] >= borderInk) break;
            if (columnInk[x] > 0) last = x, gap = 0;
            else if (++gap > maxGap) break;
        }
        return last;
    };
    // A glyph the edge cuts: ink at the edge inside and within a letter's gap outside.
    auto inkedWithin = [&](int from, int to) {  // [from, to), clipped to the window
        for (int x = std::max(from, 0); x < std::min(to, area.cols); ++x)
            if (columnInk[x] > 0 && columnInk[x] < borderInk) return true;
        return false;
    };
    cv::Rect widened = region;
    if ((inkedWithin(left, left + 2) && inkedWithin(left - letterGap - 1, left)) ||
        (line && inkedWithin(left - wordGap - 1, left))) {
        const int first = follow(left - 1, -1, -1, leftGap);
        if (first >= 0) widened.x = window.x + std::max(first - 2, 0);
    }
    int end = region.br().x;
    // A glyph cut at the end, or (a toggle's caption, a text) the end in the gap before its
    // last letter: yad's "Customer numbe|r", its field's box starting 7 px after the "r".
    // Texts too: text exact .908 / .966 / .966 / .928 -> .912 / .969 / .969 / .929 (Qt / GTK /
    // Tk / real apps, eval-parse --limit 50).
    const int endSlack = toggle || e.type == ElementType::Text ? letterGap + 2 : 2;
    if ((inkedWithin(right - endSlack, right) && inkedWithin(right, right + letterGap + 1)) ||
        (line && inkedWithin(right, right + wordGap + 1))) {
        const int last = follow(right, +1, area.cols, wordGap);
        if (last >= 0) end = std::min(window.x + last + 3, window.br().x);
    } else if (!framed && inkedWithin(right - 1, right)) {
        // A caption's box ending on its last glyph's last column: two blank columns more, as a
        // followed end gets, or the reader drops a final period at the crop's edge ("Unser Z").
        end = std::min(region.br().x + 2, window.br().x);
    }
    if (e.type == ElementType::Text) {
        // A required field's mark a space after its caption ("Reference *:", "START DATE *"):
        // the detector's box stops at the last word, and a monospace space is wider than the
        // word gap followed above. A short piece (a height wide at most, no column inked all
        // the way down as a field's edge is) within a height of the end, with nothing after
        // it for two heights, belongs to the caption. (Qt held-out, all 150: 7 of 173 wrong
        // texts were such marks left out; text exact +6.)
        const int from = end - window.x;
        int first = -1;
        for (int x = std::max(from, 0); x < std::min(from + h, area.cols) && first < 0; ++x)
            if (columnInk[x] > 0) first = x;
        if (first >= 0) {
            int last = first, gap = 0;
            bool mark = true;
            for (int x = first; x < area.cols && mark; ++x) {
                if (columnInk[x] >= h * 9 / 10) mark = false;
                else if (columnInk[x] > 0) last = x, gap = 0;
                else if (++gap > wordGap) break;  // "*" to ":" in a monospace face
            }
            // Nothing after it for two heights, or the edge of the field it labels first.
            int next = -1;
            for (int x = last + 1; x < std::min(last + 1 + 2 * h, area.cols) && next < 0; ++x)
                if (columnInk[x] > 0) next = x;
            const bool alone = last + 2 * h < area.cols && (next < 0 || columnInk[next] >= h * 9 / 10);
            mark = mark && last - first < h && alone;
            if (mark) end = window.x + last + 3;
        }
    }
    widened.width = end - widened.x;
    if (framed) {
        // A frame's box that starts over its caption's end ("ents|Very helpful"): the frame's
        // left edge, a line through the whole band and on past it above and below, in the
        // region's first third, starts the text. (Any column inked over 70% of the band, as
        // first tried, is also a tall letter in Tk's tight fields: -3 points exact there.)
        const int from = widened.x - window.x, third = (end - widened.x) / 3;
        const int above = region.y - 1, below = region.br().y;
        auto inkAt = [&](int x, int y) {
            return y >= 0 && y < gray.rows && std::abs(int(gray.at<uchar>(y, window.x + x)) - background) > 48;
        };
        // A rounded corner (Qt's Fusion fields) leaves the line's end pixel blank: the next
        // column in, where the corner bends, counts too.
        auto lineAt = [&](int x, int y) { return inkAt(x, y) || inkAt(x + 1, y); };
        for (int x = from + third - 1; x >= from; --x) {
            if (columnInk[x] < h * 9 / 10 || !lineAt(x, above) || !lineAt(x, below)) continue;
            widened.width -= x + 2 - from;
            widened.x = window.x + x + 2;
            break;
        }
    }
    if (e.type != ElementType::Dropdown) return widened;
    // A dropdown's box drawn too wide takes in its arrow: a narrow mark a wide gap after the
    // text, left out.
    const int from = widened.x - window.x, to = end - window.x;
    if (to > from) {
        int markEnd = -1, markStart = -1;
        for (int x = to - 1; x >= from; --x) {
            if (columnInk[x] > 0 && columnInk[x] < borderInk) {
                if (markEnd < 0) markEnd = x;
                markStart = x;
            } else if (markEnd >= 0 && markStart - x > letterGap) {
                break;
            }
        }
        // [markStart, markEnd] is the last inked run; the text before it ends a gap earlier.
        int textEnd = markStart - 1;
        while (textEnd >= from && columnInk[textEnd] == 0) --textEnd;
        if (markEnd >= 0 && textEnd >= from && markEnd - markStart < h * 8 / 10 &&
            markStart - textEnd > h / 2)
            end = window.x + textEnd + 3;
    }
    widened.width = std::max(end - widened.x, 4);
    return widened;
}

namespace {

/// A toggle's caption: `region` (its text region) from the end of the indicator on, or from
/// the caption's first letter where no indicator shows; empty where neither is found.
///
/// The caption starts after the indicator, wherever the toolkit's spacing puts its end. The
/// indicator is a square or circle about as wide as tall (not a run of joined letters), a
/// sixth of the box's height or more (Qt's scaled styles draw a 13 px square beside 22 px
/// letters, in a 47 px box, detected up to 68 px high), closed (inked on two adjoining sides), apart from what is
/// before it, then a gap. It is looked for from a height left of the box on (the
/// detector's box often starts at the indicator's end: "I accept" read "accept", "Make"
/// "ake"), the one nearest the box's start taken (a neighbour's "n" lies further left).
/// Where none shows (Qt's dark styles draw it a few levels off the window), the caption
/// starts at the box's first ink when that runs on into the region as one word does.
cv::Rect captionAfterIndicator(const cv::Mat& gray, const cv::Rect& elementBox, const cv::Rect& region,
                               int background) {
    const cv::Rect screen(cv::Point(), gray.size());
    const cv::Rect box = elementBox & screen;
    if (box.width < box.height || box.height < 8) return {};
    // Blank columns kept before the caption's first letter, as many as a ground-truth crop
    // has (Qt's dark radios: "Weekly" read "Weeky" and "Daily" "Daly" with 2 at 25 px).
    const int lead = std::max(2, box.height / 7);
    // A few rows more above and below: a box a little short of its indicator cut a circle
    // into two arcs, neither an indicator (GTK's "XLSX" read "C XLSX").
    const int margin = std::max(2, box.height / 4);
    const cv::Rect area =
        cv::Rect(box.x - box.height, box.y - margin, box.width + box.height, box.height + 2 * margin) & screen;
    const int boxStart = box.x - area.x;
    // Fainter than text ink counts here: ttk's diamonds and Tk's sunken circles are half
    // a highlight barely lighter than the window, half a shadow; the shadow alone, a "V"
    // twice as wide as tall, was no indicator, and "Z Normal" was read.
    const cv::Mat areaInk = inkAgainst(gray(area), background, 24);
    cv::Mat labels, stats, centroids;
    const int count = cv::connectedComponentsWithStats(areaInk, labels, stats, centroids, 8);
    auto statOf = [&](int i, int which) { return stats.at<int>(i, which); };
    // A square or circle, outlined or filled, is inked at the middle of its top or bottom
    // side and of its left or right one (Tk's sunken ones are light at the bottom and the
    // right: all four sides lost them); "H" and "T", as wide as tall, leave both of a pair
    // blank ("Half day" read "alf day").
    auto closedAround = [&](int i) {
        const int left = statOf(i, cv::CC_STAT_LEFT), top = statOf(i, cv::CC_STAT_TOP);
        const int w = statOf(i, cv::CC_STAT_WIDTH), h = statOf(i, cv::CC_STAT_HEIGHT);
        auto inked = [&](int x0, int y0, int x1, int y1) {  // inclusive, inside the component's box
            for (int y = std::max(y0, top); y <= std::min(y1, top + h - 1); ++y)
                for (int x = std::max(x0, left); x <= std::min(x1, left + w - 1); ++x)
                    if (labels.at<int>(y, x) == i) return true;
            return false;
        };
        const int cx = left + w / 2, cy = top + h / 2, dx = std::max(1, w / 6), dy = std::max(1, h / 6);
        return (inked(cx - dx, top, cx + dx, top + 2) || inked(cx - dx, top + h - 3, cx + dx, top + h - 1)) &&
               (inked(left, cy - dy, left + 2, cy + dy) || inked(left + w - 3, cy - dy, left + w - 1, cy + dy));
    };
    // Any ink in the column, in the box's own rows (a line under the box is not beside it).
    const cv::Mat boxRowsInk = areaInk.rowRange(box.y - area.y, box.y - area.y + box.height);
    std::vector<bool> inkedColumn(area.width);
    for (int x = 0; x < area.width; ++x) inkedColumn[x] = cv::countNonZero(boxRowsInk.col(x)) > 0;
    int best = -1, bestEnd = 0, bestNearest = 0;
    for (int i = 1; i < count; ++i) {
        const int left = statOf(i, cv::CC_STAT_LEFT), w = statOf(i, cv::CC_STAT_WIDTH);
        const int h = statOf(i, cv::CC_STAT_HEIGHT);
        // Where the box starts half its height or more before the candidate, blank, an
        // indicator the eye can hardly see is there and the candidate is the caption's first
        // letter ("D" of "Daily", Qt's dark styles: "ily" was read). Boxes start up to 5 px
        // before a visible one.
        const int blankBefore = left - boxStart;
        if (left < boxStart - box.height || blankBefore > std::max(6, box.height / 2) || h < 5 ||
            6 * h < box.height || w * 10 < h * 6 || w * 2 > h * 3 || !closedAround(i))
            continue;
        // Apart from what is before it too (the "o" of "Do not" is not).
        if ((left >= 1 && inkedColumn[left - 1]) || (left >= 2 && inkedColumn[left - 2])) continue;
        int end = left + w;
        for (int j = 1; j < count; ++j) {  // a check mark of its own, within the square
            const int jLeft = statOf(j, cv::CC_STAT_LEFT), jRight = jLeft + statOf(j, cv::CC_STAT_WIDTH);
            if (j != i && jLeft >= left && jLeft < left + w && 2 * jRight <= 2 * left + 3 * w)
                end = std::max(end, jRight);
        }
        int nearest = area.width, tallest = 0;
        const int boxTop = box.y - area.y, boxBottom = boxTop + box.height;
        for (int j = 1; j < count; ++j) {  // the caption's letters: in the box's rows
            const int top = statOf(j, cv::CC_STAT_TOP), bottom = top + statOf(j, cv::CC_STAT_HEIGHT);
            if (statOf(j, cv::CC_STAT_LEFT) < end || bottom <= boxTop || top >= boxBottom) continue;
            nearest = std::min(nearest, statOf(j, cv::CC_STAT_LEFT));
            tallest = std::max(tallest, statOf(j, cv::CC_STAT_HEIGHT));
        }
        // A box that starts at its caption has a letter there instead, a letter's gap before
        // the next: an indicator is an outline (little of its square inked, or all of it:
        // Tk's white square, no letter's shape), or taller than the letters after it, or has
        // a wider gap after it than letters have.
        const int pixels = statOf(i, cv::CC_STAT_AREA);
        const bool outline = 10 * pixels < 7 * w * h || (10 * pixels >= 9 * w * h && std::abs(w - h) <= 2);
        const int gap = nearest - end;
        if (nearest == area.width || gap < 2 ||
            (!outline && h * 10 < tallest * 11 && gap < std::max(4, h / 3)))
            continue;
        if (best < 0 || std::abs(left - boxStart) < std::abs(statOf(best, cv::CC_STAT_LEFT) - boxStart))
            best = i, bestEnd = end, bestNearest = nearest;
    }
    if (best >= 0) {
        const int x = area.x + std::max(bestEnd + 1, bestNearest - lead);
        if (region.br().x - x < 4) return {};
        // The caption alone, to be cut to its rows as a field's text is: a toggle's box is up
        // to three times its caption's height.
        return {x, region.y, region.br().x - x, region.height};
    }
    // No indicator: text ink from the box's start, gaps no wider than a letter's, into the
    // region; unless fainter ink comes first (an indicator not recognised as one: it would
    // be read as a letter, "X Vorname").
    const cv::Mat textInk = inkAgainst(gray(area), background);
    int first = -1;
    for (int x = boxStart; x < area.width && first < 0; ++x)
        if (cv::countNonZero(textInk.col(x)) > 0) first = x;
    const int regionStart = region.x - area.x;
    if (first < 0 || first - lead >= regionStart) return {};
    for (int x = boxStart; x < first; ++x)
        if (inkedColumn[x]) return {};
    const int maxGap = std::max(2, box.height / 8);
    for (int x = first, gap = 0; x < regionStart; ++x) {
        gap = cv::countNonZero(textInk.col(x)) > 0 ? 0 : gap + 1;
        if (gap > maxGap) return {};
    }
    const int x = area.x + std::max(first - lead, 0);
    return {x, region.y, region.br().x - x, region.height};
}

}  // namespace

cv::Rect tightenTextRegion(const cv::Mat& gray, const Element& e, cv::Rect region) {
    const bool toggle = e.type == ElementType::Checkbox || e.type == ElementType::Radio;
    const bool framed = e.type == ElementType::TextField || e.type == ElementType::Dropdown ||
                        e.type == ElementType::Button;
    region &= cv::Rect(cv::Point(), gray.size());
    if ((!toggle && !framed) || region.width < 8 || region.height < 8) return region;
    const int background = commonestGrey(gray(region));
    if (toggle) {
        const cv::Rect caption = captionAfterIndicator(gray, e.box, region, background);
        if (caption.empty()) return region;
        region = caption;
    }
    cv::Mat ink = inkAgainst(gray(region), background);
    // A frame's edges (rows or columns inked most of the way across) are not text.
    for (int y = 0; y < ink.rows; ++y)
        if (cv::countNonZero(ink.row(y)) > ink.cols * 7 / 10) ink.row(y).setTo(0);
    for (int x = 0; x < ink.cols; ++x)
        if (cv::countNonZero(ink.col(x)) > ink.rows * 7 / 10) ink.col(x).setTo(0);
    int top = -1, bottom = -1;
    for (int y = 0; y < ink.rows; ++y)
        if (cv::countNonZero(ink.row(y)) > 0) {
            if (top < 0) top = y;
            bottom = y;
        }
    if (top < 0 || bottom - top + 1 < 4) return region;  // nothing (or only specks) written
    constexpr int kMargin = 2;  // as the generators' text boxes are tight and read with 2 more
    const int from = std::max(top - kMargin, 0), to = std::min(bottom + 1 + kMargin, region.height);
    return {region.x, region.y + from, region.width, to - from};
}

std::vector<cv::Rect> textLines(const cv::Mat& frame, const cv::Rect& requested) {
    const cv::Rect area = requested & cv::Rect(cv::Point(), frame.size());
    std::vector<cv::Rect> lines;
    if (area.width < 4 || area.height < 4) return lines;
    cv::Mat gray;
    if (frame.channels() == 1)
        gray = frame(area).clone();
    else
        cv::cvtColor(frame(area), gray, frame.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
    // Each row's background is its commonest grey; ink differs from it clearly.
    cv::Mat ink(gray.size(), CV_8U, cv::Scalar(0));
    for (int y = 0; y < gray.rows; ++y) {
        int histogram[256] = {};
        const uchar* row = gray.ptr<uchar>(y);
        for (int x = 0; x < gray.cols; ++x) ++histogram[row[x]];
        const int background = int(std::max_element(histogram, histogram + 256) - histogram);
        uchar* out = ink.ptr<uchar>(y);
        for (int x = 0; x < gray.cols; ++x) out[x] = std::abs(row[x] - background) > 48 ? 255 : 0;
    }
    // Glyphs are small; frame lines, separators and scroll bars are long in one direction.
    cv::Mat labels, stats, centroids;
    const int count = cv::connectedComponentsWithStats(ink, labels, stats, centroids, 8);
    cv::Mat glyphs(ink.size(), CV_8U, cv::Scalar(0));
    constexpr int kTallestGlyph = 40;
    for (int i = 1; i < count; ++i) {
        const int w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
        if (h > kTallestGlyph || (w > 3 * kTallestGlyph && h <= 3)) continue;
        glyphs.setTo(255, labels == i);
    }
    // Letters of a line run together when smeared sideways by about a space's width.
    cv::dilate(glyphs, glyphs, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(9, 1)));
    const int runs = cv::connectedComponentsWithStats(glyphs, labels, stats, centroids, 8);
    for (int i = 1; i < runs; ++i) {
        cv::Rect r(stats.at<int>(i, cv::CC_STAT_LEFT) + 4, stats.at<int>(i, cv::CC_STAT_TOP),
                   stats.at<int>(i, cv::CC_STAT_WIDTH) - 8, stats.at<int>(i, cv::CC_STAT_HEIGHT));
        if (r.height < 6 || r.height > kTallestGlyph || r.width < 3) continue;
        lines.push_back(r + area.tl());
    }
    std::sort(lines.begin(), lines.end(), [](const cv::Rect& a, const cv::Rect& b) {
        return a.x < b.x;
    });
    // Words of one line: on the same row, apart by less than about a letter's height.
    std::vector<cv::Rect> merged;
    for (const cv::Rect& r : lines) {
        auto sameLine = [&](const cv::Rect& m) {
            const int overlap = std::min(m.br().y, r.br().y) - std::max(m.y, r.y);
            return overlap > std::min(m.height, r.height) / 2 &&
                   r.x - m.br().x < 1.2 * std::max(m.height, r.height);
        };
        auto it = std::find_if(merged.begin(), merged.end(), sameLine);
        if (it == merged.end()) merged.push_back(r);
        else *it |= r;
    }
    std::sort(merged.begin(), merged.end(), [](const cv::Rect& a, const cv::Rect& b) {
        return a.y != b.y ? a.y < b.y : a.x < b.x;
    });
    return merged;
}

cv::Mat prepareTextCrop(const cv::Mat& gray, cv::Rect region) {
    region &= cv::Rect(cv::Point(), gray.size());
    cv::Mat out(kCropHeight, 16, CV_32F, cv::Scalar(0));
    if (region.width < 2 || region.height < 2) return out;
    const cv::Mat crop = gray(region);
    const double scale = double(kCropHeight) / region.height;
    int width = int(region.width * scale + 0.5);
    width = std::clamp((width + 3) / 4 * 4, 16, kMaxCropWidth);
    cv::Mat resized;
    cv::resize(crop, resized, {width, kCropHeight}, 0, 0,
               scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    double low = 0, high = 0;
    cv::minMaxLoc(resized, &low, &high);
    resized.convertTo(out, CV_32F, 1.0 / std::max(high - low, 1.0), -low / std::max(high - low, 1.0));
    return out;
}

cv::Mat trimBlankEnds(const cv::Mat& crop, int margin) {
    // Background: the commonest level (crops are contrast-stretched to [0, 1]); ink is what
    // differs from it by a third of the range or more.
    constexpr int kLevels = 32;
    int histogram[kLevels] = {};
    for (int y = 0; y < crop.rows; ++y)
        for (int x = 0; x < crop.cols; ++x)
            ++histogram[std::clamp(int(crop.at<float>(y, x) * kLevels), 0, kLevels - 1)];
    const float background =
        (float(std::max_element(histogram, histogram + kLevels) - histogram) + 0.5f) / kLevels;
    int first = crop.cols, last = -1;
    for (int x = 0; x < crop.cols; ++x)
        for (int y = 0; y < crop.rows; ++y)
            if (std::abs(crop.at<float>(y, x) - background) > 0.33f) {
                first = std::min(first, x);
                last = x;
                break;
            }
    if (last < 0) return {};
    const int x0 = std::max(0, first - margin);
    const int width = std::min(crop.cols - x0, (last + 1 + margin - x0 + 3) / 4 * 4);
    const int start = std::max(0, std::min(x0, crop.cols - (width + 3) / 4 * 4));
    return crop.colRange(start, std::min(crop.cols, start + (width + 3) / 4 * 4)).clone();
}

cv::Rect indicatorRegion(const Element& e) {
    const int side = std::min(e.box.width, e.box.height) + 4;
    return {e.box.x - 2, e.box.y + e.box.height / 2 - side / 2, side, side};
}

namespace {

/// Grey crop of `region` resized to `size` (CV_8U), the screen's border continued where
/// `region` reaches past it; empty where it is (almost) all off the screen.
cv::Mat resizedRegion(const cv::Mat& gray, cv::Rect region, cv::Size size) {
    const cv::Rect inside = region & cv::Rect(cv::Point(), gray.size());
    if (inside.width < 2 || inside.height < 2) return {};
    // Past the screen's edge the screen's border continues: clipped and stretched instead, a
    // caption's first letter at the edge (a frameless window at 0,0) looked like an indicator.
    cv::Mat part = gray(inside);
    if (inside != region)
        cv::copyMakeBorder(part, part, inside.y - region.y, region.br().y - inside.br().y,
                           inside.x - region.x, region.br().x - inside.br().x, cv::BORDER_REPLICATE);
    cv::Mat resized;
    cv::resize(part, resized, size, 0, 0, cv::INTER_AREA);
    return resized;
}

/// CV_8U → CV_32F, contrast stretched to [0, 1].
cv::Mat stretched(const cv::Mat& crop) {
    double low = 0, high = 0;
    cv::minMaxLoc(crop, &low, &high);
    cv::Mat out;
    crop.convertTo(out, CV_32F, 1.0 / std::max(high - low, 1.0), -low / std::max(high - low, 1.0));
    return out;
}

/// Grey crop → CV_32F of `size`, contrast stretched to [0, 1], the screen's border continued
/// where `region` reaches past it.
cv::Mat prepareSmallCrop(const cv::Mat& gray, cv::Rect region, cv::Size size) {
    const cv::Mat resized = resizedRegion(gray, region, size);
    return resized.empty() ? cv::Mat(size, CV_32F, cv::Scalar(0)) : stretched(resized);
}

}  // namespace

cv::Mat prepareIndicatorCrop(const cv::Mat& gray, cv::Rect region) {
    return prepareSmallCrop(gray, region, {kIndicatorPx, kIndicatorPx});
}

cv::Rect fieldEndRegion(const Element& e) {
    const int rows = e.box.height + 4;
    const int cols = rows * kFieldEndCropCols / kFieldEndCropRows;
    return {e.box.x + e.box.width + rows - cols, e.box.y - 2, cols, rows};
}

cv::Mat prepareFieldEndCrop(const cv::Mat& gray, cv::Rect region) {
    return prepareSmallCrop(gray, region, {kFieldEndCropCols, kFieldEndCropRows});
}

cv::Mat prepareFieldRowCrop(const cv::Mat& gray, const cv::Rect& box) {
    // Three views side by side, each three of the box's heights tall, so that the box's start
    // and end fall at the same columns whatever its width: what is before it (a caption, a
    // check box, or nothing: a list's row), the box squeezed to a fixed width, and its end.
    const int h = std::max(box.height, 2), top = box.y - h;
    const cv::Rect before(box.x - 3 * h, top, 4 * h, 3 * h), itself(box.x, top, std::max(box.width, 2), 3 * h),
        end(box.x + box.width - h, top, 2 * h, 3 * h);
    constexpr int kBeforeCols = kFieldRowCropCols / 3, kEndCols = kFieldRowCropCols / 6;
    const cv::Mat parts[] = {resizedRegion(gray, before, {kBeforeCols, kFieldRowCropRows}),
                             resizedRegion(gray, itself, {kFieldRowCropCols - kBeforeCols - kEndCols, kFieldRowCropRows}),
                             resizedRegion(gray, end, {kEndCols, kFieldRowCropRows})};
    if (parts[0].empty() || parts[1].empty() || parts[2].empty())
        return cv::Mat(kFieldRowCropRows, kFieldRowCropCols, CV_32F, cv::Scalar(0));
    cv::Mat row;
    cv::hconcat(parts, 3, row);
    return stretched(row);
}

std::vector<RecognizerBatch> planRecognizerBatches(const std::vector<int>& widths,
                                                   int passCostColumns) {
    auto roundUp = [](std::size_t n, std::size_t step) { return (n + step - 1) / step * step; };
    // One or two crops (a re-read field) run as they are; larger batches in steps of 4.
    auto rowsFor = [&](std::size_t n) { return n <= 2 ? n : roundUp(n, 4); };
    auto widthFor = [&](int w) { return roundUp(std::size_t(std::max(w, 1)), 32); };
    // cost[i]: cheapest plan for the first i crops; a batch ending at crop j-1 is as wide as
    // that crop (the list is sorted), so trying every start for every end finds the best.
    const std::size_t n = widths.size();
    std::vector<double> cost(n + 1, std::numeric_limits<double>::infinity());
    std::vector<std::size_t> startOf(n + 1, 0);
    cost[0] = 0;
    for (std::size_t end = 1; end <= n; ++end) {
        const std::size_t width = widthFor(widths[end - 1]);
        for (std::size_t begin = end; begin-- > 0 && end - begin <= kRecognizerBatchRows;) {
            const double pass = double(rowsFor(end - begin) * width) + passCostColumns;
            if (cost[begin] + pass < cost[end]) cost[end] = cost[begin] + pass, startOf[end] = begin;
        }
    }
    std::vector<RecognizerBatch> plan;
    for (std::size_t end = n; end > 0; end = startOf[end]) {
        const std::size_t begin = startOf[end];
        plan.push_back({begin, end, int(rowsFor(end - begin)),
                        int(widthFor(widths[end - 1]))});
    }
    std::reverse(plan.begin(), plan.end());
    return plan;
}

}  // namespace hemu::perception
