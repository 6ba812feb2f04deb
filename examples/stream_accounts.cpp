// Every account of the workspace, streamed with client.accounts() in a coroutine. When the
// listing fails part-way with an error worth retrying, it continues from the cursor the error
// carries: the accounts already handled are not fetched again.
//
//   POSTPRESS_BASE_URL=https://api.postpress.ai POSTPRESS_API_KEY=... ./stream_accounts
//   ./stream_accounts          # against the bundled demo server, with an outage on page 3
#include "demo_endpoint.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdio>
#include <exception>
#include <map>
#include <string>

namespace asio = boost::asio;

struct tally {
    std::size_t accounts = 0;
    std::map<std::string, std::size_t> by_type;
};

asio::awaitable<void> list_everything(postpress::client& cli, tally& out) {
    postpress::list_params params;
    params.limit = 100;
    for (int attempt = 1;; ++attempt) {
        // prefetch: page k+1 is on its way while page k is handed out.
        auto items = cli.accounts(params, {.prefetch = true});
        try {
            while (auto account = co_await items.async_resume(asio::use_awaitable)) {
                ++out.accounts;
                ++out.by_type[account->type_name];
            }
            co_return;
        } catch (postpress::error const& e) {
            if (!postpress::is_retryable(e.code()) || attempt == 3) throw;
            std::printf("listing interrupted after %zu accounts (%s); continuing from its cursor\n",
                        out.accounts, e.what());
            params.cursor = e.resume_cursor();
        }
    }
}

int main() {
    examples::demo_endpoint endpoint;
    endpoint.outage_after(2);

    asio::io_context io;
    postpress::client cli(io.get_executor(), endpoint.config);
    tally result;
    std::exception_ptr failure;
    asio::co_spawn(io, list_everything(cli, result), [&](std::exception_ptr e) { failure = e; });
    io.run();

    if (failure) {
        try {
            std::rethrow_exception(failure);
        } catch (postpress::error const& e) {
            std::fprintf(stderr, "listing failed: %s\n", e.what());
            return 1;
        }
    }
    for (auto const& [type, count] : result.by_type)
        std::printf("%-16s %zu\n", type.c_str(), count);
    std::printf("%zu accounts\n", result.accounts);
    return 0;
}
