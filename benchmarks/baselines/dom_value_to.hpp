// The hand-written decoding a C++ user would otherwise write: Boost.JSON DOM + value_to<> with
// tag_invoke overloads for every type of the model, and the enum and timestamp helpers the other
// baselines (nlohmann, simdjson) share. Used by benchmarks/decode_benchmark.cpp and by the
// end-to-end benchmark's hand-written contender, so both measure the same baseline.
#pragma once

#include <postpress/model.hpp>

#include <boost/json/value.hpp>
#include <boost/json/value_to.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace bj = boost::json;

// ---- hand-written pieces shared by the baselines ------------------------------------------------

namespace bench {

template <class E, std::size_t N>
E enum_lookup(std::string_view s, std::pair<std::string_view, E> const (&table)[N], E fallback) {
    for (auto const& [wire, value] : table)
        if (wire == s) return value;
    return fallback;
}

inline postpress::account_type account_type_from(std::string_view s) {
    using enum postpress::account_type;
    static constexpr std::pair<std::string_view, postpress::account_type> table[] = {
        {"MOBILE", mobile},       {"MAIL", mail},          {"GOOGLE_OAUTH", google_oauth},
        {"ICLOUD", icloud},       {"OUTLOOK", outlook},    {"GOOGLE_CALENDAR", google_calendar},
        {"WHATSAPP", whatsapp},   {"LINKEDIN", linkedin},  {"SLACK", slack},
        {"TWITTER", twitter},     {"EXCHANGE", exchange},  {"TELEGRAM", telegram},
        {"INSTAGRAM", instagram}, {"MESSENGER", messenger}};
    return enum_lookup(s, table, unknown);
}
inline postpress::source_status source_status_from(std::string_view s) {
    using enum postpress::source_status;
    static constexpr std::pair<std::string_view, postpress::source_status> table[] = {
        {"OK", ok},
        {"STOPPED", stopped},
        {"ERROR", error},
        {"CREDENTIALS", credentials},
        {"PERMISSIONS", permissions},
        {"CONNECTING", connecting}};
    return enum_lookup(s, table, unknown);
}
inline postpress::mail_encryption mail_encryption_from(std::string_view s) {
    using enum postpress::mail_encryption;
    static constexpr std::pair<std::string_view, postpress::mail_encryption> table[] = {
        {"tls", tls}, {"ssl", ssl}, {"starttls", starttls}, {"default", default_}};
    return enum_lookup(s, table, unknown);
}
inline postpress::premium_feature premium_feature_from(std::string_view s) {
    using enum postpress::premium_feature;
    static constexpr std::pair<std::string_view, postpress::premium_feature> table[] = {
        {"recruiter", recruiter}, {"sales_navigator", sales_navigator}, {"premium", premium}};
    return enum_lookup(s, table, unknown);
}
inline postpress::proxy_protocol proxy_protocol_from(std::string_view s) {
    using enum postpress::proxy_protocol;
    static constexpr std::pair<std::string_view, postpress::proxy_protocol> table[] = {
        {"http", http}, {"https", https}, {"socks5", socks5}};
    return enum_lookup(s, table, unknown);
}

inline postpress::timestamp timestamp_from(std::string_view s) {
    auto const t = postpress::parse_timestamp(s);
    if (!t) throw std::invalid_argument("malformed timestamp");
    return *t;
}

inline std::uint16_t port_from(std::int64_t n) {
    if (n < 0 || n > 65535) throw std::out_of_range("port out of range");
    return static_cast<std::uint16_t>(n);
}

inline void require_non_empty(std::string const& s) {
    if (s.empty()) throw std::invalid_argument("empty string");
}

/// Makes `P` the active alternative of `v`, keeping it (and its capacity) when it already is.
template <class P, class V>
P& ensure_alternative(V& v) {
    if (auto* p = std::get_if<P>(&v)) return *p;
    return v.template emplace<P>();
}

} // namespace bench

// ---- (2) Boost.JSON DOM + value_to: tag_invoke overloads, found by ADL
// ---------------------------

namespace bench::dom {

inline std::string_view sv(bj::value const& v) {
    auto const& s = v.as_string(); // throws if not a string
    return {s.data(), s.size()};
}
inline std::string str(bj::object const& o, std::string_view key) {
    return std::string(sv(o.at(key)));
}
inline std::optional<std::string> opt_str(bj::object const& o, std::string_view key) {
    auto const* p = o.if_contains(key);
    if (!p || p->is_null()) return std::nullopt;
    return std::string(sv(*p));
}
inline std::optional<std::string> nullable_str(bj::object const& o, std::string_view key) {
    auto const& v = o.at(key);
    if (v.is_null()) return std::nullopt;
    return std::string(sv(v));
}
inline std::uint16_t port(bj::object const& o, std::string_view key) {
    return port_from(o.at(key).to_number<std::int64_t>());
}
template <class T>
std::vector<T> opt_vector(bj::object const& o, std::string_view key) {
    auto const* p = o.if_contains(key);
    if (!p || p->is_null()) return {};
    return bj::value_to<std::vector<T>>(*p);
}
inline void check_constant(bj::object const& o, std::string_view key, std::string_view expected) {
    if (auto const* p = o.if_contains(key); p && sv(*p) != expected)
        throw std::invalid_argument("unexpected constant");
}

} // namespace bench::dom

namespace postpress {

using bench::dom::nullable_str;
using bench::dom::opt_str;
using bench::dom::opt_vector;
using bench::dom::str;

account_type tag_invoke(bj::value_to_tag<account_type>, bj::value const& v) {
    return bench::account_type_from(bench::dom::sv(v));
}
source_status tag_invoke(bj::value_to_tag<source_status>, bj::value const& v) {
    return bench::source_status_from(bench::dom::sv(v));
}
mail_encryption tag_invoke(bj::value_to_tag<mail_encryption>, bj::value const& v) {
    return bench::mail_encryption_from(bench::dom::sv(v));
}
premium_feature tag_invoke(bj::value_to_tag<premium_feature>, bj::value const& v) {
    return bench::premium_feature_from(bench::dom::sv(v));
}
proxy_protocol tag_invoke(bj::value_to_tag<proxy_protocol>, bj::value const& v) {
    return bench::proxy_protocol_from(bench::dom::sv(v));
}

signature tag_invoke(bj::value_to_tag<signature>, bj::value const& v) {
    auto const& o = v.as_object();
    return {str(o, "title"), str(o, "content")};
}
account_source tag_invoke(bj::value_to_tag<account_source>, bj::value const& v) {
    auto const& o = v.as_object();
    return {str(o, "id"), bj::value_to<source_status>(o.at("status"))};
}

mobile_line tag_invoke(bj::value_to_tag<mobile_line>, bj::value const& v) {
    auto const& o = v.as_object();
    return {str(o, "phone_number"), str(o, "sim_serial_number")};
}
imap_mailbox tag_invoke(bj::value_to_tag<imap_mailbox>, bj::value const& v) {
    auto const& o = v.as_object();
    imap_mailbox m;
    m.imap_host = str(o, "imap_host");
    m.imap_port = bench::dom::port(o, "imap_port");
    m.imap_user = str(o, "imap_user");
    if (auto const* p = o.if_contains("imap_encryption"); p && !p->is_null())
        m.imap_encryption = bj::value_to<mail_encryption>(*p);
    m.smtp_host = str(o, "smtp_host");
    m.smtp_port = bench::dom::port(o, "smtp_port");
    m.smtp_user = str(o, "smtp_user");
    return m;
}
identity tag_invoke(bj::value_to_tag<identity>, bj::value const& v) {
    auto const& o = v.as_object();
    return {str(o, "id"), str(o, "username")};
}

mobile_params tag_invoke(bj::value_to_tag<mobile_params>, bj::value const& v) {
    auto const& o = v.as_object();
    return {bj::value_to<mobile_line>(o.at("im")), bj::value_to<mobile_line>(o.at("call"))};
}
mail_params tag_invoke(bj::value_to_tag<mail_params>, bj::value const& v) {
    return {bj::value_to<imap_mailbox>(v.as_object().at("mail"))};
}
icloud_params tag_invoke(bj::value_to_tag<icloud_params>, bj::value const& v) {
    return {bj::value_to<imap_mailbox>(v.as_object().at("mail"))};
}
exchange_params tag_invoke(bj::value_to_tag<exchange_params>, bj::value const& v) {
    return {bj::value_to<imap_mailbox>(v.as_object().at("mail"))};
}
google_oauth_params tag_invoke(bj::value_to_tag<google_oauth_params>, bj::value const& v) {
    auto const& o = v.as_object();
    return {bj::value_to<identity>(o.at("mail")), bj::value_to<identity>(o.at("calendar"))};
}
outlook_params tag_invoke(bj::value_to_tag<outlook_params>, bj::value const& v) {
    auto const& o = v.as_object();
    return {bj::value_to<identity>(o.at("mail")), bj::value_to<identity>(o.at("calendar"))};
}
google_calendar_params tag_invoke(bj::value_to_tag<google_calendar_params>, bj::value const& v) {
    auto const& o = v.as_object();
    return {str(o, "calendar"), opt_str(o, "sync_token")};
}
whatsapp_params tag_invoke(bj::value_to_tag<whatsapp_params>, bj::value const& v) {
    return {{str(v.as_object().at("im").as_object(), "phone_number")}};
}
linkedin_organization tag_invoke(bj::value_to_tag<linkedin_organization>, bj::value const& v) {
    auto const& o = v.as_object();
    return {str(o, "name"), o.at("messaging_enabled").as_bool(), str(o, "organization_urn"),
            str(o, "mailbox_urn")};
}
linkedin_proxy tag_invoke(bj::value_to_tag<linkedin_proxy>, bj::value const& v) {
    auto const& o = v.as_object();
    linkedin_proxy p;
    p.source = str(o, "source");
    p.host = str(o, "host");
    p.port = bench::dom::port(o, "port");
    if (auto const* q = o.if_contains("protocol"); q && !q->is_null())
        p.protocol = bj::value_to<proxy_protocol>(*q);
    p.username = opt_str(o, "username");
    p.password = opt_str(o, "password");
    return p;
}
linkedin_params tag_invoke(bj::value_to_tag<linkedin_params>, bj::value const& v) {
    auto const& o = v.as_object();
    auto const& im = o.at("im").as_object();
    linkedin_params p;
    p.im.id = str(im, "id");
    p.im.public_identifier = opt_str(im, "publicIdentifier");
    p.im.username = str(im, "username");
    p.im.premium_id = nullable_str(im, "premiumId");
    p.im.premium_contract_id = nullable_str(im, "premiumContractId");
    p.im.premium_features = opt_vector<premium_feature>(im, "premiumFeatures");
    p.im.organizations = bj::value_to<std::vector<linkedin_organization>>(im.at("organizations"));
    if (auto const* q = o.if_contains("proxy"); q && !q->is_null())
        p.proxy = bj::value_to<linkedin_proxy>(*q);
    return p;
}
slack_params tag_invoke(bj::value_to_tag<slack_params>, bj::value const& v) {
    auto const& im = v.as_object().at("im").as_object();
    return {
        {str(im, "url"), str(im, "user"), str(im, "user_id"), str(im, "team"), str(im, "team_id")}};
}
twitter_params tag_invoke(bj::value_to_tag<twitter_params>, bj::value const& v) {
    return {bj::value_to<identity>(v.as_object().at("im"))};
}
telegram_params tag_invoke(bj::value_to_tag<telegram_params>, bj::value const& v) {
    auto const& im = v.as_object().at("im").as_object();
    return {{str(im, "user_id"), str(im, "username")}};
}
instagram_params tag_invoke(bj::value_to_tag<instagram_params>, bj::value const& v) {
    return {bj::value_to<identity>(v.as_object().at("im"))};
}
messenger_params tag_invoke(bj::value_to_tag<messenger_params>, bj::value const& v) {
    return {bj::value_to<identity>(v.as_object().at("im"))};
}

account tag_invoke(bj::value_to_tag<account>, bj::value const& v) {
    auto const& o = v.as_object();
    bench::dom::check_constant(o, "object", "Account");
    account a;
    a.type_name = str(o, "type");
    a.type = bench::account_type_from(a.type_name);
    a.id = str(o, "id");
    bench::require_non_empty(a.id);
    a.name = str(o, "name");
    a.created_at = bench::timestamp_from(bench::dom::sv(o.at("created_at")));
    if (auto const* p = o.if_contains("last_fetched_at"); p && !p->is_null())
        a.last_fetched_at = bench::timestamp_from(bench::dom::sv(*p));
    a.current_signature = opt_str(o, "current_signature");
    if (a.current_signature) bench::require_non_empty(*a.current_signature);
    a.signatures = opt_vector<signature>(o, "signatures");
    a.groups = bj::value_to<std::vector<std::string>>(o.at("groups"));
    a.sources = bj::value_to<std::vector<account_source>>(o.at("sources"));
    auto const& cp = o.at("connection_params");
    switch (a.type) {
    case account_type::mobile:
        a.connection_params = bj::value_to<mobile_params>(cp);
        break;
    case account_type::mail:
        a.connection_params = bj::value_to<mail_params>(cp);
        break;
    case account_type::google_oauth:
        a.connection_params = bj::value_to<google_oauth_params>(cp);
        break;
    case account_type::icloud:
        a.connection_params = bj::value_to<icloud_params>(cp);
        break;
    case account_type::outlook:
        a.connection_params = bj::value_to<outlook_params>(cp);
        break;
    case account_type::google_calendar: {
        auto p = bj::value_to<google_calendar_params>(cp);
        if (!p.sync_token) p.sync_token = opt_str(o, "sync_token"); // peers put it beside too
        a.connection_params = std::move(p);
        break;
    }
    case account_type::whatsapp:
        a.connection_params = bj::value_to<whatsapp_params>(cp);
        break;
    case account_type::linkedin:
        a.connection_params = bj::value_to<linkedin_params>(cp);
        break;
    case account_type::slack:
        a.connection_params = bj::value_to<slack_params>(cp);
        break;
    case account_type::twitter:
        a.connection_params = bj::value_to<twitter_params>(cp);
        break;
    case account_type::exchange:
        a.connection_params = bj::value_to<exchange_params>(cp);
        break;
    case account_type::telegram:
        a.connection_params = bj::value_to<telegram_params>(cp);
        break;
    case account_type::instagram:
        a.connection_params = bj::value_to<instagram_params>(cp);
        break;
    case account_type::messenger:
        a.connection_params = bj::value_to<messenger_params>(cp);
        break;
    case account_type::unknown:
        // Copied out of the monotonic arena, which dies with the DOM.
        a.connection_params = unknown_params{bj::value(cp, bj::storage_ptr())};
        break;
    }
    return a;
}

account_list tag_invoke(bj::value_to_tag<account_list>, bj::value const& v) {
    auto const& o = v.as_object();
    bench::dom::check_constant(o, "object", "AccountList");
    account_list l;
    l.items = bj::value_to<std::vector<account>>(o.at("items"));
    l.cursor = nullable_str(o, "cursor");
    return l;
}

} // namespace postpress
