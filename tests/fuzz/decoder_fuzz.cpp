// libFuzzer target: the streaming decoder. The input is decoded whole, then again fed in chunks
// whose sizes are taken from the input's own bytes, then again into a list that held other
// accounts. All three must agree: the same errc and path, and on success the same account_list.
// A decoded page must also survive an encode/decode round trip unchanged.
//
// Built and run by scripts/fuzz.sh.
#include <postpress/json/encoder.hpp>
#include <postpress/json/parse.hpp>
#include <postpress/testing/sample_accounts.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(char const* what, boost::system::error_code const& a,
                       boost::system::error_code const& b, std::string const& pa,
                       std::string const& pb) {
    std::fprintf(stderr, "decoder_fuzz: %s: %s at '%s' vs %s at '%s'\n", what, a.message().c_str(),
                 pa.c_str(), b.message().c_str(), pb.c_str());
    std::abort();
}

postpress::account_list const& prefilled() {
    static auto const* list = [] {
        auto* l = new postpress::account_list;
        l->items = postpress::testing::make_sample_accounts(16, 3);
        l->cursor = "cursor-of-another-page";
        return l;
    }();
    return *list;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view const doc(reinterpret_cast<char const*>(data), size);

    // Whole.
    boost::system::error_code ec;
    postpress::diagnostics diag;
    auto const whole = postpress::parse_account_list(doc, ec, diag);

    // In chunks of 1..32 bytes, the sizes read from the input's last bytes backwards.
    boost::system::error_code cec;
    postpress::diagnostics cdiag;
    postpress::account_list chunked;
    postpress::decoder dec;
    dec.start(chunked);
    std::size_t pos = 0;
    for (std::size_t k = 0; pos < size && !cec; ++k) {
        std::size_t const n = 1 + data[size - 1 - k % size] % 32;
        dec.write(doc.substr(pos, n), cec, cdiag);
        pos += n;
    }
    if (!cec) dec.finish(cec, cdiag);
    if (ec != cec || diag.path != cdiag.path)
        fail("whole vs chunked", ec, cec, diag.path, cdiag.path);
    if (!ec && !(whole == chunked))
        fail("whole vs chunked: different pages", ec, cec, diag.path, cdiag.path);

    // Into a list that held other accounts: nothing of them may survive.
    boost::system::error_code rec;
    postpress::diagnostics rdiag;
    postpress::account_list reused = prefilled();
    postpress::parse_account_list(doc, reused, rec, rdiag);
    if (ec != rec || diag.path != rdiag.path)
        fail("fresh vs reused", ec, rec, diag.path, rdiag.path);
    if (!ec && !(whole == reused))
        fail("fresh vs reused: different pages", ec, rec, diag.path, rdiag.path);

    // What decoded encodes to a document that decodes again.
    if (!ec) {
        std::string const again = postpress::encode(whole);
        boost::system::error_code aec;
        postpress::diagnostics adiag;
        auto const back = postpress::parse_account_list(again, aec, adiag);
        if (aec) fail("encode/decode round trip", ec, aec, diag.path, adiag.path);
        if (!(back == whole))
            fail("encode/decode round trip: different pages", ec, aec, diag.path, adiag.path);
    }
    return 0;
}
