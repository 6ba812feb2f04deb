// The state of a decode in progress: a stack of frames, one per open container being written
// into a typed object, plus the bookkeeping for skipped values, deferred tagged-union bodies,
// hoisted keys and errors. Frames are type-erased (a table of functions generated per type), so
// dispatch costs one indirect call per event whatever the depth.
#pragma once

#include <postpress/errc.hpp>
#include <postpress/json/detail/event_tape.hpp>
#include <postpress/json/detail/value_event.hpp>

#include <boost/config.hpp>
#include <boost/json/value_stack.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace postpress::json::detail {

class decode_core;
struct frame;

/// What a frame does with the events addressed to it; one static table per decoded type.
struct frame_ops {
    bool (*on_key)(decode_core&, frame&, std::string_view key);
    bool (*on_value)(decode_core&, frame&, value_event const&);
    bool (*on_end)(decode_core&, frame&, std::size_t n, bool is_object);
    void (*append_segment)(frame const&, std::string& path); // ".name" or "[i]" of the slot
    bool is_array;
};

struct frame {
    frame_ops const* ops;
    void* target;            // the object, vector or json::value being written
    std::uint64_t seen = 0;  // objects: the fields met so far, one bit each
    std::uint32_t slot = 0;  // objects: the field whose value comes next; arrays: element index
    std::uint32_t depth = 0; // raw JSON frames: nesting inside the raw value
};

class decode_core {
public:
    // Deferred bodies may nest inside deferred bodies this many times.
    static constexpr std::size_t max_replay_levels = 4;

    void reset(frame root, std::size_t max_depth) {
        // The root and one frame per open container: at most max_depth + 1 (the handler fails
        // deeper documents), so the storage never moves and frame& stay valid while pushing.
        if (frames_.size() < max_depth + 2) frames_.resize(max_depth + 2);
        frames_[0] = root;
        top_ = 0;
        skip_next_ = false;
        skip_depth_ = 0;
        recording_ = false;
        record_depth_ = 0;
        replay_level_ = 0;
        for (auto& t : tapes_)
            t.truncate(0);
        segments_.clear();
        hoisted_.clear();
        code_ = {};
    }

    // ---- events, complete (strings and keys already joined across chunks) ----------------
    //
    // The common case (no value being skipped or recorded) is one test and one indirect call;
    // the rest is out of line, so that the fast path stays small enough to inline.

    bool key(std::string_view k) {
        if (BOOST_UNLIKELY(diverted())) return key_diverted(k);
        auto& f = frames_[top_];
        return f.ops->on_key(*this, f, k);
    }

    bool value(value_event const& ev) {
        if (BOOST_UNLIKELY(diverted())) return value_diverted(ev);
        auto& f = frames_[top_];
        return f.ops->on_value(*this, f, ev);
    }

    bool end(std::size_t n, bool is_object) {
        if (BOOST_UNLIKELY(diverted())) return end_diverted(n, is_object);
        auto& f = frames_[top_];
        return f.ops->on_end(*this, f, n, is_object);
    }

    // ---- for the frames ---------------------------------------------------------------------

    void push(frame f) {
        if (BOOST_UNLIKELY(top_ + 1 == frames_.size())) grow(); // not reached: see reset()
        frames_[++top_] = f;
    }
    void pop() {
        auto& f = frames_[--top_];
        if (f.ops->is_array) ++f.slot;
    }
    std::size_t top_index() const noexcept { return top_; }
    std::size_t depth() const noexcept { return top_ + 1; }

    /// The value that follows (a key's value the schema does not know) is skipped whole.
    void skip_next_value() noexcept { skip_next_ = true; }

    /// Records the container value that starts with `ev` (the body of a tagged union whose
    /// discriminator has not arrived) for the field `slot` of the top frame.
    bool start_recording(value_event const& ev, std::uint32_t slot) {
        if (replay_level_ >= max_replay_levels)
            return fail(errc::too_large, "tagged unions nested too deeply before their tags");
        auto& tape = tapes_[replay_level_];
        segments_.push_back({top_index(), slot, replay_level_, tape.size(), 0});
        tape.put_value(ev);
        recording_ = true;
        record_depth_ = 1;
        return true;
    }

    /// Whether a recorded body waits for the top frame's discriminator.
    bool has_recording() const noexcept {
        return !segments_.empty() && segments_.back().frame_index == top_index() &&
               segments_.back().level == replay_level_;
    }

    /// Decodes the recorded body into the top frame's field, now that its alternative is known.
    bool replay_recording() {
        auto const seg = segments_.back();
        segments_.pop_back();
        auto& owner = frames_[seg.frame_index];
        auto const saved_slot = owner.slot;
        owner.slot = seg.slot;
        ++replay_level_;
        bool const ok = tapes_[seg.level].replay(seg.begin, seg.end, *this);
        --replay_level_;
        if (!ok) return false;
        frames_[seg.frame_index].slot = saved_slot;
        if (seg.end == tapes_[seg.level].size()) tapes_[seg.level].truncate(seg.begin);
        return true;
    }

    /// Keeps the text of a hoisted key of the top frame until the frame ends.
    void stash_hoisted(std::uint32_t field, std::string_view text) {
        hoisted_.push_back({top_index(), field, std::string(text)});
    }
    /// Takes the stashed text for `field` of the top frame, if any.
    bool take_hoisted(std::uint32_t field, std::string& out) {
        for (auto it = hoisted_.begin(); it != hoisted_.end(); ++it)
            if (it->frame_index == top_index() && it->field == field) {
                out = std::move(it->text);
                hoisted_.erase(it);
                return true;
            }
        return false;
    }

    boost::json::value_stack& raw_builder() noexcept { return raw_; }

    // ---- errors -------------------------------------------------------------------------------

    /// Fails at the value now being decoded.
    bool fail(errc code, std::string_view detail) {
        set_error(code, detail, depth());
        return false;
    }
    /// Fails at field `name` of the object of the top frame (a missing key).
    bool fail_field(errc code, std::string_view detail, std::string_view name) {
        set_error(code, detail, depth() - 1);
        path_ += path_.empty() ? "" : ".";
        path_ += name;
        return false;
    }
    bool fail_wrong_type(std::string_view expected, value_kind got) {
        std::string detail = "expected ";
        detail += expected;
        detail += ", got ";
        detail += kind_name(got);
        return fail(errc::wrong_type, detail);
    }

    errc code() const noexcept { return code_; }
    std::string const& detail() const noexcept { return detail_; }
    std::string const& path() const noexcept { return path_; }
    bool finished() const noexcept { return top_ == 0 && !recording_; }

private:
    BOOST_NOINLINE void grow() { frames_.resize(2 * frames_.size()); }

    bool diverted() const noexcept { return (skip_depth_ != 0) | skip_next_ | recording_; }

    BOOST_NOINLINE bool key_diverted(std::string_view k) {
        if (skip_depth_ != 0) return true;
        if (recording_) {
            tapes_[replay_level_].put_key(k);
            return true;
        }
        auto& f = frames_[top_]; // skip_next_ only: a key cannot follow it, but be exact
        return f.ops->on_key(*this, f, k);
    }

    BOOST_NOINLINE bool value_diverted(value_event const& ev) {
        if (skip_depth_ != 0) {
            skip_depth_ += ev.is_container();
            return true;
        }
        if (skip_next_) {
            skip_next_ = false;
            skip_depth_ = ev.is_container();
            return true;
        }
        tapes_[replay_level_].put_value(ev); // recording_
        record_depth_ += ev.is_container();
        return true;
    }

    BOOST_NOINLINE bool end_diverted(std::size_t n, bool is_object) {
        if (skip_depth_ != 0) {
            --skip_depth_;
            return true;
        }
        if (recording_) {
            tapes_[replay_level_].put_end(n, is_object);
            if (--record_depth_ == 0) {
                recording_ = false;
                segments_.back().end = tapes_[replay_level_].size();
            }
            return true;
        }
        auto& f = frames_[top_]; // skip_next_ only: an end cannot follow it, but be exact
        return f.ops->on_end(*this, f, n, is_object);
    }

    void set_error(errc code, std::string_view detail, std::size_t frames) {
        code_ = code;
        detail_.assign(detail);
        path_.clear();
        for (std::size_t i = 0; i < frames; ++i)
            frames_[i].ops->append_segment(frames_[i], path_);
        if (!path_.empty() && path_.front() == '.') path_.erase(0, 1);
    }

    struct segment {
        std::size_t frame_index;
        std::uint32_t slot;
        std::size_t level;
        std::size_t begin, end;
    };
    struct hoisted_text {
        std::size_t frame_index;
        std::uint32_t field;
        std::string text;
    };

    std::vector<frame> frames_; // [0, top_] in use
    std::size_t top_ = 0;
    bool skip_next_ = false;
    std::size_t skip_depth_ = 0;
    bool recording_ = false;
    std::size_t record_depth_ = 0;
    std::size_t replay_level_ = 0;
    std::array<event_tape, max_replay_levels + 1> tapes_;
    std::vector<segment> segments_;
    std::vector<hoisted_text> hoisted_;
    boost::json::value_stack raw_;
    errc code_{};
    std::string detail_, path_;
};

} // namespace postpress::json::detail
