#include "policy/Agent.h"

#include "actuation/Actuator.h"
#include "actuation/Keysyms.h"
#include "capture/Log.h"
#include "perception/Overlay.h"
#include "perception/ParseEvaluation.h"
#include "perception/TextCrops.h"
#include "policy/Grounding.h"
#include "policy/HumanBaseline.h"
#include "policy/ScreenWatcher.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <thread>

namespace hemu::policy {

using perception::Element;
using perception::ElementType;
using perception::ScreenParse;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

cv::Point center(const cv::Rect& r) { return {r.x + r.width / 2, r.y + r.height / 2}; }

double overlap(const cv::Rect& a, const cv::Rect& b) {
    const double inter = (a & b).area();
    return inter <= 0 ? 0 : inter / double(a.area() + b.area() - inter);
}

/// The control at about the same place as `box`, read again. Fields and dropdowns count as
/// one kind here: the detector may call the same combo box one or the other from frame to frame.
const Element* sameControl(const ScreenParse& screen, const cv::Rect& box, ElementType type) {
    auto field = [](ElementType t) { return t == ElementType::TextField || t == ElementType::Dropdown; };
    const Element* best = nullptr;
    double bestOverlap = 0.3;
    for (const Element& e : screen.elements) {
        if (e.type != type && !(field(type) && field(e.type))) continue;
        const double o = overlap(e.box, box);
        if (o > bestOverlap) bestOverlap = o, best = &e;
    }
    return best;
}

/// How well what a field shows matches what was typed: a field narrower than its text shows
/// only part of it, so the best-matching stretch of the value counts.
double shownTextSimilarity(const std::string& shown, const std::string& typed) {
    if (shown == typed) return 1;
    if (shown.empty() || typed.empty()) return 0;
    double best = 1.0 - perception::editDistance(shown, typed) /
                            double(std::max(shown.size(), typed.size()));
    if (shown.size() < typed.size()) {
        for (std::size_t start = 0; start + shown.size() <= typed.size(); ++start) {
            const std::string part = typed.substr(start, shown.size());
            best = std::max(best, 1.0 - perception::editDistance(shown, part) / double(shown.size()));
        }
    }
    return best;
}

/// Whether a letter outside ASCII that was typed is missing from the reading, which is shorter
/// by about as many letters. Such a letter's key is one a server may have to bind when it first
/// comes (Xvnc binds "ß" on a US keymap then), and an application can take the key before the
/// keymap change and drop it: "Grüßen" arrived as "Grüen", a reading similar enough to pass.
/// The second time the key is bound already.
bool lacksBoundLetter(const std::string& shown, const std::string& typed) {
    const std::u32string read = actuation::decodeUtf8(shown), value = actuation::decodeUtf8(typed);
    std::map<char32_t, int> unread;  // letters outside ASCII: typed count minus read count
    for (char32_t c : value)
        if (c > 0x7e) ++unread[c];
    for (char32_t c : read)
        if (auto it = unread.find(c); it != unread.end()) --it->second;
    std::size_t missing = 0;
    for (const auto& [letter, count] : unread) missing += std::size_t(std::max(count, 0));
    // A lost key leaves the reading shorter; one as long with another letter in that place is
    // a misreading ("Rhône" read "Rhöne"). A field narrower than its value shows only part of
    // it: that is no lost key either.
    return missing > 0 && read.size() < value.size() && read.size() + missing >= value.size();
}

/// A step that could not be done; carries the reason to the step's report.
struct StepFailure {
    std::string reason;
};

}  // namespace

struct Agent::Impl {
    Impl(capture::ScreenSource& screen, actuation::ActionSink& input,
         perception::ScreenParser& parser, AgentOptions options)
        : input(input), act(input), parser(parser), options(std::move(options)),
          watcher(screen, this->options.cancel) {
        if (this->options.onFrame) watcher.setFrameObserver(this->options.onFrame);
    }

    actuation::ActionSink& input;
    actuation::Actuator act;
    perception::ScreenParser& parser;
    AgentOptions options;
    ScreenWatcher watcher;
    std::shared_ptr<spdlog::logger> log = namedLogger("agent");

    ScreenParse screen;     ///< what the model read on `parsedImage`
    cv::Mat parsedImage;
    StepTimes* times = nullptr;  ///< the running step's
    std::string taskName;

    void checkCancel() const {
        if (options.cancel && options.cancel->load()) throw StepFailure{"stopped by the user"};
    }

    // ---- perception -----------------------------------------------------------------

    /// Brings `screen` up to date with `frame`: re-reads only what changed when little did.
    const ScreenParse& perceive(const capture::Frame& frame) {
        const auto start = Clock::now();
        const std::vector<cv::Rect> regions = changedRegions(parsedImage, frame.image);
        double changedArea = 0;
        for (const cv::Rect& r : regions) changedArea += r.area();
        if (parsedImage.empty() || changedArea > 0.3 * frame.image.total())
            screen = parser.parse(frame.image);
        else if (!regions.empty())
            screen = parser.reparse(screen, frame.image, regions);
        parsedImage = frame.image;
        times->perceive += msSince(start);
        log->debug("perceive: {} changed regions ({:.0f}% of the screen), {:.1f} ms", regions.size(),
                   100.0 * changedArea / double(frame.image.total()), msSince(start));
        return screen;
    }

    const ScreenParse& look() { return perceive(grab()); }

    /// What a control shows now, read two ways: as the detector finds it again, and inside
    /// the box it had when it was grounded (a re-detected box a few pixels off can cut the
    /// first letter). Best match to `expected` first.
    std::vector<std::string> readControl(const cv::Rect& box, ElementType type) {
        std::vector<std::string> readings;
        if (const Element* again = sameControl(screen, box, type)) readings.push_back(again->text);
        const auto start = Clock::now();
        Element asGrounded;
        asGrounded.type = type;
        asGrounded.box = box;
        // And once more with the box widened to the left: a box that starts a few pixels
        // late cuts the first letter ("taly").
        Element widened = asGrounded;
        widened.box.x -= 6;
        widened.box.width += 6;
        widened.box &= cv::Rect(cv::Point(), parsedImage.size());
        for (std::string& text : parser.readTexts(parsedImage, {asGrounded, widened}))
            readings.push_back(std::move(text));
        times->perceive += msSince(start);
        return readings;
    }

    const capture::Frame& grab() {
        const double before = watcher.captureMs();
        const capture::Frame& frame = watcher.grab();
        times->capture += watcher.captureMs() - before;
        return frame;
    }

    Settled settle(const SettleOptions& settleOptions) {
        const cv::Mat reference = parsedImage.empty() ? watcher.latest().image : parsedImage;
        return settleFrom(reference, settleOptions);
    }

    Settled settleFrom(const cv::Mat& reference, const SettleOptions& settleOptions) {
        const double captureBefore = watcher.captureMs();
        const auto start = Clock::now();
        Settled settled = watcher.settle(reference, settleOptions);
        const double captured = watcher.captureMs() - captureBefore;
        times->capture += captured;
        times->settle += msSince(start) - captured;
        checkCancel();
        return settled;
    }

    bool waitForChange(Clock::time_point deadline) {
        const double captureBefore = watcher.captureMs();
        const auto start = Clock::now();
        const cv::Mat reference = watcher.latest().image;
        const bool changed = watcher.waitForChange(reference, deadline);
        const double captured = watcher.captureMs() - captureBefore;
        times->capture += captured;
        times->settle += msSince(start) - captured;
        checkCancel();
        return changed;
    }

    /// Grey pixels of `box` in `image` (a copy).
    static cv::Mat grayPatch(const cv::Mat& image, const cv::Rect& box) {
        const cv::Rect inside = box & cv::Rect(cv::Point(), image.size());
        cv::Mat gray;
        if (inside.empty()) return gray;
        cv::cvtColor(image(inside), gray, image.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
        return gray;
    }

    /// Waits until anything inside `box` changes, a caret's blink included (which settling
    /// ignores); true if it did before `until`.
    bool waitForBlink(const cv::Rect& box, Clock::time_point until) {
        const auto start = Clock::now();
        const double captureBefore = watcher.captureMs();
        const cv::Mat before = grayPatch(parsedImage, box);
        bool changed = false;
        while (!changed && Clock::now() < until) {
            std::this_thread::sleep_for(Millis(8));
            const cv::Mat now = grayPatch(grab().image, box);
            changed = now.size() == before.size() && cv::norm(now, before, cv::NORM_INF) > 64;
        }
        times->settle += msSince(start) - (watcher.captureMs() - captureBefore);
        return changed;
    }

    /// Whether `pixels` (a text as drawn elsewhere) now appear inside `box`: normalised
    /// correlation, in either polarity (a highlighted list item is light on dark).
    bool appearsIn(const cv::Mat& pixels, const cv::Rect& box) {
        const auto start = Clock::now();
        // Sideways by a box height: a detected box a few letters off still holds the text.
        const int side = std::max(4, box.height);
        const cv::Mat area =
            grayPatch(parsedImage, cv::Rect(box.x - side, box.y - 4, box.width + 2 * side, box.height + 8));
        bool found = false;
        if (!pixels.empty() && area.cols >= pixels.cols && area.rows >= pixels.rows) {
            cv::Mat score;
            cv::matchTemplate(area, pixels, score, cv::TM_CCOEFF_NORMED);
            double lowest = 0, highest = 0;
            cv::minMaxLoc(score, &lowest, &highest);
            found = std::max(highest, -lowest) >= 0.85;
        }
        times->perceive += msSince(start);
        return found;
    }

    // ---- acting -----------------------------------------------------------------------

    template <typename F>
    void send(F&& events) {
        checkCancel();
        const auto start = Clock::now();
        events();
        act.sync();
        times->act += msSince(start);
    }

    /// A point where the wheel scrolls the page and nothing else: on a caption, away from
    /// dropdowns and spin boxes, which take wheel events for themselves.
    std::optional<cv::Point> scrollPoint() const {
        std::optional<cv::Point> best;
        double bestDistance = INFINITY;
        cv::Rect controls;
        for (const Element& e : screen.elements)
            if (e.type != ElementType::Text) controls = controls.empty() ? e.box : controls | e.box;
        if (controls.empty()) return std::nullopt;
        const cv::Point middle = center(controls);
        for (const Element& e : screen.elements) {
            if (e.type != ElementType::Text) continue;
            const bool onControl = std::any_of(screen.elements.begin(), screen.elements.end(),
                [&](const Element& c) { return c.type != ElementType::Text && (c.box & e.box).area() > 0; });
            if (onControl) continue;
            const double d = cv::norm(center(e.box) - middle);
            if (d < bestDistance) bestDistance = d, best = center(e.box);
        }
        return best;
    }

    /// Scrolls the page one stretch; true if the screen moved.
    bool scrollPage(int direction) {
        const std::optional<cv::Point> at = scrollPoint();
        if (!at) return false;
        send([&] {
            act.move(at->x, at->y);
            act.scroll(5 * direction);
        });
        return settle({.expectChangeWithin = Millis(200), .quiet = Millis(40)}).changed;
    }

    /// The target was not found: detect again with a lower threshold, around its caption
    /// when that is on screen (its control was missed), else over the whole screen (a faint
    /// flat button whose caption was missed with it).
    void lookCloser(const Step& step) {
        const auto start = Clock::now();
        const Grounding caption = findText(screen, step.target);
        cv::Rect around(cv::Point(), parsedImage.size());
        if (caption.found()) {
            const cv::Rect label = screen.elements[*caption.index].box;
            const int h = std::max(label.height, 10);
            around &= cv::Rect(label.x - 2 * h, label.y - 2 * h, parsedImage.cols, 7 * h);
        }
        screen = parser.reparse(screen, parsedImage, {around}, 0.12f);
        rereadShortCaptions(step.target);
        times->perceive += msSince(start);
        log->debug("looked closer {} \"{}\"", caption.found() ? "around" : "everywhere for", step.target);
    }

    /// Captions that look like the target but were read short (a detected box that cut off
    /// a word: "our letter" for "Your letter from") are read again over their whole line.
    void rereadShortCaptions(const std::string& target) {
        for (Element& e : screen.elements) {
            if (e.type == ElementType::TextField || e.type == ElementType::Dropdown) continue;
            if (captionSimilarity(target, e.text) >= kMinTargetSimilarity ||
                letterSimilarity(target, e.text) < 0.5)
                continue;
            const int h = std::max(e.box.height, 10);
            const cv::Rect band(e.box.x - 3 * h, e.box.y - h / 3, e.box.width + 12 * h, e.box.height + 2 * (h / 3));
            for (const cv::Rect& line : perception::textLines(parsedImage, band)) {
                if ((line & e.box).area() < std::min(line.area(), e.box.area()) / 2) continue;
                Element whole;
                whole.type = ElementType::Text;
                whole.box = line;
                const std::string read = parser.readTexts(parsedImage, {whole}).front();
                log->debug("read \"{}\" again over its line: \"{}\"", e.text, read);
                if (captionSimilarity(target, read) > captionSimilarity(target, e.text)) {
                    e.text = read;
                    if (e.type == ElementType::Text) e.box = line;
                }
                break;
            }
        }
    }

    /// Finds the step's target, scrolling for it when it is not in view, until the deadline.
    std::size_t locate(const Step& step, Clock::time_point deadline, StepReport& report) {
        int direction = +1;   // first look further down the page, then back up
        int scrollsLeft = 24;
        bool lookedCloser = false;
        while (true) {
            checkCancel();
            const ScreenParse& seen = look();
            const auto decideStart = Clock::now();
            const Grounding g = groundTarget(seen, step);
            times->decide += msSince(decideStart);
            if (g.found()) {
                report.matched = g.matchedText;
                report.box = seen.elements[*g.index].box;
                return *g.index;
            }
            if (Clock::now() >= deadline) throw StepFailure{g.reason};
            if (!lookedCloser && step.action != StepAction::Wait) {
                lookedCloser = true;
                lookCloser(step);
                continue;
            }
            if (scrollsLeft > 0) {
                lookedCloser = false;  // a new stretch of page deserves its own closer look
                --scrollsLeft;
                if (scrollPage(direction)) continue;
                if (direction > 0) {
                    direction = -1;
                    continue;
                }
                scrollsLeft = 0;
            }
            // Nothing more to try but waiting: the application may still be drawing.
            if (!waitForChange(deadline)) throw StepFailure{g.reason};
        }
    }

    // ---- steps ------------------------------------------------------------------------

    void fill(const Step& step, Clock::time_point deadline, StepReport& report) {
        const std::size_t index = locate(step, deadline, report);
        const cv::Rect box = screen.elements[index].box;
        const cv::Mat emptyField = grayPatch(parsedImage, box);
        for (int attempt = 0;; ++attempt) {
            // Click into the field, select what it holds, and type over it, in one go:
            // the application handles the events in order, so nothing needs waiting for.
            send([&] {
                const cv::Point c = center(box);
                act.click(c.x, c.y);
                act.pressCombo("End");
                act.pressCombo("shift+Home");
                if (step.text.empty())
                    act.pressCombo("BackSpace");
                else
                    act.typeText(step.text);
            });
            settle({.expectChangeWithin = Millis(300), .quiet = Millis(30)});
            const auto verify = [&]() -> std::pair<double, std::string> {
                look();
                std::pair<double, std::string> best{-1.0, ""};
                for (const std::string& shown : readControl(box, ElementType::TextField)) {
                    // A secret field shows bullets, if anything: it must not be empty.
                    const double similarity =
                        step.secret ? (step.text.empty() == shown.empty() ? 1.0 : 0.0)
                                    : shownTextSimilarity(shown, step.text);
                    if (similarity > best.first) best = {similarity, step.secret ? "(masked)" : shown};
                }
                return best;
            };
            auto [similarity, shown] = verify();
            if (similarity < 0.75 && waitForChange(std::min(deadline, Clock::now() + Millis(300))))
                std::tie(similarity, shown) = verify();
            if (similarity >= 0.75 && attempt == 0 && !step.secret && Clock::now() < deadline &&
                lacksBoundLetter(shown, step.text)) {
                report.note = "typed again: the field read \"" + shown + "\"";
                continue;
            }
            if (similarity >= 0.75) return;
            // One or two characters ("1", "7") are often too little for the reader (nothing,
            // or "G: +" for a "6", its caret and a spin button's minus and plus signs); that the
            // field now shows something short that it did not before has to do. Short: no more
            // letters and digits than typed and one more (signs are a spin button's or a caret).
            const auto alphanumerics = std::count_if(shown.begin(), shown.end(), [](unsigned char c) {
                return std::isalnum(c) || c >= 0xC0;  // a UTF-8 lead byte: ä, ß
            });
            if (step.text.size() <= 2 && alphanumerics <= std::ptrdiff_t(step.text.size()) + 1) {
                const cv::Mat now = grayPatch(parsedImage, box);
                if (now.size() == emptyField.size() && cv::norm(now, emptyField, cv::NORM_INF) > 64) {
                    report.note = "a short value: the field changed, it reads \"" + shown + "\"";
                    return;
                }
            }
            // A caret drawn against the last letter is read as part of it ("V60|" as "v6d"):
            // read again once it has blinked.
            if (waitForBlink(box, std::min(deadline, Clock::now() + Millis(700)))) {
                std::tie(similarity, shown) = verify();
                if (similarity >= 0.75) return;
            }
            if (attempt == 0 && Clock::now() < deadline) continue;  // typing again is harmless
            if (similarity >= 0.5) {
                report.note = "the field reads \"" + shown + "\" (a reading slip, taken as typed)";
                return;
            }
            throw StepFailure{"the field \"" + step.target + "\" shows \"" + shown +
                              "\" after typing " + step.displayValue()};
        }
    }

    void select(const Step& step, Clock::time_point deadline, StepReport& report) {
        const std::size_t index = locate(step, deadline, report);
        const cv::Rect box = screen.elements[index].box;
        std::string lastShown;
        auto shownOption = [&]() {
            double best = 0;
            for (std::string shown : readControl(box, ElementType::Dropdown)) {
                // The drop-down arrow is sometimes read as a trailing "v", "Y" or "+", and a
                // box a few pixels off clips the first letter: a reading that is the value
                // less its ends counts as the value.
                std::string withoutArrow = normalizeCaption(shown);
                while (withoutArrow.size() > 1 &&
                       std::string_view("+vy^> ").find(withoutArrow.back()) != std::string_view::npos)
                    withoutArrow.pop_back();
                const std::string value = normalizeCaption(step.text);
                const std::string read = normalizeCaption(shown);
                // A stretch of the value counts when it is most of it.
                auto partOfValue = [&](const std::string& r) {
                    return r.size() >= std::max<std::size_t>(3, value.size() * 3 / 5)
                               ? shownTextSimilarity(r, value) : 0.0;
                };
                const double similarity = std::max({captionSimilarity(step.text, shown),
                                                    captionSimilarity(step.text, withoutArrow),
                                                    partOfValue(read), partOfValue(withoutArrow)});
                if (similarity >= best) best = similarity, lastShown = shown;
            }
            return best;
        };
        if (shownOption() >= 0.9) {
            report.note = "already selected";
            return;
        }
        send([&] { act.click(center(box).x, center(box).y); });
        const Settled opened =
            settle({.expectChangeWithin = Millis(500), .quiet = Millis(40)});
        if (!opened.changed) throw StepFailure{"the list of \"" + step.target + "\" did not open"};
        cv::Rect list;
        for (const cv::Rect& r : opened.regions) list = list.empty() ? r : list | r;
        // The list is still open while what it covered looks as it did when it opened (a
        // reading at the box may then be the list's own item drawn over it). Compared with
        // the open list rather than with the closed page: closing leaves the pointer over some
        // other widget, which may light up.
        const cv::Mat open = opened.frame.image;
        const cv::Rect boxArea(box.x - 6, box.y - 6, box.width + 12, box.height + 12);
        auto listClosed = [&] {
            const cv::Rect area = list & cv::Rect(cv::Point(), parsedImage.size());
            double differing = 0;
            for (cv::Rect r : changedRegions(open(area), parsedImage(area))) {
                r += area.tl();
                differing += r.area() - (r & boxArea).area();
            }
            log->debug("list area {}x{}: {:.0f}% differs from the open list", area.width,
                       area.height, 100.0 * differing / std::max(1, area.area()));
            return differing > 0.1 * (area.area() - (area & boxArea).area());
        };
        for (int scrolls = 0; scrolls < 12; ++scrolls) {
            const ScreenParse* seen = &look();
            auto decideStart = Clock::now();
            Grounding option = findText(*seen, step.text, list);
            times->decide += msSince(decideStart);
            // Short items ("4", "0%") the detector passes over: read the list line by line.
            ScreenParse lines;
            if (!option.found()) {
                lines = readTextLines(list);
                decideStart = Clock::now();
                option = findText(lines, step.text, list);
                times->decide += msSince(decideStart);
                if (option.found()) seen = &lines;
            }
            if (option.found()) {
                const cv::Rect optionBox = seen->elements[*option.index].box;
                const cv::Mat optionPixels = grayPatch(parsedImage, optionBox);
                send([&] { act.click(center(optionBox).x, center(optionBox).y); });
                settle({.expectChangeWithin = Millis(400), .quiet = Millis(30)});
                look();
                auto shown = [&] {
                    // Read, or else recognised by its pixels: the closed box draws the option
                    // in the list's font, which a short text ("0%", "CRM") helps more than
                    // reading it.
                    return listClosed() && (shownOption() >= 0.75 || appearsIn(optionPixels, box));
                };
                if (!shown() && waitForChange(std::min(deadline, Clock::now() + Millis(300))))
                    look();
                if (shown()) return;
                throw StepFailure{"\"" + step.target + "\" shows \"" + lastShown +
                                  "\" after choosing \"" + step.text + "\""};
            }
            // Not in view: scroll the list (the pointer over it, not over the page).
            send([&] {
                act.move(center(list).x, center(list).y);
                act.scroll(3);
            });
            if (!settle({.expectChangeWithin = Millis(200), .quiet = Millis(30)}).changed) break;
            if (Clock::now() >= deadline) break;
        }
        // Not seen in the list: type the option's text, as a person does in a long list
        // (list views search as you type), and confirm with Return.
        send([&] {
            act.typeText(step.text);
            act.pressCombo("Return");
        });
        settle({.expectChangeWithin = Millis(400), .quiet = Millis(40)});
        look();
        const bool closedNow = listClosed();
        if (closedNow && shownOption() >= 0.75) {
            report.note = "chosen by typing its text";
            return;
        }
        // Escape only while the list is open (it takes the key); in a dialog, Escape cancels.
        if (!closedNow) {
            send([&] { act.pressCombo("Escape"); });
            settle({.expectChangeWithin = Millis(300), .quiet = Millis(30)});
        }
        throw StepFailure{"no option \"" + step.text + "\" in the list of \"" + step.target +
                          "\" (it shows \"" + lastShown + "\")"};
    }

    /// Every line of text in `area` as a text element, read by the recognizer.
    ScreenParse readTextLines(const cv::Rect& area) {
        const auto start = Clock::now();
        ScreenParse lines;
        lines.width = parsedImage.cols;
        lines.height = parsedImage.rows;
        for (const cv::Rect& r : perception::textLines(parsedImage, area)) {
            Element line;
            line.type = ElementType::Text;
            line.box = r;
            lines.elements.push_back(std::move(line));
        }
        const std::vector<std::string> texts = parser.readTexts(parsedImage, lines.elements);
        for (std::size_t i = 0; i < texts.size(); ++i) lines.elements[i].text = texts[i];
        times->perceive += msSince(start);
        log->debug("{} lines of text in the list: {}", lines.elements.size(), toJson(lines));
        return lines;
    }

    /// The check box's state read from a square `indicator` (nullopt where it cannot tell).
    std::optional<bool> readIndicator(const cv::Rect& indicator, ElementType type) {
        const auto start = Clock::now();
        Element square;
        square.type = type == ElementType::Radio ? ElementType::Radio : ElementType::Checkbox;
        square.box = indicator;
        const std::optional<bool> checked = parser.readStates(parsedImage, {square}).front();
        times->perceive += msSince(start);
        return checked;
    }

    /// changedSquare() between two crops of `area`, in screen coordinates.
    static std::optional<cv::Rect> changedSquareIn(const cv::Mat& before, const cv::Mat& after,
                                                   const cv::Rect& area, int side) {
        std::optional<cv::Rect> square = changedSquare(before, after, side);
        if (square) *square += area.tl();
        return square;
    }

    void check(const Step& step, Clock::time_point deadline, StepReport& report) {
        const std::size_t index = locate(step, deadline, report);
        const Element target = screen.elements[index];
        const cv::Rect box = target.box;
        const int h = std::max(box.height, 8);
        // Where the indicator may be: a caption found alone has its indicator to its left, and
        // detected boxes sometimes start at the caption, or even at its second word ("letter
        // from" of "[x] Your letter from"). Only what the click changes counts, so the squares
        // of other boxes in the row are no danger.
        const int left = 6 * h;
        const cv::Rect reach = cv::Rect(box.x - left, box.y - h / 2, box.width + left, box.height + h) &
                               cv::Rect(cv::Point(), parsedImage.size());
        // After a click the state is read where the click changed a square (the detector's
        // box may be off by the width of the square); a second click puts right a first one
        // made on a misread state.
        // Toolkits toggle a check box on its caption as well as on its square: the middle of
        // what was found is the surest place to click.
        // The state read before any click is not trusted to skip the click: read from a box
        // the detector may have put a square's width off, it was wrong often enough to leave
        // boxes wrong (measured on the yad suite). A box already right costs two clicks.
        const cv::Point at(box.x + std::min(box.width / 2, 2 * h), center(box).y);
        // The pointer waits outside the box while its pixels are compared: a widget under the
        // pointer may light up as a whole (Tk's active background), which would hide the square.
        const cv::Point aside(std::min(reach.br().x + 12, parsedImage.cols - 1), std::max(reach.y - 12, 0));
        send([&] { act.move(aside.x, aside.y); });
        settle({.expectChangeWithin = Millis(60), .quiet = Millis(20)});
        look();
        for (int clicks = 0; clicks < 2; ++clicks) {
            const cv::Mat reachBefore = parsedImage(reach).clone();
            send([&] {
                act.click(at.x, at.y);
                act.move(aside.x, aside.y);
            });
            settle({.expectChangeWithin = Millis(300), .quiet = Millis(30)});
            look();
            std::optional<cv::Rect> indicator =
                changedSquareIn(reachBefore, parsedImage(reach), reach, 2 * h);
            // A toolkit that animates the check mark (GTK's Adwaita) may still be drawing it.
            for (int waits = 0; !indicator && waits < 3; ++waits) {
                if (!waitForChange(std::min(deadline, Clock::now() + Millis(250)))) break;
                settle({.expectChangeWithin = Millis(0), .quiet = Millis(40)});
                look();
                indicator = changedSquareIn(reachBefore, parsedImage(reach), reach, 2 * h);
            }

            if (!indicator) {
                // No square changed on its own: read where the detector put the box.
                if (readIndicator(cv::Rect(box.x, box.y, h, h), target.type) == step.checked) return;
                throw StepFailure{"clicking \"" + step.target + "\" changed no check box"};
            }
            if (readIndicator(*indicator, target.type) == step.checked) {
                if (clicks == 1) report.note = "clicked twice (it was already set, or misread)";
                return;
            }
        }
        throw StepFailure{"the check box \"" + step.target + "\" did not become " +
                          (step.checked ? "checked" : "unchecked")};
    }

    void click(const Step& step, Clock::time_point deadline, StepReport& report) {
        const std::size_t index = locate(step, deadline, report);
        const Element target = screen.elements[index];
        if (target.type == ElementType::Radio && target.checked == true) {
            report.note = "already selected";
            return;
        }
        const cv::Mat before = parsedImage;
        send([&] { act.click(center(target.box).x, center(target.box).y); });
        const Settled settled = settleFrom(before, {.expectChangeWithin = Millis(1000), .quiet = Millis(40)});
        // Never clicked twice: a second Submit would submit twice.
        if (!settled.changed && !waitForChange(deadline))
            throw StepFailure{"the screen did not change after clicking \"" + step.target + "\""};
        if (!settled.changed) settle({.expectChangeWithin = Millis(0), .quiet = Millis(40)});
    }

    void key(const Step& step) {
        send([&] { act.pressCombo(step.text); });
        settle({.expectChangeWithin = Millis(200), .quiet = Millis(30)});
    }

    void wait(const Step& step, Clock::time_point deadline, StepReport& report) {
        while (true) {
            const ScreenParse& seen = look();
            const Grounding g = findText(seen, step.target);
            if (g.found()) {
                report.matched = g.matchedText;
                report.box = seen.elements[*g.index].box;
                return;
            }
            if (!waitForChange(deadline))
                throw StepFailure{"\"" + step.target + "\" did not appear before the timeout (" +
                                  g.reason + ")"};
        }
    }

    // ---- artefacts --------------------------------------------------------------------

    /// Saves the screen and an overlay of what the model saw, with the step's box in red.
    void saveFailure(std::size_t stepIndex, StepReport& report, TaskReport& task) {
        if (options.overlayDir.empty() || watcher.latest().image.empty()) return;
        namespace fs = std::filesystem;
        std::error_code error;
        fs::create_directories(options.overlayDir, error);
        const std::string stem =
            (fs::path(options.overlayDir) / ("step-" + std::to_string(stepIndex + 1))).string();
        const cv::Mat& frame = watcher.latest().image;
        cv::Mat bgr;
        cv::cvtColor(frame, bgr, frame.channels() == 4 ? cv::COLOR_BGRA2BGR : cv::COLOR_GRAY2BGR);
        if (cv::imwrite(stem + "-screen.png", bgr)) task.screenshot = stem + "-screen.png";
        cv::Mat overlay = perception::drawOverlay(frame, screen);
        if (report.box) cv::rectangle(overlay, *report.box, cv::Scalar(0, 0, 255), 3);
        cv::putText(overlay, "step " + std::to_string(stepIndex + 1) + ": " + report.error,
                    cv::Point(8, overlay.rows - 12), cv::FONT_HERSHEY_SIMPLEX, 0.6,
                    cv::Scalar(0, 0, 255), 2);
        if (cv::imwrite(stem + "-overlay.png", overlay)) report.overlay = stem + "-overlay.png";
    }

    StepReport runStep(const Step& step, int timeoutMs) {
        StepReport report;
        report.action = step.action;
        report.target = step.target;
        report.value = step.displayValue();
        times = &report.times;
        const auto start = Clock::now();
        const auto deadline = start + Millis(timeoutMs);
        try {
            checkCancel();
            switch (step.action) {
                case StepAction::Fill: fill(step, deadline, report); break;
                case StepAction::Select: select(step, deadline, report); break;
                case StepAction::Check: check(step, deadline, report); break;
                case StepAction::Click: click(step, deadline, report); break;
                case StepAction::Key: key(step); break;
                case StepAction::Wait: wait(step, deadline, report); break;
                case StepAction::Invalid: throw StepFailure{"invalid action"};
            }
            report.ok = true;
        } catch (const StepFailure& failure) {
            report.error = failure.reason;
        } catch (const std::invalid_argument& bad) {  // an untypeable character, a bad combo
            report.error = bad.what();
        }
        report.seconds = msSince(start) / 1000.0;
        StepTimes& t = report.times;
        t.decide = std::max(0.0, report.seconds * 1000 - t.capture - t.perceive - t.act - t.settle);
        times = nullptr;
        return report;
    }
};

Agent::Agent(capture::ScreenSource& screen, actuation::ActionSink& input,
             perception::ScreenParser& parser, AgentOptions options)
    : impl_(std::make_unique<Impl>(screen, input, parser, std::move(options))) {}

Agent::~Agent() = default;

TaskReport Agent::run(const Task& task) {
    TaskReport report;
    report.name = task.name;
    const auto start = Clock::now();
    const std::vector<double> human = klmStepSeconds(task);
    for (std::size_t i = 0; i < task.steps.size(); ++i) {
        const Step& step = task.steps[i];
        StepReport stepReport = impl_->runStep(step, step.timeoutMs.value_or(task.defaultTimeoutMs));
        stepReport.humanSeconds = human[i];
        impl_->log->debug("step {} {} \"{}\": {} in {:.0f} ms", i + 1, toString(step.action),
                          step.target, stepReport.ok ? "ok" : stepReport.error,
                          stepReport.seconds * 1000);
        if (!stepReport.ok) impl_->saveFailure(i, stepReport, report);
        const bool ok = stepReport.ok;
        report.steps.push_back(std::move(stepReport));
        if (impl_->options.onStep) impl_->options.onStep(i, report.steps.back());
        if (!ok) {
            report.error = "step " + std::to_string(i + 1) + " (" +
                           std::string(toString(step.action)) +
                           (step.target.empty() ? "" : " \"" + step.target + "\"") +
                           "): " + report.steps.back().error;
            break;
        }
    }
    report.ok = report.steps.size() == task.steps.size() && report.steps.back().ok;
    report.seconds = msSince(start) / 1000.0;
    return report;
}

}  // namespace hemu::policy
