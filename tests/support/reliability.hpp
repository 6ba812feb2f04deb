// Helpers of the reliability tests: a timed one-page fetch, the collection of every error text
// the catalogues produce (checked for the API key at the end), a raw HTTP server that answers
// fixed bytes, and a listener whose backlog is full (connects to it stall).
#pragma once

#include "client_fixture.hpp"

#include <postpress/postpress.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace postpress::test {

using steady = std::chrono::steady_clock;

// ---- error texts ------------------------------------------------------------------------------

struct error_text_log {
    std::mutex mutex;
    std::vector<std::string> texts;
};
inline error_text_log& error_texts() {
    static error_text_log log;
    return log;
}
/// Keeps every text a failure shows (message, diagnostics, what()) for the final key check.
inline void collect_error_text(boost::system::error_code const& ec, diagnostics const& diag) {
    if (!ec) return;
    auto& log = error_texts();
    std::lock_guard lock(log.mutex);
    log.texts.push_back(error_text(ec, diag));
}

// ---- one page, timed ------------------------------------------------------------------------

struct fetch_result {
    boost::system::error_code ec;
    account_list page;
    diagnostics diag;
    std::chrono::milliseconds elapsed{0};
};

/// One page with a fresh client on a fresh io_context; the failure's texts are collected.
inline fetch_result timed_fetch(client_config const& cfg, list_params params) {
    asio::io_context io;
    client cli(io.get_executor(), cfg);
    fetch_result r;
    auto const start = steady::now();
    cli.async_list_accounts(std::move(params), r.diag,
                            [&](boost::system::error_code ec, account_list page) {
                                r.ec = ec;
                                r.page = std::move(page);
                            });
    io.run();
    r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - start);
    collect_error_text(r.ec, r.diag);
    return r;
}

/// A client_config for `base_url` with the distinctive key and short waits.
inline client_config quick_config(std::string base_url) {
    client_config cfg;
    cfg.base_url = std::move(base_url);
    cfg.api_key = secret_key;
    cfg.connect_timeout = 1s;
    cfg.request_timeout = 2s;
    cfg.retry.initial_backoff = 2ms;
    cfg.retry.max_backoff = 20ms;
    return cfg;
}

// ---- a raw HTTP server ------------------------------------------------------------------------

/// Listens on 127.0.0.1 and answers every connection, once its request head has arrived (or at
/// once with `read_request = false`), with `response` as given, then closes. On its own thread.
class raw_http_server {
public:
    explicit raw_http_server(std::string response, bool read_request = true)
        : response_(std::move(response))
        , read_request_(read_request)
        , acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
        port_ = acceptor_.local_endpoint().port();
        asio::co_spawn(io_, accept_loop(), asio::detached);
        thread_ = std::thread([this] { io_.run(); });
    }
    raw_http_server(raw_http_server const&) = delete;
    raw_http_server& operator=(raw_http_server const&) = delete;
    ~raw_http_server() {
        asio::post(io_, [this] {
            boost::system::error_code ec;
            acceptor_.close(ec);
            for (auto& weak : sockets_)
                if (auto s = weak.lock()) s->close(ec);
        });
        thread_.join();
    }

    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::size_t connections() const { return connections_; }

private:
    asio::awaitable<void> accept_loop() {
        for (;;) {
            auto socket = std::make_shared<asio::ip::tcp::socket>(io_);
            boost::system::error_code ec;
            co_await acceptor_.async_accept(*socket, asio::redirect_error(asio::use_awaitable, ec));
            if (ec) co_return;
            ++connections_;
            sockets_.push_back(socket);
            asio::co_spawn(io_, session(socket), asio::detached);
        }
    }
    asio::awaitable<void> session(std::shared_ptr<asio::ip::tcp::socket> socket) {
        boost::system::error_code ec;
        auto token = asio::redirect_error(asio::use_awaitable, ec);
        if (read_request_) {
            std::string request;
            co_await asio::async_read_until(*socket, asio::dynamic_buffer(request), "\r\n\r\n",
                                            token);
            if (ec) co_return;
        }
        co_await asio::async_write(*socket, asio::buffer(response_), token);
        socket->shutdown(asio::ip::tcp::socket::shutdown_send, ec);
        // Wait for the client to close (or the server to stop) so no reset cuts the answer.
        char scratch[512];
        while (!ec)
            co_await socket->async_read_some(asio::buffer(scratch), token);
        socket->close(ec);
    }

    std::string response_;
    bool read_request_;
    asio::io_context io_;
    asio::ip::tcp::acceptor acceptor_;
    unsigned short port_ = 0;
    std::atomic<std::size_t> connections_{0};
    std::vector<std::weak_ptr<asio::ip::tcp::socket>> sockets_;
    std::thread thread_;
};

// ---- a listener that never accepts ------------------------------------------------------------

/// A listener with a backlog of one, filled: further SYNs on loopback are dropped, so a connect
/// to it hangs until the client's own timer ends it.
class full_backlog_listener {
public:
    full_backlog_listener()
        : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
        acceptor_.listen(0);
        port_ = acceptor_.local_endpoint().port();
        for (int i = 0; i < 4; ++i) {
            auto s = std::make_unique<asio::ip::tcp::socket>(io_);
            s->async_connect({asio::ip::make_address("127.0.0.1"), port_},
                             [](boost::system::error_code) {});
            fillers_.push_back(std::move(s));
        }
        io_.run_for(200ms);
    }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    asio::io_context io_;
    asio::ip::tcp::acceptor acceptor_;
    unsigned short port_ = 0;
    std::vector<std::unique_ptr<asio::ip::tcp::socket>> fillers_;
};

} // namespace postpress::test
