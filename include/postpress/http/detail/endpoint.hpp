// Where requests go: the base URL parsed (with Boost.URL) once, the request target built per
// page, and the checks made before anything is sent.
#pragma once

#include <postpress/diagnostics.hpp>
#include <postpress/errc.hpp>
#include <postpress/http/list_params.hpp>
#include <postpress/model/account_list.hpp>

#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <boost/url/url_view.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace postpress::http::detail {

struct endpoint {
    bool tls = true;
    std::string host;        // for resolving, SNI and certificate checks ("::1" unbracketed)
    std::string port;        // service for the resolver
    std::string host_header; // Host: value, with the port when not the scheme's default
    std::string path_prefix; // "/api" or empty, without a trailing '/'
    bool loopback = false;
};

inline bool refuse(boost::system::error_code& ec, diagnostics& diag, std::string detail) {
    ec = errc::invalid_argument;
    diag.detail = std::move(detail);
    return false;
}

inline bool is_loopback(boost::urls::url_view const& u) {
    switch (u.host_type()) {
    case boost::urls::host_type::ipv4:
        return u.host_ipv4_address().to_bytes()[0] == 127;
    case boost::urls::host_type::ipv6:
        return u.host_ipv6_address().is_loopback();
    case boost::urls::host_type::name: {
        std::string name = u.host_name();
        for (auto& c : name)
            c = char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        return name == "localhost" || name.ends_with(".localhost");
    }
    default:
        return false;
    }
}

/// Parses and checks a base URL; the message of a refusal names what is wrong, not the URL's
/// user part (which could hold a password).
inline std::optional<endpoint> parse_base_url(std::string_view base_url, bool allow_insecure,
                                              boost::system::error_code& ec, diagnostics& diag) {
    auto parsed = boost::urls::parse_uri(base_url);
    if (!parsed) return refuse(ec, diag, "base_url is not an absolute URL"), std::nullopt;
    auto const u = *parsed;
    endpoint ep;
    if (u.scheme_id() == boost::urls::scheme::https)
        ep.tls = true;
    else if (u.scheme_id() == boost::urls::scheme::http)
        ep.tls = false;
    else
        return refuse(ec, diag, "base_url must use http or https"), std::nullopt;
    if (u.has_userinfo())
        return refuse(ec, diag, "base_url must not carry credentials"), std::nullopt;
    if (u.has_query() || u.has_fragment())
        return refuse(ec, diag, "base_url must not have a query or fragment"), std::nullopt;
    if (u.host_type() == boost::urls::host_type::none || u.encoded_host().empty())
        return refuse(ec, diag, "base_url has no host"), std::nullopt;
    if (u.host_type() == boost::urls::host_type::ipvfuture)
        return refuse(ec, diag, "base_url host is not supported"), std::nullopt;
    // Boost.URL 1.81 ends the authority after a leading IPv4 address: "http://127.0.0.1.nip.io"
    // reads as host 127.0.0.1 with path ".nip.io", which would send the key to another host
    // than the one written. After an authority a path is empty or starts with '/', so a path
    // that does not is this misreading.
    if (!u.encoded_path().empty() && u.encoded_path().front() != '/')
        return refuse(ec, diag, "base_url host is not a valid host name or address"), std::nullopt;
    ep.host = u.host_address();
    ep.loopback = is_loopback(u);
    if (!ep.tls && !ep.loopback && !allow_insecure)
        return refuse(ec, diag,
                      "plain http:// to a host other than this machine would send the API key in "
                      "clear; use https:// or set allow_insecure_http"),
               std::nullopt;
    std::string_view const default_port = ep.tls ? "443" : "80";
    ep.port = u.has_port() && !u.port().empty() ? std::string(u.port()) : std::string(default_port);
    ep.host_header = u.encoded_host();
    if (ep.port != default_port) ep.host_header += ":" + ep.port;
    ep.path_prefix = u.encoded_path();
    while (!ep.path_prefix.empty() && ep.path_prefix.back() == '/')
        ep.path_prefix.pop_back();
    if (!ep.path_prefix.empty() && ep.path_prefix.front() != '/') ep.path_prefix.insert(0, "/");
    return ep;
}

/// An API key goes into a header: printable ASCII only, so it cannot split the request.
inline bool check_api_key(std::string_view key, boost::system::error_code& ec, diagnostics& diag) {
    if (key.empty()) return refuse(ec, diag, "api_key is empty");
    for (char c : key)
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f)
            return refuse(ec, diag, "api_key contains a control, space or non-ASCII character");
    return true;
}

inline bool check_params(list_params const& p, boost::system::error_code& ec, diagnostics& diag) {
    if (p.limit && (*p.limit < 1 || std::size_t(*p.limit) > max_page_size))
        return refuse(ec, diag, "limit must be between 1 and " + std::to_string(max_page_size));
    if (p.cursor && p.cursor->empty()) return refuse(ec, diag, "cursor is empty");
    return true;
}

/// "/api/v1/accounts?limit=100&cursor=a%2Bb%2F%3D": the cursor percent-encoded whole, so that
/// '+', '/', '=', '&' or CR/LF in it can neither change the query nor split the request.
inline std::string request_target(endpoint const& ep, list_params const& p) {
    std::string target = ep.path_prefix;
    target += "/v1/accounts";
    char sep = '?';
    if (p.limit) {
        target += sep;
        target += "limit=";
        target += std::to_string(*p.limit);
        sep = '&';
    }
    if (p.cursor) {
        target += sep;
        target += "cursor=";
        target += boost::urls::encode(*p.cursor, boost::urls::unreserved_chars);
    }
    return target;
}

} // namespace postpress::http::detail
