// Shared pieces of the client tests: a mock server, a client config for it, and a way to run an
// io_context until a future is ready.
#pragma once

#include <postpress/postpress.hpp>
#include <postpress/testing/mock_server.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace postpress::test {

namespace asio = boost::asio;
using namespace std::chrono_literals;

/// A key distinctive enough that finding it in any text is a leak.
inline constexpr char const* secret_key = "sk_test_7hX9QzSECRETkeyDoNotLeak";

inline testing::mock_server_options mock_options(std::size_t accounts = 60) {
    testing::mock_server_options o;
    o.api_key = secret_key;
    o.account_count = accounts;
    o.seed = 7;
    return o;
}

/// The accounts a mock server with these options serves, as a client must see them.
inline std::vector<account> served_accounts(testing::mock_server_options const& o) {
    return testing::make_sample_accounts(o.account_count, o.seed);
}

inline client_config config_for(testing::mock_server const& server) {
    client_config cfg;
    cfg.base_url = server.base_url();
    cfg.api_key = secret_key;
    cfg.connect_timeout = 2s;
    cfg.request_timeout = 3s;
    cfg.retry.initial_backoff = 5ms;
    cfg.retry.max_backoff = 50ms;
    return cfg;
}

inline list_params page_of(int limit, std::optional<std::string> cursor = std::nullopt) {
    list_params p;
    p.limit = limit;
    p.cursor = std::move(cursor);
    return p;
}

/// Every text a failure can show: the code's message, the diagnostics, the exception's what().
inline std::string error_text(boost::system::error_code const& ec, diagnostics const& diag) {
    return ec.message() + " | " + diag.to_string() + " | " + diag.type + diag.title + diag.detail +
           diag.instance + diag.path + " | " + error(ec, diag).what();
}
inline bool leaks_key(boost::system::error_code const& ec, diagnostics const& diag) {
    return error_text(ec, diag).find(secret_key) != std::string::npos;
}

} // namespace postpress::test
