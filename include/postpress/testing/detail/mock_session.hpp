// The mock server's machinery: shared state, the page cache, fault handling, and the plain and
// TLS sessions. Used by testing/impl/mock_server.ipp only.
#pragma once

#include <postpress/testing/mock_server.hpp>

#include <postpress/errc.hpp>
#include <postpress/json/encoder.hpp>
#include <postpress/model/account.hpp>
#include <postpress/model/account_list.hpp>
#include <postpress/testing/detail/mock_cursor.hpp>
#include <postpress/testing/detail/mock_http.hpp>
#include <postpress/testing/sample_accounts.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/span_body.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace postpress::testing {

namespace detail {

namespace mock_asio = boost::asio;
namespace mock_beast = boost::beast;
namespace mock_http = boost::beast::http;
using mock_tcp = boost::asio::ip::tcp;
using mock_response = mock_http::response<mock_http::span_body<char const>>;
using mock_tls_stream = mock_beast::ssl_stream<mock_beast::tcp_stream>;

struct mock_connection_base {
    virtual ~mock_connection_base() = default;
    virtual void abort() = 0; // io thread only: cancel everything, close the socket
};

template <class Stream>
struct mock_connection final : mock_connection_base {
    template <class... Args>
    explicit mock_connection(std::size_t number_, Args&&... args)
        : stream(std::forward<Args>(args)...)
        , timer(stream.get_executor())
        , number(number_) {}

    void abort() override {
        timer.cancel();
        mock_beast::get_lowest_layer(stream).close();
    }

    Stream stream;
    mock_asio::steady_timer timer;
    std::size_t number;
};

/// The answer to one request and the fault that shapes its delivery.
struct mock_reply {
    mock_response res;
    std::shared_ptr<std::string const> body;
    fault f;
};

/// Everything the sessions share. The io thread alone touches the acceptor, the page cache and
/// the connection table; the rest is guarded by `mutex`.
class mock_state {
public:
    mock_state(mock_asio::io_context& ioc, mock_server_options options)
        : opts(std::move(options))
        , accounts(opts.accounts ? std::move(*opts.accounts)
                                 : make_sample_accounts(opts.account_count, opts.seed))
        , acceptor(ioc) {
        opts.accounts.reset();
        prefix = opts.path_prefix;
        while (!prefix.empty() && prefix.back() == '/')
            prefix.pop_back();
        if (!prefix.empty() && prefix.front() != '/') prefix.insert(prefix.begin(), '/');
        accounts_path = prefix + "/v1/accounts";
    }

    mock_server_options opts;
    std::vector<account> const accounts;
    std::string prefix, accounts_path;
    mock_tcp::acceptor acceptor;

    // io thread only
    bool stopping = false;
    std::unordered_map<std::size_t, std::weak_ptr<mock_connection_base>> live;
    std::map<std::pair<std::size_t, std::size_t>, std::shared_ptr<std::string const>> pages;
    std::deque<std::pair<std::size_t, std::size_t>> page_order;

    // shared with the caller's threads
    mutable std::mutex mutex;
    mutable std::condition_variable changed;
    std::deque<std::pair<fault, std::size_t>> faults;
    std::vector<recorded_request> recorded;
    std::size_t request_total = 0;
    std::size_t connection_total = 0;

    void shutdown() {
        stopping = true;
        boost::system::error_code ec;
        acceptor.close(ec);
        for (auto& [number, weak] : live)
            if (auto c = weak.lock()) c->abort();
    }

    std::shared_ptr<std::string const>
    page_body(std::size_t offset, std::size_t limit,
              std::optional<std::string> const* cursor_override) {
        if (!cursor_override && opts.max_pages_cached > 0) {
            auto const it = pages.find({offset, limit});
            if (it != pages.end()) return it->second;
        }
        std::size_t const end = std::min(accounts.size(), offset + limit);
        account_list page;
        page.items.assign(accounts.begin() + static_cast<std::ptrdiff_t>(offset),
                          accounts.begin() + static_cast<std::ptrdiff_t>(end));
        if (cursor_override)
            page.cursor = *cursor_override;
        else if (end < accounts.size())
            page.cursor = make_mock_cursor(end, opts.seed);
        auto body = std::make_shared<std::string const>(postpress::encode(page));
        if (!cursor_override && opts.max_pages_cached > 0) {
            while (pages.size() >= opts.max_pages_cached && !page_order.empty()) {
                pages.erase(page_order.front());
                page_order.pop_front();
            }
            pages.emplace(std::pair{offset, limit}, body);
            page_order.emplace_back(offset, limit);
        }
        return body;
    }

    /// Records the request, takes its fault and builds the answer.
    mock_reply respond(mock_http::request<mock_http::string_body> const& req,
                       std::size_t connection) {
        mock_reply r;
        std::string_view const target(req.target().data(), req.target().size());
        auto const url = boost::urls::parse_origin_form(target);
        bool const on_accounts = url && std::string_view(url->encoded_path()) == accounts_path;
        std::size_t number;
        {
            std::lock_guard lock(mutex);
            number = ++request_total;
            if (opts.record_requests) recorded.push_back(record(req, connection));
            if (on_accounts && !faults.empty()) {
                r.f = faults.front().first;
                if (--faults.front().second == 0) faults.pop_front();
            }
        }
        changed.notify_all();
        std::string const instance = "req_" + std::to_string(number);

        r.res.version(req.version());
        r.res.set(mock_http::field::server, "postpress-mock");
        r.res.set("X-Request-Id", instance);
        switch (r.f.kind) {
        case fault_kind::error_envelope: {
            std::string_view const wire = to_string(r.f.error);
            int const spec = spec_http_status(r.f.error);
            int const status = r.f.status ? r.f.status : spec ? spec : 500;
            std::string const type =
                "errors/" + std::string(wire.empty() ? std::string_view("unexpected_error") : wire);
            std::string const detail =
                !r.f.body.empty() ? r.f.body : make_error_code(r.f.error).message();
            set_envelope(r, status, type, mock_title(type.substr(7)), detail, instance);
            break;
        }
        case fault_kind::http_status:
            r.res.result(static_cast<unsigned>(r.f.status ? r.f.status : 500));
            if (!r.f.content_type.empty())
                r.res.set(mock_http::field::content_type, r.f.content_type);
            set_body(r, std::make_shared<std::string const>(r.f.body));
            break;
        case fault_kind::malformed_body: {
            answer(r, req, url ? &*url : nullptr, on_accounts, instance, false);
            if (r.res.result() != mock_http::status::ok) {
                r.res.result(mock_http::status::ok);
                r.res.set(mock_http::field::content_type, "application/json");
                r.body = page_body(0, 100, nullptr);
            }
            auto const cut = std::make_shared<std::string const>(*r.body, 0, r.body->size() / 2);
            set_body(r, cut);
            break;
        }
        default:
            answer(r, req, url ? &*url : nullptr, on_accounts, instance,
                   r.f.kind == fault_kind::repeat_cursor);
        }
        if (r.f.retry_after) r.res.set(mock_http::field::retry_after, *r.f.retry_after);
        for (auto const& [name, value] : r.f.headers)
            r.res.set(name, value);
        return r;
    }

private:
    static recorded_request record(mock_http::request<mock_http::string_body> const& req,
                                   std::size_t connection) {
        recorded_request rec;
        rec.method = std::string(req.method_string());
        rec.target = std::string(req.target());
        rec.version = req.version();
        rec.connection = connection;
        for (auto const& h : req) {
            auto [it, fresh] = rec.headers.try_emplace(mock_lower(h.name_string()));
            if (!fresh) it->second += ", ";
            it->second.append(h.value().data(), h.value().size());
        }
        return rec;
    }

    static void set_body(mock_reply& r, std::shared_ptr<std::string const> body) {
        r.body = std::move(body);
        r.res.body() = {r.body->data(), r.body->size()};
    }

    static void set_envelope(mock_reply& r, int status, std::string_view type,
                             std::string_view title, std::string_view detail,
                             std::string_view instance) {
        r.res.result(static_cast<unsigned>(status));
        r.res.set(mock_http::field::content_type, "application/json");
        set_body(r, std::make_shared<std::string const>(
                        mock_envelope(type, title, detail, instance, status)));
    }

    static void api_error(mock_reply& r, errc e, std::string_view detail,
                          std::string_view instance) {
        std::string_view const wire = to_string(e);
        set_envelope(r, spec_http_status(e), "errors/" + std::string(wire), mock_title(wire),
                     detail, instance);
    }

    /// The answer a well-behaved server gives.
    void answer(mock_reply& r, mock_http::request<mock_http::string_body> const& req,
                boost::urls::url_view const* url, bool on_accounts, std::string_view instance,
                bool repeat_cursor) {
        if (!on_accounts) {
            std::string const path =
                url ? std::string(url->encoded_path()) : std::string("this target");
            set_envelope(r, 404, "errors/not_found", "Not found", "No route for " + path, instance);
            return;
        }
        if (req.method() != mock_http::verb::get) {
            set_envelope(r, 405, "errors/method_not_allowed", "Method not allowed",
                         "Only GET is allowed on " + accounts_path, instance);
            r.res.set(mock_http::field::allow, "GET");
            return;
        }
        auto const key = req.find("X-API-KEY");
        if (key == req.end() || key->value().empty())
            return api_error(r, errc::missing_credentials, "The X-API-KEY header is missing",
                             instance);
        if (std::string_view(key->value().data(), key->value().size()) != opts.api_key)
            return api_error(r, errc::invalid_credentials, "The API key is not valid", instance);

        std::size_t limit = 100;
        std::optional<std::string> cursor;
        bool seen_limit = false;
        for (auto const& p : url->params(boost::urls::encoding_opts(true))) {
            if (p.key == "limit") {
                if (seen_limit)
                    return api_error(r, errc::invalid_parameters, "limit is given twice", instance);
                seen_limit = true;
                auto const check =
                    p.has_value ? mock_parse_limit(p.value, limit) : mock_limit_check::invalid;
                if (check == mock_limit_check::too_high)
                    return api_error(r, errc::limit_too_high,
                                     "limit must be at most 250, got " + p.value, instance);
                if (check == mock_limit_check::invalid)
                    return api_error(r, errc::invalid_parameters,
                                     "limit must be an integer between 1 and 250", instance);
            } else if (p.key == "cursor") {
                if (cursor)
                    return api_error(r, errc::invalid_parameters, "cursor is given twice",
                                     instance);
                if (!p.has_value || p.value.empty())
                    return api_error(r, errc::invalid_parameters, "cursor is empty", instance);
                cursor = p.value;
            }
        }
        std::size_t offset = 0;
        if (cursor) {
            auto const parsed = parse_mock_cursor(*cursor, opts.seed);
            if (!parsed || *parsed > accounts.size())
                return api_error(r, errc::invalid_parameters, "cursor is not valid", instance);
            offset = *parsed;
        }
        r.res.result(mock_http::status::ok);
        r.res.set(mock_http::field::content_type, "application/json");
        if (repeat_cursor) {
            std::optional<std::string> const same =
                cursor ? *cursor : make_mock_cursor(0, opts.seed);
            set_body(r, page_body(offset, limit, &same));
        } else {
            set_body(r, page_body(offset, limit, nullptr));
        }
    }
};

template <class Stream>
inline constexpr bool mock_is_tls = !std::is_same_v<Stream, mock_beast::tcp_stream>;

/// Reads and discards until the peer closes or the server stops.
template <class Stream>
mock_asio::awaitable<void> mock_drain(Stream& stream) {
    std::array<char, 1024> scratch;
    boost::system::error_code ec;
    while (!ec)
        co_await stream.async_read_some(mock_asio::buffer(scratch),
                                        mock_asio::redirect_error(mock_asio::use_awaitable, ec));
}

/// Sends FIN (after a TLS close_notify, for at most a second) and closes.
template <class Stream>
mock_asio::awaitable<void> mock_close(Stream& stream) {
    auto& lowest = mock_beast::get_lowest_layer(stream);
    boost::system::error_code ec;
    if constexpr (mock_is_tls<Stream>) {
        lowest.expires_after(std::chrono::seconds(1));
        co_await stream.async_shutdown(mock_asio::redirect_error(mock_asio::use_awaitable, ec));
    }
    lowest.socket().shutdown(mock_tcp::socket::shutdown_send, ec);
    lowest.close();
}

template <class Stream>
void mock_reset(Stream& stream) {
    auto& socket = mock_beast::get_lowest_layer(stream).socket();
    boost::system::error_code ec;
    socket.set_option(mock_asio::socket_base::linger(true, 0), ec);
    mock_beast::get_lowest_layer(stream).close();
}

template <class Stream>
mock_asio::awaitable<void> mock_session(std::shared_ptr<mock_state> st,
                                        std::shared_ptr<mock_connection<Stream>> c) {
    struct forget {
        mock_state& st;
        std::size_t number;
        ~forget() { st.live.erase(number); }
    } const forget_on_exit{*st, c->number};

    namespace asio = mock_asio;
    auto const token = [](boost::system::error_code& ec) {
        return asio::redirect_error(asio::use_awaitable, ec);
    };
    auto& stream = c->stream;
    auto& lowest = mock_beast::get_lowest_layer(stream);
    boost::system::error_code ec;
    if constexpr (mock_is_tls<Stream>) {
        lowest.expires_after(std::chrono::seconds(10));
        co_await stream.async_handshake(asio::ssl::stream_base::server, token(ec));
        if (ec) co_return;
        lowest.expires_never();
    }
    mock_beast::flat_buffer buffer;
    for (std::size_t served = 1;; ++served) {
        mock_http::request_parser<mock_http::string_body> parser;
        parser.header_limit(64 * 1024);
        parser.body_limit(1024 * 1024);
        co_await mock_http::async_read(stream, buffer, parser, token(ec));
        if (ec == mock_http::error::end_of_stream && !st->stopping) co_await mock_close(stream);
        if (ec || st->stopping) co_return;

        auto const& req = parser.get();
        mock_reply reply = st->respond(req, c->number);
        fault const& f = reply.f;
        bool keep_alive = req.keep_alive() && !st->stopping &&
                          !(st->opts.keep_alive_max && served >= st->opts.keep_alive_max) &&
                          !(f.kind == fault_kind::close_after_response && f.announce_close);
        reply.res.keep_alive(keep_alive);
        auto const status = reply.res.result_int();
        if (st->opts.chunked && status >= 200 && status != 204 && status != 304)
            reply.res.chunked(true);
        else
            reply.res.prepare_payload();

        switch (f.kind) {
        case fault_kind::stall_before_headers:
            co_await mock_drain(stream);
            co_return;
        case fault_kind::stall_mid_body:
        case fault_kind::drop_mid_body: {
            auto const [wire, header_size] = mock_to_wire(reply.res);
            std::size_t const body_size = wire.size() - header_size;
            std::size_t const cut = header_size + (body_size >= 2 ? body_size / 2 : 0);
            co_await asio::async_write(stream, asio::buffer(wire.data(), cut), token(ec));
            if (ec) co_return;
            if (f.kind == fault_kind::stall_mid_body)
                co_await mock_drain(stream);
            else if (f.reset)
                mock_reset(stream);
            else
                co_await mock_close(stream);
            co_return;
        }
        case fault_kind::slow_drip: {
            auto const [wire, header_size] = mock_to_wire(reply.res);
            for (std::size_t i = 0; i < wire.size(); ++i) {
                if (i > 0 && f.delay.count() > 0) {
                    c->timer.expires_after(f.delay);
                    co_await c->timer.async_wait(token(ec));
                    if (ec || st->stopping) co_return;
                }
                co_await asio::async_write(stream, asio::buffer(wire.data() + i, 1), token(ec));
                if (ec) co_return;
            }
            break;
        }
        case fault_kind::latency:
            c->timer.expires_after(f.delay);
            co_await c->timer.async_wait(token(ec));
            if (ec || st->stopping) co_return;
            [[fallthrough]];
        default:
            co_await mock_http::async_write(stream, reply.res, token(ec));
            if (ec) co_return;
        }
        if (!keep_alive || f.kind == fault_kind::close_after_response) {
            co_await mock_close(stream);
            co_return;
        }
    }
}

inline void mock_spawn_session(std::shared_ptr<mock_state> const& st, mock_tcp::socket socket,
                               std::size_t number) {
    auto const ex = socket.get_executor();
    auto const spawn = [&](auto connection) {
        st->live.emplace(number, connection);
        mock_asio::co_spawn(ex, mock_session(st, std::move(connection)), [](std::exception_ptr) {});
    };
    if (st->opts.tls)
        spawn(std::make_shared<mock_connection<mock_tls_stream>>(number, std::move(socket),
                                                                 *st->opts.tls));
    else
        spawn(std::make_shared<mock_connection<mock_beast::tcp_stream>>(number, std::move(socket)));
}

inline mock_asio::awaitable<void> mock_accept_loop(std::shared_ptr<mock_state> st) {
    boost::system::error_code ec;
    for (;;) {
        mock_tcp::socket socket(st->acceptor.get_executor());
        co_await st->acceptor.async_accept(socket,
                                           mock_asio::redirect_error(mock_asio::use_awaitable, ec));
        if (st->stopping || ec == mock_asio::error::operation_aborted) co_return;
        if (ec) {
            // Out of file descriptors or a connection reset before it was accepted: breathe.
            mock_asio::steady_timer pause(st->acceptor.get_executor(),
                                          std::chrono::milliseconds(10));
            co_await pause.async_wait(mock_asio::redirect_error(mock_asio::use_awaitable, ec));
            continue;
        }
        socket.set_option(mock_tcp::no_delay(true), ec);
        std::size_t number;
        {
            std::lock_guard lock(st->mutex);
            number = ++st->connection_total;
        }
        mock_spawn_session(st, std::move(socket), number);
    }
}

} // namespace detail

} // namespace postpress::testing
