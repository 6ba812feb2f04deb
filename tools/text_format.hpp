// postpress-accounts: text for a terminal. Display widths of UTF-8 text (so that "Chloé" and
// "Müller" line up and a name is never cut inside a multi-byte character), control characters
// neutralised (a name from the server cannot move the cursor or clear the screen), columns padded
// or shortened with an ellipsis.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace postpress_tool::text {

inline constexpr char32_t replacement = U'\uFFFD';

/// Decodes the UTF-8 sequence at `s[i]`; advances `i`. An invalid or truncated sequence gives
/// U+FFFD and consumes one byte.
inline char32_t next_code_point(std::string_view s, std::size_t& i) {
    auto const b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    std::size_t len;
    char32_t cp;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
        cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        cp = b0 & 0x0F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        cp = b0 & 0x07;
    } else {
        ++i;
        return replacement;
    }
    if (i + len > s.size()) {
        ++i;
        return replacement;
    }
    for (std::size_t k = 1; k < len; ++k) {
        auto const b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return replacement;
        }
        cp = cp << 6 | (b & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid.
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return replacement;
    }
    i += len;
    return cp;
}

inline void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | cp >> 6);
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | cp >> 12);
        out += char(0x80 | (cp >> 6 & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | cp >> 18);
        out += char(0x80 | (cp >> 12 & 0x3F));
        out += char(0x80 | (cp >> 6 & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

/// Characters that must not reach a terminal as they are: C0 and C1 controls, DEL, and the
/// bidirectional overrides and isolates (which could make one column look like another).
constexpr bool is_unsafe(char32_t cp) noexcept {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

/// Columns a code point takes in a terminal: 0 for combining marks and zero-width characters,
/// 2 for East Asian wide and full-width characters and most emoji, 1 otherwise.
constexpr int display_width(char32_t cp) noexcept {
    struct range {
        char32_t first, last;
    };
    constexpr range zero[] = {
        {0x0300, 0x036F}, {0x0483, 0x0489},  {0x0591, 0x05BD}, {0x0610, 0x061A}, {0x064B, 0x065F},
        {0x0E31, 0x0E31}, {0x0E34, 0x0E3A},  {0x0E47, 0x0E4E}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
        {0x200B, 0x200F}, {0x2060, 0x2064},  {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
        {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF}};
    constexpr range wide[] = {
        {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
        {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
        {0x2648, 0x2653},   {0x26A1, 0x26A1},   {0x26AA, 0x26AB},   {0x26BD, 0x26BE},
        {0x26C4, 0x26C5},   {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F5},
        {0x26FA, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},   {0x2728, 0x2728},
        {0x274C, 0x274C},   {0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797},
        {0x27B0, 0x27B0},   {0x27BF, 0x27BF},   {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},
        {0x2B55, 0x2B55},   {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},
        {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xA960, 0xA97F},   {0xAC00, 0xD7A3},
        {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},
        {0xFFE0, 0xFFE6},   {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E},
        {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF},
        {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD},
        {0x30000, 0x3FFFD}};
    if (cp < 0x300) return 1;
    for (auto const& r : zero)
        if (cp >= r.first && cp <= r.last) return 0;
    for (auto const& r : wide)
        if (cp >= r.first && cp <= r.last) return 2;
    return 1;
}

/// `s` made safe for a terminal: invalid UTF-8 and unsafe characters become U+FFFD.
inline std::string sanitize(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        std::size_t const start = i;
        char32_t const cp = next_code_point(s, i);
        if (cp == replacement || is_unsafe(cp))
            append_utf8(out, replacement);
        else
            out.append(s.data() + start, i - start);
    }
    return out;
}

/// The columns `s` (sanitized UTF-8) takes.
inline std::size_t width(std::string_view s) {
    std::size_t w = 0;
    for (std::size_t i = 0; i < s.size();)
        w += static_cast<std::size_t>(display_width(next_code_point(s, i)));
    return w;
}

/// Appends `s` (sanitized UTF-8) in exactly `columns` columns: padded with spaces, or cut at a
/// character boundary and ended with "…" when it is wider. Combining marks stay with their base
/// character. With `pad` false, nothing is added after a text that fits.
inline void append_fitted(std::string& out, std::string_view s, std::size_t columns,
                          bool pad = true) {
    std::size_t const w = width(s);
    if (w <= columns) {
        out += s;
        if (pad) out.append(columns - w, ' ');
        return;
    }
    if (columns == 0) return;
    std::size_t used = 0, i = 0;
    std::size_t const room = columns - 1; // one column for the ellipsis
    while (i < s.size()) {
        std::size_t next = i;
        auto const cw = static_cast<std::size_t>(display_width(next_code_point(s, next)));
        if (used + cw > room) break;
        used += cw;
        i = next;
    }
    out.append(s.data(), i);
    out += "\u2026";
    ++used;
    if (pad) out.append(columns - used, ' ');
}

/// `s` as one shell word: 'as is' in single quotes when it is printable ASCII, else in $'...'
/// with escapes, so that it can be pasted back into a shell exactly.
inline std::string shell_quote(std::string_view s) {
    bool printable = true;
    for (char ch : s) {
        auto const c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c >= 0x7F) printable = false;
    }
    std::string out;
    if (printable) {
        out = "'";
        for (char c : s) {
            if (c == '\'')
                out += "'\\''";
            else
                out += c;
        }
        return out + "'";
    }
    static constexpr char hex[] = "0123456789abcdef";
    out = "$'";
    for (char ch : s) {
        auto const c = static_cast<unsigned char>(ch);
        if (c == '\'' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c >= 0x20 && c < 0x7F) {
            out += ch;
        } else {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out + "'";
}

} // namespace postpress_tool::text
