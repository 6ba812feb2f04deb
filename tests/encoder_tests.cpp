// The encoder generated from the model's descriptions: what it writes, and that decoding it gives
// back the model it came from.
#include <postpress/postpress.hpp>

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bj = boost::json;
using namespace postpress;

namespace {

timestamp at(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0, int ms = 0) {
    using namespace std::chrono;
    return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s} +
           milliseconds{ms};
}

std::string read_file(char const* path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

account_list decode_ok(std::string_view json) {
    account_list l;
    boost::system::error_code ec;
    diagnostics diag;
    decode(json, l, ec, diag);
    INFO("decode failed at ", diag.path, ": ", diag.detail);
    REQUIRE_FALSE(ec);
    return l;
}

account base(account_type type, std::string id, bool full) {
    account a;
    a.type = type;
    a.type_name = std::string(to_string(type));
    a.id = std::move(id);
    a.name = "Name \"" + a.id + "\"";
    a.created_at = at(2026, 4, 12, 9, 14, 21, 123);
    if (full) {
        a.last_fetched_at = at(2026, 5, 1, 23, 59, 59, 999);
        a.current_signature = "sig_1";
        a.signatures = {{"Default", "Sent from postpress"}, {"Two", "line\nbreak"}};
        a.groups = {"grp_a", "grp_b"};
        a.sources = {{"messaging", source_status::ok},
                     {"mail", source_status::permissions},
                     {"calendar", source_status::unknown}};
    }
    return a;
}

imap_mailbox mailbox(std::string_view p, bool full) {
    std::string const s(p);
    return {"imap." + s,
            993,
            s + "-imap",
            full ? std::optional<mail_encryption>(mail_encryption::starttls) : std::nullopt,
            "smtp." + s,
            587,
            s + "-smtp"};
}

connection_params_variant params_of(account_type t, bool full) {
    using at_ = account_type;
    switch (t) {
    case at_::mobile:
        return mobile_params{{"+331", "sim1"}, {"+332", "sim2"}};
    case at_::mail:
        return mail_params{mailbox("mail", full)};
    case at_::google_oauth:
        return google_oauth_params{{"gm", "gmu"}, {"gc", "gcu"}};
    case at_::icloud:
        return icloud_params{mailbox("icloud", full)};
    case at_::outlook:
        return outlook_params{{"om", "omu"}, {"oc", "ocu"}};
    case at_::google_calendar:
        return google_calendar_params{"primary",
                                      full ? std::optional<std::string>("sync") : std::nullopt};
    case at_::whatsapp:
        return whatsapp_params{{"+49"}};
    case at_::linkedin:
        if (!full)
            return linkedin_params{{"li", std::nullopt, "u", std::nullopt, std::nullopt, {}, {}},
                                   {}};
        return linkedin_params{
            {"li",
             "public-id",
             "user",
             "prem",
             "contract",
             {premium_feature::recruiter, premium_feature::premium, premium_feature::unknown},
             {{"Acme", true, "urn:o:1", "urn:m:1"}, {"Beta", false, "urn:o:2", "urn:m:2"}}},
            linkedin_proxy{"USER", "proxy.test", 3128, proxy_protocol::https, "pu", "pass-word"}};
    case at_::slack:
        return slack_params{{"https://s.test", "u", "U1", "t", "T1"}};
    case at_::twitter:
        return twitter_params{{"tw", "twu"}};
    case at_::exchange:
        return exchange_params{mailbox("exchange", full)};
    case at_::telegram:
        return telegram_params{{"tg", "tgu"}};
    case at_::instagram:
        return instagram_params{{"ig", "igu"}};
    case at_::messenger:
        return messenger_params{{"fb", "fbu"}};
    case at_::unknown:
        break;
    }
    return unknown_params{bj::parse(R"({"handle":"@a@b.test","n":[1,-2,3.5,true,null,{"x":"y"}],)"
                                    R"("big":18446744073709551615,"s":"caf\u00e9\n"})")};
}

constexpr account_type all_types[] = {
    account_type::mobile,    account_type::mail,     account_type::google_oauth,
    account_type::icloud,    account_type::outlook,  account_type::google_calendar,
    account_type::whatsapp,  account_type::linkedin, account_type::slack,
    account_type::twitter,   account_type::exchange, account_type::telegram,
    account_type::instagram, account_type::messenger};

account make(account_type t, bool full) {
    auto a = base(t, std::string(to_string(t)) + (full ? "_full" : "_min"), full);
    a.connection_params = params_of(t, full);
    return a;
}

account make_unknown(bool full) {
    auto a = base(account_type::unknown, full ? "masto_full" : "masto_min", full);
    a.type_name = "MASTODON";
    a.connection_params = params_of(account_type::unknown, full);
    return a;
}

account_list everything() {
    account_list l;
    for (auto t : all_types) {
        l.items.push_back(make(t, true));
        l.items.push_back(make(t, false));
    }
    l.items.push_back(make_unknown(true));
    l.items.push_back(make_unknown(false));
    l.cursor = "eyJwIjoyfQ+/=";
    return l;
}

} // namespace

TEST_CASE("round trip: encode then decode gives an equal model, for every type") {
    for (auto t : all_types)
        for (bool full : {true, false}) {
            CAPTURE(to_string(t));
            CAPTURE(full);
            account_list l;
            l.items.push_back(make(t, full));
            auto const json = encode(l);
            auto const back = decode_ok(json);
            REQUIRE(back.items.size() == 1);
            CHECK(back.items[0].type == t);
            CHECK(back.items[0].connection_params.index() == static_cast<std::size_t>(t));
            CHECK(back.items[0] == l.items[0]);
            CHECK(back == l);
        }
    SUBCASE("all of them in one page") {
        auto const l = everything();
        auto const json = encode(l);
        auto const back = decode_ok(json);
        CHECK(back == l);
        // Encoding is deterministic: the decoded model encodes to the same text.
        CHECK(encode(back) == json);
    }
}

TEST_CASE("round trip: unknown types keep their raw connection_params") {
    for (bool full : {true, false}) {
        account_list l;
        l.items.push_back(make_unknown(full));
        auto const json = encode(l);
        auto const dom = bj::parse(json);
        CHECK(dom.at_pointer("/items/0/type") == "MASTODON");
        CHECK(dom.at_pointer("/items/0/connection_params") ==
              l.items[0].params<unknown_params>()->raw);
        auto const back = decode_ok(json);
        CHECK(back == l);
        REQUIRE(back.items.at(0).params<unknown_params>() != nullptr);
        CHECK(back.items[0].params<unknown_params>()->raw.at("big").as_uint64() ==
              18446744073709551615ull);
    }
    SUBCASE("raw values that are not objects are written back as they are") {
        account a = make_unknown(false);
        a.connection_params = unknown_params{bj::parse(R"([1,"two",null])")};
        auto const dom = bj::parse(encode(a));
        CHECK(dom.at("connection_params") == bj::parse(R"([1,"two",null])"));
    }
}

TEST_CASE("the encoder writes the API's field names and forms") {
    account_list l;
    l.items.push_back(make(account_type::linkedin, true));
    l.items.push_back(make(account_type::linkedin, false));
    l.items.push_back(make(account_type::mail, false));
    l.items.push_back(make(account_type::google_calendar, true));
    auto const dom = bj::parse(encode(l));
    CHECK(dom.at("object") == "AccountList");
    CHECK(dom.at("cursor").is_null());

    auto const& full = dom.at_pointer("/items/0").as_object();
    CHECK(full.at("object") == "Account");
    CHECK(full.at("type") == "LINKEDIN");
    CHECK(full.at("id") == "LINKEDIN_full");
    CHECK(full.at("created_at") == "2026-04-12T09:14:21.123Z");
    CHECK(full.at("last_fetched_at") == "2026-05-01T23:59:59.999Z");
    CHECK(full.at("current_signature") == "sig_1");
    CHECK(full.at("signatures") ==
          bj::parse(R"([{"title":"Default","content":"Sent from postpress"},)"
                    R"({"title":"Two","content":"line\nbreak"}])"));
    CHECK(full.at("groups") == bj::parse(R"(["grp_a","grp_b"])"));
    CHECK(full.at("sources") ==
          bj::parse(R"([{"id":"messaging","status":"OK"},{"id":"mail","status":"PERMISSIONS"},)"
                    R"({"id":"calendar","status":"UNKNOWN"}])"));
    CHECK(full.at("connection_params") ==
          bj::parse(R"({"im":{"id":"li","publicIdentifier":"public-id","username":"user",)"
                    R"("premiumId":"prem","premiumContractId":"contract",)"
                    R"("premiumFeatures":["recruiter","premium","unknown"],)"
                    R"("organizations":[{"name":"Acme","messaging_enabled":true,)"
                    R"("organization_urn":"urn:o:1","mailbox_urn":"urn:m:1"},)"
                    R"({"name":"Beta","messaging_enabled":false,"organization_urn":"urn:o:2",)"
                    R"("mailbox_urn":"urn:m:2"}]},"proxy":{"source":"USER","host":"proxy.test",)"
                    R"("port":3128,"protocol":"https","username":"pu","password":"pass-word"}})"));

    // Absent optional fields are omitted; nullable ones are written as null; required arrays
    // are written even when empty.
    auto const& min = dom.at_pointer("/items/1").as_object();
    CHECK_FALSE(min.contains("last_fetched_at"));
    CHECK_FALSE(min.contains("current_signature"));
    CHECK_FALSE(min.contains("signatures"));
    CHECK(min.at("groups") == bj::array{});
    CHECK(min.at("sources") == bj::array{});
    CHECK(min.at("connection_params") ==
          bj::parse(R"({"im":{"id":"li","username":"u","premiumId":null,)"
                    R"("premiumContractId":null,"organizations":[]}})"));
    CHECK(dom.at_pointer("/items/2/connection_params") ==
          bj::parse(R"({"mail":{"imap_host":"imap.mail","imap_port":993,"imap_user":"mail-imap",)"
                    R"("smtp_host":"smtp.mail","smtp_port":587,"smtp_user":"mail-smtp"}})"));
    // sync_token is written inside connection_params (never beside).
    CHECK(dom.at_pointer("/items/3/connection_params") ==
          bj::parse(R"({"calendar":"primary","sync_token":"sync"})"));
    CHECK_FALSE(dom.at_pointer("/items/3").as_object().contains("sync_token"));

    SUBCASE("the type's wire name is used when type_name is empty") {
        account a = make(account_type::google_oauth, false);
        a.type_name.clear();
        auto const d = bj::parse(encode(a));
        CHECK(d.at("type") == "GOOGLE_OAUTH");
    }
    SUBCASE("cursor") {
        account_list c;
        c.cursor = "a+b/c=";
        CHECK(bj::parse(encode(c)) == bj::parse(R"({"object":"AccountList","items":[],)"
                                                R"("cursor":"a+b/c="})"));
    }
    SUBCASE("encode appends to a string") {
        std::string out = "x";
        encode(account_list{}, out);
        CHECK(out == R"(x{"object":"AccountList","items":[],"cursor":null})");
    }
}

TEST_CASE("the spec's example survives decode, encode, decode") {
    std::string const json = read_file(POSTPRESS_SPEC_FILE);
    auto const first = decode_ok(json);
    auto const encoded = encode(first);
    auto const second = decode_ok(encoded);
    CHECK(second == first);
    // The encoded document is the spec's, with "object" added on the item that lacked it.
    auto expected = bj::parse(json);
    expected.at_pointer("/items/1").as_object()["object"] = "Account";
    CHECK(bj::parse(encoded) == expected);
}

TEST_CASE("redact_secrets writes proxy passwords as ***") {
    account_list l;
    l.items.push_back(make(account_type::linkedin, true));
    l.items.push_back(make(account_type::linkedin, true));
    l.items[1].params<linkedin_params>()->proxy->password.reset();
    l.items.push_back(make(account_type::linkedin, false)); // no proxy at all
    REQUIRE(l.items[0].params<linkedin_params>()->proxy->password ==
            std::optional<std::string>("pass-word"));

    auto const redacted = encode(l, encode_options{.redact_secrets = true});
    CHECK(redacted.find("pass-word") == std::string::npos);
    auto const r = bj::parse(redacted);
    CHECK(r.at_pointer("/items/0/connection_params/proxy/password") == "***");
    // Other proxy fields are untouched.
    CHECK(r.at_pointer("/items/0/connection_params/proxy/username") == "pu");
    CHECK(r.at_pointer("/items/0/connection_params/proxy/host") == "proxy.test");
    // An absent password stays absent.
    CHECK_FALSE(r.at_pointer("/items/1/connection_params/proxy").as_object().contains("password"));
    CHECK_FALSE(r.at_pointer("/items/2/connection_params").as_object().contains("proxy"));
    // What a redacted page decodes to.
    auto const back = decode_ok(redacted);
    CHECK(back.items.at(0).params<linkedin_params>()->proxy->password ==
          std::optional<std::string>("***"));

    for (auto const& plain : {encode(l, encode_options{.redact_secrets = false}), encode(l)}) {
        auto const p = bj::parse(plain);
        CHECK(p.at_pointer("/items/0/connection_params/proxy/password") == "pass-word");
        CHECK(decode_ok(plain) == l);
    }
}

TEST_CASE("to_string of every enum gives the wire spelling") {
    using at_ = account_type;
    std::pair<at_, std::string_view> const types[] = {
        {at_::mobile, "MOBILE"},
        {at_::mail, "MAIL"},
        {at_::google_oauth, "GOOGLE_OAUTH"},
        {at_::icloud, "ICLOUD"},
        {at_::outlook, "OUTLOOK"},
        {at_::google_calendar, "GOOGLE_CALENDAR"},
        {at_::whatsapp, "WHATSAPP"},
        {at_::linkedin, "LINKEDIN"},
        {at_::slack, "SLACK"},
        {at_::twitter, "TWITTER"},
        {at_::exchange, "EXCHANGE"},
        {at_::telegram, "TELEGRAM"},
        {at_::instagram, "INSTAGRAM"},
        {at_::messenger, "MESSENGER"},
    };
    for (auto [v, wire] : types) {
        CHECK(to_string(v) == wire);
        CHECK(schema::from_wire_name<at_>(wire) == v);
    }
    CHECK(to_string(at_::unknown) == "UNKNOWN");
    CHECK(schema::from_wire_name<at_>("MASTODON") == at_::unknown);

    using ss = source_status;
    std::pair<ss, std::string_view> const statuses[] = {
        {ss::ok, "OK"},
        {ss::stopped, "STOPPED"},
        {ss::error, "ERROR"},
        {ss::credentials, "CREDENTIALS"},
        {ss::permissions, "PERMISSIONS"},
        {ss::connecting, "CONNECTING"},
        {ss::unknown, "UNKNOWN"},
    };
    for (auto [v, wire] : statuses)
        CHECK(to_string(v) == wire);

    using me = mail_encryption;
    std::pair<me, std::string_view> const encryptions[] = {
        {me::tls, "tls"},          {me::ssl, "ssl"},         {me::starttls, "starttls"},
        {me::default_, "default"}, {me::unknown, "unknown"},
    };
    for (auto [v, wire] : encryptions)
        CHECK(to_string(v) == wire);

    using pf = premium_feature;
    std::pair<pf, std::string_view> const features[] = {
        {pf::recruiter, "recruiter"},
        {pf::sales_navigator, "sales_navigator"},
        {pf::premium, "premium"},
        {pf::unknown, "unknown"},
    };
    for (auto [v, wire] : features)
        CHECK(to_string(v) == wire);

    using pp = proxy_protocol;
    std::pair<pp, std::string_view> const protocols[] = {
        {pp::http, "http"},
        {pp::https, "https"},
        {pp::socks5, "socks5"},
        {pp::unknown, "unknown"},
    };
    for (auto [v, wire] : protocols)
        CHECK(to_string(v) == wire);

    SUBCASE("the decoder reads what to_string writes") {
        // Every known spelling, through a whole document.
        account_list l;
        for (auto [t, wire] : types) {
            auto a = make(t, true);
            a.type_name = std::string(wire);
            l.items.push_back(a);
        }
        auto& mail = l.items[1].params<mail_params>()->mail;
        auto& li = *l.items[7].params<linkedin_params>();
        for (auto [s, wire] : statuses)
            if (s != ss::unknown) l.items[0].sources.push_back({std::string(wire), s});
        li.im.premium_features = {pf::recruiter, pf::sales_navigator, pf::premium};
        for (auto [e, wire] : encryptions) {
            if (e == me::unknown) continue;
            mail.imap_encryption = e;
            CHECK(decode_ok(encode(l)) == l);
        }
        for (auto [p, wire] : protocols) {
            if (p == pp::unknown) continue;
            li.proxy->protocol = p;
            CHECK(decode_ok(encode(l)) == l);
        }
    }
}

TEST_CASE("timestamps are written as YYYY-MM-DDTHH:MM:SS.sssZ") {
    struct row {
        timestamp t;
        char const* text;
    };
    row const rows[] = {
        {at(2026, 4, 12, 9, 14, 21, 123), "2026-04-12T09:14:21.123Z"},
        {at(2026, 4, 12, 9, 14, 21), "2026-04-12T09:14:21.000Z"},
        {at(2026, 1, 2, 3, 4, 5, 6), "2026-01-02T03:04:05.006Z"},
        {at(2024, 2, 29, 23, 59, 59, 999), "2024-02-29T23:59:59.999Z"},
        {timestamp{}, "1970-01-01T00:00:00.000Z"},
        {at(1969, 12, 31, 23, 59, 59, 999), "1969-12-31T23:59:59.999Z"},
        {at(1, 1, 1), "0001-01-01T00:00:00.000Z"},
        {at(9999, 12, 31, 23, 59, 59, 999), "9999-12-31T23:59:59.999Z"},
    };
    for (auto const& r : rows) {
        CAPTURE(std::string_view(r.text));
        CHECK(format_timestamp(r.t) == r.text);
        account a = make(account_type::whatsapp, false);
        a.created_at = r.t;
        a.last_fetched_at = r.t;
        auto const dom = bj::parse(encode(a));
        CHECK(dom.at("created_at") == r.text);
        CHECK(dom.at("last_fetched_at") == r.text);
        account_list l;
        l.items.push_back(a);
        CHECK(decode_ok(encode(l)) == l);
    }
}

TEST_CASE("strings are escaped as JSON needs") {
    std::string const nasty = std::string("q\"uote\\back/slash\nnl\r\t\b\f ctl\x01\x1f\x7f ") +
                              "caf\xc3\xa9 \xf0\x9f\x98\x80 " + std::string(1, '\0') + "end";
    account a = make(account_type::slack, true);
    a.name = nasty;
    a.groups = {nasty, ""};
    a.params<slack_params>()->im.url = nasty;
    auto const json = encode(a);
    // No raw control character in the output.
    for (char c : json)
        CHECK_FALSE((static_cast<unsigned char>(c) < 0x20));
    auto const dom = bj::parse(json);
    CHECK(dom.at("name").as_string() == bj::string_view(nasty));
    CHECK(dom.at_pointer("/groups/0").as_string() == bj::string_view(nasty));
    CHECK(dom.at_pointer("/connection_params/im/url").as_string() == bj::string_view(nasty));
    account_list l;
    l.items.push_back(a);
    CHECK(decode_ok(encode(l)) == l);
}
