// The model's enums, each described with its wire spellings and an `unknown` fallback, so a value
// added to the API later decodes instead of failing.
#pragma once

#include <postpress/schema/describe.hpp>
#include <postpress/schema/enumeration.hpp>

#include <string_view>

namespace postpress {

enum class account_type {
    mobile,
    mail,
    google_oauth,
    icloud,
    outlook,
    google_calendar,
    whatsapp,
    linkedin,
    slack,
    twitter,
    exchange,
    telegram,
    instagram,
    messenger,
    unknown
};

enum class source_status { ok, stopped, error, credentials, permissions, connecting, unknown };
enum class mail_encryption { tls, ssl, starttls, default_, unknown };
enum class premium_feature { recruiter, sales_navigator, premium, unknown };
enum class proxy_protocol { http, https, socks5, unknown };

constexpr auto describe(schema::type_tag<account_type>) {
    using enum account_type;
    return schema::enumeration<account_type>({{"MOBILE", mobile},
                                              {"MAIL", mail},
                                              {"GOOGLE_OAUTH", google_oauth},
                                              {"ICLOUD", icloud},
                                              {"OUTLOOK", outlook},
                                              {"GOOGLE_CALENDAR", google_calendar},
                                              {"WHATSAPP", whatsapp},
                                              {"LINKEDIN", linkedin},
                                              {"SLACK", slack},
                                              {"TWITTER", twitter},
                                              {"EXCHANGE", exchange},
                                              {"TELEGRAM", telegram},
                                              {"INSTAGRAM", instagram},
                                              {"MESSENGER", messenger}},
                                             unknown, "UNKNOWN");
}

constexpr auto describe(schema::type_tag<source_status>) {
    using enum source_status;
    return schema::enumeration<source_status>({{"OK", ok},
                                               {"STOPPED", stopped},
                                               {"ERROR", error},
                                               {"CREDENTIALS", credentials},
                                               {"PERMISSIONS", permissions},
                                               {"CONNECTING", connecting}},
                                              unknown, "UNKNOWN");
}

constexpr auto describe(schema::type_tag<mail_encryption>) {
    using enum mail_encryption;
    return schema::enumeration<mail_encryption>(
        {{"tls", tls}, {"ssl", ssl}, {"starttls", starttls}, {"default", default_}}, unknown);
}

constexpr auto describe(schema::type_tag<premium_feature>) {
    using enum premium_feature;
    return schema::enumeration<premium_feature>(
        {{"recruiter", recruiter}, {"sales_navigator", sales_navigator}, {"premium", premium}},
        unknown);
}

constexpr auto describe(schema::type_tag<proxy_protocol>) {
    using enum proxy_protocol;
    return schema::enumeration<proxy_protocol>(
        {{"http", http}, {"https", https}, {"socks5", socks5}}, unknown);
}

/// The wire spelling of a model enum value ("LINKEDIN", "OK", "starttls"); the fallback value
/// gives "UNKNOWN" or "unknown", in the style of its enum.
template <schema::described_enum E>
constexpr std::string_view to_string(E value) noexcept {
    return schema::wire_name(value);
}

} // namespace postpress
