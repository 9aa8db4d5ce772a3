#pragma once
// Where an element's text is, and how a crop of it is prepared for the text recognizer. Shared
// by training and inference so both see the same crops.

#include "perception/ScreenParse.h"

#include <opencv2/core.hpp>

#include <utility>
#include <vector>

namespace hemu::perception {

/// An area's background: its commonest grey (8-bit grey area).
int commonestGrey(const cv::Mat& area);

/// The part of the element's box that holds its text: the caption right of a checkbox's or
/// radio's indicator; a field's, button's or dropdown's inside (without border and arrow); a
/// text element's box with a little margin. Clipped to `screen`.
cv::Rect textRegion(const Element& element, cv::Size screen);

/// `region` (an element's textRegion) fitted to the text a detected box only roughly covers:
/// widened over glyphs the box cut off (a word it ends inside, "Persönliche Dat";
/// right-aligned field content running to the border; a caption's first letter taken with its
/// check box's square), following ink across an edge while its gaps stay word-sized and never
/// past a field's border; and narrowed where a frame's box reaches past the frame (a field
/// that starts over its caption's end reads from the field's edge; a dropdown's arrow is left
/// out). Ground truth boxes need none of it, so training reads textRegion alone.
cv::Rect fitTextRegion(const cv::Mat& gray, const Element& element, cv::Rect region);

/// A text box this many heights long is a paragraph's line: fitTextRegion follows its ink
/// across word spaces at either end, not only across a cut glyph.
inline constexpr int kParagraphLineHeights = 10;

/// `fitted` (fitTextRegion of `element`) kept off the other elements beside it on its row: a
/// text's glyphs followed past its box end where the next element begins (a caption's colon,
/// then the field's content: "Amount:CHF 9593.48"). Only what fitting added is taken back.
cv::Rect keepOffNeighbours(const cv::Rect& fitted, const Element& element,
                           const std::vector<Element>& elements);

/// Required marks read as texts of their own ("*", "*:"; "+:" as often) that lie a space (at
/// most their height) after another text of their row, among the texts `which`: the detector
/// boxes a monospace face's "Reference *:" as two. Pairs (caption, mark), each caption and
/// mark in one pair at most.
std::vector<std::pair<std::size_t, std::size_t>> trailingMarks(const std::vector<Element>& elements,
                                                               const std::vector<std::size_t>& which);

/// `fitted` (fitTextRegion of a field or dropdown) kept off the texts its box reaches over at
/// either end: a box that starts over its label's last letters, where the frame could not be
/// found to snap to (a light grey frame on white), read "Mdress:Enter email address".
cv::Rect keepOffLabels(const cv::Rect& fitted, const Element& field, const std::vector<Element>& elements);

/// `region` cut down to the text in it, as a text element's box is: a framed control's (field,
/// button, dropdown) inside to its text's rows and two of margin (the inside is two to three
/// times the text's height, and read at that size narrow letters ran together: "Setings",
/// "Qut"), and a toggle's caption from its indicator's end (GTK's boxes take the indicator's
/// spacing too: "O Normal"; boxes that start at the indicator's end lost the first letter:
/// "accept the terms"), or from its first letter where the indicator cannot be seen.
/// Training and inference both read through it.
cv::Rect tightenTextRegion(const cv::Mat& gray, const Element& element, cv::Rect region);

/// Grey crop → CV_32F, kRecognizerHeight rows, width scaled to keep the aspect (multiple of 4,
/// at least 16, at most kMaxCropWidth), contrast stretched to [0, 1].
cv::Mat prepareTextCrop(const cv::Mat& gray, cv::Rect region);

inline constexpr int kCropHeight = 32;
/// Squeezing a crop wider than this garbles it: a field across a maximised window (1,800 px
/// at 13-px text, 3,400 columns) squeezed into 1,024 read "Main Street 4" as "N61lwe.". Its
/// blank end is trimmed (trimBlankEnds) before the recognizer sees it.
inline constexpr int kMaxCropWidth = 4096;

/// A prepared crop (prepareTextCrop) without the blank ends of a field wider than its text,
/// `margin` columns of background kept each side: reading costs in proportion to width, and a
/// field is often mostly empty. Empty when no column has ink (an empty field reads "").
cv::Mat trimBlankEnds(const cv::Mat& crop, int margin = 12);

/// One forward pass of the recognizer: crops [begin, end) of a list sorted by width, padded to
/// `rows` x kCropHeight x `width`.
struct RecognizerBatch {
    std::size_t begin = 0, end = 0;
    int rows = 0, width = 0;
};

/// Splits crops sorted by width (narrowest first) into batches that waste little work on
/// padding: one batch's crops are padded to its widest, so a 320-pixel line in a batch of
/// 96-pixel captions costs 32 x 320 columns for 10,000 of text (measured: 70% of the work was
/// padding). Widths round up to 32 and rows above two to 4 (at most kRecognizerBatchRows), so a screen
/// brings few distinct shapes: oneDNN builds its kernels once per shape. Among those, the
/// plan is the cheapest, a pass costing its padded area plus `passCostColumns` (the fixed cost
/// of one forward pass, in columns of one row).
std::vector<RecognizerBatch> planRecognizerBatches(const std::vector<int>& sortedWidths,
                                                   int passCostColumns = 512);
inline constexpr int kRecognizerBatchRows = 32;

/// Lines of text inside `area` of a frame (BGRA, BGR or grey), found by their ink alone: for
/// reading a list whose short items ("4", "0%") the detector passes over. Ink is what differs
/// from its row's background, so a highlighted row reads like the others; frame lines and
/// scroll bars (taller or wider than text) are left out. Boxes in frame coordinates, top to
/// bottom.
std::vector<cv::Rect> textLines(const cv::Mat& frame, const cv::Rect& area);

/// The indicator of a checkbox or radio: the square at the left of its box, a little larger
/// (it may reach past the screen's edge).
cv::Rect indicatorRegion(const Element& element);
/// Grey crop → CV_32F kIndicatorPx x kIndicatorPx, contrast stretched to [0, 1]; the screen's
/// border continues where `region` reaches past it.
cv::Mat prepareIndicatorCrop(const cv::Mat& gray, cv::Rect region);
inline constexpr int kIndicatorPx = 24;

/// The right end of a text field or dropdown, where a dropdown's arrow or a spin box's arrows
/// are: three of its heights inside the box and one past it (the detector's box may end an
/// arrow's width short of the control or past it; the region may reach past the screen's edge,
/// or over the field's start when it is narrow).
cv::Rect fieldEndRegion(const Element& element);
/// Grey crop → CV_32F kFieldEndCropRows x kFieldEndCropCols, contrast stretched to [0, 1]; the
/// screen's border continues where `region` reaches past it.
cv::Mat prepareFieldEndCrop(const cv::Mat& gray, cv::Rect region);
inline constexpr int kFieldEndCropRows = 24;
inline constexpr int kFieldEndCropCols = 96;
/// A text field candidate with its row around it, for the field verifier: what is before it
/// (a caption, a check box, or nothing, as before a list's row), the box itself squeezed to a
/// fixed width, and its end, each three of its heights tall, side by side. CV_32F
/// kFieldRowCropRows x kFieldRowCropCols, contrast stretched to [0, 1] over all three.
cv::Mat prepareFieldRowCrop(const cv::Mat& gray, const cv::Rect& box);
inline constexpr int kFieldRowCropRows = 48;
inline constexpr int kFieldRowCropCols = 192;

/// How sure the field-kind classifier must be to turn the detector's text field (or button)
/// into a dropdown, or a dropdown back into a field (sigmoid(2) = 0.88).
inline constexpr float kSureKindLogit = 2.0f;

}  // namespace hemu::perception
