// The decoders generated from the schema: how each C++ type takes a JSON value, and the frame
// tables of the containers (described objects, vectors, raw JSON).
#pragma once

#include <postpress/json/detail/decode_core.hpp>
#include <postpress/json/detail/key_lookup.hpp>
#include <postpress/model/timestamp.hpp>
#include <postpress/schema/describe.hpp>
#include <postpress/schema/enumeration.hpp>
#include <postpress/schema/field.hpp>
#include <postpress/schema/object.hpp>
#include <postpress/schema/tagged_union.hpp>

#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace postpress::json::detail {

template <class T, class = void>
struct value_decoder; // decode(decode_core&, T&, value_event const&) -> bool

template <class T>
bool decode_value(decode_core& c, T& target, value_event const& ev) {
    return value_decoder<T>::decode(c, target, ev);
}

// ---- scalars ----------------------------------------------------------------------------------

/// Sets `s` to `text`, keeping the capacity of a reused string. clear + append is assign without
/// its handling of a source inside `s` (which never happens here): a shorter path in libstdc++.
inline void assign_text(std::string& s, std::string_view text) {
    s.clear();
    s.append(text.data(), text.size());
}

template <>
struct value_decoder<std::string> {
    static bool decode(decode_core& c, std::string& s, value_event const& ev) {
        if (ev.kind != value_kind::string) return c.fail_wrong_type("a string", ev.kind);
        assign_text(s, ev.text);
        return true;
    }
};

template <>
struct value_decoder<bool> {
    static bool decode(decode_core& c, bool& b, value_event const& ev) {
        if (ev.kind != value_kind::boolean) return c.fail_wrong_type("a boolean", ev.kind);
        b = ev.b;
        return true;
    }
};

template <class I>
struct value_decoder<I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>>> {
    static bool out_of_range(decode_core& c) {
        std::string detail = "integer out of range ";
        detail += std::to_string(std::numeric_limits<I>::min());
        detail += "..";
        detail += std::to_string(std::numeric_limits<I>::max());
        return c.fail(errc::invalid_value, detail);
    }
    static bool decode(decode_core& c, I& out, value_event const& ev) {
        switch (ev.kind) {
        case value_kind::int64:
            if (!std::in_range<I>(ev.i)) return out_of_range(c);
            out = static_cast<I>(ev.i);
            return true;
        case value_kind::uint64:
            if (!std::in_range<I>(ev.u)) return out_of_range(c);
            out = static_cast<I>(ev.u);
            return true;
        case value_kind::double_: // 993.0 or 9.93e2 is an integer written another way
            if (ev.d != std::trunc(ev.d)) return c.fail_wrong_type("an integer", ev.kind);
            if (!(ev.d >= double(std::numeric_limits<I>::min()) &&
                  ev.d <= double(std::numeric_limits<I>::max())))
                return out_of_range(c);
            out = static_cast<I>(ev.d);
            return true;
        default:
            return c.fail_wrong_type("an integer", ev.kind);
        }
    }
};

template <class F>
struct value_decoder<F, std::enable_if_t<std::is_floating_point_v<F>>> {
    static bool decode(decode_core& c, F& out, value_event const& ev) {
        switch (ev.kind) {
        case value_kind::int64:
            out = F(ev.i);
            return true;
        case value_kind::uint64:
            out = F(ev.u);
            return true;
        case value_kind::double_:
            out = F(ev.d);
            return true;
        default:
            return c.fail_wrong_type("a number", ev.kind);
        }
    }
};

template <class Duration>
struct value_decoder<std::chrono::sys_time<Duration>> {
    static bool decode(decode_core& c, std::chrono::sys_time<Duration>& out,
                       value_event const& ev) {
        if (ev.kind != value_kind::string) return c.fail_wrong_type("a timestamp string", ev.kind);
        auto const t = parse_timestamp(ev.text);
        if (!t)
            return c.fail(errc::invalid_value,
                          "not a valid ISO 8601 timestamp (YYYY-MM-DDTHH:MM:SS.sssZ)");
        out = std::chrono::time_point_cast<Duration>(*t);
        return true;
    }
};

// ---- wire spellings (enum values, tagged-union tags) through compile-time key tables ------------

inline constexpr std::size_t no_name = static_cast<std::size_t>(-1);

// Whether the names have a perfect hash (they do unless duplicated or alike but for their middle
// bytes, or too many); otherwise they are searched in order, as the schema does.
template <auto const& Names>
constexpr bool has_key_table() {
    return Names.size() < 255 && schema::detail::find_hash_params(Names).buckets != 0;
}

template <auto const& Names>
inline constexpr auto name_table = schema::make_key_table<Names>();

/// The index of the first of `Names` equal to `s`, or `no_name`.
template <auto const& Names>
std::size_t find_name(std::string_view s) noexcept {
    if constexpr (has_key_table<Names>()) {
        auto const i = find_key<name_table<Names>>(s);
        return i == name_table<Names>.npos ? no_name : i;
    } else {
        for (std::size_t i = 0; i < Names.size(); ++i)
            if (Names[i] == s) return i;
        return no_name;
    }
}

template <schema::described_enum E>
inline constexpr auto enum_wire_names = [] {
    constexpr auto const& entries = schema::descriptor_of<E>.entries;
    std::array<std::string_view, entries.size()> names{};
    for (std::size_t i = 0; i < entries.size(); ++i)
        names[i] = entries[i].wire;
    return names;
}();

/// schema::from_wire_name<E>(s), by hash rather than by search.
template <schema::described_enum E>
std::optional<E> enum_from_wire(std::string_view s) noexcept {
    constexpr auto const& desc = schema::descriptor_of<E>;
    auto const i = find_name<enum_wire_names<E>>(s);
    if (i != no_name) return desc.entries[i].value;
    return desc.fallback;
}

template <schema::described_union V>
inline constexpr auto union_tags = schema::descriptor_of<V>.tags;

/// descriptor_of<V>.index_of(tag), by hash rather than by search.
template <schema::described_union V>
std::size_t union_index_of(std::string_view tag) noexcept {
    auto const i = find_name<union_tags<V>>(tag);
    return i != no_name ? i : schema::descriptor_of<V>.fallback_index;
}

template <schema::described_enum E>
struct value_decoder<E> {
    static bool decode(decode_core& c, E& out, value_event const& ev) {
        if (ev.kind != value_kind::string) return c.fail_wrong_type("a string", ev.kind);
        auto const v = enum_from_wire<E>(ev.text);
        if (!v) return c.fail(errc::invalid_value, "not one of the values of this enum");
        out = *v;
        return true;
    }
};

template <class T>
struct value_decoder<std::optional<T>> {
    static bool decode(decode_core& c, std::optional<T>& out, value_event const& ev) {
        if (ev.kind == value_kind::null) {
            out.reset();
            return true;
        }
        if (!out) out.emplace();
        return decode_value(c, *out, ev);
    }
};

// ---- raw JSON (the body of an unknown tagged-union alternative) -------------------------------

struct raw_frame {
    static bool on_key(decode_core& c, frame&, std::string_view k) {
        c.raw_builder().push_key(k);
        return true;
    }
    static bool on_value(decode_core& c, frame& f, value_event const& ev) {
        auto& vs = c.raw_builder();
        switch (ev.kind) {
        case value_kind::string:
            vs.push_string(ev.text);
            break;
        case value_kind::int64:
            vs.push_int64(ev.i);
            break;
        case value_kind::uint64:
            vs.push_uint64(ev.u);
            break;
        case value_kind::double_:
            vs.push_double(ev.d);
            break;
        case value_kind::boolean:
            vs.push_bool(ev.b);
            break;
        case value_kind::null:
            vs.push_null();
            break;
        case value_kind::object:
        case value_kind::array:
            ++f.depth;
            break; // value_stack needs only the ends
        }
        return true;
    }
    static bool on_end(decode_core& c, frame& f, std::size_t n, bool is_object) {
        auto& vs = c.raw_builder();
        if (is_object)
            vs.push_object(n);
        else
            vs.push_array(n);
        if (--f.depth == 0) {
            *static_cast<boost::json::value*>(f.target) = vs.release();
            c.pop();
        }
        return true;
    }
    static void append_segment(frame const&, std::string&) {}
    static constexpr frame_ops ops{&on_key, &on_value, &on_end, &append_segment, false};
};

template <>
struct value_decoder<boost::json::value> {
    static bool decode(decode_core& c, boost::json::value& out, value_event const& ev) {
        switch (ev.kind) {
        case value_kind::string:
            out = ev.text;
            return true;
        case value_kind::int64:
            out = ev.i;
            return true;
        case value_kind::uint64:
            out = ev.u;
            return true;
        case value_kind::double_:
            out = ev.d;
            return true;
        case value_kind::boolean:
            out = ev.b;
            return true;
        case value_kind::null:
            out = nullptr;
            return true;
        case value_kind::object:
        case value_kind::array:
            c.raw_builder().reset();
            c.push({&raw_frame::ops, &out, 0, 0, 1});
            return true;
        }
        return false;
    }
};

// ---- arrays -------------------------------------------------------------------------------------

template <class E>
struct array_frame {
    using vector_type = std::vector<E>;
    // A short array's first block: room for up to four elements, and no more than fit in 120
    // bytes when two do. glibc's malloc keeps freed blocks that small in its fast bins, never
    // merged: when accounts() hands a page out and the consumer frees it account by account,
    // the next page reuses those blocks as they are. Larger ones are merged as they are freed
    // and split again for the next page, malloc's slow path (callgrind, accounts() over 20,000
    // accounts: 4.5% fewer instructions than room for four everywhere; pages(): 0.7% more).
    static constexpr std::size_t small_block_bytes = 120;
    static constexpr std::size_t small_array_capacity =
        std::max<std::size_t>(2, std::min<std::size_t>(4, small_block_bytes / sizeof(E)));
    static bool on_key(decode_core& c, frame&, std::string_view) {
        return c.fail(errc::malformed_json, "key inside an array"); // the parser prevents it
    }
    static bool on_value(decode_core& c, frame& f, value_event const& ev) {
        auto& v = *static_cast<vector_type*>(f.target);
        // Room for a few at once: the model's arrays are short (groups, sources, signatures),
        // and growing 1, 2, 4 would allocate and move up to three times for them.
        if (v.capacity() == 0) v.reserve(small_array_capacity);
        // Elements of a reused vector are decoded in place, keeping their capacity.
        E& element = f.slot < v.size() ? v[f.slot] : v.emplace_back();
        if (!decode_value(c, element, ev)) return false;
        if (!ev.is_container()) ++f.slot; // a container advances the slot when its frame pops
        return true;
    }
    static bool on_end(decode_core& c, frame& f, std::size_t, bool) {
        auto& v = *static_cast<vector_type*>(f.target);
        if (v.size() > f.slot) v.erase(v.begin() + f.slot, v.end());
        c.pop();
        return true;
    }
    static void append_segment(frame const& f, std::string& path) {
        path += '[';
        path += std::to_string(f.slot);
        path += ']';
    }
    static constexpr frame_ops ops{&on_key, &on_value, &on_end, &append_segment, true};
};

template <class E>
struct value_decoder<std::vector<E>> {
    static bool decode(decode_core& c, std::vector<E>& out, value_event const& ev) {
        if (ev.kind != value_kind::array) return c.fail_wrong_type("an array", ev.kind);
        c.push({&array_frame<E>::ops, &out, 0, 0, 0});
        return true;
    }
};

// ---- described objects
// ---------------------------------------------------------------------------

template <class F>
inline constexpr bool is_member_field = false;
template <class O, class M>
inline constexpr bool is_member_field<schema::member_field<O, M>> = true;

template <class T>
void reset_member(T& m) {
    if constexpr (requires { m.clear(); })
        m.clear(); // vectors keep their capacity
    else if constexpr (requires { m.reset(); })
        m.reset();
    else
        m = T{};
}

template <class T>
inline constexpr bool is_text =
    std::is_same_v<T, std::string> || std::is_same_v<T, std::optional<std::string>>;

template <class T>
bool is_empty_text(T const& m) {
    if constexpr (requires { m.has_value(); })
        return m.has_value() && m->empty();
    else
        return m.empty();
}

template <class T>
struct object_frame {
    static constexpr auto const& desc = schema::descriptor_of<T>;
    static constexpr std::size_t size = std::remove_cvref_t<decltype(desc)>::size;
    using fields_type = std::remove_cvref_t<decltype(desc.fields)>;
    template <std::size_t I>
    using field_type = std::remove_cvref_t<std::tuple_element_t<I, fields_type>>;

    // Index of the first field of a kind, or `size`.
    template <template <class> class Pred>
    static constexpr std::size_t find_field() {
        return boost::mp11::mp_find_if<boost::mp11::mp_rename<fields_type, boost::mp11::mp_list>,
                                       Pred>::value;
    }
    template <class F>
    using is_tagged = std::bool_constant<schema::detail::is_tagged<F>>;
    template <class F>
    using is_discriminator = std::bool_constant<schema::detail::is_discriminator<F>>;
    template <class F>
    using is_hoisted = std::bool_constant<schema::detail::is_hoisted<F>>;
    static constexpr std::size_t tagged_index = find_field<is_tagged>();
    static constexpr std::size_t discriminator_index = find_field<is_discriminator>();

    static constexpr std::uint64_t all_fields =
        size == 64 ? ~std::uint64_t(0) : (std::uint64_t(1) << size) - 1;

    static bool on_key(decode_core& c, frame& f, std::string_view key) {
        auto const i = find_key<schema::key_table_of<T>>(key);
        if (i == schema::key_table_of<T>.npos) {
            f.slot = unknown_slot; // an error inside the skipped value names this object
            c.skip_next_value();   // unknown keys are ignored, whatever their value
            return true;
        }
        f.slot = static_cast<std::uint32_t>(i);
        auto const bit = std::uint64_t(1) << i;
        if (f.seen & bit) return c.fail(errc::malformed_json, "duplicate key");
        f.seen |= bit;
        return true;
    }

    static bool on_value(decode_core& c, frame& f, value_event const& ev) {
        T& obj = *static_cast<T*>(f.target);
        return boost::mp11::mp_with_index<size>(
            f.slot, [&](auto I) { return field_value(c, f, obj, std::get<I>(desc.fields), ev); });
    }

    static bool on_end(decode_core& c, frame& f, std::size_t, bool) {
        T& obj = *static_cast<T*>(f.target);
        if ((f.seen & all_fields) != all_fields) {
            bool ok = true;
            boost::mp11::mp_for_each<boost::mp11::mp_iota_c<size>>([&](auto I) {
                if (ok && !(f.seen & (std::uint64_t(1) << I)))
                    ok = field_absent(c, obj, std::get<I>(desc.fields));
            });
            if (!ok) return false;
        }
        if constexpr (tagged_index != size) {
            constexpr std::size_t hoisted_index = find_field<is_hoisted>();
            if constexpr (hoisted_index != size)
                apply_hoisted<hoisted_index>(c, obj, std::get<hoisted_index>(desc.fields));
        }
        c.pop();
        return true;
    }

    // The slot of a key the schema does not know: the path stops at the object.
    static constexpr std::uint32_t unknown_slot = static_cast<std::uint32_t>(-1);

    static void append_segment(frame const& f, std::string& path) {
        if (f.slot == unknown_slot) return;
        path += '.';
        path += schema::field_names<T>[f.slot];
    }

    static constexpr frame_ops ops{&on_key, &on_value, &on_end, &append_segment, false};

    // ---- one function per field kind ----

    template <class O, class M>
    static bool field_value(decode_core& c, frame&, T& obj, schema::member_field<O, M> const& fd,
                            value_event const& ev) {
        M& m = obj.*fd.member;
        if (ev.kind == value_kind::null) {
            switch (fd.presence) {
            case schema::presence::optional:
            case schema::presence::nullable:
                reset_member(m);
                return true;
            case schema::presence::required:
                break;
            }
        }
        if (!decode_value(c, m, ev)) return false;
        if constexpr (is_text<M>)
            if (schema::has(fd.flags, schema::non_empty) && ev.kind == value_kind::string &&
                is_empty_text(m))
                return c.fail(errc::invalid_value, "must not be empty");
        return true;
    }

    static bool field_value(decode_core& c, frame&, T&, schema::constant_field const& fd,
                            value_event const& ev) {
        if (ev.kind != value_kind::string) return c.fail_wrong_type("a string", ev.kind);
        if (ev.text != fd.value) {
            std::string detail = "expected \"";
            detail += fd.value;
            detail += '"';
            return c.fail(errc::invalid_value, detail);
        }
        return true;
    }

    template <class O, class E, class Text>
    static bool field_value(decode_core& c, frame& f, T& obj,
                            schema::discriminator_field<O, E, Text> const& fd,
                            value_event const& ev) {
        if (ev.kind != value_kind::string) return c.fail_wrong_type("a string", ev.kind);
        if constexpr (std::is_same_v<Text, std::string>)
            assign_text(obj.*fd.text_member, ev.text);
        else
            (obj.*fd.text_member).assign(ev.text);
        if constexpr (schema::described_enum<E>) {
            auto const e = enum_from_wire<E>(ev.text);
            if (!e) return c.fail(errc::invalid_value, "not one of the values of this enum");
            obj.*fd.enum_member = *e;
        }
        auto const& tf = std::get<tagged_index>(desc.fields);
        using variant_type = typename std::remove_cvref_t<decltype(tf)>::member_type;
        auto& v = obj.*tf.member;
        std::size_t const alt = union_index_of<variant_type>(ev.text);
        if (v.index() != alt) // a reused account of the same type keeps its alternative
            boost::mp11::mp_with_index<std::variant_size_v<variant_type>>(
                alt, [&](auto J) { v.template emplace<J>(); });
        if ((f.seen >> tagged_index) & 1) {
            // The body came first and was recorded: decode it now.
            if (!c.has_recording())
                return c.fail(errc::malformed_json, "tagged union body was not recorded");
            return c.replay_recording();
        }
        return true;
    }

    template <class O, class V>
    static bool field_value(decode_core& c, frame& f, T& obj, schema::tagged_field<O, V> const& fd,
                            value_event const& ev) {
        if (ev.kind != value_kind::object) return c.fail_wrong_type("an object", ev.kind);
        if (!((f.seen >> discriminator_index) & 1))
            return c.start_recording(ev, static_cast<std::uint32_t>(tagged_index));
        V& v = obj.*fd.member;
        constexpr auto const& udesc = schema::descriptor_of<V>;
        return boost::mp11::mp_with_index<std::variant_size_v<V>>(v.index(), [&](auto J) {
            auto& alt = std::get<J>(v);
            if constexpr (J == udesc.fallback_index)
                return decode_value(c, alt.*udesc.fallback.raw, ev);
            else
                return decode_value(c, alt, ev);
        });
    }

    template <class A, class M>
    static bool field_value(decode_core& c, frame& f, T&, schema::hoisted_field<A, M> const&,
                            value_event const& ev) {
        if (ev.kind == value_kind::null) return true;
        if (ev.kind != value_kind::string) return c.fail_wrong_type("a string", ev.kind);
        c.stash_hoisted(f.slot, ev.text);
        return true;
    }

    template <class Field>
    static bool field_absent(decode_core& c, T& obj, Field const& fd) {
        if constexpr (is_member_field<Field>) {
            if (fd.presence == schema::presence::optional) {
                reset_member(obj.*fd.member);
                return true;
            }
            return c.fail_field(errc::missing_field,
                                fd.presence == schema::presence::nullable
                                    ? "required key is missing (its value may be null)"
                                    : "required key is missing",
                                fd.name);
        } else if constexpr (std::is_same_v<Field, schema::constant_field> ||
                             schema::detail::is_hoisted<Field>) {
            return true;
        } else {
            return c.fail_field(errc::missing_field, "required key is missing", fd.name);
        }
    }

    template <std::size_t H, class A, class M>
    static void apply_hoisted(decode_core& c, T& obj, schema::hoisted_field<A, M> const& fd) {
        static_assert(is_text<M>, "postpress: hoisted() supports string members");
        std::string text;
        if (!c.take_hoisted(H, text)) return;
        auto& v = obj.*std::get<tagged_index>(desc.fields).member;
        if (auto* alt = std::get_if<A>(&v)) {
            auto& m = (*alt).*fd.member;
            if (!has_text(m)) m = std::move(text); // a value inside connection_params wins
        }
    }
    template <class M>
    static bool has_text(M const& m) {
        if constexpr (requires { m.has_value(); })
            return m.has_value();
        else
            return !m.empty();
    }
};

template <schema::described_object T>
struct value_decoder<T> {
    static bool decode(decode_core& c, T& out, value_event const& ev) {
        if (ev.kind != value_kind::object) return c.fail_wrong_type("an object", ev.kind);
        // No key read yet: an error before the first key names the object, not its first field.
        c.push({&object_frame<T>::ops, &out, 0, object_frame<T>::unknown_slot, 0});
        return true;
    }
};

// ---- the document root --------------------------------------------------------------------------

template <class T>
struct root_frame {
    static bool on_key(decode_core& c, frame&, std::string_view) {
        return c.fail(errc::malformed_json, "key outside an object");
    }
    static bool on_value(decode_core& c, frame& f, value_event const& ev) {
        return decode_value(c, *static_cast<T*>(f.target), ev);
    }
    static bool on_end(decode_core& c, frame&, std::size_t, bool) {
        return c.fail(errc::malformed_json, "unbalanced end");
    }
    static void append_segment(frame const&, std::string&) {}
    static constexpr frame_ops ops{&on_key, &on_value, &on_end, &append_segment, false};
};

} // namespace postpress::json::detail
