// schema::object<T>(fields...): the description of a JSON object mapped onto a struct.
#pragma once

#include <postpress/schema/describe.hpp>
#include <postpress/schema/field.hpp>
#include <postpress/schema/key_table.hpp>

#include <array>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>

namespace postpress::schema {

template <class T, class... Fields>
struct object_schema {
    static constexpr schema::shape shape = schema::shape::object;
    using value_type = T;
    static constexpr std::size_t size = sizeof...(Fields);
    std::tuple<Fields...> fields;
};

namespace detail {
template <class F>
inline constexpr bool is_discriminator = false;
template <class O, class E, class T>
inline constexpr bool is_discriminator<discriminator_field<O, E, T>> = true;
template <class F>
inline constexpr bool is_tagged = false;
template <class O, class V>
inline constexpr bool is_tagged<tagged_field<O, V>> = true;
template <class F>
inline constexpr bool is_hoisted = false;
template <class A, class M>
inline constexpr bool is_hoisted<hoisted_field<A, M>> = true;
} // namespace detail

template <class T, class... Fields>
constexpr auto object(Fields... fields) {
    static_assert(sizeof...(Fields) > 0, "postpress: an object schema needs fields");
    static_assert(sizeof...(Fields) <= 64, "postpress: at most 64 fields per object");
    constexpr int discriminators = (int(detail::is_discriminator<Fields>) + ... + 0);
    constexpr int unions = (int(detail::is_tagged<Fields>) + ... + 0);
    constexpr int hoisted = (int(detail::is_hoisted<Fields>) + ... + 0);
    static_assert(discriminators == unions && unions <= 1,
                  "postpress: an object has one discriminator() with its one tagged() member, "
                  "or neither");
    static_assert(hoisted == 0 || unions == 1, "postpress: hoisted() needs a tagged() member");
    return object_schema<T, Fields...>{{fields...}};
}

/// The JSON names of an object's fields, in declaration order.
template <described_object T>
inline constexpr auto field_names = std::apply(
    [](auto const&... f) { return std::array<std::string_view, sizeof...(f)>{f.name...}; },
    descriptor_of<T>.fields);

/// The compile-time perfect hash from key to field index.
template <described_object T>
inline constexpr auto key_table_of = make_key_table<field_names<T>>();

/// The I-th field descriptor of T.
template <described_object T, std::size_t I>
constexpr auto const& field_at() noexcept {
    return std::get<I>(descriptor_of<T>.fields);
}

} // namespace postpress::schema
