// client.async_for_each_account(params, on_account, token): the whole listing for code that does
// not use coroutines. `on_account(account const&)` runs on the client's executor for every
// account, page by page; the operation completes once with (error_code, listing_summary).
#pragma once

#include <postpress/diagnostics.hpp>
#include <postpress/errc.hpp>
#include <postpress/http/detail/client_handle.hpp>
#include <postpress/http/detail/fetch_page.hpp>
#include <postpress/http/list_params.hpp>
#include <postpress/model/account_list.hpp>

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_set>

namespace postpress {

/// How far a listing got.
struct listing_summary {
    std::size_t pages = 0;
    std::size_t accounts = 0;
    /// On failure: the cursor of the first page not delivered (pass it to continue); nullopt
    /// when the listing failed on its first page without a starting cursor, or looped.
    std::optional<std::string> resume_cursor;
};

namespace pagination::detail {

template <class OnAccount>
boost::asio::awaitable<std::tuple<boost::system::error_code, listing_summary>>
for_each_account(std::shared_ptr<http::detail::client_state> st, list_params params,
                 OnAccount on_account, diagnostics* diag_out) {
    listing_summary sum;
    diagnostics own;
    diagnostics& diag = diag_out ? *diag_out : own;
    std::unordered_set<std::string> seen;
    if (params.cursor) seen.insert(*params.cursor);
    account_list page; // reused: its strings and vectors keep their capacity page after page
    for (;;) {
        auto ec = co_await http::detail::fetch_page(st, params, page, diag);
        if (ec) {
            sum.resume_cursor = params.cursor;
            co_return std::tuple{ec, std::move(sum)};
        }
        ++sum.pages;
        for (auto const& a : page.items)
            on_account(a);
        sum.accounts += page.items.size();
        if (!page.cursor) co_return std::tuple{boost::system::error_code{}, std::move(sum)};
        if (!seen.insert(*page.cursor).second) {
            diag.clear();
            diag.detail = "the server returned a cursor it had already returned";
            co_return std::tuple{boost::system::error_code(errc::cursor_loop), std::move(sum)};
        }
        params.cursor = page.cursor;
    }
}

} // namespace pagination::detail
} // namespace postpress
