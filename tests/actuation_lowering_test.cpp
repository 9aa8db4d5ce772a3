// Lowering of actions into events, with no display: what the sink receives, in order.

#include "actuation/Actuator.h"
#include "actuation/Keysyms.h"
#include "actuation/RecordingActionSink.h"

#include <gtest/gtest.h>

namespace hemu::actuation {
namespace {

using Kind = RecordedEvent::Kind;

std::vector<std::string> strings(const RecordingActionSink& sink) {
    std::vector<std::string> out;
    for (const auto& e : sink.events) out.push_back(e.toString());
    return out;
}

TEST(KeyNames, NamedKeysAndCharacters) {
    EXPECT_EQ(keysymFromName("Return"), 0xff0du);
    EXPECT_EQ(keysymFromName("enter"), 0xff0du);
    EXPECT_EQ(keysymFromName("TAB"), 0xff09u);
    EXPECT_EQ(keysymFromName("F1"), 0xffbeu);
    EXPECT_EQ(keysymFromName("F12"), 0xffc9u);
    EXPECT_EQ(keysymFromName("a"), 0x61u);
    EXPECT_EQ(keysymFromName("A"), 0x41u);
    EXPECT_EQ(keysymFromName("é"), 0xe9u);
    EXPECT_FALSE(keysymFromName("F36"));
    EXPECT_FALSE(keysymFromName("Hyperspace"));
    EXPECT_FALSE(keysymFromName(""));
}

TEST(KeyNames, XNamesForKeysyms) {
    EXPECT_EQ(keysymName(0x61), "a");
    EXPECT_EQ(keysymName(0x41), "A");
    EXPECT_EQ(keysymName(0x31), "1");
    EXPECT_EQ(keysymName(0x20), "space");
    EXPECT_EQ(keysymName(0xe9), "eacute");
    EXPECT_EQ(keysymName(0xff0d), "Return");
    EXPECT_EQ(keysymName(0xffe1), "Shift_L");
    EXPECT_EQ(keysymName(0x20ac), "EuroSign");
    EXPECT_EQ(keysymName(0x10020ac), "U20AC");  // a Unicode keysym: its code point
    EXPECT_EQ(keysymName(0x0fffffff), "0xfffffff");
}

TEST(KeyNames, CharactersOutsideLatin1AreRefused) {
    EXPECT_EQ(keysymForChar(U'~'), 0x7eu);
    EXPECT_EQ(keysymForChar(U'ÿ'), 0xffu);
    EXPECT_EQ(keysymForChar(U'\n'), 0xff0du);
    EXPECT_FALSE(keysymForChar(U'€'));
    EXPECT_FALSE(keysymForChar(0x7f));
}

TEST(Utf8, DecodesAndRejectsBadBytes) {
    EXPECT_EQ(decodeUtf8("aé€"), std::u32string(U"aé€"));
    EXPECT_THROW(decodeUtf8("a\xc3"), std::invalid_argument);
    EXPECT_THROW(decodeUtf8("\xff"), std::invalid_argument);
}

TEST(KeyCombo, ParsesModifiersAndKey) {
    KeyCombo combo = parseKeyCombo("ctrl+shift+s");
    EXPECT_EQ(combo.modifiers, (std::vector<std::uint32_t>{0xffe3, 0xffe1}));
    EXPECT_EQ(combo.key, 0x73u);
    EXPECT_EQ(parseKeyCombo("ctrl++").key, 0x2bu);
    EXPECT_EQ(parseKeyCombo("alt+F4").key, 0xffc1u);
    EXPECT_EQ(parseKeyCombo("Return").modifiers.size(), 0u);
}

TEST(KeyCombo, ErrorsNameThePart) {
    try {
        parseKeyCombo("ctrl+shfit+s");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "key combo \"ctrl+shfit+s\": \"shfit\" is not a key name");
    }
    EXPECT_THROW(parseKeyCombo("a+b"), std::invalid_argument);  // "a" is no modifier
    EXPECT_THROW(parseKeyCombo(""), std::invalid_argument);
}

TEST(Actuator, ComboPressesInOrderAndReleasesInReverse) {
    RecordingActionSink sink;
    Actuator(sink).pressCombo("ctrl+shift+s");
    EXPECT_EQ(strings(sink), (std::vector<std::string>{
                                 "key 0xffe3 down", "key 0xffe1 down", "key 0x73 down",
                                 "key 0x73 up", "key 0xffe1 up", "key 0xffe3 up"}));
}

TEST(Actuator, ClickMovesThenPressesAndReleases) {
    RecordingActionSink sink;
    Actuator(sink).click(10, 20);
    EXPECT_EQ(strings(sink),
              (std::vector<std::string>{"move 10 20", "button 1 down", "button 1 up"}));
}

TEST(Actuator, DoubleClickIsTwoClicksInPlace) {
    RecordingActionSink sink;
    Actuator(sink).doubleClick(5, 6);
    EXPECT_EQ(strings(sink), (std::vector<std::string>{"move 5 6", "button 1 down", "button 1 up",
                                                       "button 1 down", "button 1 up"}));
}

TEST(Actuator, DragHoldsTheButtonAcrossIntermediateMoves) {
    RecordingActionSink sink;
    Actuator(sink).drag(0, 0, 80, 40);
    ASSERT_GE(sink.events.size(), 5u);
    EXPECT_EQ(sink.events.front().toString(), "move 0 0");
    EXPECT_EQ(sink.events[1].toString(), "button 1 down");
    EXPECT_EQ(sink.events.back().toString(), "button 1 up");
    EXPECT_EQ(sink.events[sink.events.size() - 2].toString(), "move 80 40");
    int moves = 0;
    for (const auto& e : sink.events) moves += e.kind == Kind::Move;
    EXPECT_GE(moves, 4);  // past any toolkit's drag threshold in several steps
}

TEST(Actuator, ScrollUsesWheelButtons) {
    RecordingActionSink sink;
    Actuator(sink).scroll(-2);
    EXPECT_EQ(strings(sink), (std::vector<std::string>{"button 4 down", "button 4 up",
                                                       "button 4 down", "button 4 up"}));
    sink.events.clear();
    Actuator(sink).scroll(1);
    EXPECT_EQ(strings(sink), (std::vector<std::string>{"button 5 down", "button 5 up"}));
}

TEST(Actuator, TypeTextSendsEachKeysymInOrder) {
    RecordingActionSink sink;
    Actuator(sink).typeText("Aé!\n");
    EXPECT_EQ(strings(sink), (std::vector<std::string>{
                                 "key 0x41 down", "key 0x41 up", "key 0xe9 down", "key 0xe9 up",
                                 "key 0x21 down", "key 0x21 up", "key 0xff0d down",
                                 "key 0xff0d up"}));
}

TEST(Actuator, UntypeableTextSendsNothing) {
    RecordingActionSink sink;
    try {
        Actuator(sink).typeText("price: 5€");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("U+20AC (character 9)"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(sink.events.empty());
}

}  // namespace
}  // namespace hemu::actuation
