// The asynchronous client: one page with any completion token; all pages as async generators
// (see pagination/page_stream.hpp and pagination/account_stream.hpp).
//
//   postpress::client cli(io.get_executor(), cfg);
//   cli.async_list_accounts({.limit = 100}, [](boost::system::error_code ec,
//                                              postpress::account_list page) { ... });
//   auto page = co_await cli.async_list_accounts({.limit = 100}, asio::use_awaitable);
#pragma once

#include <postpress/diagnostics.hpp>
#include <postpress/http/client_config.hpp>
#include <postpress/http/detail/client_handle.hpp>
#include <postpress/http/detail/fetch_page.hpp>
#include <postpress/http/detail/spawn_completion.hpp>
#include <postpress/http/list_params.hpp>
#include <postpress/model/account_list.hpp>
#include <postpress/pagination/account_stream.hpp>
#include <postpress/pagination/for_each_account.hpp>
#include <postpress/pagination/page_stream.hpp>
#include <postpress/pagination/stream_options.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <tuple>
#include <utility>

namespace postpress {

template <class Executor = boost::asio::any_io_executor>
class basic_client {
public:
    using executor_type = Executor;
    using completion_signature = void(boost::system::error_code, account_list);

    /// HTTPS uses the system trust store and verifies the peer and its host name.
    basic_client(executor_type ex, client_config config)
        : ex_(std::move(ex))
        , state_(http::detail::make_client_state(std::move(config), nullptr)) {}

    /// HTTPS uses `tls` (which must outlive the client's operations) for trust anchors and client
    /// certificates; peer and host-name verification stay on.
    basic_client(executor_type ex, client_config config, boost::asio::ssl::context& tls)
        : ex_(std::move(ex))
        , state_(http::detail::make_client_state(std::move(config), &tls)) {}

    executor_type get_executor() const noexcept { return ex_; }
    client_config const& config() const noexcept { return http::detail::config_of(*state_); }

    /// Lists one page. Completes with (error_code, account_list); on failure the list is empty.
    template <class CompletionToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_list_accounts(
        list_params params,
        CompletionToken&& token = boost::asio::default_completion_token_t<executor_type>{}) {
        return initiate(std::move(params), nullptr, std::forward<CompletionToken>(token));
    }

    /// As above, and fills `diag` (which must outlive the operation) on failure: the envelope's
    /// type, title, detail and instance, the HTTP status, or the decoder's JSON path.
    template <class CompletionToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_list_accounts(
        list_params params, diagnostics& diag,
        CompletionToken&& token = boost::asio::default_completion_token_t<executor_type>{}) {
        return initiate(std::move(params), &diag, std::forward<CompletionToken>(token));
    }

    /// Every page from `params.cursor` on, as an async generator (see page_stream.hpp).
    page_stream pages(list_params params, stream_options options = {}) const {
        return page_stream(state_, ex_, std::move(params), options);
    }

    /// Every account from `params.cursor` on, across pages (see account_stream.hpp).
    account_stream accounts(list_params params, stream_options options = {}) const {
        return account_stream(state_, ex_, std::move(params), options);
    }

    /// The whole listing with a callback per account, for code without coroutines. Completes
    /// with (error_code, listing_summary); `on_account(account const&)` runs on the client's
    /// executor.
    template <class OnAccount,
              class CompletionToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_for_each_account(
        list_params params, OnAccount on_account,
        CompletionToken&& token = boost::asio::default_completion_token_t<executor_type>{}) {
        return for_each_initiate(std::move(params), std::move(on_account), nullptr,
                                 std::forward<CompletionToken>(token));
    }
    /// As above, filling `diag` (which must outlive the operation) on failure.
    template <class OnAccount,
              class CompletionToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_for_each_account(
        list_params params, OnAccount on_account, diagnostics& diag,
        CompletionToken&& token = boost::asio::default_completion_token_t<executor_type>{}) {
        return for_each_initiate(std::move(params), std::move(on_account), &diag,
                                 std::forward<CompletionToken>(token));
    }

    /// The page coroutine itself, for composing inside other coroutines of the library.
    boost::asio::awaitable<boost::system::error_code>
    co_fetch_page(list_params params, account_list& page, diagnostics& diag) const {
        return http::detail::fetch_page(state_, std::move(params), page, diag);
    }

    /// Idle keep-alive connections held now (for tests and monitoring).
    std::size_t idle_connections() const { return http::detail::idle_connection_count(*state_); }

private:
    template <class OnAccount, class CompletionToken>
    auto for_each_initiate(list_params params, OnAccount on_account, diagnostics* diag,
                           CompletionToken&& token) {
        return boost::asio::async_initiate<CompletionToken,
                                           void(boost::system::error_code, listing_summary)>(
            [this](auto handler, list_params p, OnAccount f, diagnostics* d) {
                using handler_t = std::decay_t<decltype(handler)>;
                boost::asio::co_spawn(
                    ex_,
                    pagination::detail::for_each_account(state_, std::move(p), std::move(f), d),
                    http::detail::spawn_completion<handler_t, executor_type>{std::move(handler),
                                                                             ex_});
            },
            token, std::move(params), std::move(on_account), diag);
    }

    template <class CompletionToken>
    auto initiate(list_params params, diagnostics* diag, CompletionToken&& token) {
        return boost::asio::async_initiate<CompletionToken, completion_signature>(
            [this](auto handler, list_params p, diagnostics* d) {
                using handler_t = std::decay_t<decltype(handler)>;
                boost::asio::co_spawn(ex_, http::detail::fetch_one_page(state_, std::move(p), d),
                                      http::detail::spawn_completion<handler_t, executor_type>{
                                          std::move(handler), ex_});
            },
            token, std::move(params), diag);
    }

    executor_type ex_;
    std::shared_ptr<http::detail::client_state> state_;
};

using client = basic_client<>;

} // namespace postpress
