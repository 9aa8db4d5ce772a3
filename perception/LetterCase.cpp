#include "perception/LetterCase.h"

#include "models/Charset.h"

#include <algorithm>

namespace hemu::perception {
namespace {

// Letters of the recognizer's character set: ASCII and Latin-1 (U+00C0-U+00FF but × and ÷).
bool isUpper(char32_t c) { return (c >= U'A' && c <= U'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7); }
bool isLower(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7); }
bool isLetter(char32_t c) { return isUpper(c) || isLower(c); }

/// Small letters shaped like their capitals: only their size tells them apart. (A small u's
/// stem is a pixel or two at a caption's size: "couNTRY".)
bool looksLikeItsCapital(char32_t c) {
    static constexpr std::u32string_view kSameShape = U"coszuvwxçòóôõöøùúûü";
    return kSameShape.find(c) != std::u32string_view::npos;
}

// Capital and small letters lie 32 apart in both ASCII and Latin-1. (ß and ÿ have no capital
// there; neither is in kSameShape.)
char32_t toUpper(char32_t c) { return c - 0x20; }
char32_t toLower(char32_t c) { return c + 0x20; }

void capitalizeWord(std::u32string::iterator begin, std::u32string::iterator end) {
    int firm = 0;
    for (auto it = begin; it != end; ++it) {
        if (looksLikeItsCapital(isUpper(*it) ? toLower(*it) : *it)) continue;
        if (isLower(*it)) return;  // a small letter of its own shape: not a word in capitals
        ++firm;
    }
    if (firm < 2) return;  // "Ox", "Xs": too little to go by
    // A plural ("IDs"), but not the second s of a word ending in two ("ADDRESs", "CLASs").
    if (end - begin > 2 && *(end - 1) == U's' && *(end - 2) != U'S') --end;
    for (auto it = begin; it != end; ++it)
        if (looksLikeItsCapital(*it)) *it = toUpper(*it);
}

}  // namespace

std::string capitalizeCapitalWords(std::string_view text) {
    std::u32string letters = models::utf8ToU32(text);
    for (auto it = letters.begin(); it != letters.end();) {
        auto end = std::find_if_not(it, letters.end(), isLetter);
        if (end != it) capitalizeWord(it, end);
        it = end == letters.end() ? end : end + 1;
    }
    return models::u32ToUtf8(letters);
}

}  // namespace hemu::perception
