// A Beast body type that hands the body to its consumer as the parser meets it, straight from
// the connection's read buffer: a success response goes to the decoder, an error response into
// a bounded string. No copy of the body is made on the way.
#pragma once

#include <postpress/diagnostics.hpp>
#include <postpress/json/decoder.hpp>

#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional/optional.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace postpress::http::detail {

/// Where the body goes; set once the status line is known, before the body is read.
struct body_sink {
    decoder* decode_into = nullptr; // a success response: decoded as it arrives
    diagnostics* diag = nullptr;    // the decoder's diagnostics on failure
    boost::system::error_code decode_ec;

    std::string* text = nullptr; // an error response: kept, up to text_limit bytes
    std::size_t text_limit = 0;
    bool text_full = false; // the rest of an error body is not read
};

struct sink_body {
    using value_type = body_sink;

    class reader {
    public:
        template <bool IsRequest, class Fields>
        reader(boost::beast::http::header<IsRequest, Fields>&, value_type& sink)
            : sink_(sink) {}

        void init(boost::optional<std::uint64_t> const&, boost::system::error_code& ec) { ec = {}; }

        template <class ConstBufferSequence>
        std::size_t put(ConstBufferSequence const& buffers, boost::system::error_code& ec) {
            ec = {};
            std::size_t used = 0;
            for (auto const b : boost::beast::buffers_range_ref(buffers)) {
                std::string_view piece(static_cast<char const*>(b.data()), b.size());
                if (sink_.decode_into) {
                    sink_.decode_into->write(piece, sink_.decode_ec, *sink_.diag);
                    if (sink_.decode_ec) { // stops the parser; the exchange reports decode_ec
                        ec = sink_.decode_ec;
                        return used;
                    }
                } else if (sink_.text) {
                    std::size_t const room = sink_.text_limit - sink_.text->size();
                    if (piece.size() > room) {
                        sink_.text->append(piece.substr(0, room));
                        sink_.text_full = true;
                        ec = boost::beast::http::error::body_limit; // stops the parser
                        return used + room;
                    }
                    sink_.text->append(piece);
                }
                used += piece.size();
            }
            return used;
        }

        void finish(boost::system::error_code& ec) { ec = {}; }

    private:
        value_type& sink_;
    };
};

} // namespace postpress::http::detail
