// Reliability and security, in one translation unit (Beast builds slowly):
// - the bad-input catalogue, through the decoder and through the client;
// - the fault catalogue over real loopback sockets: stalls at connect, in the headers and
//   mid-body, resets, a slow drip, oversized headers, 5xx storms, keep-alive connections closed
//   at random; each ends in success after retries or in the right error, within a measured bound;
// - the security properties: the key, the cursor, TLS verification, redirects, plain HTTP;
// - a soak run of thousands of pages through injected faults.
#include "support/bad_inputs.hpp"
#include "support/client_fixture.hpp"
#include "support/reliability.hpp"
#include "support/test_certificates.hpp"

#include <doctest/doctest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>

using namespace postpress;
using namespace postpress::test;
using boost::system::error_code;
using testing::fault;
using testing::fault_kind;
using testing::mock_server;
namespace bhttp = boost::beast::http;

namespace {

/// The catalogue's body as the mock server sends it: a 200 with application/json.
fault ok_with_body(std::string body, std::string content_type = "application/json") {
    fault f;
    f.kind = fault_kind::http_status;
    f.status = 200;
    f.content_type = std::move(content_type);
    f.body = std::move(body);
    return f;
}

/// Decodes `body` fed in chunks of `step` bytes.
void decode_in_chunks(std::string_view body, std::size_t step, decode_options const& options,
                      account_list& into, error_code& ec, diagnostics& diag) {
    decoder dec(options);
    dec.start(into);
    for (std::size_t pos = 0; pos < body.size() && !ec; pos += step)
        dec.write(body.substr(pos, step), ec, diag);
    if (!ec) dec.finish(ec, diag);
}

fault make_fault(fault_kind kind) {
    fault f;
    f.kind = kind;
    return f;
}

fault api_error(errc e) {
    fault f;
    f.kind = fault_kind::error_envelope;
    f.error = e;
    return f;
}

/// A client config for the mock with a short request timeout and `attempts` attempts.
client_config patient(mock_server const& server, int attempts,
                      std::chrono::milliseconds request_timeout = 300ms) {
    auto cfg = config_for(server);
    cfg.request_timeout = request_timeout;
    cfg.retry.max_attempts = attempts;
    cfg.retry.initial_backoff = 2ms;
    cfg.retry.max_backoff = 20ms;
    return cfg;
}

} // namespace

TEST_SUITE("reliability") {

    TEST_CASE("bad-input catalogue: the decoder reports each case's errc and path") {
        auto const cases = bad_input_catalogue();
        REQUIRE(cases.size() >= 60);
        std::printf("bad-input catalogue: %zu cases\n", cases.size());
        {
            error_code ec;
            diagnostics diag;
            auto const page = parse_account_list(valid_page, ec, diag);
            REQUIRE_MESSAGE(!ec, diag.to_string());
            CHECK(page.items.size() == 5);
        }
        for (auto const& c : cases) {
            CAPTURE(c.name);
            decode_options options;
            if (c.max_bytes) options.max_bytes = c.max_bytes;

            // Whole, with the non-throwing overload: an error, never a page passed as complete.
            error_code ec;
            diagnostics diag;
            account_list list;
            if (c.max_bytes)
                decode(c.body, list, ec, diag, options);
            else
                list = parse_account_list(c.body, ec, diag);
            CHECK(ec == c.code);
            CHECK(diag.path == c.path);
            CHECK_FALSE(diag.detail.empty());
            collect_error_text(ec, diag);

            // The throwing overload throws the same.
            if (!c.max_bytes) {
                try {
                    (void)parse_account_list(c.body);
                    FAIL("no exception");
                } catch (postpress::error const& e) {
                    CHECK(e.code() == c.code);
                    CHECK(e.diag().path == c.path);
                    collect_error_text(e.code(), e.diag());
                }
            }

            // Into a reused list that held a whole page.
            account_list reused = parse_account_list(valid_page);
            error_code rec;
            diagnostics rdiag;
            decode(c.body, reused, rec, rdiag, options);
            CHECK(rec == c.code);
            CHECK(rdiag.path == c.path);

            // Streamed: the chunking changes nothing (but where a size limit is crossed).
            for (std::size_t step : {std::size_t(1), std::size_t(7), std::size_t(4096)}) {
                CAPTURE(step);
                error_code cec;
                diagnostics cdiag;
                account_list chunked;
                decode_in_chunks(c.body, step, options, chunked, cec, cdiag);
                CHECK(cec == c.code);
                if (!c.max_bytes) CHECK(cdiag.path == c.path);
            }
        }
    }

    TEST_CASE("bad-input catalogue: the client gets the same errc and path, and no page") {
        auto const cases = bad_input_catalogue();
        for (bool const chunked : {false, true}) {
            CAPTURE(chunked);
            auto opts = mock_options(10);
            opts.chunked = chunked;
            mock_server server(opts);
            for (auto const& c : cases) {
                CAPTURE(c.name);
                server.inject(ok_with_body(c.body));
                auto cfg = config_for(server);
                cfg.retry = retry_policy::none();
                if (c.max_bytes) cfg.max_body_bytes = c.max_bytes;
                auto const r = timed_fetch(cfg, page_of(5));
                CHECK(r.ec == c.code);
                if (!(chunked && c.max_bytes)) CHECK(r.diag.path == c.path);
                // A Content-Length over the limit is refused with the header, before the status
                // is reported.
                if (c.code != errc::too_large) CHECK(r.diag.http_status == 200);
                CHECK(r.page.items.empty());
                CHECK_FALSE(r.page.cursor);
            }
            CHECK(server.pending_faults() == 0);
            CHECK(server.request_count() == cases.size());
        }
    }

    TEST_CASE("bad-input catalogue: what only the network path can get wrong") {
        struct network_case {
            char const* name;
            int status;
            char const* content_type;
            std::string body;
            errc code;
        };
        network_case const cases[] = {
            {"a 200 HTML page", 200, "text/html", "<html><body>Welcome</body></html>",
             errc::unexpected_response},
            {"a 200 in plain text", 200, "text/plain", "OK", errc::unexpected_response},
            {"a 200 text/html holding a valid page", 200, "text/html", std::string(valid_page),
             errc::unexpected_response},
            {"a 204 without a body", 204, "", "", errc::malformed_json},
            {"a 200 with a charset, not a list", 200, "application/json; charset=utf-8", "[]",
             errc::wrong_type},
        };
        mock_server server(mock_options(10));
        for (auto const& c : cases) {
            CAPTURE(c.name);
            auto f = ok_with_body(c.body, c.content_type);
            f.status = c.status;
            server.inject(f);
            auto cfg = config_for(server);
            auto const r = timed_fetch(cfg, page_of(5));
            CHECK(r.ec == c.code);
            CHECK(r.diag.http_status == c.status);
            CHECK(r.page.items.empty());
        }
        CHECK(server.request_count() == std::size(cases)); // none retried
    }

    // ---- the fault catalogue, over real loopback sockets ----------------------------------
    TEST_CASE("faults: connect stalls: a listener whose backlog is full") {
        full_backlog_listener listener;
        auto cfg = quick_config(listener.base_url());
        cfg.connect_timeout = 250ms;
        cfg.retry.max_attempts = 2;
        auto const r = timed_fetch(cfg, page_of(5));
        CHECK(r.ec == boost::beast::error::timeout);
        CHECK(is_retryable(r.ec));
        CHECK(r.page.items.empty());
        CHECK(r.elapsed >= 450ms); // both attempts waited for their connect
        CHECK(r.elapsed < 2s);
    }

    TEST_CASE("faults: connect refused: nobody listens") {
        unsigned short port = 0;
        {
            asio::io_context io;
            asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
            port = acceptor.local_endpoint().port();
        }
        auto cfg = quick_config("http://127.0.0.1:" + std::to_string(port));
        cfg.retry.max_attempts = 3;
        auto const r = timed_fetch(cfg, page_of(5));
        CHECK(r.ec == boost::system::errc::connection_refused);
        CHECK(is_retryable(r.ec));
        CHECK(r.elapsed < 1s);
    }

    TEST_CASE("faults: a stall before the headers") {
        mock_server server(mock_options(60));
        SUBCASE("once: the retry succeeds") {
            server.inject(make_fault(fault_kind::stall_before_headers));
            auto const r = timed_fetch(patient(server, 3), page_of(5));
            CHECK_MESSAGE(!r.ec, r.diag.to_string());
            CHECK(r.page.items.size() == 5);
            CHECK(server.request_count() == 2);
            CHECK(r.elapsed >= 250ms);
            CHECK(r.elapsed < 2s);
        }
        SUBCASE("on every attempt: the request timeout ends each") {
            server.inject(make_fault(fault_kind::stall_before_headers), 3);
            auto const r = timed_fetch(patient(server, 3), page_of(5));
            CHECK(r.ec == boost::beast::error::timeout);
            CHECK(r.page.items.empty());
            CHECK(server.request_count() == 3);
            CHECK(r.elapsed < 3s);
        }
        SUBCASE("twenty times: the total timeout ends the retries") {
            server.inject(make_fault(fault_kind::stall_before_headers), 20);
            auto cfg = patient(server, 20, 200ms);
            cfg.total_timeout = 700ms;
            auto const r = timed_fetch(cfg, page_of(5));
            CHECK(r.ec);
            CHECK(r.elapsed < 1500ms);
            CHECK(server.request_count() < 20);
        }
    }

    TEST_CASE("faults: a stall mid-body") {
        mock_server server(mock_options(60));
        SUBCASE("once: the retry succeeds") {
            server.inject(make_fault(fault_kind::stall_mid_body));
            auto const r = timed_fetch(patient(server, 3), page_of(50));
            CHECK_MESSAGE(!r.ec, r.diag.to_string());
            CHECK(r.page.items.size() == 50);
            CHECK(r.elapsed < 2s);
        }
        SUBCASE("without retries: a timeout and no page") {
            server.inject(make_fault(fault_kind::stall_mid_body));
            auto const r = timed_fetch(patient(server, 1), page_of(50));
            CHECK(r.ec == boost::beast::error::timeout);
            CHECK(r.diag.http_status == 200);
            CHECK(r.page.items.empty());
            CHECK(r.elapsed < 1500ms);
        }
    }

    TEST_CASE("faults: resets and early closes") {
        mock_server server(mock_options(60));
        SUBCASE("a reset mid-body, then success") {
            auto f = make_fault(fault_kind::drop_mid_body);
            f.reset = true;
            server.inject(f);
            auto const r = timed_fetch(patient(server, 3), page_of(50));
            CHECK_MESSAGE(!r.ec, r.diag.to_string());
            CHECK(r.page.items.size() == 50);
            CHECK(server.request_count() == 2);
            CHECK(r.elapsed < 1s);
        }
        SUBCASE("a reset mid-body without retries") {
            auto f = make_fault(fault_kind::drop_mid_body);
            f.reset = true;
            server.inject(f);
            auto const r = timed_fetch(patient(server, 1), page_of(50));
            CHECK(r.ec);
            CHECK(is_retryable(r.ec));
            CHECK(r.page.items.empty());
            CHECK(r.elapsed < 1s);
        }
        SUBCASE("a close mid-body without retries") {
            server.inject(make_fault(fault_kind::drop_mid_body));
            auto const r = timed_fetch(patient(server, 1), page_of(50));
            CHECK(r.ec == bhttp::error::partial_message);
            CHECK(is_retryable(r.ec));
            CHECK(r.page.items.empty());
            CHECK(r.elapsed < 1s);
        }
        SUBCASE("a server that closes without answering, on every attempt") {
            raw_http_server raw("");
            auto cfg = quick_config(raw.base_url());
            cfg.retry.max_attempts = 3;
            auto const r = timed_fetch(cfg, page_of(5));
            CHECK(r.ec == bhttp::error::end_of_stream);
            CHECK(is_retryable(r.ec));
            CHECK(raw.connections() == 3);
            CHECK(r.elapsed < 1s);
        }
        SUBCASE("a body shorter than its Content-Length") {
            raw_http_server raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                "Content-Length: 1000\r\n\r\n{\"object\":\"AccountList\",");
            auto cfg = quick_config(raw.base_url());
            cfg.retry.max_attempts = 2;
            auto const r = timed_fetch(cfg, page_of(5));
            CHECK(r.ec == bhttp::error::partial_message);
            CHECK(r.page.items.empty());
            CHECK(raw.connections() == 2);
            CHECK(r.elapsed < 1s);
        }
        SUBCASE("a server that speaks another protocol") {
            raw_http_server raw("SSH-2.0-OpenSSH_9.2\r\n", false);
            auto const r = timed_fetch(quick_config(raw.base_url()), page_of(5));
            CHECK(r.ec == errc::unexpected_response);
            CHECK(raw.connections() == 1); // not retried
            CHECK(r.elapsed < 1s);
        }
    }

    TEST_CASE("faults: a slow drip, one byte every 100 ms") {
        mock_server server(mock_options(60));
        auto drip = make_fault(fault_kind::slow_drip);
        drip.delay = 100ms;
        SUBCASE("the request timeout ends it") {
            server.inject(drip);
            auto const r = timed_fetch(patient(server, 1, 600ms), page_of(5));
            CHECK(r.ec == boost::beast::error::timeout);
            CHECK(r.page.items.empty());
            CHECK(r.elapsed >= 550ms);
            CHECK(r.elapsed < 2s);
        }
        SUBCASE("then a retry succeeds") {
            server.inject(drip);
            auto const r = timed_fetch(patient(server, 2, 600ms), page_of(5));
            CHECK_MESSAGE(!r.ec, r.diag.to_string());
            CHECK(r.page.items.size() == 5);
            CHECK(r.elapsed < 3s);
        }
    }

    TEST_CASE("faults: oversized headers") {
        SUBCASE("one header line of 100 KB") {
            raw_http_server raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: " +
                                std::string(100 * 1024, 'a') + "\r\nContent-Length: 2\r\n\r\n{}");
            auto const r = timed_fetch(quick_config(raw.base_url()), page_of(5));
            CHECK(r.ec == errc::too_large);
            CHECK(r.page.items.empty());
            CHECK(raw.connections() == 1); // not retried
            CHECK(r.elapsed < 1s);
        }
        SUBCASE("two hundred header lines of 100 bytes") {
            mock_server server(mock_options(10));
            fault f;
            for (int i = 0; i < 200; ++i)
                f.headers.emplace_back("X-Filler-" + std::to_string(i), std::string(100, 'b'));
            server.inject(f);
            auto const r = timed_fetch(patient(server, 3), page_of(5));
            CHECK(r.ec == errc::too_large);
            CHECK(server.request_count() == 1);
            CHECK(r.elapsed < 1s);
        }
    }

    TEST_CASE("faults: 5xx storms") {
        mock_server server(mock_options(60));
        SUBCASE("five 503s, then success within six attempts") {
            server.inject(api_error(errc::service_unavailable), 5);
            auto const r = timed_fetch(patient(server, 6), page_of(5));
            CHECK_MESSAGE(!r.ec, r.diag.to_string());
            CHECK(r.page.items.size() == 5);
            CHECK(server.request_count() == 6);
            CHECK(r.elapsed < 2s);
        }
        SUBCASE("503s beyond max_attempts end in the error") {
            server.inject(api_error(errc::service_unavailable), 7);
            auto const r = timed_fetch(patient(server, 6), page_of(5));
            CHECK(r.ec == errc::service_unavailable);
            CHECK(r.diag.http_status == 503);
            CHECK(r.page.items.empty());
            CHECK(server.request_count() == 6);
            CHECK(r.elapsed < 2s);
        }
        SUBCASE("a mixed storm: 500 provider_error, 503 HTML, 504, 429, then success") {
            server.inject(api_error(errc::provider_error));
            fault html;
            html.kind = fault_kind::http_status;
            html.status = 503;
            html.body = "<html>Service Unavailable</html>";
            server.inject(html);
            server.inject(api_error(errc::request_timeout));
            fault busy;
            busy.kind = fault_kind::http_status;
            busy.status = 429;
            busy.retry_after = "0";
            server.inject(busy);
            auto const r = timed_fetch(patient(server, 5), page_of(5));
            CHECK_MESSAGE(!r.ec, r.diag.to_string());
            CHECK(server.request_count() == 5);
            CHECK(r.elapsed < 2s);
        }
        SUBCASE("a 502 HTML page is not the API's and is not retried") {
            fault f;
            f.kind = fault_kind::http_status;
            f.status = 502;
            f.body = "<html>Bad Gateway</html>";
            server.inject(f, 3);
            auto const r = timed_fetch(patient(server, 3), page_of(5));
            CHECK(r.ec == errc::unexpected_response);
            CHECK(r.diag.http_status == 502);
            CHECK(server.request_count() == 1);
        }
        SUBCASE("fifty 503s against a total timeout") {
            server.inject(api_error(errc::service_unavailable), 50);
            auto cfg = patient(server, 50);
            cfg.retry.initial_backoff = 50ms;
            cfg.retry.max_backoff = 100ms;
            cfg.total_timeout = 600ms;
            auto const r = timed_fetch(cfg, page_of(5));
            CHECK(r.ec == errc::service_unavailable);
            CHECK(r.elapsed < 1s);
            CHECK(server.request_count() < 50);
        }
        SUBCASE("a 503, then an attempt the total timeout cuts short: the 503 is the outcome") {
            server.inject(api_error(errc::service_unavailable));
            server.inject(make_fault(fault_kind::stall_before_headers));
            auto cfg = patient(server, 5, 10s); // only the total timeout can end the stall
            cfg.total_timeout = 500ms;
            auto const r = timed_fetch(cfg, page_of(5));
            CHECK(r.ec == errc::service_unavailable);
            CHECK(r.diag.http_status == 503);
            CHECK(server.request_count() == 2);
            CHECK(r.elapsed >= 450ms);
            CHECK(r.elapsed < 1500ms);
        }
    }

    TEST_CASE("faults: latency beyond the request timeout, then success") {
        mock_server server(mock_options(10));
        auto slow = make_fault(fault_kind::latency);
        slow.delay = 1500ms;
        server.inject(slow);
        auto const r = timed_fetch(patient(server, 2), page_of(5));
        CHECK_MESSAGE(!r.ec, r.diag.to_string());
        CHECK(r.elapsed >= 250ms);
        CHECK(r.elapsed < 1500ms);
    }

    TEST_CASE("faults: keep-alive connections closed by the server at random") {
        auto opts = mock_options(60);
        opts.keep_alive_max = 3;
        mock_server server(opts);
        std::mt19937 rng(7);
        std::size_t silent_closes = 0;
        for (int i = 0; i < 400; ++i) {
            if (rng() % 5 == 0) {
                auto f = make_fault(fault_kind::close_after_response);
                f.announce_close = rng() % 2 == 0;
                silent_closes += !f.announce_close;
                server.inject(f);
            } else {
                server.inject(fault{});
            }
        }
        auto cfg = config_for(server);
        cfg.retry = retry_policy::none(); // reopening a connection the server closed is no retry
        asio::io_context io;
        client cli(io.get_executor(), cfg);
        int const requests = 150;
        int ok = 0;
        std::string first_error;
        auto const start = steady::now();
        asio::co_spawn(
            io,
            [&]() -> asio::awaitable<void> {
                for (int i = 0; i < requests; ++i) {
                    diagnostics diag;
                    auto [ec, page] = co_await cli.async_list_accounts(
                        page_of(3), diag, asio::as_tuple(asio::use_awaitable));
                    collect_error_text(ec, diag);
                    if (!ec && page.items.size() == 3)
                        ++ok;
                    else if (first_error.empty())
                        first_error = ec.message() + ": " + diag.to_string();
                }
            },
            asio::detached);
        io.run();
        auto const elapsed = steady::now() - start;
        CHECK_MESSAGE(ok == requests, first_error);
        CHECK(server.connection_count() >= std::size_t(requests / 3));
        CHECK(silent_closes > 0);
        CHECK(elapsed < 10s);
    }

    // ---- security ----------------------------------------------------------------------------

    TEST_CASE("security: a cursor cannot inject a header or a parameter") {
        mock_server server(mock_options(10));
        auto cfg = config_for(server);
        cfg.retry = retry_policy::none();
        std::string const cursors[] = {
            "abc\r\nX-Injected: 1",
            "abc\nX-Injected: 1",
            "abc\r\n\r\nGET /evil HTTP/1.1\r\nHost: x\r\n\r\n",
            "a&limit=250&evil=1",
            "a=b&cursor=c",
            "a b#frag?x=1",
            "%0D%0AX-Injected:%201",
            std::string("a\0b", 3),
            "\xc3\xa9+/=",
            "../../admin",
        };
        for (auto const& cursor : cursors) {
            CAPTURE(cursor);
            server.clear_requests();
            auto const r = timed_fetch(cfg, page_of(5, cursor));
            CHECK(r.ec == errc::invalid_parameters); // the server does not know this cursor
            auto const requests = server.requests();
            REQUIRE(requests.size() == 1);
            auto const& q = requests.front();
            CHECK(q.path() == server.accounts_path());
            CHECK(q.query("cursor") == cursor);
            CHECK(q.query("limit") == "5");
            CHECK_FALSE(q.query("evil"));
            CHECK_FALSE(q.header("X-Injected"));
            CHECK(q.target.find_first_of("\r\n #") == std::string::npos);
            auto const url = boost::urls::parse_origin_form(q.target);
            REQUIRE(url);
            CHECK(url->params().size() == 2);
        }
        CHECK(server.request_count() == std::size(cursors));
    }

    TEST_CASE("security: a key with CR/LF or another control character is refused before sending") {
        mock_server server(mock_options(10));
        std::string const s = secret_key;
        std::string const keys[] = {s + "\r\nX-Injected: 1",
                                    "\r\n" + s,
                                    s + "\n",
                                    s + "\r",
                                    s + " x",
                                    s + "\t",
                                    s + "\x7f",
                                    s + std::string(1, '\0'),
                                    s + "\x01",
                                    s + "\xc3\xa9",
                                    ""};
        for (auto const& key : keys) {
            CAPTURE(key.size());
            auto cfg = config_for(server);
            cfg.api_key = key;
            auto const r = timed_fetch(cfg, page_of(5));
            CHECK(r.ec == errc::invalid_argument);
            CHECK_FALSE(r.diag.detail.empty());
            CHECK_FALSE(leaks_key(r.ec, r.diag));
            sync_client sync(cfg);
            try {
                (void)sync.list_accounts(page_of(5));
                FAIL("no exception");
            } catch (postpress::error const& e) {
                CHECK(e.code() == errc::invalid_argument);
                CHECK(std::string(e.what()).find(secret_key) == std::string::npos);
            }
        }
        CHECK(server.request_count() == 0);
    }

    TEST_CASE("security: TLS verification cannot be silently disabled") {
        auto const pki = test_pki::make();
        // Contexts a user might hand over to "make TLS work".
        asio::ssl::context verify_none(asio::ssl::context::tls_client);
        verify_none.set_verify_mode(asio::ssl::verify_none);
        asio::ssl::context accept_all(asio::ssl::context::tls_client);
        accept_all.set_verify_mode(asio::ssl::verify_peer);
        accept_all.set_verify_callback([](bool, asio::ssl::verify_context&) { return true; });
        asio::ssl::context trusting_none(asio::ssl::context::tls_client);
        trusting_none.add_certificate_authority(asio::buffer(pki.ca.certificate));
        trusting_none.set_verify_mode(asio::ssl::verify_none);
        asio::ssl::context trusting_accept_all(asio::ssl::context::tls_client);
        trusting_accept_all.add_certificate_authority(asio::buffer(pki.ca.certificate));
        trusting_accept_all.set_verify_callback(
            [](bool, asio::ssl::verify_context&) { return true; });
        asio::ssl::context trusting(asio::ssl::context::tls_client);
        trusting.add_certificate_authority(asio::buffer(pki.ca.certificate));

        auto run = [&](pem_pair const& cert, asio::ssl::context& client_ctx) {
            auto ctx = server_tls_context(cert);
            auto opts = mock_options(10);
            opts.tls = ctx.get();
            mock_server server(opts);
            auto cfg = config_for(server);
            cfg.retry = retry_policy::none();
            asio::io_context io;
            client cli(io.get_executor(), cfg, client_ctx);
            fetch_result r;
            cli.async_list_accounts(page_of(5), r.diag, [&](error_code ec, account_list p) {
                r.ec = ec;
                r.page = std::move(p);
            });
            io.run();
            collect_error_text(r.ec, r.diag);
            CHECK(r.page.items.empty() == bool(r.ec));
            if (r.ec) CHECK(server.request_count() == 0); // no request left before verification
            return r.ec;
        };

        struct tls_case {
            char const* name;
            pem_pair const* cert;
            asio::ssl::context* ctx;
        };
        tls_case const refused[] = {
            {"self-signed, verify_none", &pki.self_signed, &verify_none},
            {"self-signed, a callback accepting all", &pki.self_signed, &accept_all},
            {"another host's certificate, verify_none", &pki.wrong_host, &trusting_none},
            {"another host's certificate, a callback accepting all", &pki.wrong_host,
             &trusting_accept_all},
            {"a trusted certificate, but the context trusts nothing", &pki.server, &verify_none},
        };
        for (auto const& c : refused) {
            CAPTURE(c.name);
            auto const ec = run(*c.cert, *c.ctx);
            CHECK(ec);
            CHECK_FALSE(is_retryable(ec));
        }
        // The control: the same machinery succeeds when the chain and the name are right.
        CHECK_FALSE(run(pki.server, trusting));
        CHECK_FALSE(run(pki.server, trusting_none)); // verify_none is overridden, not inverted
    }

    TEST_CASE("security: no redirect is followed") {
        mock_server elsewhere(mock_options(10));
        mock_server server(mock_options(10));
        auto cfg = config_for(server); // retries on: a redirect is not retried either
        int const statuses[] = {301, 302, 303, 307, 308};
        for (int status : statuses) {
            CAPTURE(status);
            fault f;
            f.kind = fault_kind::http_status;
            f.status = status;
            f.content_type = "application/json";
            f.headers = {{"Location", elsewhere.base_url() + "/v1/accounts?limit=5"}};
            server.inject(f);
            auto const r = timed_fetch(cfg, page_of(5));
            CHECK(r.ec == errc::unexpected_response);
            CHECK(r.diag.http_status == status);
            CHECK(r.page.items.empty());
        }
        CHECK(server.request_count() == std::size(statuses));
        CHECK(elsewhere.request_count() == 0);
    }

    TEST_CASE("security: plain HTTP to a host other than this machine is refused by default") {
        char const* const refused[] = {
            "http://api.postpress.ai",   "http://api.postpress.ai:80/api",
            "http://10.1.2.3:8080",      "http://192.168.0.1",
            "http://[2001:db8::1]:8080", "http://localhost.example.com",
            "http://0.0.0.0:8080",       "http://[::ffff:127.0.0.1]",
            "HTTP://API.POSTPRESS.AI",
        };
        for (std::string const url : refused) {
            CAPTURE(url);
            auto const r = timed_fetch(quick_config(url), page_of(5));
            CHECK(r.ec == errc::invalid_argument);
            CHECK(r.diag.detail.find("http") != std::string::npos);
        }
        // Loopback is fine, and so is another host when the user says so.
        mock_server server(mock_options(10));
        auto const local = timed_fetch(
            quick_config("http://localhost:" + std::to_string(server.port())), page_of(5));
        CHECK_MESSAGE(!local.ec, local.diag.to_string());
        auto insecure = quick_config("http://192.0.2.1:9"); // TEST-NET-1: nothing answers
        insecure.allow_insecure_http = true;
        insecure.connect_timeout = 200ms;
        insecure.retry = retry_policy::none();
        auto const r = timed_fetch(insecure, page_of(5));
        CHECK(r.ec);
        CHECK(r.ec != errc::invalid_argument);
    }

    TEST_CASE("security: a host name that starts like an IPv4 address is not misread") {
        // Boost.URL 1.81 reads "127.0.0.1.nip.io" as host 127.0.0.1 and path ".nip.io".
        char const* const misread[] = {
            "http://127.0.0.1.nip.io", "http://127.0.0.1.nip.io:8080/api",
            "https://10.0.0.1.example.com", "https://192.168.1.20.api.example.com:13443/api"};
        for (std::string const url : misread) {
            CAPTURE(url);
            auto const r = timed_fetch(quick_config(url), page_of(5));
            CHECK(r.ec == errc::invalid_argument);
            CHECK(r.diag.detail.find("host") != std::string::npos);
        }
    }

    TEST_CASE("security: the key stays out of error texts even when the server echoes it") {
        mock_server server(mock_options(10));
        auto cfg = config_for(server);
        cfg.retry = retry_policy::none();
        std::string const key = secret_key;

        fault echo;
        echo.kind = fault_kind::error_envelope;
        echo.error = errc::invalid_credentials;
        echo.body = "The API key " + key + " is not valid";
        server.inject(echo);
        auto r = timed_fetch(cfg, page_of(5));
        CHECK(r.ec == errc::invalid_credentials);
        CHECK_FALSE(leaks_key(r.ec, r.diag));
        CHECK(r.diag.detail.find("is not valid") != std::string::npos); // the rest is kept

        fault envelope;
        envelope.kind = fault_kind::http_status;
        envelope.status = 401;
        envelope.content_type = "application/json";
        envelope.body = R"({"type":"errors/)" + key + R"(","title":"Bad key )" + key +
                        R"(","detail":")" + key + R"(","instance":")" + key + R"("})";
        server.inject(envelope);
        r = timed_fetch(cfg, page_of(5));
        CHECK(r.ec == errc::unknown_api_error);
        CHECK(r.diag.http_status == 401);
        CHECK_FALSE(leaks_key(r.ec, r.diag));

        // A bad page that carries the key and a proxy password in its values.
        std::string const password = "pw_ProxyPassword_9f8e7d";
        std::string const body = test::detail::with(R"("password":"pp")",
                                                    R"("password":")" + password + R"(","port":1)");
        std::string const named = body.substr(0, body.find("Anna - Sales")) + key +
                                  body.substr(body.find("Anna - Sales") + 12);
        server.inject(ok_with_body(named));
        r = timed_fetch(cfg, page_of(5));
        CHECK(r.ec == errc::malformed_json); // the duplicated proxy port
        CHECK_FALSE(leaks_key(r.ec, r.diag));
        CHECK(error_text(r.ec, r.diag).find(password) == std::string::npos);
        error_code ec;
        diagnostics diag;
        (void)parse_account_list(named, ec, diag);
        CHECK(ec == errc::malformed_json);
        CHECK(error_text(ec, diag).find(password) == std::string::npos);
        CHECK_FALSE(leaks_key(ec, diag));

        // The key travels in X-API-KEY, and nowhere else.
        for (auto const& q : server.requests()) {
            CHECK(q.header("X-API-KEY") == key);
            CHECK(q.target.find(key) == std::string::npos);
            for (auto const& [name, value] : q.headers)
                if (name != "x-api-key") CHECK(value.find(key) == std::string::npos);
        }
    }

    // ---- soak ----------------------------------------------------------------------------------

    TEST_CASE("soak: thousands of pages through injected faults, every account exactly once") {
        std::size_t pages = 10000;
        if (char const* env = std::getenv("POSTPRESS_SOAK_PAGES"))
            pages = std::max<std::size_t>(1, std::strtoull(env, nullptr, 10));
        auto opts = mock_options(pages);
        opts.record_requests = false;
        mock_server server(opts);

        // The faults in the order requests meet them: about one request in ten misbehaves.
        std::mt19937 rng(20260412);
        std::uniform_int_distribution<int> per_mille(0, 999);
        std::vector<fault_kind> plan;
        std::size_t normal_run = 0;
        auto flush = [&] {
            if (normal_run) server.inject(fault{}, normal_run);
            normal_run = 0;
        };
        for (std::size_t i = 0; i < pages + pages / 2 + 16; ++i) {
            int const x = per_mille(rng);
            fault f;
            if (x < 25) {
                f.kind = fault_kind::error_envelope;
                f.error = errc::service_unavailable;
            } else if (x < 45) {
                f.kind = fault_kind::drop_mid_body;
                f.reset = x % 2 == 0;
            } else if (x < 75) {
                f.kind = fault_kind::close_after_response;
                f.announce_close = x % 2 == 0;
            } else if (x < 95) {
                f.kind = fault_kind::latency;
                f.delay = std::chrono::milliseconds(1 + x % 3);
            } else {
                plan.push_back(fault_kind::none);
                ++normal_run;
                continue;
            }
            flush();
            plan.push_back(f.kind);
            server.inject(f);
        }
        flush();

        auto cfg = config_for(server);
        cfg.retry.max_attempts = 10;
        cfg.retry.initial_backoff = 1ms;
        cfg.retry.max_backoff = 4ms;
        cfg.request_timeout = 10s;
        asio::io_context io;
        client cli(io.get_executor(), cfg);
        std::vector<std::string> ids;
        ids.reserve(pages);
        error_code ec;
        diagnostics diag;
        listing_summary summary;
        auto const start = steady::now();
        // Page after page into one reused account_list: a failed attempt leaves it half-written,
        // and the retry must decode cleanly over it.
        cli.async_for_each_account(
            page_of(1), [&](account const& a) { ids.push_back(a.id); }, diag,
            [&](error_code e, listing_summary s) {
                ec = e;
                summary = std::move(s);
            });
        io.run();
        auto const seconds = std::chrono::duration<double>(steady::now() - start).count();

        CHECK_MESSAGE(!ec, ec.message(), ": ", diag.to_string());
        std::size_t const delivered = summary.pages;
        CHECK(delivered == pages);
        CHECK(summary.accounts == pages);
        std::vector<std::string> expected;
        for (auto const& a : server.accounts())
            expected.push_back(a.id);
        CHECK(ids == expected); // each account once, in order
        CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == pages);

        std::size_t const requests = server.request_count();
        std::size_t by_kind[4] = {};
        for (std::size_t i = 0; i < std::min(requests, plan.size()); ++i)
            switch (plan[i]) {
            case fault_kind::error_envelope:
                ++by_kind[0];
                break;
            case fault_kind::drop_mid_body:
                ++by_kind[1];
                break;
            case fault_kind::close_after_response:
                ++by_kind[2];
                break;
            case fault_kind::latency:
                ++by_kind[3];
                break;
            default:
                break;
            }
        std::size_t const faults = by_kind[0] + by_kind[1] + by_kind[2] + by_kind[3];
        std::printf("soak: %zu pages, %zu accounts, %zu faults survived (503: %zu, dropped "
                    "mid-body: %zu, closed after the response: %zu, delayed: %zu) in %zu "
                    "requests over %zu connections, %.1f s\n",
                    delivered, ids.size(), faults, by_kind[0], by_kind[1], by_kind[2], by_kind[3],
                    requests, server.connection_count(), seconds);
        CHECK(requests >= pages + by_kind[0] + by_kind[1]);
        if (pages >= 1000) CHECK(faults > pages / 20);
        CHECK(cli.idle_connections() <= cfg.max_idle_connections);
    }

    // Last in this file (doctest runs test cases in file order): every error text the catalogues
    // produced.
    TEST_CASE("security: the key appears in no error text the catalogues produced") {
        auto& log = error_texts();
        std::lock_guard lock(log.mutex);
        std::size_t leaks = 0;
        for (auto const& text : log.texts)
            if (text.find(secret_key) != std::string::npos) {
                ++leaks;
                MESSAGE("leak: " << text);
            }
        std::printf("error texts checked for the key: %zu\n", log.texts.size());
        CHECK(leaks == 0);
    }

} // TEST_SUITE
