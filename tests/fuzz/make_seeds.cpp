// Writes the fuzzing seed corpora at run time (scripts/fuzz.sh), so no large file is committed:
//   <dir>/decoder/  pages made with postpress::encode of testing::make_sample_accounts, the
//                   catalogue's valid page and its bad-input bodies
//   <dir>/http/     raw HTTP responses around such bodies: Content-Length, chunked, read to the
//                   end, error envelopes, a redirect, HTML
// The JSON files of tests/data/ are copied by the script.
#include "../support/bad_inputs.hpp"

#include <postpress/json/encoder.hpp>
#include <postpress/model/account_list.hpp>
#include <postpress/testing/sample_accounts.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

void write(fs::path const& dir, std::string const& name, std::string const& bytes) {
    std::ofstream out(dir / name, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string response(int status, std::string const& reason, std::string const& content_type,
                     std::string const& body, std::string const& extra = "") {
    std::string r = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n";
    if (!content_type.empty()) r += "Content-Type: " + content_type + "\r\n";
    r += extra;
    r += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    return r + body;
}

std::string chunked(std::string const& body, std::size_t pieces) {
    std::string r = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n";
    std::size_t const step = body.size() / pieces + 1;
    for (std::size_t pos = 0; pos < body.size(); pos += step) {
        std::string const part = body.substr(pos, step);
        char size[32];
        std::snprintf(size, sizeof size, "%zx\r\n", part.size());
        r += size + part + "\r\n";
    }
    return r + "0\r\n\r\n";
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_seeds DIR\n");
        return 2;
    }
    fs::path const root = argv[1];
    fs::path const dec = root / "decoder", http = root / "http";
    fs::create_directories(dec);
    fs::create_directories(http);

    std::vector<std::string> pages;
    pages.emplace_back(postpress::test::valid_page);
    for (std::size_t n : {0u, 1u, 3u, 14u, 30u}) {
        postpress::account_list list;
        list.items = postpress::testing::make_sample_accounts(n, 11 + n);
        if (n % 2 == 0) list.cursor = "b2Zmc2V0PTE0+/==";
        pages.push_back(postpress::encode(list));
    }
    for (std::size_t i = 0; i < pages.size(); ++i)
        write(dec, "page-" + std::to_string(i) + ".json", pages[i]);

    std::size_t bad = 0;
    for (auto const& c : postpress::test::bad_input_catalogue())
        if (c.body.size() <= 16 * 1024)
            write(dec, "bad-" + std::to_string(bad++) + ".json", c.body);

    std::string const& page = pages[0];
    std::string const& small = pages[2];
    write(http, "200-content-length", response(200, "OK", "application/json", page));
    write(http, "200-chunked", chunked(pages[3], 3));
    write(http, "200-no-content-type", response(200, "OK", "", small));
    write(http, "200-until-close",
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
          "Connection: close\r\n\r\n" +
              small);
    write(http, "200-http10", "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + small);
    write(http, "200-keep-alive-extra",
          response(200, "OK", "application/json; charset=utf-8", small,
                   "Connection: keep-alive\r\nX-Request-Id: req_1\r\n") +
              "HTTP/1.1 200 OK\r\n");
    write(http, "200-html", response(200, "OK", "text/html", "<html>hi</html>"));
    write(http, "200-bad-body",
          response(200, "OK", "application/json", R"({"object":"AccountList","items":[{}]})"));
    write(http, "204", "HTTP/1.1 204 No Content\r\n\r\n");
    write(http, "503-envelope",
          response(503, "Service Unavailable", "application/json",
                   R"({"type":"errors/service_unavailable","title":"Service unavailable",)"
                   R"("detail":"Try later","instance":"req_2","status":503})",
                   "Retry-After: 1\r\n"));
    write(http, "401-envelope",
          response(401, "Unauthorized", "application/json",
                   R"({"type":"errors/invalid_credentials","title":"Invalid credentials",)"
                   R"("status":401})"));
    write(http, "302-redirect",
          response(302, "Found", "text/html", "", "Location: http://127.0.0.1:1/v1/accounts\r\n"));
    write(http, "502-html", response(502, "Bad Gateway", "text/html", "<html>Bad Gateway</html>"));
    write(http, "truncated-body", response(200, "OK", "application/json", small).substr(0, 120));
    std::printf("seeds: %zu decoder (%zu bad inputs), 14 http, in %s\n", pages.size() + bad, bad,
                root.c_str());
    return 0;
}
