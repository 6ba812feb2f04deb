// The handler given to boost::json::basic_parser: joins keys and strings split across input
// chunks, counts nesting, and hands complete events to the decode core.
#pragma once

#include <postpress/errc.hpp>
#include <postpress/json/detail/decode_core.hpp>
#include <postpress/json/detail/value_event.hpp>

#include <boost/config.hpp>
#include <boost/json/basic_parser.hpp>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>

namespace postpress::json::detail {

class decode_handler {
public:
    static constexpr std::size_t max_object_size = std::numeric_limits<std::size_t>::max();
    static constexpr std::size_t max_array_size = std::numeric_limits<std::size_t>::max();
    static constexpr std::size_t max_key_size = std::numeric_limits<std::size_t>::max();
    static constexpr std::size_t max_string_size = std::numeric_limits<std::size_t>::max();

    using error_code = boost::system::error_code;
    using string_view = boost::json::string_view;

    decode_core core;
    std::size_t max_depth = 64;

    void reset() noexcept {
        depth_ = 0;
        number_.clear();
    }

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }

    bool on_object_begin(error_code& ec) { return begin(object_event, ec); }
    bool on_array_begin(error_code& ec) { return begin(array_event, ec); }
    bool on_object_end(std::size_t n, error_code& ec) {
        --depth_;
        return check(core.end(n, true), ec);
    }
    bool on_array_end(std::size_t n, error_code& ec) {
        --depth_;
        return check(core.end(n, false), ec);
    }

    bool on_key_part(string_view s, std::size_t n, error_code&) {
        join(key_, s, n);
        return true;
    }
    bool on_key(string_view s, std::size_t n, error_code& ec) {
        return check(core.key(whole(key_, s, n)), ec);
    }
    bool on_string_part(string_view s, std::size_t n, error_code&) {
        join(string_, s, n);
        return true;
    }
    bool on_string(string_view s, std::size_t n, error_code& ec) {
        value_event ev{value_kind::string, whole(string_, s, n), {0}};
        return check(core.value(ev), ec);
    }

    bool on_number_part(string_view s, error_code&) {
        number_.append(s.data(), s.size()); // kept for on_double's exact conversion
        return true;
    }
    bool on_int64(std::int64_t i, string_view, error_code& ec) {
        number_.clear();
        value_event ev{value_kind::int64, {}, {0}};
        ev.i = i;
        return check(core.value(ev), ec);
    }
    bool on_uint64(std::uint64_t u, string_view, error_code& ec) {
        number_.clear();
        value_event ev{value_kind::uint64, {}, {0}};
        ev.u = u;
        return check(core.value(ev), ec);
    }
    bool on_double(double d, string_view s, error_code& ec) {
        value_event ev{value_kind::double_, {}, {0}};
        ev.d = exact_double(d, s);
        return check(core.value(ev), ec);
    }
    bool on_bool(bool b, error_code& ec) {
        value_event ev{value_kind::boolean, {}, {0}};
        ev.b = b;
        return check(core.value(ev), ec);
    }
    bool on_null(error_code& ec) { return check(core.value({value_kind::null, {}, {0}}), ec); }

    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }

private:
    // Boost.JSON 1.81 rounds some numbers to a neighbour of the nearest double (-2.5E-300), so
    // the text is converted again, correctly rounded: what the encoder wrote decodes to the
    // value it came from. The parser's value stays when the text is out of double's range.
    double exact_double(double d, string_view s) {
        char const* first = s.data();
        char const* last = first + s.size();
        if (!number_.empty()) { // the number came in parts
            number_.append(s.data(), s.size());
            first = number_.data();
            last = first + number_.size();
        }
        double exact = d;
        auto const r = std::from_chars(first, last, exact);
        number_.clear();
        return r.ec == std::errc{} && r.ptr == last ? exact : d;
    }
    bool begin(value_event const& ev, error_code& ec) {
        if (BOOST_UNLIKELY(++depth_ > max_depth)) return too_deep(ec);
        return check(core.value(ev), ec);
    }
    BOOST_NOINLINE bool too_deep(error_code& ec) {
        core.fail(errc::too_large, "nesting deeper than " + std::to_string(max_depth) + " levels");
        return check(false, ec);
    }
    static bool check(bool ok, error_code& ec) {
        if (!ok) ec = errc::malformed_json; // refined by the decoder from core.code()
        return ok;
    }
    // A key or string arrives whole (n == s.size()) or as parts followed by its last piece.
    static void join(std::string& buf, string_view s, std::size_t n) {
        if (n == s.size())
            buf.assign(s.data(), s.size());
        else
            buf.append(s.data(), s.size());
    }
    static std::string_view whole(std::string& buf, string_view s, std::size_t n) {
        if (n == s.size()) return {s.data(), s.size()};
        buf.append(s.data(), s.size());
        return buf;
    }

    std::size_t depth_ = 0;
    std::string key_, string_, number_;
};

} // namespace postpress::json::detail
