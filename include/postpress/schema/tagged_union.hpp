// schema::tagged_union<V>(...): a std::variant whose alternative is chosen by the value of a
// discriminator key of the enclosing object, with a fallback alternative that keeps the JSON of
// an unknown tag raw.
//
//   using shape_body = std::variant<circle, square, raw_shape>;
//   constexpr auto describe(schema::type_tag<shape_body>) {
//       return schema::tagged_union<shape_body>(
//           schema::alternative<circle>("CIRCLE"), schema::alternative<square>("SQUARE"),
//           schema::fallback(&raw_shape::json));        // raw_shape{ boost::json::value json; }
//   }
#pragma once

#include <postpress/schema/describe.hpp>

#include <array>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

namespace postpress::schema {

template <class Alternative>
struct alternative_tag {
    using type = Alternative;
    std::string_view tag;
};

template <class Alternative>
constexpr alternative_tag<Alternative> alternative(std::string_view tag) {
    return {tag};
}

/// The alternative for tags not listed; `Raw` holds the value as a boost::json::value.
template <class Fallback, class Raw>
struct fallback_alternative {
    using type = Fallback;
    Raw Fallback::*raw;
};

template <class Fallback, class Raw>
constexpr fallback_alternative<Fallback, Raw> fallback(Raw Fallback::*raw) {
    return {raw};
}

template <class Variant, class Fallback, std::size_t N>
struct union_schema {
    static constexpr schema::shape shape = schema::shape::tagged_union;
    using value_type = Variant;
    std::array<std::string_view, N> tags; // tags[i] selects alternative i
    Fallback fallback;                    // the last alternative
    static constexpr std::size_t fallback_index = N;

    /// The index of the alternative for a tag (the fallback's when unknown).
    constexpr std::size_t index_of(std::string_view tag) const noexcept {
        for (std::size_t i = 0; i < N; ++i)
            if (tags[i] == tag) return i;
        return N;
    }
};

namespace detail {
template <class Variant, class Args, std::size_t... I>
constexpr auto make_union_schema(Args const& args, std::index_sequence<I...>) {
    constexpr std::size_t n = sizeof...(I);
    using fallback_t = std::remove_cvref_t<decltype(std::get<n>(args))>;
    static_assert(
        std::is_same_v<
            Variant,
            std::variant<typename std::remove_cvref_t<decltype(std::get<I>(args))>::type...,
                         typename fallback_t::type>>,
        "postpress: list the variant's alternatives in order, then its fallback");
    return union_schema<Variant, fallback_t, n>{{std::get<I>(args).tag...}, std::get<n>(args)};
}
} // namespace detail

/// alternative<A>("TAG")... for every alternative but the last, then fallback(&Last::raw).
template <class Variant, class... Args>
constexpr auto tagged_union(Args... args) {
    static_assert(sizeof...(Args) >= 1, "postpress: a tagged union needs a fallback");
    return detail::make_union_schema<Variant>(std::tuple<Args...>{args...},
                                              std::make_index_sequence<sizeof...(Args) - 1>{});
}

} // namespace postpress::schema
