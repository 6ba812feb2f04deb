// The blocking client for scripts and tools: owns its io_context, throws postpress::error.
#pragma once

#include <postpress/error.hpp>
#include <postpress/http/basic_client.hpp>

#include <boost/asio/io_context.hpp>

#include <optional>
#include <string>
#include <unordered_set>
#include <utility>

namespace postpress {

class sync_client {
public:
    explicit sync_client(client_config config)
        : client_(io_.get_executor(), std::move(config)) {}
    sync_client(client_config config, boost::asio::ssl::context& tls)
        : client_(io_.get_executor(), std::move(config), tls) {}

    /// One page; throws postpress::error with the diagnostics.
    account_list list_accounts(list_params const& params) {
        diagnostics diag;
        boost::system::error_code ec;
        auto page = list_accounts(params, ec, diag);
        throw_on_error(ec, diag);
        return page;
    }

    /// One page; does not throw.
    account_list list_accounts(list_params const& params, boost::system::error_code& ec,
                               diagnostics& diag) {
        account_list out;
        client_.async_list_accounts(params, diag,
                                    [&](boost::system::error_code e, account_list page) {
                                        ec = e;
                                        out = std::move(page);
                                    });
        io_.restart();
        io_.run();
        return out;
    }

    /// Calls `f(account const&)` for every account of every page from `params.cursor` on.
    /// Throws postpress::error on failure; its resume_cursor() is where to continue from
    /// (none for errc::cursor_loop: there is nowhere to continue to).
    /// Returns the number of pages listed.
    template <class F>
    std::size_t for_each_account(list_params params, F&& f) {
        std::size_t pages = 0;
        // Every cursor seen: a server may cycle through several, not only repeat the last one.
        std::unordered_set<std::string> seen;
        if (params.cursor) seen.insert(*params.cursor);
        for (;;) {
            diagnostics diag;
            boost::system::error_code ec;
            auto page = list_accounts(params, ec, diag);
            if (ec) throw error(ec, diag, params.cursor);
            ++pages;
            for (auto const& a : page.items)
                f(a);
            if (!page.cursor) return pages;
            if (!seen.insert(*page.cursor).second) {
                diag.clear(); // it still holds the successful response's status
                diag.detail = "the server returned a cursor it had already returned";
                throw error(errc::cursor_loop, diag);
            }
            params.cursor = std::move(page.cursor);
        }
    }

    basic_client<boost::asio::io_context::executor_type>& async() noexcept { return client_; }

private:
    boost::asio::io_context io_;
    basic_client<boost::asio::io_context::executor_type> client_;
};

} // namespace postpress
