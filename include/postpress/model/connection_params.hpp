// The provider-specific `connection_params` of each account type: one C++ type per account
// type (even where two share a shape, so that `account::params<P>()` says which type it is),
// each described once for the decoder and the encoder.
#pragma once

#include <postpress/model/enums.hpp>
#include <postpress/schema/field.hpp>
#include <postpress/schema/object.hpp>
#include <postpress/schema/tagged_union.hpp>

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace postpress {

// ---- shapes shared by several account types -------------------------------------------------

/// A phone line of a MOBILE account (`im` and `call`).
struct mobile_line {
    std::string phone_number;
    std::string sim_serial_number;
    friend bool operator==(mobile_line const&, mobile_line const&) = default;
};

/// An IMAP/SMTP mailbox (MAIL, ICLOUD, EXCHANGE).
struct imap_mailbox {
    std::string imap_host;
    std::uint16_t imap_port = 0;
    std::string imap_user;
    std::optional<mail_encryption> imap_encryption;
    std::string smtp_host;
    std::uint16_t smtp_port = 0;
    std::string smtp_user;
    friend bool operator==(imap_mailbox const&, imap_mailbox const&) = default;
};

/// An `{id, username}` identity (OAuth mail and calendar, TWITTER, INSTAGRAM, MESSENGER).
struct identity {
    std::string id;
    std::string username;
    friend bool operator==(identity const&, identity const&) = default;
};

// ---- one type per account type -------------------------------------------------------------

struct mobile_params {
    mobile_line im;
    mobile_line call;
    friend bool operator==(mobile_params const&, mobile_params const&) = default;
};

struct mail_params {
    imap_mailbox mail;
    friend bool operator==(mail_params const&, mail_params const&) = default;
};

struct google_oauth_params {
    identity mail;
    identity calendar;
    friend bool operator==(google_oauth_params const&, google_oauth_params const&) = default;
};

struct icloud_params {
    imap_mailbox mail;
    friend bool operator==(icloud_params const&, icloud_params const&) = default;
};

struct outlook_params {
    identity mail;
    identity calendar;
    friend bool operator==(outlook_params const&, outlook_params const&) = default;
};

struct google_calendar_params {
    std::string calendar;
    std::optional<std::string> sync_token;
    friend bool operator==(google_calendar_params const&, google_calendar_params const&) = default;
};

struct whatsapp_params {
    struct im_info {
        std::string phone_number;
        friend bool operator==(im_info const&, im_info const&) = default;
    };
    im_info im;
    friend bool operator==(whatsapp_params const&, whatsapp_params const&) = default;
};

struct linkedin_organization {
    std::string name;
    bool messaging_enabled = false;
    std::string organization_urn;
    std::string mailbox_urn;
    friend bool operator==(linkedin_organization const&, linkedin_organization const&) = default;
};

struct linkedin_proxy {
    std::string source; // "USER"
    std::string host;
    std::uint16_t port = 0;
    std::optional<proxy_protocol> protocol;
    std::optional<std::string> username;
    std::optional<std::string> password; // secret: redacted by the encoder on request
    friend bool operator==(linkedin_proxy const&, linkedin_proxy const&) = default;
};

struct linkedin_params {
    struct im_info {
        std::string id;
        std::optional<std::string> public_identifier;
        std::string username;
        std::optional<std::string> premium_id;          // key present, value may be null
        std::optional<std::string> premium_contract_id; // key present, value may be null
        std::vector<premium_feature> premium_features;
        std::vector<linkedin_organization> organizations;
        friend bool operator==(im_info const&, im_info const&) = default;
    };
    im_info im;
    std::optional<linkedin_proxy> proxy;
    friend bool operator==(linkedin_params const&, linkedin_params const&) = default;
};

struct slack_params {
    struct im_info {
        std::string url;
        std::string user;
        std::string user_id;
        std::string team;
        std::string team_id;
        friend bool operator==(im_info const&, im_info const&) = default;
    };
    im_info im;
    friend bool operator==(slack_params const&, slack_params const&) = default;
};

struct twitter_params {
    identity im;
    friend bool operator==(twitter_params const&, twitter_params const&) = default;
};

struct exchange_params {
    imap_mailbox mail;
    friend bool operator==(exchange_params const&, exchange_params const&) = default;
};

struct telegram_params {
    struct im_info {
        std::string user_id;
        std::string username;
        friend bool operator==(im_info const&, im_info const&) = default;
    };
    im_info im;
    friend bool operator==(telegram_params const&, telegram_params const&) = default;
};

struct instagram_params {
    identity im;
    friend bool operator==(instagram_params const&, instagram_params const&) = default;
};

struct messenger_params {
    identity im;
    friend bool operator==(messenger_params const&, messenger_params const&) = default;
};

/// The `connection_params` of an account type this version does not know, as sent.
struct unknown_params {
    boost::json::value raw;
    friend bool operator==(unknown_params const&, unknown_params const&) = default;
};

/// One alternative per `account_type`, in the same order, then `unknown_params`.
using connection_params_variant =
    std::variant<mobile_params, mail_params, google_oauth_params, icloud_params, outlook_params,
                 google_calendar_params, whatsapp_params, linkedin_params, slack_params,
                 twitter_params, exchange_params, telegram_params, instagram_params,
                 messenger_params, unknown_params>;

// ---- descriptions ----------------------------------------------------------------------------

constexpr auto describe(schema::type_tag<mobile_line>) {
    using namespace schema;
    return object<mobile_line>(required("phone_number", &mobile_line::phone_number),
                               required("sim_serial_number", &mobile_line::sim_serial_number));
}

constexpr auto describe(schema::type_tag<imap_mailbox>) {
    using namespace schema;
    using m = imap_mailbox;
    return object<m>(required("imap_host", &m::imap_host), required("imap_port", &m::imap_port),
                     required("imap_user", &m::imap_user),
                     optional("imap_encryption", &m::imap_encryption),
                     required("smtp_host", &m::smtp_host), required("smtp_port", &m::smtp_port),
                     required("smtp_user", &m::smtp_user));
}

constexpr auto describe(schema::type_tag<identity>) {
    using namespace schema;
    return object<identity>(required("id", &identity::id),
                            required("username", &identity::username));
}

constexpr auto describe(schema::type_tag<mobile_params>) {
    using namespace schema;
    return object<mobile_params>(required("im", &mobile_params::im),
                                 required("call", &mobile_params::call));
}

// Account types that differ only by their C++ type share a description template.
template <class P>
constexpr auto describe_mailbox_params() {
    return schema::object<P>(schema::required("mail", &P::mail));
}
template <class P>
constexpr auto describe_mail_and_calendar_params() {
    return schema::object<P>(schema::required("mail", &P::mail),
                             schema::required("calendar", &P::calendar));
}
template <class P>
constexpr auto describe_im_params() {
    return schema::object<P>(schema::required("im", &P::im));
}

constexpr auto describe(schema::type_tag<mail_params>) {
    return describe_mailbox_params<mail_params>();
}
constexpr auto describe(schema::type_tag<icloud_params>) {
    return describe_mailbox_params<icloud_params>();
}
constexpr auto describe(schema::type_tag<exchange_params>) {
    return describe_mailbox_params<exchange_params>();
}
constexpr auto describe(schema::type_tag<google_oauth_params>) {
    return describe_mail_and_calendar_params<google_oauth_params>();
}
constexpr auto describe(schema::type_tag<outlook_params>) {
    return describe_mail_and_calendar_params<outlook_params>();
}

constexpr auto describe(schema::type_tag<google_calendar_params>) {
    using namespace schema;
    using p = google_calendar_params;
    return object<p>(required("calendar", &p::calendar), optional("sync_token", &p::sync_token));
}

constexpr auto describe(schema::type_tag<whatsapp_params::im_info>) {
    using namespace schema;
    using i = whatsapp_params::im_info;
    return object<i>(required("phone_number", &i::phone_number));
}
constexpr auto describe(schema::type_tag<whatsapp_params>) {
    return describe_im_params<whatsapp_params>();
}

constexpr auto describe(schema::type_tag<linkedin_organization>) {
    using namespace schema;
    using o = linkedin_organization;
    return object<o>(required("name", &o::name),
                     required("messaging_enabled", &o::messaging_enabled),
                     required("organization_urn", &o::organization_urn),
                     required("mailbox_urn", &o::mailbox_urn));
}

constexpr auto describe(schema::type_tag<linkedin_proxy>) {
    using namespace schema;
    using p = linkedin_proxy;
    return object<p>(required("source", &p::source), required("host", &p::host),
                     required("port", &p::port), optional("protocol", &p::protocol),
                     optional("username", &p::username),
                     optional("password", &p::password, secret));
}

constexpr auto describe(schema::type_tag<linkedin_params::im_info>) {
    using namespace schema;
    using i = linkedin_params::im_info;
    return object<i>(required("id", &i::id), optional("publicIdentifier", &i::public_identifier),
                     required("username", &i::username), nullable("premiumId", &i::premium_id),
                     nullable("premiumContractId", &i::premium_contract_id),
                     optional("premiumFeatures", &i::premium_features),
                     required("organizations", &i::organizations));
}
constexpr auto describe(schema::type_tag<linkedin_params>) {
    using namespace schema;
    return object<linkedin_params>(required("im", &linkedin_params::im),
                                   optional("proxy", &linkedin_params::proxy));
}

constexpr auto describe(schema::type_tag<slack_params::im_info>) {
    using namespace schema;
    using i = slack_params::im_info;
    return object<i>(required("url", &i::url), required("user", &i::user),
                     required("user_id", &i::user_id), required("team", &i::team),
                     required("team_id", &i::team_id));
}
constexpr auto describe(schema::type_tag<slack_params>) {
    return describe_im_params<slack_params>();
}

constexpr auto describe(schema::type_tag<telegram_params::im_info>) {
    using namespace schema;
    using i = telegram_params::im_info;
    return object<i>(required("user_id", &i::user_id), required("username", &i::username));
}
constexpr auto describe(schema::type_tag<telegram_params>) {
    return describe_im_params<telegram_params>();
}
constexpr auto describe(schema::type_tag<twitter_params>) {
    return describe_im_params<twitter_params>();
}
constexpr auto describe(schema::type_tag<instagram_params>) {
    return describe_im_params<instagram_params>();
}
constexpr auto describe(schema::type_tag<messenger_params>) {
    return describe_im_params<messenger_params>();
}

constexpr auto describe(schema::type_tag<connection_params_variant>) {
    using namespace schema;
    return tagged_union<connection_params_variant>(
        alternative<mobile_params>("MOBILE"), alternative<mail_params>("MAIL"),
        alternative<google_oauth_params>("GOOGLE_OAUTH"), alternative<icloud_params>("ICLOUD"),
        alternative<outlook_params>("OUTLOOK"),
        alternative<google_calendar_params>("GOOGLE_CALENDAR"),
        alternative<whatsapp_params>("WHATSAPP"), alternative<linkedin_params>("LINKEDIN"),
        alternative<slack_params>("SLACK"), alternative<twitter_params>("TWITTER"),
        alternative<exchange_params>("EXCHANGE"), alternative<telegram_params>("TELEGRAM"),
        alternative<instagram_params>("INSTAGRAM"), alternative<messenger_params>("MESSENGER"),
        fallback(&unknown_params::raw));
}

} // namespace postpress
