// The streaming decoder: JSON text in, fed in chunks of any size, written straight into a
// described C++ type. No DOM is built (but for the raw JSON of an unknown tagged-union
// alternative); a reused target keeps the capacity of its strings and vectors.
//
//   postpress::decoder dec;
//   postpress::account_list page;
//   dec.start(page);
//   for (auto chunk : body) dec.write(chunk, ec, diag);   // stop at the first error
//   dec.finish(ec, diag);
#pragma once

#include <postpress/diagnostics.hpp>
#include <postpress/errc.hpp>
#include <postpress/json/decode_options.hpp>
#include <postpress/json/detail/decode_handler.hpp>
#include <postpress/json/detail/value_decoder.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <boost/system/error_code.hpp>

#include <string>
#include <string_view>

namespace postpress {

class decoder {
public:
    explicit decoder(decode_options options = {})
        : options_(options)
        , parser_(parse_options(options)) {
        parser_.handler().max_depth = options.max_depth;
    }
    decoder(decoder const&) = delete;
    decoder& operator=(decoder const&) = delete;

    decode_options const& options() const noexcept { return options_; }

    /// Begins a document to be decoded into `target`. What `target` held is overwritten; its
    /// strings and vectors keep their capacity.
    template <class T>
    void start(T& target) {
        parser_.reset();
        auto& h = parser_.handler();
        h.reset();
        h.core.reset({&json::detail::root_frame<T>::ops, &target, 0, 0, 0}, options_.max_depth);
        bytes_ = 0;
        failed_ = {};
    }

    /// Feeds the next chunk of the document. On failure sets `ec` (and `diag.path`,
    /// `diag.detail`); later calls then fail the same way until `start`.
    void write(std::string_view chunk, boost::system::error_code& ec, diagnostics& diag) {
        if (failed(ec, diag)) return;
        bytes_ += chunk.size();
        if (bytes_ > options_.max_bytes) {
            parser_.handler().core.fail(errc::too_large, "document larger than " +
                                                             std::to_string(options_.max_bytes) +
                                                             " bytes");
            return fail(ec, diag, errc::too_large);
        }
        while (!chunk.empty()) {
            if (parser_.done()) return trailing(chunk, ec, diag);
            std::size_t const n = parser_.write_some(true, chunk.data(), chunk.size(), ec);
            if (ec) return translate(ec, diag);
            chunk.remove_prefix(n);
        }
    }

    /// Ends the document: fails if it is incomplete.
    void finish(boost::system::error_code& ec, diagnostics& diag) {
        if (failed(ec, diag)) return;
        if (!parser_.done()) {
            parser_.write_some(false, nullptr, 0, ec);
            if (ec) return translate(ec, diag);
        }
        if (!parser_.handler().core.finished()) {
            parser_.handler().core.fail(errc::malformed_json, "document ended early");
            return fail(ec, diag, errc::malformed_json);
        }
        ec = {};
    }

    /// Whether a whole document has been read.
    bool done() const noexcept { return parser_.done(); }

private:
    static boost::json::parse_options parse_options(decode_options const& o) {
        boost::json::parse_options p;
        p.max_depth = o.max_depth + 1; // ours reports first, with a path
        return p;
    }

    bool failed(boost::system::error_code& ec, diagnostics& diag) {
        if (failed_ == errc{}) return false;
        fail(ec, diag, failed_);
        return true;
    }
    void fail(boost::system::error_code& ec, diagnostics& diag, errc code) {
        auto const& core = parser_.handler().core;
        failed_ = code;
        ec = code;
        diag.path = core.path();
        diag.detail = core.detail();
    }
    void translate(boost::system::error_code& ec, diagnostics& diag) {
        auto& core = parser_.handler().core;
        if (ec.category() == postpress_category()) return fail(ec, diag, core.code());
        // A syntax error of the parser's: name it, at the path reached so far.
        std::string detail = ec == boost::json::error::incomplete ? "truncated document"
                                                                  : "invalid JSON: " + ec.message();
        core.fail(errc::malformed_json, detail);
        fail(ec, diag, errc::malformed_json);
    }
    void trailing(std::string_view rest, boost::system::error_code& ec, diagnostics& diag) {
        if (rest.find_first_not_of(" \t\r\n") == std::string_view::npos) return;
        parser_.handler().core.fail(errc::malformed_json, "data after the end of the document");
        fail(ec, diag, errc::malformed_json);
    }

    decode_options options_;
    boost::json::basic_parser<json::detail::decode_handler> parser_;
    std::size_t bytes_ = 0;
    errc failed_{};
};

} // namespace postpress
