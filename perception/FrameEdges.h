#pragma once
// Detected boxes of framed controls moved onto the frames the screen shows. The detector
// predicts a box from its centre cell, so a wide field's box often starts well inside the
// field (its content left outside, read as a text of its own, and its caption too far to be
// its label) or ends short of it.

#include "perception/ScreenParse.h"

#include <opencv2/core.hpp>

#include <vector>

namespace hemu::perception {

/// How far out frameEdges walks to a field's or dropdown's side, in box heights: the
/// detector's box for a field 1,269 px wide may lie in its middle, 13 heights from either
/// side (a Qt combo box across the window, read as a 555-px text field). The walk only goes
/// on along the frame's top and bottom lines, so it stops where the frame does.
inline constexpr int kFieldReachHeights = 16;
/// A button's: a button bar's line runs on past the button into the next one (a web
/// page's "Delete" walked on into "Save changes").
inline constexpr int kButtonReachHeights = 4;

/// `box` of a text field or dropdown with its left and right edges moved out to the nearest
/// frame edge, at most `reachHeights` box heights away and within `limits`: a column that differs from
/// its neighbour through the whole middle of the box's rows (a glyph's stroke spans the
/// text's height, about half a field's), reached along the frame's top and bottom lines (past
/// their end is a caption, the window or a neighbour, not this frame). An edge at the side or
/// within a height inside it: the side stays; no frame lines or edge found: the side stays.
/// A box 24 or more heights long (a field across a maximised window, whose width the detector
/// knows only to a twelfth) also comes in, by up to a twelfth of its width, to a frame edge
/// inside it where the frame's top and bottom lines end.
/// So does a box of any length whose side reaches over one of `texts` (a caption) past the
/// frame's edge.
/// With `bothLines`, a frame whose bottom line is not found (a 3D field's may be as light as
/// its inside) counts as no frame.
/// `gray` must hold valid pixels within `limits`; a box not inside them is returned as is.
cv::Rect frameEdges(const cv::Mat& gray, const cv::Rect& box, const cv::Rect& limits,
                    const std::vector<cv::Rect>& texts = {}, bool bothLines = false,
                    int reachHeights = kFieldReachHeights);

/// The part of a text field's or dropdown's `box` inside its frame: each side that lies past
/// the frame's edge, where the frame's top and bottom lines end, comes in to it (frameEdges
/// moves a side in only for a long box or one over a text). The parser reads the field's
/// text from there and keeps the box: a box moved in too left its content text clear of its
/// edge, to be taken for the label of the field below (real apps' association .993 → .986).
/// Looks at `gray` only within 2 px of `box`.
cv::Rect insideFrame(const cv::Mat& gray, const cv::Rect& box);

/// `box` of a check box or radio moved out onto a frame drawn around it, a closed rectangle
/// whose sides lie at most a box height out: Tk's check buttons with a visible highlight ring
/// or relief, whose padding puts the ring 5-7 px above and below the indicator and caption
/// the detector boxes. A person sees the ring as the control's edge, and so does the ground
/// truth (Tk held-out, all 150: 12 of the 21 check boxes missed had a box half the ring's
/// height). Each side is a line one grey across (within a few levels), unlike the line
/// inside it; the top and bottom lines run from side to side. Otherwise `box` as it is.
cv::Rect toggleFrame(const cv::Mat& gray, const cv::Rect& box, const cv::Rect& limits);

/// `box` of a field the detector is unsure of moved onto the flat band it lies on, where it
/// lies on one: a greyed-out entry with no frame (Tk's, a flat #d9d9d9 band on a window a few
/// grey levels from it), whose box the detector, unsure of it, may start mid-band or end past
/// it. The band is the box's commonest grey (within 2 levels); its sides are where that grey
/// stops on half or more of the box's rows most of that grey (rows clear of the content's
/// text), its top and bottom, from such a row nearest the box's middle, where rows stop being
/// mostly that grey. A band that runs on
/// past twice the box's width, one not 0.6 to 1.6 of its height, or one narrower than it is
/// tall, is no band: `box` as it is. Looks within `limits`.
cv::Rect flatBandEdges(const cv::Mat& gray, const cv::Rect& box, const cv::Rect& limits);

/// frameEdges for every text field, dropdown and button (a button's frame needs both lines),
/// with the texts among `elements`. Whether any box moved. A wide button with a short caption
/// (tk-brief's column of equal buttons) has its box from the caption's few cells, often half
/// the button's width. And toggleFrame for every check box and radio.
bool snapToFrames(const cv::Mat& gray, std::vector<Element>& elements, const cv::Rect& limits);

}  // namespace hemu::perception
