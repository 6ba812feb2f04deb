// The customisation point through which a type tells postpress its JSON shape.
//
// A type is described by a `describe` function found by argument-dependent lookup, declared
// in the type's namespace (or as a hidden friend), returning one of:
//   schema::object<T>(fields...)          a JSON object  (see field.hpp)
//   schema::enumeration<E>(...)           a string enum  (see enumeration.hpp)
//   schema::tagged_union<V>(...)          a std::variant chosen by a sibling key (tagged_union.hpp)
//
//   struct point { int x; std::optional<int> z; };
//   constexpr auto describe(postpress::schema::type_tag<point>) {
//       using namespace postpress::schema;
//       return object<point>(required("x", &point::x), optional("z", &point::z));
//   }
//
// The description is a constant expression; the decoder and encoder are generated from it.
#pragma once

#include <type_traits>

namespace postpress::schema {

/// An empty tag naming a type; the argument of `describe`.
template <class T>
struct type_tag {
    using type = T;
};

template <class T>
concept described = requires {
    describe(type_tag<T>{});
};

/// The description of `T`, a constant expression.
template <described T>
inline constexpr auto descriptor_of = describe(type_tag<T>{});

/// What kind of description `T` has.
enum class shape { none, object, enumeration, tagged_union };

template <class T>
constexpr shape shape_of() {
    if constexpr (described<T>)
        return std::remove_cvref_t<decltype(descriptor_of<T>)>::shape;
    else
        return shape::none;
}

template <class T>
concept described_object = shape_of<T>()
== shape::object;
template <class T>
concept described_enum = shape_of<T>()
== shape::enumeration;
template <class T>
concept described_union = shape_of<T>()
== shape::tagged_union;

} // namespace postpress::schema
