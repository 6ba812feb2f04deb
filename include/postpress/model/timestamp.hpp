// The API's timestamps: UTC instants with millisecond precision, and their ISO 8601 text.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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
} // namespace detail

/// Parses `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|+HH:MM|-HH:MM)`; fractions beyond milliseconds are
/// truncated, offsets normalised to UTC. Invalid dates and times (Feb 30, 24:00) give nullopt.
constexpr std::optional<timestamp> parse_timestamp(std::string_view s) noexcept {
    using namespace std::chrono;
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
