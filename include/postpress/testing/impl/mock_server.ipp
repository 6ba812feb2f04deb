// Definitions for testing/mock_server.hpp.
#pragma once

#include <postpress/testing/detail/mock_session.hpp>
#include <postpress/testing/mock_server.hpp>

#include <boost/url/parse.hpp>

namespace postpress::testing {

POSTPRESS_DECL std::optional<std::string> recorded_request::header(std::string_view name) const {
    auto const it = headers.find(detail::mock_lower(name));
    if (it == headers.end()) return std::nullopt;
    return it->second;
}

POSTPRESS_DECL std::optional<std::string> recorded_request::query(std::string_view key) const {
    auto const url = boost::urls::parse_uri_reference(target);
    if (!url) return std::nullopt;
    for (auto const& p : url->params(boost::urls::encoding_opts(true)))
        if (p.key == key) return p.has_value ? std::string(p.value) : std::string();
    return std::nullopt;
}

POSTPRESS_DECL mock_server::mock_server(mock_server_options options)
    : state_(std::make_shared<detail::mock_state>(ioc_, std::move(options))) {
    namespace asio = boost::asio;
    auto& acceptor = state_->acceptor;
    detail::mock_tcp::endpoint const endpoint(asio::ip::make_address(state_->opts.address),
                                              state_->opts.port);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
    port_ = acceptor.local_endpoint().port();
    asio::co_spawn(ioc_, detail::mock_accept_loop(state_), [](std::exception_ptr) {});
    auto done = std::make_shared<std::promise<void>>();
    done_ = done->get_future();
    thread_ = std::thread([this, done] {
        for (;;) {
            try {
                ioc_.run();
                break;
            } catch (...) {
                // A handler threw: keep serving the other connections.
            }
        }
        done->set_value();
    });
}

POSTPRESS_DECL mock_server::~mock_server() {
    stop();
}

POSTPRESS_DECL std::string mock_server::base_url() const {
    std::string host = state_->opts.address;
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    return std::string(state_->opts.tls ? "https://" : "http://") + host + ":" +
           std::to_string(port_) + state_->prefix;
}

POSTPRESS_DECL std::string const& mock_server::accounts_path() const {
    return state_->accounts_path;
}

POSTPRESS_DECL std::vector<account> const& mock_server::accounts() const {
    return state_->accounts;
}

POSTPRESS_DECL mock_server_options const& mock_server::options() const {
    return state_->opts;
}

POSTPRESS_DECL std::string mock_server::cursor_for(std::size_t offset) const {
    return detail::make_mock_cursor(offset, state_->opts.seed);
}

POSTPRESS_DECL void mock_server::inject(fault f, std::size_t count) {
    if (count == 0) return;
    std::lock_guard lock(state_->mutex);
    state_->faults.emplace_back(std::move(f), count);
}

POSTPRESS_DECL void mock_server::clear_faults() {
    std::lock_guard lock(state_->mutex);
    state_->faults.clear();
}

POSTPRESS_DECL std::size_t mock_server::pending_faults() const {
    std::lock_guard lock(state_->mutex);
    std::size_t n = 0;
    for (auto const& q : state_->faults)
        n += q.second;
    return n;
}

POSTPRESS_DECL std::vector<recorded_request> mock_server::requests() const {
    std::lock_guard lock(state_->mutex);
    return state_->recorded;
}

POSTPRESS_DECL void mock_server::clear_requests() {
    std::lock_guard lock(state_->mutex);
    state_->recorded.clear();
}

POSTPRESS_DECL std::size_t mock_server::request_count() const {
    std::lock_guard lock(state_->mutex);
    return state_->request_total;
}

POSTPRESS_DECL std::size_t mock_server::connection_count() const {
    std::lock_guard lock(state_->mutex);
    return state_->connection_total;
}

POSTPRESS_DECL bool mock_server::wait_for_requests(std::size_t n,
                                                   std::chrono::milliseconds timeout) const {
    std::unique_lock lock(state_->mutex);
    return state_->changed.wait_for(lock, timeout, [&] { return state_->request_total >= n; });
}

POSTPRESS_DECL void mock_server::stop() {
    std::lock_guard lock(stop_mutex_);
    if (!thread_.joinable()) return;
    boost::asio::post(ioc_, [st = state_] { st->shutdown(); });
    // Every session ends once its socket is closed; should one not, stop the loop anyway
    // (the io_context's destructor then frees what is left).
    if (done_.wait_for(std::chrono::seconds(3)) != std::future_status::ready) ioc_.stop();
    thread_.join();
}

POSTPRESS_DECL unsigned short mock_server::port() const {
    return port_;
}

} // namespace postpress::testing
