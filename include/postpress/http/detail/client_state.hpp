// What the operations of one client share: configuration, endpoint, TLS context, idle
// connections. Operations hold it by shared_ptr, so it outlives the last of them.
#pragma once

#include <postpress/diagnostics.hpp>
#include <postpress/http/client_config.hpp>
#include <postpress/http/detail/connection.hpp>
#include <postpress/http/detail/endpoint.hpp>

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <mutex>
#include <optional>
#include <random>

namespace postpress::http::detail {

struct client_state {
    client_state(client_config cfg, boost::asio::ssl::context* user_tls)
        : config(std::move(cfg))
        , pool(config.max_idle_connections)
        , tls_context(user_tls) {
        config.decoding.max_bytes = config.max_body_bytes;
        endpoint =
            parse_base_url(config.base_url, config.allow_insecure_http, config_error, config_diag);
        if (endpoint) check_api_key(config.api_key, config_error, config_diag);
        if (endpoint && endpoint->tls && !tls_context) {
            // The system trust store; peer and host-name verification are set per connection.
            owned_tls.emplace(boost::asio::ssl::context::tls_client);
            owned_tls->set_default_verify_paths();
            tls_context = &*owned_tls;
        }
    }

    std::chrono::milliseconds next_backoff(int attempt) {
        std::lock_guard lock(rng_mutex);
        return config.retry.backoff(attempt, rng);
    }

    client_config config;
    std::optional<detail::endpoint> endpoint;
    boost::system::error_code config_error; // set when base_url or api_key is refused
    diagnostics config_diag;
    connection_pool pool;
    std::optional<boost::asio::ssl::context> owned_tls;
    boost::asio::ssl::context* tls_context = nullptr;
    std::mutex rng_mutex;
    std::minstd_rand rng{std::random_device{}()};
};

} // namespace postpress::http::detail
