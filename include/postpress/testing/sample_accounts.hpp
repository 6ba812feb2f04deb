// Deterministic, realistic accounts of all 14 types for tests, demos and benchmarks: every
// field of the spec is exercised (optional ones on about half of the accounts), strings carry
// escapes and non-ASCII text now and then. The same index and seed always give the same account.
#pragma once

#include <postpress/model/account.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace postpress::testing {

namespace detail {

// splitmix64: tiny, fast and good enough for sample data.
class sample_rng {
public:
    explicit sample_rng(std::uint64_t seed)
        : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
    template <class T, std::size_t N>
    T const& pick(T const (&items)[N]) {
        return items[below(N)];
    }
    std::string token(std::size_t len) {
        static constexpr char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        std::string s;
        for (std::size_t i = 0; i < len; ++i)
            s += alphabet[below(32)];
        return s;
    }

private:
    std::uint64_t state_;
};

inline constexpr char const* first_names[] = {"Anna",   "Bruno", "Chloé", "Dmitri", "Eve",
                                              "Farida", "Gus",   "Hana",  "Ívar",   "Jun"};
inline constexpr char const* last_names[] = {"Doe",    "Martin", "Kowalski", "Nakamura",
                                             "O'Hara", "Silva",  "Dubois",   "Müller"};
inline constexpr char const* domains[] = {"acme.com", "example.org", "globex.io", "initech.fr"};
inline constexpr char const* roles[] = {"Sales", "Support", "Recruiting", "Ops \"EU\"", "Growth"};

// Lower-case ASCII letters only, for handles and e-mail addresses ("Ívar Müller" -> "vmller").
inline std::string ascii_handle(std::string const& s) {
    std::string out;
    for (char c : s) {
        if (c >= 'A' && c <= 'Z')
            out += char(c - 'A' + 'a');
        else if (c >= 'a' && c <= 'z')
            out += c;
    }
    return out;
}

inline account_source make_source(sample_rng& rng, char const* id) {
    static constexpr source_status statuses[] = {
        source_status::ok,          source_status::ok,          source_status::ok,
        source_status::ok,          source_status::stopped,     source_status::error,
        source_status::credentials, source_status::permissions, source_status::connecting};
    return {id, rng.pick(statuses)};
}

inline imap_mailbox make_mailbox(sample_rng& rng, std::string const& email) {
    static constexpr mail_encryption encryptions[] = {mail_encryption::tls, mail_encryption::ssl,
                                                      mail_encryption::starttls,
                                                      mail_encryption::default_};
    imap_mailbox m;
    auto const domain = email.substr(email.find('@') + 1);
    m.imap_host = "imap." + domain;
    m.imap_port = rng.chance(70) ? 993 : 143;
    m.imap_user = email;
    if (rng.chance(60)) m.imap_encryption = rng.pick(encryptions);
    m.smtp_host = "smtp." + domain;
    m.smtp_port = rng.chance(70) ? 465 : 587;
    m.smtp_user = email;
    return m;
}

} // namespace detail

/// The account at `index` of the sample workspace `seed`; its type is `index % 14`.
inline account make_sample_account(std::size_t index, std::uint64_t seed = 1) {
    using namespace std::chrono;
    detail::sample_rng rng(seed * 0x100000001B3ull ^ (index + 1) * 0x9E3779B97F4A7C15ull);
    account a;
    a.type = static_cast<account_type>(index % 14);
    a.type_name = std::string(to_string(a.type));
    a.id = "acc_" + rng.token(26);
    std::string const first = rng.pick(detail::first_names);
    std::string const last = rng.pick(detail::last_names);
    std::string const handle =
        detail::ascii_handle(first).substr(0, 1) + detail::ascii_handle(last);
    std::string const email = handle + "@" + rng.pick(detail::domains);
    a.name = first + " " + last + " - " + rng.pick(detail::roles);
    // Linked between 2023 and 2026, at a millisecond.
    auto const base = sys_days{year{2023} / January / 1};
    a.created_at =
        time_point_cast<milliseconds>(base) + milliseconds(rng.below(3ull * 365 * 86400000));
    if (rng.chance(50))
        a.last_fetched_at = a.created_at + milliseconds(rng.below(86400000ull * 30));
    if (rng.chance(60)) {
        a.signatures.push_back({"Default", "Best regards,\n" + first + " " + last});
        if (rng.chance(50)) a.signatures.push_back({"Short", "-- " + first});
        a.current_signature = "sig_" + rng.token(8);
    }
    for (std::size_t g = rng.below(5); g > 0; --g)
        a.groups.push_back("grp_" + rng.token(10));

    auto im_source = [&] { a.sources.push_back(detail::make_source(rng, "messaging")); };
    auto mail_sources = [&](bool calendar) {
        a.sources.push_back(detail::make_source(rng, "mail"));
        if (calendar) a.sources.push_back(detail::make_source(rng, "calendar"));
    };
    switch (a.type) {
    case account_type::mobile: {
        std::string const phone = "+3361" + std::to_string(1000000 + rng.below(8999999));
        std::string const sim =
            "8933" + std::to_string(100000000000ull + rng.next() % 899999999999ull);
        a.connection_params = mobile_params{{phone, sim}, {phone, sim}};
        im_source();
        a.sources.push_back(detail::make_source(rng, "call"));
        break;
    }
    case account_type::mail:
        a.connection_params = mail_params{detail::make_mailbox(rng, email)};
        mail_sources(false);
        break;
    case account_type::google_oauth:
        a.connection_params = google_oauth_params{{email, email}, {email, email}};
        mail_sources(true);
        break;
    case account_type::icloud:
        a.connection_params = icloud_params{detail::make_mailbox(rng, handle + "@icloud.com")};
        mail_sources(false);
        break;
    case account_type::outlook:
        a.connection_params = outlook_params{{email, email}, {email, email}};
        mail_sources(true);
        break;
    case account_type::google_calendar: {
        google_calendar_params p{email, std::nullopt};
        if (rng.chance(60)) p.sync_token = "CP" + rng.token(20) + "==";
        a.connection_params = std::move(p);
        mail_sources(true);
        break;
    }
    case account_type::whatsapp:
        a.connection_params =
            whatsapp_params{{"+4915" + std::to_string(10000000 + rng.below(89999999))}};
        im_source();
        break;
    case account_type::linkedin: {
        static constexpr premium_feature features[] = {
            premium_feature::recruiter, premium_feature::sales_navigator, premium_feature::premium};
        static constexpr proxy_protocol protocols[] = {proxy_protocol::http, proxy_protocol::https,
                                                       proxy_protocol::socks5};
        linkedin_params p;
        p.im.id = "ACoAA" + rng.token(30);
        p.im.username = handle + "-" + rng.token(4);
        if (rng.chance(80)) p.im.public_identifier = p.im.username;
        if (rng.chance(30)) {
            p.im.premium_id = "prm_" + rng.token(12);
            p.im.premium_contract_id = "ctr_" + rng.token(12);
            p.im.premium_features.push_back(rng.pick(features));
            if (rng.chance(50)) p.im.premium_features.push_back(premium_feature::premium);
        }
        for (std::size_t o = rng.below(3); o > 0; --o)
            p.im.organizations.push_back({std::string("Acme ") + rng.pick(detail::roles),
                                          rng.chance(70), "urn:li:organization:" + rng.token(8),
                                          "urn:li:fsd_messagingThread:" + rng.token(16)});
        if (rng.chance(35)) {
            linkedin_proxy proxy{"USER",
                                 "proxy" + std::to_string(rng.below(50)) + ".example.net",
                                 static_cast<std::uint16_t>(1024 + rng.below(60000)),
                                 std::nullopt,
                                 std::nullopt,
                                 std::nullopt};
            if (rng.chance(70)) proxy.protocol = rng.pick(protocols);
            if (rng.chance(60)) {
                proxy.username = "user_" + rng.token(6);
                proxy.password = "pw_" + rng.token(12);
            }
            p.proxy = std::move(proxy);
        }
        a.connection_params = std::move(p);
        im_source();
        break;
    }
    case account_type::slack: {
        std::string const team = rng.pick(detail::domains);
        a.connection_params =
            slack_params{{"https://" + team.substr(0, team.find('.')) + ".slack.com/",
                          first + " " + last, "U" + rng.token(10), team, "T" + rng.token(10)}};
        im_source();
        break;
    }
    case account_type::twitter:
        a.connection_params = twitter_params{{std::to_string(rng.next() % 10000000000ull), handle}};
        im_source();
        break;
    case account_type::exchange:
        a.connection_params = exchange_params{detail::make_mailbox(rng, email)};
        mail_sources(true);
        break;
    case account_type::telegram:
        a.connection_params =
            telegram_params{{std::to_string(rng.next() % 10000000000ull), "@" + handle}};
        im_source();
        break;
    case account_type::instagram:
        a.connection_params = instagram_params{
            {std::to_string(rng.next() % 100000000000ull), handle + "." + rng.token(3)}};
        im_source();
        break;
    case account_type::messenger:
        a.connection_params =
            messenger_params{{std::to_string(rng.next() % 100000000000ull), first + "." + last}};
        im_source();
        break;
    case account_type::unknown:
        break;
    }
    return a;
}

/// Accounts [first, first + count) of the sample workspace `seed`.
inline std::vector<account> make_sample_accounts(std::size_t count, std::uint64_t seed = 1,
                                                 std::size_t first = 0) {
    std::vector<account> out;
    out.reserve(count);
    for (std::size_t i = first; i < first + count; ++i)
        out.push_back(make_sample_account(i, seed));
    return out;
}

} // namespace postpress::testing
