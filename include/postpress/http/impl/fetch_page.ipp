// Definitions for http/detail/fetch_page.hpp. One page, end to end: connect (or reuse), send,
// stream the body into the decoder, map errors, retry what a retry can help. Written as Asio
// C++20 coroutines; the public functions adapt them to any completion token.
#pragma once

#include <postpress/http/detail/fetch_page.hpp>

#include <postpress/diagnostics.hpp>
#include <postpress/errc.hpp>
#include <postpress/error.hpp>
#include <postpress/http/detail/client_state.hpp>
#include <postpress/http/detail/connection.hpp>
#include <postpress/http/detail/error_envelope.hpp>
#include <postpress/http/detail/sink_body.hpp>
#include <postpress/http/list_params.hpp>
#include <postpress/json/decoder.hpp>
#include <postpress/model/account_list.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace postpress::http::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using boost::system::error_code;
using clock = std::chrono::steady_clock;

inline constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

/// What one attempt learnt besides its error.
struct attempt_result {
    error_code ec;
    bool stale = false; // a reused connection the server had closed: reconnect, don't count
    std::optional<std::chrono::milliseconds> retry_after;
};

POSTPRESS_DECL std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view v) {
    // Seconds only; an HTTP-date falls back to the policy's own backoff.
    if (v.empty() || v.size() > 9) return std::nullopt;
    long long s = 0;
    for (char c : v) {
        if (c < '0' || c > '9') return std::nullopt;
        s = s * 10 + (c - '0');
    }
    return std::chrono::seconds(s);
}

/// Network and protocol faults: the transport's own code when a retry may help, one of ours
/// when the server said something that is not HTTP we accept.
POSTPRESS_DECL error_code classify_transport_error(error_code ec, diagnostics& diag,
                                                   char const* stage) {
    if (ec == bhttp::error::body_limit || ec == bhttp::error::header_limit ||
        ec == bhttp::error::buffer_overflow) {
        diag.detail = std::string("response exceeds the configured size limit (") + stage + ")";
        return errc::too_large;
    }
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_version).category() &&
        ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
        diag.detail = std::string("malformed HTTP response (") + stage + "): " + ec.message();
        return errc::unexpected_response;
    }
    diag.detail = std::string("while ") + stage;
    return ec;
}

POSTPRESS_DECL asio::awaitable<error_code>
open_connection(client_state& st, connection& conn, clock::time_point deadline, diagnostics& diag) {
    auto ex = co_await asio::this_coro::executor;
    auto const& ep = *st.endpoint;
    auto const budget =
        std::min<clock::duration>(st.config.connect_timeout, deadline - clock::now());

    // The resolver has no timeout of its own: a timer cancels it.
    asio::ip::tcp::resolver resolver(ex);
    asio::steady_timer resolve_timer(ex, budget);
    resolve_timer.async_wait([&resolver](error_code e) {
        if (!e) resolver.cancel();
    });
    auto [rec, endpoints] = co_await resolver.async_resolve(ep.host, ep.port, use_tuple);
    resolve_timer.cancel();
    if (rec) {
        diag.detail = "while resolving the host";
        co_return rec == asio::error::operation_aborted&& clock::now() >= deadline
            ? error_code(beast::error::timeout)
            : rec;
    }

    beast::tcp_stream tcp(ex);
    tcp.expires_after(budget);
    auto [cec, connected] = co_await tcp.async_connect(endpoints, use_tuple);
    (void)connected;
    if (cec) {
        diag.detail = "while connecting";
        co_return cec;
    }
    tcp.socket().set_option(asio::ip::tcp::no_delay(true));
    if (!ep.tls) {
        conn.plain.emplace(std::move(tcp));
        co_return error_code{};
    }
    conn.tls.emplace(std::move(tcp), *st.tls_context);
    auto& tls = *conn.tls;
    // Verification is set on every stream, whatever the context says: it cannot be turned off
    // by handing the client a permissive context.
    tls.set_verify_mode(asio::ssl::verify_peer);
    tls.set_verify_callback(asio::ssl::host_name_verification(ep.host));
    if (!SSL_set_tlsext_host_name(tls.native_handle(), ep.host.c_str())) {
        diag.detail = "TLS: cannot set the server name";
        co_return error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category());
    }
    auto [hec] = co_await tls.async_handshake(asio::ssl::stream_base::client, use_tuple);
    if (hec) {
        diag.detail = "during the TLS handshake";
        co_return hec;
    }
    co_return error_code{};
}

template <class Stream>
asio::awaitable<attempt_result> exchange(client_state& st, Stream& stream, connection& conn,
                                         std::string const& target, account_list& page,
                                         clock::time_point deadline, diagnostics& diag) {
    attempt_result out;
    bool const reused = conn.requests > 0;
    auto const& cfg = st.config;

    bhttp::request<bhttp::empty_body> req{bhttp::verb::get, target, 11};
    req.set(bhttp::field::host, st.endpoint->host_header);
    req.set("X-API-KEY", cfg.api_key);
    req.set(bhttp::field::accept, "application/json");
    req.set(bhttp::field::user_agent, cfg.user_agent);
    req.keep_alive(true);

    conn.tcp().expires_after(
        std::min<clock::duration>(cfg.request_timeout, deadline - clock::now()));
    auto [wec, written] = co_await bhttp::async_write(stream, req, use_tuple);
    (void)written;
    if (wec) {
        out.stale = reused;
        out.ec = classify_transport_error(wec, diag, "sending the request");
        co_return out;
    }

    bhttp::response_parser<sink_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(cfg.max_header_bytes));
    parser.body_limit(cfg.max_body_bytes);
    auto [hec, hn] = co_await bhttp::async_read_header(stream, conn.buffer, parser, use_tuple);
    (void)hn;
    if (hec) {
        // A kept-alive connection the server closed meanwhile fails here with nothing read.
        out.stale = reused && (hec == bhttp::error::end_of_stream || hec == asio::error::eof ||
                               hec == asio::error::connection_reset ||
                               hec == asio::ssl::error::stream_truncated);
        out.ec = classify_transport_error(hec, diag, "reading the response headers");
        co_return out;
    }
    auto const& head = parser.get();
    int const status = static_cast<int>(head.result_int());
    diag.http_status = status;
    if (auto it = head.find(bhttp::field::retry_after); it != head.end())
        out.retry_after = parse_retry_after(it->value());

    // The body goes from the connection's buffer to where it belongs as each piece is parsed.
    body_sink& sink = parser.get().body();
    // A coroutine of its own, though it only forwards the error: awaiting the read here puts
    // its result in the exchange's frame, which then passes a kilobyte. A block that size is
    // allocated for each page and makes glibc's malloc consolidate its free lists (callgrind:
    // 287M instructions for 20,000 accounts with this, 304M with the read awaited inline).
    auto read_some = [&]() -> asio::awaitable<error_code> {
        auto [ec, n] = co_await bhttp::async_read_some(stream, conn.buffer, parser, use_tuple);
        (void)n;
        co_return ec;
    };

    if (status >= 200 && status < 300) {
        auto const ct = head[bhttp::field::content_type];
        if (!ct.empty() && ct.find("json") == std::string_view::npos) {
            diag.detail = "a success response that is not JSON";
            out.ec = errc::unexpected_response;
            co_return out;
        }
        if (!conn.body_decoder) conn.body_decoder.emplace(cfg.decoding);
        decoder& dec = *conn.body_decoder;
        dec.start(page);
        sink.decode_into = &dec;
        sink.diag = &diag;
        while (!parser.is_done()) {
            auto const rec = co_await read_some();
            if (sink.decode_ec) { // the connection is dropped with the rest of the body
                out.ec = sink.decode_ec;
                co_return out;
            }
            if (rec) {
                out.ec = classify_transport_error(rec, diag, "reading the response body");
                co_return out;
            }
        }
        dec.finish(out.ec, diag);
        if (out.ec) co_return out;
    } else {
        // An error body is small and read whole, bounded.
        std::string body;
        sink.text = &body;
        sink.text_limit = 64 * 1024;
        while (!parser.is_done() && !sink.text_full) {
            auto const rec = co_await read_some();
            if (rec && !sink.text_full) {
                out.ec = classify_transport_error(rec, diag, "reading the error response");
                co_return out;
            }
        }
        out.ec = classify_error_response(status, body, diag);
        redact_secret(diag, cfg.api_key);
        if (!parser.is_done()) co_return out;
    }
    ++conn.requests;
    conn.keep_alive = parser.keep_alive();
    co_return out;
}

/// One attempt on a pooled or new connection; the connection returns to the pool when the
/// exchange ended cleanly and the server keeps it alive.
POSTPRESS_DECL asio::awaitable<attempt_result>
attempt_once(client_state& st, std::string const& target, account_list& page,
             clock::time_point deadline, diagnostics& diag, bool allow_reuse) {
    std::unique_ptr<connection> conn = allow_reuse ? st.pool.take() : nullptr;
    if (!conn) {
        conn = std::make_unique<connection>();
        // Beast reads at most the buffer's free capacity (512 bytes when empty): a large buffer
        // makes a 125 KB page two reads instead of 250, each a full async operation.
        conn->buffer.reserve(64 * 1024);
        if (auto ec = co_await open_connection(st, *conn, deadline, diag))
            co_return attempt_result{ec, false, std::nullopt};
    }
    auto const before = conn->requests;
    attempt_result r =
        conn->tls ? co_await exchange(st, *conn->tls, *conn, target, page, deadline, diag)
                  : co_await exchange(st, *conn->plain, *conn, target, page, deadline, diag);
    bool const complete = conn->requests > before;
    // An API error read whole leaves the connection usable; a decode error does not (the rest
    // of the body was not read).
    if (complete && conn->keep_alive) st.pool.give_back(std::move(conn));
    co_return r;
}

POSTPRESS_DECL asio::awaitable<error_code> fetch_page(std::shared_ptr<client_state> st,
                                                      list_params params, account_list& page,
                                                      diagnostics& diag) {
    diag.clear();
    if (st->config_error) {
        diag = st->config_diag;
        co_return st->config_error;
    }
    error_code ec;
    if (!check_params(params, ec, diag)) co_return ec;
    // A page holds at most `limit` accounts (100 by default): room for them up front spares a
    // fresh page the vector's regrowth, which moves accounts of some 650 bytes each.
    if (page.items.capacity() == 0)
        page.items.reserve(static_cast<std::size_t>(params.limit.value_or(100)));
    std::string const target = request_target(*st->endpoint, params);

    auto const& policy = st->config.retry;
    auto const deadline = st->config.total_timeout.count() > 0
                              ? clock::now() + st->config.total_timeout
                              : clock::time_point::max();
    // The failure the last retry was for. When the total timeout cuts the next attempt short,
    // that failure is the outcome, as it is when the timeout leaves no room for the next wait:
    // a storm of 503s ends in 503 wherever the deadline falls.
    error_code retried_ec;
    diagnostics retried_diag;
    for (int attempt = 1;; ++attempt) {
        diag.clear();
        attempt_result r = co_await attempt_once(*st, target, page, deadline, diag, true);
        if (r.ec && r.stale) { // the server closed an idle connection: try a fresh one at once
            diag.clear();
            r = co_await attempt_once(*st, target, page, deadline, diag, false);
        }
        if (!r.ec) co_return r.ec;
        if (retried_ec && r.ec == beast::error::timeout && clock::now() >= deadline) {
            diag = std::move(retried_diag);
            co_return retried_ec;
        }
        auto const cs = co_await asio::this_coro::cancellation_state;
        if (cs.cancelled() != asio::cancellation_type::none)
            co_return error_code(asio::error::operation_aborted);
        if (attempt >= policy.max_attempts || !is_retryable(r.ec, diag)) co_return r.ec;
        auto delay = st->next_backoff(attempt);
        if (r.retry_after) {
            if (*r.retry_after > policy.max_retry_after) co_return r.ec;
            delay = std::max(delay, *r.retry_after);
        }
        if (deadline != clock::time_point::max() && clock::now() + delay >= deadline)
            co_return r.ec;
        retried_ec = r.ec;
        retried_diag = diag;
        asio::steady_timer timer(co_await asio::this_coro::executor, delay);
        auto [tec] = co_await timer.async_wait(use_tuple);
        if (tec) co_return error_code(asio::error::operation_aborted);
    }
}

POSTPRESS_DECL asio::awaitable<std::tuple<error_code, account_list>>
fetch_one_page(std::shared_ptr<client_state> st, list_params params, diagnostics* diag) {
    account_list page;
    diagnostics own_diag; // when the caller asked for none
    auto ec = co_await fetch_page(std::move(st), std::move(params), page, diag ? *diag : own_diag);
    if (ec) page = {};
    co_return std::tuple{ec, std::move(page)};
}

} // namespace postpress::http::detail
