// The API's timestamps: UTC instants with millisecond precision, and their ISO 8601 text.
#pragma once

#include <bit>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace postpress {

using timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

namespace detail {
constexpr int digits(std::string_view s, std::size_t pos, std::size_t n) noexcept {
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/// Eight characters as a little-endian word (character i in bits 8i..8i+7).
constexpr std::uint64_t load_word(std::string_view s, std::size_t pos) noexcept {
    std::uint64_t w = 0;
    if (!std::is_constant_evaluated() && std::endian::native == std::endian::little) {
        std::memcpy(&w, s.data() + pos, 8); // one load: g++ 12 does not merge the loop's
        return w;
    }
    for (std::size_t i = 0; i < 8; ++i)
        w |= std::uint64_t(static_cast<unsigned char>(s[pos + i])) << (8 * i);
    return w;
}

/// Checks eight characters against a pattern: where `digits` has 0xFF, a digit, whose value
/// is left in that byte of `w`; elsewhere the pattern's character, after or-ing `case_bits`
/// (so that 'T' and 't' both give 't').
constexpr bool match_word(std::uint64_t& w, std::uint64_t pattern, std::uint64_t digits,
                          std::uint64_t case_bits) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ull, top_bits = ones * 0x80;
    if (((w | case_bits) & ~digits) != pattern) return false;
    std::uint64_t const x = (w ^ (ones * '0')) & digits; // '0'..'9' become 0..9, nothing else does
    // A byte of x above 9 sets its top bit in x + 0x76 (a carry out of it only comes from a byte
    // whose own top bit is set, already failing).
    if ((((x + ones * 0x76) | x) & digits & top_bits) != 0) return false;
    w = x;
    return true;
}

/// The form the API writes, `YYYY-MM-DDTHH:MM:SS.sssZ` (24 characters), checked and converted
/// a word at a time: every account carries one or two, a visible part of a decode's time.
constexpr std::optional<timestamp> parse_canonical_timestamp(std::string_view s) noexcept {
    using namespace std::chrono;
    // "YYYY-MM-" "DDTHH:MM" ":SS.sssZ"
    std::uint64_t w0 = load_word(s, 0), w1 = load_word(s, 8), w2 = load_word(s, 16);
    constexpr std::uint64_t pattern0 = 0x2D00002D00000000ull; // '-' at 4 and 7
    constexpr std::uint64_t digits0 = 0x00FFFF00FFFFFFFFull;  // 0-3, 5-6
    constexpr std::uint64_t pattern1 = 0x00003A0000740000ull; // 't' at 10, ':' at 13
    constexpr std::uint64_t digits1 = 0xFFFF00FFFF00FFFFull;  // 8-9, 11-12, 14-15
    constexpr std::uint64_t case1 = 0x0000000000200000ull;
    constexpr std::uint64_t pattern2 = 0x7A0000002E00003Aull; // ':' at 16, '.' at 19, 'z' at 23
    constexpr std::uint64_t digits2 = 0x00FFFFFF00FFFF00ull;  // 17-18, 20-22
    constexpr std::uint64_t case2 = 0x2000000000000000ull;
    if (!match_word(w0, pattern0, digits0, 0) || !match_word(w1, pattern1, digits1, case1) ||
        !match_word(w2, pattern2, digits2, case2))
        return std::nullopt;
    auto const at = [](std::uint64_t w, unsigned i) { return unsigned(w >> (8 * i)) & 0xFF; };
    unsigned const y = at(w0, 0) * 1000 + at(w0, 1) * 100 + at(w0, 2) * 10 + at(w0, 3);
    unsigned const mo = at(w0, 5) * 10 + at(w0, 6), d = at(w1, 0) * 10 + at(w1, 1);
    unsigned const h = at(w1, 3) * 10 + at(w1, 4), mi = at(w1, 6) * 10 + at(w1, 7);
    unsigned const sec = at(w2, 1) * 10 + at(w2, 2);
    unsigned const ms = at(w2, 4) * 100 + at(w2, 5) * 10 + at(w2, 6);
    year_month_day const ymd{year{int(y)}, month{mo}, day{d}};
    if (!ymd.ok() || h > 23 || mi > 59 || sec > 59) return std::nullopt;
    // Years 0000..9999 in UTC: always in the range the general form checks.
    return sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec} + milliseconds{ms};
}
} // namespace detail

/// Parses `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|+HH:MM|-HH:MM)`; fractions beyond milliseconds are
/// truncated, offsets normalised to UTC. Invalid dates and times (Feb 30, 24:00) give nullopt.
constexpr std::optional<timestamp> parse_timestamp(std::string_view s) noexcept {
    using namespace std::chrono;
    if (s.size() == 24 && s[19] == '.' && (s[23] == 'Z' || s[23] == 'z'))
        return detail::parse_canonical_timestamp(s);
    if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') ||
        s[13] != ':' || s[16] != ':')
        return std::nullopt;
    int const y = detail::digits(s, 0, 4), mo = detail::digits(s, 5, 2),
              d = detail::digits(s, 8, 2), h = detail::digits(s, 11, 2),
              mi = detail::digits(s, 14, 2), sec = detail::digits(s, 17, 2);
    if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return std::nullopt;
    year_month_day const ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || sec > 59) return std::nullopt;

    std::size_t pos = 19;
    int millis = 0;
    if (s[pos] == '.') {
        std::size_t const start = ++pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9')
            ++pos;
        std::size_t const n = pos - start;
        if (n < 1 || n > 9) return std::nullopt;
        for (std::size_t i = 0; i < 3; ++i)
            millis = millis * 10 + (i < n ? s[start + i] - '0' : 0);
    }
    int offset_minutes = 0;
    if (pos == s.size()) return std::nullopt;
    if (s[pos] == 'Z' || s[pos] == 'z') {
        ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
        if (s.size() - pos != 6 || s[pos + 3] != ':') return std::nullopt;
        int const oh = detail::digits(s, pos + 1, 2), om = detail::digits(s, pos + 4, 2);
        if (oh < 0 || om < 0 || oh > 23 || om > 59) return std::nullopt;
        offset_minutes = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;
    timestamp const t = sys_days{ymd} + hours{h} + minutes{mi - offset_minutes} + seconds{sec} +
                        milliseconds{millis};
    // Normalised to UTC, the instant must still be writable as YYYY-MM-DDTHH:MM:SS.sssZ:
    // "0000-01-01T00:00:00+00:01" is in year -1, "9999-12-31T23:59:59-00:01" in year 10000.
    if (t < sys_days{year{0} / January / 1} || t >= sys_days{year{10000} / January / 1})
        return std::nullopt;
    return t;
}

/// Appends `YYYY-MM-DDTHH:MM:SS.sssZ` (years 0000..9999).
inline void append_timestamp(std::string& out, timestamp t) {
    using namespace std::chrono;
    auto const day_start = floor<days>(t);
    year_month_day const ymd{day_start};
    auto ms = (t - day_start).count();
    char buf[25] = "0000-00-00T00:00:00.000Z";
    auto put = [&](std::size_t pos, std::size_t n, long long v) {
        for (std::size_t i = n; i-- > 0; v /= 10)
            buf[pos + i] = char('0' + v % 10);
    };
    put(0, 4, int(ymd.year()));
    put(5, 2, unsigned(ymd.month()));
    put(8, 2, unsigned(ymd.day()));
    put(11, 2, ms / 3'600'000);
    put(14, 2, ms / 60'000 % 60);
    put(17, 2, ms / 1000 % 60);
    put(20, 3, ms % 1000);
    out.append(buf, 24);
}

inline std::string format_timestamp(timestamp t) {
    std::string s;
    append_timestamp(s, t);
    return s;
}

} // namespace postpress
