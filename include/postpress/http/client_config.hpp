// Everything a client needs to know: where the API is, the key, and how patient to be.
#pragma once

#include <postpress/http/retry_policy.hpp>
#include <postpress/json/decode_options.hpp>
#include <postpress/version.hpp>

#include <chrono>
#include <cstddef>
#include <string>

namespace postpress {

struct client_config {
    /// Scheme, host, optional port and path prefix: "https://api7.example.com:13443/api" sends
    /// requests to /api/v1/accounts. A trailing '/' is harmless.
    std::string base_url = "https://api.postpress.ai";
    /// Sent as X-API-KEY; never written into a message, log line or exception.
    std::string api_key;
    /// Resolving and connecting (and the TLS handshake) of one connection.
    std::chrono::milliseconds connect_timeout{10'000};
    /// One attempt: sending the request and receiving the whole response.
    std::chrono::milliseconds request_timeout{30'000};
    /// One call, retries and their waits included; zero for no bound beyond the policy's. When
    /// it ends the retries, the call fails with the last failure it retried (a 503, say).
    std::chrono::milliseconds total_timeout{0};
    retry_policy retry;
    /// Largest response body accepted (a page of 250 accounts is a few hundred KB).
    std::size_t max_body_bytes = 32 * 1024 * 1024;
    /// Largest response header block accepted.
    std::size_t max_header_bytes = 16 * 1024;
    std::string user_agent = "postpress-cpp/" POSTPRESS_VERSION_STRING;
    /// Idle keep-alive connections kept for reuse.
    std::size_t max_idle_connections = 4;
    /// Plain http:// is for servers on this machine; allow it to another host only when the key
    /// may travel in clear.
    bool allow_insecure_http = false;
    /// Limits of the JSON decoder (max_bytes is raised to max_body_bytes).
    decode_options decoding;
};

} // namespace postpress
