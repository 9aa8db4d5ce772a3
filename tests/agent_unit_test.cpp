// The agent's decisions without a display: grounding targets in a parsed screen, the KLM
// baseline, and change detection between frames.

#include "policy/Grounding.h"
#include "policy/HumanBaseline.h"
#include "policy/ScreenWatcher.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

namespace hemu::policy {
namespace {

using perception::Element;
using perception::ElementType;
using perception::ScreenParse;

Element element(ElementType type, cv::Rect box, std::string text = "",
                std::optional<std::size_t> label = std::nullopt) {
    Element e;
    e.type = type;
    e.box = box;
    e.text = std::move(text);
    e.label = label;
    return e;
}

Step step(StepAction action, std::string target) {
    Step s;
    s.action = action;
    s.target = std::move(target);
    return s;
}

// A form as the parser reads it: "First name *" linked to its field, "Email:" not linked (the
// linker missed it) with its field to the right, a check box, a text and a button both "OK".
ScreenParse sampleForm() {
    ScreenParse p;
    p.width = 800;
    p.height = 600;
    p.elements = {
        element(ElementType::Text, {20, 20, 80, 14}, "First name *"),              // 0
        element(ElementType::TextField, {110, 16, 200, 24}, "", 0),                // 1
        element(ElementType::Text, {20, 60, 50, 14}, "Email:"),                    // 2
        element(ElementType::TextField, {110, 56, 200, 24}),                       // 3
        element(ElementType::Checkbox, {110, 100, 220, 20}, "Subscribe to the newsletter"),  // 4
        element(ElementType::Text, {20, 140, 30, 14}, "OK"),                       // 5
        element(ElementType::Button, {110, 136, 80, 26}, "OK"),                    // 6
        element(ElementType::Dropdown, {110, 180, 200, 24}, "Choose", 8),          // 7
        element(ElementType::Text, {20, 184, 60, 14}, "Countrv"),                  // 8: a reading slip
    };
    return p;
}

TEST(Grounding, NormalisesCaptions) {
    EXPECT_EQ(normalizeCaption("  First   Name * "), "first name");
    EXPECT_EQ(normalizeCaption("Email:"), "email");
    EXPECT_DOUBLE_EQ(captionSimilarity("First name", "First name *"), 1.0);
    EXPECT_GT(captionSimilarity("Contact details", "Contact detaile"), kMinTargetSimilarity);
    EXPECT_GE(captionSimilarity("Subscribe", "Subscribe to the newsletter"), 0.85);
    EXPECT_LT(captionSimilarity("Fax number", "Last name"), kMinTargetSimilarity);
    EXPECT_LT(captionSimilarity("Name", "Nam of the company"), kMinTargetSimilarity);
    EXPECT_LT(captionSimilarity("Customer number", "Customer name"), kMinTargetSimilarity);
    EXPECT_LT(captionSimilarity("Fax", "Tax"), kMinTargetSimilarity);
    EXPECT_GT(captionSimilarity("Customer number", "Custorner numher"), kMinTargetSimilarity);
    EXPECT_GT(captionSimilarity("First name", "Firstname"), kMinTargetSimilarity);
}

TEST(Grounding, FindsFieldsByLinkedLabelOrByLayout) {
    const ScreenParse form = sampleForm();
    const Grounding first = groundTarget(form, step(StepAction::Fill, "first name"));
    ASSERT_TRUE(first.found()) << first.reason;
    EXPECT_EQ(*first.index, 1u);
    const Grounding email = groundTarget(form, step(StepAction::Fill, "Email"));
    ASSERT_TRUE(email.found()) << email.reason;
    EXPECT_EQ(*email.index, 3u);  // the field right of the unlinked caption
    const Grounding country = groundTarget(form, step(StepAction::Select, "Country"));
    ASSERT_TRUE(country.found()) << country.reason;
    EXPECT_EQ(*country.index, 7u);
}

TEST(Grounding, ACaptionDoesNotTakeAFieldLabelledByAnother) {
    // "An" above "Name": the field right of "Name" is Name's, not An's (whose field was missed).
    ScreenParse p;
    p.elements = {element(ElementType::Text, {20, 20, 20, 14}, "An"),
                  element(ElementType::Text, {20, 44, 40, 14}, "Name"),
                  element(ElementType::TextField, {30, 40, 200, 24}, "", 1)};
    EXPECT_FALSE(groundTarget(p, step(StepAction::Fill, "An")).found());
    EXPECT_TRUE(groundTarget(p, step(StepAction::Fill, "Name")).found());
}

TEST(Grounding, ACaptionBesideAFieldBeatsAHeadingLinkedToIt) {
    // yad: the linker gave the first field the dialog's heading above it; its caption is
    // beside it. A second "Customer" (the heading's first word) sits on a weak detection.
    ScreenParse p;
    p.elements = {element(ElementType::Text, {142, 85, 140, 14}, "Book a meeting room"),
                  element(ElementType::Text, {123, 117, 62, 12}, "Organiser"),
                  element(ElementType::TextField, {179, 106, 337, 33}, "", 0)};
    const Grounding organiser = groundTarget(p, step(StepAction::Fill, "Organiser"));
    ASSERT_TRUE(organiser.found()) << organiser.reason;
    EXPECT_EQ(*organiser.index, 2u);

    p.elements = {element(ElementType::Text, {285, 272, 60, 12}, "Customer"),
                  element(ElementType::TextField, {374, 263, 363, 27}, "feedback call", 0),
                  element(ElementType::Text, {285, 303, 60, 12}, "Customer"),
                  element(ElementType::TextField, {366, 290, 348, 36}, "", 2)};
    p.elements[1].score = 0.30f;
    p.elements[3].score = 0.69f;
    const Grounding customer = groundTarget(p, step(StepAction::Fill, "Customer"));
    ASSERT_TRUE(customer.found()) << customer.reason;
    EXPECT_EQ(*customer.index, 3u);
}

TEST(Grounding, AFieldOnTheCaptionsRowBeatsANearerOneBelow) {
    // tk-brief over VNC, as parsed after looking closer: "Gruß" linked to its field on its
    // row, 61 px right; a weak detection spanning the "Anlagen" line starts 13 px below it.
    ScreenParse p;
    p.elements = {element(ElementType::Text, {52, 318, 33, 10}, "Gruß"),
                  element(ElementType::TextField, {146, 313, 263, 21}, "freundlichen Gruessen", 0),
                  element(ElementType::TextField, {35, 341, 418, 28}, "Anlagen")};
    p.elements[1].score = 0.63f;
    p.elements[2].score = 0.17f;
    const Grounding gruss = groundTarget(p, step(StepAction::Fill, "Gruß"));
    ASSERT_TRUE(gruss.found()) << gruss.reason;
    EXPECT_EQ(*gruss.index, 1u);
    p.elements[1].label.reset();  // nor when the linker missed the label
    EXPECT_EQ(*groundTarget(p, step(StepAction::Fill, "Gruß")).index, 1u);
}

TEST(Grounding, ACheckBoxWithItsOwnCaptionIsNotTheOneAbove) {
    // "Escort required" read as a text (its square missed), the check box "NDA signed" below.
    ScreenParse p;
    p.elements = {element(ElementType::Text, {202, 226, 118, 14}, "Escort required"),
                  element(ElementType::Checkbox, {205, 253, 98, 16}, "NDA signed")};
    const Grounding escort = groundTarget(p, step(StepAction::Check, "Escort required"));
    ASSERT_TRUE(escort.found()) << escort.reason;
    EXPECT_EQ(*escort.index, 0u);  // the caption itself: a click there toggles its box
    const Grounding nda = groundTarget(p, step(StepAction::Check, "NDA signed"));
    ASSERT_TRUE(nda.found()) << nda.reason;
    EXPECT_EQ(*nda.index, 1u);
}

TEST(Grounding, ACheckBoxSquareReadAsALetterStillMatches) {
    EXPECT_EQ(withoutIndicatorGlyph("C Billable"), "Billable");
    EXPECT_EQ(withoutIndicatorGlyph("XYour letter from"), "Your letter from");
    EXPECT_EQ(withoutIndicatorGlyph("Billable"), std::nullopt);
    EXPECT_EQ(withoutIndicatorGlyph("USB cable"), std::nullopt);
    ScreenParse p;
    p.elements = {element(ElementType::Checkbox, {20, 40, 90, 16}, "C Billable"),
                  element(ElementType::Checkbox, {20, 70, 90, 16}, "Billed")};
    const Grounding billable = groundTarget(p, step(StepAction::Check, "Billable"));
    ASSERT_TRUE(billable.found()) << billable.reason;
    EXPECT_EQ(*billable.index, 0u);
}

TEST(Grounding, ChecksAndClicksMatchCaptions) {
    const ScreenParse form = sampleForm();
    const Grounding box = groundTarget(form, step(StepAction::Check, "Subscribe"));
    ASSERT_TRUE(box.found());
    EXPECT_EQ(*box.index, 4u);
    const Grounding ok = groundTarget(form, step(StepAction::Click, "OK"));
    ASSERT_TRUE(ok.found());
    EXPECT_EQ(*ok.index, 6u) << "a button wins over a text with the same words";
}

TEST(Grounding, ACheckBoxTakenForAButtonIsStillChecked) {
    // tk-brief: "Signature" below a column of buttons, detected as one of them.
    ScreenParse p;
    p.elements = {element(ElementType::Button, {417, 350, 116, 30}, "Clear"),
                  element(ElementType::Button, {417, 382, 116, 24}, " Signature")};
    const Grounding signature = groundTarget(p, step(StepAction::Check, "Signature"));
    ASSERT_TRUE(signature.found()) << signature.reason;
    EXPECT_EQ(*signature.index, 1u);
    // A real check box with that caption comes first.
    p.elements.push_back(element(ElementType::Checkbox, {20, 420, 100, 18}, "Signature"));
    EXPECT_EQ(*groundTarget(p, step(StepAction::Check, "Signature")).index, 2u);
}

TEST(Grounding, AbsentTargetsAreNotGuessed) {
    const ScreenParse form = sampleForm();
    const Grounding fax = groundTarget(form, step(StepAction::Fill, "Fax number"));
    EXPECT_FALSE(fax.found());
    EXPECT_NE(fax.reason.find("\"Fax number\""), std::string::npos) << fax.reason;
    // A button's caption is not a field's label: "OK" is no text field.
    EXPECT_FALSE(groundTarget(form, step(StepAction::Fill, "OK")).found());
    EXPECT_FALSE(groundTarget(form, step(StepAction::Click, "Cancel")).found());
}

TEST(Grounding, EqualMatchesGoToTheFirstInReadingOrder) {
    ScreenParse p;
    p.elements = {element(ElementType::Button, {300, 200, 80, 24}, "Save"),
                  element(ElementType::Button, {20, 200, 80, 24}, "Save"),
                  element(ElementType::Button, {500, 20, 80, 24}, "Save")};
    const Grounding g = groundTarget(p, step(StepAction::Click, "Save"));
    ASSERT_TRUE(g.found());
    EXPECT_EQ(*g.index, 2u);
}

TEST(HumanBaseline, KeystrokeLevelModel) {
    Task task;
    Step fill = step(StepAction::Fill, "First name");
    fill.text = "Ada";  // A is shifted: 4 keystrokes
    Step second = fill;
    second.text = "x";
    task.steps = {fill, second, step(StepAction::Click, "OK")};
    const std::vector<double> t = klmStepSeconds(task);
    ASSERT_EQ(t.size(), 3u);
    using namespace klm;
    EXPECT_NEAR(t[0], M + P + 2 * B + H + 4 * K, 1e-9);  // the hand starts on the mouse
    EXPECT_NEAR(t[1], M + H + P + 2 * B + H + K, 1e-9);  // back to the mouse, then keys
    EXPECT_NEAR(t[2], M + H + P + 2 * B, 1e-9);
    EXPECT_NEAR(klmTaskSeconds(task), t[0] + t[1] + t[2], 1e-9);
    EXPECT_EQ(klmKeystrokes("a@B"), 5);
}

TEST(ScreenWatcher, ChangedRegionsAreExact) {
    cv::Mat before(120, 160, CV_8UC4, cv::Scalar(200, 200, 200, 0));
    cv::Mat after = before.clone();
    EXPECT_TRUE(changedRegions(before, after).empty());
    after(cv::Rect(30, 40, 25, 10)).setTo(cv::Scalar(0, 0, 0, 0));
    after.at<cv::Vec4b>(100, 150) = cv::Vec4b(1, 2, 3, 0);
    const auto regions = changedRegions(before, after);
    ASSERT_EQ(regions.size(), 2u);
    EXPECT_TRUE(std::find(regions.begin(), regions.end(), cv::Rect(30, 40, 25, 10)) != regions.end());
    EXPECT_TRUE(std::find(regions.begin(), regions.end(), cv::Rect(150, 100, 1, 1)) != regions.end());
    EXPECT_TRUE(isSignificantChange(regions));
    // A caret: one pixel wide, a line tall.
    EXPECT_FALSE(isSignificantChange({cv::Rect(70, 20, 1, 16)}));
}

TEST(ScreenWatcher, ChangedSquareIgnoresSliversAroundIt) {
    // As measured on GTK: the indicator toggles, and the crop also catches the corner of the
    // text field above losing its focus frame (a thin line of about the same length).
    cv::Mat before(40, 109, CV_8UC4, cv::Scalar(240, 240, 240, 0));
    cv::Mat after = before.clone();
    cv::rectangle(after, cv::Rect(7, 13, 16, 16), cv::Scalar(230, 130, 50, 0), cv::FILLED);
    cv::line(after, cv::Point(10, 20), cv::Point(20, 22), cv::Scalar(255, 255, 255, 0), 2);
    cv::line(after, cv::Point(84, 2), cv::Point(108, 2), cv::Scalar(0, 0, 0, 0), 2);
    const std::optional<cv::Rect> square = changedSquare(before, after, 40);
    ASSERT_TRUE(square.has_value());
    EXPECT_LE(std::abs(square->x - 7), 2);
    EXPECT_LE(std::abs(square->y - 13), 2);
    EXPECT_LE(std::abs(square->width - 16), 3);
    // Nothing changed: no square; only a large change (a repainted row): no square either.
    EXPECT_FALSE(changedSquare(before, before, 40).has_value());
    cv::Mat repainted = before.clone();
    repainted(cv::Rect(0, 5, 109, 30)).setTo(cv::Scalar(0, 0, 0, 0));
    EXPECT_FALSE(changedSquare(before, repainted, 40).has_value());
}

}  // namespace
}  // namespace hemu::policy
