// The bad-input catalogue: documents a server could send instead of a valid AccountList, each with
// the error code and JSON path the decoder must report. Shared by the reliability tests (through
// the decoder and through the client) and by the fuzzing seed generator.
#pragma once

#include <postpress/errc.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace postpress::test {

/// A valid page holding one account of each shape the catalogue mutates: LINKEDIN (nullable,
/// enum arrays, organizations, proxy), MAIL (ports, optional enum, offset timestamp),
/// GOOGLE_CALENDAR (sync_token beside connection_params), MOBILE and an unknown type (raw
/// connection_params). Every anchor the catalogue replaces occurs exactly once.
inline constexpr std::string_view valid_page =
    R"({"object":"AccountList","items":[)"
    R"({"object":"Account","type":"LINKEDIN","id":"acc_li","name":"Anna - Sales",)"
    R"("created_at":"2026-04-12T09:14:21.000Z","last_fetched_at":"2026-04-13T10:00:00Z",)"
    R"("current_signature":"sig_1",)"
    R"("signatures":[{"title":"Default","content":"Sent from postpress"}],)"
    R"("groups":["g1"],"sources":[{"id":"messaging","status":"OK"}],)"
    R"("connection_params":{"im":{"id":"ACoAAB","publicIdentifier":"anna-doe","username":"anna",)"
    R"("premiumId":null,"premiumContractId":"pc_1","premiumFeatures":["sales_navigator"],)"
    R"("organizations":[{"name":"Acme","messaging_enabled":true,)"
    R"("organization_urn":"urn:li:organization:1","mailbox_urn":"urn:li:mb:1"}]},)"
    R"("proxy":{"source":"USER","host":"proxy.example.com","port":8080,"protocol":"socks5",)"
    R"("username":"pu","password":"pp"}}},)"
    R"({"object":"Account","type":"MAIL","id":"acc_mail","name":"anna@acme.com",)"
    R"("created_at":"2026-04-01T11:02:00.000+02:00","groups":[],)"
    R"("sources":[{"id":"mail","status":"CONNECTING"}],)"
    R"("connection_params":{"mail":{"imap_host":"imap.acme.com","imap_port":993,)"
    R"("imap_user":"anna","imap_encryption":"tls","smtp_host":"smtp.acme.com","smtp_port":465,)"
    R"("smtp_user":"anna"}}},)"
    R"({"object":"Account","type":"GOOGLE_CALENDAR","id":"acc_cal","name":"Calendar",)"
    R"("created_at":"2026-03-01T00:00:00Z","groups":[],"sources":[],)"
    R"("connection_params":{"calendar":"primary"},"sync_token":"tok_1"},)"
    R"({"object":"Account","type":"MOBILE","id":"acc_mob","name":"Phone",)"
    R"("created_at":"2026-02-01T08:00:00.5Z","groups":[],"sources":[],)"
    R"("connection_params":{"im":{"phone_number":"+33100","sim_serial_number":"8933"},)"
    R"("call":{"phone_number":"+33101","sim_serial_number":"8934"}}},)"
    R"({"object":"Account","type":"MASTODON","id":"acc_new","name":"Toot",)"
    R"("created_at":"2026-01-01T00:00:00Z","groups":[],"sources":[],)"
    R"("connection_params":{"server":"mastodon.social","depth":{"a":[1,2,{"b":null}]}}}],)"
    R"("cursor":"Y3Vyc29y+/=="})";

struct bad_input {
    std::string name;
    std::string body;
    errc code{};
    std::string path;          ///< the JSON path the error must name ("" for the document)
    std::size_t max_bytes = 0; ///< a decode limit (the client's max_body_bytes) or 0 for defaults
};

namespace detail {

/// `valid_page` with the one occurrence of `from` replaced by `to`.
inline std::string with(std::string_view from, std::string_view to) {
    std::string doc(valid_page);
    auto const pos = doc.find(from);
    if (pos == std::string::npos || doc.find(from, pos + 1) != std::string::npos)
        throw std::logic_error("bad-input catalogue: anchor not unique: " + std::string(from));
    doc.replace(pos, from.size(), to);
    return doc;
}
/// `valid_page` without the one occurrence of `text`.
inline std::string without(std::string_view text) {
    return with(text, "");
}
/// `valid_page` cut right after the one occurrence of `anchor`.
inline std::string cut_after(std::string_view anchor) {
    std::string doc = with(anchor, anchor);
    doc.resize(doc.find(anchor) + anchor.size());
    return doc;
}
inline std::string nested(std::size_t depth, std::string_view open, std::string_view close,
                          std::string_view inner = "1") {
    std::string s;
    for (std::size_t i = 0; i < depth; ++i)
        s += open;
    s += inner;
    for (std::size_t i = 0; i < depth; ++i)
        s += close;
    return s;
}

} // namespace detail

/// The catalogue; every body is refused with `code` at `path`.
inline std::vector<bad_input> bad_input_catalogue() {
    using detail::cut_after;
    using detail::with;
    using detail::without;
    std::vector<bad_input> c;
    auto add = [&](std::string name, std::string body, errc code, std::string path,
                   std::size_t max_bytes = 0) {
        bad_input b;
        b.name = std::move(name);
        b.body = std::move(body);
        b.code = code;
        b.path = std::move(path);
        b.max_bytes = max_bytes;
        c.push_back(std::move(b));
    };
    auto const mj = errc::malformed_json, wt = errc::wrong_type, mf = errc::missing_field,
               iv = errc::invalid_value, tl = errc::too_large;
    std::string const org = "items[0].connection_params.im.organizations[0]";
    std::string const im = "items[0].connection_params.im";
    std::string const mail = "items[1].connection_params.mail";

    // ---- not JSON, truncated at many points, syntax errors -----------------------------------
    add("empty body", "", mj, "");
    add("whitespace only", " \r\n\t ", mj, "");
    add("an HTML page", "<html><body>Service Unavailable</body></html>", mj, "");
    add("plain text", "OK", mj, "");
    add("truncated after the opening brace", "{", mj, "");
    add("truncated after the items bracket", cut_after(R"("items":[)"), mj, "items[0]");
    add("truncated after an account's opening brace", cut_after(R"("items":[{)"), mj, "items[0]");
    add("truncated in a string", cut_after(R"("name":"Anna - )"), mj, "items[0].name");
    add("truncated in a number", cut_after(R"("imap_port":99)"), mj, mail + ".imap_port");
    add("truncated in a literal", cut_after(R"("premiumId":nu)"), mj, im + ".premiumId");
    add("truncated in a timestamp", cut_after(R"("created_at":"2026-04-12T09)"), mj,
        "items[0].created_at");
    {
        std::string doc = with(R"("Anna - Sales")", R"("Anna \u00e9")");
        doc.resize(doc.find(R"(\u00)") + 4);
        add("truncated in an escape", doc, mj, "items[0].name");
    }
    add("truncated in the organizations", cut_after(R"({"name":"Acme")"), mj, org + ".name");
    add("truncated in raw connection_params", cut_after(R"("depth":{"a":[1,2)"), mj,
        "items[4].connection_params");
    add("truncated in the cursor", cut_after(R"("cursor":"Y3Vy)"), mj, "cursor");
    add("a missing comma", with(R"("acc_li","name")", R"("acc_li" "name")"), mj, "items[0].id");
    add("a trailing comma in an object", with(R"(+/=="})", R"(+/==",})"), mj, "cursor");
    add("a trailing comma in an array", with(R"(["g1"])", R"(["g1",])"), mj, "items[0].groups[1]");
    add("a single-quoted string", with(R"("Anna - Sales")", R"('Anna - Sales')"), mj,
        "items[0].name");
    add("an unquoted key", with(R"("name":"Anna - Sales")", R"(name:"Anna - Sales")"), mj,
        "items[0].id");
    add("a raw newline in a string", with(R"("Anna - Sales")", "\"Anna\n- Sales\""), mj,
        "items[0].name");
    add("an invalid escape", with(R"("Anna - Sales")", R"("Anna \x - Sales")"), mj,
        "items[0].name");
    add("a number with a leading zero", with(R"("imap_port":993)", R"("imap_port":0993)"), mj,
        mail + ".imap_port");
    add("NaN", with(R"("smtp_port":465)", R"("smtp_port":NaN)"), mj, mail + ".smtp_port");
    add("a comment", with(R"("type":"LINKEDIN",)", R"("type":"LINKEDIN",/* c */)"), mj,
        "items[0].type");
    add("an extra closing bracket", with(R"(["g1"])", R"(["g1"]])"), mj, "items[0].groups");
    add("data after the document", std::string(valid_page) + "x", mj, "");
    add("two documents", std::string(valid_page) + std::string(valid_page), mj, "");

    // ---- invalid UTF-8 -------------------------------------------------------------------------
    add("invalid UTF-8 byte 0xFF", with("Anna - Sales", "Anna \xff Sales"), mj, "items[0].name");
    add("an overlong UTF-8 encoding", with("Anna - Sales", "Anna \xc0\xaf Sales"), mj,
        "items[0].name");
    add("a UTF-16 surrogate encoded in UTF-8", with("Y3Vyc29y", "Y3Vy\xed\xa0\x80"), mj, "cursor");
    add("a truncated UTF-8 sequence", with("Anna - Sales", "Anna - Sales\xe2\x82"), mj,
        "items[0].name");
    add("a code point above U+10FFFF", with("Anna - Sales", "Anna \xf4\x90\x80\x80"), mj,
        "items[0].name");
    add("invalid UTF-8 in a key", with(R"("id":"acc_li",)", "\"id\":\"acc_li\",\"k\xff\":1,"), mj,
        "items[0].id");
    add("invalid UTF-8 in an unknown key's value",
        with(R"("id":"acc_li",)", "\"id\":\"acc_li\",\"extra\":\"\xff\","), mj, "items[0]");
    add("invalid UTF-8 in raw connection_params", with("mastodon.social", "mastodon\xff.social"),
        mj, "items[4].connection_params");

    // ---- duplicated keys -----------------------------------------------------------------------
    add("a duplicated id", with(R"("id":"acc_li",)", R"("id":"acc_li","id":"again",)"), mj,
        "items[0].id");
    add("a duplicated items", with(R"({"object":"AccountList",)", R"({"items":[],)"), mj, "items");
    add("a duplicated cursor", with(R"({"object":"AccountList",)", R"({"cursor":null,)"), mj,
        "cursor");
    add("a duplicated port", with(R"("imap_port":993,)", R"("imap_port":993,"imap_port":994,)"), mj,
        mail + ".imap_port");
    add("a duplicated type", with(R"("id":"acc_mail",)", R"("id":"acc_mail","type":"MAIL",)"), mj,
        "items[1].type");
    add("a duplicated connection_params",
        with(R"("8934"}}})", R"("8934"}},"connection_params":{}})"), mj,
        "items[3].connection_params");

    // ---- wrong JSON types, for every kind of field --------------------------------------------
    add("string: a number", with(R"("name":"Anna - Sales")", R"("name":42)"), wt, "items[0].name");
    add("string: a huge number", with(R"("name":"Anna - Sales")", R"("name":1e400)"), wt,
        "items[0].name");
    add("string: null for a required string", with(R"("username":"anna")", R"("username":null)"),
        wt, im + ".username");
    add("string: an object", with(R"("imap_host":"imap.acme.com")", R"("imap_host":{})"), wt,
        mail + ".imap_host");
    add("string: an array", with(R"("title":"Default")", R"("title":["Default"])"), wt,
        "items[0].signatures[0].title");
    add("port: a string", with(R"("imap_port":993)", R"("imap_port":"993")"), wt,
        mail + ".imap_port");
    add("port: a fraction", with(R"("imap_port":993)", R"("imap_port":993.5)"), wt,
        mail + ".imap_port");
    add("port: a boolean", with(R"("smtp_port":465)", R"("smtp_port":true)"), wt,
        mail + ".smtp_port");
    add("port: null", with(R"("port":8080)", R"("port":null)"), wt,
        "items[0].connection_params.proxy.port");
    add("port: above 65535", with(R"("imap_port":993)", R"("imap_port":65536)"), iv,
        mail + ".imap_port");
    add("port: negative", with(R"("imap_port":993)", R"("imap_port":-1)"), iv, mail + ".imap_port");
    add("port: 1e400", with(R"("port":8080)", R"("port":1e400)"), iv,
        "items[0].connection_params.proxy.port");
    add("port: 2^64", with(R"("smtp_port":465)", R"("smtp_port":18446744073709551616)"), iv,
        mail + ".smtp_port");
    add("port: 2^64-1", with(R"("smtp_port":465)", R"("smtp_port":18446744073709551615)"), iv,
        mail + ".smtp_port");
    add("port: -2^63", with(R"("smtp_port":465)", R"("smtp_port":-9223372036854775808)"), iv,
        mail + ".smtp_port");
    add("bool: a string", with(R"("messaging_enabled":true)", R"("messaging_enabled":"true")"), wt,
        org + ".messaging_enabled");
    add("bool: a number", with(R"("messaging_enabled":true)", R"("messaging_enabled":1)"), wt,
        org + ".messaging_enabled");
    add("enum: a number", with(R"("status":"OK")", R"("status":1)"), wt,
        "items[0].sources[0].status");
    add("enum: null for a required enum", with(R"("status":"OK")", R"("status":null)"), wt,
        "items[0].sources[0].status");
    add("optional enum: a boolean", with(R"("imap_encryption":"tls")", R"("imap_encryption":true)"),
        wt, mail + ".imap_encryption");
    add("enum array: a number", with(R"(["sales_navigator"])", R"(["sales_navigator",2])"), wt,
        im + ".premiumFeatures[1]");
    add("discriminator: a number", with(R"("type":"LINKEDIN")", R"("type":7)"), wt,
        "items[0].type");
    add("discriminator: null", with(R"("type":"MOBILE")", R"("type":null)"), wt, "items[3].type");
    add("timestamp: a number",
        with(R"("created_at":"2026-04-12T09:14:21.000Z")", R"("created_at":1712913261)"), wt,
        "items[0].created_at");
    add("optional timestamp: a boolean",
        with(R"("last_fetched_at":"2026-04-13T10:00:00Z")", R"("last_fetched_at":true)"), wt,
        "items[0].last_fetched_at");
    add("array: a string", with(R"("groups":["g1"])", R"("groups":"g1")"), wt, "items[0].groups");
    add("array: an object",
        with(R"("sources":[{"id":"messaging","status":"OK"}])",
             R"("sources":{"id":"messaging","status":"OK"})"),
        wt, "items[0].sources");
    add("array: null for a required array", with(R"("groups":["g1"])", R"("groups":null)"), wt,
        "items[0].groups");
    add("array element: a number", with(R"(["g1"])", R"(["g1",2])"), wt, "items[0].groups[1]");
    add("items: null", R"({"object":"AccountList","items":null,"cursor":null})", wt, "items");
    add("items element: a string", R"({"object":"AccountList","items":["acc_1"],"cursor":null})",
        wt, "items[0]");
    add("object: an array",
        with(R"("call":{"phone_number":"+33101","sim_serial_number":"8934"})", R"("call":["+1"])"),
        wt, "items[3].connection_params.call");
    add("object: a string",
        with(R"("proxy":{"source":"USER","host":"proxy.example.com","port":8080,"protocol":)"
             R"("socks5","username":"pu","password":"pp"})",
             R"("proxy":"socks5://proxy.example.com:8080")"),
        wt, "items[0].connection_params.proxy");
    add("connection_params: an array",
        with(R"("connection_params":{"calendar":"primary"})", R"("connection_params":["primary"])"),
        wt, "items[2].connection_params");
    add("connection_params: null",
        with(R"("connection_params":{"calendar":"primary"})", R"("connection_params":null)"), wt,
        "items[2].connection_params");
    add("nullable: a number", with(R"("premiumId":null)", R"("premiumId":5)"), wt,
        im + ".premiumId");
    add("nullable: an object", with(R"("premiumContractId":"pc_1")", R"("premiumContractId":{})"),
        wt, im + ".premiumContractId");
    add("nullable cursor: a number", with(R"("cursor":"Y3Vyc29y+/==")", R"("cursor":42)"), wt,
        "cursor");
    add("sync_token beside: a number", with(R"("sync_token":"tok_1")", R"("sync_token":7)"), wt,
        "items[2].sync_token");
    add("object constant: a number", with(R"({"object":"AccountList",)", R"({"object":1,)"), wt,
        "object");
    add("object constant: another value",
        with(R"("object":"Account","type":"MAIL")", R"("object":"Accounts","type":"MAIL")"), iv,
        "items[1].object");

    // ---- missing required fields, at every level -----------------------------------------------
    add("missing items", R"({"object":"AccountList","cursor":null})", mf, "items");
    add("missing cursor (nullable, must be present)", without(R"(,"cursor":"Y3Vyc29y+/==")"), mf,
        "cursor");
    add("missing type", without(R"("type":"MAIL",)"), mf, "items[1].type");
    add("missing id", without(R"("id":"acc_cal",)"), mf, "items[2].id");
    add("missing name", without(R"("name":"Phone",)"), mf, "items[3].name");
    add("missing created_at", without(R"("created_at":"2026-01-01T00:00:00Z",)"), mf,
        "items[4].created_at");
    add("missing groups", without(R"("groups":["g1"],)"), mf, "items[0].groups");
    add("missing sources", without(R"("sources":[{"id":"mail","status":"CONNECTING"}],)"), mf,
        "items[1].sources");
    add("missing connection_params", without(R"(,"connection_params":{"calendar":"primary"})"), mf,
        "items[2].connection_params");
    add("missing signature content", without(R"(,"content":"Sent from postpress")"), mf,
        "items[0].signatures[0].content");
    add("missing source status", without(R"(,"status":"OK")"), mf, "items[0].sources[0].status");
    add("missing source id", without(R"("id":"mail",)"), mf, "items[1].sources[0].id");
    add("missing imap_port", without(R"("imap_port":993,)"), mf, mail + ".imap_port");
    add("missing smtp_user", without(R"(,"smtp_user":"anna")"), mf, mail + ".smtp_user");
    add("missing mail",
        with(R"("connection_params":{"mail":{"imap_host")",
             R"("connection_params":{"x":{"imap_host")"),
        mf, "items[1].connection_params.mail");
    add("missing premiumId (nullable, must be present)", without(R"("premiumId":null,)"), mf,
        im + ".premiumId");
    add("missing organizations", with(R"(,"organizations":[{)", R"(,"x":[{)"), mf,
        im + ".organizations");
    add("missing mailbox_urn", without(R"(,"mailbox_urn":"urn:li:mb:1")"), mf,
        org + ".mailbox_urn");
    add("missing proxy port", without(R"("port":8080,)"), mf,
        "items[0].connection_params.proxy.port");
    add("missing call", without(R"(,"call":{"phone_number":"+33101","sim_serial_number":"8934"})"),
        mf, "items[3].connection_params.call");
    add("missing sim_serial_number", without(R"(,"sim_serial_number":"8933")"), mf,
        "items[3].connection_params.im.sim_serial_number");
    add("missing calendar",
        with(R"("connection_params":{"calendar":"primary"})", R"("connection_params":{})"), mf,
        "items[2].connection_params.calendar");
    add("an empty account", R"({"object":"AccountList","items":[{}],"cursor":null})", mf,
        "items[0].type");

    // ---- invalid values
    // --------------------------------------------------------------------------
    add("timestamp: February 30", with("2026-02-01T08:00:00.5Z", "2026-02-30T08:00:00.5Z"), iv,
        "items[3].created_at");
    add("timestamp: 24:00", with("2026-03-01T00:00:00Z", "2026-03-01T24:00:00Z"), iv,
        "items[2].created_at");
    add("timestamp: a leap second", with("2026-03-01T00:00:00Z", "2026-03-01T23:59:60Z"), iv,
        "items[2].created_at");
    add("timestamp: no zone", with("2026-04-12T09:14:21.000Z", "2026-04-12T09:14:21.000"), iv,
        "items[0].created_at");
    add("timestamp: ten fraction digits",
        with("2026-04-12T09:14:21.000Z", "2026-04-12T09:14:21.0000000000Z"), iv,
        "items[0].created_at");
    add("timestamp: a date only", with("2026-04-12T09:14:21.000Z", "2026-04-12"), iv,
        "items[0].created_at");
    add("timestamp: an offset of 24 hours",
        with("2026-04-01T11:02:00.000+02:00", "2026-04-01T11:02:00.000+24:00"), iv,
        "items[1].created_at");
    add("timestamp: in year -1 once normalised to UTC",
        with("2026-03-01T00:00:00Z", "0000-01-01T00:00:00+00:01"), iv, "items[2].created_at");
    add("timestamp: in year 10000 once normalised to UTC",
        with("2026-04-13T10:00:00Z", "9999-12-31T23:59:59-00:01"), iv, "items[0].last_fetched_at");
    add("timestamp: a word", with("2026-04-13T10:00:00Z", "yesterday"), iv,
        "items[0].last_fetched_at");
    add("an empty id", with(R"("id":"acc_li")", R"("id":"")"), iv, "items[0].id");
    add("an empty current_signature", with(R"("sig_1")", R"("")"), iv,
        "items[0].current_signature");

    // ---- deep nesting, oversize strings and bodies
    // -----------------------------------------------
    add("deep nesting in an unknown key",
        with(R"("id":"acc_li",)", R"("id":"acc_li","extra":)" + detail::nested(40, "[", "]") + ","),
        tl, "items[0]");
    add("deep nesting of objects at the root", detail::nested(10000, R"({"a":)", "}"), tl, "");
    add("deep raw connection_params",
        with(R"({"a":[1,2,{"b":null}]})", detail::nested(40, "[", "]")), tl,
        "items[4].connection_params");
    add("an oversize string", with(R"("Anna - Sales")", "\"" + std::string(300 * 1024, 'a') + "\""),
        tl, "", 256 * 1024);
    {
        std::string body(valid_page);
        std::string big = R"({"object":"AccountList","items":[)";
        std::string const one = body.substr(body.find("{\"object\":\"Account\","),
                                            body.find("{\"object\":\"Account\",\"type\":\"MAIL\"") -
                                                body.find("{\"object\":\"Account\","));
        while (big.size() < 300 * 1024)
            big += one;
        big.pop_back(); // the last ','
        big += R"(],"cursor":null})";
        add("an oversize body", big, tl, "", 256 * 1024);
    }

    // ---- valid JSON that is not an AccountList
    // ---------------------------------------------------
    add("an array", "[]", wt, "");
    add("null", "null", wt, "");
    add("a string", R"("accounts")", wt, "");
    add("a number", "42", wt, "");
    add("an empty object", "{}", mf, "items");
    add("an error envelope",
        R"({"type":"errors/invalid_credentials","title":"Invalid","status":401})", mf, "items");
    add("another API's list", R"({"data":[{"id":"a"}],"next":null})", mf, "items");
    add("an Account instead of a list", R"({"object":"Account","type":"MAIL","id":"a"})", iv,
        "object");
    return c;
}

} // namespace postpress::test
