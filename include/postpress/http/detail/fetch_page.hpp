// The page coroutine: one page, end to end (connect or reuse, send, stream the body into the
// decoder, map errors, retry). Declared here; defined in http/impl/fetch_page.ipp, which this
// header includes unless the library is compiled separately (see postpress/config.hpp).
#pragma once

#include <postpress/config.hpp>
#include <postpress/diagnostics.hpp>
#include <postpress/http/detail/client_handle.hpp>
#include <postpress/http/list_params.hpp>
#include <postpress/model/account_list.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>

#include <memory>
#include <tuple>

namespace postpress::http::detail {

/// Fetches one page into `page` with the client's retry policy; fills `diag` on failure.
POSTPRESS_DECL boost::asio::awaitable<boost::system::error_code>
fetch_page(std::shared_ptr<client_state> st, list_params params, account_list& page,
           diagnostics& diag);

/// The same for async_list_accounts: the page is returned, and empty on failure; `diag` may be
/// null.
POSTPRESS_DECL boost::asio::awaitable<std::tuple<boost::system::error_code, account_list>>
fetch_one_page(std::shared_ptr<client_state> st, list_params params, diagnostics* diag);

} // namespace postpress::http::detail

#ifdef POSTPRESS_HEADER_ONLY
#include <postpress/http/impl/fetch_page.ipp>
#endif
