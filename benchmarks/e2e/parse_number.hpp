// Command-line numbers for the e2e programs: a whole decimal number, nothing else.
#pragma once

#include <cerrno>
#include <cstdlib>
#include <optional>

namespace bench {

inline std::optional<unsigned long long> parse_number(char const* text) {
    char* end = nullptr;
    errno = 0;
    unsigned long long const v = std::strtoull(text, &end, 10);
    if (errno || !end || *end || !*text || text[0] == '-') return std::nullopt;
    return v;
}

} // namespace bench
