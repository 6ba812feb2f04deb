// A script without any Asio in sight: sync_client lists the workspace page by page, and a page
// kept as JSON (a cache, a file, a webhook) is decoded again without the network.
#include "demo_endpoint.hpp"

#include <cstdio>
#include <map>
#include <string>

int main() try {
    examples::demo_endpoint endpoint;
    postpress::sync_client cli(endpoint.config);

    // The whole listing, one callback per account; throws postpress::error on failure.
    std::map<postpress::source_status, std::size_t> sources_by_status;
    postpress::list_params params;
    params.limit = 250;
    std::size_t const pages = cli.for_each_account(params, [&](postpress::account const& a) {
        for (auto const& source : a.sources)
            ++sources_by_status[source.status];
    });
    std::printf("%zu pages\n", pages);
    for (auto const& [status, count] : sources_by_status)
        std::printf("sources %-12s %zu\n",
                    std::string(postpress::schema::wire_name(status)).c_str(), count);

    // One page, kept as JSON, then decoded into a list that is reused page after page.
    params.limit = 10;
    std::string const cached = postpress::encode(cli.list_accounts(params));
    postpress::account_list page;
    boost::system::error_code ec;
    postpress::diagnostics diag;
    postpress::parse_account_list(cached, page, ec, diag);
    std::printf("cached page: %zu accounts, %s\n", page.items.size(),
                ec ? ec.message().c_str() : "decoded");

    // A damaged document is an error that names the JSON path of the fault.
    constexpr char const* damaged = R"({"object":"AccountList","items":[{"type":"MAIL","id":7}]})";
    postpress::parse_account_list(damaged, page, ec, diag);
    std::printf("damaged page: %s at %s\n", ec.message().c_str(), diag.path.c_str());
    return 0;
} catch (postpress::error const& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
}
