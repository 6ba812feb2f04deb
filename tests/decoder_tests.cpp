// The streaming decoder on the accounts model: every account type, every decoding rule of the
// contract, every error with its code and JSON path, chunked input and reused targets.
#include <postpress/postpress.hpp>

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bj = boost::json;
using namespace postpress;

namespace doctest {
template <>
struct StringMaker<postpress::timestamp> {
    static String convert(postpress::timestamp t) { return postpress::format_timestamp(t).c_str(); }
};
} // namespace doctest

namespace {

// ---- helpers ------------------------------------------------------------------------------------

timestamp at(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0, int ms = 0) {
    using namespace std::chrono;
    return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s} +
           milliseconds{ms};
}

struct outcome {
    account_list list;
    boost::system::error_code ec;
    diagnostics diag;
};

outcome run(std::string_view json, decode_options const& options = {}) {
    outcome o;
    decode(json, o.list, o.ec, o.diag, options);
    return o;
}

// Feeds `json` in chunks of `size` bytes, each copied into a buffer that is scribbled over once
// written, so that a decoder keeping a view into a chunk it was given would be caught.
outcome run_chunked(decoder& dec, std::string_view json, std::size_t size) {
    outcome o;
    dec.start(o.list);
    std::string buf;
    for (std::size_t pos = 0; pos < json.size() && !o.ec; pos += size) {
        buf.assign(json.substr(pos, size));
        dec.write(buf, o.ec, o.diag);
        buf.assign(buf.size(), '#');
    }
    if (!o.ec) dec.finish(o.ec, o.diag);
    return o;
}

std::string read_file(char const* path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// A copy of `o` with `key` moved to the end (the others keep their order).
bj::object with_key_last(bj::object const& o, std::string_view key) {
    bj::object out;
    for (auto const& kv : o)
        if (kv.key() != key) out[kv.key()] = kv.value();
    if (auto const* v = o.if_contains(key)) out[key] = *v;
    return out;
}

/// A copy of `o` with `key` inserted first.
bj::object with_key_first(bj::object const& o, std::string_view key, bj::value v) {
    bj::object out;
    out[key] = std::move(v);
    for (auto const& kv : o)
        out[kv.key()] = kv.value();
    return out;
}

std::string dump(bj::value const& v) {
    return bj::serialize(v);
}

std::string list_json(bj::array items, bj::value cursor = nullptr) {
    bj::object doc;
    doc["object"] = "AccountList";
    doc["items"] = std::move(items);
    doc["cursor"] = std::move(cursor);
    return dump(doc);
}

// ---- the fourteen account types -----------------------------------------------------------------

struct type_case {
    std::string_view wire;
    account_type type;
    std::string full_params;     // connection_params with every field of the spec
    std::string required_params; // connection_params with only the required ones
    connection_params_variant full;
    connection_params_variant required;
};

std::vector<type_case> const& type_cases() {
    using pf = premium_feature;
    static std::vector<type_case> const cases = [] {
        std::vector<type_case> v;
        std::string const mobile =
            R"({"im":{"phone_number":"+33600000001","sim_serial_number":"8933001"},)"
            R"("call":{"phone_number":"+33600000002","sim_serial_number":"8933002"}})";
        mobile_params const mobile_v{{"+33600000001", "8933001"}, {"+33600000002", "8933002"}};
        v.push_back({"MOBILE", account_type::mobile, mobile, mobile, mobile_v, mobile_v});

        v.push_back({"MAIL", account_type::mail,
                     R"({"mail":{"imap_host":"imap.mail.test","imap_port":993,)"
                     R"("imap_user":"imap-user","imap_encryption":"ssl",)"
                     R"("smtp_host":"smtp.mail.test","smtp_port":465,"smtp_user":"smtp-user"}})",
                     R"({"mail":{"imap_host":"imap2.mail.test","imap_port":143,)"
                     R"("imap_user":"iu2","smtp_host":"smtp2.mail.test","smtp_port":25,)"
                     R"("smtp_user":"su2"}})",
                     mail_params{{"imap.mail.test", 993, "imap-user", mail_encryption::ssl,
                                  "smtp.mail.test", 465, "smtp-user"}},
                     mail_params{{"imap2.mail.test", 143, "iu2", std::nullopt, "smtp2.mail.test",
                                  25, "su2"}}});

        v.push_back(
            {"GOOGLE_OAUTH", account_type::google_oauth,
             R"({"mail":{"id":"g-mail-id","username":"g-mail-user"},)"
             R"("calendar":{"id":"g-cal-id","username":"g-cal-user"}})",
             R"({"mail":{"id":"g-mail-id2","username":"g-mail-user2"},)"
             R"("calendar":{"id":"g-cal-id2","username":"g-cal-user2"}})",
             google_oauth_params{{"g-mail-id", "g-mail-user"}, {"g-cal-id", "g-cal-user"}},
             google_oauth_params{{"g-mail-id2", "g-mail-user2"}, {"g-cal-id2", "g-cal-user2"}}});

        v.push_back(
            {"ICLOUD", account_type::icloud,
             R"({"mail":{"imap_host":"imap.icloud.test","imap_port":1993,)"
             R"("imap_user":"icloud-imap","imap_encryption":"tls",)"
             R"("smtp_host":"smtp.icloud.test","smtp_port":587,)"
             R"("smtp_user":"icloud-smtp"}})",
             R"({"mail":{"imap_host":"i.icloud.test","imap_port":0,"imap_user":"a",)"
             R"("smtp_host":"s.icloud.test","smtp_port":65535,"smtp_user":"b"}})",
             icloud_params{{"imap.icloud.test", 1993, "icloud-imap", mail_encryption::tls,
                            "smtp.icloud.test", 587, "icloud-smtp"}},
             icloud_params{{"i.icloud.test", 0, "a", std::nullopt, "s.icloud.test", 65535, "b"}}});

        v.push_back({"OUTLOOK", account_type::outlook,
                     R"({"mail":{"id":"o-mail-id","username":"o-mail-user"},)"
                     R"("calendar":{"id":"o-cal-id","username":"o-cal-user"}})",
                     R"({"calendar":{"id":"o-cal-id2","username":"o-cal-user2"},)"
                     R"("mail":{"id":"o-mail-id2","username":"o-mail-user2"}})",
                     outlook_params{{"o-mail-id", "o-mail-user"}, {"o-cal-id", "o-cal-user"}},
                     outlook_params{{"o-mail-id2", "o-mail-user2"}, {"o-cal-id2", "o-cal-user2"}}});

        v.push_back({"GOOGLE_CALENDAR", account_type::google_calendar,
                     R"({"calendar":"primary@calendar.test","sync_token":"sync-tok-1"})",
                     R"({"calendar":"team@calendar.test"})",
                     google_calendar_params{"primary@calendar.test", "sync-tok-1"},
                     google_calendar_params{"team@calendar.test", std::nullopt}});

        v.push_back({"WHATSAPP", account_type::whatsapp, R"({"im":{"phone_number":"+4915100001"}})",
                     R"({"im":{"phone_number":"+4915100002"}})", whatsapp_params{{"+4915100001"}},
                     whatsapp_params{{"+4915100002"}}});

        v.push_back(
            {"LINKEDIN", account_type::linkedin,
             R"({"im":{"id":"li-id","publicIdentifier":"anna-doe","username":"anna.doe",)"
             R"("premiumId":"prem-1","premiumContractId":"contract-1",)"
             R"("premiumFeatures":["recruiter","sales_navigator","premium"],)"
             R"("organizations":[{"name":"Acme Inc.","messaging_enabled":true,)"
             R"("organization_urn":"urn:li:organization:1","mailbox_urn":"urn:li:mailbox:1"},)"
             R"({"name":"Beta LLC","messaging_enabled":false,)"
             R"("organization_urn":"urn:li:organization:2","mailbox_urn":"urn:li:mailbox:2"}]},)"
             R"("proxy":{"source":"USER","host":"proxy.test","port":8080,"protocol":"socks5",)"
             R"("username":"proxy-user","password":"proxy-pass"}})",
             R"({"im":{"id":"li-id2","username":"bob","premiumId":null,)"
             R"("premiumContractId":null,"organizations":[]}})",
             linkedin_params{{"li-id",
                              "anna-doe",
                              "anna.doe",
                              "prem-1",
                              "contract-1",
                              {pf::recruiter, pf::sales_navigator, pf::premium},
                              {{"Acme Inc.", true, "urn:li:organization:1", "urn:li:mailbox:1"},
                               {"Beta LLC", false, "urn:li:organization:2", "urn:li:mailbox:2"}}},
                             linkedin_proxy{"USER", "proxy.test", 8080, proxy_protocol::socks5,
                                            "proxy-user", "proxy-pass"}},
             linkedin_params{{"li-id2", std::nullopt, "bob", std::nullopt, std::nullopt, {}, {}},
                             std::nullopt}});

        v.push_back({"SLACK", account_type::slack,
                     R"({"im":{"url":"https://acme.slack.test","user":"anna","user_id":"U123",)"
                     R"("team":"Acme","team_id":"T456"}})",
                     R"({"im":{"team_id":"T2","team":"Beta","user_id":"U2","user":"bob",)"
                     R"("url":"https://beta.slack.test"}})",
                     slack_params{{"https://acme.slack.test", "anna", "U123", "Acme", "T456"}},
                     slack_params{{"https://beta.slack.test", "bob", "U2", "Beta", "T2"}}});

        v.push_back({"TWITTER", account_type::twitter, R"({"im":{"id":"tw-1","username":"tw_a"}})",
                     R"({"im":{"username":"tw_b","id":"tw-2"}})", twitter_params{{"tw-1", "tw_a"}},
                     twitter_params{{"tw-2", "tw_b"}}});

        v.push_back(
            {"EXCHANGE", account_type::exchange,
             R"({"mail":{"imap_host":"imap.exchange.test","imap_port":10993,)"
             R"("imap_user":"ex-imap","imap_encryption":"starttls",)"
             R"("smtp_host":"smtp.exchange.test","smtp_port":2525,"smtp_user":"ex-smtp"}})",
             R"({"mail":{"smtp_user":"s","smtp_port":1,"smtp_host":"sh","imap_user":"i",)"
             R"("imap_port":2,"imap_host":"ih"}})",
             exchange_params{{"imap.exchange.test", 10993, "ex-imap", mail_encryption::starttls,
                              "smtp.exchange.test", 2525, "ex-smtp"}},
             exchange_params{{"ih", 2, "i", std::nullopt, "sh", 1, "s"}}});

        v.push_back({"TELEGRAM", account_type::telegram,
                     R"({"im":{"user_id":"tg-1","username":"tg_a"}})",
                     R"({"im":{"user_id":"tg-2","username":"tg_b"}})",
                     telegram_params{{"tg-1", "tg_a"}}, telegram_params{{"tg-2", "tg_b"}}});

        v.push_back({"INSTAGRAM", account_type::instagram,
                     R"({"im":{"id":"ig-1","username":"ig_a"}})",
                     R"({"im":{"id":"ig-2","username":"ig_b"}})",
                     instagram_params{{"ig-1", "ig_a"}}, instagram_params{{"ig-2", "ig_b"}}});

        v.push_back({"MESSENGER", account_type::messenger,
                     R"({"im":{"id":"fb-1","username":"fb_a"}})",
                     R"({"im":{"id":"fb-2","username":"fb_b"}})",
                     messenger_params{{"fb-1", "fb_a"}}, messenger_params{{"fb-2", "fb_b"}}});
        return v;
    }();
    return cases;
}

type_case const& case_of(std::string_view wire) {
    for (auto const& c : type_cases())
        if (c.wire == wire) return c;
    throw std::runtime_error("no such case");
}

std::string const created_text = "2026-04-12T09:14:21.123Z";
std::string const fetched_text = "2026-05-01T23:59:59.999Z";

/// An item of type `c`: every field (full) or only the required ones, `type` first.
bj::object make_item(type_case const& c, bool full, std::string const& id) {
    bj::object o;
    if (full) o["object"] = "Account";
    o["type"] = c.wire;
    o["id"] = id;
    o["name"] = std::string(c.wire) + " account";
    o["created_at"] = created_text;
    if (full) {
        o["last_fetched_at"] = fetched_text;
        o["current_signature"] = "sig_1";
        o["signatures"] = bj::parse(R"([{"title":"Default","content":"Sent from postpress"},)"
                                    R"({"title":"Short","content":"--\nA."}])");
        o["groups"] = bj::parse(R"(["grp_a","grp_b"])");
        o["sources"] = bj::parse(R"([{"id":"messaging","status":"OK"},)"
                                 R"({"id":"mail","status":"CREDENTIALS"}])");
    } else {
        o["groups"] = bj::array{};
        o["sources"] = bj::array{};
    }
    o["connection_params"] = bj::parse(full ? c.full_params : c.required_params);
    return o;
}

/// Checks every member of `a` against what make_item(c, full, id) wrote.
void check_item(account const& a, type_case const& c, bool full, std::string const& id) {
    CAPTURE(c.wire);
    CAPTURE(full);
    CHECK(a.type == c.type);
    CHECK(a.type_name == c.wire);
    CHECK(a.id == id);
    CHECK(a.name == std::string(c.wire) + " account");
    CHECK(a.created_at == at(2026, 4, 12, 9, 14, 21, 123));
    if (full) {
        REQUIRE(a.last_fetched_at.has_value());
        CHECK(*a.last_fetched_at == at(2026, 5, 1, 23, 59, 59, 999));
        CHECK(a.current_signature == std::optional<std::string>("sig_1"));
        REQUIRE(a.signatures.size() == 2);
        CHECK(a.signatures[0].title == "Default");
        CHECK(a.signatures[0].content == "Sent from postpress");
        CHECK(a.signatures[1].title == "Short");
        CHECK(a.signatures[1].content == "--\nA.");
        CHECK(a.groups == std::vector<std::string>{"grp_a", "grp_b"});
        REQUIRE(a.sources.size() == 2);
        CHECK(a.sources[0].id == "messaging");
        CHECK(a.sources[0].status == source_status::ok);
        CHECK(a.sources[1].id == "mail");
        CHECK(a.sources[1].status == source_status::credentials);
    } else {
        CHECK_FALSE(a.last_fetched_at.has_value());
        CHECK_FALSE(a.current_signature.has_value());
        CHECK(a.signatures.empty());
        CHECK(a.groups.empty());
        CHECK(a.sources.empty());
    }
    // The alternatives are in account_type order.
    CHECK(a.connection_params.index() == static_cast<std::size_t>(c.type));
    CHECK(a.connection_params == (full ? c.full : c.required));
    CHECK(a.params<unknown_params>() == nullptr);
}

// ---- a realistic page: several accounts of every type ----------------------------------------

/// An item whose text uses escapes (\u00e9, a surrogate pair, \n, \", \\, \/) and whitespace.
std::string const escaped_item =
    "{ \"type\" : \"TELEGRAM\",\n  \"id\":\"acc_esc\", \"name\" : "
    R"("Caf\u00e9 \ud83d\ude00 \"quoted\"\n\t\\ \/ \u0041",)"
    "\r\n \"created_at\":\"2026-04-12T09:14:21.123456+02:00\", \"groups\" : [ \"g\\u00e9\" ] ,"
    R"("sources":[],"connection_params":{"im":{"user_id":"tg\u002dx","username":"\u00fcml"}}})";

std::string const mastodon_params =
    R"({"handle":"@anna@social.test","instance":{"url":"https://social.test","version":4.25,)"
    R"("limits":[1,2,[3,{"x":null}]]},"scopes":["read","write"],"bot":false,"followers":12345,)"
    R"("huge":18446744073709551615,"neg":-7,"nothing":null,"text":"caf\u00e9\n","empty":{},)"
    R"("none":[]})";

std::string realistic_document() {
    std::vector<std::string> items;
    int n = 0;
    for (auto const& c : type_cases()) {
        items.push_back(dump(make_item(c, true, "acc_full_" + std::to_string(n))));
        items.push_back(
            dump(with_key_last(make_item(c, false, "acc_req_" + std::to_string(n)), "type")));
        ++n;
    }
    items.push_back(R"({"object":"Account","type":"MASTODON","id":"acc_masto","name":"M",)"
                    R"("created_at":"2026-01-01T00:00:00Z","groups":[],"sources":[],)"
                    R"("connection_params":)" +
                    mastodon_params + "}");
    items.push_back(R"({"id":"acc_bsky","name":"B","created_at":"2026-01-01T00:00:00.5Z",)"
                    R"("groups":["x"],"sources":[{"id":"feed","status":"PAUSED"}],)"
                    R"("connection_params":{"did":"did:plc:abc","pds":["a",{"b":[]}]},)"
                    R"("type":"BLUESKY"})");
    items.push_back(R"({"sync_token":"beside","id":"acc_gc","name":"G",)"
                    R"("created_at":"2026-03-03T03:03:03.003-05:30","groups":[],"sources":[],)"
                    R"("connection_params":{"calendar":"c@calendar.test"},)"
                    R"("x-unknown":{"deep":[[{"a":[{}]}]],"s":"\"}]"},"type":"GOOGLE_CALENDAR"})");
    items.push_back(escaped_item);
    std::string doc = "{\"object\":\"AccountList\",\"x-first\":[{\"items\":[]},null],\"items\":[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) doc += i % 3 ? "," : " ,\n ";
        doc += items[i];
    }
    doc += R"(],"cursor":"eyJwYWdlIjoyfQ+/=","x-last":{"cursor":null}})";
    return doc;
}

constexpr std::size_t realistic_items = 2 * 14 + 4;

/// Spot checks that the realistic document decoded to what it says.
void check_realistic(account_list const& l) {
    REQUIRE(l.items.size() == realistic_items);
    CHECK(l.cursor == std::optional<std::string>("eyJwYWdlIjoyfQ+/="));
    for (std::size_t i = 0; i < 14; ++i) {
        auto const& c = type_cases()[i];
        check_item(l.items[2 * i], c, true, "acc_full_" + std::to_string(i));
        check_item(l.items[2 * i + 1], c, false, "acc_req_" + std::to_string(i));
    }
    auto const& masto = l.items[28];
    CHECK(masto.type == account_type::unknown);
    CHECK(masto.type_name == "MASTODON");
    REQUIRE(masto.params<unknown_params>() != nullptr);
    CHECK(masto.params<unknown_params>()->raw == bj::parse(mastodon_params));
    auto const& bsky = l.items[29];
    CHECK(bsky.type == account_type::unknown);
    CHECK(bsky.type_name == "BLUESKY");
    REQUIRE(bsky.params<unknown_params>() != nullptr);
    CHECK(bsky.params<unknown_params>()->raw ==
          bj::parse(R"({"did":"did:plc:abc","pds":["a",{"b":[]}]})"));
    CHECK(bsky.created_at == at(2026, 1, 1, 0, 0, 0, 500));
    REQUIRE(bsky.sources.size() == 1);
    CHECK(bsky.sources[0].status == source_status::unknown);
    auto const& gc = l.items[30];
    REQUIRE(gc.params<google_calendar_params>() != nullptr);
    CHECK(gc.params<google_calendar_params>()->calendar == "c@calendar.test");
    CHECK(gc.params<google_calendar_params>()->sync_token == std::optional<std::string>("beside"));
    CHECK(gc.created_at == at(2026, 3, 3, 8, 33, 3, 3));
    auto const& esc = l.items[31];
    CHECK(esc.name == "Caf\xc3\xa9 \xf0\x9f\x98\x80 \"quoted\"\n\t\\ / A");
    CHECK(esc.created_at == at(2026, 4, 12, 7, 14, 21, 123));
    CHECK(esc.groups == std::vector<std::string>{"g\xc3\xa9"});
    REQUIRE(esc.params<telegram_params>() != nullptr);
    CHECK(esc.params<telegram_params>()->im.user_id == "tg-x");
    CHECK(esc.params<telegram_params>()->im.username == "\xc3\xbcml");
}

/// Base document for error tests: items[0] a full LINKEDIN, items[1] a full MAIL.
bj::value error_base() {
    bj::array items;
    items.push_back(make_item(case_of("LINKEDIN"), true, "acc_li"));
    items.push_back(make_item(case_of("MAIL"), true, "acc_mail"));
    return bj::parse(list_json(std::move(items), "next"));
}

std::string mutated(std::function<void(bj::value&)> const& f) {
    bj::value doc = error_base();
    f(doc);
    return dump(doc);
}

void expect_error(std::string_view json, errc code, std::string_view path,
                  decode_options const& options = {}) {
    auto const o = run(json, options);
    CHECK(o.ec == code);
    CHECK(o.diag.path == path);
    CHECK_FALSE(o.diag.detail.empty());
}

void expect_error(std::function<void(bj::value&)> const& f, errc code, std::string_view path) {
    expect_error(mutated(f), code, path);
}

bj::object& obj(bj::value& doc, std::string_view pointer) {
    return doc.at_pointer(pointer).as_object();
}

} // namespace

// ==== the spec's example
// ==========================================================================

TEST_CASE("the spec's example response decodes") {
    // The fixture is the example of spec/list-all-accounts.txt, as printed there. The contract
    // says that example omits "object" on its second item; the spec as shipped has it on both.
    // Both forms must decode, so both are tested: the fixture, and the fixture without it.
    std::string const as_printed = read_file(POSTPRESS_SPEC_FILE);
    REQUIRE_FALSE(as_printed.empty());
    bj::value dom = bj::parse(as_printed);
    REQUIRE(dom.at_pointer("/items/0").as_object().contains("object"));
    dom.at_pointer("/items/1").as_object().stable_erase("object");
    std::string const without_object = dump(dom);
    REQUIRE(without_object.find(R"("type":"GOOGLE_OAUTH")") != std::string::npos);
    REQUIRE(without_object.find(R"("object":"Account","type":"GOOGLE_OAUTH")") ==
            std::string::npos);

    auto check = [](account_list const& l) {
        REQUIRE(l.items.size() == 2);
        CHECK_FALSE(l.cursor.has_value());

        auto const& li = l.items[0];
        CHECK(li.type == account_type::linkedin);
        CHECK(li.type_name == "LINKEDIN");
        CHECK(li.id == "acc_01HXYZ4QK3WJ8FN3M6QH7TZ8GR");
        CHECK(li.name == "Anna - Sales");
        CHECK(li.created_at == at(2026, 4, 12, 9, 14, 21));
        CHECK_FALSE(li.last_fetched_at.has_value());
        CHECK(li.current_signature == std::optional<std::string>("sig_default"));
        REQUIRE(li.signatures.size() == 1);
        CHECK(li.signatures[0].title == "Default");
        CHECK(li.signatures[0].content == "Sent from postpress");
        CHECK(li.groups.empty());
        REQUIRE(li.sources.size() == 1);
        CHECK(li.sources[0].id == "messaging");
        CHECK(li.sources[0].status == source_status::ok);
        auto const* p = li.params<linkedin_params>();
        REQUIRE(p != nullptr);
        CHECK(p->im.id == "ACoAAB7n2J0BV5...");
        CHECK(p->im.public_identifier == std::optional<std::string>("anna-doe"));
        CHECK(p->im.username == "anna-doe");
        CHECK_FALSE(p->im.premium_id.has_value());
        CHECK_FALSE(p->im.premium_contract_id.has_value());
        CHECK(p->im.premium_features ==
              std::vector<premium_feature>{premium_feature::sales_navigator});
        REQUIRE(p->im.organizations.size() == 1);
        CHECK(p->im.organizations[0].name == "Acme Inc.");
        CHECK(p->im.organizations[0].messaging_enabled);
        CHECK(p->im.organizations[0].organization_urn == "urn:li:organization:12345");
        CHECK(p->im.organizations[0].mailbox_urn == "urn:li:fsd_messagingThread:abc");
        CHECK_FALSE(p->proxy.has_value());

        auto const& g = l.items[1];
        CHECK(g.type == account_type::google_oauth);
        CHECK(g.type_name == "GOOGLE_OAUTH");
        CHECK(g.id == "acc_01HXYW9X12RKM7DB80WC4SDQ4N");
        CHECK(g.name == "anna@acme.com");
        CHECK(g.created_at == at(2026, 4, 1, 11, 2, 0));
        CHECK_FALSE(g.current_signature.has_value());
        CHECK(g.signatures.empty());
        auto const* gp = g.params<google_oauth_params>();
        REQUIRE(gp != nullptr);
        CHECK(gp->mail.id == "anna@acme.com");
        CHECK(gp->mail.username == "anna@acme.com");
        CHECK(gp->calendar.id == "anna@acme.com");
        CHECK(gp->calendar.username == "anna@acme.com");
        CHECK(g.params<linkedin_params>() == nullptr);
        REQUIRE(g.sources.size() == 2);
        CHECK(g.sources[0].id == "mail");
        CHECK(g.sources[1].id == "calendar");
        CHECK(g.sources[1].status == source_status::ok);
    };

    for (std::string const& json : {as_printed, without_object}) {
        CAPTURE(json);
        // parse_account_list, throwing.
        check(parse_account_list(json));
        // parse_account_list with an error code.
        {
            boost::system::error_code ec = errc::malformed_json;
            diagnostics diag;
            auto const l = parse_account_list(json, ec, diag);
            CHECK_FALSE(ec);
            check(l);
        }
        // parse_account_list into an existing list.
        {
            account_list l;
            l.cursor = "stale";
            l.items.resize(5);
            boost::system::error_code ec;
            diagnostics diag;
            parse_account_list(json, l, ec, diag);
            CHECK_FALSE(ec);
            check(l);
        }
        // One byte at a time.
        {
            decoder dec;
            auto const o = run_chunked(dec, json, 1);
            CHECK_FALSE(o.ec);
            check(o.list);
        }
    }
}

// ==== every account type
// ==========================================================================

TEST_CASE("every account type with every field present") {
    for (auto const& c : type_cases()) {
        bj::array items;
        items.push_back(make_item(c, true, "acc_1"));
        auto const o = run(list_json(std::move(items)));
        CAPTURE(c.wire);
        REQUIRE_FALSE(o.ec);
        REQUIRE(o.list.items.size() == 1);
        check_item(o.list.items[0], c, true, "acc_1");
    }
}

TEST_CASE("every account type with only the required fields") {
    for (auto const& c : type_cases()) {
        bj::array items;
        items.push_back(make_item(c, false, "acc_2"));
        auto const o = run(list_json(std::move(items)));
        CAPTURE(c.wire);
        REQUIRE_FALSE(o.ec);
        REQUIRE(o.list.items.size() == 1);
        check_item(o.list.items[0], c, false, "acc_2");
    }
}

TEST_CASE("all account types in one page, type first and type last") {
    for (bool type_last : {false, true}) {
        CAPTURE(type_last);
        bj::array items;
        for (auto const& c : type_cases()) {
            auto full = make_item(c, true, "f_" + std::string(c.wire));
            auto req = make_item(c, false, "r_" + std::string(c.wire));
            items.push_back(type_last ? with_key_last(full, "type") : full);
            items.push_back(type_last ? with_key_last(req, "type") : req);
        }
        if (type_last) {
            // It really is last, after connection_params.
            auto const& o = items[0].as_object();
            REQUIRE((o.end() - 1)->key() == "type");
        }
        auto const o = run(list_json(std::move(items), "cur"));
        REQUIRE_FALSE(o.ec);
        REQUIRE(o.list.items.size() == 28);
        CHECK(o.list.cursor == std::optional<std::string>("cur"));
        for (std::size_t i = 0; i < 14; ++i) {
            auto const& c = type_cases()[i];
            check_item(o.list.items[2 * i], c, true, "f_" + std::string(c.wire));
            check_item(o.list.items[2 * i + 1], c, false, "r_" + std::string(c.wire));
        }
    }
}

TEST_CASE("type after connection_params for every type, in every position") {
    for (auto const& c : type_cases()) {
        CAPTURE(c.wire);
        for (bool full : {true, false}) {
            auto const item = make_item(c, full, "acc_tl");
            // "type" last of all; "type" right after connection_params; "type" at the end of a
            // reordered item whose connection_params comes first.
            bj::object first_cp =
                with_key_first(item, "connection_params", item.at("connection_params"));
            std::vector<bj::object> variants{with_key_last(item, "type"),
                                             with_key_last(with_key_last(item, "type"), "groups"),
                                             with_key_last(first_cp, "type")};
            for (auto const& v : variants) {
                bj::array items;
                items.push_back(v);
                auto const o = run(list_json(std::move(items)));
                REQUIRE_FALSE(o.ec);
                REQUIRE(o.list.items.size() == 1);
                check_item(o.list.items[0], c, full, "acc_tl");
            }
        }
    }
}

TEST_CASE("account types that share a shape are distinct C++ types") {
    bj::array items;
    items.push_back(make_item(case_of("MAIL"), true, "a"));
    items.push_back(make_item(case_of("ICLOUD"), true, "b"));
    items.push_back(make_item(case_of("EXCHANGE"), true, "c"));
    items.push_back(make_item(case_of("GOOGLE_OAUTH"), true, "d"));
    items.push_back(make_item(case_of("OUTLOOK"), true, "e"));
    items.push_back(make_item(case_of("TWITTER"), true, "f"));
    items.push_back(make_item(case_of("INSTAGRAM"), true, "g"));
    items.push_back(make_item(case_of("MESSENGER"), true, "h"));
    auto const o = run(list_json(std::move(items)));
    REQUIRE_FALSE(o.ec);
    auto const& l = o.list.items;
    REQUIRE(l.size() == 8);
    CHECK(l[0].params<mail_params>() != nullptr);
    CHECK(l[0].params<icloud_params>() == nullptr);
    CHECK(l[0].params<exchange_params>() == nullptr);
    CHECK(l[1].params<icloud_params>() != nullptr);
    CHECK(l[1].params<mail_params>() == nullptr);
    CHECK(l[2].params<exchange_params>() != nullptr);
    CHECK(l[2].params<icloud_params>() == nullptr);
    CHECK(l[3].params<google_oauth_params>() != nullptr);
    CHECK(l[3].params<outlook_params>() == nullptr);
    CHECK(l[4].params<outlook_params>() != nullptr);
    CHECK(l[4].params<google_oauth_params>() == nullptr);
    CHECK(l[5].params<twitter_params>() != nullptr);
    CHECK(l[5].params<instagram_params>() == nullptr);
    CHECK(l[6].params<instagram_params>() != nullptr);
    CHECK(l[6].params<messenger_params>() == nullptr);
    CHECK(l[7].params<messenger_params>() != nullptr);
    CHECK(l[7].params<twitter_params>() == nullptr);
    // Each field landed in its own member.
    auto const& m = l[0].params<mail_params>()->mail;
    CHECK(m.imap_host == "imap.mail.test");
    CHECK(m.imap_port == 993);
    CHECK(m.imap_user == "imap-user");
    CHECK(m.imap_encryption == std::optional<mail_encryption>(mail_encryption::ssl));
    CHECK(m.smtp_host == "smtp.mail.test");
    CHECK(m.smtp_port == 465);
    CHECK(m.smtp_user == "smtp-user");
    auto const& li = make_item(case_of("LINKEDIN"), true, "x");
    auto const lo = run(list_json(bj::array{li}));
    REQUIRE_FALSE(lo.ec);
    auto const* p = lo.list.items.at(0).params<linkedin_params>();
    REQUIRE(p != nullptr);
    CHECK(p->im.id == "li-id");
    CHECK(p->im.public_identifier == std::optional<std::string>("anna-doe"));
    CHECK(p->im.username == "anna.doe");
    CHECK(p->im.premium_id == std::optional<std::string>("prem-1"));
    CHECK(p->im.premium_contract_id == std::optional<std::string>("contract-1"));
    REQUIRE(p->im.organizations.size() == 2);
    CHECK(p->im.organizations[1].name == "Beta LLC");
    CHECK_FALSE(p->im.organizations[1].messaging_enabled);
    CHECK(p->im.organizations[1].organization_urn == "urn:li:organization:2");
    CHECK(p->im.organizations[1].mailbox_urn == "urn:li:mailbox:2");
    REQUIRE(p->proxy.has_value());
    CHECK(p->proxy->source == "USER");
    CHECK(p->proxy->host == "proxy.test");
    CHECK(p->proxy->port == 8080);
    CHECK(p->proxy->protocol == std::optional<proxy_protocol>(proxy_protocol::socks5));
    CHECK(p->proxy->username == std::optional<std::string>("proxy-user"));
    CHECK(p->proxy->password == std::optional<std::string>("proxy-pass"));
}

TEST_CASE("nullable fields: LinkedIn premiumId / premiumContractId and the cursor") {
    auto li = [](char const* premium_id, char const* contract_id) {
        auto item = make_item(case_of("LINKEDIN"), true, "acc");
        auto& im = item["connection_params"].as_object()["im"].as_object();
        im["premiumId"] = premium_id ? bj::value(premium_id) : bj::value(nullptr);
        im["premiumContractId"] = contract_id ? bj::value(contract_id) : bj::value(nullptr);
        return item;
    };
    struct row {
        char const* id;
        char const* contract;
    };
    for (auto r :
         {row{nullptr, nullptr}, row{"P1", nullptr}, row{nullptr, "C1"}, row{"P2", "C2"}}) {
        auto const o = run(list_json(bj::array{li(r.id, r.contract)}));
        REQUIRE_FALSE(o.ec);
        auto const* p = o.list.items.at(0).params<linkedin_params>();
        REQUIRE(p != nullptr);
        CHECK(p->im.premium_id == (r.id ? std::optional<std::string>(r.id) : std::nullopt));
        CHECK(p->im.premium_contract_id ==
              (r.contract ? std::optional<std::string>(r.contract) : std::nullopt));
    }
    SUBCASE("the keys must be present") {
        for (char const* key : {"premiumId", "premiumContractId"}) {
            auto item = li(nullptr, nullptr);
            item["connection_params"].as_object()["im"].as_object().erase(key);
            expect_error(list_json(bj::array{item}), errc::missing_field,
                         std::string("items[0].connection_params.im.") + key);
        }
    }
    SUBCASE("cursor null, set, missing") {
        auto const a = run(R"({"object":"AccountList","items":[],"cursor":null})");
        CHECK_FALSE(a.ec);
        CHECK_FALSE(a.list.cursor.has_value());
        auto const b = run(R"({"items":[],"cursor":"Y3Vyc29y+/="})");
        CHECK_FALSE(b.ec);
        CHECK(b.list.cursor == std::optional<std::string>("Y3Vyc29y+/="));
        auto const e = run(R"({"cursor":"","items":[]})");
        CHECK_FALSE(e.ec);
        CHECK(e.list.cursor == std::optional<std::string>(""));
        expect_error(R"({"object":"AccountList","items":[]})", errc::missing_field, "cursor");
    }
    SUBCASE("optional keys may be null") {
        auto item = make_item(case_of("LINKEDIN"), true, "acc");
        item["last_fetched_at"] = nullptr;
        item["current_signature"] = nullptr;
        item["signatures"] = nullptr;
        auto& cp = item["connection_params"].as_object();
        cp["proxy"] = nullptr;
        cp["im"].as_object()["publicIdentifier"] = nullptr;
        cp["im"].as_object()["premiumFeatures"] = nullptr;
        auto const o = run(list_json(bj::array{item}));
        REQUIRE_FALSE(o.ec);
        auto const& a = o.list.items.at(0);
        CHECK_FALSE(a.last_fetched_at.has_value());
        CHECK_FALSE(a.current_signature.has_value());
        CHECK(a.signatures.empty());
        auto const* p = a.params<linkedin_params>();
        REQUIRE(p != nullptr);
        CHECK_FALSE(p->proxy.has_value());
        CHECK_FALSE(p->im.public_identifier.has_value());
        CHECK(p->im.premium_features.empty());
        CHECK(p->im.premium_id == std::optional<std::string>("prem-1"));
    }
}

// ==== unknown keys, types and enum values ========================================================

namespace {

// Adds unknown keys (holding scalars, nested objects and arrays) first, second and last in
// every object of `v`, recursively.
bj::value with_unknown_keys(bj::value const& v) {
    if (v.is_array()) {
        bj::array out;
        for (auto const& e : v.as_array())
            out.push_back(with_unknown_keys(e));
        return out;
    }
    if (!v.is_object()) return v;
    bj::object out;
    out[""] = bj::parse(R"({"items":[{"id":""}],"type":"MAIL","n":[[[]]]})");
    bool first = true;
    for (auto const& kv : v.as_object()) {
        out[kv.key()] = with_unknown_keys(kv.value());
        if (first) out["Type"] = bj::parse(R"([{"connection_params":{"mail":null}},1,"x"])");
        first = false;
    }
    out["x-extra"] = 3.5;
    out["connection_params_v2"] = bj::parse(R"({"a":{"b":{"c":[true,false,null]}}})");
    out["idempotency_key_with_a_long_name"] = "\"}]\\";
    out["premium"] = nullptr;
    out["objects"] = -12;
    return out;
}

} // namespace

TEST_CASE("unknown keys are ignored at every level") {
    bj::array items;
    for (auto const& c : type_cases()) {
        items.push_back(make_item(c, true, "f"));
        items.push_back(with_key_last(make_item(c, false, "r"), "type"));
    }
    bj::value const clean = bj::parse(list_json(items, "cur"));
    bj::value const noisy = with_unknown_keys(clean);
    // Sanity: the noise is there, at depth.
    REQUIRE(noisy.at_pointer("/items/0/connection_params/im").as_object().contains("x-extra"));
    REQUIRE(noisy.at_pointer("/items/14/connection_params/proxy").as_object().contains("Type"));

    auto const a = run(dump(clean));
    auto const b = run(dump(noisy));
    REQUIRE_FALSE(a.ec);
    REQUIRE_FALSE(b.ec);
    REQUIRE(b.list.items.size() == 28);
    CHECK(b.list == a.list);
    for (std::size_t i = 0; i < 14; ++i) {
        check_item(b.list.items[2 * i], type_cases()[i], true, "f");
        check_item(b.list.items[2 * i + 1], type_cases()[i], false, "r");
    }
    SUBCASE("also when chunked") {
        decoder dec;
        auto const s = dump(noisy);
        for (std::size_t size : {1u, 3u, 64u}) {
            auto const o = run_chunked(dec, s, size);
            CHECK_FALSE(o.ec);
            CHECK(o.list == a.list);
        }
    }
}

TEST_CASE("an unknown account type keeps its connection_params raw") {
    auto item = [](bool type_last) {
        std::string s = R"({"object":"Account",)";
        if (!type_last) s += R"("type":"MASTODON",)";
        s += R"("id":"acc_m","name":"Masto","created_at":"2026-01-01T00:00:00Z",)"
             R"("groups":["g"],"sources":[{"id":"feed","status":"OK"}],"connection_params":)" +
             mastodon_params;
        if (type_last) s += R"(,"type":"MASTODON")";
        return s + "}";
    };
    for (bool type_last : {false, true}) {
        CAPTURE(type_last);
        auto const o =
            run(R"({"items":[)" + item(type_last) + "," +
                dump(make_item(case_of("SLACK"), true, "acc_s")) + R"(],"cursor":null})");
        REQUIRE_FALSE(o.ec);
        REQUIRE(o.list.items.size() == 2);
        auto const& a = o.list.items[0];
        CHECK(a.type == account_type::unknown);
        CHECK(a.type_name == "MASTODON");
        CHECK(a.id == "acc_m");
        CHECK(a.groups == std::vector<std::string>{"g"});
        auto const* raw = a.params<unknown_params>();
        REQUIRE(raw != nullptr);
        CHECK(raw->raw == bj::parse(mastodon_params));
        CHECK(raw->raw.at("huge").is_uint64());
        CHECK(raw->raw.at("text").as_string() == "caf\xc3\xa9\n");
        CHECK(raw->raw.at("instance").at("version").as_double() == 4.25);
        CHECK(a.params<mail_params>() == nullptr);
        CHECK(a.params<linkedin_params>() == nullptr);
        // The next item is not disturbed.
        check_item(o.list.items[1], case_of("SLACK"), true, "acc_s");
    }
    SUBCASE("empty connection_params, and a type spelled in another case") {
        auto const o = run(R"({"items":[{"type":"linkedin","id":"x","name":"n",)"
                           R"("created_at":"2026-01-01T00:00:00Z","groups":[],"sources":[],)"
                           R"("connection_params":{}}],"cursor":null})");
        REQUIRE_FALSE(o.ec);
        auto const& a = o.list.items.at(0);
        CHECK(a.type == account_type::unknown);
        CHECK(a.type_name == "linkedin");
        REQUIRE(a.params<unknown_params>() != nullptr);
        CHECK(a.params<unknown_params>()->raw == bj::value(bj::object{}));
    }
}

TEST_CASE("unknown enum values decode as unknown") {
    auto item = make_item(case_of("LINKEDIN"), true, "acc");
    item["sources"] = bj::parse(
        R"([{"id":"a","status":"OK"},{"id":"b","status":"STOPPED"},{"id":"c","status":"ERROR"},)"
        R"({"id":"d","status":"CREDENTIALS"},{"id":"e","status":"PERMISSIONS"},)"
        R"({"id":"f","status":"CONNECTING"},{"id":"g","status":"PAUSED"},)"
        R"({"id":"h","status":"ok"},{"id":"i","status":""}])");
    auto& cp = item["connection_params"].as_object();
    cp["im"].as_object()["premiumFeatures"] =
        bj::parse(R"(["recruiter","gold","premium","sales_navigator","Recruiter"])");
    cp["proxy"].as_object()["protocol"] = "socks4";
    auto mail = [](char const* enc) {
        auto m = make_item(case_of("MAIL"), true, "m");
        m["connection_params"].as_object()["mail"].as_object()["imap_encryption"] = enc;
        return m;
    };
    auto proxy = [](char const* protocol) {
        auto l = make_item(case_of("LINKEDIN"), true, "p");
        l["connection_params"].as_object()["proxy"].as_object()["protocol"] = protocol;
        return l;
    };
    bj::array items{item,         mail("tls"), mail("ssl"),   mail("starttls"), mail("default"),
                    mail("ssl3"), mail("TLS"), proxy("http"), proxy("https"),   proxy("socks5")};
    auto const o = run(list_json(std::move(items)));
    REQUIRE_FALSE(o.ec);
    auto const& l = o.list.items;
    REQUIRE(l.size() == 10);
    using ss = source_status;
    std::vector<ss> statuses;
    for (auto const& s : l[0].sources)
        statuses.push_back(s.status);
    CHECK(statuses == std::vector<ss>{ss::ok, ss::stopped, ss::error, ss::credentials,
                                      ss::permissions, ss::connecting, ss::unknown, ss::unknown,
                                      ss::unknown});
    auto const* p = l[0].params<linkedin_params>();
    REQUIRE(p != nullptr);
    using pf = premium_feature;
    CHECK(p->im.premium_features == std::vector<pf>{pf::recruiter, pf::unknown, pf::premium,
                                                    pf::sales_navigator, pf::unknown});
    CHECK(p->proxy->protocol == std::optional<proxy_protocol>(proxy_protocol::unknown));
    using me = mail_encryption;
    me const expected[] = {me::tls, me::ssl, me::starttls, me::default_, me::unknown, me::unknown};
    for (std::size_t i = 0; i < 6; ++i) {
        auto const* m = l[1 + i].params<mail_params>();
        REQUIRE(m != nullptr);
        CHECK(m->mail.imap_encryption == std::optional<me>(expected[i]));
    }
    CHECK(l[7].params<linkedin_params>()->proxy->protocol ==
          std::optional<proxy_protocol>(proxy_protocol::http));
    CHECK(l[8].params<linkedin_params>()->proxy->protocol ==
          std::optional<proxy_protocol>(proxy_protocol::https));
    CHECK(l[9].params<linkedin_params>()->proxy->protocol ==
          std::optional<proxy_protocol>(proxy_protocol::socks5));
}

// ==== GOOGLE_CALENDAR's sync_token
// ================================================================

TEST_CASE("GOOGLE_CALENDAR sync_token inside or beside connection_params") {
    struct row {
        char const* name;
        std::string item;
        std::optional<std::string> expected;
    };
    std::string const head = R"("id":"acc_gc","name":"GC","created_at":"2026-01-01T00:00:00Z",)"
                             R"("groups":[],"sources":[],)";
    std::string const cp_in = R"("connection_params":{"calendar":"cal","sync_token":"inside"})";
    std::string const cp_in2 = R"("connection_params":{"sync_token":"inside","calendar":"cal"})";
    std::string const cp_out = R"("connection_params":{"calendar":"cal"})";
    std::string const type = R"("type":"GOOGLE_CALENDAR")";
    std::string const beside = R"("sync_token":"beside")";
    std::vector<row> rows{
        {"inside, type first", "{" + type + "," + head + cp_in + "}", "inside"},
        {"inside, type last", "{" + head + cp_in + "," + type + "}", "inside"},
        {"beside before, type first", "{" + type + "," + beside + "," + head + cp_out + "}",
         "beside"},
        {"beside after, type first", "{" + type + "," + head + cp_out + "," + beside + "}",
         "beside"},
        {"beside before, type last", "{" + beside + "," + head + cp_out + "," + type + "}",
         "beside"},
        {"beside after, type last", "{" + head + cp_out + "," + beside + "," + type + "}",
         "beside"},
        {"beside after type last", "{" + head + cp_out + "," + type + "," + beside + "}", "beside"},
        {"both, beside first, type first", "{" + type + "," + beside + "," + head + cp_in + "}",
         "inside"},
        {"both, beside last, type first", "{" + type + "," + head + cp_in2 + "," + beside + "}",
         "inside"},
        {"both, beside first, type last", "{" + beside + "," + head + cp_in + "," + type + "}",
         "inside"},
        {"both, beside last, type last", "{" + head + cp_in2 + "," + beside + "," + type + "}",
         "inside"},
        {"neither", "{" + type + "," + head + cp_out + "}", std::nullopt},
        {"beside null", "{" + type + "," + head + cp_out + R"(,"sync_token":null})", std::nullopt},
        {"inside null, beside set",
         "{" + type + "," + head + R"("connection_params":{"calendar":"cal","sync_token":null},)" +
             beside + "}",
         "beside"},
    };
    for (auto const& r : rows) {
        CAPTURE(std::string_view(r.name));
        auto const json = R"({"items":[)" + r.item + R"(],"cursor":null})";
        REQUIRE_NOTHROW((void)bj::parse(json));
        for (std::size_t chunk : {json.size(), std::size_t(1), std::size_t(5)}) {
            decoder dec;
            auto const o = run_chunked(dec, json, chunk);
            REQUIRE_FALSE(o.ec);
            auto const* p = o.list.items.at(0).params<google_calendar_params>();
            REQUIRE(p != nullptr);
            CHECK(p->calendar == "cal");
            CHECK(p->sync_token == r.expected);
        }
    }
    SUBCASE("beside on another type is ignored") {
        auto item = with_key_first(make_item(case_of("MAIL"), true, "m"), "sync_token", "tok");
        auto const o = run(list_json(bj::array{item}));
        REQUIRE_FALSE(o.ec);
        check_item(o.list.items.at(0), case_of("MAIL"), true, "m");
    }
    SUBCASE("it does not leak into the next item") {
        std::string const json = R"({"items":[{"sync_token":"one",)" + type + "," + head + cp_out +
                                 "},{" + type + "," + head + cp_out + R"(}],"cursor":null})";
        auto const o = run(json);
        REQUIRE_FALSE(o.ec);
        REQUIRE(o.list.items.size() == 2);
        CHECK(o.list.items[0].params<google_calendar_params>()->sync_token ==
              std::optional<std::string>("one"));
        CHECK_FALSE(o.list.items[1].params<google_calendar_params>()->sync_token.has_value());
    }
    SUBCASE("beside with a wrong type") {
        expect_error(R"({"items":[{"sync_token":5,)" + type + "," + head + cp_out +
                         R"(}],"cursor":null})",
                     errc::wrong_type, "items[0].sync_token");
    }
}

// ==== timestamps
// ==================================================================================

namespace {

outcome with_created_at(std::string const& text) {
    auto item = make_item(case_of("WHATSAPP"), true, "acc");
    item["created_at"] = text;
    return run(list_json(bj::array{item}));
}

} // namespace

TEST_CASE("timestamps: accepted forms") {
    struct row {
        char const* text;
        timestamp expected;
    };
    row const rows[] = {
        {"2026-04-12T09:14:21.123Z", at(2026, 4, 12, 9, 14, 21, 123)},
        {"2026-04-12T09:14:21Z", at(2026, 4, 12, 9, 14, 21)},
        {"2026-04-12T09:14:21.1Z", at(2026, 4, 12, 9, 14, 21, 100)},
        {"2026-04-12T09:14:21.12Z", at(2026, 4, 12, 9, 14, 21, 120)},
        {"2026-04-12T09:14:21.1234Z", at(2026, 4, 12, 9, 14, 21, 123)},
        {"2026-04-12T09:14:21.12345Z", at(2026, 4, 12, 9, 14, 21, 123)},
        {"2026-04-12T09:14:21.123456Z", at(2026, 4, 12, 9, 14, 21, 123)},
        {"2026-04-12T09:14:21.1234567Z", at(2026, 4, 12, 9, 14, 21, 123)},
        {"2026-04-12T09:14:21.12345678Z", at(2026, 4, 12, 9, 14, 21, 123)},
        {"2026-04-12T09:14:21.999999999Z", at(2026, 4, 12, 9, 14, 21, 999)}, // truncated
        {"2026-04-12T09:14:21.000Z", at(2026, 4, 12, 9, 14, 21)},
        {"2026-04-12T09:14:21.123+02:00", at(2026, 4, 12, 7, 14, 21, 123)},
        {"2026-04-12T09:14:21-05:30", at(2026, 4, 12, 14, 44, 21)},
        {"2026-04-12T09:14:21.5+00:00", at(2026, 4, 12, 9, 14, 21, 500)},
        {"2026-01-01T01:00:00+02:00", at(2025, 12, 31, 23, 0, 0)},
        {"2025-12-31T22:00:00.250-03:00", at(2026, 1, 1, 1, 0, 0, 250)},
        {"2024-02-29T12:00:00Z", at(2024, 2, 29, 12)},
        {"2000-02-29T00:00:00Z", at(2000, 2, 29)},
        {"1969-12-31T23:59:59.999Z", at(1969, 12, 31, 23, 59, 59, 999)},
        {"1970-01-01T00:00:00Z", timestamp{}},
        {"2025-12-31T23:59:59.999Z", at(2025, 12, 31, 23, 59, 59, 999)},
        {"2026-06-30T23:59:59+23:59", at(2026, 6, 30, 0, 0, 59)},
    };
    for (auto const& r : rows) {
        CAPTURE(std::string_view(r.text));
        auto const o = with_created_at(r.text);
        REQUIRE_FALSE(o.ec);
        CHECK(o.list.items.at(0).created_at == r.expected);
        auto const direct = parse_timestamp(r.text);
        REQUIRE(direct.has_value());
        CHECK(*direct == r.expected);
    }
    CHECK(std::chrono::system_clock::to_time_t(at(2026, 4, 12)) == 1775952000);
}

// The API's own form (24 characters, milliseconds, Z) has a fast path of its own; the same
// instant written with an offset goes through the general one. Both must agree on every input.
static_assert(parse_timestamp("2026-04-12T09:14:21.123Z") ==
              parse_timestamp("2026-04-12T09:14:21.123+00:00"));
static_assert(parse_timestamp("0000-01-01T00:00:00.000Z").has_value());
static_assert(!parse_timestamp("2026-02-29T00:00:00.000Z").has_value());

TEST_CASE("timestamps: the API's own form agrees with the general parser") {
    auto const general = [](std::string canonical) { // same instant, through the general path
        canonical.replace(23, 1, "+00:00");
        return parse_timestamp(canonical);
    };
    SUBCASE("valid and invalid dates around leap years and the ends of the range") {
        int const years[] = {0, 1, 4, 100, 400, 1900, 1969, 1970, 2000, 2024, 2100, 9999};
        char text[64];
        int valid = 0;
        for (int y : years)
            for (int m = 0; m <= 13; ++m)
                for (int d = 0; d <= 32; ++d) {
                    std::snprintf(text, sizeof text, "%04d-%02d-%02dT23:59:59.999Z", y, m, d);
                    CAPTURE(std::string_view(text));
                    auto const fast = parse_timestamp(text);
                    REQUIRE(fast == general(text));
                    valid += fast.has_value();
                }
        CHECK(valid == 12 * 365 + 5); // 0, 4, 400, 2000 and 2024 are the leap years
    }
    SUBCASE("every character replaced") {
        std::string const base = "2024-02-29T12:34:56.789Z";
        REQUIRE(parse_timestamp(base) == at(2024, 2, 29, 12, 34, 56, 789));
        char const replacements[] = {'0', '5', '9', '/', ':',    '-',    '.',    'T',   't',
                                     'Z', 'z', ' ', 'a', '\x00', '\x80', '\xB5', '\xFF'};
        for (std::size_t i = 0; i < base.size(); ++i)
            for (char c : replacements) {
                std::string text = base;
                text[i] = c;
                CAPTURE(text);
                if (i == 23) // the zone itself: only Z and z are that form
                    CHECK(parse_timestamp(text).has_value() == (c == 'Z' || c == 'z'));
                else
                    CHECK(parse_timestamp(text) == general(text));
            }
    }
    CHECK(parse_timestamp("2024-02-29t12:34:56.789z") == at(2024, 2, 29, 12, 34, 56, 789));
    CHECK(parse_timestamp("9999-12-31T23:59:59.999Z") == at(9999, 12, 31, 23, 59, 59, 999));
}

TEST_CASE("timestamps: invalid dates and times are rejected with the field's path") {
    char const* const bad[] = {
        "2026-02-30T00:00:00Z",            // Feb 30
        "2025-02-29T00:00:00Z",            // Feb 29 on a non-leap year
        "1900-02-29T00:00:00Z",            // not a leap year either
        "2026-04-31T00:00:00Z",            // April has 30 days
        "2026-13-01T00:00:00Z",            // month 13
        "2026-00-10T00:00:00Z",            // month 0
        "2026-01-00T00:00:00Z",            // day 0
        "2026-01-32T00:00:00Z",            // day 32
        "2026-01-01T24:00:00Z",            // hour 24
        "2026-01-01T23:60:00Z",            // minute 60
        "2026-01-01T23:59:60Z",            // second 60
        "2026-01-01T00:00:00",             // no zone
        "2026-01-01T00:00:00.123",         // no zone after a fraction
        "2026-01-01 00:00:00Z",            // space for T
        "2026-01-01T00:00:00.Z",           // empty fraction
        "2026-01-01T00:00:00.1234567890Z", // ten fraction digits
        "2026-01-01T00:00:00+0200",        // offset without colon
        "2026-01-01T00:00:00+2:00",        // short offset
        "2026-01-01T00:00:00+24:00",       // offset hour 24
        "2026-01-01T00:00:00+02:60",       // offset minute 60
        "2026-01-01T00:00:00ZZ",           // trailing junk
        "2026-01-01T00:00:00Z ",           // trailing space
        "2026-1-01T00:00:00Z",             // short month
        "26-01-01T00:00:00Z",              // short year
        "2026/01/01T00:00:00Z",            // slashes
        "2026-01-01T0a:00:00Z",            // letter
        "yesterday",                       // garbage
        "",                                // empty
        "2026-01-01",                      // date only
        "2026-01-01T00:00:00.12a4Z",       // letter in fraction
    };
    for (char const* text : bad) {
        CAPTURE(std::string_view(text));
        auto const o = with_created_at(text);
        CHECK(o.ec == errc::invalid_value);
        CHECK(o.diag.path == "items[0].created_at");
        CHECK_FALSE(parse_timestamp(text).has_value());
    }
    SUBCASE("last_fetched_at too") {
        auto item = make_item(case_of("WHATSAPP"), true, "acc");
        item["last_fetched_at"] = "2026-02-30T00:00:00.000Z";
        expect_error(list_json(bj::array{make_item(case_of("SLACK"), true, "s"), item}),
                     errc::invalid_value, "items[1].last_fetched_at");
    }
    SUBCASE("not a string") {
        auto item = make_item(case_of("WHATSAPP"), true, "acc");
        item["created_at"] = 1775952000000;
        expect_error(list_json(bj::array{item}), errc::wrong_type, "items[0].created_at");
    }
}

// ==== strings ====================================================================================

TEST_CASE("string escapes and surrogate pairs decode to UTF-8") {
    std::string const json =
        R"({"items":[{"type":"SLACK","id":"\u0061cc","name":"Caf\u00e9 \ud83d\ude00\n\"q\" \\ \/ \t\b\f\r \u20AC \u0000.",)"
        R"("created_at":"2026-01-01T00:00:00Z","groups":["\u00e9\u00E9","raw é 😀"],"sources":[],)"
        R"("connection_params":{"im":{"url":"h\/t","user":"\ud800\udc00","user_id":"u",)"
        R"("team":"t","team_id":"\u007f"}}}],"cursor":"\u002b\u002f\u003d"})";
    for (std::size_t chunk : {json.size(), std::size_t(1), std::size_t(2), std::size_t(3)}) {
        CAPTURE(chunk);
        decoder dec;
        auto const o = run_chunked(dec, json, chunk);
        REQUIRE_FALSE(o.ec);
        auto const& a = o.list.items.at(0);
        CHECK(a.id == "acc");
        CHECK(a.name ==
              std::string("Caf\xc3\xa9 \xf0\x9f\x98\x80\n\"q\" \\ / \t\b\f\r \xe2\x82\xac "
                          "\0.",
                          30));
        CHECK(a.groups ==
              std::vector<std::string>{"\xc3\xa9\xc3\xa9", "raw \xc3\xa9 \xf0\x9f\x98\x80"});
        auto const* p = a.params<slack_params>();
        REQUIRE(p != nullptr);
        CHECK(p->im.url == "h/t");
        CHECK(p->im.user == "\xf0\x90\x80\x80");
        CHECK(p->im.team_id == "\x7f");
        CHECK(o.list.cursor == std::optional<std::string>("+/="));
    }
}

TEST_CASE("long strings and keys split across chunks") {
    std::string const long_name(5000, 'n');
    std::string const long_key(3000, 'k');
    std::string const json = R"({"items":[{")" + long_key + R"(":")" + long_name +
                             R"(","type":"TWITTER","id":"x","name":")" + long_name +
                             R"(","created_at":"2026-01-01T00:00:00Z","groups":[],"sources":[],)"
                             R"("connection_params":{"im":{"id":")" +
                             long_name + R"(","username":"u"}}}],"cursor":null})";
    for (std::size_t chunk : {std::size_t(1), std::size_t(7), std::size_t(1000), json.size()}) {
        decoder dec;
        auto const o = run_chunked(dec, json, chunk);
        REQUIRE_FALSE(o.ec);
        CHECK(o.list.items.at(0).name == long_name);
        CHECK(o.list.items.at(0).params<twitter_params>()->im.id == long_name);
    }
}

// ==== errors, each with its code and path ========================================================

TEST_CASE("missing required keys name their path") {
    SUBCASE("the contract's example") {
        expect_error(
            [](bj::value& d) { obj(d, "/items/1/connection_params/mail").erase("imap_port"); },
            errc::missing_field, "items[1].connection_params.mail.imap_port");
    }
    SUBCASE("the same with type after connection_params") {
        expect_error(
            [](bj::value& d) {
                obj(d, "/items/1/connection_params/mail").erase("imap_port");
                auto& items = d.as_object()["items"].as_array();
                items[1] = with_key_last(items[1].as_object(), "type");
            },
            errc::missing_field, "items[1].connection_params.mail.imap_port");
    }
    struct row {
        char const* pointer;
        char const* key;
        char const* path;
    };
    row const rows[] = {
        {"", "items", "items"},
        {"", "cursor", "cursor"},
        {"/items/0", "type", "items[0].type"},
        {"/items/0", "id", "items[0].id"},
        {"/items/0", "name", "items[0].name"},
        {"/items/1", "created_at", "items[1].created_at"},
        {"/items/0", "groups", "items[0].groups"},
        {"/items/1", "sources", "items[1].sources"},
        {"/items/0", "connection_params", "items[0].connection_params"},
        {"/items/0/sources/1", "status", "items[0].sources[1].status"},
        {"/items/1/sources/0", "id", "items[1].sources[0].id"},
        {"/items/0/signatures/1", "content", "items[0].signatures[1].content"},
        {"/items/0/signatures/0", "title", "items[0].signatures[0].title"},
        {"/items/0/connection_params", "im", "items[0].connection_params.im"},
        {"/items/0/connection_params/im", "id", "items[0].connection_params.im.id"},
        {"/items/0/connection_params/im", "username", "items[0].connection_params.im.username"},
        {"/items/0/connection_params/im", "premiumId", "items[0].connection_params.im.premiumId"},
        {"/items/0/connection_params/im", "organizations",
         "items[0].connection_params.im.organizations"},
        {"/items/0/connection_params/im/organizations/1", "mailbox_urn",
         "items[0].connection_params.im.organizations[1].mailbox_urn"},
        {"/items/0/connection_params/im/organizations/0", "messaging_enabled",
         "items[0].connection_params.im.organizations[0].messaging_enabled"},
        {"/items/0/connection_params/proxy", "host", "items[0].connection_params.proxy.host"},
        {"/items/0/connection_params/proxy", "port", "items[0].connection_params.proxy.port"},
        {"/items/0/connection_params/proxy", "source", "items[0].connection_params.proxy.source"},
        {"/items/1/connection_params/mail", "smtp_user",
         "items[1].connection_params.mail.smtp_user"},
        {"/items/1/connection_params", "mail", "items[1].connection_params.mail"},
    };
    for (auto const& r : rows) {
        CAPTURE(std::string_view(r.path));
        for (bool type_last : {false, true}) {
            CAPTURE(type_last);
            expect_error(
                [&](bj::value& d) {
                    obj(d, r.pointer).erase(r.key);
                    if (auto* items = d.as_object().if_contains("items"); items && type_last)
                        for (auto& item : items->as_array())
                            item = with_key_last(item.as_object(), "type");
                },
                errc::missing_field, r.path);
        }
    }
    SUBCASE("in every account type") {
        // The first required key of each type's connection_params, removed.
        for (auto const& c : type_cases()) {
            CAPTURE(c.wire);
            auto item = make_item(c, false, "acc");
            auto& cp = item["connection_params"].as_object();
            auto const first = std::string(cp.begin()->key());
            auto& inner = cp.begin()->value();
            std::string path = "items[0].connection_params." + first;
            if (inner.is_object()) {
                std::string const key(inner.as_object().begin()->key());
                path += "." + key;
                inner.as_object().erase(key);
            } else {
                cp.erase(first);
            }
            expect_error(list_json(bj::array{item}), errc::missing_field, path);
            expect_error(list_json(bj::array{with_key_last(item, "type")}), errc::missing_field,
                         path);
        }
    }
}

TEST_CASE("wrong JSON types name their path") {
    struct row {
        char const* pointer;
        char const* value;
        char const* path;
    };
    row const rows[] = {
        {"/items/1/connection_params/mail/imap_port", R"("993")",
         "items[1].connection_params.mail.imap_port"},
        {"/items/1/connection_params/mail/imap_port", "993.5",
         "items[1].connection_params.mail.imap_port"},
        {"/items/1/connection_params/mail/imap_port", "true",
         "items[1].connection_params.mail.imap_port"},
        {"/items/1/connection_params/mail/imap_port", "null",
         "items[1].connection_params.mail.imap_port"},
        {"/items/1/connection_params/mail/imap_port", "[993]",
         "items[1].connection_params.mail.imap_port"},
        {"/items/1/connection_params/mail/smtp_host", "7",
         "items[1].connection_params.mail.smtp_host"},
        {"/items/1/connection_params/mail/imap_encryption", "1",
         "items[1].connection_params.mail.imap_encryption"},
        {"/items", "{}", "items"},
        {"/items", R"("none")", "items"},
        {"/items", "null", "items"},
        {"/items/1", R"("acc")", "items[1]"},
        {"/items/0", "[]", "items[0]"},
        {"/cursor", "5", "cursor"},
        {"/cursor", "{}", "cursor"},
        {"/object", "5", "object"},
        {"/items/0/object", "null", "items[0].object"},
        {"/items/0/type", "5", "items[0].type"},
        {"/items/0/type", "null", "items[0].type"},
        {"/items/0/id", "null", "items[0].id"},
        {"/items/0/name", "5", "items[0].name"},
        {"/items/0/name", "{}", "items[0].name"},
        {"/items/0/groups", R"("g")", "items[0].groups"},
        {"/items/0/groups", R"({"0":"g"})", "items[0].groups"},
        {"/items/0/groups", R"(["a",1])", "items[0].groups[1]"},
        {"/items/0/signatures", "{}", "items[0].signatures"},
        {"/items/0/signatures/1/title", "false", "items[0].signatures[1].title"},
        {"/items/0/sources/1", R"("mail")", "items[0].sources[1]"},
        {"/items/0/sources/1/status", "1", "items[0].sources[1].status"},
        {"/items/0/connection_params", "[]", "items[0].connection_params"},
        {"/items/0/connection_params", "null", "items[0].connection_params"},
        {"/items/0/connection_params", R"("x")", "items[0].connection_params"},
        {"/items/0/connection_params/im", "[]", "items[0].connection_params.im"},
        {"/items/0/connection_params/im/premiumId", "5", "items[0].connection_params.im.premiumId"},
        {"/items/0/connection_params/im/premiumFeatures", R"("recruiter")",
         "items[0].connection_params.im.premiumFeatures"},
        {"/items/0/connection_params/im/premiumFeatures", R"(["premium",2])",
         "items[0].connection_params.im.premiumFeatures[1]"},
        {"/items/0/connection_params/im/organizations/1/messaging_enabled", R"("yes")",
         "items[0].connection_params.im.organizations[1].messaging_enabled"},
        {"/items/0/connection_params/im/organizations/0/messaging_enabled", "1",
         "items[0].connection_params.im.organizations[0].messaging_enabled"},
        {"/items/0/connection_params/proxy", "[]", "items[0].connection_params.proxy"},
        {"/items/0/connection_params/proxy/password", "1234",
         "items[0].connection_params.proxy.password"},
        {"/items/0/connection_params/proxy/protocol", "{}",
         "items[0].connection_params.proxy.protocol"},
        {"/items/0/last_fetched_at", "0", "items[0].last_fetched_at"},
        {"/items/0/current_signature", "[]", "items[0].current_signature"},
    };
    for (auto const& r : rows) {
        CAPTURE(std::string_view(r.path));
        CAPTURE(std::string_view(r.value));
        for (bool type_last : {false, true}) {
            CAPTURE(type_last);
            expect_error(
                [&](bj::value& d) {
                    d.at_pointer(r.pointer) = bj::parse(r.value);
                    if (type_last && d.as_object()["items"].is_array())
                        for (auto& item : d.as_object()["items"].as_array())
                            if (item.is_object() && item.as_object().contains("type"))
                                item = with_key_last(item.as_object(), "type");
                },
                errc::wrong_type, r.path);
        }
    }
    SUBCASE("integral doubles are integers") {
        auto const o = run(mutated([](bj::value& d) {
            d.at_pointer("/items/1/connection_params/mail/imap_port") = bj::parse("9.93e2");
        }));
        REQUIRE_FALSE(o.ec);
        CHECK(o.list.items.at(1).params<mail_params>()->mail.imap_port == 993);
    }
    SUBCASE("the document is not an object") {
        for (char const* doc :
             {"[]", R"([{"items":[],"cursor":null}])", "null", "42", R"("x")", "true", "-1.5"}) {
            CAPTURE(std::string_view(doc));
            auto const o = run(doc);
            CHECK(o.ec == errc::wrong_type);
            CHECK(o.diag.path == "");
        }
    }
}

TEST_CASE("ports outside 0..65535 are invalid values") {
    struct row {
        char const* pointer;
        char const* value;
        char const* path;
    };
    row const rows[] = {
        {"/items/1/connection_params/mail/imap_port", "70000",
         "items[1].connection_params.mail.imap_port"},
        {"/items/1/connection_params/mail/imap_port", "-1",
         "items[1].connection_params.mail.imap_port"},
        {"/items/1/connection_params/mail/imap_port", "65536",
         "items[1].connection_params.mail.imap_port"},
        {"/items/1/connection_params/mail/smtp_port", "-65535",
         "items[1].connection_params.mail.smtp_port"},
        {"/items/1/connection_params/mail/smtp_port", "1e20",
         "items[1].connection_params.mail.smtp_port"},
        {"/items/1/connection_params/mail/smtp_port", "18446744073709551615",
         "items[1].connection_params.mail.smtp_port"},
        {"/items/1/connection_params/mail/smtp_port", "-9223372036854775808",
         "items[1].connection_params.mail.smtp_port"},
        {"/items/0/connection_params/proxy/port", "70000", "items[0].connection_params.proxy.port"},
        {"/items/0/connection_params/proxy/port", "-1", "items[0].connection_params.proxy.port"},
    };
    for (auto const& r : rows) {
        CAPTURE(std::string_view(r.value));
        expect_error([&](bj::value& d) { d.at_pointer(r.pointer) = bj::parse(r.value); },
                     errc::invalid_value, r.path);
    }
    SUBCASE("0 and 65535 are ports") {
        auto const o = run(mutated([](bj::value& d) {
            d.at_pointer("/items/1/connection_params/mail/imap_port") = 0;
            d.at_pointer("/items/1/connection_params/mail/smtp_port") = 65535;
            d.at_pointer("/items/0/connection_params/proxy/port") = 65535u;
        }));
        REQUIRE_FALSE(o.ec);
        CHECK(o.list.items.at(1).params<mail_params>()->mail.imap_port == 0);
        CHECK(o.list.items.at(1).params<mail_params>()->mail.smtp_port == 65535);
        CHECK(o.list.items.at(0).params<linkedin_params>()->proxy->port == 65535);
    }
}

TEST_CASE("constant, non-empty and enum-less values") {
    SUBCASE("empty id") {
        expect_error([](bj::value& d) { d.at_pointer("/items/0/id") = ""; }, errc::invalid_value,
                     "items[0].id");
        expect_error(
            [](bj::value& d) {
                d.at_pointer("/items/1/id") = "";
                auto& items = d.as_object()["items"].as_array();
                items[1] = with_key_last(items[1].as_object(), "id");
            },
            errc::invalid_value, "items[1].id");
    }
    SUBCASE("empty current_signature") {
        expect_error([](bj::value& d) { d.at_pointer("/items/1/current_signature") = ""; },
                     errc::invalid_value, "items[1].current_signature");
    }
    SUBCASE("a one-character id is fine") {
        auto const o = run(mutated([](bj::value& d) { d.at_pointer("/items/0/id") = "x"; }));
        REQUIRE_FALSE(o.ec);
        CHECK(o.list.items.at(0).id == "x");
    }
    SUBCASE("wrong object constant") {
        expect_error([](bj::value& d) { d.at_pointer("/items/0/object") = "Foo"; },
                     errc::invalid_value, "items[0].object");
        expect_error([](bj::value& d) { d.at_pointer("/items/1/object") = "AccountList"; },
                     errc::invalid_value, "items[1].object");
        expect_error([](bj::value& d) { d.at_pointer("/object") = "Account"; }, errc::invalid_value,
                     "object");
        expect_error([](bj::value& d) { d.at_pointer("/object") = ""; }, errc::invalid_value,
                     "object");
    }
}

namespace {

/// Inserts `text` right after the first occurrence of `anchor` in `json`.
std::string insert_after(std::string json, std::string_view anchor, std::string_view text) {
    auto const pos = json.find(anchor);
    REQUIRE(pos != std::string::npos);
    json.insert(pos + anchor.size(), text);
    return json;
}

} // namespace

TEST_CASE("duplicate keys are malformed JSON") {
    std::string const base = mutated([](bj::value&) {});
    REQUIRE_FALSE(run(base).ec);
    expect_error(insert_after(base, R"("id":"acc_li",)", R"("id":"again",)"), errc::malformed_json,
                 "items[0].id");
    expect_error(insert_after(base, R"("id":"acc_mail",)", R"("type":"MAIL",)"),
                 errc::malformed_json, "items[1].type");
    expect_error(insert_after(base, R"("id":"acc_mail",)", R"("type":"LINKEDIN",)"),
                 errc::malformed_json, "items[1].type");
    expect_error(insert_after(base, R"("imap_port":993,)", R"("imap_port":993,)"),
                 errc::malformed_json, "items[1].connection_params.mail.imap_port");
    expect_error(insert_after(base, R"("object":"AccountList",)", R"("cursor":null,)"),
                 errc::malformed_json, "cursor");
    expect_error(insert_after(base, R"("id":"acc_li",)", R"("object":"Account",)"),
                 errc::malformed_json, "items[0].object");
    // A whole duplicate connection_params, with type last.
    std::string const gc = R"({"items":[{"id":"g","name":"n","created_at":"2026-01-01T00:00:00Z",)"
                           R"("groups":[],"sources":[],"connection_params":{"calendar":"a"},)"
                           R"("connection_params":{"calendar":"b"},"type":"GOOGLE_CALENDAR"}],)"
                           R"("cursor":null})";
    expect_error(gc, errc::malformed_json, "items[0].connection_params");
    // sync_token beside, twice.
    std::string const st =
        R"({"items":[{"sync_token":"a","sync_token":"b","type":"GOOGLE_CALENDAR",)"
        R"("id":"g","name":"n","created_at":"2026-01-01T00:00:00Z",)"
        R"("groups":[],"sources":[],"connection_params":{"calendar":"a"}}],)"
        R"("cursor":null})";
    expect_error(st, errc::malformed_json, "items[0].sync_token");
}

TEST_CASE("syntax errors, trailing garbage and invalid UTF-8 are malformed JSON") {
    std::string const base = mutated([](bj::value&) {});
    SUBCASE("trailing garbage") {
        for (char const* tail : {"x", "{}", ",", "]", "}", " \n null", "\"", "0"}) {
            CAPTURE(std::string_view(tail));
            auto const o = run(base + tail);
            CHECK(o.ec == errc::malformed_json);
            // The same when the garbage arrives in a later chunk.
            decoder dec;
            account_list l;
            boost::system::error_code ec;
            diagnostics diag;
            dec.start(l);
            dec.write(base, ec, diag);
            REQUIRE_FALSE(ec);
            CHECK(dec.done());
            dec.write(" ", ec, diag);
            CHECK_FALSE(ec);
            dec.write(tail, ec, diag);
            if (!ec) dec.finish(ec, diag);
            CHECK(ec == errc::malformed_json);
        }
    }
    SUBCASE("trailing whitespace is fine") {
        auto const o = run(base + " \r\n\t ");
        CHECK_FALSE(o.ec);
        CHECK(o.list.items.size() == 2);
    }
    SUBCASE("invalid UTF-8") {
        std::string const bad[] = {
            "\xff",  "\xc3",     "\xc0\xaf",        "\xed\xa0\x80", "\xf8\x88\x80\x80\x80",
            "a\x80", "\xe2\x82", "\xf4\x90\x80\x80"};
        for (auto const& b : bad) {
            for (char const* where : {R"("name":"LINKEDIN)", R"("content":"Sent)"}) {
                CAPTURE(std::string_view(where));
                auto const o = run(insert_after(base, where, b));
                CHECK(o.ec == errc::malformed_json);
            }
            // In a key, and in the value of an unknown key (skipped, still checked).
            CHECK(run(insert_after(base, R"("id":"acc_li",)", "\"k" + b + "\":1,")).ec ==
                  errc::malformed_json);
            CHECK(run(insert_after(base, R"("id":"acc_li",)", "\"k\":\"" + b + "\",")).ec ==
                  errc::malformed_json);
        }
    }
    SUBCASE("syntax errors") {
        for (char const* doc :
             {"", " ", "{", "}", "]", "nul", "\"", R"({"items")", R"({"items":)",
              R"({"items":[],"cursor":null,})", R"({"items":[,],"cursor":null})",
              R"({"items":[] "cursor":null})", R"({items:[],"cursor":null})",
              R"({"items":[],"cursor":nul})", R"({"items":[],"cursor":'x'})",
              R"({"items":[],"cursor":"\x"})",
              R"({"items":[],"cursor":"a)"
              "\n"
              R"("})",
              R"({"items":[],"cursor":null,"x":01})", R"({"items":[],"cursor":null}})"}) {
            CAPTURE(std::string_view(doc));
            CHECK(run(doc).ec == errc::malformed_json);
        }
    }
}

TEST_CASE("truncated input is malformed JSON at every point") {
    std::string const doc = realistic_document();
    std::size_t wrong = 0;
    std::size_t first_wrong = 0;
    decoder dec;
    account_list l; // reused: a failed decode leaves it to the next
    for (std::size_t k = 0; k < doc.size(); ++k) {
        boost::system::error_code ec;
        diagnostics diag;
        dec.start(l);
        dec.write(std::string_view(doc).substr(0, k), ec, diag);
        if (!ec) dec.finish(ec, diag);
        if (ec != errc::malformed_json || diag.detail.empty()) {
            if (wrong++ == 0) first_wrong = k;
        }
    }
    CAPTURE(first_wrong);
    CHECK(wrong == 0);
    CHECK(run(doc).ec == boost::system::error_code{});
}

TEST_CASE("truncated input: the path names where it stopped") {
    std::string const doc = realistic_document();
    auto const o = run(std::string_view(doc).substr(0, doc.find("imap.mail.test")));
    CHECK(o.ec == errc::malformed_json);
    CHECK(o.diag.path == "items[2].connection_params.mail.imap_host");
    CHECK(o.diag.detail == "truncated document");
}

TEST_CASE("over-deep nesting is too_large") {
    auto nested = [](std::size_t n) { return std::string(n, '[') + std::string(n, ']'); };
    auto with_extra = [](std::string const& value) {
        // In items[1], after connection_params, its last known key.
        return insert_after(mutated([](bj::value&) {}), R"("smtp_user":"smtp-user"}})",
                            R"(,"extra":)" + value);
    };
    SUBCASE("a deep unknown value, with decode_options::max_depth") {
        auto const json = with_extra(nested(20));
        REQUIRE_FALSE(run(json, {.max_depth = 32}).ec);
        auto const o = run(json, {.max_depth = 16});
        CHECK(o.ec == errc::too_large);
        CHECK(o.diag.path == "items[1]");
        CHECK(o.diag.detail.find("16") != std::string::npos);
    }
    SUBCASE("a very deep unknown value with the default limit") {
        auto const o = run(with_extra(nested(5000)));
        CHECK(o.ec == errc::too_large);
        CHECK(o.diag.path == "items[1]");
    }
    SUBCASE("deep raw connection_params of an unknown type") {
        std::string const json =
            R"({"items":[{"type":"MASTODON","id":"m","name":"n","created_at":"2026-01-01T00:00:00Z",)"
            R"("groups":[],"sources":[],"connection_params":{"a":)" +
            nested(100) + R"(}}],"cursor":null})";
        auto const o = run(json);
        CHECK(o.ec == errc::too_large);
        CHECK(o.diag.path == "items[0].connection_params");
        // And with type last: recorded, then refused all the same.
        std::string const last =
            R"({"items":[{"id":"m","name":"n","created_at":"2026-01-01T00:00:00Z",)"
            R"("groups":[],"sources":[],"connection_params":{"a":)" +
            nested(100) + R"(},"type":"MASTODON"}],"cursor":null})";
        CHECK(run(last).ec == errc::too_large);
    }
    SUBCASE("the limit counts every level of the document") {
        // The spec's example nests 7 deep: list, items, account, connection_params, im,
        // organizations, organization.
        std::string const json = read_file(POSTPRESS_SPEC_FILE);
        CHECK_FALSE(run(json, {.max_depth = 7}).ec);
        auto const o = run(json, {.max_depth = 6});
        CHECK(o.ec == errc::too_large);
        CHECK(o.diag.path == "items[0].connection_params.im.organizations[0]");
    }
}

TEST_CASE("oversize documents are too_large") {
    std::string const doc = realistic_document();
    SUBCASE("in one piece") {
        CHECK_FALSE(run(doc, {.max_bytes = doc.size()}).ec);
        auto const o = run(doc, {.max_bytes = doc.size() - 1});
        CHECK(o.ec == errc::too_large);
        CHECK_FALSE(o.diag.detail.empty());
    }
    SUBCASE("in chunks: fails at the chunk that crosses the limit, and stays failed") {
        decoder dec({.max_bytes = 1000});
        account_list l;
        boost::system::error_code ec;
        diagnostics diag;
        dec.start(l);
        std::size_t pos = 0;
        for (; pos < doc.size() && !ec; pos += 100)
            dec.write(std::string_view(doc).substr(pos, 100), ec, diag);
        CHECK(ec == errc::too_large);
        CHECK(pos == 1100);
        ec = {};
        dec.write("x", ec, diag);
        CHECK(ec == errc::too_large);
        ec = {};
        dec.finish(ec, diag);
        CHECK(ec == errc::too_large);
        // start() begins afresh.
        account_list small;
        dec.start(small);
        ec = {};
        dec.write(R"({"items":[],"cursor":"c"})", ec, diag);
        dec.finish(ec, diag);
        CHECK_FALSE(ec);
        CHECK(small.cursor == std::optional<std::string>("c"));
    }
}

TEST_CASE("a failed decoder keeps failing until start()") {
    decoder dec;
    account_list l;
    boost::system::error_code ec;
    diagnostics diag;
    dec.start(l);
    dec.write(R"({"items":[{"id":5,)", ec, diag);
    CHECK(ec == errc::wrong_type);
    CHECK(diag.path == "items[0].id");
    ec = {};
    diag = {};
    dec.write(R"(}],"cursor":null})", ec, diag);
    CHECK(ec == errc::wrong_type);
    CHECK(diag.path == "items[0].id");
    ec = {};
    dec.finish(ec, diag);
    CHECK(ec == errc::wrong_type);
}

TEST_CASE("errors carry no value from the input") {
    std::string const secret = "hunter2-secret-password";
    auto const json = mutated([&](bj::value& d) {
        d.at_pointer("/items/0/connection_params/proxy/password") = secret;
        d.at_pointer("/items/1/created_at") = secret;
    });
    auto const o = run(json);
    CHECK(o.ec == errc::invalid_value);
    CHECK(o.diag.path == "items[1].created_at");
    CHECK(o.diag.to_string().find("hunter2") == std::string::npos);
    try {
        (void)parse_account_list(json);
        FAIL("no exception");
    } catch (postpress::error const& e) {
        CHECK(e.code() == errc::invalid_value);
        CHECK(e.diag().path == "items[1].created_at");
        CHECK(std::string(e.what()).find("hunter2") == std::string::npos);
        CHECK(std::string(e.what()).find("items[1].created_at") != std::string::npos);
    }
}

// ==== chunked input ==============================================================================

TEST_CASE("the realistic page decodes") {
    auto const o = run(realistic_document());
    REQUIRE_FALSE(o.ec);
    check_realistic(o.list);
}

TEST_CASE("chunked: split in two at every byte position decodes identically") {
    std::string const doc = realistic_document();
    auto const ref = run(doc);
    REQUIRE_FALSE(ref.ec);
    check_realistic(ref.list);
    decoder dec;
    std::size_t wrong = 0, first_wrong = 0;
    std::string head, tail;
    for (std::size_t k = 0; k <= doc.size(); ++k) {
        account_list l; // fresh: a reused one could hide a value left unwritten
        boost::system::error_code ec;
        diagnostics diag;
        dec.start(l);
        head.assign(doc, 0, k);
        tail.assign(doc, k);
        dec.write(head, ec, diag);
        head.assign(head.size(), '#');
        if (!ec) dec.write(tail, ec, diag);
        if (!ec) dec.finish(ec, diag);
        if (ec || !(l == ref.list))
            if (wrong++ == 0) first_wrong = k;
    }
    CAPTURE(first_wrong);
    CAPTURE(doc.size());
    CHECK(wrong == 0);
}

TEST_CASE("chunked: chunks of 1..7 bytes decode identically") {
    std::string const doc = realistic_document();
    auto const ref = run(doc);
    REQUIRE_FALSE(ref.ec);
    decoder dec;
    for (std::size_t size = 1; size <= 7; ++size) {
        CAPTURE(size);
        auto const o = run_chunked(dec, doc, size);
        CHECK_FALSE(o.ec);
        CHECK(o.list == ref.list);
        check_realistic(o.list);
    }
    SUBCASE("with empty chunks in between") {
        account_list l;
        boost::system::error_code ec;
        diagnostics diag;
        dec.start(l);
        for (std::size_t pos = 0; pos < doc.size() && !ec; pos += 11) {
            dec.write({}, ec, diag);
            dec.write(std::string_view(doc).substr(pos, 11), ec, diag);
        }
        if (!ec) dec.finish(ec, diag);
        CHECK_FALSE(ec);
        CHECK(l == ref.list);
    }
}

// ==== reused targets =============================================================================

namespace {

std::string page_a() {
    bj::array items;
    for (auto const& c : type_cases())
        items.push_back(make_item(c, true, "a_" + std::string(c.wire)));
    auto gc_in = make_item(case_of("GOOGLE_CALENDAR"), true, "a_gc");
    items.push_back(gc_in);
    items.push_back(bj::parse(R"({"type":"MASTODON","id":"a_m","name":"m",)"
                              R"("created_at":"2026-01-01T00:00:00Z","groups":["x"],)"
                              R"("sources":[],"connection_params":{"k":[1,2,3]}})"));
    return list_json(std::move(items), "page-a-cursor");
}

/// Fewer items; different types at the same indexes; optional fields absent where A had them;
/// some items of the same type as A's at the same index; type last for some.
std::string page_b() {
    bj::array items;
    // 0: A had MOBILE full, B has LINKEDIN with only the required fields (type last).
    items.push_back(with_key_last(make_item(case_of("LINKEDIN"), false, "b0"), "type"));
    // 1: A had MAIL full, B has MAIL required-only (same type, no imap_encryption, no
    //    last_fetched_at, signatures, current_signature).
    items.push_back(make_item(case_of("MAIL"), false, "b1"));
    // 2: A had GOOGLE_OAUTH, B has an unknown type.
    items.push_back(bj::parse(R"({"id":"b2","name":"u","created_at":"2026-02-02T00:00:00Z",)"
                              R"("groups":[],"sources":[],"connection_params":{"z":null},)"
                              R"("type":"NEW_THING"})"));
    // 3: A had ICLOUD full, B has ICLOUD full but with fewer sources and signatures.
    {
        auto it = make_item(case_of("ICLOUD"), true, "b3");
        it["sources"] = bj::parse(R"([{"id":"only","status":"ERROR"}])");
        it["signatures"] = bj::array{};
        it["groups"] = bj::parse(R"(["one"])");
        items.push_back(it);
    }
    // 4: A had OUTLOOK, B has GOOGLE_CALENDAR with sync_token beside, type last.
    items.push_back(bj::parse(R"({"sync_token":"b-beside","id":"b4","name":"gc",)"
                              R"("created_at":"2026-02-02T00:00:00Z","groups":[],"sources":[],)"
                              R"("connection_params":{"calendar":"c"},"type":"GOOGLE_CALENDAR"})"));
    // 5: A had GOOGLE_CALENDAR with sync_token, B has it without.
    items.push_back(make_item(case_of("GOOGLE_CALENDAR"), false, "b5"));
    // 6: A had WHATSAPP, B has MOBILE.
    items.push_back(make_item(case_of("MOBILE"), true, "b6"));
    // 7: A had LINKEDIN full (proxy, features, two organizations), B has LINKEDIN with one
    //    organization and no proxy.
    {
        auto it = make_item(case_of("LINKEDIN"), false, "b7");
        it["connection_params"].as_object()["im"].as_object()["organizations"] =
            bj::parse(R"([{"name":"Solo","messaging_enabled":false,"organization_urn":"u",)"
                      R"("mailbox_urn":"m"}])");
        items.push_back(it);
    }
    return list_json(std::move(items));
}

} // namespace

TEST_CASE("decoding into a reused account_list gives what a fresh decode gives") {
    std::string const a = page_a(), b = page_b();
    auto const fresh_a = run(a);
    auto const fresh_b = run(b);
    REQUIRE_FALSE(fresh_a.ec);
    REQUIRE_FALSE(fresh_b.ec);
    REQUIRE(fresh_a.list.items.size() == 16);
    REQUIRE(fresh_b.list.items.size() == 8);
    REQUIRE(fresh_a.list != fresh_b.list);
    // B fresh is what it says.
    auto const& fb = fresh_b.list;
    check_item(fb.items[0], case_of("LINKEDIN"), false, "b0");
    check_item(fb.items[1], case_of("MAIL"), false, "b1");
    CHECK(fb.items[2].type_name == "NEW_THING");
    CHECK(fb.items[4].params<google_calendar_params>()->sync_token ==
          std::optional<std::string>("b-beside"));
    check_item(fb.items[5], case_of("GOOGLE_CALENDAR"), false, "b5");
    CHECK_FALSE(fb.cursor.has_value());

    SUBCASE("A then B") {
        account_list reused;
        boost::system::error_code ec;
        diagnostics diag;
        parse_account_list(a, reused, ec, diag);
        REQUIRE_FALSE(ec);
        CHECK(reused == fresh_a.list);
        auto const capacity = reused.items.capacity();
        parse_account_list(b, reused, ec, diag);
        REQUIRE_FALSE(ec);
        CHECK(reused == fresh_b.list);
        CHECK(reused.items.capacity() == capacity); // kept
        // And back again.
        parse_account_list(a, reused, ec, diag);
        REQUIRE_FALSE(ec);
        CHECK(reused == fresh_a.list);
    }
    SUBCASE("A then B, in chunks, with one decoder") {
        decoder dec;
        account_list reused;
        for (std::size_t size : {1u, 5u}) {
            dec.start(reused);
            boost::system::error_code ec;
            diagnostics diag;
            for (std::size_t pos = 0; pos < a.size(); pos += size)
                dec.write(std::string_view(a).substr(pos, size), ec, diag);
            dec.finish(ec, diag);
            REQUIRE_FALSE(ec);
            CHECK(reused == fresh_a.list);
            dec.start(reused);
            for (std::size_t pos = 0; pos < b.size(); pos += size)
                dec.write(std::string_view(b).substr(pos, size), ec, diag);
            dec.finish(ec, diag);
            REQUIRE_FALSE(ec);
            CHECK(reused == fresh_b.list);
        }
    }
    SUBCASE("B after a failed decode") {
        account_list reused;
        boost::system::error_code ec;
        diagnostics diag;
        parse_account_list(a, reused, ec, diag);
        REQUIRE_FALSE(ec);
        // Fails half-way through its fourth item.
        parse_account_list(a.substr(0, a.find("imap.icloud.test")), reused, ec, diag);
        REQUIRE(ec == errc::malformed_json);
        ec = {};
        parse_account_list(b, reused, ec, diag);
        REQUIRE_FALSE(ec);
        CHECK(reused == fresh_b.list);
    }
    SUBCASE("every item of A against every type of B at the same index") {
        // B2: each type in A's order shifted by one, type last, required fields only.
        bj::array items;
        for (std::size_t i = 0; i < 14; ++i)
            items.push_back(with_key_last(
                make_item(type_cases()[(i + 1) % 14], false, "s" + std::to_string(i)), "type"));
        std::string const b2 = list_json(std::move(items), "c2");
        auto const fresh = run(b2);
        REQUIRE_FALSE(fresh.ec);
        account_list reused;
        boost::system::error_code ec;
        diagnostics diag;
        parse_account_list(a, reused, ec, diag);
        parse_account_list(b2, reused, ec, diag);
        REQUIRE_FALSE(ec);
        CHECK(reused == fresh.list);
        for (std::size_t i = 0; i < 14; ++i)
            check_item(reused.items[i], type_cases()[(i + 1) % 14], false, "s" + std::to_string(i));
    }
}
