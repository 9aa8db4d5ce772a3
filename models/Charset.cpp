#include "models/Charset.h"

namespace hemu::models {

Charset::Charset() {
    for (char32_t c = 0x20; c <= 0x7e; ++c) codepoints_.push_back(c);
    for (char32_t c = 0xa0; c <= 0xff; ++c) codepoints_.push_back(c);
    // Appended after Latin-1, so that the classes above keep their numbers: weights trained
    // without these signs fine-tune from where they were (hemu-train --init grows the output).
    for (char32_t c : kTypographicSigns) codepoints_.push_back(c);
    for (std::size_t i = 0; i < codepoints_.size(); ++i) classOf_[codepoints_[i]] = int(i) + 1;
}

bool Charset::contains(char32_t c) const { return classOf_.contains(c); }

std::vector<int> Charset::encode(std::string_view utf8) const {
    std::vector<int> classes;
    for (char32_t c : utf8ToU32(utf8))
        if (const auto it = classOf_.find(c); it != classOf_.end()) classes.push_back(it->second);
    return classes;
}

std::string Charset::decodeCtc(const std::vector<int>& classes) const {
    std::u32string text;
    int previous = 0;
    for (int c : classes) {
        if (c != previous && c > 0 && c <= int(codepoints_.size())) text.push_back(codepoints_[c - 1]);
        previous = c;
    }
    // A crop's margins read as spaces now and then ("Fit width "); no text on a screen starts
    // or ends with one (none of the 18,572 held-out and real-application texts does).
    const auto first = text.find_first_not_of(U' ');
    if (first == std::u32string::npos) return {};
    return u32ToUtf8(std::u32string_view(text).substr(first, text.find_last_not_of(U' ') - first + 1));
}

std::u32string utf8ToU32(std::string_view utf8) {
    std::u32string out;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        const int length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xe ? 3
                           : (lead >> 3) == 0x1e ? 4 : 0;
        if (length == 0 || i + length > utf8.size()) {
            out.push_back(0xfffd);
            ++i;
            continue;
        }
        char32_t c = length == 1 ? lead : lead & (0x7f >> length);
        for (int k = 1; k < length; ++k) c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3f);
        out.push_back(c);
        i += length;
    }
    return out;
}

std::string u32ToUtf8(std::u32string_view text) {
    std::string out;
    for (char32_t c : text) {
        if (c < 0x80) {
            out.push_back(char(c));
        } else if (c < 0x800) {
            out.push_back(char(0xc0 | (c >> 6)));
            out.push_back(char(0x80 | (c & 0x3f)));
        } else if (c < 0x10000) {
            out.push_back(char(0xe0 | (c >> 12)));
            out.push_back(char(0x80 | ((c >> 6) & 0x3f)));
            out.push_back(char(0x80 | (c & 0x3f)));
        } else {
            out.push_back(char(0xf0 | (c >> 18)));
            out.push_back(char(0x80 | ((c >> 12) & 0x3f)));
            out.push_back(char(0x80 | ((c >> 6) & 0x3f)));
            out.push_back(char(0x80 | (c & 0x3f)));
        }
    }
    return out;
}

}  // namespace hemu::models
