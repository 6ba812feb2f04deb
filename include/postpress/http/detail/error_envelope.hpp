// The API's error envelope, described like the model so the same decoder reads it, and its
// translation into an error code and diagnostics.
#pragma once

#include <postpress/diagnostics.hpp>
#include <postpress/errc.hpp>
#include <postpress/json/parse.hpp>
#include <postpress/schema/field.hpp>
#include <postpress/schema/object.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace postpress::http::detail {

struct error_envelope {
    std::string type;
    std::string title;
    std::optional<std::string> detail;
    std::optional<std::string> instance;
    std::optional<int> status;
};

constexpr auto describe(schema::type_tag<error_envelope>) {
    using namespace schema;
    using e = error_envelope;
    return object<e>(required("type", &e::type), required("title", &e::title),
                     optional("detail", &e::detail), optional("instance", &e::instance),
                     optional("status", &e::status));
}

/// The error for a non-2xx response with `body`: the envelope's type when it is one, otherwise
/// `unexpected_response` (an HTML page from a proxy, an empty body, a redirect).
inline errc classify_error_response(int status, std::string_view body, diagnostics& diag) {
    diag.http_status = status;
    error_envelope env;
    boost::system::error_code ec;
    diagnostics parse_diag;
    decode(body, env, ec, parse_diag, decode_options{8, 64 * 1024});
    if (ec) {
        diag.detail = status >= 300 && status < 400
                          ? "redirect not followed"
                          : "error response without the API's JSON error envelope";
        return errc::unexpected_response;
    }
    diag.type = std::move(env.type);
    diag.title = std::move(env.title);
    if (env.detail) diag.detail = std::move(*env.detail);
    if (env.instance) diag.instance = std::move(*env.instance);
    return errc_from_api_type(diag.type);
}

/// Replaces every occurrence of `secret` (the API key) in the texts the server wrote with "***":
/// a server that echoes the key back ("The API key sk_... is not valid") must not make it appear
/// in a message, log line or exception.
inline void redact_secret(diagnostics& diag, std::string_view secret) {
    if (secret.empty()) return;
    for (std::string* text : {&diag.type, &diag.title, &diag.detail, &diag.instance})
        for (auto pos = text->find(secret); pos != std::string::npos;
             pos = text->find(secret, pos + 3))
            text->replace(pos, secret.size(), "***");
}

} // namespace postpress::http::detail
