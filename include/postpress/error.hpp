// The exception thrown by the throwing APIs, and which errors a retry can help.
#pragma once

#include <postpress/diagnostics.hpp>
#include <postpress/errc.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/system/system_error.hpp>

#include <optional>
#include <string>
#include <utility>

namespace postpress {

/// Thrown by the throwing overloads and by the generators. Carries the diagnostics and, for a
/// listing that failed part-way, the cursor from which it can be resumed.
class error : public boost::system::system_error {
public:
    explicit error(boost::system::error_code ec, diagnostics diag = {},
                   std::optional<std::string> resume_cursor = std::nullopt)
        : system_error(ec)
        , diag_(std::move(diag))
        , resume_cursor_(std::move(resume_cursor))
        , what_(ec.message()) {
        if (!diag_.empty()) what_ += ": " + diag_.to_string();
    }

    /// "<error message>: <diagnostics>", e.g. "The provided credentials are invalid: HTTP 401
    /// errors/invalid_credentials: Invalid credentials [instance req_7]".
    char const* what() const noexcept override { return what_.c_str(); }

    diagnostics const& diag() const noexcept { return diag_; }

    /// The cursor of the first page not delivered, when pages were already delivered before the
    /// failure; pass it as `list_params::cursor` to continue.
    std::optional<std::string> const& resume_cursor() const noexcept { return resume_cursor_; }

private:
    diagnostics diag_;
    std::optional<std::string> resume_cursor_;
    std::string what_;
};

/// Throws `postpress::error` when `ec` is set.
inline void throw_on_error(boost::system::error_code const& ec, diagnostics const& diag = {}) {
    if (ec) throw error(ec, diag);
}

/// Whether retrying the same request may succeed: network faults (refused, reset, aborted by
/// the peer, timed out, truncated streams), 500 `provider_error`, 503 and 504 types. An HTTP
/// 429 is retryable too; pass the diagnostics to let the status count.
inline bool is_retryable(boost::system::error_code const& ec) noexcept {
    namespace se = boost::system::errc;
    if (!ec) return false;
    if (ec.category() == postpress_category()) {
        switch (static_cast<errc>(ec.value())) {
        case errc::provider_error:
        case errc::no_client_session:
        case errc::no_channel:
        case errc::no_handler:
        case errc::network_down:
        case errc::service_unavailable:
        case errc::request_timeout:
            return true;
        default:
            return false;
        }
    }
    // Transport faults: the peer refused, reset or closed the connection before a whole answer
    // arrived, or a timer of ours expired.
    if (ec == se::connection_refused || ec == se::connection_reset ||
        ec == se::connection_aborted || ec == se::timed_out || ec == se::broken_pipe ||
        ec == se::network_unreachable || ec == se::network_down || ec == se::host_unreachable ||
        ec == se::not_connected)
        return true;
    return ec == boost::asio::error::eof || ec == boost::asio::error::host_not_found_try_again ||
           ec == boost::asio::ssl::error::stream_truncated ||
           ec == boost::beast::http::error::end_of_stream ||
           ec == boost::beast::http::error::partial_message || ec == boost::beast::error::timeout;
}

/// As above, and also true for an HTTP 429 (too many requests), 503 and 504 whatever the
/// envelope said.
inline bool is_retryable(boost::system::error_code const& ec, diagnostics const& diag) noexcept {
    if (!ec) return false;
    if (diag.http_status == 429 || diag.http_status == 503 || diag.http_status == 504) return true;
    return is_retryable(ec);
}

} // namespace postpress
