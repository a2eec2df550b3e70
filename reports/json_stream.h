#pragma once
// Streaming JSON in exactly the layout of nlohmann's dump(2): large arrays (findings, SARIF
// results) are written element by element, so a 10,000-model report is never held whole as a
// tree. Used by the JSON and SARIF renderers.

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <string_view>

namespace sov {

using nlohmann::json;

constexpr auto kReplace = json::error_handler_t::replace;
constexpr size_t kFlushBytes = 1 << 20;

// Writes dump(2)-formatted JSON into a buffer that is flushed to `out` now and then. Every
// value, string or tree goes through nlohmann's serializer (escaping, invalid UTF-8 replaced
// as dump(2, ' ', false, replace) does); only the punctuation between members is written
// here, exactly as the serializer lays it out.
class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out)
      : out_(out), serializer_(nlohmann::detail::output_adapter<char>(buf_), ' ', kReplace) {}
  ~JsonWriter() { Flush(); }

  // `value` as dump(2) writes it nested `depth` levels deep.
  void Value(const json& value, int depth) {
    serializer_.dump(value, true, false, 2, static_cast<unsigned>(2 * depth));
  }
  // A string value, escaped by the serializer.
  void String(const std::string& s) {
    scratch_.get_ref<std::string&>().assign(s);
    serializer_.dump(scratch_, false, false, 0);
  }
  void Int(long long v) { buf_ += std::to_string(v); }
  void Raw(std::string_view s) { buf_ += s; }
  void Indent(int depth) { buf_.append(static_cast<size_t>(2 * depth), ' '); }
  // Starts the member `key` at `depth`: separator, newline, indent, "key": .
  void Key(std::string_view key, bool first, int depth) {
    buf_ += first ? "\n" : ",\n";
    Indent(depth);
    buf_ += '"';
    buf_ += key;  // the report's own keys: plain ASCII, nothing to escape
    buf_ += "\": ";
  }
  void MaybeFlush() {
    if (buf_.size() >= kFlushBytes) Flush();
  }
  void Flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }

 private:
  std::ostream& out_;
  std::string buf_;
  json scratch_ = "";
  nlohmann::detail::serializer<json> serializer_;
};

// Writes `obj` (whose keys nlohmann keeps sorted) at `depth`, with one extra member `key`
// whose value, an array, is written by `write_elements(depth + 2)` element by element.
// `count` is the number of elements (an empty array is written as []).
template <typename Fn>
void WriteWithStreamedArray(JsonWriter& w, const json& obj, const std::string& key,
                            size_t count, int depth, Fn write_elements) {
  w.Raw("{");
  bool first = true;
  bool streamed = false;
  auto stream = [&] {
    w.Key(key, first, depth + 1);
    first = false;
    if (count == 0) {
      w.Raw("[]");
    } else {
      w.Raw("[");
      write_elements(depth + 2);
      w.Raw("\n");
      w.Indent(depth + 1);
      w.Raw("]");
    }
    streamed = true;
  };
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (!streamed && key < it.key()) stream();
    w.Raw(first ? "\n" : ",\n");
    first = false;
    w.Indent(depth + 1);
    w.String(it.key());
    w.Raw(": ");
    w.Value(it.value(), depth + 1);
  }
  if (!streamed) stream();
  w.Raw("\n");
  w.Indent(depth);
  w.Raw("}");
}

}  // namespace sov
