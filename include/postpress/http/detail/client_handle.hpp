// What the public classes may do with a client's shared state without seeing its definition
// (http/detail/client_state.hpp, which brings in Beast): create it and read it.
#pragma once

#include <postpress/config.hpp>
#include <postpress/http/client_config.hpp>

#include <cstddef>
#include <memory>

namespace boost::asio::ssl {
class context;
}

namespace postpress::http::detail {

struct client_state;

/// `tls` (may be null: the system trust store) must outlive the state.
POSTPRESS_DECL std::shared_ptr<client_state> make_client_state(client_config config,
                                                               boost::asio::ssl::context* tls);
POSTPRESS_DECL client_config const& config_of(client_state const& st) noexcept;
POSTPRESS_DECL std::size_t idle_connection_count(client_state const& st);

} // namespace postpress::http::detail

#ifdef POSTPRESS_HEADER_ONLY
#include <postpress/http/impl/client_handle.ipp>
#endif
