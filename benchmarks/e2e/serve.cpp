// The server side of the end-to-end benchmark: postpress::testing::mock_server in a process of its
// own, so that the CPU time and peak RSS measured in the client process are the client's alone.
//
//   e2e_serve [--accounts N] [--seed S] [--api-key KEY] [--prefix /api] [--warm-limit L]
//             [--until stdin|signal] [--max-seconds T]
//
// Binds 127.0.0.1 on a free port, serves `{prefix}/v1/accounts` (prefix "/api" by default, the
// path the Unipile Node SDK builds: `{base}/api/v1/accounts`), lists every page once with
// `limit=L` (250 by default; 0 skips it) so that all page bodies are serialised and cached
// before any contender asks for them, then prints its base URL ("http://127.0.0.1:PORT/api")
// alone on a line of stdout. It runs until stdin reaches end of file (`--until stdin`, the
// default) or until SIGTERM/SIGINT (`--until signal`, for a server started in the background of
// a script, whose stdin is /dev/null), and in any case for at most T seconds (3600 by default).

#include "parse_number.hpp"

#include <postpress/postpress.hpp>
#include <postpress/testing/mock_server.hpp>

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void usage(char const* why) {
    std::fprintf(stderr,
                 "e2e_serve: %s\n"
                 "usage: e2e_serve [--accounts N] [--seed S] [--api-key KEY] [--prefix /api]\n"
                 "                 [--warm-limit L] [--until stdin|signal] [--max-seconds T]\n",
                 why);
    std::exit(1);
}

unsigned long long number(char const* text, char const* option) {
    auto const v = bench::parse_number(text);
    if (!v) usage(option);
    return *v;
}

/// Lists every page once so that the server has serialised (and cached) all of them.
std::size_t warm(std::string const& base_url, std::string const& key, int limit) {
    postpress::client_config cfg;
    cfg.base_url = base_url;
    cfg.api_key = key;
    postpress::sync_client cli(cfg);
    postpress::list_params params;
    params.limit = limit;
    std::size_t accounts = 0;
    cli.for_each_account(params, [&](postpress::account const&) { ++accounts; });
    return accounts;
}

} // namespace

int main(int argc, char** argv) {
    postpress::testing::mock_server_options opts;
    opts.api_key = "bench-key";
    opts.path_prefix = "/api";
    opts.account_count = 20'000;
    opts.seed = 1;
    opts.record_requests = false; // flat memory however long the benchmark runs
    int warm_limit = 250;
    bool until_signal = false;
    unsigned long long max_seconds = 3600;

    for (int i = 1; i < argc; ++i) {
        std::string_view const arg = argv[i];
        auto value = [&]() -> char const* {
            if (i + 1 >= argc) usage("an option lacks its value");
            return argv[++i];
        };
        if (arg == "--accounts") {
            opts.account_count = number(value(), "--accounts");
        } else if (arg == "--seed") {
            opts.seed = number(value(), "--seed");
        } else if (arg == "--api-key") {
            opts.api_key = value();
        } else if (arg == "--prefix") {
            opts.path_prefix = value();
        } else if (arg == "--warm-limit") {
            auto const l = number(value(), "--warm-limit");
            if (l > 250) usage("--warm-limit must be 0..250");
            warm_limit = static_cast<int>(l);
        } else if (arg == "--until") {
            std::string_view const v = value();
            if (v == "signal")
                until_signal = true;
            else if (v != "stdin")
                usage("--until takes stdin or signal");
        } else if (arg == "--max-seconds") {
            max_seconds = number(value(), "--max-seconds");
        } else {
            usage("unknown option");
        }
    }
    // Whole pages must stay cached: the workspace's pages at the warm-up limit and a few more.
    opts.max_pages_cached = opts.account_count / (warm_limit > 0 ? warm_limit : 100) + 64;

    // Block the stop signals before the server's thread starts, so that it inherits the mask
    // and only the sigtimedwait below receives them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    if (until_signal) pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    try {
        postpress::testing::mock_server server(opts);
        if (warm_limit > 0) {
            auto const listed = warm(server.base_url(), opts.api_key, warm_limit);
            if (listed != opts.account_count) {
                std::fprintf(stderr, "e2e_serve: warm-up listed %zu accounts of %zu\n", listed,
                             opts.account_count);
                return 2;
            }
        }
        std::printf("%s\n", server.base_url().c_str());
        std::fflush(stdout);
        std::fprintf(stderr,
                     "e2e_serve: %zu accounts at %s/v1/accounts (pages for limit=%d cached)\n",
                     opts.account_count, server.base_url().c_str(), warm_limit);

        auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(max_seconds);
        while (std::chrono::steady_clock::now() < deadline) {
            if (until_signal) {
                timespec const tick{0, 200'000'000};
                if (sigtimedwait(&stop_signals, nullptr, &tick) > 0) break;
            } else {
                pollfd in{STDIN_FILENO, POLLIN, 0};
                int const r = ::poll(&in, 1, 200);
                if (r < 0 && errno != EINTR) break;
                if (r > 0) {
                    char scratch[256];
                    ssize_t const n = ::read(STDIN_FILENO, scratch, sizeof scratch);
                    if (n <= 0) break; // end of file (or an error): the parent is gone
                }
            }
        }
        server.stop();
    } catch (std::exception const& e) {
        std::fprintf(stderr, "e2e_serve: %s\n", e.what());
        return 2;
    }
    return 0;
}
