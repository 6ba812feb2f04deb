// The fields of an object schema: which JSON key goes to which member, and on what terms.
//
//   required("id", &account::id)            key must be present, value must not be null
//   optional("proxy", &linkedin_params::proxy)
//                                           key may be absent (or null); member is std::optional
//                                           or a std::vector, reset/cleared when absent
//   nullable("premiumId", &im::premium_id)  key must be present, value may be null
//   constant("object", "Account")           key may be absent; when present must equal the text;
//                                           always written by the encoder
//   discriminator("type", &account::type, &account::type_name)
//                                           the tag choosing the alternative of the object's one
//                                           tagged() member; may come before or after it
//   tagged("connection_params", &account::connection_params)
//                                           a std::variant described by tagged_union<>
//   hoisted<google_calendar_params>("sync_token", &google_calendar_params::sync_token)
//                                           a key of this object whose value belongs to one
//                                           alternative of its tagged() member (peers disagree
//                                           on where they put it); decoding only
//
// Flags, combined with |: `secret` (the encoder can redact it), `non_empty` (a string that
// must not be empty).
#pragma once

#include <postpress/schema/describe.hpp>

#include <string_view>

namespace postpress::schema {

enum class presence : unsigned char { required, optional, nullable };

enum class field_flags : unsigned char { none = 0, secret = 1, non_empty = 2 };
constexpr field_flags operator|(field_flags a, field_flags b) noexcept {
    return field_flags(static_cast<unsigned char>(a) | static_cast<unsigned char>(b));
}
constexpr bool has(field_flags set, field_flags f) noexcept {
    return (static_cast<unsigned char>(set) & static_cast<unsigned char>(f)) != 0;
}
inline constexpr field_flags secret = field_flags::secret;
inline constexpr field_flags non_empty = field_flags::non_empty;

/// A key mapped to a data member.
template <class Owner, class Member>
struct member_field {
    using owner_type = Owner;
    using member_type = Member;
    std::string_view name;
    Member Owner::*member;
    schema::presence presence;
    field_flags flags;
};

/// A key whose value is fixed (`"object": "Account"`).
struct constant_field {
    std::string_view name;
    std::string_view value;
};

/// The tag of the object's tagged union: decoded into both its enum and its wire text.
template <class Owner, class Enum, class Text>
struct discriminator_field {
    using owner_type = Owner;
    std::string_view name;
    Enum Owner::*enum_member;
    Text Owner::*text_member;
};

/// The tagged union member chosen by the discriminator.
template <class Owner, class Variant>
struct tagged_field {
    using owner_type = Owner;
    using member_type = Variant;
    std::string_view name;
    Variant Owner::*member;
};

/// A key of the owner whose value lands in `Alternative::*member` of the tagged union.
template <class Alternative, class Member>
struct hoisted_field {
    using alternative_type = Alternative;
    using member_type = Member;
    std::string_view name;
    Member Alternative::*member;
};

template <class Owner, class Member>
constexpr auto required(std::string_view name, Member Owner::*m,
                        field_flags flags = field_flags::none) {
    return member_field<Owner, Member>{name, m, presence::required, flags};
}
template <class Owner, class Member>
constexpr auto optional(std::string_view name, Member Owner::*m,
                        field_flags flags = field_flags::none) {
    return member_field<Owner, Member>{name, m, presence::optional, flags};
}
template <class Owner, class Member>
constexpr auto nullable(std::string_view name, Member Owner::*m,
                        field_flags flags = field_flags::none) {
    return member_field<Owner, Member>{name, m, presence::nullable, flags};
}
constexpr auto constant(std::string_view name, std::string_view value) {
    return constant_field{name, value};
}
template <class Owner, class Enum, class Text>
constexpr auto discriminator(std::string_view name, Enum Owner::*e, Text Owner::*text) {
    return discriminator_field<Owner, Enum, Text>{name, e, text};
}
template <class Owner, class Variant>
constexpr auto tagged(std::string_view name, Variant Owner::*m) {
    return tagged_field<Owner, Variant>{name, m};
}
template <class Alternative, class Member>
constexpr auto hoisted(std::string_view name, Member Alternative::*m) {
    return hoisted_field<Alternative, Member>{name, m};
}

} // namespace postpress::schema
