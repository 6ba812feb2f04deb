// A JSON value as the decoder's frames see it: one event per scalar, or the start of a container.
#pragma once

#include <cstdint>
#include <string_view>

namespace postpress::json::detail {

enum class value_kind : unsigned char {
    string,
    int64,
    uint64,
    double_,
    boolean,
    null,
    object, // '{': the members follow as key and value events, then an end event
    array,  // '[': the elements follow as value events, then an end event
};

struct value_event {
    value_kind kind;
    std::string_view text = {}; // string
    union {
        std::int64_t i;
        std::uint64_t u;
        double d;
        bool b;
    };

    bool is_container() const noexcept {
        return kind == value_kind::object || kind == value_kind::array;
    }
};

inline constexpr value_event object_event{value_kind::object, {}, {0}};
inline constexpr value_event array_event{value_kind::array, {}, {0}};

/// "a string", "an integer", ...: for wrong-type messages.
constexpr std::string_view kind_name(value_kind k) noexcept {
    switch (k) {
    case value_kind::string:
        return "a string";
    case value_kind::int64:
    case value_kind::uint64:
        return "an integer";
    case value_kind::double_:
        return "a number";
    case value_kind::boolean:
        return "a boolean";
    case value_kind::null:
        return "null";
    case value_kind::object:
        return "an object";
    case value_kind::array:
        return "an array";
    }
    return "a value";
}

} // namespace postpress::json::detail
