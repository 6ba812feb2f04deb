// When and how long to wait before trying a request again: exponential backoff with jitter,
// bounded in attempts and in total time, honouring the server's Retry-After.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>

namespace postpress {

struct retry_policy {
    /// Attempts in all, the first included; 1 disables retries.
    int max_attempts = 4;
    std::chrono::milliseconds initial_backoff{200};
    std::chrono::milliseconds max_backoff{10'000};
    double multiplier = 2.0;
    /// Each delay is drawn uniformly from [delay * (1 - jitter), delay].
    double jitter = 0.5;
    /// A Retry-After longer than this ends the retries (the error is reported instead).
    std::chrono::milliseconds max_retry_after{60'000};

    static retry_policy none() {
        retry_policy p;
        p.max_attempts = 1;
        return p;
    }

    /// The delay before attempt `attempt + 1` (attempt counts from 1).
    template <class Rng>
    std::chrono::milliseconds backoff(int attempt, Rng& rng) const {
        double delay = double(initial_backoff.count());
        for (int i = 1; i < attempt && delay < double(max_backoff.count()); ++i)
            delay *= multiplier;
        delay = std::min(delay, double(max_backoff.count()));
        std::uniform_real_distribution<double> spread(1.0 - std::clamp(jitter, 0.0, 1.0), 1.0);
        return std::chrono::milliseconds(static_cast<std::int64_t>(delay * spread(rng)));
    }
};

} // namespace postpress
