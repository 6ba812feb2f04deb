// The client against the mock server over real loopback sockets, plain and TLS.
#include "support/client_fixture.hpp"
#include "support/test_certificates.hpp"

#include <doctest/doctest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <future>
#include <thread>

using namespace postpress;
using namespace postpress::test;
using boost::system::error_code;
using testing::fault;
using testing::fault_kind;
using testing::mock_server;

namespace {

struct page_result {
    error_code ec;
    account_list page;
    diagnostics diag;
};

page_result fetch(client_config const& cfg, list_params params) {
    asio::io_context io;
    client cli(io.get_executor(), cfg);
    page_result r;
    cli.async_list_accounts(std::move(params), r.diag, [&](error_code ec, account_list page) {
        r.ec = ec;
        r.page = std::move(page);
    });
    io.run();
    return r;
}

} // namespace

TEST_SUITE("client") {

    TEST_CASE("one page with a callback") {
        auto opts = mock_options(30);
        mock_server server(opts);
        auto r = fetch(config_for(server), page_of(10));
        REQUIRE_MESSAGE(!r.ec, r.ec.message(), " ", r.diag.to_string());
        auto const expected = served_accounts(opts);
        REQUIRE(r.page.items.size() == 10);
        for (std::size_t i = 0; i < 10; ++i)
            CHECK(r.page.items[i] == expected[i]);
        REQUIRE(r.page.cursor.has_value());
    }

    TEST_CASE("every completion-token style") {
        mock_server server(mock_options(30));
        asio::io_context io;
        client cli(io.get_executor(), config_for(server));

        SUBCASE("use_awaitable") {
            std::size_t n = 0;
            asio::co_spawn(
                io,
                [&]() -> asio::awaitable<void> {
                    auto page = co_await cli.async_list_accounts(page_of(7), asio::use_awaitable);
                    n = page.items.size();
                },
                asio::detached);
            io.run();
            CHECK(n == 7);
        }
        SUBCASE("use_awaitable throws on failure") {
            bool threw = false;
            asio::co_spawn(
                io,
                [&]() -> asio::awaitable<void> {
                    try {
                        co_await cli.async_list_accounts(page_of(0), asio::use_awaitable);
                    } catch (boost::system::system_error const& e) {
                        threw = e.code() == errc::invalid_argument;
                    }
                },
                asio::detached);
            io.run();
            CHECK(threw);
        }
        SUBCASE("deferred") {
            auto op = cli.async_list_accounts(page_of(5), asio::deferred);
            std::size_t n = 0;
            std::move(op)([&](error_code ec, account_list page) {
                CHECK(!ec);
                n = page.items.size();
            });
            io.run();
            CHECK(n == 5);
        }
        SUBCASE("use_future") {
            auto fut = cli.async_list_accounts(page_of(4), asio::use_future);
            io.run();
            CHECK(fut.get().items.size() == 4);
        }
        SUBCASE("as_tuple inside a coroutine") {
            error_code got;
            std::size_t n = 0;
            asio::co_spawn(
                io,
                [&]() -> asio::awaitable<void> {
                    auto [ec, page] = co_await cli.async_list_accounts(
                        page_of(3), asio::as_tuple(asio::use_awaitable));
                    got = ec;
                    n = page.items.size();
                },
                asio::detached);
            io.run();
            CHECK(!got);
            CHECK(n == 3);
        }
        SUBCASE("bound cancellation slot, not triggered") {
            asio::cancellation_signal signal;
            std::size_t n = 0;
            cli.async_list_accounts(
                page_of(6),
                asio::bind_cancellation_slot(signal.slot(), [&](error_code ec, account_list p) {
                    CHECK(!ec);
                    n = p.items.size();
                }));
            io.run();
            CHECK(n == 6);
        }
    }

    TEST_CASE("the request as the server saw it") {
        mock_server server(mock_options(30));
        auto cfg = config_for(server);
        auto first = fetch(cfg, page_of(10));
        REQUIRE(!first.ec);
        REQUIRE(first.page.cursor);
        std::string const cursor = *first.page.cursor;
        // Real cursors are base64 with + / =; they must arrive intact, percent-encoded.
        CHECK(cursor.find_first_of("+/=") != std::string::npos);
        auto second = fetch(cfg, page_of(10, cursor));
        REQUIRE_MESSAGE(!second.ec, second.diag.to_string());

        auto const requests = server.requests();
        REQUIRE(requests.size() == 2);
        CHECK(requests[0].method == "GET");
        CHECK(requests[0].target == "/v1/accounts?limit=10");
        auto const& r = requests[1];
        CHECK(r.target.starts_with("/v1/accounts?limit=10&cursor="));
        std::string const sent = r.target.substr(r.target.find("cursor=") + 7);
        CHECK(sent.find_first_of("+/=") == std::string::npos);
        CHECK(sent == boost::urls::encode(cursor, boost::urls::unreserved_chars));
        CHECK(r.headers.at("x-api-key") == secret_key);
        CHECK(r.headers.at("accept") == "application/json");
        CHECK(r.headers.at("host") == "127.0.0.1:" + std::to_string(server.port()));
        CHECK(r.headers.at("user-agent").starts_with("postpress-cpp/"));
    }

    TEST_CASE("a path prefix in the base URL") {
        auto opts = mock_options(5);
        opts.path_prefix = "/api";
        mock_server server(opts);
        auto cfg = config_for(server);
        cfg.base_url = server.base_url() + "/"; // a trailing slash is harmless
        auto r = fetch(cfg, page_of(5));
        REQUIRE_MESSAGE(!r.ec, r.diag.to_string());
        CHECK(server.requests().at(0).target == "/api/v1/accounts?limit=5");
    }

    TEST_CASE("each API error envelope maps to its errc") {
        mock_server server(mock_options(5));
        auto cfg = config_for(server);
        cfg.retry = retry_policy::none();
        for (int i = 1; i <= api_error_type_count; ++i) {
            auto const e = static_cast<errc>(i);
            CAPTURE(to_string(e));
            fault f;
            f.kind = fault_kind::error_envelope;
            f.error = e;
            server.inject(f);
            auto r = fetch(cfg, page_of(5));
            CHECK(r.ec == e);
            CHECK(r.diag.http_status == spec_http_status(e));
            CHECK(r.diag.type == "errors/" + std::string(to_string(e)));
            CHECK(!r.diag.title.empty());
            CHECK(!r.diag.instance.empty());
            CHECK(r.page.items.empty());
            CHECK(!leaks_key(r.ec, r.diag));
        }
        CHECK(server.request_count() == std::size_t(api_error_type_count));
    }

    TEST_CASE("an unknown error type, an HTML error page, a redirect") {
        mock_server server(mock_options(5));
        auto cfg = config_for(server);
        cfg.retry = retry_policy::none();

        fault unknown;
        unknown.kind = fault_kind::http_status;
        unknown.status = 418;
        unknown.content_type = "application/json";
        unknown.body = R"({"type":"errors/teapot","title":"I am a teapot","status":418})";
        server.inject(unknown);
        auto r = fetch(cfg, page_of(5));
        CHECK(r.ec == errc::unknown_api_error);
        CHECK(r.diag.http_status == 418);
        CHECK(r.diag.type == "errors/teapot");

        fault html;
        html.kind = fault_kind::http_status;
        html.status = 502;
        html.body = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        server.inject(html);
        r = fetch(cfg, page_of(5));
        CHECK(r.ec == errc::unexpected_response);
        CHECK(r.diag.http_status == 502);

        fault redirect;
        redirect.kind = fault_kind::http_status;
        redirect.status = 302;
        redirect.body = "";
        server.inject(redirect);
        std::size_t const before = server.request_count();
        r = fetch(cfg, page_of(5));
        CHECK(r.ec == errc::unexpected_response);
        CHECK(r.diag.http_status == 302);
        CHECK(server.request_count() == before + 1); // not followed
    }

    TEST_CASE("retries") {
        auto opts = mock_options(20);
        mock_server server(opts);
        auto cfg = config_for(server);

        SUBCASE("503 then success") {
            fault f;
            f.kind = fault_kind::error_envelope;
            f.error = errc::service_unavailable;
            server.inject(f, 2);
            auto r = fetch(cfg, page_of(5));
            CHECK(!r.ec);
            CHECK(r.page.items.size() == 5);
            CHECK(server.request_count() == 3);
        }
        SUBCASE("429 then success") {
            fault f;
            f.kind = fault_kind::http_status;
            f.status = 429;
            f.content_type = "application/json";
            f.body = R"({"type":"errors/too_many_requests","title":"Slow down","status":429})";
            server.inject(f);
            auto r = fetch(cfg, page_of(5));
            CHECK(!r.ec);
            CHECK(server.request_count() == 2);
        }
        SUBCASE("a connection dropped mid-body, then success") {
            fault f;
            f.kind = fault_kind::drop_mid_body;
            server.inject(f);
            auto r = fetch(cfg, page_of(20));
            CHECK_MESSAGE(!r.ec, r.diag.to_string());
            CHECK(r.page.items == served_accounts(opts));
            CHECK(server.request_count() == 2);
        }
        SUBCASE("a connection reset mid-body, then success") {
            fault f;
            f.kind = fault_kind::drop_mid_body;
            f.reset = true;
            server.inject(f);
            auto r = fetch(cfg, page_of(20));
            CHECK_MESSAGE(!r.ec, r.diag.to_string());
            CHECK(r.page.items.size() == 20);
        }
        SUBCASE("exhaustion") {
            fault f;
            f.kind = fault_kind::error_envelope;
            f.error = errc::provider_error;
            server.inject(f, 10);
            cfg.retry.max_attempts = 3;
            auto r = fetch(cfg, page_of(5));
            CHECK(r.ec == errc::provider_error);
            CHECK(r.diag.http_status == 500);
            CHECK(server.request_count() == 3);
        }
        SUBCASE("Retry-After is honoured") {
            fault f;
            f.kind = fault_kind::error_envelope;
            f.error = errc::service_unavailable;
            f.retry_after = "1";
            server.inject(f);
            auto const start = std::chrono::steady_clock::now();
            auto r = fetch(cfg, page_of(5));
            auto const elapsed = std::chrono::steady_clock::now() - start;
            CHECK(!r.ec);
            CHECK(elapsed >= 1s);
            CHECK(server.request_count() == 2);
        }
        SUBCASE("a Retry-After beyond the policy ends the retries") {
            fault f;
            f.kind = fault_kind::error_envelope;
            f.error = errc::service_unavailable;
            f.retry_after = "3600";
            server.inject(f);
            auto r = fetch(cfg, page_of(5));
            CHECK(r.ec == errc::service_unavailable);
            CHECK(server.request_count() == 1);
        }
        SUBCASE("no retry on 4xx") {
            fault f;
            f.kind = fault_kind::error_envelope;
            f.error = errc::invalid_parameters;
            server.inject(f, 5);
            auto r = fetch(cfg, page_of(5));
            CHECK(r.ec == errc::invalid_parameters);
            CHECK(server.request_count() == 1);
        }
        SUBCASE("no retry on a malformed 200 body") {
            fault f;
            f.kind = fault_kind::malformed_body;
            server.inject(f, 5);
            auto r = fetch(cfg, page_of(5));
            CHECK(r.ec == errc::malformed_json);
            CHECK(server.request_count() == 1);
        }
    }

    TEST_CASE("timeouts") {
        mock_server server(mock_options(250));
        auto cfg = config_for(server);
        cfg.retry = retry_policy::none();
        cfg.request_timeout = 300ms;

        SUBCASE("a server that stalls before answering") {
            fault f;
            f.kind = fault_kind::stall_before_headers;
            server.inject(f);
            auto const start = std::chrono::steady_clock::now();
            auto r = fetch(cfg, page_of(5));
            CHECK(r.ec == boost::beast::error::timeout);
            CHECK(is_retryable(r.ec));
            CHECK(std::chrono::steady_clock::now() - start < 3s);
        }
        SUBCASE("a server that stalls mid-body") {
            fault f;
            f.kind = fault_kind::stall_mid_body;
            server.inject(f);
            auto r = fetch(cfg, page_of(250));
            CHECK(r.ec == boost::beast::error::timeout);
            CHECK(r.page.items.empty());
        }
        SUBCASE("a slow drip is ended by the request timeout") {
            fault f;
            f.kind = fault_kind::slow_drip;
            f.delay = 20ms;
            server.inject(f);
            auto const start = std::chrono::steady_clock::now();
            auto r = fetch(cfg, page_of(50));
            CHECK(r.ec == boost::beast::error::timeout);
            CHECK(std::chrono::steady_clock::now() - start < 3s);
        }
        SUBCASE("retries stop at the total timeout") {
            fault f;
            f.kind = fault_kind::stall_before_headers;
            server.inject(f, 10);
            cfg.retry.max_attempts = 10;
            cfg.total_timeout = 700ms;
            auto const start = std::chrono::steady_clock::now();
            auto r = fetch(cfg, page_of(5));
            CHECK(r.ec);
            CHECK(std::chrono::steady_clock::now() - start < 2s);
        }
    }

    TEST_CASE("connect timeout against a listener that never accepts") {
        // A backlog of one, filled: further SYNs on loopback are dropped, so connect hangs.
        asio::io_context io;
        asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
        acceptor.listen(0);
        auto const port = acceptor.local_endpoint().port();
        std::vector<std::unique_ptr<asio::ip::tcp::socket>> fillers;
        for (int i = 0; i < 4; ++i) {
            auto s = std::make_unique<asio::ip::tcp::socket>(io);
            s->async_connect({asio::ip::make_address("127.0.0.1"), port}, [](error_code) {});
            fillers.push_back(std::move(s));
        }
        io.run_for(200ms);

        client_config cfg;
        cfg.base_url = "http://127.0.0.1:" + std::to_string(port);
        cfg.api_key = secret_key;
        cfg.connect_timeout = 300ms;
        cfg.retry = retry_policy::none();
        auto const start = std::chrono::steady_clock::now();
        auto r = fetch(cfg, page_of(5));
        auto const elapsed = std::chrono::steady_clock::now() - start;
        CHECK(r.ec);
        CHECK(elapsed < 2s);
        CHECK(!leaks_key(r.ec, r.diag));
    }

    TEST_CASE("cancellation") {
        mock_server server(mock_options(20));
        auto cfg = config_for(server);
        cfg.request_timeout = 10s;
        fault f;
        f.kind = fault_kind::stall_before_headers;
        server.inject(f);

        asio::io_context io;
        client cli(io.get_executor(), cfg);
        asio::cancellation_signal signal;
        error_code got;
        bool done = false;
        cli.async_list_accounts(page_of(5), asio::bind_cancellation_slot(
                                                signal.slot(), [&](error_code ec, account_list) {
                                                    got = ec;
                                                    done = true;
                                                }));
        asio::steady_timer timer(io, 150ms);
        timer.async_wait([&](error_code) { signal.emit(asio::cancellation_type::terminal); });
        auto const start = std::chrono::steady_clock::now();
        io.run();
        CHECK(done);
        CHECK(got == asio::error::operation_aborted);
        CHECK(std::chrono::steady_clock::now() - start < 2s);
    }

    TEST_CASE("keep-alive") {
        SUBCASE("connections are reused") {
            mock_server server(mock_options(30));
            asio::io_context io;
            client cli(io.get_executor(), config_for(server));
            int ok = 0;
            asio::co_spawn(
                io,
                [&]() -> asio::awaitable<void> {
                    for (int i = 0; i < 5; ++i) {
                        auto p = co_await cli.async_list_accounts(page_of(5), asio::use_awaitable);
                        ok += p.items.size() == 5;
                    }
                },
                asio::detached);
            io.run();
            CHECK(ok == 5);
            CHECK(server.connection_count() == 1);
            CHECK(cli.idle_connections() == 1);
        }
        SUBCASE("a connection the server closes is reopened transparently") {
            auto opts = mock_options(30);
            opts.keep_alive_max = 2;
            mock_server server(opts);
            auto cfg = config_for(server);
            cfg.retry = retry_policy::none(); // the reconnect is not a retry
            asio::io_context io;
            client cli(io.get_executor(), cfg);
            int ok = 0;
            asio::co_spawn(
                io,
                [&]() -> asio::awaitable<void> {
                    for (int i = 0; i < 6; ++i) {
                        auto p = co_await cli.async_list_accounts(page_of(5), asio::use_awaitable);
                        ok += p.items.size() == 5;
                        // Let the server's close arrive before the next request on this socket.
                        asio::steady_timer t(co_await asio::this_coro::executor, 20ms);
                        co_await t.async_wait(asio::use_awaitable);
                    }
                },
                asio::detached);
            io.run();
            CHECK(ok == 6);
            CHECK(server.connection_count() == 3);
        }
        SUBCASE("an error body read whole keeps the connection; one past 64 KB does not") {
            mock_server server(mock_options(30));
            auto cfg = config_for(server);
            cfg.retry = retry_policy::none();
            asio::io_context io;
            client cli(io.get_executor(), cfg);
            fault html;
            html.kind = fault_kind::http_status;
            html.status = 502;
            html.body = "<html><body><h1>502 Bad Gateway</h1></body></html>";
            fault long_html = html;
            long_html.body = "<html><body>" + std::string(300 * 1024, 'x') + "</body></html>";
            std::vector<error_code> results;
            std::vector<int> statuses;
            asio::co_spawn(
                io,
                [&]() -> asio::awaitable<void> {
                    for (int i = 0; i < 5; ++i) {
                        if (i == 1) server.inject(html);
                        if (i == 3) server.inject(long_html);
                        diagnostics diag;
                        auto [ec, p] = co_await cli.async_list_accounts(
                            page_of(5), diag, asio::as_tuple(asio::use_awaitable));
                        results.push_back(ec);
                        statuses.push_back(diag.http_status);
                        if (!ec) CHECK(p.items.size() == 5);
                    }
                },
                asio::detached);
            io.run();
            REQUIRE(results.size() == 5);
            CHECK(!results[0]);
            CHECK(results[1] == errc::unexpected_response);
            CHECK(!results[2]);
            CHECK(results[3] == errc::unexpected_response); // from the 64 KB kept
            CHECK(statuses[3] == 502);
            CHECK(!results[4]);
            // The short error left the connection usable; the long one's unread rest did not.
            auto const requests = server.requests();
            REQUIRE(requests.size() == 5);
            CHECK(requests[2].connection == requests[0].connection);
            CHECK(requests[3].connection == requests[0].connection);
            CHECK(requests[4].connection != requests[0].connection);
            CHECK(server.connection_count() == 2);
        }
        SUBCASE("concurrent operations never share a socket") {
            mock_server server(mock_options(40));
            asio::io_context io;
            client cli(io.get_executor(), config_for(server));
            int ok = 0;
            for (int i = 0; i < 8; ++i)
                cli.async_list_accounts(page_of(40), [&](error_code ec, account_list p) {
                    ok += !ec && p.items.size() == 40;
                });
            io.run();
            CHECK(ok == 8);
            CHECK(server.connection_count() == 8);
            CHECK(cli.idle_connections() <= cli.config().max_idle_connections);
        }
    }

    TEST_CASE("chunked bodies and the body limit") {
        auto opts = mock_options(100);
        opts.chunked = true;
        mock_server server(opts);
        auto cfg = config_for(server);
        auto r = fetch(cfg, page_of(100));
        REQUIRE_MESSAGE(!r.ec, r.diag.to_string());
        CHECK(r.page.items == served_accounts(opts));

        cfg.max_body_bytes = 4096;
        r = fetch(cfg, page_of(100));
        CHECK(r.ec == errc::too_large);
        CHECK(r.page.items.empty());
    }

    TEST_CASE("refused before sending") {
        mock_server server(mock_options(5));
        auto cfg = config_for(server);
        for (int limit : {0, 251, -1}) {
            auto r = fetch(cfg, page_of(limit));
            CHECK(r.ec == errc::invalid_argument);
            CHECK(r.diag.detail == "limit must be between 1 and 250");
        }
        CHECK(fetch(cfg, page_of(5, std::string())).ec == errc::invalid_argument); // empty cursor

        auto bad_key = cfg;
        bad_key.api_key = std::string("abc\r\nX-Injected: 1");
        CHECK(fetch(bad_key, page_of(5)).ec == errc::invalid_argument);
        bad_key.api_key.clear();
        CHECK(fetch(bad_key, page_of(5)).ec == errc::invalid_argument);

        auto insecure = cfg;
        insecure.base_url = "http://api.postpress.ai";
        auto r = fetch(insecure, page_of(5));
        CHECK(r.ec == errc::invalid_argument);
        CHECK(r.diag.detail.find("http") != std::string::npos);

        auto userinfo = cfg;
        userinfo.base_url = "https://user:hunter2@api.postpress.ai";
        r = fetch(userinfo, page_of(5));
        CHECK(r.ec == errc::invalid_argument);
        CHECK(error_text(r.ec, r.diag).find("hunter2") == std::string::npos);

        CHECK(server.request_count() == 0);
    }

    TEST_CASE("TLS") {
        auto const pki = test_pki::make();
        asio::ssl::context trusting(asio::ssl::context::tls_client);
        trusting.add_certificate_authority(asio::buffer(pki.ca.certificate));

        auto run = [&](asio::ssl::context& server_ctx, asio::ssl::context& client_ctx,
                       std::string const& host) {
            auto opts = mock_options(10);
            opts.tls = &server_ctx;
            mock_server server(opts);
            auto cfg = config_for(server);
            cfg.base_url = "https://" + host + ":" + std::to_string(server.port());
            cfg.retry = retry_policy::none();
            asio::io_context io;
            client cli(io.get_executor(), cfg, client_ctx);
            page_result r;
            cli.async_list_accounts(page_of(10), r.diag, [&](error_code ec, account_list p) {
                r.ec = ec;
                r.page = std::move(p);
            });
            io.run();
            return r;
        };

        SUBCASE("a certificate from a trusted CA, for this host") {
            auto ctx = server_tls_context(pki.server);
            auto r = run(*ctx, trusting, "127.0.0.1");
            CHECK_MESSAGE(!r.ec, r.ec.message(), " ", r.diag.to_string());
            CHECK(r.page.items.size() == 10);
            r = run(*ctx, trusting, "localhost");
            CHECK_MESSAGE(!r.ec, r.ec.message(), " ", r.diag.to_string());
        }
        SUBCASE("an untrusted certificate is refused") {
            auto ctx = server_tls_context(pki.self_signed);
            auto r = run(*ctx, trusting, "127.0.0.1");
            CHECK(r.ec);
            CHECK(!is_retryable(r.ec));
            CHECK(!leaks_key(r.ec, r.diag));
        }
        SUBCASE("a certificate for another host name is refused") {
            auto ctx = server_tls_context(pki.wrong_host);
            auto r = run(*ctx, trusting, "127.0.0.1");
            CHECK(r.ec);
        }
        SUBCASE("verification cannot be disabled by a permissive context") {
            asio::ssl::context permissive(asio::ssl::context::tls_client);
            permissive.set_verify_mode(asio::ssl::verify_none);
            auto ctx = server_tls_context(pki.self_signed);
            auto r = run(*ctx, permissive, "127.0.0.1");
            CHECK(r.ec);
        }
    }

    TEST_CASE("the key never appears in an error text") {
        mock_server server(mock_options(5));
        auto cfg = config_for(server);
        cfg.retry = retry_policy::none();
        for (int i = 1; i <= api_error_type_count; ++i) {
            fault f;
            f.kind = fault_kind::error_envelope;
            f.error = static_cast<errc>(i);
            server.inject(f);
            auto r = fetch(cfg, page_of(5));
            CHECK(!leaks_key(r.ec, r.diag));
        }
        auto wrong = cfg;
        wrong.api_key = "sk_wrong_key_value_123";
        auto r = fetch(wrong, page_of(5));
        CHECK(r.ec == errc::invalid_credentials);
        CHECK(error_text(r.ec, r.diag).find("sk_wrong_key_value_123") == std::string::npos);
        fault f;
        f.kind = fault_kind::malformed_body;
        server.inject(f);
        r = fetch(cfg, page_of(5));
        CHECK(r.ec == errc::malformed_json);
        CHECK(!leaks_key(r.ec, r.diag));
    }

    TEST_CASE("sync_client") {
        auto opts = mock_options(25);
        mock_server server(opts);
        sync_client cli(config_for(server));
        auto page = cli.list_accounts(page_of(10));
        CHECK(page.items.size() == 10);
        std::vector<account> all;
        auto const pages =
            cli.for_each_account(page_of(10), [&](account const& a) { all.push_back(a); });
        CHECK(pages == 3);
        CHECK(all == served_accounts(opts));
        CHECK_THROWS_AS(cli.list_accounts(page_of(300)), postpress::error);
    }

} // TEST_SUITE
