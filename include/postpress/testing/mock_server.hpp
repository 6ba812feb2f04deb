// An in-process mock of the postpress accounts API for tests, demos and benchmarks.
//
// `mock_server` binds 127.0.0.1 on a free port and serves `GET {prefix}/v1/accounts` from one
// io_context on its own thread, over HTTP/1.1 (keep-alive, optionally chunked) or HTTPS with a
// caller-supplied context. It follows the spec's rules (X-API-KEY, limit 1..250, opaque base64
// cursors with `+ / =`, the error envelope) and can be told to misbehave, request by request:
// error envelopes, arbitrary statuses, latency, stalls, dropped or dripped bodies, truncated JSON
// and cursor loops. Every request is recorded as received, API key included.
//
//     postpress::testing::mock_server srv({.account_count = 250});
//     srv.inject({.kind = fault_kind::error_envelope, .error = errc::provider_error});
//     client_config cfg{.base_url = srv.base_url(), .api_key = "test-key"};
#pragma once
#include <postpress/config.hpp>
#include <postpress/errc.hpp>
#include <postpress/model/account.hpp>
#include <postpress/testing/sample_accounts.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace boost::asio::ssl {
class context;
}

namespace postpress::testing {

/// What the server does to a request instead of (or on top of) answering it normally.
enum class fault_kind {
    none,
    /// Answer the spec's envelope for `error`: status `spec_http_status(error)` unless `status` is
    /// set; `detail` is `body` when set, else the spec's description of the error type.
    error_envelope,
    /// Answer `status` (500 when 0) with `body` and `content_type` as given: a 429 without
    /// envelope, a 502 HTML page, a 302 with a Location in `headers`...
    http_status,
    /// Answer normally, `delay` later.
    latency,
    /// Read the request and never answer, until the client closes or the server stops.
    stall_before_headers,
    /// Send the header and about half of the body, then stall (as above).
    stall_mid_body,
    /// Send the header and about half of the body, then close the connection (a TCP reset when
    /// `reset`).
    drop_mid_body,
    /// Answer normally with `Connection: close`, then close. With `announce_close = false` the
    /// answer says nothing and the connection is closed anyway, as a server dropping an idle
    /// keep-alive connection does.
    close_after_response,
    /// A 200 whose JSON body is cut in half (Content-Length is that of the cut body).
    malformed_body,
    /// The requested page, but its `cursor` is the request's cursor (the first request's page
    /// gets the cursor of offset 0), so the listing never ends.
    repeat_cursor,
    /// The normal answer, written one byte every `delay`.
    slow_drip,
};

struct fault {
    fault_kind kind = fault_kind::none;
    postpress::errc error = postpress::errc::unexpected_error;
    int status = 0;
    std::string body{};
    std::string content_type = "text/html";
    std::chrono::milliseconds delay{0};
    std::optional<std::string> retry_after{}; ///< a Retry-After header to add to the answer
    bool reset = false;                       ///< drop_mid_body: reset instead of closing
    std::vector<std::pair<std::string, std::string>> headers{}; ///< more headers to add
    bool announce_close = true; ///< close_after_response: say `Connection: close`
};

/// A request as the server received it.
struct recorded_request {
    std::string method{};
    std::string target{}; ///< as sent ("/v1/accounts?limit=5")
    /// Lower-case names; a repeated header's values are joined by ", ".
    std::map<std::string, std::string> headers{};
    unsigned version = 11;      ///< 11 for HTTP/1.1, 10 for HTTP/1.0
    std::size_t connection = 0; ///< which accepted connection (1-based)

    /// The value of a header (any case), or nullopt.
    POSTPRESS_DECL std::optional<std::string> header(std::string_view name) const;
    /// The path of the target, still percent-encoded.
    std::string path() const { return target.substr(0, target.find('?')); }
    /// The first value of a query parameter, percent-decoded as the server decodes it (`+` is a
    /// space); nullopt when absent, "" when present without a value.
    POSTPRESS_DECL std::optional<std::string> query(std::string_view key) const;
};

struct mock_server_options {
    std::string api_key = "test-key";
    /// "" serves /v1/accounts; "/api" serves /api/v1/accounts.
    std::string path_prefix{};
    /// The workspace: make_sample_accounts(account_count, seed).
    std::size_t account_count = 1000;
    std::uint64_t seed = 1;
    std::optional<std::vector<postpress::account>> accounts{}; ///< overrides the generated ones
    boost::asio::ssl::context* tls = nullptr; ///< serve HTTPS with this context (kept alive by
                                              ///< the caller while the server runs)
    bool chunked = false;                     ///< send bodies with chunked transfer encoding
    std::size_t keep_alive_max = 0; ///< close a connection after this many requests (0 = never)
    std::size_t max_pages_cached = 4096; ///< page bodies kept, by (offset, limit); 0 = none
    bool record_requests = true;         ///< false keeps memory flat in long benchmarks
    std::string address = "127.0.0.1";   ///< the address to bind
    unsigned short port = 0;             ///< 0 picks a free port
};

namespace detail {
class mock_state;
}

/// The mock server; see the top of this file. Not copyable, not movable.
class mock_server {
public:
    /// Binds `options.address:options.port` (127.0.0.1 and a free port by default) and starts
    /// serving on its own io thread. Throws boost::system::system_error when it cannot bind.
    POSTPRESS_DECL explicit mock_server(mock_server_options options = {});

    mock_server(mock_server const&) = delete;
    mock_server& operator=(mock_server const&) = delete;

    /// Stops and joins; never hangs.
    POSTPRESS_DECL ~mock_server();

    /// What a client's base_url should be: "http://127.0.0.1:41234/api" (https with `tls`).
    POSTPRESS_DECL std::string base_url() const;
    POSTPRESS_DECL unsigned short port() const;
    /// The served path: "{path_prefix}/v1/accounts".
    POSTPRESS_DECL std::string const& accounts_path() const;
    /// The workspace, in listing order.
    POSTPRESS_DECL std::vector<account> const& accounts() const;
    POSTPRESS_DECL mock_server_options const& options() const;
    /// The cursor this server hands out for the page starting at `offset` (to resume from, or
    /// to compare with what a client reports).
    POSTPRESS_DECL std::string cursor_for(std::size_t offset) const;

    /// Applies `f` to the next `count` requests to the accounts endpoint, after the faults
    /// already queued (FIFO). Requests to other paths neither see nor consume faults; a
    /// `fault_kind::none` entry lets its requests through untouched (to fault, say, the third).
    POSTPRESS_DECL void inject(fault f, std::size_t count = 1);
    POSTPRESS_DECL void clear_faults();
    /// How many requests the queued faults still cover.
    POSTPRESS_DECL std::size_t pending_faults() const;

    /// Every request received so far (any path), in arrival order.
    POSTPRESS_DECL std::vector<recorded_request> requests() const;
    POSTPRESS_DECL void clear_requests();
    /// Requests received so far (any path; not reset by clear_requests).
    POSTPRESS_DECL std::size_t request_count() const;
    /// TCP connections accepted so far.
    POSTPRESS_DECL std::size_t connection_count() const;
    /// Waits until request_count() >= n; false on timeout.
    POSTPRESS_DECL bool wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) const;

    /// Closes the listener and every connection (ending stalls and delays), then joins the io
    /// thread. Idempotent; called by the destructor. Must not be called from the io thread.
    POSTPRESS_DECL void stop();

private:
    boost::asio::io_context ioc_{1};
    std::shared_ptr<detail::mock_state> state_;
    unsigned short port_ = 0;
    std::mutex stop_mutex_;
    std::future<void> done_;
    std::thread thread_;
};

} // namespace postpress::testing

#ifdef POSTPRESS_HEADER_ONLY
#include <postpress/testing/impl/mock_server.ipp>
#endif
