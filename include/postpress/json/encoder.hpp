// The encoder generated from the same descriptions as the decoder: typed model to compact JSON,
// with the API's field names, timestamps as YYYY-MM-DDTHH:MM:SS.sssZ, and the raw JSON of
// unknown alternatives written back as received.
#pragma once

#include <postpress/model/timestamp.hpp>
#include <postpress/schema/describe.hpp>
#include <postpress/schema/enumeration.hpp>
#include <postpress/schema/field.hpp>
#include <postpress/schema/object.hpp>
#include <postpress/schema/tagged_union.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <charconv>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

namespace postpress {

struct encode_options {
    bool redact_secrets = false; ///< write fields described as `secret` as "***"
};

namespace json::detail {

inline void append_json_string(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    std::size_t run = 0; // bytes copied as they are, in one append
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto const c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
}

template <class T>
struct value_encoder;

template <class T>
void encode_value(std::string& out, T const& v, encode_options const& o) {
    value_encoder<T>::encode(out, v, o);
}

template <>
struct value_encoder<std::string> {
    static void encode(std::string& out, std::string const& s, encode_options const&) {
        append_json_string(out, s);
    }
};

template <>
struct value_encoder<bool> {
    static void encode(std::string& out, bool b, encode_options const&) {
        out += b ? "true" : "false";
    }
};

template <class N>
requires std::is_arithmetic_v<N>
struct value_encoder<N> {
    static void encode(std::string& out, N n, encode_options const&) {
        if constexpr (std::is_floating_point_v<N>) {
            out += boost::json::serialize(boost::json::value(double(n)));
        } else {
            char buf[24];
            auto const r = std::to_chars(buf, buf + sizeof buf, n);
            out.append(buf, r.ptr);
        }
    }
};

template <class Duration>
struct value_encoder<std::chrono::sys_time<Duration>> {
    static void encode(std::string& out, std::chrono::sys_time<Duration> t, encode_options const&) {
        out += '"';
        append_timestamp(out, std::chrono::time_point_cast<std::chrono::milliseconds>(t));
        out += '"';
    }
};

template <schema::described_enum E>
struct value_encoder<E> {
    static void encode(std::string& out, E e, encode_options const&) {
        append_json_string(out, schema::wire_name(e));
    }
};

template <class T>
struct value_encoder<std::optional<T>> {
    static void encode(std::string& out, std::optional<T> const& v, encode_options const& o) {
        if (v)
            encode_value(out, *v, o);
        else
            out += "null";
    }
};

template <class T>
struct value_encoder<std::vector<T>> {
    static void encode(std::string& out, std::vector<T> const& v, encode_options const& o) {
        out += '[';
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (i) out += ',';
            encode_value(out, v[i], o);
        }
        out += ']';
    }
};

template <>
struct value_encoder<boost::json::value> {
    static void encode(std::string& out, boost::json::value const& v, encode_options const&) {
        out += boost::json::serialize(v);
    }
};

template <schema::described_object T>
struct value_encoder<T> {
    static void encode(std::string& out, T const& obj, encode_options const& o) {
        out += '{';
        bool first = true;
        std::apply([&](auto const&... f) { (field(out, obj, f, o, first), ...); },
                   schema::descriptor_of<T>.fields);
        out += '}';
    }

private:
    static void key(std::string& out, std::string_view name, bool& first) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, name);
        out += ':';
    }

    template <class M>
    static bool present(M const& m) {
        if constexpr (requires { m.has_value(); })
            return m.has_value();
        else if constexpr (requires { m.empty(); } && !std::is_same_v<M, std::string>)
            return !m.empty(); // an optional array is omitted when empty
        else
            return true;
    }

    template <class O, class M>
    static void field(std::string& out, T const& obj, schema::member_field<O, M> const& f,
                      encode_options const& o, bool& first) {
        M const& m = obj.*f.member;
        if (f.presence == schema::presence::optional && !present(m)) return;
        key(out, f.name, first);
        if (o.redact_secrets && schema::has(f.flags, schema::secret) && present(m))
            out += "\"***\"";
        else
            encode_value(out, m, o);
    }
    static void field(std::string& out, T const&, schema::constant_field const& f,
                      encode_options const&, bool& first) {
        key(out, f.name, first);
        append_json_string(out, f.value);
    }
    template <class O, class E, class Text>
    static void field(std::string& out, T const& obj,
                      schema::discriminator_field<O, E, Text> const& f, encode_options const&,
                      bool& first) {
        key(out, f.name, first);
        std::string_view text = obj.*f.text_member;
        if constexpr (schema::described_enum<E>)
            if (text.empty()) text = schema::wire_name(obj.*f.enum_member);
        append_json_string(out, text);
    }
    template <class O, class V>
    static void field(std::string& out, T const& obj, schema::tagged_field<O, V> const& f,
                      encode_options const& o, bool& first) {
        key(out, f.name, first);
        constexpr auto const& udesc = schema::descriptor_of<V>;
        std::visit(
            [&](auto const& alt) {
                using A = std::remove_cvref_t<decltype(alt)>;
                if constexpr (std::is_same_v<A, typename decltype(udesc.fallback)::type>)
                    encode_value(out, alt.*udesc.fallback.raw, o);
                else
                    encode_value(out, alt, o);
            },
            obj.*f.member);
    }
    template <class A, class M>
    static void field(std::string&, T const&, schema::hoisted_field<A, M> const&,
                      encode_options const&, bool&) {} // written where it belongs, inside
};

} // namespace json::detail

/// Appends the JSON of `value` (a described type) to `out`.
template <class T>
void encode(T const& value, std::string& out, encode_options const& options = {}) {
    json::detail::encode_value(out, value, options);
}

/// The JSON of `value` (a described type).
template <class T>
std::string encode(T const& value, encode_options const& options = {}) {
    std::string out;
    encode(value, out, options);
    return out;
}

} // namespace postpress
