// postpress-accounts end to end: the real binary run as a subprocess (stdout and stderr captured
// to files) against an in-process mock server. Every run is checked for the API key in its
// output. A few in-process checks of the tool's own helpers come last.
#include "account_output.hpp"
#include "cli_options.hpp"
#include "text_format.hpp"

#include "support/test_certificates.hpp"

#include <postpress/postpress.hpp>
#include <postpress/testing/mock_server.hpp>

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#ifndef POSTPRESS_ACCOUNTS_TOOL
#error "POSTPRESS_ACCOUNTS_TOOL must name the postpress-accounts binary"
#endif

extern char** environ;

namespace {

namespace bj = boost::json;
namespace pt = postpress::testing;
using namespace std::chrono_literals;

/// Distinctive enough that finding it anywhere is a leak.
constexpr char const* api_key = "sk_tool_Q7rT3SECRETkeyThatMustNeverLeak";
constexpr char const* proxy_password = "pw_PROXY_SECRET_5521";

// ---- running the tool ---------------------------------------------------------------------------

struct temp_file {
    std::string path;
    int fd = -1;
    temp_file() {
        char name[] = "/tmp/postpress_tool_test_XXXXXX";
        fd = ::mkstemp(name);
        REQUIRE(fd >= 0);
        path = name;
    }
    temp_file(temp_file const&) = delete;
    temp_file& operator=(temp_file const&) = delete;
    ~temp_file() {
        if (fd >= 0) ::close(fd);
        ::unlink(path.c_str());
    }
    std::string read() const {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
    void write(std::string const& s) const {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << s;
    }
};

struct tool_result {
    int status = -1; ///< the exit status, or 128 + signal
    std::string out, err;
    std::chrono::milliseconds elapsed{0};
};

/// The tool as a child process: `args` after the program name; the environment is this one
/// without POSTPRESS_* variables, plus `env`. With `stderr_tty`, stderr is a pseudo-terminal.
class tool_process {
public:
    explicit tool_process(std::vector<std::string> const& args,
                          std::vector<std::pair<std::string, std::string>> const& env = {},
                          bool stderr_tty = false)
        : start_(std::chrono::steady_clock::now()) {
        std::vector<std::string> argv_s{POSTPRESS_ACCOUNTS_TOOL};
        argv_s.insert(argv_s.end(), args.begin(), args.end());
        std::vector<std::string> env_s;
        for (char** e = environ; *e; ++e)
            if (!std::string_view(*e).starts_with("POSTPRESS_")) env_s.emplace_back(*e);
        for (auto const& [k, v] : env)
            env_s.push_back(k + "=" + v);
        std::vector<char*> argv, envp;
        for (auto& s : argv_s)
            argv.push_back(s.data());
        argv.push_back(nullptr);
        for (auto& s : env_s)
            envp.push_back(s.data());
        envp.push_back(nullptr);

        int slave = -1;
        if (stderr_tty) {
            winsize ws{};
            ws.ws_col = 120;
            ws.ws_row = 40;
            REQUIRE(::openpty(&master_, &slave, nullptr, nullptr, &ws) == 0);
        }
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            int const null_in = ::open("/dev/null", O_RDONLY);
            ::dup2(null_in, 0);
            ::dup2(out_.fd, 1);
            ::dup2(stderr_tty ? slave : err_.fd, 2);
            if (stderr_tty) ::close(master_);
            ::execve(argv[0], argv.data(), envp.data());
            ::_exit(127);
        }
        if (stderr_tty) {
            ::close(slave);
            ::fcntl(master_, F_SETFL, O_NONBLOCK);
        }
    }
    tool_process(tool_process const&) = delete;
    tool_process& operator=(tool_process const&) = delete;
    ~tool_process() {
        if (pid_ > 0 && !done_) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        if (master_ >= 0) ::close(master_);
    }

    pid_t pid() const { return pid_; }
    std::string stdout_so_far() const { return out_.read(); }

    /// Waits for the exit (killing the child after `timeout`) and collects its output.
    tool_result wait(std::chrono::seconds timeout = 60s) {
        tool_result r;
        auto const deadline = std::chrono::steady_clock::now() + timeout;
        int wstatus = 0;
        for (;;) {
            drain_tty();
            pid_t const w = ::waitpid(pid_, &wstatus, WNOHANG);
            if (w == pid_) break;
            if (std::chrono::steady_clock::now() > deadline) {
                ::kill(pid_, SIGKILL);
                ::waitpid(pid_, &wstatus, 0);
                FAIL("postpress-accounts did not finish in time");
                break;
            }
            std::this_thread::sleep_for(5ms);
        }
        done_ = true;
        drain_tty();
        r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start_);
        r.status = WIFEXITED(wstatus)     ? WEXITSTATUS(wstatus)
                   : WIFSIGNALED(wstatus) ? 128 + WTERMSIG(wstatus)
                                          : -1;
        r.out = out_.read();
        r.err = master_ >= 0 ? tty_ : err_.read();
        // The key never appears, whatever happened.
        CHECK(r.out.find(api_key) == std::string::npos);
        CHECK(r.err.find(api_key) == std::string::npos);
        return r;
    }

private:
    void drain_tty() {
        if (master_ < 0) return;
        char buf[4096];
        for (;;) {
            ssize_t const n = ::read(master_, buf, sizeof buf);
            if (n <= 0) break;
            tty_.append(buf, static_cast<std::size_t>(n));
        }
    }

    temp_file out_, err_;
    int master_ = -1;
    std::string tty_;
    pid_t pid_ = -1;
    bool done_ = false;
    std::chrono::steady_clock::time_point start_;
};

tool_result run_tool(std::vector<std::string> const& args,
                     std::vector<std::pair<std::string, std::string>> const& env = {}) {
    tool_process p(args, env);
    return p.wait();
}

/// The arguments that point the tool at `srv` with the key on the command line.
std::vector<std::string> against(pt::mock_server const& srv, std::vector<std::string> more = {}) {
    std::vector<std::string> args{"--base-url", srv.base_url(), "--api-key", api_key};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

pt::mock_server_options mock_options(std::size_t count, std::uint64_t seed = 7) {
    pt::mock_server_options o;
    o.api_key = api_key;
    o.account_count = count;
    o.seed = seed;
    return o;
}

// ---- reading the output -------------------------------------------------------------------------

std::vector<std::string> lines_of(std::string const& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

/// The cursor of "--cursor '...'" on stderr.
std::optional<std::string> cursor_in(std::string const& err) {
    auto const pos = err.find("--cursor '");
    if (pos == std::string::npos) return std::nullopt;
    auto const start = pos + 10;
    auto const end = err.find('\'', start);
    if (end == std::string::npos) return std::nullopt;
    return err.substr(start, end - start);
}

/// The mock's workspace as a client sees it: encoded as the server sends it, decoded with
/// parse_account_list.
std::vector<postpress::account> served_accounts(pt::mock_server const& srv) {
    postpress::account_list all;
    all.items = srv.accounts();
    return postpress::parse_account_list(postpress::encode(all)).items;
}

/// `a` as the tool prints it by default: proxy passwords as "***".
postpress::account redacted(postpress::account a) {
    if (auto* p = a.params<postpress::linkedin_params>(); p && p->proxy && p->proxy->password)
        p->proxy->password = "***";
    return a;
}

/// Decodes the JSON lines the tool printed, checking each is one JSON object.
std::vector<postpress::account> decode_jsonl(std::string const& out) {
    std::vector<postpress::account> accounts;
    for (auto const& line : lines_of(out)) {
        bj::value v;
        REQUIRE_NOTHROW(v = bj::parse(line));
        REQUIRE(v.is_object());
        CHECK(v.as_object().contains("id"));
        accounts.push_back(postpress::decode<postpress::account>(line));
    }
    return accounts;
}

std::vector<std::string> ids_of(std::vector<postpress::account> const& accounts) {
    std::vector<std::string> ids;
    for (auto const& a : accounts)
        ids.push_back(a.id);
    return ids;
}

/// The IDs in table rows (the third column; IDs have no spaces).
std::vector<std::string> table_ids(std::string const& out,
                                   std::vector<postpress::account> const& known) {
    std::vector<std::string> ids;
    for (auto const& line : lines_of(out)) {
        if (line.starts_with("TYPE ")) continue;
        for (auto const& a : known)
            if (line.find("  " + a.id + "  ") != std::string::npos) {
                ids.push_back(a.id);
                break;
            }
    }
    return ids;
}

std::size_t column_of(std::string const& line, std::string const& text) {
    auto const pos = line.find(text);
    REQUIRE(pos != std::string::npos);
    return postpress_tool::text::width(line.substr(0, pos));
}

std::string sources_text(postpress::account const& a) {
    std::string s;
    for (auto const& src : a.sources)
        s += (s.empty() ? "" : " ") + src.id + ":" + std::string(postpress::to_string(src.status));
    return s.empty() ? "-" : s;
}

/// Counts as --summary computes them: accounts per type name, sources per status.
struct expected_counts {
    std::map<std::string, std::size_t> by_type, by_status;
};
expected_counts count(std::vector<postpress::account> const& accounts) {
    expected_counts c;
    for (auto const& a : accounts) {
        ++c.by_type[a.type_name];
        for (auto const& s : a.sources)
            ++c.by_status[std::string(postpress::to_string(s.status))];
    }
    return c;
}

/// A workspace with names a terminal table must handle and one LinkedIn proxy password.
std::vector<postpress::account> tricky_accounts() {
    auto accounts = pt::make_sample_accounts(30, 11);
    accounts[1].name = "Íñigo Müller-Łukasiewicz de la Peña y Señorío Ébène";
    accounts[2].name = "山田太郎と東京の営業チームの皆さんです";
    accounts[3].name = "Evil \x1b[31mred\x1b[0m\tname\r\nwith controls";
    accounts[4].name = "Cafe\xcc\x81 combining";
    for (auto& a : accounts)
        if (auto* p = a.params<postpress::linkedin_params>()) {
            postpress::linkedin_proxy proxy;
            proxy.source = "USER";
            proxy.host = "proxy.example.net";
            proxy.port = 8080;
            proxy.username = "proxy_user";
            proxy.password = proxy_password;
            p->proxy = proxy;
            break;
        }
    return accounts;
}

// ---- the tests ----------------------------------------------------------------------------------

TEST_SUITE("postpress-accounts") {

    TEST_CASE("table output: every account, in order, in aligned columns") {
        auto opts = mock_options(0);
        opts.accounts = tricky_accounts();
        pt::mock_server srv(opts);
        auto const expected = served_accounts(srv);
        auto const r = run_tool(against(srv, {"--limit", "7"}));
        REQUIRE(r.status == 0);
        CHECK(r.err.empty());
        auto const rows = lines_of(r.out);
        REQUIRE(rows.size() == expected.size() + 1);
        auto const& header = rows[0];
        CHECK(header.starts_with("TYPE "));
        auto const name_col = column_of(header, "NAME");
        auto const id_col = column_of(header, "ID ");
        auto const created_col = column_of(header, "CREATED");
        auto const sources_col = column_of(header, "SOURCES");
        CHECK(ids_of(expected) == table_ids(r.out, expected));
        for (std::size_t i = 0; i < expected.size(); ++i) {
            auto const& a = expected[i];
            auto const& row = rows[i + 1];
            CAPTURE(row);
            CHECK(row.starts_with(a.type_name + " "));
            CHECK(column_of(row, a.id) == id_col);
            std::string const created = postpress::format_timestamp(a.created_at);
            std::string const shown = created.substr(0, 10) + " " + created.substr(11, 5) + " UTC";
            CHECK(column_of(row, shown) == created_col);
            CHECK(column_of(row, sources_text(a)) == sources_col);
            CHECK(row.ends_with(sources_text(a)));
            // The name column: valid UTF-8, no control character, exactly its width.
            std::string const name_cell =
                row.substr(row.find_first_not_of(' ', a.type_name.size()),
                           row.find(a.id) - row.find_first_not_of(' ', a.type_name.size()));
            CHECK(postpress_tool::text::sanitize(name_cell) == name_cell);
            CHECK(postpress_tool::text::width(name_cell) == id_col - name_col);
        }
        CHECK(r.out.find('\x1b') == std::string::npos);
        CHECK(r.out.find('\t') == std::string::npos);
        CHECK(r.out.find("Íñigo Müller") != std::string::npos);
        CHECK(r.out.find("\u2026") != std::string::npos); // long names end with an ellipsis
        CHECK(r.out.find(proxy_password) == std::string::npos);
        CHECK(srv.request_count() == 5); // 30 accounts, 7 a page
    }

    TEST_CASE("jsonl output: the typed model, one object per account") {
        pt::mock_server srv(mock_options(60));
        auto const expected = served_accounts(srv);
        auto const r = run_tool(against(srv, {"--limit", "25", "--format", "jsonl"}));
        REQUIRE(r.status == 0);
        CHECK(r.err.empty());
        auto const got = decode_jsonl(r.out);
        REQUIRE(got.size() == expected.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            CAPTURE(i);
            CHECK(got[i] == redacted(expected[i]));
        }
        // Timestamps as the API writes them.
        auto const first = bj::parse(lines_of(r.out).front()).as_object();
        CHECK(first.at("created_at").as_string() ==
              postpress::format_timestamp(expected[0].created_at));
        CHECK(srv.request_count() == 3);
        for (auto const& req : srv.requests())
            CHECK(req.query("limit") == "25");
    }

    TEST_CASE("usage errors exit 1 before any request") {
        pt::mock_server srv(mock_options(10));
        std::vector<std::vector<std::string>> const bad = {
            {"--limit", "0"},     {"--limit", "251"}, {"--limit", "abc"},
            {"--limit", "-5"},    {"--limit"},        {"--format", "xml"},
            {"--format=csv"},     {"--bogus"},        {"-x"},
            {"positional"},       {"--timeout", "0"}, {"--timeout", "soon"},
            {"--max-pages", "0"}, {"--type", "FAX"},  {"--type", "linkedin,"},
            {"--cursor", ""},     {"--summary=yes"},  {"--ca-file", "/nonexistent/ca.pem"},
        };
        for (auto const& args : bad) {
            CAPTURE(args.front());
            auto const r = run_tool(against(srv, args));
            CHECK(r.status == 1);
            CHECK(r.out.empty());
            CHECK(r.err.find("postpress-accounts: ") == 0);
            CHECK(r.err.find("--help") != std::string::npos);
        }
        // No key at all.
        auto r = run_tool({"--base-url", srv.base_url()});
        CHECK(r.status == 1);
        CHECK(r.err.find("POSTPRESS_API_KEY") != std::string::npos);
        // Base URLs the library refuses before sending.
        for (std::string url : {"ftp://127.0.0.1/", "not a url", "http://example.com"}) {
            CAPTURE(url);
            r = run_tool({"--base-url", url, "--api-key", api_key});
            CHECK(r.status == 1);
            CHECK(r.out.empty());
        }
        // A key the library refuses (it would split the header) is not echoed either.
        r = run_tool({"--base-url", srv.base_url(), "--api-key", std::string(api_key) + " x"});
        CHECK(r.status == 1);
        CHECK(srv.request_count() == 0);
    }

    TEST_CASE("--help and --version") {
        auto r = run_tool({"--help"});
        CHECK(r.status == 0);
        CHECK(r.out.find("--max-pages") != std::string::npos);
        CHECK(r.out.find("Exit status") != std::string::npos);
        r = run_tool({"--version"});
        CHECK(r.status == 0);
        CHECK(r.out == "postpress-accounts " POSTPRESS_VERSION_STRING "\n");
    }

    TEST_CASE("key and base URL from POSTPRESS_API_KEY and POSTPRESS_BASE_URL") {
        pt::mock_server srv(mock_options(12));
        auto r = run_tool({"--format", "jsonl"},
                          {{"POSTPRESS_API_KEY", api_key}, {"POSTPRESS_BASE_URL", srv.base_url()}});
        CHECK(r.status == 0);
        CHECK(lines_of(r.out).size() == 12);
        REQUIRE(srv.requests().size() == 1);
        CHECK(srv.requests()[0].header("X-API-KEY") == api_key);
        // An explicit --api-key wins over the environment.
        r = run_tool(against(srv, {"--format", "jsonl"}),
                     {{"POSTPRESS_API_KEY", "sk_wrong_key_from_env"}});
        CHECK(r.status == 0);
        CHECK(srv.requests().back().header("X-API-KEY") == api_key);
        // A wrong key in the environment: the API says so (exit 2), and the key is not printed.
        r = run_tool({"--base-url", srv.base_url()},
                     {{"POSTPRESS_API_KEY", "sk_wrong_key_from_env"}});
        CHECK(r.status == 2);
        CHECK(r.err.find("errors/invalid_credentials") != std::string::npos);
        CHECK(r.err.find("sk_wrong_key_from_env") == std::string::npos);
    }

    TEST_CASE("API errors exit 2 and say what the envelope said") {
        pt::mock_server srv(mock_options(10));
        pt::fault f;
        f.kind = pt::fault_kind::error_envelope;
        f.error = postpress::errc::invalid_credentials;
        srv.inject(f);
        auto r = run_tool(against(srv));
        CHECK(r.status == 2);
        CHECK(r.out.empty());
        CHECK(r.err.find("API error") != std::string::npos);
        CHECK(r.err.find("error type:  errors/invalid_credentials") != std::string::npos);
        CHECK(r.err.find("HTTP status: 401") != std::string::npos);
        CHECK(r.err.find("title:") != std::string::npos);
        CHECK(r.err.find("detail:") != std::string::npos);
        CHECK(r.err.find("instance:    req_1") != std::string::npos);
        CHECK(r.err.find("--cursor") == std::string::npos); // nothing printed, nothing to resume

        f.error = postpress::errc::invalid_parameters;
        f.body = "limit is not acceptable";
        srv.inject(f);
        r = run_tool(against(srv, {"--format", "jsonl"}));
        CHECK(r.status == 2);
        CHECK(r.out.empty());
        CHECK(r.err.find("HTTP status: 400") != std::string::npos);
        CHECK(r.err.find("errors/invalid_parameters") != std::string::npos);
        CHECK(r.err.find("limit is not acceptable") != std::string::npos);
    }

    TEST_CASE("network errors and timeouts exit 3") {
        unsigned short port;
        {
            boost::asio::io_context io;
            boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
            port = a.local_endpoint().port();
        }
        auto r = run_tool({"--base-url", "http://127.0.0.1:" + std::to_string(port), "--api-key",
                           api_key, "--timeout", "2"});
        CHECK(r.status == 3);
        CHECK(r.out.empty());
        CHECK(r.err.find("network or TLS error") != std::string::npos);
        CHECK(r.err.find("error type:") != std::string::npos);

        pt::mock_server srv(mock_options(10));
        pt::fault stall;
        stall.kind = pt::fault_kind::stall_before_headers;
        srv.inject(stall, 10);
        r = run_tool(against(srv, {"--timeout", "1"}));
        CHECK(r.status == 3);
        CHECK(r.elapsed < 8s);
        CHECK(r.elapsed >= 900ms);
        CHECK(r.err.find("network or TLS error") != std::string::npos);
    }

    TEST_CASE("undecodable responses exit 4") {
        pt::mock_server srv(mock_options(10));
        pt::fault f;
        f.kind = pt::fault_kind::malformed_body;
        srv.inject(f);
        auto r = run_tool(against(srv));
        CHECK(r.status == 4);
        CHECK(r.out.empty());
        CHECK(r.err.find("could not be decoded") != std::string::npos);
        CHECK(r.err.find("postpress:malformed_json") != std::string::npos);
        CHECK(r.err.find("HTTP status: 200") != std::string::npos);

        // A required field missing: the JSON path says where.
        f = {};
        f.kind = pt::fault_kind::http_status;
        f.status = 200;
        f.content_type = "application/json";
        f.body = R"({"object":"AccountList","items":[{"object":"Account","type":"MAIL",)"
                 R"("name":"x","created_at":"2024-01-01T00:00:00.000Z","groups":[],)"
                 R"("sources":[],"connection_params":{"mail":{"imap_host":"h","imap_port":1,)"
                 R"("imap_user":"u","smtp_host":"h","smtp_port":2,"smtp_user":"u"}}}],)"
                 R"("cursor":null})";
        srv.inject(f);
        r = run_tool(against(srv, {"--format", "jsonl"}));
        CHECK(r.status == 4);
        CHECK(r.err.find("postpress:missing_field") != std::string::npos);
        CHECK(r.err.find("JSON path:   items[0].id") != std::string::npos);

        // Not the API at all: an HTML error page from a proxy.
        f = {};
        f.kind = pt::fault_kind::http_status;
        f.status = 502;
        f.body = "<html>Bad gateway</html>";
        srv.inject(f, 4);
        r = run_tool(against(srv));
        CHECK(r.status == 4);
        CHECK(r.err.find("HTTP status: 502") != std::string::npos);
        CHECK(r.err.find("postpress:unexpected_response") != std::string::npos);
    }

    TEST_CASE("--summary counts per type and per source status") {
        auto opts = mock_options(0);
        auto accounts = pt::make_sample_accounts(95, 3);
        accounts[5].type = postpress::account_type::unknown;
        accounts[5].type_name = "MASTODON";
        accounts[5].connection_params = postpress::unknown_params{bj::parse(R"({"handle":"@a"})")};
        opts.accounts = accounts;
        pt::mock_server srv(opts);
        auto const expected = served_accounts(srv);
        auto const want = count(expected);

        auto r = run_tool(against(srv, {"--summary", "--format", "jsonl", "--limit", "20"}));
        REQUIRE(r.status == 0);
        REQUIRE(lines_of(r.out).size() == 1);
        auto const o = bj::parse(r.out).as_object();
        CHECK(o.at("accounts").to_number<std::size_t>() == expected.size());
        CHECK(o.at("pages").to_number<std::size_t>() == 5);
        std::map<std::string, std::size_t> by_type, by_status;
        for (auto const& [k, v] : o.at("by_type").as_object())
            if (auto const n = v.to_number<std::size_t>()) by_type[std::string(k)] = n;
        for (auto const& [k, v] : o.at("by_source_status").as_object())
            if (auto const n = v.to_number<std::size_t>()) by_status[std::string(k)] = n;
        CHECK(by_type == want.by_type);
        CHECK(by_type.at("MASTODON") == 1);
        CHECK(by_status == want.by_status);
        CHECK(o.at("by_type").as_object().contains("MESSENGER")); // known types even at 0

        r = run_tool(against(srv, {"--summary", "--limit", "20"}));
        REQUIRE(r.status == 0);
        std::map<std::string, std::size_t> table;
        for (auto const& line : lines_of(r.out)) {
            std::istringstream in(line);
            std::string label;
            std::size_t n;
            if (in >> label >> n) table[label] = n;
        }
        for (auto const& [type, n] : want.by_type)
            CHECK(table.at(type) == n);
        for (auto const& [status, n] : want.by_status)
            CHECK(table.at(status) == n);
        CHECK(table.at("total") == expected.size());
        CHECK(r.out.find("95 accounts in 5 pages") != std::string::npos);

        // With --type: the counts of those accounts only.
        r = run_tool(against(srv, {"--summary", "--format", "jsonl", "--type", "slack"}));
        REQUIRE(r.status == 0);
        auto const s = bj::parse(r.out).as_object();
        CHECK(s.at("accounts").to_number<std::size_t>() == want.by_type.at("SLACK"));
        CHECK(s.at("by_type").as_object().at("SLACK").to_number<std::size_t>() ==
              want.by_type.at("SLACK"));
        CHECK(s.at("by_type").as_object().at("MAIL").to_number<std::size_t>() == 0);
    }

    TEST_CASE("--type keeps the accounts of the types named, case-insensitively") {
        auto opts = mock_options(0);
        auto accounts = pt::make_sample_accounts(70, 5);
        accounts[8].type = postpress::account_type::unknown;
        accounts[8].type_name = "MASTODON";
        accounts[8].connection_params =
            postpress::unknown_params{bj::parse(R"({"instance":"mastodon.social","n":[1,2]})")};
        opts.accounts = accounts;
        pt::mock_server srv(opts);
        auto const expected = served_accounts(srv);
        auto only = [&](std::vector<std::string> const& types) {
            std::vector<std::string> ids;
            for (auto const& a : expected)
                if (std::find(types.begin(), types.end(), a.type_name) != types.end())
                    ids.push_back(a.id);
            return ids;
        };
        auto r =
            run_tool(against(srv, {"--format", "jsonl", "--type", "linkedin", "--limit", "9"}));
        REQUIRE(r.status == 0);
        auto got = decode_jsonl(r.out);
        CHECK(!got.empty());
        CHECK(ids_of(got) == only({"LINKEDIN"}));
        for (auto const& a : got)
            CHECK(a.type == postpress::account_type::linkedin);

        r = run_tool(
            against(srv, {"--format", "jsonl", "--type", "Google_Oauth,MAIL", "--type", "mail"}));
        REQUIRE(r.status == 0);
        CHECK(ids_of(decode_jsonl(r.out)) == only({"GOOGLE_OAUTH", "MAIL"}));

        // A type this version does not know: its raw connection_params pass through.
        r = run_tool(against(srv, {"--format", "jsonl", "--type", "unknown"}));
        REQUIRE(r.status == 0);
        REQUIRE(lines_of(r.out).size() == 1);
        auto const line = bj::parse(r.out).as_object();
        CHECK(line.at("type").as_string() == "MASTODON");
        CHECK(line.at("connection_params") ==
              bj::parse(R"({"instance":"mastodon.social","n":[1,2]})"));

        r = run_tool(against(srv, {"--type", "TELEGRAM"}));
        REQUIRE(r.status == 0);
        CHECK(table_ids(r.out, expected) == only({"TELEGRAM"}));
    }

    TEST_CASE("--max-pages stops and prints the cursor to continue from") {
        pt::mock_server srv(mock_options(45));
        auto const expected = served_accounts(srv);
        auto r = run_tool(against(srv, {"--format", "jsonl", "--limit", "10", "--max-pages", "2"}));
        REQUIRE(r.status == 0);
        auto first = decode_jsonl(r.out);
        CHECK(first.size() == 20);
        auto const cursor = cursor_in(r.err);
        REQUIRE(cursor);
        CHECK(*cursor == srv.cursor_for(20));

        r = run_tool(against(srv, {"--format", "jsonl", "--limit", "10", "--cursor", *cursor}));
        REQUIRE(r.status == 0);
        CHECK(r.err.empty());
        auto rest = decode_jsonl(r.out);
        first.insert(first.end(), rest.begin(), rest.end());
        CHECK(ids_of(first) == ids_of(expected));

        // Reaching the end exactly at --max-pages: nothing to continue.
        r = run_tool(against(srv, {"--format", "jsonl", "--limit", "15", "--max-pages", "3"}));
        REQUIRE(r.status == 0);
        CHECK(lines_of(r.out).size() == 45);
        CHECK(r.err.empty());
    }

    TEST_CASE("--cursor resumes exactly after a failure") {
        struct scenario {
            char const* name;
            pt::fault f;
            int status;
            char const* format;
        };
        pt::fault api;
        api.kind = pt::fault_kind::error_envelope;
        api.error = postpress::errc::invalid_credentials;
        pt::fault decode;
        decode.kind = pt::fault_kind::malformed_body;
        pt::fault drop; // retried until the retries run out
        drop.kind = pt::fault_kind::drop_mid_body;
        for (auto const& sc :
             {scenario{"api", api, 2, "jsonl"}, scenario{"decode", decode, 4, "jsonl"},
              scenario{"api, table", api, 2, "table"}, scenario{"network", drop, 3, "jsonl"}}) {
            CAPTURE(sc.name);
            auto opts = mock_options(0);
            opts.accounts = tricky_accounts();
            pt::mock_server srv(opts);
            auto const expected = served_accounts(srv);
            srv.inject(pt::fault{}, 2); // pages 1 and 2 as they are
            srv.inject(sc.f, 10);
            auto r =
                run_tool(against(srv, {"--format", sc.format, "--limit", "6", "--timeout", "5"}));
            CHECK(r.status == sc.status);
            auto const cursor = cursor_in(r.err);
            REQUIRE(cursor);
            CHECK(*cursor == srv.cursor_for(12));
            CHECK(r.err.find("2 pages (12 accounts printed) before the failure") !=
                  std::string::npos);
            srv.clear_faults();
            auto r2 = run_tool(
                against(srv, {"--format", sc.format, "--limit", "6", "--cursor", *cursor}));
            CHECK(r2.status == 0);
            std::vector<std::string> ids;
            if (std::string_view(sc.format) == "jsonl") {
                auto const a = decode_jsonl(r.out);
                auto const b = decode_jsonl(r2.out);
                CHECK(a.size() == 12);
                ids = ids_of(a);
                for (auto const& id : ids_of(b))
                    ids.push_back(id);
            } else {
                ids = table_ids(r.out, expected);
                CHECK(ids.size() == 12);
                for (auto const& id : table_ids(r2.out, expected))
                    ids.push_back(id);
                CHECK(lines_of(r.out).size() == 13); // the header once per run
            }
            CHECK(ids == ids_of(expected)); // everything, once, in order
        }
    }

    TEST_CASE("a cursor loop exits 2 and offers no cursor") {
        pt::mock_server srv(mock_options(30));
        pt::fault loop;
        loop.kind = pt::fault_kind::repeat_cursor;
        srv.inject(loop, 2);
        auto const r = run_tool(against(srv, {"--format", "jsonl", "--limit", "10"}));
        CHECK(r.status == 2);
        CHECK(r.err.find("cursor_loop") != std::string::npos);
        CHECK(r.err.find("cannot be continued") != std::string::npos);
        CHECK(!cursor_in(r.err));
        CHECK(lines_of(r.out).size() == 20); // the pages received before the loop was seen
    }

    TEST_CASE("proxy passwords print as *** unless --show-secrets") {
        auto opts = mock_options(0);
        opts.accounts = tricky_accounts();
        pt::mock_server srv(opts);
        auto r = run_tool(against(srv, {"--format", "jsonl"}));
        REQUIRE(r.status == 0);
        CHECK(r.out.find(proxy_password) == std::string::npos);
        CHECK(r.out.find(R"("password":"***")") != std::string::npos);
        r = run_tool(against(srv, {"--format", "jsonl", "--show-secrets"}));
        REQUIRE(r.status == 0);
        CHECK(r.out.find(std::string(R"("password":")") + proxy_password + "\"") !=
              std::string::npos);
        CHECK(decode_jsonl(r.out) == served_accounts(srv));
        r = run_tool(against(srv, {"--show-secrets"}));
        REQUIRE(r.status == 0);
        CHECK(r.out.find(proxy_password) == std::string::npos); // no such column in the table
    }

    TEST_CASE("--demo lists 1000 accounts from the bundled mock server") {
        auto r = run_tool({"--demo", "--format", "jsonl", "--base-url", "https://ignored.invalid"});
        CHECK(r.status == 0);
        auto const accounts = decode_jsonl(r.out);
        CHECK(accounts.size() == 1000);
        auto ids = ids_of(accounts);
        std::sort(ids.begin(), ids.end());
        CHECK(std::unique(ids.begin(), ids.end()) == ids.end());
        r = run_tool({"--demo"});
        CHECK(r.status == 0);
        CHECK(lines_of(r.out).size() == 1001);
        r = run_tool({"--demo", "--summary", "--format", "jsonl"});
        CHECK(r.status == 0);
        CHECK(bj::parse(r.out).as_object().at("accounts").to_number<int>() == 1000);
    }

    TEST_CASE("an empty workspace: the header alone, or nothing") {
        pt::mock_server srv(mock_options(0));
        auto r = run_tool(against(srv));
        CHECK(r.status == 0);
        REQUIRE(lines_of(r.out).size() == 1);
        CHECK(r.out.starts_with("TYPE "));
        r = run_tool(against(srv, {"--format", "jsonl"}));
        CHECK(r.status == 0);
        CHECK(r.out.empty());
    }

    TEST_CASE("--ca-file trusts a private CA; verification stays on") {
        auto const pki = postpress::test::test_pki::make();
        temp_file ca;
        ca.write(pki.ca.certificate);
        auto good = postpress::test::server_tls_context(pki.server);
        auto opts = mock_options(30);
        opts.tls = good.get();
        {
            pt::mock_server srv(opts);
            CHECK(srv.base_url().starts_with("https://"));
            auto r = run_tool(against(srv, {"--ca-file", ca.path, "--format", "jsonl"}));
            CHECK(r.status == 0);
            CHECK(lines_of(r.out).size() == 30);
            // Without it, the system's trust store does not know the test CA.
            r = run_tool(against(srv, {"--timeout", "5"}));
            CHECK(r.status == 3);
            CHECK(r.out.empty());
        }
        // Trusted CA, wrong host name: refused.
        auto wrong = postpress::test::server_tls_context(pki.wrong_host);
        opts.tls = wrong.get();
        {
            pt::mock_server srv(opts);
            auto r = run_tool(against(srv, {"--ca-file", ca.path, "--timeout", "5"}));
            CHECK(r.status == 3);
        }
        // A file that is not PEM: a usage error.
        temp_file junk;
        junk.write("not a certificate\n");
        auto const r = run_tool(
            {"--base-url", "https://127.0.0.1:1", "--api-key", api_key, "--ca-file", junk.path});
        CHECK(r.status == 1);
    }

    TEST_CASE("progress on stderr only when it is a terminal") {
        pt::mock_server srv(mock_options(50));
        tool_process p(against(srv, {"--format", "jsonl", "--limit", "10"}), {}, true);
        auto const r = p.wait();
        CHECK(r.status == 0);
        CHECK(lines_of(r.out).size() == 50); // stdout untouched
        CHECK(r.err.find("5 pages, 50 accounts, ") != std::string::npos);
        CHECK(r.err.find("accounts/s") != std::string::npos);
        CHECK(r.err.ends_with("\r\x1b[K")); // cleared at the end

        auto const plain = run_tool(against(srv, {"--format", "jsonl", "--limit", "10"}));
        CHECK(plain.status == 0);
        CHECK(plain.err.empty());
    }

    TEST_CASE("SIGINT between pages: whole pages printed and the cursor to continue") {
        pt::mock_server srv(mock_options(40));
        auto const expected = served_accounts(srv);
        pt::fault slow;
        slow.kind = pt::fault_kind::latency;
        slow.delay = 20s;
        srv.inject(pt::fault{}, 1);
        srv.inject(slow, 1);
        tool_process p(against(srv, {"--format", "jsonl", "--limit", "10"}));
        auto const deadline = std::chrono::steady_clock::now() + 20s;
        while (lines_of(p.stdout_so_far()).size() < 10 &&
               std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(10ms);
        REQUIRE(srv.wait_for_requests(2, 10s));
        ::kill(p.pid(), SIGINT);
        auto const r = p.wait();
        CHECK(r.status == 130);
        CHECK(r.elapsed < 15s);
        CHECK(decode_jsonl(r.out).size() == 10);
        CHECK(r.err.find("interrupted") != std::string::npos);
        auto const cursor = cursor_in(r.err);
        REQUIRE(cursor);
        CHECK(*cursor == srv.cursor_for(10));
    }
}

TEST_SUITE("postpress-accounts helpers") {
    namespace text = postpress_tool::text;

    TEST_CASE("display widths and fitting never cut a character") {
        CHECK(text::width("Chloé") == 5);
        CHECK(text::width("Cafe\xcc\x81") == 4); // combining acute
        CHECK(text::width("山田") == 4);
        for (std::size_t w = 1; w < 14; ++w) {
            for (std::string s :
                 {"Íñigo Müller-Łuka", "山田太郎と東京", "ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ", "abc"}) {
                std::string out;
                text::append_fitted(out, s, w);
                CAPTURE(s);
                CAPTURE(w);
                CHECK(text::width(out) == w);
                CHECK(text::sanitize(out) == out); // valid UTF-8
            }
        }
        std::string out;
        text::append_fitted(out, "Cafe\xcc\x81ss", 5);
        CHECK(out == "Cafe\xcc\x81\u2026"); // the mark stays with its letter
    }

    TEST_CASE("control characters and invalid UTF-8 are neutralised") {
        CHECK(text::sanitize("a\x1b[2Jb") == "a\uFFFD[2Jb");
        CHECK(text::sanitize("x\xff\xc3") == "x\uFFFD\uFFFD");
        CHECK(text::sanitize("\xe2\x80\xae"
                             "evil") == "\uFFFDevil"); // RIGHT-TO-LEFT OVERRIDE
        CHECK(text::sanitize("Müller") == "Müller");
        CHECK(text::shell_quote("ab+/=") == "'ab+/='");
        CHECK(text::shell_quote("it's") == "'it'\\''s'");
        CHECK(text::shell_quote("a\nb") == "$'a\\x0ab'");
    }

    TEST_CASE("command-line parsing") {
        auto parse = [](std::vector<char const*> args) {
            args.insert(args.begin(), "postpress-accounts");
            return postpress_tool::parse_command_line(int(args.size()), args.data());
        };
        auto const o = parse({"--limit=250", "--type", "linkedin,Mail", "--timeout", "2.5",
                              "--format", "jsonl", "--max-pages", "3", "--cursor", "a+b/c="});
        CHECK(o.limit == 250);
        CHECK(o.types == std::vector<std::string>{"LINKEDIN", "MAIL"});
        CHECK(o.timeout == std::chrono::milliseconds(2500));
        CHECK(o.format == postpress_tool::output_format::jsonl);
        CHECK(o.max_pages == 3u);
        CHECK(o.cursor == "a+b/c=");
        CHECK(parse({}).timeout == std::chrono::seconds(30));
        for (auto bad :
             std::vector<std::vector<char const*>>{{"--limit", "1e2"},
                                                   {"--limit", " 5"},
                                                   {"--timeout", "-1"},
                                                   {"--timeout", "1.2.3"},
                                                   {"--max-pages", "99999999999999999999"},
                                                   {"--api-key"},
                                                   {"--demo=1"}})
            CHECK_THROWS_AS(parse(bad), postpress_tool::usage_error);
        // The key is never part of a message about it.
        try {
            parse({"--api-key", "sk_in_message?", "--nope"});
        } catch (postpress_tool::usage_error const& e) {
            CHECK(std::string(e.what()).find("sk_in_message") == std::string::npos);
        }
        CHECK(postpress_tool::api_keys_in_command_line(
                  3, std::vector<char const*>{"p", "--api-key", "k1"}.data()) ==
              std::vector<std::string>{"k1"});
    }
}

} // namespace
