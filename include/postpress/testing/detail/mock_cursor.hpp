// The mock server's cursors: standard base64 (with `+`, `/` and `=`) of a small binary payload
// naming the offset of the next page and the workspace it belongs to. Real cursors always hold
// all three special characters, so a client that forgets to percent-encode them gets caught.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace postpress::testing::detail {

inline constexpr char mock_base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

inline std::string mock_base64_encode(std::string_view in) {
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    std::size_t i = 0;
    auto byte = [&](std::size_t k) { return static_cast<std::uint32_t>(std::uint8_t(in[k])); };
    for (; i + 3 <= in.size(); i += 3) {
        std::uint32_t const v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
        out += mock_base64_alphabet[v >> 18 & 63];
        out += mock_base64_alphabet[v >> 12 & 63];
        out += mock_base64_alphabet[v >> 6 & 63];
        out += mock_base64_alphabet[v & 63];
    }
    if (std::size_t const rest = in.size() - i; rest > 0) {
        std::uint32_t const v = byte(i) << 16 | (rest == 2 ? byte(i + 1) << 8 : 0);
        out += mock_base64_alphabet[v >> 18 & 63];
        out += mock_base64_alphabet[v >> 12 & 63];
        out += rest == 2 ? mock_base64_alphabet[v >> 6 & 63] : '=';
        out += '=';
    }
    return out;
}

/// Decodes padded base64; nullopt on any character outside the alphabet or a bad length.
inline std::optional<std::string> mock_base64_decode(std::string_view in) {
    if (in.empty() || in.size() % 4 != 0) return std::nullopt;
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    std::size_t pad = 0;
    if (in.back() == '=') ++pad;
    if (in.size() >= 2 && in[in.size() - 2] == '=') ++pad;
    std::string out;
    out.reserve(in.size() / 4 * 3);
    for (std::size_t i = 0; i < in.size(); i += 4) {
        bool const last = i + 4 == in.size();
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            char const c = in[i + k];
            int d = 0;
            if (c == '=') {
                if (!last || k < 4 - pad) return std::nullopt;
            } else {
                d = value(c);
                if (d < 0) return std::nullopt;
            }
            v = v << 6 | static_cast<std::uint32_t>(d);
        }
        out += static_cast<char>(v >> 16 & 0xFF);
        if (!last || pad < 2) out += static_cast<char>(v >> 8 & 0xFF);
        if (!last || pad < 1) out += static_cast<char>(v & 0xFF);
    }
    return out;
}

/// The cursor of the page starting at `offset` in workspace `seed`. The payload is
/// 0xFB 0xFF (which encodes as "+/"), "o<offset>.s<seed>", then '~' until its length is 1 modulo
/// 3 (so the text ends with "==").
inline std::string make_mock_cursor(std::size_t offset, std::uint64_t seed) {
    std::string payload = "\xFB\xFFo";
    payload += std::to_string(offset);
    payload += ".s";
    payload += std::to_string(seed);
    while (payload.size() % 3 != 1)
        payload += '~';
    return mock_base64_encode(payload);
}

/// The offset named by a cursor of workspace `seed`; nullopt for anything this server did not
/// (or could not) issue, including another workspace's cursors and non-canonical spellings.
inline std::optional<std::size_t> parse_mock_cursor(std::string_view cursor, std::uint64_t seed) {
    if (cursor.size() > 256) return std::nullopt;
    auto const payload = mock_base64_decode(cursor);
    if (!payload || payload->size() < 7 || payload->compare(0, 3, "\xFB\xFFo") != 0)
        return std::nullopt;
    std::size_t offset = 0, i = 3, digits = 0;
    for (; i < payload->size() && (*payload)[i] >= '0' && (*payload)[i] <= '9'; ++i, ++digits) {
        if (digits >= 18) return std::nullopt;
        offset = offset * 10 + static_cast<std::size_t>((*payload)[i] - '0');
    }
    if (digits == 0) return std::nullopt;
    // The rest must be exactly what this server writes for that offset and seed.
    if (make_mock_cursor(offset, seed) != cursor) return std::nullopt;
    return offset;
}

} // namespace postpress::testing::detail
