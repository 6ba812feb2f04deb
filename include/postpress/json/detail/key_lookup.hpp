// Looking a key up in a schema's compile-time key table, at run time: the table's own hash
// (schema::detail::key_hash) computed from a few word loads rather than a byte loop, and the key
// compared with the name through the same words rather than a call to memcmp. Keys are looked up
// once per JSON member, so this is one of the decoder's hottest paths.
#pragma once

#include <postpress/schema/key_table.hpp>

#include <boost/config.hpp>

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace postpress::json::detail {

// The first and last (up to) eight bytes of a key, little-endian, as key_hash reads them; for a
// key shorter than eight bytes both are the whole key.
struct key_words {
    std::uint64_t head = 0, tail = 0;
};

constexpr key_words key_words_of(std::string_view k) noexcept {
    key_words w;
    std::size_t const n = k.size() < 8 ? k.size() : 8;
    for (std::size_t i = 0; i < n; ++i) {
        w.head |= std::uint64_t(static_cast<unsigned char>(k[i])) << (8 * i);
        w.tail |= std::uint64_t(static_cast<unsigned char>(k[k.size() - n + i])) << (8 * i);
    }
    return w;
}

/// key_words_of(k) in two loads (little-endian targets only).
BOOST_FORCEINLINE key_words load_key_words(char const* p, std::size_t n) noexcept {
    key_words w;
    if (n >= 8) {
        std::memcpy(&w.head, p, 8);
        std::memcpy(&w.tail, p + n - 8, 8);
    } else if (n >= 4) {
        std::uint32_t first, last; // overlapping when n < 8: the same bytes, or-ed twice
        std::memcpy(&first, p, 4);
        std::memcpy(&last, p + n - 4, 4);
        w.head = w.tail = first | (std::uint64_t(last) << (8 * (n - 4)));
    } else if (n > 0) {
        auto const byte = [p](std::size_t i) {
            return std::uint64_t(static_cast<unsigned char>(p[i]));
        };
        w.head = w.tail = byte(0) | byte(n / 2) << (8 * (n / 2)) | byte(n - 1) << (8 * (n - 1));
    }
    return w;
}

/// schema::detail::key_hash, from the key's words (checked against it for every table below).
constexpr std::uint64_t key_hash_of_words(key_words w, std::size_t size,
                                          std::uint64_t seed) noexcept {
    std::uint64_t h = (w.head ^ seed) * 0x9E3779B97F4A7C15ull;
    h ^= (w.tail + size) * 0xC2B2AE3D27D4EB4Full;
    return h ^ (h >> 29);
}

template <auto const& Table>
struct fast_key_table {
    static constexpr std::size_t size = Table.names.size();
    static constexpr std::size_t buckets = Table.slots.size();

    static constexpr auto words = [] {
        std::array<key_words, size> w{};
        for (std::size_t i = 0; i < size; ++i)
            w[i] = key_words_of(Table.names[i]);
        return w;
    }();

    static constexpr bool same_hash = [] {
        for (auto name : Table.names)
            if (key_hash_of_words(key_words_of(name), name.size(), Table.seed) !=
                schema::detail::key_hash(name, Table.seed))
                return false;
        return true;
    }();
    static_assert(same_hash, "postpress: key_hash_of_words must compute schema::detail::key_hash");

    /// Table.find(key).
    static std::size_t find(std::string_view key) noexcept {
        std::size_t const n = key.size();
        auto const w = load_key_words(key.data(), n);
        auto const slot = Table.slots[key_hash_of_words(w, n, Table.seed) & (buckets - 1)];
        if (slot == 0) return Table.npos;
        std::size_t const i = slot - 1u;
        if (((words[i].head ^ w.head) | (words[i].tail ^ w.tail)) != 0 ||
            Table.names[i].size() != n)
            return Table.npos;
        for (std::size_t pos = 8; pos + 8 < n; pos += 8) { // the middle of keys over 16 bytes
            std::uint64_t a, b;
            std::memcpy(&a, key.data() + pos, 8);
            std::memcpy(&b, Table.names[i].data() + pos, 8);
            if (a != b) return Table.npos;
        }
        return i;
    }
};

/// The index of the name equal to `key` in a schema::key_table, or its npos.
template <auto const& Table>
std::size_t find_key(std::string_view key) noexcept {
    if constexpr (std::endian::native == std::endian::little)
        return fast_key_table<Table>::find(key);
    else
        return Table.find(key);
}

} // namespace postpress::json::detail
