// schema::enumeration<E>(...): an enum spelled as strings on the wire, with a fallback value for
// spellings this version does not know.
//
//   constexpr auto describe(schema::type_tag<color>) {
//       return schema::enumeration<color>({{"RED", color::red}, {"BLUE", color::blue}},
//                                         color::unknown);
//   }
#pragma once

#include <postpress/schema/describe.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace postpress::schema {

template <class E>
struct enum_entry {
    std::string_view wire;
    E value;
};

template <class E, std::size_t N>
struct enum_schema {
    static constexpr schema::shape shape = schema::shape::enumeration;
    using value_type = E;
    std::array<enum_entry<E>, N> entries;
    std::optional<E> fallback;      // unknown spellings decode to this; none: they are an error
    std::string_view fallback_wire; // how the encoder writes the fallback value

    constexpr std::optional<E> from_wire(std::string_view s) const noexcept {
        for (auto const& e : entries)
            if (e.wire == s) return e.value;
        return fallback;
    }
    constexpr std::string_view to_wire(E v) const noexcept {
        for (auto const& e : entries)
            if (e.value == v) return e.wire;
        return fallback_wire;
    }
};

template <class E, std::size_t N>
constexpr auto enumeration(enum_entry<E> const (&entries)[N], std::optional<E> fallback = {},
                           std::string_view fallback_wire = "unknown") {
    enum_schema<E, N> s{{}, fallback, fallback_wire};
    for (std::size_t i = 0; i < N; ++i)
        s.entries[i] = entries[i];
    return s;
}

/// The wire spelling of a described enum value (the fallback's spelling, "unknown" by default,
/// for the fallback value).
template <described_enum E>
constexpr std::string_view wire_name(E value) noexcept {
    return descriptor_of<E>.to_wire(value);
}

/// The value for a wire spelling: the fallback when unknown, nullopt when there is none.
template <described_enum E>
constexpr std::optional<E> from_wire_name(std::string_view s) noexcept {
    return descriptor_of<E>.from_wire(s);
}

} // namespace postpress::schema
