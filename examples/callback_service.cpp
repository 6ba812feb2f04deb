// An asynchronous service that does not use coroutines: a thread pool runs several listings at
// once, each client on a strand of its own, with plain callbacks. Each listing counts the
// accounts whose sources need attention (credentials or permissions to fix); one request with a
// bad parameter shows how a failure is reported, with its diagnostics.
#include "demo_endpoint.hpp"

#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include <cstdio>
#include <memory>
#include <mutex>

namespace asio = boost::asio;

// One listing: the client and what it has counted, kept alive by the callbacks that use them.
struct audit {
    audit(asio::any_io_executor strand, postpress::client_config const& config, int page_size)
        : client(strand, config)
        , page_size(page_size) {}

    postpress::client client;
    int page_size;
    std::size_t needing_attention = 0;
    postpress::diagnostics diag; // filled if the listing fails
};

bool needs_attention(postpress::account const& account) {
    for (auto const& source : account.sources)
        if (source.status == postpress::source_status::credentials ||
            source.status == postpress::source_status::permissions)
            return true;
    return false;
}

int main() {
    examples::demo_endpoint endpoint;
    asio::thread_pool pool(2);
    std::mutex print_mutex;
    bool all_listed = true;

    // Three listings with different page sizes run at once; each callback runs on its strand,
    // so an audit's counters need no lock.
    for (int page_size : {50, 100, 250}) {
        auto job = std::make_shared<audit>(asio::make_strand(pool), endpoint.config, page_size);
        postpress::list_params params;
        params.limit = page_size;
        job->client.async_for_each_account(
            params,
            [job](postpress::account const& account) {
                job->needing_attention += needs_attention(account);
            },
            job->diag,
            [job, &print_mutex, &all_listed](boost::system::error_code ec,
                                             postpress::listing_summary summary) {
                std::lock_guard lock(print_mutex);
                if (ec) {
                    all_listed = false;
                    std::printf("pages of %d: failed after %zu pages: %s (%s)\n", job->page_size,
                                summary.pages, ec.message().c_str(), job->diag.to_string().c_str());
                    return;
                }
                std::printf("pages of %d: %zu accounts in %zu pages, %zu need attention\n",
                            job->page_size, summary.accounts, summary.pages,
                            job->needing_attention);
            });
    }

    // A limit outside the API's range: the client refuses it before sending anything, and the
    // error arrives through the callback like any other; nothing is thrown.
    auto probe = std::make_shared<audit>(asio::make_strand(pool), endpoint.config, 500);
    postpress::list_params too_large;
    too_large.limit = probe->page_size;
    probe->client.async_list_accounts(
        too_large, probe->diag,
        [probe, &print_mutex](boost::system::error_code ec, postpress::account_list) {
            std::lock_guard lock(print_mutex);
            std::printf("a page of %d: %s (%s)\n", probe->page_size, ec.message().c_str(),
                        probe->diag.to_string().c_str());
        });

    pool.join();
    return all_listed ? 0 : 1;
}
