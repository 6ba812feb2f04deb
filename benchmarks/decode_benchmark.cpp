// Decode benchmark: postpress's streaming decoder against what a C++ user would otherwise write,
// on one realistic page of the listing (250 generated accounts of all 14 types).
//
// Contenders, each producing a complete postpress::account_list (checked == postpress's result
// once before timing, so that none can win by skipping work):
//   floor      boost::json::basic_parser with a do-nothing handler: tokenizing only, no output
//   postpress  postpress::parse_account_list
//   dom        boost::json::parse into a monotonic_resource, then value_to<> (tag_invoke)
//   nlohmann   nlohmann::json::parse, then from_json
//   simdjson   simdjson on-demand, hand-written field loops
//
// Two modes: "fresh" decodes into a new account_list each time (and destroys it); "reused"
// decodes into the same account_list again and again. Contenders run interleaved, in rounds,
// and the median MB/s (10^6 bytes per second of input) of the rounds is reported.
//
//   decode_benchmark            full run (15 rounds of 100 ms per contender, well under a minute)
//   decode_benchmark --quick    smoke run for CI (about 5 s)

#include "baselines/dom_value_to.hpp"

#include <postpress/json/encoder.hpp>
#include <postpress/json/parse.hpp>
#include <postpress/model.hpp>
#include <postpress/testing/sample_accounts.hpp>
#include <postpress/version.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_to.hpp>
#include <boost/version.hpp>

#ifdef POSTPRESS_BENCH_NLOHMANN
#include <nlohmann/json.hpp>
#endif
#ifdef POSTPRESS_BENCH_SIMDJSON
#include <simdjson.h>
// The kernel the On-Demand code of this file is compiled for (not the library's runtime pick).
#define BENCH_STRINGIFY_(x) #x
#define BENCH_STRINGIFY(x) BENCH_STRINGIFY_(x)
#endif

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bj = boost::json;

namespace bench::dom {

/// What the issue calls "what a C++ user writes by hand": parse into an arena, convert.
inline postpress::account_list decode(std::string_view json) {
    bj::monotonic_resource arena;
    bj::value const jv = bj::parse(bj::string_view(json.data(), json.size()), &arena);
    return bj::value_to<postpress::account_list>(jv);
}

/// The most a DOM user can reuse from one page to the next: the parser's stacks and the arena's
/// memory. The structs cannot be reused: value_to returns new objects.
class reusing_decoder {
public:
    explicit reusing_decoder(std::size_t arena_bytes)
        : arena_buffer_(new unsigned char[arena_bytes])
        , arena_bytes_(arena_bytes) {}

    postpress::account_list decode(std::string_view json) {
        bj::monotonic_resource arena(arena_buffer_.get(), arena_bytes_);
        parser_.reset(&arena);
        parser_.write(json.data(), json.size());
        bj::value const jv = parser_.release();
        return bj::value_to<postpress::account_list>(jv);
    }

private:
    std::unique_ptr<unsigned char[]> arena_buffer_;
    std::size_t arena_bytes_;
    bj::parser parser_;
};

} // namespace bench::dom

// ---- (1) the tokenizer floor
// ----------------------------------------------------------------------

namespace bench::floor {

struct null_handler {
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);
    using ec = boost::system::error_code;
    using sv = bj::string_view;

    bool on_document_begin(ec&) { return true; }
    bool on_document_end(ec&) { return true; }
    bool on_object_begin(ec&) { return true; }
    bool on_object_end(std::size_t, ec&) { return true; }
    bool on_array_begin(ec&) { return true; }
    bool on_array_end(std::size_t, ec&) { return true; }
    bool on_key_part(sv, std::size_t, ec&) { return true; }
    bool on_key(sv, std::size_t, ec&) { return true; }
    bool on_string_part(sv, std::size_t, ec&) { return true; }
    bool on_string(sv, std::size_t, ec&) { return true; }
    bool on_number_part(sv, ec&) { return true; }
    bool on_int64(std::int64_t, sv, ec&) { return true; }
    bool on_uint64(std::uint64_t, sv, ec&) { return true; }
    bool on_double(double, sv, ec&) { return true; }
    bool on_bool(bool, ec&) { return true; }
    bool on_null(ec&) { return true; }
    bool on_comment_part(sv, ec&) { return true; }
    bool on_comment(sv, ec&) { return true; }
};

inline std::size_t tokenize(std::string_view json) {
    bj::basic_parser<null_handler> p(bj::parse_options{});
    boost::system::error_code ec;
    std::size_t const n = p.write_some(false, json.data(), json.size(), ec);
    if (ec || !p.done()) throw std::runtime_error("floor: invalid JSON");
    return n;
}

} // namespace bench::floor

// ---- (3) nlohmann::json + from_json
// ---------------------------------------------------------------

#ifdef POSTPRESS_BENCH_NLOHMANN
namespace bench::nl {

using njson = nlohmann::json;

template <class T>
void opt(njson const& o, char const* key, std::optional<T>& out) {
    auto const it = o.find(key);
    if (it == o.end() || it->is_null()) return out.reset();
    it->get_to(out.emplace());
}
inline void nullable(njson const& o, char const* key, std::optional<std::string>& out) {
    auto const& v = o.at(key);
    if (v.is_null()) return out.reset();
    v.get_to(out.emplace());
}
template <class T>
void opt_vector(njson const& o, char const* key, std::vector<T>& out) {
    auto const it = o.find(key);
    if (it == o.end() || it->is_null()) return out.clear();
    it->get_to(out);
}
inline std::uint16_t port(njson const& o, char const* key) {
    return port_from(o.at(key).get<std::int64_t>());
}
inline postpress::timestamp ts(njson const& v) {
    return timestamp_from(v.get_ref<std::string const&>());
}

} // namespace bench::nl

namespace postpress {

using bench::nl::njson;

void from_json(njson const& j, source_status& e) {
    e = bench::source_status_from(j.get_ref<std::string const&>());
}
void from_json(njson const& j, mail_encryption& e) {
    e = bench::mail_encryption_from(j.get_ref<std::string const&>());
}
void from_json(njson const& j, premium_feature& e) {
    e = bench::premium_feature_from(j.get_ref<std::string const&>());
}
void from_json(njson const& j, proxy_protocol& e) {
    e = bench::proxy_protocol_from(j.get_ref<std::string const&>());
}
void from_json(njson const& j, signature& s) {
    j.at("title").get_to(s.title);
    j.at("content").get_to(s.content);
}
void from_json(njson const& j, account_source& s) {
    j.at("id").get_to(s.id);
    j.at("status").get_to(s.status);
}
void from_json(njson const& j, mobile_line& m) {
    j.at("phone_number").get_to(m.phone_number);
    j.at("sim_serial_number").get_to(m.sim_serial_number);
}
void from_json(njson const& j, imap_mailbox& m) {
    j.at("imap_host").get_to(m.imap_host);
    m.imap_port = bench::nl::port(j, "imap_port");
    j.at("imap_user").get_to(m.imap_user);
    bench::nl::opt(j, "imap_encryption", m.imap_encryption);
    j.at("smtp_host").get_to(m.smtp_host);
    m.smtp_port = bench::nl::port(j, "smtp_port");
    j.at("smtp_user").get_to(m.smtp_user);
}
void from_json(njson const& j, identity& i) {
    j.at("id").get_to(i.id);
    j.at("username").get_to(i.username);
}
void from_json(njson const& j, mobile_params& p) {
    j.at("im").get_to(p.im);
    j.at("call").get_to(p.call);
}
void from_json(njson const& j, mail_params& p) {
    j.at("mail").get_to(p.mail);
}
void from_json(njson const& j, icloud_params& p) {
    j.at("mail").get_to(p.mail);
}
void from_json(njson const& j, exchange_params& p) {
    j.at("mail").get_to(p.mail);
}
void from_json(njson const& j, google_oauth_params& p) {
    j.at("mail").get_to(p.mail);
    j.at("calendar").get_to(p.calendar);
}
void from_json(njson const& j, outlook_params& p) {
    j.at("mail").get_to(p.mail);
    j.at("calendar").get_to(p.calendar);
}
void from_json(njson const& j, google_calendar_params& p) {
    j.at("calendar").get_to(p.calendar);
    bench::nl::opt(j, "sync_token", p.sync_token);
}
void from_json(njson const& j, whatsapp_params& p) {
    j.at("im").at("phone_number").get_to(p.im.phone_number);
}
void from_json(njson const& j, linkedin_organization& o) {
    j.at("name").get_to(o.name);
    j.at("messaging_enabled").get_to(o.messaging_enabled);
    j.at("organization_urn").get_to(o.organization_urn);
    j.at("mailbox_urn").get_to(o.mailbox_urn);
}
void from_json(njson const& j, linkedin_proxy& p) {
    j.at("source").get_to(p.source);
    j.at("host").get_to(p.host);
    p.port = bench::nl::port(j, "port");
    bench::nl::opt(j, "protocol", p.protocol);
    bench::nl::opt(j, "username", p.username);
    bench::nl::opt(j, "password", p.password);
}
void from_json(njson const& j, linkedin_params& p) {
    auto const& im = j.at("im");
    im.at("id").get_to(p.im.id);
    bench::nl::opt(im, "publicIdentifier", p.im.public_identifier);
    im.at("username").get_to(p.im.username);
    bench::nl::nullable(im, "premiumId", p.im.premium_id);
    bench::nl::nullable(im, "premiumContractId", p.im.premium_contract_id);
    bench::nl::opt_vector(im, "premiumFeatures", p.im.premium_features);
    im.at("organizations").get_to(p.im.organizations);
    bench::nl::opt(j, "proxy", p.proxy);
}
void from_json(njson const& j, slack_params& p) {
    auto const& im = j.at("im");
    im.at("url").get_to(p.im.url);
    im.at("user").get_to(p.im.user);
    im.at("user_id").get_to(p.im.user_id);
    im.at("team").get_to(p.im.team);
    im.at("team_id").get_to(p.im.team_id);
}
void from_json(njson const& j, twitter_params& p) {
    j.at("im").get_to(p.im);
}
void from_json(njson const& j, telegram_params& p) {
    auto const& im = j.at("im");
    im.at("user_id").get_to(p.im.user_id);
    im.at("username").get_to(p.im.username);
}
void from_json(njson const& j, instagram_params& p) {
    j.at("im").get_to(p.im);
}
void from_json(njson const& j, messenger_params& p) {
    j.at("im").get_to(p.im);
}

void from_json(njson const& j, account& a) {
    if (auto const it = j.find("object");
        it != j.end() && it->get_ref<std::string const&>() != "Account")
        throw std::invalid_argument("unexpected constant");
    j.at("type").get_to(a.type_name);
    a.type = bench::account_type_from(a.type_name);
    j.at("id").get_to(a.id);
    bench::require_non_empty(a.id);
    j.at("name").get_to(a.name);
    a.created_at = bench::nl::ts(j.at("created_at"));
    if (auto const it = j.find("last_fetched_at"); it != j.end() && !it->is_null())
        a.last_fetched_at = bench::nl::ts(*it);
    else
        a.last_fetched_at.reset();
    bench::nl::opt(j, "current_signature", a.current_signature);
    if (a.current_signature) bench::require_non_empty(*a.current_signature);
    bench::nl::opt_vector(j, "signatures", a.signatures);
    j.at("groups").get_to(a.groups);
    j.at("sources").get_to(a.sources);
    auto const& cp = j.at("connection_params");
    switch (a.type) {
    case account_type::mobile:
        a.connection_params = cp.get<mobile_params>();
        break;
    case account_type::mail:
        a.connection_params = cp.get<mail_params>();
        break;
    case account_type::google_oauth:
        a.connection_params = cp.get<google_oauth_params>();
        break;
    case account_type::icloud:
        a.connection_params = cp.get<icloud_params>();
        break;
    case account_type::outlook:
        a.connection_params = cp.get<outlook_params>();
        break;
    case account_type::google_calendar: {
        auto p = cp.get<google_calendar_params>();
        if (!p.sync_token) bench::nl::opt(j, "sync_token", p.sync_token);
        a.connection_params = std::move(p);
        break;
    }
    case account_type::whatsapp:
        a.connection_params = cp.get<whatsapp_params>();
        break;
    case account_type::linkedin:
        a.connection_params = cp.get<linkedin_params>();
        break;
    case account_type::slack:
        a.connection_params = cp.get<slack_params>();
        break;
    case account_type::twitter:
        a.connection_params = cp.get<twitter_params>();
        break;
    case account_type::exchange:
        a.connection_params = cp.get<exchange_params>();
        break;
    case account_type::telegram:
        a.connection_params = cp.get<telegram_params>();
        break;
    case account_type::instagram:
        a.connection_params = cp.get<instagram_params>();
        break;
    case account_type::messenger:
        a.connection_params = cp.get<messenger_params>();
        break;
    case account_type::unknown:
        a.connection_params = unknown_params{bj::parse(cp.dump())};
        break;
    }
}

void from_json(njson const& j, account_list& l) {
    if (auto const it = j.find("object");
        it != j.end() && it->get_ref<std::string const&>() != "AccountList")
        throw std::invalid_argument("unexpected constant");
    j.at("items").get_to(l.items);
    bench::nl::nullable(j, "cursor", l.cursor);
}

} // namespace postpress

namespace bench::nl {
inline postpress::account_list decode(std::string_view json) {
    auto const j = njson::parse(json);
    postpress::account_list l;
    j.get_to(l);
    return l;
}
} // namespace bench::nl
#endif // POSTPRESS_BENCH_NLOHMANN

// ---- (4) simdjson on-demand
// -----------------------------------------------------------------------

#ifdef POSTPRESS_BENCH_SIMDJSON
namespace bench::sj {

namespace od = simdjson::ondemand;
using namespace postpress;

// Keys are matched after unescaping, like postpress does; fields are read in document order
// (on-demand is forward-only), written in place so that a reused target keeps its capacity.
// Each object tracks the keys it met: a missing required key throws, a missing optional one is
// reset.
struct seen {
    std::uint32_t bits = 0;
    void mark(int i) { bits |= std::uint32_t(1) << i; }
    bool has(int i) const { return (bits >> i) & 1; }
    void require(std::uint32_t mask) const {
        if ((bits & mask) != mask) throw std::invalid_argument("missing required key");
    }
};

inline std::string_view sv(od::value v) {
    return v.get_string();
}
inline void read(od::value v, std::string& out) {
    out.assign(sv(v));
}
inline void read_opt(od::value v, std::optional<std::string>& out) {
    if (v.is_null())
        out.reset();
    else
        read(v, out ? *out : out.emplace());
}
inline std::uint16_t port(od::value v) {
    return port_from(v.get_int64());
}

template <class T, class F>
void read_array(od::value v, std::vector<T>& out, F&& read_element) {
    std::size_t n = 0;
    for (od::value e : v.get_array()) {
        read_element(e, n < out.size() ? out[n] : out.emplace_back());
        ++n;
    }
    out.erase(out.begin() + static_cast<std::ptrdiff_t>(n), out.end());
}
inline void read(od::value v, std::vector<std::string>& out) {
    read_array(v, out, [](od::value e, std::string& s) { read(e, s); });
}

inline void read(od::value v, signature& s) {
    seen k;
    for (od::field f : v.get_object()) {
        std::string_view const key = f.unescaped_key();
        if (key == "title")
            read(f.value(), s.title), k.mark(0);
        else if (key == "content")
            read(f.value(), s.content), k.mark(1);
    }
    k.require(0b11);
}
inline void read(od::value v, account_source& s) {
    seen k;
    for (od::field f : v.get_object()) {
        std::string_view const key = f.unescaped_key();
        if (key == "id")
            read(f.value(), s.id), k.mark(0);
        else if (key == "status")
            s.status = source_status_from(sv(f.value())), k.mark(1);
    }
    k.require(0b11);
}
inline void read(od::value v, mobile_line& m) {
    seen k;
    for (od::field f : v.get_object()) {
        std::string_view const key = f.unescaped_key();
        if (key == "phone_number")
            read(f.value(), m.phone_number), k.mark(0);
        else if (key == "sim_serial_number")
            read(f.value(), m.sim_serial_number), k.mark(1);
    }
    k.require(0b11);
}
inline void read(od::value v, imap_mailbox& m) {
    seen k;
    for (od::field f : v.get_object()) {
        std::string_view const key = f.unescaped_key();
        if (key == "imap_host")
            read(f.value(), m.imap_host), k.mark(0);
        else if (key == "imap_port")
            m.imap_port = port(f.value()), k.mark(1);
        else if (key == "imap_user")
            read(f.value(), m.imap_user), k.mark(2);
        else if (key == "imap_encryption") {
            od::value e = f.value();
            if (e.is_null())
                m.imap_encryption.reset();
            else
                m.imap_encryption = mail_encryption_from(sv(e));
            k.mark(3);
        } else if (key == "smtp_host")
            read(f.value(), m.smtp_host), k.mark(4);
        else if (key == "smtp_port")
            m.smtp_port = port(f.value()), k.mark(5);
        else if (key == "smtp_user")
            read(f.value(), m.smtp_user), k.mark(6);
    }
    if (!k.has(3)) m.imap_encryption.reset();
    k.require(0b1110111);
}
inline void read(od::value v, identity& i) {
    seen k;
    for (od::field f : v.get_object()) {
        std::string_view const key = f.unescaped_key();
        if (key == "id")
            read(f.value(), i.id), k.mark(0);
        else if (key == "username")
            read(f.value(), i.username), k.mark(1);
    }
    k.require(0b11);
}

inline void read(od::value v, whatsapp_params::im_info& im) {
    bool found = false;
    for (od::field f : v.get_object())
        if (f.unescaped_key().value() == "phone_number")
            read(f.value(), im.phone_number), found = true;
    if (!found) throw std::invalid_argument("missing required key");
}
inline void read(od::value v, slack_params::im_info& im) {
    seen k;
    for (od::field f : v.get_object()) {
        std::string_view const key = f.unescaped_key();
        if (key == "url")
            read(f.value(), im.url), k.mark(0);
        else if (key == "user")
            read(f.value(), im.user), k.mark(1);
        else if (key == "user_id")
            read(f.value(), im.user_id), k.mark(2);
        else if (key == "team")
            read(f.value(), im.team), k.mark(3);
        else if (key == "team_id")
            read(f.value(), im.team_id), k.mark(4);
    }
    k.require(0b11111);
}
inline void read(od::value v, telegram_params::im_info& im) {
    seen k;
    for (od::field f : v.get_object()) {
        std::string_view const key = f.unescaped_key();
        if (key == "user_id")
            read(f.value(), im.user_id), k.mark(0);
        else if (key == "username")
            read(f.value(), im.username), k.mark(1);
    }
    k.require(0b11);
}

// The params types whose only key is "mail" (MAIL, ICLOUD, EXCHANGE), "im" (TWITTER, INSTAGRAM,
// MESSENGER, WHATSAPP, SLACK, TELEGRAM), or "mail" and "calendar" (GOOGLE_OAUTH, OUTLOOK).
template <class P, class M>
void read_one_key(od::object o, std::string_view name, P& p, M P::*member) {
    bool found = false;
    for (od::field f : o) {
        if (f.unescaped_key().value() == name) read(f.value(), p.*member), found = true;
    }
    if (!found) throw std::invalid_argument("missing required key");
}
template <class P>
void read_mail_and_calendar(od::object o, P& p) {
    seen k;
    for (od::field f : o) {
        std::string_view const key = f.unescaped_key();
        if (key == "mail")
            read(f.value(), p.mail), k.mark(0);
        else if (key == "calendar")
            read(f.value(), p.calendar), k.mark(1);
    }
    k.require(0b11);
}

inline void read(od::object o, google_calendar_params& p) {
    seen k;
    for (od::field f : o) {
        std::string_view const key = f.unescaped_key();
        if (key == "calendar")
            read(f.value(), p.calendar), k.mark(0);
        else if (key == "sync_token")
            read_opt(f.value(), p.sync_token), k.mark(1);
    }
    if (!k.has(1)) p.sync_token.reset();
    k.require(0b1);
}

inline void read(od::value v, linkedin_organization& o) {
    seen k;
    for (od::field f : v.get_object()) {
        std::string_view const key = f.unescaped_key();
        if (key == "name")
            read(f.value(), o.name), k.mark(0);
        else if (key == "messaging_enabled")
            o.messaging_enabled = f.value().get_bool(), k.mark(1);
        else if (key == "organization_urn")
            read(f.value(), o.organization_urn), k.mark(2);
        else if (key == "mailbox_urn")
            read(f.value(), o.mailbox_urn), k.mark(3);
    }
    k.require(0b1111);
}
inline void read(od::value v, linkedin_proxy& p) {
    seen k;
    for (od::field f : v.get_object()) {
        std::string_view const key = f.unescaped_key();
        if (key == "source")
            read(f.value(), p.source), k.mark(0);
        else if (key == "host")
            read(f.value(), p.host), k.mark(1);
        else if (key == "port")
            p.port = port(f.value()), k.mark(2);
        else if (key == "protocol") {
            od::value e = f.value();
            if (e.is_null())
                p.protocol.reset();
            else
                p.protocol = proxy_protocol_from(sv(e));
            k.mark(3);
        } else if (key == "username")
            read_opt(f.value(), p.username), k.mark(4);
        else if (key == "password")
            read_opt(f.value(), p.password), k.mark(5);
    }
    if (!k.has(3)) p.protocol.reset();
    if (!k.has(4)) p.username.reset();
    if (!k.has(5)) p.password.reset();
    k.require(0b111);
}
inline void read(od::value v, linkedin_params::im_info& im) {
    seen k;
    for (od::field f : v.get_object()) {
        std::string_view const key = f.unescaped_key();
        if (key == "id")
            read(f.value(), im.id), k.mark(0);
        else if (key == "publicIdentifier")
            read_opt(f.value(), im.public_identifier), k.mark(1);
        else if (key == "username")
            read(f.value(), im.username), k.mark(2);
        else if (key == "premiumId")
            read_opt(f.value(), im.premium_id), k.mark(3);
        else if (key == "premiumContractId")
            read_opt(f.value(), im.premium_contract_id), k.mark(4);
        else if (key == "premiumFeatures") {
            od::value a = f.value();
            if (a.is_null())
                im.premium_features.clear();
            else
                read_array(a, im.premium_features, [](od::value e, premium_feature& p) {
                    p = premium_feature_from(sv(e));
                });
            k.mark(5);
        } else if (key == "organizations")
            read_array(f.value(), im.organizations,
                       [](od::value e, linkedin_organization& o) { read(e, o); }),
                k.mark(6);
    }
    if (!k.has(1)) im.public_identifier.reset();
    if (!k.has(5)) im.premium_features.clear();
    k.require(0b1011101);
}
inline void read(od::object o, linkedin_params& p) {
    seen k;
    for (od::field f : o) {
        std::string_view const key = f.unescaped_key();
        if (key == "im")
            read(f.value(), p.im), k.mark(0);
        else if (key == "proxy") {
            od::value v = f.value();
            if (v.is_null())
                p.proxy.reset();
            else
                read(v, p.proxy ? *p.proxy : p.proxy.emplace());
            k.mark(1);
        }
    }
    if (!k.has(1)) p.proxy.reset();
    k.require(0b1);
}

/// Decodes `connection_params` into the alternative that `type` names.
inline void read_params(od::object o, account& a) {
    auto& cp = a.connection_params;
    switch (a.type) {
    case account_type::mobile: {
        auto& p = ensure_alternative<mobile_params>(cp);
        seen k;
        for (od::field f : o) {
            std::string_view const key = f.unescaped_key();
            if (key == "im")
                read(f.value(), p.im), k.mark(0);
            else if (key == "call")
                read(f.value(), p.call), k.mark(1);
        }
        k.require(0b11);
        break;
    }
    case account_type::mail:
        read_one_key(o, "mail", ensure_alternative<mail_params>(cp), &mail_params::mail);
        break;
    case account_type::google_oauth:
        read_mail_and_calendar(o, ensure_alternative<google_oauth_params>(cp));
        break;
    case account_type::icloud:
        read_one_key(o, "mail", ensure_alternative<icloud_params>(cp), &icloud_params::mail);
        break;
    case account_type::outlook:
        read_mail_and_calendar(o, ensure_alternative<outlook_params>(cp));
        break;
    case account_type::google_calendar: {
        read(o, ensure_alternative<google_calendar_params>(cp));
        break;
    }
    case account_type::whatsapp:
        read_one_key(o, "im", ensure_alternative<whatsapp_params>(cp), &whatsapp_params::im);
        break;
    case account_type::linkedin:
        read(o, ensure_alternative<linkedin_params>(cp));
        break;
    case account_type::slack:
        read_one_key(o, "im", ensure_alternative<slack_params>(cp), &slack_params::im);
        break;
    case account_type::twitter:
        read_one_key(o, "im", ensure_alternative<twitter_params>(cp), &twitter_params::im);
        break;
    case account_type::exchange:
        read_one_key(o, "mail", ensure_alternative<exchange_params>(cp), &exchange_params::mail);
        break;
    case account_type::telegram:
        read_one_key(o, "im", ensure_alternative<telegram_params>(cp), &telegram_params::im);
        break;
    case account_type::instagram:
        read_one_key(o, "im", ensure_alternative<instagram_params>(cp), &instagram_params::im);
        break;
    case account_type::messenger:
        read_one_key(o, "im", ensure_alternative<messenger_params>(cp), &messenger_params::im);
        break;
    case account_type::unknown: {
        std::string_view const raw = o.raw_json();
        ensure_alternative<unknown_params>(cp).raw =
            bj::parse(bj::string_view(raw.data(), raw.size()));
        break;
    }
    }
}

inline void read(od::value v, account& a) {
    seen k;
    std::string_view deferred_params; // connection_params met before type: decoded after
    std::string_view hoisted_sync;    // sync_token beside connection_params
    bool has_hoisted_sync = false;
    for (od::field f : v.get_object()) {
        std::string_view const key = f.unescaped_key();
        if (key == "object") {
            if (sv(f.value()) != "Account") throw std::invalid_argument("unexpected constant");
        } else if (key == "type") {
            read(f.value(), a.type_name);
            a.type = account_type_from(a.type_name);
            k.mark(0);
        } else if (key == "id") {
            read(f.value(), a.id);
            require_non_empty(a.id);
            k.mark(1);
        } else if (key == "name") {
            read(f.value(), a.name), k.mark(2);
        } else if (key == "created_at") {
            a.created_at = timestamp_from(sv(f.value())), k.mark(3);
        } else if (key == "last_fetched_at") {
            od::value t = f.value();
            if (t.is_null())
                a.last_fetched_at.reset();
            else
                a.last_fetched_at = timestamp_from(sv(t));
            k.mark(4);
        } else if (key == "current_signature") {
            read_opt(f.value(), a.current_signature);
            if (a.current_signature) require_non_empty(*a.current_signature);
            k.mark(5);
        } else if (key == "signatures") {
            od::value s = f.value();
            if (s.is_null())
                a.signatures.clear();
            else
                read_array(s, a.signatures, [](od::value e, signature& x) { read(e, x); });
            k.mark(6);
        } else if (key == "groups") {
            read(f.value(), a.groups), k.mark(7);
        } else if (key == "sources") {
            read_array(f.value(), a.sources, [](od::value e, account_source& x) { read(e, x); });
            k.mark(8);
        } else if (key == "connection_params") {
            od::object o = f.value().get_object();
            if (k.has(0))
                read_params(o, a);
            else
                deferred_params = o.raw_json();
            k.mark(9);
        } else if (key == "sync_token") {
            od::value t = f.value();
            if (!t.is_null()) hoisted_sync = sv(t), has_hoisted_sync = true;
        }
    }
    k.require(0b1110001111);
    if (!k.has(4)) a.last_fetched_at.reset();
    if (!k.has(5)) a.current_signature.reset();
    if (!k.has(6)) a.signatures.clear();
    if (!deferred_params.empty()) {
        // Rare: a second parse of the saved text, now that the type is known.
        simdjson::padded_string const copy(deferred_params);
        od::parser p;
        od::document doc = p.iterate(copy);
        read_params(doc.get_object(), a);
    }
    if (has_hoisted_sync)
        if (auto* g = std::get_if<google_calendar_params>(&a.connection_params);
            g && !g->sync_token)
            g->sync_token = std::string(hoisted_sync);
}

/// Decodes a page into `out`, reusing its capacity; the parser is kept from call to call, as
/// simdjson's documentation asks.
inline void decode(od::parser& parser, simdjson::padded_string const& json, account_list& out) {
    od::document doc = parser.iterate(json);
    seen k;
    for (od::field f : doc.get_object()) {
        std::string_view const key = f.unescaped_key();
        if (key == "object") {
            if (sv(f.value()) != "AccountList") throw std::invalid_argument("unexpected constant");
        } else if (key == "items") {
            read_array(f.value(), out.items, [](od::value e, account& a) { read(e, a); });
            k.mark(0);
        } else if (key == "cursor") {
            read_opt(f.value(), out.cursor), k.mark(1);
        }
    }
    k.require(0b11);
    // Only whitespace may follow: past the last token, there is no location.
    if (!doc.current_location().error()) throw std::invalid_argument("data after the document");
}

} // namespace bench::sj
#endif // POSTPRESS_BENCH_SIMDJSON

// ---- the harness -----------------------------------------------------------------------------

namespace bench {

/// The CPU time of this thread: unlike wall-clock time, it does not count the time the machine
/// gives to other processes (builds, other benchmarks), which would otherwise decide the result
/// on a shared machine. Steady wall-clock time where there is no such clock.
struct cpu_clock {
    using duration = std::chrono::nanoseconds;
    using time_point = std::chrono::time_point<cpu_clock, duration>;
    static time_point now() noexcept {
#if defined(CLOCK_THREAD_CPUTIME_ID)
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return time_point(std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec));
#else
        return time_point(std::chrono::duration_cast<duration>(
            std::chrono::steady_clock::now().time_since_epoch()));
#endif
    }
};
using clock = cpu_clock;

inline std::string base64(std::string_view in) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (unsigned char c : in) {
        acc = (acc << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += alphabet[(acc >> bits) & 63];
        }
    }
    if (bits > 0) out += alphabet[(acc << (6 - bits)) & 63];
    while (out.size() % 4 != 0)
        out += '=';
    return out;
}

inline postpress::account_list make_page(std::size_t count, std::uint64_t seed) {
    postpress::account_list page;
    page.items = postpress::testing::make_sample_accounts(count, seed);
    page.cursor = base64(R"({"after":")" + page.items.back().id + R"(","limit":)" +
                         std::to_string(count) + R"(,"order":"created_at"})");
    return page;
}

struct contender {
    contender(char const* name, char const* note, std::function<std::size_t()> run)
        : name(name)
        , note(note)
        , run(std::move(run)) {}
    char const* name;
    char const* note;
    std::function<std::size_t()> run; // one decode; the result's size, for the sink
    std::vector<double> mbps;         // one figure per round
    double median = 0, low = 0, high = 0;
};

inline double median_of(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    std::size_t const n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

volatile std::size_t sink = 0;

/// Runs `c` for about `slice`, returns MB/s over the input.
inline double measure(contender& c, std::size_t bytes, clock::duration slice) {
    std::size_t iterations = 0, acc = 0;
    auto const start = clock::now();
    auto now = start;
    do {
        acc += c.run();
        ++iterations;
        now = clock::now();
    } while (now - start < slice);
    sink = sink + acc;
    double const seconds = std::chrono::duration<double>(now - start).count();
    return double(bytes) * double(iterations) / seconds / 1e6;
}

} // namespace bench

int main(int argc, char** argv) {
    using namespace bench;
    int rounds = 15;
    int slice_ms = 100;
    for (int i = 1; i < argc; ++i) {
        std::string_view const arg = argv[i];
        if (arg == "--quick") {
            rounds = 5;
            slice_ms = 60;
        } else if (arg == "--rounds" && i + 1 < argc) {
            rounds = std::max(1, std::atoi(argv[++i]));
        } else if (arg == "--slice-ms" && i + 1 < argc) {
            slice_ms = std::max(1, std::atoi(argv[++i]));
        } else {
            std::printf("usage: %s [--quick] [--rounds N] [--slice-ms MS]\n"
                        "  default: 15 rounds of 100 ms per contender; --quick: 5 of 60 ms\n",
                        argv[0]);
            return arg == "--help" || arg == "-h" ? 0 : 2;
        }
    }

    // The page: 250 accounts of all 14 types, as the server would send it.
    postpress::account_list const page = make_page(250, 20261126);
    std::string const json = postpress::encode(page);
    // Another page, decoded into the reused lists first so that reuse is exercised for real
    // (more items, other types at each index, other string lengths).
    std::string const other_json = postpress::encode(make_page(300, 7));

    // ---- the contenders' decode functions ----
    auto postpress_fresh = [&] {
        boost::system::error_code ec;
        postpress::diagnostics diag;
        auto list = postpress::parse_account_list(json, ec, diag);
        if (ec) throw std::runtime_error("postpress: " + diag.to_string());
        return list;
    };
    auto postpress_into = [&](std::string_view text, postpress::account_list& into) {
        boost::system::error_code ec;
        postpress::diagnostics diag;
        postpress::parse_account_list(text, into, ec, diag);
        if (ec) throw std::runtime_error("postpress: " + diag.to_string());
    };
    dom::reusing_decoder dom_reuse(4 * json.size());
#ifdef POSTPRESS_BENCH_SIMDJSON
    simdjson::padded_string const padded(json);
    simdjson::padded_string const other_padded(other_json);
    simdjson::ondemand::parser simd_parser;
#endif

    // ---- correctness, once, before any timing ----
    postpress::account_list const expected = postpress_fresh();
    postpress::account_list postpress_reused, dom_reused, simd_reused;
    int mismatches = 0;
    auto check = [&](char const* what, auto&& produce) {
        try {
            postpress::account_list const got = produce();
            if (got == expected) {
                std::printf("  %-44s == postpress: ok\n", what);
                return;
            }
            std::size_t i = 0;
            while (i < got.items.size() && i < expected.items.size() &&
                   got.items[i] == expected.items[i])
                ++i;
            std::printf("  %-44s MISMATCH (first difference at items[%zu] of %zu/%zu)\n", what, i,
                        got.items.size(), expected.items.size());
        } catch (std::exception const& e) {
            std::printf("  %-44s FAILED: %s\n", what, e.what());
        }
        ++mismatches;
    };
    std::printf("postpress %s decode benchmark\n", POSTPRESS_VERSION_STRING);
    std::printf("page: %zu accounts of all 14 types, %zu bytes; Boost %d.%d", page.items.size(),
                json.size(), BOOST_VERSION / 100000, BOOST_VERSION / 100 % 1000);
#ifdef POSTPRESS_BENCH_NLOHMANN
    std::printf(", nlohmann::json %d.%d.%d", NLOHMANN_JSON_VERSION_MAJOR,
                NLOHMANN_JSON_VERSION_MINOR, NLOHMANN_JSON_VERSION_PATCH);
#endif
#ifdef POSTPRESS_BENCH_SIMDJSON
    std::printf(", simdjson %d.%d.%d (%s kernel)", simdjson::SIMDJSON_VERSION_MAJOR,
                simdjson::SIMDJSON_VERSION_MINOR, simdjson::SIMDJSON_VERSION_REVISION,
                BENCH_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION));
#endif
    std::printf("\n\nverification (each result compared with postpress's, operator==):\n");
    if (expected == page)
        std::printf("  %-44s == the generated page: ok\n", "postpress fresh");
    else
        std::printf("  %-44s MISMATCH with the generated page\n", "postpress fresh"), ++mismatches;
    check("postpress reused", [&] {
        postpress_into(other_json, postpress_reused);
        postpress_into(json, postpress_reused);
        return postpress_reused;
    });
    try {
        floor::tokenize(json);
    } catch (std::exception const& e) {
        std::printf("  floor FAILED: %s\n", e.what()), ++mismatches;
    }
    check("boost::json DOM + value_to", [&] { return dom::decode(json); });
    check("boost::json DOM + value_to (reused parser)", [&] {
        dom_reused = dom_reuse.decode(other_json);
        dom_reused = dom_reuse.decode(json);
        return dom_reused;
    });
#ifdef POSTPRESS_BENCH_NLOHMANN
    check("nlohmann::json + from_json", [&] { return nl::decode(json); });
#endif
#ifdef POSTPRESS_BENCH_SIMDJSON
    check("simdjson on-demand", [&] {
        postpress::account_list l;
        sj::decode(simd_parser, padded, l);
        return l;
    });
    check("simdjson on-demand (reused)", [&] {
        sj::decode(simd_parser, other_padded, simd_reused);
        sj::decode(simd_parser, padded, simd_reused);
        return simd_reused;
    });
#endif
    if (mismatches != 0) {
        std::printf("\n%d contender(s) did not produce postpress's result: no timing.\n",
                    mismatches);
        return 1;
    }

    // ---- the contenders, fresh then reused ----
    std::vector<contender> fresh, reused;
    fresh.push_back({"boost::json basic_parser, null handler", "the tokenizer floor: no output",
                     [&] { return floor::tokenize(json); }});
    fresh.push_back({"postpress", "parse_account_list(json, ec, diag)",
                     [&] { return postpress_fresh().items.size(); }});
    fresh.push_back({"boost::json DOM + value_to", "parse(json, &monotonic_resource) + value_to",
                     [&] { return dom::decode(json).items.size(); }});
#ifdef POSTPRESS_BENCH_NLOHMANN
    fresh.push_back({"nlohmann::json + from_json", "json::parse + get_to",
                     [&] { return nl::decode(json).items.size(); }});
#endif
#ifdef POSTPRESS_BENCH_SIMDJSON
    fresh.push_back({"simdjson on-demand", "parser kept; input pre-padded", [&] {
                         postpress::account_list l;
                         sj::decode(simd_parser, padded, l);
                         return l.items.size();
                     }});
#endif
    reused.push_back({"postpress", "parse_account_list(json, into, ec, diag)", [&] {
                          postpress_into(json, postpress_reused);
                          return postpress_reused.items.size();
                      }});
    reused.push_back({"boost::json DOM + value_to", "parser + arena reused; structs rebuilt", [&] {
                          dom_reused = dom_reuse.decode(json);
                          return dom_reused.items.size();
                      }});
#ifdef POSTPRESS_BENCH_SIMDJSON
    reused.push_back({"simdjson on-demand", "written in place, capacity kept", [&] {
                          sj::decode(simd_parser, padded, simd_reused);
                          return simd_reused.items.size();
                      }});
#endif

    std::vector<contender*> all;
    for (auto& c : fresh)
        all.push_back(&c);
    for (auto& c : reused)
        all.push_back(&c);

    auto const slice = std::chrono::milliseconds(slice_ms);
    std::printf("\n%d rounds, each running every contender for %d ms of CPU time, in rotating "
                "order.\nMB/s: 10^6 bytes of input per second of this thread's CPU time; median "
                "of the rounds (min - max).\n",
                rounds, slice_ms);
    for (auto* c : all) // warm-up: caches, allocator, branch predictors
        measure(*c, json.size(), slice / 4);
    for (int r = 0; r < rounds; ++r)
        for (std::size_t i = 0; i < all.size(); ++i) {
            auto& c = *all[(i + std::size_t(r)) % all.size()];
            c.mbps.push_back(measure(c, json.size(), slice));
        }
    for (auto* c : all) {
        c->median = median_of(c->mbps);
        c->low = *std::min_element(c->mbps.begin(), c->mbps.end());
        c->high = *std::max_element(c->mbps.begin(), c->mbps.end());
    }

    auto print_table = [](char const* title, std::vector<contender> const& cs) {
        std::printf("\n%s\n  %-40s %9s   %-17s  %s\n", title, "contender", "MB/s", "(min - max)",
                    "how");
        for (auto const& c : cs)
            std::printf("  %-40s %9.1f   (%6.1f - %6.1f)  %s\n", c.name, c.median, c.low, c.high,
                        c.note);
    };
    print_table("fresh: a new account_list per decode (its destruction included)", fresh);
    print_table("reused: decoding into the same account_list", reused);
    std::printf("  %-40s %9s   %-17s  %s\n", "boost::json basic_parser, null handler", "-", "",
                "no output to reuse: the fresh figure applies");
#ifdef POSTPRESS_BENCH_NLOHMANN
    std::printf("  %-40s %9s   %-17s  %s\n", "nlohmann::json + from_json", "n/a", "",
                "a DOM: builds a new tree per document, nothing to reuse");
#endif

    auto find = [](std::vector<contender> const& cs, std::string_view name) -> double {
        for (auto const& c : cs)
            if (name == c.name) return c.median;
        return 0;
    };
    double const floor_mbps = find(fresh, "boost::json basic_parser, null handler");
    double const pp_fresh = find(fresh, "postpress");
    double const dom_fresh = find(fresh, "boost::json DOM + value_to");
    double const pp_reused = find(reused, "postpress");
    double const dom_reused_mbps = find(reused, "boost::json DOM + value_to");

    struct goal {
        char const* what;
        double ratio;
        double target;
        bool strict; // ratio must exceed target, not just reach it
    };
    std::vector<goal> goals = {
        {"postpress fresh  / floor", pp_fresh / floor_mbps, 0.40, false},
        {"postpress fresh  / DOM+value_to", pp_fresh / dom_fresh, 1.9, false},
#ifdef POSTPRESS_BENCH_SIMDJSON
        {"postpress fresh  / simdjson on-demand", pp_fresh / find(fresh, "simdjson on-demand"), 1.0,
         true},
#endif
        {"postpress reused / floor", pp_reused / floor_mbps, 0.60, false},
        {"postpress reused / DOM+value_to (reused parser)", pp_reused / dom_reused_mbps, 2.7,
         false},
    };
    std::printf("\nratios (of medians)\n");
    for (auto const& g : goals) {
        bool const pass = g.strict ? g.ratio > g.target : g.ratio >= g.target;
        std::printf("  %-48s %6.2fx   goal %s %.2fx   %s\n", g.what, g.ratio,
                    g.strict ? "> " : ">=", g.target, pass ? "PASS" : "MISS");
    }
    std::printf("  (for reference: postpress reused / DOM+value_to fresh: %.2fx; "
                "postpress reused / fresh: %.2fx)\n",
                pp_reused / dom_fresh, pp_reused / pp_fresh);
    return 0;
}
