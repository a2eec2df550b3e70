#pragma once
// The inline Markdown that rule texts use (remediation, rationale): `code` spans and
// [text](https://...) links. Parsed into spans so each format writes them its own way, every
// piece escaped: HTML as <code> and <a>, Markdown as code spans and links, text as it was
// written. Anything else (emphasis, HTML, images, other URL schemes) stays plain text.

#include <string>
#include <string_view>
#include <vector>

namespace sov {

struct InlineSpan {
  enum class Kind { kText, kCode, kLink };
  Kind kind = Kind::kText;
  std::string text;
  std::string url;  // kLink only: an http or https URL without spaces, quotes or brackets
};

std::vector<InlineSpan> ParseInlineMarkdown(std::string_view s);

// The spans as HTML (XmlEscape on every piece; links open nothing but their http(s) URL).
std::string InlineMarkdownToHtml(std::string_view s);
// The spans as GitHub Markdown (text MdEscape'd, code spans that cannot break out).
std::string InlineMarkdownToMd(std::string_view s);

}  // namespace sov
