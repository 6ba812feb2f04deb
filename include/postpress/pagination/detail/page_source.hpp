// One listing in progress: the next request, the cursors already followed, and with prefetch
// the producer running one page ahead. The streams hold it by shared_ptr and reach it only
// through these functions; it is defined in pagination/impl/page_source.ipp.
#pragma once

#include <postpress/config.hpp>
#include <postpress/http/detail/client_handle.hpp>
#include <postpress/http/list_params.hpp>
#include <postpress/model/account_list.hpp>
#include <postpress/pagination/stream_options.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

namespace postpress::pagination::detail {

struct page_source;

POSTPRESS_DECL std::shared_ptr<page_source>
make_page_source(std::shared_ptr<http::detail::client_state> client,
                 boost::asio::any_io_executor ex, list_params params, stream_options options);

/// The consumer's step: the next page, nullopt at the end; throws postpress::error.
POSTPRESS_DECL boost::asio::awaitable<std::optional<account_list>>
next_page(std::shared_ptr<page_source> s);

/// Hands back a spent page (its accounts moved out) for the next fetch to decode into: its
/// vector, some 650 bytes an account, is then allocated once a listing instead of once a page
/// (a block that large, allocated or freed, makes glibc's malloc consolidate its free lists).
POSTPRESS_DECL void recycle(page_source& s, account_list&& spent) noexcept;

/// Stops the producer (if any); called when the consumer's stream is destroyed.
POSTPRESS_DECL void abandon(std::shared_ptr<page_source> s);

/// The strand every step of the listing runs on.
POSTPRESS_DECL boost::asio::any_io_executor const& strand_of(page_source const& s) noexcept;
/// Pages handed to the consumer so far (with prefetch, one more may be waiting).
POSTPRESS_DECL std::size_t pages_delivered(page_source const& s) noexcept;
/// Where a later listing continues: the cursor after the last page handed out (with prefetch,
/// not the page already fetched ahead).
POSTPRESS_DECL std::optional<std::string> const& next_cursor(page_source const& s) noexcept;

} // namespace postpress::pagination::detail

#ifdef POSTPRESS_HEADER_ONLY
#include <postpress/pagination/impl/page_source.ipp>
#endif
