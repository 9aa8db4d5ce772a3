#pragma once
// The characters the text recognizer reads: printable ASCII and Latin-1 (the same set hemu can
// type). Class 0 is the CTC blank.

#include <string>
#include <string_view>
#include <vector>

namespace hemu::models {

class Charset {
public:
    Charset();
    int classCount() const { return int(codepoints_.size()) + 1; }  ///< with the blank
    /// Class indices (1-based) of a UTF-8 string; characters outside the set are skipped.
    std::vector<int> encode(std::string_view utf8) const;
    /// UTF-8 text of class indices after CTC collapsing (repeats merged, blanks dropped).
    std::string decodeCtc(const std::vector<int>& classes) const;
    bool contains(char32_t c) const;

private:
    std::vector<char32_t> codepoints_;
    std::vector<int> classOf_;  // code point → class (0 = not in the set)
};

std::u32string utf8ToU32(std::string_view utf8);  ///< invalid bytes become U+FFFD
std::string u32ToUtf8(std::u32string_view text);

}  // namespace hemu::models
