#pragma once
// Three-valued answers: what the facts establish (yes, no) and what they cannot (unknown).

namespace sov {

enum class Tri { kYes, kNo, kUnknown };

}  // namespace sov
