// postpress-accounts: lists the accounts of a postpress workspace (see `--help`, and section 5 of
// the contract). Pages come one at a time from the library's async client
// (`client::async_list_accounts` in a coroutine, retries and timeouts included); each page is
// printed whole once it has been received and decoded, so a failure never leaves half a page
// behind and the cursor reported on stderr resumes exactly after what was printed.
#include "account_output.hpp"
#include "cli_options.hpp"
#include "text_format.hpp"

#include <postpress/postpress.hpp>
#include <postpress/testing/mock_server.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace text = postpress_tool::text;
using boost::system::error_code;
using postpress_tool::cli_options;
using postpress_tool::output_format;

constexpr char const* program = "postpress-accounts";

enum exit_status : int {
    exit_ok = 0,
    exit_usage = 1,
    exit_api = 2,
    exit_network = 3,
    exit_decode = 4,
};

/// Everything written to stderr goes through here: secrets (the API key, from wherever it came)
/// are replaced by "***" whatever the text, as a last line of defence.
class stderr_writer {
public:
    void add_secret(std::string s) {
        if (!s.empty()) secrets_.push_back(std::move(s));
    }

    std::string scrub(std::string s) const {
        for (auto const& secret : secrets_) {
            for (auto pos = s.find(secret); pos != std::string::npos; pos = s.find(secret, pos + 3))
                s.replace(pos, secret.size(), "***");
        }
        return s;
    }

    void write(std::string const& s) const {
        auto const clean = scrub(s);
        std::fwrite(clean.data(), 1, clean.size(), stderr);
        std::fflush(stderr);
    }

private:
    std::vector<std::string> secrets_;
};

/// "3 pages, 300 accounts, 1234 accounts/s" on stderr, rewritten in place, when stderr is a
/// terminal; nothing otherwise.
class progress_line {
public:
    explicit progress_line(stderr_writer const& err)
        : err_(err)
        , enabled_(::isatty(STDERR_FILENO) == 1)
        , start_(std::chrono::steady_clock::now()) {}

    void update(std::size_t pages, std::size_t accounts) {
        if (!enabled_) return;
        double const secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        auto const rate = secs > 0 ? static_cast<unsigned long long>(double(accounts) / secs) : 0;
        err_.write("\r\033[K" + std::to_string(pages) + (pages == 1 ? " page, " : " pages, ") +
                   std::to_string(accounts) + (accounts == 1 ? " account, " : " accounts, ") +
                   std::to_string(rate) + " accounts/s");
        shown_ = true;
    }

    void clear() {
        if (!shown_) return;
        err_.write("\r\033[K");
        shown_ = false;
    }

private:
    stderr_writer const& err_;
    bool enabled_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point start_;
};

/// Columns of the terminal stdout is, 0 when it is not a terminal.
std::size_t terminal_columns() {
    if (::isatty(STDOUT_FILENO) != 1) return 0;
    winsize ws{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0) return 0;
    return ws.ws_col;
}

/// The name of a client-side condition of the library ("malformed_json").
std::string_view client_errc_name(postpress::errc e) {
    using postpress::errc;
    switch (e) {
    case errc::unknown_api_error:
        return "unknown_api_error";
    case errc::invalid_argument:
        return "invalid_argument";
    case errc::malformed_json:
        return "malformed_json";
    case errc::missing_field:
        return "missing_field";
    case errc::wrong_type:
        return "wrong_type";
    case errc::invalid_value:
        return "invalid_value";
    case errc::too_large:
        return "too_large";
    case errc::unexpected_response:
        return "unexpected_response";
    case errc::cursor_loop:
        return "cursor_loop";
    default:
        return postpress::to_string(e);
    }
}

/// The exit status for a failure, by error code: 2 for the API's error types (the 33 of the spec
/// and unknown ones) and a cursor loop, 4 for what the decoder or the HTTP layer could not make
/// sense of, 1 for a configuration refused before sending, 3 for everything else (network, TLS,
/// timeouts: codes of the system, Asio, SSL and Beast categories).
int exit_status_for(error_code const& ec, bool after_pages) {
    using postpress::errc;
    if (ec.category() != postpress::postpress_category()) return exit_network;
    auto const e = static_cast<errc>(ec.value());
    if (ec.value() >= 1 && e <= errc::unknown_api_error) return exit_api;
    switch (e) {
    case errc::cursor_loop:
        return exit_api;
    case errc::invalid_argument:
        // Before any page: the base URL or key was refused (nothing was sent). After pages: the
        // server handed back a cursor the client cannot send.
        return after_pages ? exit_decode : exit_usage;
    case errc::malformed_json:
    case errc::missing_field:
    case errc::wrong_type:
    case errc::invalid_value:
    case errc::too_large:
    case errc::unexpected_response:
        return exit_decode;
    default:
        return exit_network;
    }
}

/// What a failure was, for the first line of the report.
std::string_view failure_kind(int status) {
    switch (status) {
    case exit_usage:
        return "invalid configuration";
    case exit_api:
        return "API error";
    case exit_decode:
        return "the response could not be decoded";
    default:
        return "network or TLS error";
    }
}

/// "errors/invalid_credentials", "postpress:malformed_json", "system:111", "asio.ssl:167772294".
std::string error_type_of(error_code const& ec, postpress::diagnostics const& d) {
    if (!d.type.empty()) return d.type;
    if (ec.category() == postpress::postpress_category()) {
        auto const e = static_cast<postpress::errc>(ec.value());
        if (ec.value() >= 1 && ec.value() <= postpress::api_error_type_count)
            return "errors/" + std::string(postpress::to_string(e));
        return "postpress:" + std::string(client_errc_name(e));
    }
    return std::string(ec.category().name()) + ":" + std::to_string(ec.value());
}

/// The state of one listing and its output.
class lister {
public:
    lister(cli_options const& opt, stderr_writer const& err)
        : opt_(opt)
        , err_(err)
        , progress_(err)
        , table_(terminal_columns())
        , next_cursor_(opt.cursor) {}

    /// Lists every page (or --max-pages of them) with `cli`; returns the exit status. One page
    /// at a time with `async_list_accounts`: a page is printed once it has been received and
    /// decoded whole, then its cursor is followed.
    asio::awaitable<int> run(postpress::client& cli) {
        postpress::list_params params;
        params.limit = opt_.limit;
        params.cursor = opt_.cursor;
        std::unordered_set<std::string> followed; // to stop a server that hands a cursor back
        if (params.cursor) followed.insert(*params.cursor);
        postpress::diagnostics diag;
        for (;;) {
            auto [ec, page] =
                co_await cli.async_list_accounts(params, diag, asio::as_tuple(asio::use_awaitable));
            if (ec) co_return fail(ec, diag);
            if (!consume(page)) co_return exit_network;
            if (!page.cursor) co_return finish(false);
            if (!followed.insert(*page.cursor).second) {
                postpress::diagnostics loop;
                loop.detail = "the server returned a cursor it had already returned";
                co_return fail(postpress::errc::cursor_loop, loop);
            }
            params.cursor = std::move(page.cursor);
            if (opt_.max_pages && pages_ >= *opt_.max_pages) co_return finish(true);
        }
    }

    /// SIGINT or SIGTERM: everything printed so far is whole pages (a page is written in one
    /// go, between two steps of the listing); say where to continue.
    void interrupted(int signal) {
        progress_.clear();
        std::string msg = std::string(program) + ": interrupted";
        if (!opt_.summary && pages_ > 0 && next_cursor_)
            msg += " after " + pages_text() + "; to continue, run again with\n  --cursor " +
                   text::shell_quote(*next_cursor_);
        err_.write(msg + "\n");
        std::_Exit(128 + signal);
    }

private:
    std::string pages_text() const {
        std::string s = std::to_string(pages_) + (pages_ == 1 ? " page" : " pages");
        auto const n = opt_.summary ? counts_.accounts() : printed_;
        s += " (" + std::to_string(n) + (n == 1 ? " account" : " accounts");
        s += opt_.summary ? " counted)" : " printed)";
        return s;
    }

    /// A page received whole: print it (or count it), then remember where the next one starts.
    bool consume(postpress::account_list const& page) {
        ++pages_;
        seen_ += page.items.size();
        matched_.clear();
        for (auto const& a : page.items)
            if (postpress_tool::type_matches(a, opt_.types)) matched_.push_back(&a);

        if (opt_.summary) {
            counts_.add_page();
            for (auto const* a : matched_)
                counts_.add(*a);
        } else {
            buffer_.clear();
            if (opt_.format == output_format::jsonl) {
                for (auto const* a : matched_)
                    postpress_tool::append_jsonl(*a, opt_.show_secrets, buffer_);
            } else {
                table_.append_rows(matched_, buffer_);
            }
            if (!write_stdout(buffer_)) return false;
            printed_ += matched_.size();
        }
        next_cursor_ = page.cursor;
        progress_.update(pages_, seen_);
        return true;
    }

    bool write_stdout(std::string const& s) {
        if (s.empty()) return true;
        progress_.clear(); // the same terminal may show both
        if (std::fwrite(s.data(), 1, s.size(), stdout) != s.size() || std::fflush(stdout) != 0) {
            err_.write(std::string(program) + ": cannot write to standard output\n");
            return false;
        }
        return true;
    }

    int finish(bool more) {
        std::string out;
        if (opt_.summary)
            out = opt_.format == output_format::jsonl ? counts_.json() : counts_.table();
        else if (opt_.format == output_format::table && !table_.header_written())
            table_.append_header(out); // an empty listing still shows what it is
        if (!write_stdout(out)) return exit_network;
        progress_.clear();
        if (more && next_cursor_)
            err_.write(std::string(program) + ": stopped after " + pages_text() +
                       " as --max-pages asked; to continue, run again with\n  --cursor " +
                       text::shell_quote(*next_cursor_) + "\n");
        return exit_ok;
    }

    int fail(error_code const& ec, postpress::diagnostics const& d) {
        progress_.clear();
        int const status = exit_status_for(ec, pages_ > 0);
        std::string msg = std::string(program) + ": " + std::string(failure_kind(status)) + ": " +
                          text::sanitize(ec.message()) + "\n";
        auto line = [&](char const* label, std::string const& value) {
            if (!value.empty()) msg += std::string("  ") + label + text::sanitize(value) + "\n";
        };
        line("error type:  ", error_type_of(ec, d));
        if (d.http_status != 0) line("HTTP status: ", std::to_string(d.http_status));
        line("title:       ", d.title);
        line("detail:      ", d.detail);
        line("instance:    ", d.instance);
        line("JSON path:   ", d.path);
        bool const loop = ec == postpress::errc::cursor_loop;
        if (pages_ > 0 && !opt_.summary) {
            msg += std::string(program) + ": " + pages_text() + " before the failure";
            if (loop || !next_cursor_)
                msg += "; the listing cannot be continued from a cursor\n";
            else
                msg += "; to continue, run again with\n  --cursor " +
                       text::shell_quote(*next_cursor_) + "\n";
        }
        if (status == exit_usage) msg += "Try 'postpress-accounts --help' for more information.\n";
        err_.write(msg);
        return status;
    }

    cli_options const& opt_;
    stderr_writer const& err_;
    progress_line progress_;
    postpress_tool::table_writer table_;
    postpress_tool::summary_counts counts_;
    std::vector<postpress::account const*> matched_;
    std::string buffer_;
    std::optional<std::string> next_cursor_; // the first page not printed yet
    std::size_t pages_ = 0, seen_ = 0, printed_ = 0;
};

int usage_failure(stderr_writer const& err, std::string const& what) {
    err.write(std::string(program) + ": " + what + "\n" + postpress_tool::usage_synopsis +
              "Try 'postpress-accounts --help' for more information.\n");
    return exit_usage;
}

std::optional<std::string> environment(char const* name) {
    char const* v = std::getenv(name);
    if (!v || !*v) return std::nullopt;
    return std::string(v);
}

int run(int argc, char** argv) {
    stderr_writer err;
    auto const env_key = environment("POSTPRESS_API_KEY");
    if (env_key) err.add_secret(*env_key);
    for (auto& k : postpress_tool::api_keys_in_command_line(argc, argv))
        err.add_secret(std::move(k));

    cli_options opt;
    try {
        opt = postpress_tool::parse_command_line(argc, argv);
    } catch (postpress_tool::usage_error const& e) {
        return usage_failure(err, e.what());
    }
    if (opt.help) {
        std::fputs(postpress_tool::usage_synopsis, stdout);
        std::fputs("\n", stdout);
        std::fputs(postpress_tool::usage_help, stdout);
        return std::fflush(stdout) == 0 ? exit_ok : exit_network;
    }
    if (opt.version) {
        std::fputs("postpress-accounts " POSTPRESS_VERSION_STRING "\n", stdout);
        return std::fflush(stdout) == 0 ? exit_ok : exit_network;
    }

    postpress::client_config cfg;
    cfg.user_agent =
        "postpress-accounts/" POSTPRESS_VERSION_STRING " postpress-cpp/" POSTPRESS_VERSION_STRING;
    // --timeout bounds one page, retries and their waits included; one attempt may use all of
    // it (a slow server is given what the user allowed), connecting at most 10 s of it.
    cfg.total_timeout = opt.timeout;
    cfg.request_timeout = opt.timeout;
    cfg.connect_timeout = std::min(cfg.connect_timeout, opt.timeout);

    std::optional<asio::ssl::context> tls;
    std::optional<postpress::testing::mock_server> demo;
    if (opt.demo) {
        postpress::testing::mock_server_options mo;
        mo.api_key = "demo-key";
        mo.account_count = 1000;
        mo.seed = 42;
        try {
            demo.emplace(std::move(mo));
        } catch (std::exception const& e) {
            err.write(std::string(program) + ": cannot start the demo server: " + e.what() + "\n");
            return exit_network;
        }
        cfg.base_url = demo->base_url();
        cfg.api_key = demo->options().api_key;
    } else {
        if (opt.api_key)
            cfg.api_key = *opt.api_key;
        else if (env_key)
            cfg.api_key = *env_key;
        else
            return usage_failure(err, "no API key: set POSTPRESS_API_KEY (or pass --api-key), "
                                      "or try --demo");
        if (opt.base_url)
            cfg.base_url = *opt.base_url;
        else if (auto const env_url = environment("POSTPRESS_BASE_URL"))
            cfg.base_url = *env_url;
        if (opt.ca_file) {
            tls.emplace(asio::ssl::context::tls_client);
            error_code ec;
            tls->load_verify_file(*opt.ca_file, ec);
            if (ec)
                return usage_failure(err, "--ca-file: cannot load CA certificates from " +
                                              postpress_tool::detail::quoted(*opt.ca_file) + ": " +
                                              ec.message());
        }
    }

    asio::io_context io;
    auto cli = tls ? postpress::client(io.get_executor(), cfg, *tls)
                   : postpress::client(io.get_executor(), cfg);
    lister job(opt, err);
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](error_code ec, int signal) {
        if (!ec) job.interrupted(signal);
    });
    int status = exit_network;
    asio::co_spawn(io, job.run(cli), [&](std::exception_ptr ep, int result) {
        status = result;
        if (ep) {
            try {
                std::rethrow_exception(ep);
            } catch (std::exception const& e) {
                err.write(std::string(program) + ": internal error: " + e.what() + "\n");
            } catch (...) {
                err.write(std::string(program) + ": internal error\n");
            }
            status = exit_network;
        }
        error_code ignored;
        signals.cancel(ignored);
    });
    io.run();
    return status;
}

} // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (std::exception const& e) {
        std::fprintf(stderr, "%s: internal error: %s\n", program, e.what());
        return exit_network;
    }
}
