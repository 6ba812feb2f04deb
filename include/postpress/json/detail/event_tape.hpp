// Records a JSON subtree as a compact stream of events, to be replayed later. The decoder uses
// it when a tagged union's body arrives before its discriminator: the body is kept as events
// (not as a DOM) and decoded into the right alternative once the tag is known.
#pragma once

#include <postpress/json/detail/value_event.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace postpress::json::detail {

class event_tape {
public:
    enum class tag : unsigned char { key, value, end_object, end_array };

    std::size_t size() const noexcept { return bytes_.size(); }
    void truncate(std::size_t n) { bytes_.resize(n); }

    void put_key(std::string_view k) {
        put(tag::key);
        put_text(k);
    }
    void put_value(value_event const& ev) {
        put(tag::value);
        put(ev.kind);
        switch (ev.kind) {
        case value_kind::string:
            put_text(ev.text);
            break;
        case value_kind::int64:
        case value_kind::uint64:
        case value_kind::double_:
            put(ev.u);
            break;
        case value_kind::boolean:
            put(ev.b);
            break;
        default:
            break;
        }
    }
    void put_end(std::size_t n, bool is_object) {
        put(is_object ? tag::end_object : tag::end_array);
        put(std::uint64_t(n));
    }

    /// Replays [begin, end) into `sink.key(sv)`, `sink.value(ev)`, `sink.end(n, is_object)`,
    /// stopping at the first that returns false. Views passed to the sink point into the tape,
    /// which must not grow while replaying.
    template <class Sink>
    bool replay(std::size_t begin, std::size_t end, Sink& sink) const {
        std::size_t pos = begin;
        while (pos < end) {
            auto const t = get<tag>(pos);
            bool ok = true;
            switch (t) {
            case tag::key:
                ok = sink.key(get_text(pos));
                break;
            case tag::value: {
                value_event ev{get<value_kind>(pos), {}, {0}};
                switch (ev.kind) {
                case value_kind::string:
                    ev.text = get_text(pos);
                    break;
                case value_kind::int64:
                case value_kind::uint64:
                case value_kind::double_:
                    ev.u = get<std::uint64_t>(pos);
                    break;
                case value_kind::boolean:
                    ev.b = get<bool>(pos);
                    break;
                default:
                    break;
                }
                ok = sink.value(ev);
                break;
            }
            case tag::end_object:
            case tag::end_array:
                ok = sink.end(std::size_t(get<std::uint64_t>(pos)), t == tag::end_object);
                break;
            }
            if (!ok) return false;
        }
        return true;
    }

private:
    template <class T>
    void put(T v) {
        char buf[sizeof(T)];
        std::memcpy(buf, &v, sizeof(T));
        bytes_.append(buf, sizeof(T));
    }
    void put_text(std::string_view s) {
        put(std::uint32_t(s.size()));
        bytes_.append(s);
    }
    template <class T>
    T get(std::size_t& pos) const {
        T v;
        std::memcpy(&v, bytes_.data() + pos, sizeof(T));
        pos += sizeof(T);
        return v;
    }
    std::string_view get_text(std::size_t& pos) const {
        auto const n = get<std::uint32_t>(pos);
        std::string_view s(bytes_.data() + pos, n);
        pos += n;
        return s;
    }

    std::string bytes_;
};

} // namespace postpress::json::detail
