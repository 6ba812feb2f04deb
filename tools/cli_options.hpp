// postpress-accounts: the command line, parsed and checked before anything is sent.
//
// No dependency beyond the standard library. Every value is validated here, so that a bad option
// ends the program (exit status 1) before a single request leaves the machine.
#pragma once

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace postpress_tool {

enum class output_format { table, jsonl };

/// The known account types, by wire spelling, accepted by --type ("UNKNOWN" matches the accounts
/// whose type this version of the library does not know).
inline constexpr std::string_view known_type_names[] = {
    "MOBILE",          "MAIL",     "GOOGLE_OAUTH", "ICLOUD",    "OUTLOOK",
    "GOOGLE_CALENDAR", "WHATSAPP", "LINKEDIN",     "SLACK",     "TWITTER",
    "EXCHANGE",        "TELEGRAM", "INSTAGRAM",    "MESSENGER", "UNKNOWN"};

struct cli_options {
    std::optional<std::string> base_url; ///< --base-url (else POSTPRESS_BASE_URL)
    std::optional<std::string> api_key;  ///< --api-key (else POSTPRESS_API_KEY)
    std::optional<int> limit;            ///< --limit, 1..250
    std::optional<std::string> cursor;   ///< --cursor, non-empty
    std::optional<std::size_t> max_pages;
    std::vector<std::string> types; ///< --type, upper-cased wire names; empty: all
    output_format format = output_format::table;
    std::optional<std::string> ca_file;
    std::chrono::milliseconds timeout{30'000};
    bool summary = false;
    bool show_secrets = false;
    bool demo = false;
    bool help = false;
    bool version = false;
};

/// A bad command line; what() says what is wrong (never the API key).
class usage_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr char const* usage_synopsis =
    "usage: postpress-accounts [--base-url URL] [--api-key KEY] [--limit N] [--cursor C]\n"
    "                          [--max-pages N] [--type TYPE] [--format table|jsonl]\n"
    "                          [--ca-file PATH] [--timeout SECONDS] [--summary]\n"
    "                          [--show-secrets] [--demo]\n";

inline constexpr char const* usage_help =
    "Lists every account linked to a postpress workspace, page by page.\n"
    "\n"
    "Options:\n"
    "  --base-url URL      API base URL, with optional port and path prefix\n"
    "                      (default: $POSTPRESS_BASE_URL, else https://api.postpress.ai)\n"
    "  --api-key KEY       API key (default: $POSTPRESS_API_KEY, the preferred way: a\n"
    "                      command line is visible to other users of the machine)\n"
    "  --limit N           accounts per page, 1..250 (default: the server's, 100)\n"
    "  --cursor C          start from this cursor (as printed after a failure or --max-pages)\n"
    "  --max-pages N       stop after N pages and print the cursor to continue from\n"
    "  --type TYPE         only accounts of this type, by wire name, case-insensitive\n"
    "                      (LINKEDIN, GOOGLE_OAUTH, ...; UNKNOWN for types this version\n"
    "                      does not know); repeat it or separate names with commas\n"
    "  --format FORMAT     table (default): aligned columns for a terminal;\n"
    "                      jsonl: one JSON object per account, with the API's field names\n"
    "  --ca-file PATH      trust the CA certificates of this PEM file instead of the\n"
    "                      system's (the server's certificate and host name are still verified)\n"
    "  --timeout SECONDS   the most one page may take, retries included (default: 30)\n"
    "  --summary           print counts per account type and per source status instead of\n"
    "                      the accounts (one JSON object with --format jsonl)\n"
    "  --show-secrets      print proxy passwords (written as \"***\" otherwise)\n"
    "  --demo              list from a built-in mock server with demo data (1000 accounts);\n"
    "                      --base-url, --api-key and --ca-file are ignored\n"
    "  -h, --help          print this help and exit\n"
    "  --version           print the version and exit\n"
    "\n"
    "Output is page-atomic: an account is printed only once its whole page has been received\n"
    "and decoded. When a listing fails after some pages were printed, or stops at --max-pages,\n"
    "the cursor to continue from is printed on stderr; run again with --cursor to print exactly\n"
    "the accounts not printed yet. A progress line is shown on stderr when it is a terminal.\n"
    "\n"
    "Exit status:\n"
    "  0  every page was listed (or --max-pages pages)\n"
    "  1  usage error: bad option or value, no API key, unusable base URL or CA file;\n"
    "     nothing was sent\n"
    "  2  the API answered with an error (its error envelope), or looped on a cursor\n"
    "  3  network or TLS error, including timeouts (or stdout could not be written)\n"
    "  4  the response could not be decoded: malformed JSON, a missing field, a wrong type or\n"
    "     value, too large, or not the API's answer at all (HTML, a redirect, an error status\n"
    "     without the API's error envelope)\n"
    "\n"
    "Environment:\n"
    "  POSTPRESS_API_KEY   the API key (used when --api-key is not given)\n"
    "  POSTPRESS_BASE_URL  the base URL (used when --base-url is not given)\n";

namespace detail {

inline std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
    return out;
}

/// A value echoed in a message: printable ASCII kept, anything else escaped, long ones cut.
inline std::string quoted(std::string_view v) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "'";
    std::size_t n = 0;
    for (char ch : v) {
        if (++n > 64) {
            out += "...";
            break;
        }
        auto const c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c < 0x7f) {
            out += ch;
        } else {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out + "'";
}

/// A whole decimal number, digits only (no sign, no spaces); nullopt otherwise or on overflow.
inline std::optional<unsigned long long> parse_unsigned(std::string_view v) {
    if (v.empty() || v.size() > 18) return std::nullopt;
    unsigned long long n = 0;
    for (char c : v) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + unsigned(c - '0');
    }
    return n;
}

/// Seconds as "30", "2.5" or ".5": digits with at most one '.', nothing else.
inline std::optional<double> parse_seconds(std::string_view v) {
    if (v.empty() || v.size() > 32) return std::nullopt;
    if (std::count(v.begin(), v.end(), '.') > 1) return std::nullopt;
    if (!std::all_of(v.begin(), v.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; }))
        return std::nullopt;
    if (v == ".") return std::nullopt;
    double d = 0;
    auto const r = std::from_chars(v.data(), v.data() + v.size(), d);
    if (r.ec != std::errc{} || r.ptr != v.data() + v.size() || !std::isfinite(d))
        return std::nullopt;
    return d;
}

} // namespace detail

/// Parses `argv` (without checking the environment). Throws usage_error.
inline cli_options parse_command_line(int argc, char const* const* argv) {
    cli_options o;
    std::vector<std::string_view> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        if (arg == "-h" || arg == "--help") {
            o.help = true;
            continue;
        }
        if (arg == "--") {
            if (i + 1 < args.size())
                throw usage_error("unexpected argument " + detail::quoted(args[i + 1]));
            break;
        }
        if (!arg.starts_with("--")) {
            if (arg.starts_with("-") && arg.size() > 1)
                throw usage_error("unknown option " + detail::quoted(arg));
            throw usage_error("unexpected argument " + detail::quoted(arg));
        }
        std::string_view name = arg;
        std::optional<std::string_view> inline_value;
        if (auto const eq = arg.find('='); eq != std::string_view::npos) {
            name = arg.substr(0, eq);
            inline_value = arg.substr(eq + 1);
        }
        // Flags.
        bool* flag = name == "--summary"        ? &o.summary
                     : name == "--show-secrets" ? &o.show_secrets
                     : name == "--demo"         ? &o.demo
                     : name == "--version"      ? &o.version
                                                : nullptr;
        if (flag) {
            if (inline_value) throw usage_error("option " + std::string(name) + " takes no value");
            *flag = true;
            continue;
        }
        static constexpr std::string_view valued[] = {"--base-url", "--api-key",   "--limit",
                                                      "--cursor",   "--max-pages", "--type",
                                                      "--format",   "--ca-file",   "--timeout"};
        if (std::find(std::begin(valued), std::end(valued), name) == std::end(valued))
            throw usage_error("unknown option " + detail::quoted(name));
        std::string_view value;
        if (inline_value) {
            value = *inline_value;
        } else {
            if (i + 1 >= args.size())
                throw usage_error("option " + std::string(name) + " requires a value");
            value = args[++i];
        }

        if (name == "--base-url") {
            if (value.empty()) throw usage_error("--base-url is empty");
            o.base_url = std::string(value);
        } else if (name == "--api-key") {
            // Never echoed: not even in the message about it.
            if (value.empty()) throw usage_error("--api-key is empty");
            o.api_key = std::string(value);
        } else if (name == "--limit") {
            auto const n = detail::parse_unsigned(value);
            if (!n || *n < 1 || *n > 250)
                throw usage_error("--limit expects a whole number from 1 to 250, not " +
                                  detail::quoted(value));
            o.limit = static_cast<int>(*n);
        } else if (name == "--cursor") {
            if (value.empty()) throw usage_error("--cursor is empty");
            o.cursor = std::string(value);
        } else if (name == "--max-pages") {
            auto const n = detail::parse_unsigned(value);
            if (!n || *n < 1)
                throw usage_error("--max-pages expects a whole number of at least 1, not " +
                                  detail::quoted(value));
            o.max_pages = static_cast<std::size_t>(*n);
        } else if (name == "--type") {
            std::size_t start = 0;
            for (;;) {
                auto const comma = value.find(',', start);
                auto const part = value.substr(start, comma - start);
                auto const up = detail::upper(part);
                if (std::find(std::begin(known_type_names), std::end(known_type_names), up) ==
                    std::end(known_type_names)) {
                    std::string known;
                    for (auto t : known_type_names)
                        known += (known.empty() ? "" : ", ") + std::string(t);
                    throw usage_error("--type: unknown account type " + detail::quoted(part) +
                                      " (one of " + known + ")");
                }
                if (std::find(o.types.begin(), o.types.end(), up) == o.types.end())
                    o.types.push_back(up);
                if (comma == std::string_view::npos) break;
                start = comma + 1;
            }
        } else if (name == "--format") {
            if (value == "table")
                o.format = output_format::table;
            else if (value == "jsonl")
                o.format = output_format::jsonl;
            else
                throw usage_error("--format expects table or jsonl, not " + detail::quoted(value));
        } else if (name == "--ca-file") {
            if (value.empty()) throw usage_error("--ca-file is empty");
            o.ca_file = std::string(value);
        } else if (name == "--timeout") {
            auto const s = detail::parse_seconds(value);
            if (!s || *s < 0.001 || *s > 86400)
                throw usage_error("--timeout expects seconds, more than 0 and at most 86400, not " +
                                  detail::quoted(value));
            o.timeout = std::chrono::milliseconds(static_cast<long long>(std::llround(*s * 1000)));
        }
    }
    return o;
}

/// The values of --api-key found in `argv`, even on a command line that does not parse, so that
/// messages can be scrubbed of them.
inline std::vector<std::string> api_keys_in_command_line(int argc, char const* const* argv) {
    std::vector<std::string> keys;
    for (int i = 1; i < argc; ++i) {
        std::string_view const a = argv[i];
        if (a == "--api-key" && i + 1 < argc && argv[i + 1][0] != '\0')
            keys.emplace_back(argv[i + 1]);
        else if (a.starts_with("--api-key=") && a.size() > 10)
            keys.emplace_back(a.substr(10));
    }
    return keys;
}

} // namespace postpress_tool
