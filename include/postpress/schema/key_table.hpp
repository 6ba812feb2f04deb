// A perfect hash from JSON key to field index, computed at compile time for each object schema.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace postpress::schema {

namespace detail {

// The first and last (up to) eight bytes and the length: keys of up to 16 bytes hash on all of
// their content, longer ones on both ends, which is where JSON names differ in practice.
constexpr std::uint64_t key_hash(std::string_view k, std::uint64_t seed) noexcept {
    std::uint64_t head = 0, tail = 0;
    std::size_t const n = k.size() < 8 ? k.size() : 8;
    for (std::size_t i = 0; i < n; ++i) {
        head |= std::uint64_t(static_cast<unsigned char>(k[i])) << (8 * i);
        tail |= std::uint64_t(static_cast<unsigned char>(k[k.size() - n + i])) << (8 * i);
    }
    std::uint64_t h = (head ^ seed) * 0x9E3779B97F4A7C15ull;
    h ^= (tail + k.size()) * 0xC2B2AE3D27D4EB4Full;
    return h ^ (h >> 29);
}

template <std::size_t N>
constexpr bool try_seed(std::array<std::string_view, N> const& names, std::uint64_t seed,
                        std::size_t buckets) {
    std::array<bool, 256> used{};
    for (auto name : names) {
        auto b = key_hash(name, seed) & (buckets - 1);
        if (used[b]) return false;
        used[b] = true;
    }
    return true;
}

struct hash_params {
    std::size_t buckets = 0;
    std::uint64_t seed = 0;
};

template <std::size_t N>
constexpr hash_params find_hash_params(std::array<std::string_view, N> const& names) {
    std::size_t buckets = 4;
    while (buckets < 2 * N)
        buckets *= 2;
    for (; buckets <= 256; buckets *= 2)
        for (std::uint64_t seed = 0; seed < 512; ++seed)
            if (try_seed(names, seed, buckets)) return {buckets, seed};
    return {}; // two names that differ only in their middle: caught by the static_assert below
}

} // namespace detail

/// Maps a key to the index of the name it equals, or `npos`: one hash, one comparison.
template <std::size_t N, std::size_t Buckets>
struct key_table {
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    std::array<std::string_view, N> names{};
    std::uint64_t seed = 0;
    std::array<std::uint8_t, Buckets> slots{}; // field index + 1; 0 for an empty bucket

    constexpr std::size_t find(std::string_view key) const noexcept {
        auto const slot = slots[detail::key_hash(key, seed) & (Buckets - 1)];
        return slot != 0 && names[slot - 1] == key ? std::size_t(slot - 1) : npos;
    }
};

/// Builds the table for `names` (a constant expression of distinct names).
template <auto const& Names>
constexpr auto make_key_table() {
    constexpr auto params = detail::find_hash_params(Names);
    static_assert(params.buckets != 0, "postpress: no perfect hash for these JSON names; they "
                                       "are duplicated or differ only in their middle bytes");
    constexpr std::size_t n = Names.size();
    static_assert(n < 255, "postpress: too many fields in one object");
    key_table<n, params.buckets> table;
    table.names = Names;
    table.seed = params.seed;
    for (std::size_t i = 0; i < n; ++i)
        table.slots[detail::key_hash(Names[i], params.seed) & (params.buckets - 1)] =
            static_cast<std::uint8_t>(i + 1);
    return table;
}

} // namespace postpress::schema
