// Definitions for http/detail/client_handle.hpp.
#pragma once

#include <postpress/http/detail/client_handle.hpp>
#include <postpress/http/detail/client_state.hpp>

namespace postpress::http::detail {

POSTPRESS_DECL std::shared_ptr<client_state> make_client_state(client_config config,
                                                               boost::asio::ssl::context* tls) {
    return std::make_shared<client_state>(std::move(config), tls);
}

POSTPRESS_DECL client_config const& config_of(client_state const& st) noexcept {
    return st.config;
}

POSTPRESS_DECL std::size_t idle_connection_count(client_state const& st) {
    return st.pool.idle_count();
}

} // namespace postpress::http::detail
