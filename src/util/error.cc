#include "src/util/error.h"

namespace sov {

std::string FormatLocation(const Location& loc) {
  std::string out = loc.file;
  if (loc.line > 0) {
    out += ":" + std::to_string(loc.line);
    if (loc.column > 0) out += ":" + std::to_string(loc.column);
  }
  return out;
}

std::string Error::Describe() const {
  std::string where = FormatLocation(loc_);
  return where.empty() ? std::string(what()) : where + ": " + what();
}

}  // namespace sov
