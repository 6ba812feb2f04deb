// libFuzzer target: arbitrary bytes from a server, through the client. A tiny loopback TCP server
// (plain Asio, on the same io_context) answers the client's connection with the input bytes and
// closes; the client has retries off and short timeouts. Nothing may crash, hang or leak, a
// failure yields an empty page, and a success implies a fully decoded page: the input is then a
// complete 2xx HTTP response whose body decodes to exactly the page the client delivered.
//
// Built and run by scripts/fuzz.sh.
#include <postpress/http.hpp>
#include <postpress/json/parse.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;
using boost::system::error_code;

[[noreturn]] void fail(char const* what) {
    std::fprintf(stderr, "http_fuzz: %s\n", what);
    std::abort();
}

struct harness {
    asio::io_context io{1};
    tcp::acceptor acceptor{io, {asio::ip::make_address("127.0.0.1"), 0}};
    postpress::client_config config;

    harness() {
        config.base_url = "http://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port());
        config.api_key = "fuzz-key";
        config.retry = postpress::retry_policy::none();
        config.connect_timeout = std::chrono::seconds(1);
        config.request_timeout = std::chrono::seconds(2);
        config.max_idle_connections = 0;
        config.max_body_bytes = 1024 * 1024;
        config.max_header_bytes = 16 * 1024;
    }
};

harness& the_harness() {
    static harness* h = new harness; // lives for the whole run
    return *h;
}

/// Accepts one connection, reads the request head, answers `response`, and closes once the
/// client has.
asio::awaitable<void> serve_one(harness& h, std::string const& response) {
    tcp::socket socket(h.io);
    error_code ec;
    auto token = asio::redirect_error(asio::use_awaitable, ec);
    co_await h.acceptor.async_accept(socket, token);
    if (ec) co_return;
    std::string request;
    co_await asio::async_read_until(socket, asio::dynamic_buffer(request, 64 * 1024), "\r\n\r\n",
                                    token);
    if (ec) co_return;
    co_await asio::async_write(socket, asio::buffer(response), token);
    socket.shutdown(tcp::socket::shutdown_send, ec);
    ec = {};
    char scratch[4096];
    while (!ec)
        co_await socket.async_read_some(asio::buffer(scratch), token);
}

/// How Beast alone reads `response` with the client's limits: the body of a complete message.
bool complete_response(std::string const& response, postpress::client_config const& cfg,
                       int& status, std::string& body) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.eager(true);
    parser.header_limit(static_cast<std::uint32_t>(cfg.max_header_bytes));
    parser.body_limit(cfg.max_body_bytes);
    error_code ec;
    asio::const_buffer rest(response.data(), response.size());
    while (rest.size() > 0 && !parser.is_done()) {
        std::size_t const n = parser.put(rest, ec);
        if (ec == bhttp::error::need_more) {
            ec = {};
            break;
        }
        if (ec) return false;
        rest += n;
    }
    if (!parser.is_done()) parser.put_eof(ec);
    if (ec || !parser.is_done()) return false;
    status = static_cast<int>(parser.get().result_int());
    body = std::move(parser.get().body());
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    auto& h = the_harness();
    std::string const response(reinterpret_cast<char const*>(data), size);

    h.io.restart();
    asio::co_spawn(h.io, serve_one(h, response), asio::detached);
    error_code ec;
    postpress::diagnostics diag;
    postpress::account_list page;
    bool completed = false;
    {
        postpress::client cli(h.io.get_executor(), h.config);
        cli.async_list_accounts(postpress::list_params{5, std::nullopt}, diag,
                                [&](error_code e, postpress::account_list p) {
                                    ec = e;
                                    page = std::move(p);
                                    completed = true;
                                });
        h.io.run();
    }
    if (!completed) fail("the operation never completed");

    if (ec) {
        if (!page.items.empty() || page.cursor) fail("a failure delivered a page");
        return 0;
    }
    int status = 0;
    std::string body;
    if (!complete_response(response, h.config, status, body))
        fail("success from a response that is not a complete HTTP message");
    if (status < 200 || status > 299) fail("success from a non-2xx response");
    error_code dec;
    postpress::diagnostics ddiag;
    auto const expected = postpress::parse_account_list(body, dec, ddiag);
    if (dec) fail("success from a body that does not decode");
    if (!(expected == page)) fail("the page differs from the body's decoding");
    return 0;
}
