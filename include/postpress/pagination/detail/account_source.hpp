// The state behind client.accounts(): the page being handed out account by account, over a
// page_source. Defined in pagination/impl/account_source.ipp.
#pragma once

#include <postpress/config.hpp>
#include <postpress/model/account.hpp>
#include <postpress/pagination/detail/page_source.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <memory>
#include <optional>

namespace postpress::pagination::detail {

struct account_source;

POSTPRESS_DECL std::shared_ptr<account_source>
make_account_source(std::shared_ptr<http::detail::client_state> client,
                    boost::asio::any_io_executor ex, list_params params, stream_options options);

/// Whether the page in hand has an account left (no I/O).
POSTPRESS_DECL bool has_ready(account_source const& s) noexcept;
/// The next account of the page in hand, if it has one left (no I/O).
POSTPRESS_DECL std::optional<account> take_ready(account_source& s);
/// The next account of the page in hand, for the caller to move from; has_ready(s) must hold.
/// A coroutine returning it moves it once, straight into its result.
POSTPRESS_DECL account& next_ready(account_source& s) noexcept;

/// Fetches pages until one with an account arrives (true) or the listing ends (false); throws
/// postpress::error. Runs on the strand.
POSTPRESS_DECL boost::asio::awaitable<bool> load_page(std::shared_ptr<account_source> s);

POSTPRESS_DECL boost::asio::any_io_executor const& strand_of(account_source const& s) noexcept;
POSTPRESS_DECL std::size_t pages_delivered(account_source const& s) noexcept;
POSTPRESS_DECL void abandon(account_source& s);

} // namespace postpress::pagination::detail

#ifdef POSTPRESS_HEADER_ONLY
#include <postpress/pagination/impl/account_source.ipp>
#endif
