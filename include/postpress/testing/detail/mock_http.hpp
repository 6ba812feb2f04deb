// Small HTTP helpers of the mock server: error envelopes, query values, and a response turned
// into the exact bytes Beast would write (for the faults that write it piece by piece).
#pragma once

#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace postpress::testing::detail {

inline std::string mock_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

/// "limit_too_high" -> "Limit too high".
inline std::string mock_title(std::string_view wire) {
    std::string out(wire);
    for (char& c : out)
        if (c == '_') c = ' ';
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
    return out;
}

/// The spec's error envelope.
inline std::string mock_envelope(std::string_view type, std::string_view title,
                                 std::string_view detail, std::string_view instance, int status) {
    boost::json::object o;
    o["type"] = type;
    o["title"] = title;
    if (!detail.empty()) o["detail"] = detail;
    o["instance"] = instance;
    o["status"] = status;
    return boost::json::serialize(o);
}

/// How a `limit` query value reads.
enum class mock_limit_check { ok, invalid, too_high };

/// Decimal digits only; 1..250 is ok, above is too high (however many digits), anything else
/// (empty, 0, a sign, a fraction, letters) is invalid.
inline mock_limit_check mock_parse_limit(std::string_view s, std::size_t& limit) {
    if (s.empty()) return mock_limit_check::invalid;
    std::size_t v = 0;
    bool big = false;
    for (char c : s) {
        if (c < '0' || c > '9') return mock_limit_check::invalid;
        if (!big) v = v * 10 + static_cast<std::size_t>(c - '0');
        if (v > 1000000) big = true;
    }
    if (!big && v == 0) return mock_limit_check::invalid;
    if (big || v > 250) return mock_limit_check::too_high;
    limit = v;
    return mock_limit_check::ok;
}

/// The bytes of `res` on the wire, and how many of them are the header.
template <class Body, class Fields>
std::pair<std::string, std::size_t> mock_to_wire(boost::beast::http::response<Body, Fields>& res) {
    namespace http = boost::beast::http;
    http::serializer<false, Body, Fields> sr(res);
    sr.split(true);
    std::string out;
    boost::beast::error_code ec;
    auto step = [&] {
        sr.next(ec, [&](boost::beast::error_code&, auto const& buffers) {
            std::size_t n = 0;
            for (auto const b : boost::beast::buffers_range_ref(buffers)) {
                out.append(static_cast<char const*>(b.data()), b.size());
                n += b.size();
            }
            sr.consume(n);
        });
    };
    while (!ec && !sr.is_header_done())
        step();
    std::size_t const header_size = out.size();
    while (!ec && !sr.is_done())
        step();
    return {std::move(out), header_size};
}

} // namespace postpress::testing::detail
