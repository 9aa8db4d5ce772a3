#pragma once
// Letter case the recognizer gets wrong on its own: in a word set in capitals, letters whose
// small and capital forms differ only in size (c, o, s, v, w, x, z, and ç, ö, ø...) are often
// read small ("ADDREsS", "coUNTRY", "vERsIoN"). Their size is all that tells them apart, and the
// word's other capitals say which it is.

#include <string>
#include <string_view>

namespace hemu::perception {

/// `text` (UTF-8) with the small-looking letters of all-capital words made capitals. A word is
/// all-capital when it has two or more letters whose case shows in their shape and all of them
/// are capitals. A final "s" stays small (a plural: "IDs", "PDFs"); other words are unchanged.
std::string capitalizeCapitalWords(std::string_view text);

}  // namespace hemu::perception
