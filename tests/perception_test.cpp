// The parts of perception that need no trained weights: JSON, scoring, crops, the character
// set, and the detector's target encoding against its decoding.

#include "models/Charset.h"
#include "models/Networks.h"
#include "perception/DetectorDecoding.h"
#include "perception/FrameEdges.h"
#include "perception/LabelFeatures.h"
#include "perception/LetterCase.h"
#include "perception/ParseEvaluation.h"
#include "perception/ScreenParse.h"
#include "perception/ScreenParser.h"
#include "perception/TextCrops.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include <dlfcn.h>

#include <filesystem>
#include <fstream>

namespace hemu::perception {
namespace {

ScreenParse sampleParse() {
    ScreenParse p;
    p.width = 800;
    p.height = 600;
    p.elements.push_back({ElementType::Text, {10, 12, 70, 14}, "First name:"});
    p.elements.push_back({ElementType::TextField, {90, 8, 200, 24}, "Ada"});
    p.elements.back().label = 0;
    p.elements.push_back({ElementType::Checkbox, {10, 50, 120, 18}, "Subscribe", true});
    p.elements.push_back({ElementType::Button, {300, 300, 80, 28}, "OK"});
    return p;
}

TEST(ScreenParseJson, RoundTripsWithLabelsAsText) {
    const ScreenParse p = sampleParse();
    const std::string json = toJson(p);
    EXPECT_NE(json.find("\"label\":\"First name:\""), std::string::npos) << json;
    const ScreenParse back = screenParseFromJson(json, "test");
    ASSERT_EQ(back.elements.size(), 4u);
    EXPECT_EQ(back.labelText(1), "First name:");
    EXPECT_EQ(back.elements[2].checked, true);
    EXPECT_EQ(back.elements[3].box, cv::Rect(300, 300, 80, 28));
}

TEST(ScreenParseJson, ReadsGroundTruthIdsAndRejectsUnknownTypes) {
    const auto p = screenParseFromJson(
        R"({"width":10,"height":10,"elements":[{"id":7,"type":"text","box":[0,0,5,5],"text":"A"},
            {"id":8,"type":"dropdown","box":[5,0,5,5],"text":"x","label":7}]})", "gt");
    EXPECT_EQ(p.elements[1].label, 0u);
    EXPECT_THROW(screenParseFromJson(R"({"width":1,"height":1,"elements":[{"type":"slider","box":[0,0,1,1]}]})", "bad"),
                 std::runtime_error);
}

TEST(ParseEvaluation, PerfectParseScoresOne) {
    const ScreenParse p = sampleParse();
    const ParseScore s = scoreParse(p, p);
    for (int t = 1; t <= kElementTypeCount; ++t) EXPECT_DOUBLE_EQ(s.byType[t].f1(), 1.0);
    EXPECT_EQ(s.textExact, 4);
    EXPECT_EQ(s.labelCorrect, 1);
    EXPECT_EQ(s.stateCorrect, 1);
}

TEST(ParseEvaluation, CountsMissesSlipsAndWrongLabels) {
    const ScreenParse truth = sampleParse();
    ScreenParse predicted = truth;
    predicted.elements[3].box.x += 60;        // the button is missed (IoU < 0.5)...
    predicted.elements[1].text = "Ado";       // ...one letter misread...
    predicted.elements[1].label.reset();      // ...and the label lost
    predicted.elements[2].checked = false;
    const ParseScore s = scoreParse(predicted, truth);
    const auto& buttons = s.byType[std::size_t(ElementType::Button)];
    EXPECT_EQ(buttons.falsePositives, 1);
    EXPECT_EQ(buttons.falseNegatives, 1);
    EXPECT_EQ(s.textExact, 2);
    EXPECT_EQ(s.textEdits, 1);
    EXPECT_EQ(s.labelCorrect, 0);
    EXPECT_EQ(s.stateCorrect, 0);
    // The moved button found where there is none, the misread text, the lost label, the
    // check box's state, the button missed: each once.
    ASSERT_EQ(s.mistakes.size(), 5u);
    EXPECT_EQ(s.mistakes[0].kind, ParseMistake::Kind::Spurious);
    EXPECT_EQ(s.mistakes[0].box, predicted.elements[3].box);
    EXPECT_EQ(s.mistakes[1].kind, ParseMistake::Kind::Text);
    EXPECT_EQ(s.mistakes[1].expected, truth.elements[1].text);
    EXPECT_EQ(s.mistakes[1].got, "Ado");
    EXPECT_EQ(s.mistakes[2].kind, ParseMistake::Kind::Label);
    EXPECT_EQ(s.mistakes[2].expected, "First name:");
    EXPECT_EQ(s.mistakes[2].got, "");
    EXPECT_EQ(s.mistakes[3].kind, ParseMistake::Kind::State);
    EXPECT_EQ(s.mistakes[3].expected, "checked");
    EXPECT_EQ(s.mistakes[3].got, "unchecked");
    EXPECT_EQ(s.mistakes[4].kind, ParseMistake::Kind::Missed);
    EXPECT_EQ(s.mistakes[4].box, truth.elements[3].box);
    EXPECT_EQ(editDistance("Müller", "Muller"), 1);
}

TEST(TextCrops, CheckboxCaptionSkipsTheIndicatorAndCropsAreNormalised) {
    const Element box{ElementType::Checkbox, {10, 10, 100, 16}, "Subscribe"};
    const cv::Rect r = textRegion(box, {800, 600});
    EXPECT_GE(r.x, 26);
    cv::Mat gray(600, 800, CV_8UC1, cv::Scalar(200));
    gray(cv::Rect(30, 12, 40, 10)).setTo(20);
    const cv::Mat crop = prepareTextCrop(gray, r);
    EXPECT_EQ(crop.rows, kCropHeight);
    EXPECT_EQ(crop.cols % 4, 0);
    double low, high;
    cv::minMaxLoc(crop, &low, &high);
    EXPECT_NEAR(low, 0.0, 1e-6);
    EXPECT_NEAR(high, 1.0, 1e-6);
}

TEST(TextCrops, FittingFollowsCutGlyphsButNotPastAFrameOrANeighbour) {
    cv::Mat gray(200, 600, CV_8UC1, cv::Scalar(240));
    auto inkAt = [&](int x, int y) { gray(cv::Rect(x, y, 3, 10)).setTo(30); };  // one glyph

    // A text line "ab cd" whose detected box ends inside "c": widened to the line's end,
    // not over a menu item a wide gap further.
    for (int x : {100, 105, 123, 128}) inkAt(x, 20);
    inkAt(160, 20);
    const Element line{ElementType::Text, {100, 20, 25, 10}, ""};
    const cv::Rect widened = fitTextRegion(gray, line, textRegion(line, gray.size()));
    EXPECT_GE(widened.br().x, 131);
    EXPECT_LT(widened.br().x, 158);
    EXPECT_EQ(widened.x, textRegion(line, gray.size()).x);  // nothing cut at its start

    // Right-aligned field content the box ends inside: followed up to the field's border.
    const cv::Rect field(300, 60, 200, 24);
    cv::rectangle(gray, field, cv::Scalar(100), 1);
    for (int x = 470; x <= 490; x += 5) inkAt(x, 67);
    const Element cut{ElementType::TextField, {300, 60, 176, 24}, ""};  // inside to 473
    const cv::Rect inField = fitTextRegion(gray, cut, textRegion(cut, gray.size()));
    EXPECT_GE(inField.br().x, 493);
    EXPECT_LT(inField.br().x, 499);

    // A field's box that starts over its caption's end ("ents|Very"): the text starts after
    // the field's left edge.
    cv::rectangle(gray, cv::Rect(300, 100, 150, 24), cv::Scalar(100), 1);
    for (int x : {285, 290, 295, 306, 311}) inkAt(x, 107);
    const Element early{ElementType::TextField, {288, 100, 162, 24}, ""};
    const cv::Rect content = fitTextRegion(gray, early, textRegion(early, gray.size()));
    EXPECT_GT(content.x, 300);
    EXPECT_LE(content.x, 306);
    // The same with rounded corners (Qt's Fusion): the left line stops a pixel short of the
    // top and bottom lines, where the corner bends in ("JJulia" read from the line).
    cv::Mat rounded(60, 200, CV_8UC1, cv::Scalar(240));
    const Element box{ElementType::TextField, {20, 20, 160, 24}, ""};
    const cv::Rect inside = textRegion(box, rounded.size());
    rounded.row(inside.y - 1).colRange(41, 180).setTo(100);  // top line
    rounded.row(inside.br().y).colRange(41, 180).setTo(100);  // bottom line
    rounded.col(40).rowRange(inside.y, inside.br().y).setTo(100);  // left line, corners blank
    for (int x : {25, 30, 44, 49}) rounded(cv::Rect(x, inside.y + 3, 3, 10)).setTo(30);
    const cv::Rect afterLine = fitTextRegion(rounded, box, inside);
    EXPECT_GT(afterLine.x, 40);
    EXPECT_LE(afterLine.x, 44);

    // A dropdown box drawn too wide, its arrow inside the text region: left out.
    for (int x : {310, 315}) inkAt(x, 167);
    gray(cv::Rect(345, 170, 6, 4)).setTo(30);  // the arrow, 30 px after the text
    const Element combo{ElementType::Dropdown, {300, 160, 120, 24}, ""};
    const cv::Rect comboText = fitTextRegion(gray, combo, textRegion(combo, gray.size()));
    EXPECT_GE(comboText.br().x, 318);
    EXPECT_LT(comboText.br().x, 345);

    // A caption whose box starts inside its first letter: widened over the letter, not over
    // the check box's square beyond the gap.
    cv::rectangle(gray, cv::Rect(20, 120, 13, 13), cv::Scalar(60), 1);
    for (int x : {40, 44, 48}) inkAt(x, 121);
    const Element caption{ElementType::Checkbox, {26, 118, 80, 16}, ""};  // square 26..42
    const cv::Rect region = textRegion(caption, gray.size());
    ASSERT_GT(region.x, 40);
    const cv::Rect read = fitTextRegion(gray, caption, region);
    EXPECT_LE(read.x, 40);
    EXPECT_GT(read.x, 33);
}

// A word of `letters` glyphs 3 px wide, 10 tall, 2 px apart, from (x, y).
void drawWord(cv::Mat& gray, int x, int y, int letters) {
    for (int k = 0; k < letters; ++k) gray(cv::Rect(x + 5 * k, y, 3, 10)).setTo(30);
}

// Where the text crop fitted to `e`'s box ends.
int fittedEnd(const cv::Mat& gray, const Element& e) {
    return fitTextRegion(gray, e, textRegion(e, gray.size())).br().x;
}

TEST(TextCrops, AParagraphLinesBoxEndingBetweenWordsReadsOnButACaptionsDoesNot) {
    cv::Mat gray(100, 600, CV_8UC1, cv::Scalar(240));
    auto word = [&](int x, int y, int letters) { drawWord(gray, x, y, letters); };
    // A paragraph's line of words 6 px apart; its box (12 heights long) ends in the space
    // before its last word: followed to the line's end.
    for (int x = 20; x < 150; x += 26) word(x, 20, 4);  // words at 20, 46, ..., 150 px
    word(176, 20, 4);
    const Element line{ElementType::Text, {20, 20, 150, 10}, ""};
    EXPECT_GE(fittedEnd(gray, line), 194);
    // A caption (4 heights long) ending before the next word: not followed.
    word(300, 60, 4);
    word(326, 60, 4);
    const Element caption{ElementType::Text, {300, 60, 20, 10}, ""};
    EXPECT_LT(fittedEnd(gray, caption), 326);
}

TEST(TextCrops, ARequiredMarkASpaceAfterACaptionIsReadWithItButNotAWordOrAFieldsEdge) {
    cv::Mat gray(160, 300, CV_8UC1, cv::Scalar(240));
    // Each case a four-letter caption at x 20-38, its box ending at its last letter.
    auto captionEnd = [&](int y) {
        drawWord(gray, 20, y, 4);
        return fittedEnd(gray, Element{ElementType::Text, {20, y, 19, 10}, ""});
    };
    // "Name *:" in a monospace face: the mark starts 7 px on.
    gray(cv::Rect(46, 20, 5, 5)).setTo(30);  // the star, in the upper half
    gray(cv::Rect(54, 23, 2, 2)).setTo(30);  // the colon's dots
    gray(cv::Rect(54, 28, 2, 2)).setTo(30);
    EXPECT_GE(captionEnd(20), 57);
    // The same gap before a word: a caption beside another text, not followed.
    drawWord(gray, 46, 60, 4);
    EXPECT_LT(captionEnd(60), 46);
    // Or before the left edge of the field it labels, a line taller than the caption.
    gray(cv::Rect(46, 112, 1, 26)).setTo(90);
    EXPECT_LT(captionEnd(120), 46);
    // A mark with that field's edge after it ("Resource *:", then the field): read on, up to
    // the edge.
    gray(cv::Rect(46, 146, 5, 5)).setTo(30);
    gray(cv::Rect(64, 141, 1, 19)).setTo(90);
    const int beforeField = captionEnd(146);
    EXPECT_GE(beforeField, 51);
    EXPECT_LE(beforeField, 64);
}

TEST(TextCrops, ARequiredMarkBoxedOnItsOwnJoinsTheCaptionASpaceBeforeIt) {
    // Qt held-out 1000007: "Phone number *:" in a monospace face, detected as two texts, the
    // mark read "+:" on its own.
    const std::vector<Element> elements{
        {ElementType::Text, {19, 93, 98, 14}, "Phone number"},
        {ElementType::Text, {127, 94, 21, 13}, "+:"},
        {ElementType::Text, {755, 113, 67, 15}, "Desk lamp"},  // a table's next column: a number
        {ElementType::Text, {830, 113, 25, 11}, "436"},
        {ElementType::Text, {300, 200, 60, 12}, "Name"},  // a mark too far on: not its caption's
        {ElementType::Text, {380, 200, 8, 12}, "*"},
    };
    const std::vector<std::size_t> all{0, 1, 2, 3, 4, 5};
    EXPECT_EQ(trailingMarks(elements, all), (std::vector<std::pair<std::size_t, std::size_t>>{{0, 1}}));
    EXPECT_TRUE(trailingMarks(elements, {0, 2, 3}).empty());  // only among the texts given
}

TEST(TextCrops, TighteningCutsAFieldToItsTextRowsAndACaptionPastItsIndicator) {
    cv::Mat gray(200, 400, CV_8UC1, cv::Scalar(240));
    // A 34-pixel field, its frame one pixel wide, 12 rows of text in its middle.
    const Element field{ElementType::TextField, {20, 20, 200, 34}};
    cv::rectangle(gray, field.box, cv::Scalar(90));
    gray(cv::Rect(30, 31, 60, 12)).setTo(20);
    const cv::Rect inside = textRegion(field, gray.size());
    const cv::Rect fieldText = tightenTextRegion(gray, field, inside);
    EXPECT_EQ(fieldText.y, 31 - 2);
    EXPECT_EQ(fieldText.height, 12 + 4);
    EXPECT_EQ(fieldText.x, inside.x);
    EXPECT_EQ(fieldText.width, inside.width);
    // An empty field stays as it was.
    const Element empty{ElementType::TextField, {20, 100, 200, 34}};
    cv::rectangle(gray, empty.box, cv::Scalar(90));
    EXPECT_EQ(tightenTextRegion(gray, empty, textRegion(empty, gray.size())), textRegion(empty, gray.size()));
    // A check box whose square (14 wide) and spacing reach past the box's height (16) from its
    // left: the caption starts after the square, not at x + 16 inside it.
    const Element toggle{ElementType::Checkbox, {250, 150, 100, 16}, "Email"};
    cv::rectangle(gray, cv::Rect(252, 151, 18, 14), cv::Scalar(60));
    gray(cv::Rect(276, 153, 40, 10)).setTo(20);
    const cv::Rect caption = tightenTextRegion(gray, toggle, textRegion(toggle, gray.size()));
    EXPECT_EQ(caption.x, 276 - 2);  // two columns before the caption, as text boxes are read
    EXPECT_EQ(caption.br().x, textRegion(toggle, gray.size()).br().x);
    EXPECT_EQ(caption.y, 153 - 2);  // and cut to the caption's rows
    EXPECT_EQ(caption.height, 10 + 4);
    // Qt's scaled styles: a small square beside taller letters, in a box three times its
    // height, which textRegion cuts into the caption's first letter. A taller box keeps more
    // blank columns before the caption (45 / 7 here), but none of the square.
    const Element scaled{ElementType::Checkbox, {50, 150, 150, 45}, "Make"};
    cv::rectangle(gray, cv::Rect(52, 166, 12, 12), cv::Scalar(60));
    gray(cv::Rect(70, 160, 100, 22)).setTo(20);
    EXPECT_EQ(tightenTextRegion(gray, scaled, textRegion(scaled, gray.size())).x, 52 + 12 + 1);
    // The detector's box starting at the square's end, 12 px late: the square is still found
    // and the caption read from its first letter, not from a box height in.
    const Element late{ElementType::Checkbox, {140, 60, 100, 16}, "I agree"};
    cv::rectangle(gray, cv::Rect(128, 61, 12, 12), cv::Scalar(60));
    gray(cv::Rect(146, 63, 2, 10)).setTo(20);  // "I"
    gray(cv::Rect(152, 63, 40, 10)).setTo(20);
    EXPECT_EQ(tightenTextRegion(gray, late, textRegion(late, gray.size())).x, 146 - 2);
    // A box that starts at the caption (no square in it): its first capital is no indicator,
    // and the caption is read from it, not from a box height in.
    const Element bare{ElementType::Checkbox, {250, 180, 100, 16}, "Newsletter"};
    cv::line(gray, {250, 182}, {250, 192}, cv::Scalar(20), 2);  // "N": two stems, a diagonal
    cv::line(gray, {258, 182}, {258, 192}, cv::Scalar(20), 2);
    cv::line(gray, {250, 182}, {258, 192}, cv::Scalar(20), 2);
    gray(cv::Rect(262, 182, 50, 11)).setTo(20);
    const cv::Rect newsletter = tightenTextRegion(gray, bare, textRegion(bare, gray.size()));
    EXPECT_EQ(newsletter.x, 250 - 2);
    EXPECT_EQ(newsletter.br().x, textRegion(bare, gray.size()).br().x);
    // A square too faint to see (Qt's dark styles), the box starting over it: the caption is
    // read from its first letter.
    cv::Mat dark(40, 200, CV_8UC1, cv::Scalar(45));
    cv::circle(dark, {14, 20}, 7, cv::Scalar(37), 1);
    cv::rectangle(dark, cv::Rect(26, 14, 8, 12), cv::Scalar(200), 1);  // "D", an outline
    dark(cv::Rect(36, 16, 30, 10)).setTo(200);  // "aily"
    const Element daily{ElementType::Radio, {10, 8, 60, 24}, "Daily"};
    EXPECT_EQ(tightenTextRegion(dark, daily, textRegion(daily, dark.size())).x, 26 - 24 / 7);
    // A box that starts inside a square too faint to see, at "Half day" (yad): its "H", an
    // outline as wide as tall with a wide gap after it, is blank at the middle of its top and
    // bottom, so no indicator; the caption keeps its first letter.
    const Element halfDay{ElementType::Checkbox, {300, 60, 60, 13}, "Half day"};
    gray(cv::Rect(302, 61, 2, 10)).setTo(40);  // H: two stems and a bar
    gray(cv::Rect(307, 61, 2, 10)).setTo(40);
    gray(cv::Rect(304, 65, 3, 2)).setTo(40);
    gray(cv::Rect(313, 63, 30, 8)).setTo(40);  // "alf day"
    EXPECT_EQ(tightenTextRegion(gray, halfDay, cv::Rect(300, 59, 62, 15)).x, 300);
    // ttk's diamond on a grey window: a top half in a highlight only 35 levels lighter than
    // the window, a bottom half in shadow. The caption starts after all of it.
    cv::Mat grey(40, 200, CV_8UC1, cv::Scalar(217));
    const std::vector<cv::Point> top = {{10, 10}, {17, 3}, {24, 10}}, bottom = {{10, 10}, {17, 17}, {24, 10}};
    cv::polylines(grey, top, false, cv::Scalar(252), 2);
    cv::polylines(grey, bottom, false, cv::Scalar(120), 2);
    grey(cv::Rect(31, 5, 50, 10)).setTo(30);  // "Normal"
    const Element diamond{ElementType::Radio, {9, 2, 80, 17}, "Normal"};
    EXPECT_EQ(tightenTextRegion(grey, diamond, textRegion(diamond, grey.size())).x, 31 - 2);
    // A text element's box is already its text's: left alone.
    const Element text{ElementType::Text, {30, 31, 60, 12}, "Name"};
    EXPECT_EQ(tightenTextRegion(gray, text, textRegion(text, gray.size())), textRegion(text, gray.size()));
}

TEST(TextCrops, RecognizerBatchesCoverEveryCropOnceWithLittlePadding) {
    // The crop widths of resources/bench/screen-1920x1080.png: many short captions, a few
    // field-wide lines.
    std::vector<int> widths;
    for (int w = 48; w <= 136; w += 2) widths.push_back(w);
    for (int w : {156, 164, 172, 184, 292, 296, 300, 308, 316, 320, 320, 336, 360, 384})
        widths.push_back(w);
    const auto plan = planRecognizerBatches(widths);
    std::size_t next = 0, padded = 0, text = 0;
    for (const RecognizerBatch& pass : plan) {
        EXPECT_EQ(pass.begin, next);
        EXPECT_GT(pass.end, pass.begin);
        EXPECT_GE(pass.rows, int(pass.end - pass.begin));
        EXPECT_LE(pass.rows, kRecognizerBatchRows);
        EXPECT_EQ(pass.width % 32, 0);
        EXPECT_GE(pass.width, widths[pass.end - 1]);
        padded += std::size_t(pass.rows * pass.width);
        next = pass.end;
    }
    EXPECT_EQ(next, widths.size());
    for (int w : widths) text += std::size_t(w);
    // Fixed batches of 32 padded to their widest spent 70% more than the text's own width.
    EXPECT_LT(double(padded), 1.3 * double(text));
    EXPECT_GT(plan.size(), 2u);

    // A re-read field is one crop, run alone and unpadded in rows.
    const auto single = planRecognizerBatches({250});
    ASSERT_EQ(single.size(), 1u);
    EXPECT_EQ(single[0].rows, 1);
    EXPECT_EQ(single[0].width, 256);
    EXPECT_TRUE(planRecognizerBatches({}).empty());
}

TEST(TextCrops, AFittedTextStopsWhereTheNextElementOnItsRowBegins) {
    const Element caption{ElementType::Text, {100, 20, 60, 14}, ""};
    const std::vector<Element> row = {
        caption,
        {ElementType::TextField, {166, 14, 200, 26}, ""},  // the field right of it
        {ElementType::Text, {20, 21, 70, 12}, ""},         // a text left of it
        {ElementType::Button, {100, 60, 80, 24}, ""},      // below: not beside it
    };
    // Fitting followed ink into the field and back into the other text: both taken back.
    EXPECT_EQ(keepOffNeighbours({60, 18, 200, 18}, row[0], row), cv::Rect(90, 18, 76, 18));
    // What the detected box itself covered stays, even where a neighbour's box overlaps it.
    EXPECT_EQ(keepOffNeighbours({100, 18, 60, 18}, row[0], row), cv::Rect(100, 18, 60, 18));
    const std::vector<Element> alone = {caption, row[3]};
    EXPECT_EQ(keepOffNeighbours({60, 18, 200, 18}, alone[0], alone), cv::Rect(60, 18, 200, 18));
    // The next radio of a row whose box starts a few pixels inside this one's still stops it.
    const Element radio{ElementType::Radio, {100, 20, 48, 14}, ""};
    const std::vector<Element> radios = {radio, {ElementType::Radio, {145, 20, 50, 14}, ""}};
    EXPECT_EQ(keepOffNeighbours({112, 18, 90, 18}, radios[0], radios), cv::Rect(112, 18, 36, 18));
}

TEST(TextCrops, AFieldIsReadFromWhereTheLabelItsBoxTookInEnds) {
    // The detector's field box starts 30 px early, over "address:"'s last letters.
    const Element field{ElementType::TextField, {412, 137, 593, 37}, ""};
    const std::vector<Element> row = {
        field,
        {ElementType::Text, {330, 145, 93, 17}, ""},   // its label: mostly outside the box
        {ElementType::Text, {980, 145, 60, 17}, ""},   // a text mostly past its right end
        {ElementType::Text, {420, 200, 90, 17}, ""},   // below it: not on its row
    };
    EXPECT_EQ(keepOffLabels({414, 139, 589, 33}, row[0], row), cv::Rect(423, 139, 557, 33));
    // Its own content, detected as a text a little wider than the box: mostly inside, kept.
    const std::vector<Element> content = {field, {ElementType::Text, {405, 145, 120, 17}, ""}};
    EXPECT_EQ(keepOffLabels({414, 139, 589, 33}, content[0], content), cv::Rect(414, 139, 589, 33));
}

TEST(TextCrops, ACaptionIsFollowedPastItsBoxsEndWordsFarButNotPastItsIndicator) {
    cv::Mat gray(100, 600, CV_8UC1, cv::Scalar(240));
    auto inkAt = [&](int x, int y) { gray(cv::Rect(x, y, 3, 10)).setTo(30); };  // one glyph
    // "I accept the terms and conditions" whose detected box stops inside "conditions",
    // seven words' spaces from the caption's end.
    cv::rectangle(gray, cv::Rect(20, 21, 11, 11), cv::Scalar(60), 1);
    int x = 40;
    for (int word = 0; word < 6; ++word, x += 4)
        for (int letter = 0; letter < 4; ++letter, x += 5) inkAt(x, 22);
    const int captionEnd = x - 4 - 2;  // the last glyph's right edge
    const Element caption{ElementType::Checkbox, {20, 20, 100, 14}, ""};
    const cv::Rect read = fitTextRegion(gray, caption, tightenTextRegion(gray, caption, textRegion(caption, gray.size())));
    EXPECT_GE(read.br().x, captionEnd);
    EXPECT_LT(read.br().x, captionEnd + 8);
    EXPECT_GT(read.x, 31);  // not back over the square
    // A box that ends in the gap before its caption's last letter: that letter is read too.
    inkAt(300, 62), inkAt(305, 62), inkAt(310, 62);
    const Element shortBox{ElementType::Checkbox, {280, 60, 28, 14}, ""};  // to 308, gap 308..310
    EXPECT_GE(fitTextRegion(gray, shortBox, textRegion(shortBox, gray.size())).br().x, 313);
}

TEST(TextCrops, BlankEndsOfAFieldAreTrimmedAndAnEmptyFieldHasNoCrop) {
    // A 400-pixel field with "Ada" near its left edge, and the same field empty.
    cv::Mat field(30, 400, CV_8U, cv::Scalar(250));
    cv::putText(field, "Ada", {20, 21}, cv::FONT_HERSHEY_SIMPLEX, 0.6, cv::Scalar(20), 1);
    const cv::Mat crop = prepareTextCrop(field, {0, 0, 400, 30});
    const cv::Mat trimmed = trimBlankEnds(crop);
    EXPECT_EQ(trimmed.rows, kCropHeight);
    EXPECT_EQ(trimmed.cols % 4, 0);
    EXPECT_LT(trimmed.cols, crop.cols / 3);
    EXPECT_GT(trimmed.cols, 40);  // the word and its margins
    // The ink is all still there.
    EXPECT_NEAR(cv::sum(1.0 - trimmed)[0], cv::sum(1.0 - crop)[0], 1.0);

    const cv::Mat empty(30, 400, CV_8U, cv::Scalar(250));
    EXPECT_TRUE(trimBlankEnds(prepareTextCrop(empty, {0, 0, 400, 30})).empty());
    // Right-aligned content keeps its end.
    cv::Mat right(30, 400, CV_8U, cv::Scalar(250));
    cv::putText(right, "42.00", {330, 21}, cv::FONT_HERSHEY_SIMPLEX, 0.6, cv::Scalar(20), 1);
    const cv::Mat rightCrop = prepareTextCrop(right, {0, 0, 400, 30});
    EXPECT_NEAR(cv::sum(1.0 - trimBlankEnds(rightCrop))[0], cv::sum(1.0 - rightCrop)[0], 1.0);
}

TEST(LabelFeatures, ACaptionALooseFieldBoxReachesOverIsStillACandidate) {
    const Element field{ElementType::TextField, {388, 330, 767, 36}};  // drawn 12 px too far left
    const Element caption{ElementType::Text, {341, 343, 59, 12}, "Budget *"};  // ends at 400
    const Element own{ElementType::Text, {420, 340, 80, 14}, "18683.69"};      // inside the field
    const Element far{ElementType::Text, {341, 900, 59, 12}, "Notes"};
    EXPECT_TRUE(isLabelCandidate(caption, field));
    EXPECT_FALSE(isLabelCandidate(own, field));
    EXPECT_FALSE(isLabelCandidate(far, field));
}

TEST(LabelFeatures, ContextSaysWhatIsNearerAndWhatStandsBetween) {
    std::vector<Element> screen = {
        {ElementType::Text, {10, 10, 50, 12}, "Name:"},       // far left of the field
        {ElementType::TextField, {200, 6, 200, 24}, ""},
        {ElementType::Text, {420, 10, 30, 12}, "kg"},         // nearer, right of it
    };
    auto find = [](const std::vector<LabelCandidate>& all, std::size_t text, std::size_t control) {
        const auto it = std::find_if(all.begin(), all.end(), [&](const LabelCandidate& c) {
            return c.text == text && c.control == control;
        });
        EXPECT_NE(it, all.end()) << text << " -> " << control;
        return it == all.end() ? LabelFeatures{} : it->features;
    };
    constexpr int nearerTexts = kLabelFeatureCount - 4, nearerControls = kLabelFeatureCount - 3;
    constexpr int controlBetween = kLabelFeatureCount - 2, textBetween = kLabelFeatureCount - 1;
    auto pairs = labelCandidates(screen);
    ASSERT_EQ(pairs.size(), 2u);
    EXPECT_FLOAT_EQ(find(pairs, 0, 1)[nearerTexts], 1.0f / 3);  // "kg" is nearer the field
    EXPECT_FLOAT_EQ(find(pairs, 2, 1)[nearerTexts], 0.0f);
    EXPECT_FLOAT_EQ(find(pairs, 0, 1)[controlBetween], 0.0f);
    EXPECT_FLOAT_EQ(find(pairs, 0, 1)[textBetween], 0.0f);
    // Features up to the context are the pair's alone.
    const LabelFeatures alone = labelFeatures(screen[0], screen[1]);
    EXPECT_TRUE(std::equal(alone.begin(), alone.begin() + nearerTexts, find(pairs, 0, 1).begin()));

    screen.push_back({ElementType::TextField, {80, 6, 100, 24}, ""});  // a field between them
    screen.push_back({ElementType::Text, {120, 40, 30, 12}, "note"});  // below, not between
    pairs = labelCandidates(screen);
    EXPECT_FLOAT_EQ(find(pairs, 0, 1)[controlBetween], 1.0f);
    EXPECT_FLOAT_EQ(find(pairs, 0, 1)[textBetween], 0.0f);
    EXPECT_FLOAT_EQ(find(pairs, 0, 3)[controlBetween], 0.0f);
    EXPECT_FLOAT_EQ(find(pairs, 0, 1)[nearerControls], 1.0f / 3);  // the new field is nearer "Name:"
}

/// A window of `window` grey with a field's frame: top line `top`, bottom line `bottom`, left
/// and right lines `top`, inside 255, and dark text inside and a caption left of it.
cv::Mat drawnField(int window, int top, int bottom, cv::Rect frame) {
    cv::Mat gray(100, 640, CV_8U, cv::Scalar(window));
    gray(frame).setTo(255);
    cv::line(gray, frame.tl(), {frame.br().x - 1, frame.y}, cv::Scalar(top));
    cv::line(gray, frame.tl(), {frame.x, frame.br().y - 1}, cv::Scalar(top));
    cv::line(gray, {frame.x, frame.br().y - 1}, frame.br() - cv::Point(1, 1), cv::Scalar(bottom));
    cv::line(gray, {frame.br().x - 1, frame.y}, frame.br() - cv::Point(1, 1), cv::Scalar(bottom));
    cv::putText(gray, "Name:", {60, frame.y + 20}, cv::FONT_HERSHEY_SIMPLEX, 0.5, cv::Scalar(30), 1);
    cv::putText(gray, "Hello world", {frame.x + 8, frame.y + 20}, cv::FONT_HERSHEY_SIMPLEX, 0.5,
                cv::Scalar(30), 1);
    return gray;
}

TEST(FrameEdges, AShortFieldBoxReachesItsFrameButNotPastIt) {
    const cv::Rect frame(150, 30, 400, 30);
    const cv::Rect all(0, 0, 640, 100);
    const cv::Mat flat = drawnField(240, 150, 150, frame);
    // Started well inside (its content left outside) and ended short: out to the frame.
    EXPECT_EQ(frameEdges(flat, {230, 31, 300, 28}, all), cv::Rect(150, 31, 400, 28));
    // Already right: unchanged.
    EXPECT_EQ(frameEdges(flat, frame, all), frame);
    // Started over the caption's end (the frame's edge inside the box): unchanged.
    EXPECT_EQ(frameEdges(flat, {120, 30, 430, 30}, all), cv::Rect(120, 30, 430, 30));
    // Within limits only: the left side cannot leave them.
    EXPECT_EQ(frameEdges(flat, {230, 31, 300, 28}, {200, 0, 440, 100}).x, 230);
    // A 3D sunken entry (dark top, bottom as light as the inside) on a grey window; a box
    // that starts on the window left of it is not walked further out across the window.
    const cv::Mat sunken = drawnField(217, 130, 255, frame);
    EXPECT_EQ(frameEdges(sunken, {230, 31, 300, 28}, all).x, 150);
    EXPECT_EQ(frameEdges(sunken, {143, 31, 300, 28}, all).x, 143);
    // Nothing framed (a text line's box): unchanged.
    const cv::Mat bare(100, 640, CV_8U, cv::Scalar(240));
    EXPECT_EQ(frameEdges(bare, {230, 31, 300, 28}, all), cv::Rect(230, 31, 300, 28));
}

TEST(FrameEdges, AFieldIsReadFromInsideItsFrameWhereItsBoxReachesPastIt) {
    const cv::Rect frame(150, 30, 400, 30);
    const cv::Mat flat = drawnField(240, 150, 150, frame);
    // Started over the caption's end and ending 20 px past the frame: both sides in to the
    // frame's line, which frameEdges leaves (no text was detected there).
    const cv::Rect loose(120, 30, 450, 30);
    EXPECT_EQ(frameEdges(flat, loose, {0, 0, 640, 100}), loose);
    const cv::Rect inside = insideFrame(flat, loose);
    EXPECT_NEAR(inside.x, frame.x, 1);  // the line taken in
    EXPECT_NEAR(inside.br().x, frame.br().x, 1);
    // A box inside its frame, or with no frame at all, stays.
    EXPECT_EQ(insideFrame(flat, frame), frame);
    const cv::Mat bare(100, 640, CV_8U, cv::Scalar(240));
    EXPECT_EQ(insideFrame(bare, loose), loose);
}

TEST(FrameEdges, ATallFieldsBoxWellInsideItsLinesStillReachesItsSides) {
    // Qt's 45-px field: the detector's box 6 px inside its top and bottom lines and 52 px
    // inside its left side (beyond the 4 px looked at first, within a quarter of its height).
    const cv::Rect frame(150, 20, 400, 45);
    const cv::Mat gray = drawnField(240, 150, 150, frame);
    EXPECT_EQ(frameEdges(gray, {202, 26, 300, 33}, {0, 0, 640, 100}), cv::Rect(150, 26, 400, 33));
}

TEST(FrameEdges, AWideFieldsBoxInItsMiddleReachesBothSidesButAButtonsOnlyNearOnes) {
    // A field 25 heights long, the detector's box 140 px in its middle: each side is 10
    // heights out.
    const cv::Rect frame(120, 30, 500, 20);
    const cv::Rect all(0, 0, 640, 100);
    const cv::Mat gray = drawnField(240, 150, 150, frame);
    const cv::Rect middle(300, 31, 140, 18);
    EXPECT_EQ(frameEdges(gray, middle, all), cv::Rect(120, 31, 500, 18));
    // As far out as the walk goes for a button: it stays.
    EXPECT_EQ(frameEdges(gray, middle, all, {}, true, kButtonReachHeights), middle);
}

TEST(FrameEdges, ALongBoxOrOneOverADetectedCaptionComesInToTheFrame) {
    // A field stretched along the row (25 heights long) and its caption; the detector's box
    // starts over the caption's end and ends past the frame.
    auto drawn = [](const cv::Rect& frame) {
        cv::Mat gray(100, 640, CV_8U, cv::Scalar(240));
        gray(frame).setTo(255);
        cv::rectangle(gray, frame, cv::Scalar(150));
        cv::putText(gray, "Name:", {70, 55}, cv::FONT_HERSHEY_SIMPLEX, 0.4, cv::Scalar(30), 1);
        cv::putText(gray, "Main Street 4", {frame.x + 8, 55}, cv::FONT_HERSHEY_SIMPLEX, 0.4, cv::Scalar(30), 1);
        return gray;
    };
    const cv::Rect all(0, 0, 640, 100);
    const cv::Rect longFrame(120, 40, 500, 20);
    EXPECT_EQ(frameEdges(drawn(longFrame), {80, 40, 550, 20}, all), longFrame);
    EXPECT_EQ(frameEdges(drawn(longFrame), longFrame, all), longFrame);
    // A field of ordinary length keeps a box that reaches past its frame (see frameEdges),
    // unless a text was detected there: its caption, "Name:" at 70-110.
    const cv::Rect shortFrame(120, 40, 200, 20), overCaption(105, 40, 215, 20);
    EXPECT_EQ(frameEdges(drawn(shortFrame), {80, 40, 240, 20}, all), cv::Rect(80, 40, 240, 20));
    EXPECT_EQ(frameEdges(drawn(shortFrame), overCaption, all), overCaption);
    EXPECT_EQ(frameEdges(drawn(shortFrame), overCaption, all, {{70, 45, 40, 12}}), shortFrame);
    EXPECT_EQ(frameEdges(drawn(shortFrame), overCaption, all, {{20, 80, 40, 12}}), overCaption);  // a text elsewhere
}

TEST(FrameEdges, ADarkFieldsBoxStartingFarOverItsCaptionStartsAtTheFrame) {
    // Qt's dark styles: the window 51, the frame 36, the inside 48 (12 levels), a caption
    // left of the frame. The detector's box starts over the caption's second half, 60 px
    // before the frame: too far for the frame's lines to run across the box's middle.
    cv::Mat gray(100, 640, CV_8U, cv::Scalar(51));
    const cv::Rect frame(200, 30, 300, 33);
    gray(frame).setTo(48);
    cv::rectangle(gray, frame, cv::Scalar(36));
    cv::putText(gray, "Email address:", {60, 52}, cv::FONT_HERSHEY_SIMPLEX, 0.5, cv::Scalar(200), 1);
    cv::putText(gray, "julia@correo.es", {360, 52}, cv::FONT_HERSHEY_SIMPLEX, 0.5, cv::Scalar(200), 1);
    const cv::Rect all(0, 0, 640, 100), caption(60, 40, 125, 14), box(140, 30, 360, 33);
    EXPECT_EQ(frameEdges(gray, box, all, {caption}).x, frame.x);
    EXPECT_EQ(frameEdges(gray, box, all, {caption}).br().x, frame.br().x);
    // Without the caption detected, or with no frame after it, the box stays where it was.
    EXPECT_EQ(frameEdges(gray, box, all).x, box.x);
    cv::Mat frameless(100, 640, CV_8U, cv::Scalar(51));
    gray(cv::Rect(0, 0, 640, 100)).copyTo(frameless);
    frameless(cv::Rect(frame.x - 2, 20, 310, 50)).setTo(51);
    EXPECT_EQ(frameEdges(frameless, box, all, {caption}).x, box.x);
}

TEST(FrameEdges, AWideButtonsBoxReachesItsFrameAFramelessOneStays) {
    // A raised button across a column, its short caption in the middle (tk-brief's "Einde"):
    // the detector's box spans the caption's cells, half the frame's width.
    cv::Mat gray(100, 640, CV_8U, cv::Scalar(220));
    const cv::Rect frame(100, 30, 280, 30);
    cv::rectangle(gray, frame, cv::Scalar(120));
    cv::line(gray, {frame.x, frame.y}, {frame.br().x - 1, frame.y}, cv::Scalar(255));
    cv::putText(gray, "Einde", {215, 50}, cv::FONT_HERSHEY_SIMPLEX, 0.45, cv::Scalar(20), 1);
    std::vector<Element> elements{{ElementType::Button, {170, 31, 140, 28}, "Einde"}};
    EXPECT_TRUE(snapToFrames(gray, elements, {0, 0, 640, 100}));
    EXPECT_EQ(elements[0].box, cv::Rect(100, 31, 280, 28));

    // A toolbar's frameless button under the bar's top line, a separator to its right: a line
    // above alone is no frame, so the box stays (it had reached over the next button).
    cv::Mat bar(100, 640, CV_8U, cv::Scalar(220));
    cv::line(bar, {0, 28}, {639, 28}, cv::Scalar(120));
    cv::line(bar, {260, 32}, {260, 58}, cv::Scalar(120));
    cv::putText(bar, "Retry", {175, 50}, cv::FONT_HERSHEY_SIMPLEX, 0.45, cv::Scalar(20), 1);
    std::vector<Element> toolbar{{ElementType::Button, {170, 30, 60, 26}, "Retry"}};
    EXPECT_FALSE(snapToFrames(bar, toolbar, {0, 0, 640, 100}));
    EXPECT_EQ(toolbar[0].box, cv::Rect(170, 30, 60, 26));
}

TEST(FrameEdges, AnUnsureFieldsBoxMovesOntoTheFlatBandItLiesOnButNotOntoTheWindow) {
    // Tk's greyed-out entry: a flat 217 band, no frame, on a window of 205, grey content in it.
    cv::Mat gray(100, 640, CV_8U, cv::Scalar(205));
    const cv::Rect band(150, 30, 250, 24);
    gray(band).setTo(217);
    cv::putText(gray, "Name:", {60, 48}, cv::FONT_HERSHEY_SIMPLEX, 0.5, cv::Scalar(30), 1);
    cv::putText(gray, "By hand", {156, 48}, cv::FONT_HERSHEY_SIMPLEX, 0.5, cv::Scalar(140), 1);
    const cv::Rect all(0, 0, 640, 100);
    // Started 90 px into the band, 3 px high, ended 30 px past it: onto it.
    EXPECT_EQ(flatBandEdges(gray, {240, 27, 190, 25}, all), band);
    // A box on the window's own grey: no band ends near it, the box stays.
    const cv::Rect open(420, 30, 150, 24);
    EXPECT_EQ(flatBandEdges(gray, open, all), open);
    // A band two pixels under another (tk-brief's stacked entries), the box 3 px into the one
    // above: onto its own band, not both.
    cv::Mat stacked = gray.clone();
    stacked(cv::Rect(150, 4, 250, 24)).setTo(217);
    EXPECT_EQ(flatBandEdges(stacked, {240, 27, 190, 25}, all), band);
    // A band not a field's height (a panel 60 px tall): the box stays.
    cv::Mat panel(100, 640, CV_8U, cv::Scalar(205));
    panel(cv::Rect(150, 20, 250, 60)).setTo(217);
    const cv::Rect inPanel(200, 38, 150, 24);
    EXPECT_EQ(flatBandEdges(panel, inPanel, all), inPanel);
}

TEST(FrameEdges, AToggleBoxReachesTheRingDrawnAroundItButNoOpenLines) {
    // Tk's check button with its highlight ring (#d9d9d9, 217) on a pastel window 9 levels
    // off, 5 px above and below the indicator and caption the detector boxes.
    const cv::Rect all(0, 0, 320, 80);
    cv::Mat gray(80, 320, CV_8U, cv::Scalar(208));
    const cv::Rect ring(40, 20, 63, 22);
    cv::rectangle(gray, ring, cv::Scalar(217));
    cv::rectangle(gray, cv::Rect(46, 26, 10, 10), cv::Scalar(120), cv::FILLED);  // the indicator
    cv::putText(gray, "Phone", {60, 36}, cv::FONT_HERSHEY_SIMPLEX, 0.4, cv::Scalar(30), 1);
    const cv::Rect tight(45, 25, 54, 12);  // the caption ends at 97
    EXPECT_EQ(toggleFrame(gray, tight, all), ring);
    // Already on the ring: unchanged.
    EXPECT_EQ(toggleFrame(gray, ring, all), ring);
    // Outside the limits: unchanged.
    EXPECT_EQ(toggleFrame(gray, tight, {44, 24, 200, 40}), tight);
    // Lines above and below only (a field's frame over it, a separator under it): no ring.
    cv::Mat open(80, 320, CV_8U, cv::Scalar(208));
    cv::line(open, {20, 20}, {200, 20}, cv::Scalar(120));
    cv::line(open, {20, 41}, {200, 41}, cv::Scalar(120));
    cv::rectangle(open, cv::Rect(46, 26, 10, 10), cv::Scalar(120), cv::FILLED);
    cv::putText(open, "Phone", {60, 36}, cv::FONT_HERSHEY_SIMPLEX, 0.4, cv::Scalar(30), 1);
    EXPECT_EQ(toggleFrame(open, tight, all), tight);
    // No ring at all: unchanged.
    const cv::Mat bare(80, 320, CV_8U, cv::Scalar(208));
    EXPECT_EQ(toggleFrame(bare, tight, all), tight);
}

TEST(ScreenParser, BlasRunsOnOneThreadAndAFewCropsReadLeaveTheThreadCountAsItWas) {
    // OpenBLAS starts a thread per core when it loads; OPENBLAS_NUM_THREADS set in main came
    // too late and left a thread spinning beside libtorch's two. The parser asks OpenBLAS
    // itself. Reading one crop runs on one OpenMP thread and must give the two back.
    using GetThreads = int (*)();
    const auto blasThreads = reinterpret_cast<GetThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
    if (!blasThreads) GTEST_SKIP() << "the BLAS here is not OpenBLAS";
    ScreenParser parser({.threads = 2});
    EXPECT_EQ(blasThreads(), 1);
    cv::Mat screen(60, 200, CV_8UC3, cv::Scalar(255, 255, 255));
    cv::putText(screen, "Name", {10, 40}, cv::FONT_HERSHEY_SIMPLEX, 0.8, cv::Scalar(0, 0, 0), 2);
    const Element text{ElementType::Text, {6, 18, 80, 30}, ""};
    EXPECT_EQ(parser.readTexts(screen, {text}).size(), 1u);
    EXPECT_EQ(at::get_num_threads(), 2);
}

TEST(Networks, PreparedForInferenceTheyGiveTheSameOutputs) {
    // Folding the norms into the convolutions and reordering the weights must not change what
    // the networks say: random weights, norm statistics gathered in training mode, then the
    // eval-mode outputs before and after.
    torch::manual_seed(7);
    torch::NoGradGuard noGrad;
    auto channelsLast = [](const torch::Tensor& t) { return t.contiguous(at::MemoryFormat::ChannelsLast); };
    auto trainedOutput = [](auto& network, const torch::Tensor& input) {
        network->train();
        for (int i = 0; i < 3; ++i) network->forward(input * (i + 1));
        network->eval();
        return network->forward(input);
    };

    models::TextRecognizer recognizer(models::Charset().classCount());
    const auto lines = torch::rand({4, 1, kCropHeight, 96});
    const auto read = trainedOutput(recognizer, lines);
    models::prepareForInference(recognizer);
    EXPECT_TRUE(torch::allclose(recognizer->forward(channelsLast(lines)), read, 1e-4, 1e-4));

    models::ScreenDetector detector;
    const auto screen = torch::rand({1, 1, 64, 96});
    const auto seen = trainedOutput(detector, screen);
    models::prepareForInference(detector);
    const auto folded = detector->forward(channelsLast(screen));
    EXPECT_TRUE(torch::allclose(folded.heatmap, seen.heatmap, 1e-4, 1e-4));
    EXPECT_TRUE(torch::allclose(folded.size, seen.size, 1e-4, 1e-4));
    EXPECT_TRUE(torch::allclose(folded.offset, seen.offset, 1e-4, 1e-4));

    models::StateClassifier classifier;
    const auto indicators = torch::rand({5, 1, kIndicatorPx, kIndicatorPx});
    const auto states = trainedOutput(classifier, indicators);
    models::prepareForInference(classifier);
    EXPECT_TRUE(torch::allclose(classifier->forward(channelsLast(indicators)), states, 1e-4, 1e-4));

    models::FieldKindClassifier kinds;
    const auto ends = torch::rand({5, 1, kFieldEndCropRows, kFieldEndCropCols});
    const auto kindLogits = trainedOutput(kinds, ends);
    models::prepareForInference(kinds);
    EXPECT_TRUE(torch::allclose(kinds->forward(channelsLast(ends)), kindLogits, 1e-4, 1e-4));
}

TEST(TextCrops, TextLinesFindShortItemsOfAListWithAHighlightedRow) {
    // A drop-down list as GTK draws it: a frame, five items, the current one highlighted.
    cv::Mat frame(300, 400, CV_8UC4, cv::Scalar(240, 240, 240, 0));
    const cv::Rect list(50, 40, 300, 160);
    frame(list).setTo(cv::Scalar(255, 255, 255, 0));
    cv::rectangle(frame, list, cv::Scalar(150, 150, 150, 0), 1);
    const std::vector<std::string> items = {"1 poor", "2", "3", "4", "5 excellent"};
    for (int i = 0; i < int(items.size()); ++i) {
        const int y = list.y + 8 + 30 * i;
        cv::Scalar ink(60, 60, 60, 0);
        if (i == 2) {
            frame(cv::Rect(list.x + 1, y - 6, list.width - 2, 30)).setTo(cv::Scalar(230, 160, 120, 0));
            ink = cv::Scalar(255, 255, 255, 0);
        }
        cv::putText(frame, items[i], {list.x + 10, y + 16}, cv::FONT_HERSHEY_SIMPLEX, 0.5, ink, 1, cv::LINE_AA);
    }
    const std::vector<cv::Rect> lines = textLines(frame, list);
    ASSERT_EQ(lines.size(), items.size());
    for (int i = 0; i < int(items.size()); ++i) {
        EXPECT_NEAR(lines[i].y + lines[i].height / 2, list.y + 8 + 30 * i + 11, 4) << items[i];
        EXPECT_NEAR(lines[i].x, list.x + 10, 3) << items[i];
    }
    EXPECT_LT(lines[1].width, 15);                // "2" alone
    EXPECT_GT(lines[4].width, 3 * lines[1].width);  // "5 excellent" is one line
    EXPECT_TRUE(textLines(frame, cv::Rect(0, 0, 40, 30)).empty());  // background only
}

TEST(Charset, EncodesAndCollapsesCtc) {
    const models::Charset charset;
    EXPECT_EQ(charset.classCount(), 95 + 96 + 5 + 1);
    const auto classes = charset.encode("Aé✓b€");  // ✓ is outside the set and skipped
    ASSERT_EQ(classes.size(), 4u);
    EXPECT_EQ(charset.decodeCtc({classes[0], classes[0], 0, classes[1], 0, 0, classes[2], classes[3]}), "Aéb€");
    EXPECT_EQ(charset.decodeCtc({classes[2], 0, classes[2]}), "bb");  // a blank separates repeats
    const int space = charset.encode(" ")[0];
    EXPECT_EQ(charset.decodeCtc({space, classes[0], space, classes[2], 0, space}), "A b");  // ends trimmed
    EXPECT_EQ(charset.decodeCtc({space, 0, space}), "");
    // Latin-1 keeps the class numbers it had before the signs were appended.
    EXPECT_EQ(charset.encode("\u00ff"), std::vector<int>{95 + 96});
}

TEST(LetterCase, SmallLookingLettersOfWordsInCapitalsBecomeCapitals) {
    // Misreadings of held-out screens' captions.
    EXPECT_EQ(capitalizeCapitalWords("ADDREsS"), "ADDRESS");
    EXPECT_EQ(capitalizeCapitalWords("coUNTRY"), "COUNTRY");
    EXPECT_EQ(capitalizeCapitalWords("vERsIoN:"), "VERSION:");
    EXPECT_EQ(capitalizeCapitalWords("GRÖssE und TowN"), "GRÖSSE und TOWN");
    EXPECT_EQ(capitalizeCapitalWords("ANo: 2024"), "ANO: 2024");
    EXPECT_EQ(capitalizeCapitalWords("UsER NAME"), "USER NAME");
    EXPECT_EQ(capitalizeCapitalWords("smørrebrød DøoR"), "smørrebrød DØOR");
    EXPECT_EQ(capitalizeCapitalWords("couNTRY"), "COUNTRY");
    EXPECT_EQ(capitalizeCapitalWords("EMAIL ADDRESs:"), "EMAIL ADDRESS:");
    // Words with a small letter of its own shape, or too few letters to tell, stay as read.
    for (const char* kept : {"PostScript", "iOS", "macOS", "Show IDs", "PDFs", "Ox", "cost", "Xs",
                             "STRAßE", "e.g. www.example.com", "CSV", "Größe", "OK", "URLs", "Hub", "Zürich"})
        EXPECT_EQ(capitalizeCapitalWords(kept), kept);
}

TEST(DetectorTargets, DecodingTheTargetsGivesBackTheBoxes) {
    const ScreenParse p = sampleParse();
    const auto targets = encodeTargets({p.elements}, {100, 75});
    // Logits that put a peak exactly where the targets have their centres.
    models::DetectorOutput out{torch::logit(targets.heatmap.clamp(1e-4, 1 - 1e-4)) +
                                   (targets.heatmap.eq(1).to(torch::kFloat) * 10),
                               targets.size, targets.offset};
    const auto found = decodeDetections(out, 0, 0.99f, {}, ToggleClasses::Separate);
    ASSERT_EQ(found.size(), p.elements.size());
    for (const auto& truth : p.elements) {
        const bool matched = std::any_of(found.begin(), found.end(), [&](const Element& f) {
            return f.type == truth.type && iou(f.box, truth.box) > 0.9 && f.checked == truth.checked;
        });
        EXPECT_TRUE(matched) << toString(truth.type);
    }
}

TEST(DetectorDecoding, TextInsideAControlIsTheControlsOwn) {
    auto element = [](ElementType type, cv::Rect box) {
        Element e;
        e.type = type;
        e.box = box;
        return e;
    };
    const std::vector<Element> truth = {
        element(ElementType::TextField, {200, 100, 240, 28}),
        element(ElementType::Text, {206, 106, 96, 16}),   // the field's content
        element(ElementType::Text, {100, 106, 80, 16}),   // its label, beside it
        element(ElementType::Button, {480, 96, 120, 36}),
        element(ElementType::Text, {510, 106, 60, 16}),   // the button's caption
    };
    const auto targets = encodeTargets({truth}, {100, 75});
    models::DetectorOutput out{torch::logit(targets.heatmap.clamp(1e-4, 1 - 1e-4)) +
                                   (targets.heatmap.eq(1).to(torch::kFloat) * 10),
                               targets.size, targets.offset};
    const auto found = decodeDetections(out, 0, 0.99f);
    ASSERT_EQ(found.size(), 3u);
    const auto texts = std::count_if(found.begin(), found.end(),
                                     [](const Element& e) { return e.type == ElementType::Text; });
    EXPECT_EQ(texts, 1);
    EXPECT_TRUE(std::any_of(found.begin(), found.end(), [&](const Element& e) {
        return e.type == ElementType::Text && iou(e.box, truth[2].box) > 0.9;
    }));
}

/// Detector output by hand, 60 x 20 cells: a peak per (class, cell), its box's centre and size
/// in pixels (one box size per cell, as the detector's).
struct HandMadeOutput {
    torch::Tensor heat = torch::full({1, models::kDetectorClasses, 20, 60}, -10.0f);
    torch::Tensor size = torch::zeros({1, 2, 20, 60}), offset = torch::zeros({1, 2, 20, 60});

    void peak(ElementType type, float logit, cv::Point centre, cv::Size box) {
        using models::kDetectorScreenStride;
        Element e;
        e.type = type;
        const int c = int(detectorClassOf(e)), x = centre.x / kDetectorScreenStride, y = centre.y / kDetectorScreenStride;
        heat[0][c][y][x] = logit;
        size[0][0][y][x] = std::log(float(box.width) / kDetectorScreenStride);
        size[0][1][y][x] = std::log(float(box.height) / kDetectorScreenStride);
    }
    models::DetectorOutput output() const { return {heat, size, offset}; }
};

TEST(DetectorDecoding, PeaksAlongOneLineGiveOneElementAndNeighboursStay) {
    HandMadeOutput out;
    out.peak(ElementType::Text, 5, {160, 40}, {200, 16});   // a long line: [60, 260)
    out.peak(ElementType::Text, 2, {240, 40}, {120, 16});   // its second peak: [180, 300), IoU 0.33
    out.peak(ElementType::Text, 4, {360, 40}, {100, 16});   // the next text on the line: [310, 410)
    out.peak(ElementType::TextField, 4, {160, 80}, {200, 24});  // the field below
    const auto found = decodeDetections(out.output(), 0, 0.5f);
    ASSERT_EQ(found.size(), 3u);
    EXPECT_EQ(std::count_if(found.begin(), found.end(), [](const Element& e) { return e.box.width == 120; }), 0);
}

TEST(DetectorDecoding, TextFieldsTheDetectorIsUnsureOfAreCandidatesApartAndTakeNothingsPlace) {
    HandMadeOutput hand;
    auto peak = [&](ElementType type, float score, cv::Point centre, cv::Size box) {
        hand.peak(type, std::log(score / (1 - score)), centre, box);
    };
    peak(ElementType::TextField, 0.9f, {200, 40}, {200, 24});   // a field it is sure of
    peak(ElementType::TextField, 0.2f, {200, 80}, {200, 24});   // a greyed-out one below
    peak(ElementType::Text, 0.8f, {144, 80}, {60, 14});          // its content, seen as a text
    peak(ElementType::TextField, 0.15f, {200, 56}, {200, 24});  // between the two, half on each
    peak(ElementType::Checkbox, 0.9f, {80, 120}, {80, 16});      // a check box and its caption,
    peak(ElementType::TextField, 0.2f, {120, 120}, {160, 20});  // a field over both
    peak(ElementType::TextField, 0.05f, {360, 120}, {100, 24}); // too weak to ask about
    const models::DetectorOutput out = hand.output();
    std::vector<Element> weak;
    const auto kept = decodeDetections(out, 0, 0.3f, {}, ToggleClasses::Merged, {0.1f, &weak});
    // What is kept is what a threshold of 0.3 alone keeps.
    const auto alone = decodeDetections(out, 0, 0.3f);
    ASSERT_EQ(kept.size(), alone.size());
    for (std::size_t i = 0; i < kept.size(); ++i) EXPECT_EQ(kept[i].box, alone[i].box);
    EXPECT_EQ(kept.size(), 3u);  // the sure field, the text, the check box
    // The greyed-out field alone is asked about: the box between two fields covers a third of
    // the sure one, the box over the check box all of it.
    ASSERT_EQ(weak.size(), 1u);
    EXPECT_EQ(weak[0].type, ElementType::TextField);
    EXPECT_EQ(weak[0].box, cv::Rect(100, 68, 200, 24));
    EXPECT_NEAR(weak[0].score, 0.2f, 1e-4);
}

TEST(ScreenParser, MissingOrCorruptWeightsAreClearErrors) {
    const auto dir = std::filesystem::temp_directory_path() / ("hemu-weights-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    try {
        ScreenParser parser({.weightsDir = dir.string()});
        FAIL();
    } catch (const ModelError& e) {
        EXPECT_NE(std::string(e.what()).find("detector.pt: weights file missing"), std::string::npos) << e.what();
    }
    for (const char* name : {"detector.pt", "recognizer.pt", "linker.pt"})
        std::ofstream(dir / name) << "not a model";
    try {
        ScreenParser parser({.weightsDir = dir.string()});
        FAIL();
    } catch (const ModelError& e) {
        EXPECT_NE(std::string(e.what()).find("detector.pt: corrupt"), std::string::npos) << e.what();
    }
    // Weights of another shape of a network (a linker with one input more or fewer) load
    // without complaint in libtorch: a clear error here, not at the first parse.
    struct OldLinkerImpl : torch::nn::Module {
        torch::nn::Linear layer1 =
            register_module("layer1", torch::nn::Linear(models::kLabelPairFeatures + 1, 64));
        torch::nn::Linear layer2 = register_module("layer2", torch::nn::Linear(64, 64));
        torch::nn::Linear layer3 = register_module("layer3", torch::nn::Linear(64, 1));
    };
    torch::save(models::ScreenDetector(), (dir / "detector.pt").string());
    torch::save(models::TextRecognizer(models::Charset().classCount()), (dir / "recognizer.pt").string());
    torch::save(models::StateClassifier(), (dir / "state.pt").string());
    torch::save(std::make_shared<OldLinkerImpl>(), (dir / "linker.pt").string());
    try {
        ScreenParser parser({.weightsDir = dir.string()});
        FAIL();
    } catch (const ModelError& e) {
        EXPECT_NE(std::string(e.what()).find("linker.pt: weights of another shape"), std::string::npos)
            << e.what();
    }
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hemu::perception
