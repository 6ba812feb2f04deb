// The C++ contenders of the end-to-end benchmark, one listing per process run, against a server
// in another process (e2e_serve), so that the CPU time and the peak RSS printed are this
// client's alone.
//
//   e2e_client_bench --mode MODE --base-url URL [--api-key KEY] [--limit N] [--expect N]
//                    [--verify-seed S]
//
// MODE is one of
//   postpress           client.accounts(params): the async generator, one account per resume
//   postpress-prefetch  the same with stream_options{.prefetch = true}
//   postpress-pages     client.pages(params): one account_list per resume
//   handwritten         what a C++ user writes by hand: one keep-alive Beast connection,
//                       synchronous http::write / http::read into a string_body response,
//                       boost::json::parse of the body, then value_to<account_list> through
//                       hand-written tag_invoke overloads into the same postpress model
//
// Every mode follows the cursors to the end of the listing and prints one line:
//   mode=postpress accounts=20000 pages=80 wall_ms=... cpu_ms=... user_ms=... sys_ms=...
//   maxrss_kb=... checksum=89abcdef verify=skipped
// where cpu_ms is getrusage(RUSAGE_SELF) user + system time of the listing alone (not the
// process start-up), maxrss_kb the process's peak RSS (ru_maxrss), and checksum a 32-bit FNV-1a
// of the account ids in listing order (each id followed by '\n'), the same the Node contender
// computes. With --verify-seed S every account is also compared (operator==) with
// postpress::testing::make_sample_account(index, S), the account the mock server was built
// from; that costs time, so timed runs leave it off. --expect N makes a listing of any other
// length fail (exit 3).

#include <postpress/postpress.hpp>
#include <postpress/testing/sample_accounts.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_to.hpp>
#include <boost/url/parse.hpp>

#include <sys/resource.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace bj = boost::json;

// ---- what every contender counts --------------------------------------------------------------

namespace bench {

struct tally {
    std::size_t accounts = 0;
    std::size_t pages = 0;
    std::uint32_t checksum = 2166136261u; // FNV-1a offset basis
    std::optional<std::uint64_t> verify_seed;
    std::size_t mismatches = 0;

    void add(postpress::account const& a) {
        for (unsigned char c : a.id)
            checksum = (checksum ^ c) * 16777619u;
        checksum = (checksum ^ static_cast<unsigned char>('\n')) * 16777619u;
        if (verify_seed && !(a == postpress::testing::make_sample_account(accounts, *verify_seed)))
            ++mismatches;
        ++accounts;
    }
};

/// A bound on the pages any listing may take, so that no loop runs unbounded.
inline constexpr std::size_t max_pages = 1'000'000;

} // namespace bench

// ---- (a) postpress ------------------------------------------------------------------------------

namespace bench::pp {

asio::awaitable<void> list_accounts(postpress::client& cli, postpress::list_params params,
                                    postpress::stream_options options, tally& t) {
    auto items = cli.accounts(std::move(params), options);
    while (auto acc = co_await items.async_resume(asio::use_awaitable))
        t.add(*acc);
    t.pages = items.pages();
}

asio::awaitable<void> list_pages(postpress::client& cli, postpress::list_params params, tally& t) {
    auto pages = cli.pages(std::move(params));
    while (auto page = co_await pages.async_resume(asio::use_awaitable)) {
        ++t.pages;
        for (auto const& a : page->items)
            t.add(a);
    }
}

void run(std::string_view mode, std::string const& base_url, std::string const& key, int limit,
         tally& t) {
    asio::io_context io;
    postpress::client_config cfg;
    cfg.base_url = base_url;
    cfg.api_key = key;
    postpress::client cli(io.get_executor(), cfg);
    postpress::list_params params;
    params.limit = limit;
    postpress::stream_options options;
    options.prefetch = mode == "postpress-prefetch";
    std::exception_ptr failure;
    auto done = [&](std::exception_ptr e) { failure = e; };
    if (mode == "postpress-pages")
        asio::co_spawn(io, list_pages(cli, params, t), done);
    else
        asio::co_spawn(io, list_accounts(cli, params, options, t), done);
    io.run();
    if (failure) std::rethrow_exception(failure);
}

} // namespace bench::pp

// ---- (b) hand-written: Beast + Boost.JSON DOM + value_to ----------------------------------------

namespace bench::hand {

template <class E, std::size_t N>
E enum_from(bj::value const& v, std::pair<std::string_view, E> const (&table)[N], E fallback) {
    auto const& s = v.as_string();
    std::string_view const wire(s.data(), s.size());
    for (auto const& [name, value] : table)
        if (name == wire) return value;
    return fallback;
}

inline std::string str(bj::object const& o, std::string_view key) {
    auto const& s = o.at(key).as_string();
    return std::string(s.data(), s.size());
}
inline std::optional<std::string> opt_str(bj::object const& o, std::string_view key) {
    auto const* p = o.if_contains(key);
    if (!p || p->is_null()) return std::nullopt;
    auto const& s = p->as_string();
    return std::string(s.data(), s.size());
}
inline std::optional<std::string> nullable_str(bj::object const& o, std::string_view key) {
    auto const& v = o.at(key); // the key must be there, its value may be null
    if (v.is_null()) return std::nullopt;
    auto const& s = v.as_string();
    return std::string(s.data(), s.size());
}
inline std::uint16_t port(bj::object const& o, std::string_view key) {
    auto const n = o.at(key).to_number<std::int64_t>();
    if (n < 0 || n > 65535) throw std::out_of_range("port out of range");
    return static_cast<std::uint16_t>(n);
}
inline postpress::timestamp timestamp_of(bj::value const& v) {
    auto const& s = v.as_string();
    auto const t = postpress::parse_timestamp(std::string_view(s.data(), s.size()));
    if (!t) throw std::invalid_argument("malformed timestamp");
    return *t;
}
template <class T>
std::vector<T> opt_vector(bj::object const& o, std::string_view key) {
    auto const* p = o.if_contains(key);
    if (!p || p->is_null()) return {};
    return bj::value_to<std::vector<T>>(*p);
}

} // namespace bench::hand

// The tag_invoke overloads live in the model's namespace, where value_to finds them by ADL.
namespace postpress {

using bench::hand::nullable_str;
using bench::hand::opt_str;
using bench::hand::opt_vector;
using bench::hand::str;

account_type tag_invoke(bj::value_to_tag<account_type>, bj::value const& v) {
    using enum account_type;
    static constexpr std::pair<std::string_view, account_type> table[] = {
        {"MOBILE", mobile},       {"MAIL", mail},          {"GOOGLE_OAUTH", google_oauth},
        {"ICLOUD", icloud},       {"OUTLOOK", outlook},    {"GOOGLE_CALENDAR", google_calendar},
        {"WHATSAPP", whatsapp},   {"LINKEDIN", linkedin},  {"SLACK", slack},
        {"TWITTER", twitter},     {"EXCHANGE", exchange},  {"TELEGRAM", telegram},
        {"INSTAGRAM", instagram}, {"MESSENGER", messenger}};
    return bench::hand::enum_from(v, table, unknown);
}
source_status tag_invoke(bj::value_to_tag<source_status>, bj::value const& v) {
    using enum source_status;
    static constexpr std::pair<std::string_view, source_status> table[] = {
        {"OK", ok},
        {"STOPPED", stopped},
        {"ERROR", error},
        {"CREDENTIALS", credentials},
        {"PERMISSIONS", permissions},
        {"CONNECTING", connecting}};
    return bench::hand::enum_from(v, table, unknown);
}
mail_encryption tag_invoke(bj::value_to_tag<mail_encryption>, bj::value const& v) {
    using enum mail_encryption;
    static constexpr std::pair<std::string_view, mail_encryption> table[] = {
        {"tls", tls}, {"ssl", ssl}, {"starttls", starttls}, {"default", default_}};
    return bench::hand::enum_from(v, table, unknown);
}
premium_feature tag_invoke(bj::value_to_tag<premium_feature>, bj::value const& v) {
    using enum premium_feature;
    static constexpr std::pair<std::string_view, premium_feature> table[] = {
        {"recruiter", recruiter}, {"sales_navigator", sales_navigator}, {"premium", premium}};
    return bench::hand::enum_from(v, table, unknown);
}
proxy_protocol tag_invoke(bj::value_to_tag<proxy_protocol>, bj::value const& v) {
    using enum proxy_protocol;
    static constexpr std::pair<std::string_view, proxy_protocol> table[] = {
        {"http", http}, {"https", https}, {"socks5", socks5}};
    return bench::hand::enum_from(v, table, unknown);
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
    m.imap_port = bench::hand::port(o, "imap_port");
    m.imap_user = str(o, "imap_user");
    if (auto const* p = o.if_contains("imap_encryption"); p && !p->is_null())
        m.imap_encryption = bj::value_to<mail_encryption>(*p);
    m.smtp_host = str(o, "smtp_host");
    m.smtp_port = bench::hand::port(o, "smtp_port");
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
    p.port = bench::hand::port(o, "port");
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
    if (auto const* p = o.if_contains("object"); p && p->as_string() != "Account")
        throw std::invalid_argument("not an Account");
    account a;
    a.type_name = str(o, "type");
    a.type = bj::value_to<account_type>(o.at("type"));
    a.id = str(o, "id");
    if (a.id.empty()) throw std::invalid_argument("empty id");
    a.name = str(o, "name");
    a.created_at = bench::hand::timestamp_of(o.at("created_at"));
    if (auto const* p = o.if_contains("last_fetched_at"); p && !p->is_null())
        a.last_fetched_at = bench::hand::timestamp_of(*p);
    a.current_signature = opt_str(o, "current_signature");
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
        if (!p.sync_token) p.sync_token = opt_str(o, "sync_token"); // some peers put it beside
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
        a.connection_params = unknown_params{cp};
        break;
    }
    return a;
}

account_list tag_invoke(bj::value_to_tag<account_list>, bj::value const& v) {
    auto const& o = v.as_object();
    if (auto const* p = o.if_contains("object"); p && p->as_string() != "AccountList")
        throw std::invalid_argument("not an AccountList");
    account_list list;
    list.items = bj::value_to<std::vector<account>>(o.at("items"));
    list.cursor = nullable_str(o, "cursor");
    return list;
}

} // namespace postpress

namespace bench::hand {

/// RFC 3986 unreserved characters stay, everything else becomes %XX (cursors hold + / =).
inline std::string percent_encode(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size() * 3);
    for (unsigned char c : s) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

void run(std::string const& base_url, std::string const& key, int limit, tally& t) {
    auto const url = boost::urls::parse_uri(base_url);
    if (!url) throw std::invalid_argument("base URL is not an absolute URL");
    if (url->scheme() != "http")
        throw std::invalid_argument("the hand-written client is http only");
    std::string const host = url->host_address();
    std::string const service = url->has_port() ? std::string(url->port()) : "80";
    std::string const host_header = std::string(url->encoded_host_and_port());
    std::string prefix(url->encoded_path());
    while (!prefix.empty() && prefix.back() == '/')
        prefix.pop_back();

    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    auto const endpoints = resolver.resolve(host, service);
    auto connect = [&] {
        stream.connect(endpoints);
        stream.socket().set_option(asio::ip::tcp::no_delay(true));
    };
    connect();
    beast::flat_buffer buffer;
    std::optional<std::string> cursor;
    for (std::size_t n = 0; n < max_pages; ++n) {
        std::string target = prefix + "/v1/accounts?limit=" + std::to_string(limit);
        if (cursor) target += "&cursor=" + percent_encode(*cursor);
        http::request<http::empty_body> req{http::verb::get, target, 11};
        req.set(http::field::host, host_header);
        req.set("X-API-KEY", key);
        req.set(http::field::accept, "application/json");
        req.set(http::field::user_agent, "handwritten-beast/1");
        http::write(stream, req);

        http::response<http::string_body> res;
        http::read(stream, buffer, res);
        if (res.result() != http::status::ok)
            throw std::runtime_error("HTTP " + std::to_string(res.result_int()) + ": " +
                                     res.body().substr(0, 200));
        bj::value const doc = bj::parse(res.body());
        auto page = bj::value_to<postpress::account_list>(doc);
        ++t.pages;
        for (auto const& a : page.items)
            t.add(a);
        if (!page.cursor) return;
        cursor = std::move(page.cursor);
        if (!res.keep_alive()) {
            beast::error_code ignored;
            stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
            stream.close();
            buffer.clear();
            connect();
        }
    }
    throw std::runtime_error("more pages than the benchmark allows");
}

} // namespace bench::hand

// ---- main ---------------------------------------------------------------------------------------

namespace {

[[noreturn]] void usage(char const* why) {
    std::fprintf(stderr,
                 "e2e_client_bench: %s\n"
                 "usage: e2e_client_bench --mode postpress|postpress-prefetch|postpress-pages|"
                 "handwritten\n"
                 "                        --base-url URL [--api-key KEY] [--limit N] [--expect N]\n"
                 "                        [--verify-seed S]\n",
                 why);
    std::exit(1);
}

unsigned long long number(char const* text, char const* option) {
    char* end = nullptr;
    errno = 0;
    unsigned long long const v = std::strtoull(text, &end, 10);
    if (errno || !end || *end || !*text || text[0] == '-') usage(option);
    return v;
}

double ms(timeval const& tv) {
    return double(tv.tv_sec) * 1e3 + double(tv.tv_usec) / 1e3;
}

} // namespace

int main(int argc, char** argv) {
    std::string mode, base_url, key = "bench-key";
    int limit = 250;
    std::optional<std::size_t> expect;
    bench::tally t;
    for (int i = 1; i < argc; ++i) {
        std::string_view const arg = argv[i];
        auto value = [&]() -> char const* {
            if (i + 1 >= argc) usage("an option lacks its value");
            return argv[++i];
        };
        if (arg == "--mode")
            mode = value();
        else if (arg == "--base-url")
            base_url = value();
        else if (arg == "--api-key")
            key = value();
        else if (arg == "--limit") {
            auto const l = number(value(), "--limit");
            if (l < 1 || l > 250) usage("--limit must be 1..250");
            limit = static_cast<int>(l);
        } else if (arg == "--expect")
            expect = number(value(), "--expect");
        else if (arg == "--verify-seed")
            t.verify_seed = number(value(), "--verify-seed");
        else
            usage("unknown option");
    }
    if (base_url.empty()) usage("--base-url is required");
    if (mode != "postpress" && mode != "postpress-prefetch" && mode != "postpress-pages" &&
        mode != "handwritten")
        usage("unknown --mode");

    rusage before{}, after{};
    getrusage(RUSAGE_SELF, &before);
    auto const start = std::chrono::steady_clock::now();
    try {
        if (mode == "handwritten")
            bench::hand::run(base_url, key, limit, t);
        else
            bench::pp::run(mode, base_url, key, limit, t);
    } catch (std::exception const& e) {
        std::fprintf(stderr, "e2e_client_bench (%s): listing failed after %zu accounts: %s\n",
                     mode.c_str(), t.accounts, e.what());
        return 2;
    }
    auto const stop = std::chrono::steady_clock::now();
    getrusage(RUSAGE_SELF, &after);

    double const user_ms = ms(after.ru_utime) - ms(before.ru_utime);
    double const sys_ms = ms(after.ru_stime) - ms(before.ru_stime);
    double const wall_ms = std::chrono::duration<double, std::milli>(stop - start).count();
    char const* verify = !t.verify_seed ? "skipped" : t.mismatches == 0 ? "ok" : "FAILED";
    std::printf("mode=%s accounts=%zu pages=%zu wall_ms=%.3f cpu_ms=%.3f user_ms=%.3f "
                "sys_ms=%.3f maxrss_kb=%ld checksum=%08x verify=%s\n",
                mode.c_str(), t.accounts, t.pages, wall_ms, user_ms + sys_ms, user_ms, sys_ms,
                after.ru_maxrss, t.checksum, verify);
    std::fflush(stdout);
    if (t.mismatches) {
        std::fprintf(stderr, "e2e_client_bench (%s): %zu accounts differ from the server's\n",
                     mode.c_str(), t.mismatches);
        return 3;
    }
    if (expect && *expect != t.accounts) {
        std::fprintf(stderr, "e2e_client_bench (%s): listed %zu accounts, expected %zu\n",
                     mode.c_str(), t.accounts, *expect);
        return 3;
    }
    return 0;
}
