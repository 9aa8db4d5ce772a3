// Input against real servers and real applications: clicks land where aimed, and typed text
// arrives exactly, through XTest and through VNC, in the form lab (Qt) and zenity (GTK).

#include "actuation/Actuator.h"
#include "actuation/Session.h"
#include "app/harness/VirtualScreens.h"
#include "app/harness/TargetApps.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <random>

namespace hemu {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// Every Latin-1 letter (À..ÿ without the signs × and ÷).
const std::u32string kAllLatin1Letters = [] {
    std::u32string letters;
    for (char32_t c = 0xc0; c <= 0xff; ++c)
        if (c != 0xd7 && c != 0xf7) letters.push_back(c);
    return letters;
}();

// TigerVNC's Xvnc binds a keysym missing from its keymap to a free keycode and never frees it;
// its default keymap has 19 free keycodes, so over VNC a session can type only that many
// distinct letters outside the keymap (and we saw ß and ÿ dropped even before that). These 12
// cover common Western European text.
const std::u32string kCommonLatin1Letters = U"éèàçüöäñÉÜÖï";

// Printable ASCII with Latin-1 letters from `letters` mixed in (about one in ten).
std::string randomText(std::size_t length, unsigned seed, const std::u32string& letters) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> ascii(0x20, 0x7e), pick(0, 9);
    std::uniform_int_distribution<std::size_t> letter(0, letters.size() - 1);
    std::u32string text;
    while (text.size() < length)
        text.push_back(pick(rng) == 0 ? letters[letter(rng)] : char32_t(ascii(rng)));
    std::string utf8;
    for (char32_t c : text) {
        if (c < 0x80) {
            utf8.push_back(char(c));
        } else {
            utf8.push_back(char(0xc0 | (c >> 6)));
            utf8.push_back(char(0x80 | (c & 0x3f)));
        }
    }
    return utf8;
}

// Each test runs once on a local Xvfb through XTest and once on Xvnc through VNC.
enum class Transport { Invalid, XTest, Vnc };

class RealInput : public ::testing::TestWithParam<Transport> {
protected:
    void SetUp() override {
        if (GetParam() == Transport::XTest) {
            xvfb_ = std::make_unique<harness::XvfbServer>(harness::ScreenOptions{1280, 1024});
            display_ = xvfb_->display();
            session_ = actuation::openSession({.display = display_});
        } else {
            xvnc_ = std::make_unique<harness::XvncServer>(harness::ScreenOptions{1280, 1024});
            display_ = xvnc_->display();
            session_ = actuation::openSession({.vnc = xvnc_->address()});
        }
        actuator_ = std::make_unique<actuation::Actuator>(*session_.input);
    }

    const std::u32string& latin1Letters() const {
        return GetParam() == Transport::XTest ? kAllLatin1Letters : kCommonLatin1Letters;
    }

    std::unique_ptr<harness::XvfbServer> xvfb_;
    std::unique_ptr<harness::XvncServer> xvnc_;
    std::string display_;
    actuation::Session session_;
    std::unique_ptr<actuation::Actuator> actuator_;
};

TEST_P(RealInput, ClicksLandOnTheIntendedWidgets) {
    harness::FormLab lab(display_, HEMU_TEST_DATA_DIR "/forms/input.json");
    const auto agree = lab.control("agree").center();
    const auto option = lab.control("newsletter").center();
    actuator_->click(agree.x, agree.y);
    actuator_->click(option.x, option.y);
    actuator_->click(agree.x, agree.y);  // twice: back to unchecked
    actuator_->click(agree.x, agree.y);  // three times: checked
    const auto submit = lab.control("submit").center();
    actuator_->click(submit.x, submit.y);
    const json values = json::parse(lab.waitForSubmit(20s));
    EXPECT_EQ(values.at("agree"), true);
    EXPECT_EQ(values.at("newsletter"), true);
    EXPECT_EQ(values.at("remember"), false);  // not clicked: neighbours are untouched
}

TEST_P(RealInput, ThousandRandomCharactersArriveExactlyInTheFormLab) {
    harness::FormLab lab(display_, HEMU_TEST_DATA_DIR "/forms/input.json");
    const std::string text = randomText(1000, 42, latin1Letters());
    const auto field = lab.control("text").center();
    actuator_->click(field.x, field.y);
    actuator_->typeText(text);
    const auto submit = lab.control("submit").center();
    actuator_->click(submit.x, submit.y);
    const json values = json::parse(lab.waitForSubmit(30s));
    EXPECT_EQ(values.at("text").get<std::string>(), text);
}

TEST_P(RealInput, RandomCharactersArriveExactlyInGtkZenity) {
    harness::ZenityEntry zenity(display_);
    const auto window = harness::waitForContent(*session_.screen, 20s);
    ASSERT_TRUE(window) << "zenity did not appear";
    // Click into the entry, as a person would (it sits 45% down the dialog: label, entry,
    // buttons). No window manager: keyboard focus follows the pointer.
    actuator_->click(window->x + window->width / 2, window->y + window->height * 45 / 100);
    const std::string text = randomText(500, 7, latin1Letters()) + "Ünïcödé ~`!@#$%^&*()_+{}|:\"<>?";
    actuator_->typeText(text);
    actuator_->pressCombo("Return");
    actuator_->sync();
    const auto line = zenity.process().readLine(30s);
    ASSERT_TRUE(line) << "zenity printed nothing";
    EXPECT_EQ(*line, text);
}

INSTANTIATE_TEST_SUITE_P(Transports, RealInput,
                         ::testing::Values(Transport::XTest, Transport::Vnc),
                         [](const auto& info) {
                             return info.param == Transport::XTest ? "XTest" : "Vnc";
                         });

}  // namespace
}  // namespace hemu
