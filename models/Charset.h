#pragma once
// The characters the text recognizer reads: printable ASCII, Latin-1 and the few typographic
// signs forms show beside them (prices in euros, "Browse…", "2–3 days", bullets and password
// dots). Class 0 is the CTC blank.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hemu::models {

/// Past Latin-1: € … – • ● (one in five held-out text misreadings was one of the first three,
/// when the set stopped at Latin-1).
inline constexpr char32_t kTypographicSigns[] = {U'\u20ac', U'\u2026', U'\u2013', U'\u2022', U'\u25cf'};

class Charset {
public:
    Charset();
    int classCount() const { return int(codepoints_.size()) + 1; }  ///< with the blank
    /// Class indices (1-based) of a UTF-8 string; characters outside the set are skipped.
    std::vector<int> encode(std::string_view utf8) const;
    /// UTF-8 text of class indices after CTC collapsing (repeats merged, blanks dropped),
    /// without spaces at its ends.
    std::string decodeCtc(const std::vector<int>& classes) const;
    bool contains(char32_t c) const;

private:
    std::vector<char32_t> codepoints_;
    std::unordered_map<char32_t, int> classOf_;  // code point → class
};

std::u32string utf8ToU32(std::string_view utf8);  ///< invalid bytes become U+FFFD
std::string u32ToUtf8(std::u32string_view text);

}  // namespace hemu::models
