// Where the examples connect: the API named by POSTPRESS_BASE_URL and POSTPRESS_API_KEY, or, when
// no base URL is set, the bundled mock server on 127.0.0.1 serving 1,000 demo accounts, so that
// every example runs as it is on any machine.
#pragma once

#include <postpress/postpress.hpp>
#include <postpress/testing/mock_server.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace examples {

struct demo_endpoint {
    postpress::client_config config;
    std::optional<postpress::testing::mock_server> mock; ///< set when running on the demo server

    demo_endpoint() {
        if (char const* url = std::getenv("POSTPRESS_BASE_URL"); url && *url) {
            config.base_url = url;
            if (char const* key = std::getenv("POSTPRESS_API_KEY")) config.api_key = key;
            return;
        }
        postpress::testing::mock_server_options options;
        options.api_key = "demo-key";
        options.account_count = 1000;
        mock.emplace(options);
        config.base_url = mock->base_url();
        config.api_key = options.api_key;
        std::fprintf(stderr, "POSTPRESS_BASE_URL is not set: using the demo server at %s\n",
                     config.base_url.c_str());
    }

    /// Demo server only: after `pages` good answers, an outage of 503s that outlasts the client's
    /// retries, so that the failure reaches the program. Short backoffs keep the demo quick.
    void outage_after(std::size_t pages) {
        if (!mock) return;
        config.retry.initial_backoff = std::chrono::milliseconds(10);
        postpress::testing::fault good;
        mock->inject(good, pages);
        postpress::testing::fault outage;
        outage.kind = postpress::testing::fault_kind::error_envelope;
        outage.error = postpress::errc::service_unavailable;
        mock->inject(outage, static_cast<std::size_t>(config.retry.max_attempts));
    }
};

} // namespace examples
