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
//   postpress-callbacks client.accounts(params) resumed with plain callbacks: the path every
//                       completion token other than use_awaitable takes
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

#include "../baselines/dom_value_to.hpp"
#include "parse_number.hpp"

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

/// accounts() resumed with a callback per account. A ready account completes through a post,
/// so the chain of callbacks does not grow the stack.
struct callback_listing {
    postpress::account_stream items;
    tally& t;
    std::exception_ptr failure;

    void next() {
        items.async_resume([this](std::exception_ptr e, std::optional<postpress::account> acc) {
            if (e) {
                failure = e;
                return;
            }
            if (!acc) {
                t.pages = items.pages();
                return;
            }
            t.add(*acc);
            next();
        });
    }
};

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
    if (mode == "postpress-callbacks") {
        callback_listing listing{cli.accounts(params), t, nullptr};
        listing.next();
        io.run();
        if (listing.failure) std::rethrow_exception(listing.failure);
        return;
    }
    if (mode == "postpress-pages")
        asio::co_spawn(io, list_pages(cli, params, t), done);
    else
        asio::co_spawn(io, list_accounts(cli, params, options, t), done);
    io.run();
    if (failure) std::rethrow_exception(failure);
}

} // namespace bench::pp

// ---- (b) hand-written: Beast + Boost.JSON DOM + value_to (baselines/dom_value_to.hpp) -------

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
                 "postpress-callbacks|"
                 "handwritten\n"
                 "                        --base-url URL [--api-key KEY] [--limit N] [--expect N]\n"
                 "                        [--verify-seed S]\n",
                 why);
    std::exit(1);
}

unsigned long long number(char const* text, char const* option) {
    auto const v = bench::parse_number(text);
    if (!v) usage(option);
    return *v;
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
        mode != "postpress-callbacks" && mode != "handwritten")
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
