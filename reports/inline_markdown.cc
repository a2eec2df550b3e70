#include "reports/inline_markdown.h"

#include "reports/render_util.h"

namespace sov {
namespace {

bool SafeUrl(std::string_view url) {
  if (url.substr(0, 8) != "https://" && url.substr(0, 7) != "http://") return false;
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' ||
        c == '`' || c == '(' || c == ')' || c == '[' || c == ']' || c == '|' || c == '\\') {
      return false;
    }
  }
  return true;
}

void AddText(std::vector<InlineSpan>& spans, std::string_view text) {
  if (text.empty()) return;
  if (!spans.empty() && spans.back().kind == InlineSpan::Kind::kText) {
    spans.back().text += text;
  } else {
    spans.push_back({InlineSpan::Kind::kText, std::string(text), ""});
  }
}

}  // namespace

std::vector<InlineSpan> ParseInlineMarkdown(std::string_view text) {
  // A rule text written as a YAML block keeps its line breaks: inline, they are spaces.
  std::string joined(text);
  for (char& c : joined) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::string_view s = joined;
  std::vector<InlineSpan> spans;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '`') {
      size_t end = s.find('`', i + 1);
      if (end != std::string_view::npos && end > i + 1) {
        spans.push_back({InlineSpan::Kind::kCode, std::string(s.substr(i + 1, end - i - 1)), ""});
        i = end + 1;
        continue;
      }
    } else if (s[i] == '[') {
      size_t close = s.find(']', i + 1);
      if (close != std::string_view::npos && close + 1 < s.size() && s[close + 1] == '(' &&
          close > i + 1 && s.substr(i + 1, close - i - 1).find('[') == std::string_view::npos) {
        size_t paren = s.find(')', close + 2);
        if (paren != std::string_view::npos) {
          std::string_view url = s.substr(close + 2, paren - close - 2);
          if (SafeUrl(url)) {
            spans.push_back({InlineSpan::Kind::kLink, std::string(s.substr(i + 1, close - i - 1)),
                             std::string(url)});
            i = paren + 1;
            continue;
          }
        }
      }
    }
    size_t next = s.find_first_of("`[", i + 1);
    if (next == std::string_view::npos) next = s.size();
    AddText(spans, s.substr(i, next - i));
    i = next;
  }
  return spans;
}

std::string InlineMarkdownToHtml(std::string_view s) {
  std::string out;
  for (const InlineSpan& span : ParseInlineMarkdown(s)) {
    switch (span.kind) {
      case InlineSpan::Kind::kText: out += XmlEscape(span.text); break;
      case InlineSpan::Kind::kCode: out += "<code>" + XmlEscape(span.text) + "</code>"; break;
      case InlineSpan::Kind::kLink:
        out += "<a href=\"" + XmlEscape(span.url) + "\" rel=\"noreferrer\">" +
               XmlEscape(span.text) + "</a>";
        break;
    }
  }
  return out;
}

std::string InlineMarkdownToMd(std::string_view s) {
  std::string out;
  for (const InlineSpan& span : ParseInlineMarkdown(s)) {
    switch (span.kind) {
      case InlineSpan::Kind::kText: out += MdEscape(span.text); break;
      case InlineSpan::Kind::kCode: {
        std::string code = EscapeControl(span.text);
        // A code span cannot hold a backtick or a table's pipe safely: escaped text then.
        out += code.find_first_of("`|\n") == std::string::npos ? "`" + code + "`" : MdEscape(code);
        break;
      }
      case InlineSpan::Kind::kLink:
        out += "[" + MdEscape(span.text) + "](" + span.url + ")";
        break;
    }
  }
  return out;
}

}  // namespace sov
