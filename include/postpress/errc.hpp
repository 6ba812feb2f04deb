// The error codes of postpress: one per API error type of the spec, then the client's own.
#pragma once

#include <boost/system/error_code.hpp>

#include <string_view>
#include <type_traits>

namespace postpress {

/// Error codes in the "postpress" category. The API's error types keep their wire spelling
/// (without the `errors/` prefix); the client's own conditions follow them.
enum class errc : int {
    // 400 Bad Request
    invalid_parameters = 1,
    missing_parameters,
    invalid_request,
    malformed_request,
    content_too_large,
    too_many_characters,
    unescaped_characters,
    limit_too_high,
    invalid_action,
    invalid_label,
    // 401 Unauthorized
    missing_credentials,
    multiple_sessions,
    wrong_account,
    invalid_credentials,
    invalid_proxy_credentials,
    invalid_imap_configuration,
    invalid_smtp_configuration,
    invalid_checkpoint_solution,
    checkpoint_error,
    expired_credentials,
    expired_link,
    insufficient_privileges,
    disconnected_account,
    disconnected_feature,
    // 500 Internal Server Error
    unexpected_error,
    provider_error,
    authentication_intent_error,
    // 503 Service Unavailable
    no_client_session,
    no_channel,
    no_handler,
    network_down,
    service_unavailable,
    // 504 Gateway Timeout
    request_timeout,
    /// An error envelope whose type this version does not know.
    unknown_api_error,

    // The client's own conditions.
    invalid_argument,    ///< a parameter or configuration value was refused before sending
    malformed_json,      ///< the body is not valid JSON (syntax, truncation, bad UTF-8, duplicates)
    missing_field,       ///< a required key is absent
    wrong_type,          ///< a value has the wrong JSON type
    invalid_value,       ///< a value has the right type but is not acceptable (range, date, enum)
    too_large,           ///< a size or nesting limit was exceeded
    unexpected_response, ///< the server answered something that is not the API's (HTML, 3xx)
    cursor_loop,         ///< the server handed back a cursor it had already given
};

/// The number of API error types of the spec (`errc::invalid_parameters` ..
/// `errc::request_timeout`).
inline constexpr int api_error_type_count = static_cast<int>(errc::request_timeout);

namespace detail {

struct errc_entry {
    std::string_view wire; // the envelope's type without "errors/", empty for the client's own
    int http_status;       // the status the spec lists for it, 0 for the client's own
    std::string_view message;
};

inline constexpr errc_entry errc_table[] = {
    {},
    {"invalid_parameters", 400, "One or more request parameters are invalid or missing"},
    {"missing_parameters", 400, "One or more request parameters are missing"},
    {"invalid_request", 400, "One or a combination of request parameters are invalid"},
    {"malformed_request", 400, "The given request has been rejected by the provider"},
    {"content_too_large", 400, "The request payload is too large"},
    {"too_many_characters", 400, "The provided content exceeds the character limit"},
    {"unescaped_characters", 400, "The request path contains unescaped characters"},
    {"limit_too_high", 400, "Provider cannot accept such high pagination limit (max 250)"},
    {"invalid_action", 400, "This action is invalid"},
    {"invalid_label", 400, "This label is invalid"},
    {"missing_credentials", 401, "Some credentials are necessary to perform the request"},
    {"multiple_sessions", 401, "LinkedIn limits multiple sessions on certain Recruiter accounts"},
    {"wrong_account", 401, "The provided credentials do not match the correct account"},
    {"invalid_credentials", 401, "The provided credentials are invalid"},
    {"invalid_proxy_credentials", 401, "The provided proxy credentials are invalid"},
    {"invalid_imap_configuration", 401, "The provided IMAP configuration is invalid"},
    {"invalid_smtp_configuration", 401, "The provided SMTP configuration is invalid"},
    {"invalid_checkpoint_solution", 401, "The checkpoint resolution did not pass successfully"},
    {"checkpoint_error", 401, "The checkpoint does not appear to be resolvable"},
    {"expired_credentials", 401, "Credentials have expired"},
    {"expired_link", 401, "This link has expired"},
    {"insufficient_privileges", 401, "This resource is out of your API-key scopes"},
    {"disconnected_account", 401, "The account is disconnected from the provider service"},
    {"disconnected_feature", 401, "The service you're trying to reach is disconnected"},
    {"unexpected_error", 500, "Something went wrong"},
    {"provider_error", 500, "The provider is experiencing operational problems"},
    {"authentication_intent_error", 500, "The current authentication intent was killed"},
    {"no_client_session", 503, "No client session is currently running"},
    {"no_channel", 503, "No channel to client session"},
    {"no_handler", 503, "Handler missing for that request"},
    {"network_down", 503, "Network is down on the server side"},
    {"service_unavailable", 503, "Service temporarily unavailable"},
    {"request_timeout", 504, "Request timed out"},
    {"", 0, "The API returned an error type this client does not know"},
    {"", 0, "Invalid argument"},
    {"", 0, "Malformed JSON"},
    {"", 0, "A required field is missing"},
    {"", 0, "A value has the wrong JSON type"},
    {"", 0, "A value is not acceptable"},
    {"", 0, "A size or nesting limit was exceeded"},
    {"", 0, "Unexpected response from the server"},
    {"", 0, "The server repeated a cursor"},
};

class errc_category final : public boost::system::error_category {
public:
    // A fixed id so that codes compare equal across shared libraries.
    constexpr errc_category() noexcept
        : error_category(0x7c3a1e5d4b9f2086ULL) {}
    char const* name() const noexcept override { return "postpress"; }
    std::string message(int ev) const override { return std::string(message(ev, nullptr, 0)); }
    char const* message(int ev, char*, std::size_t) const noexcept override {
        if (ev > 0 && ev < static_cast<int>(std::size(errc_table)))
            return errc_table[ev].message.data();
        return "Unknown postpress error";
    }
};

} // namespace detail

/// The category of `errc`, named "postpress".
inline boost::system::error_category const& postpress_category() noexcept {
    static constexpr detail::errc_category category;
    return category;
}

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), postpress_category()};
}

/// The wire spelling of an API error type ("limit_too_high"), empty for the client's own codes.
constexpr std::string_view to_string(errc e) noexcept {
    auto const i = static_cast<std::size_t>(e);
    return i < std::size(detail::errc_table) ? detail::errc_table[i].wire : std::string_view{};
}

/// The API error type named by an envelope's `type` ("errors/limit_too_high" or
/// "limit_too_high"); `errc::unknown_api_error` for one this version does not know.
constexpr errc errc_from_api_type(std::string_view type) noexcept {
    if (type.starts_with("errors/")) type.remove_prefix(7);
    for (int i = 1; i <= api_error_type_count; ++i)
        if (detail::errc_table[i].wire == type) return static_cast<errc>(i);
    return errc::unknown_api_error;
}

/// The HTTP status the spec gives for an API error type, 0 for the client's own codes.
constexpr int spec_http_status(errc e) noexcept {
    auto const i = static_cast<std::size_t>(e);
    return i < std::size(detail::errc_table) ? detail::errc_table[i].http_status : 0;
}

} // namespace postpress

template <>
struct boost::system::is_error_code_enum<postpress::errc> : std::true_type {};
