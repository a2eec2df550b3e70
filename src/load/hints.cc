#include "src/load/hints.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "src/import/map_common.h"
#include "src/util/text.h"

namespace sov::load {
namespace {

// Codes in common use that ISO 3166-1 does not assign to the country (EU and UN usage).
constexpr std::pair<std::string_view, std::string_view> kNonIsoCodes[] = {
    {"UK", "GB"},
    {"EL", "GR"},
};



std::string Hint(const std::vector<std::string>& choices) {
  if (choices.empty()) return "";
  std::string text = " (did you mean ";
  const size_t shown = choices.size() > 4 ? 3 : choices.size();
  for (size_t i = 0; i < shown; ++i) {
    if (i > 0) text += i + 1 == shown && shown == choices.size() ? " or " : ", ";
    text += "'" + choices[i] + "'";
  }
  if (shown < choices.size()) {
    text += " or one of " + std::to_string(choices.size() - shown) + " more";
  }
  return text + "?)";
}

// The country a region part names ("singapore", "south-korea", "uk", "SG"), or "".
std::string CountryNamed(const Catalog& catalog, std::string_view region) {
  std::string words(region);
  std::replace(words.begin(), words.end(), '-', ' ');
  std::replace(words.begin(), words.end(), '_', ' ');
  return import::CountryCode(catalog, words);
}

const CloudProvider* ProviderNamed(const Catalog& catalog, std::string_view written) {
  if (const CloudProvider* p = catalog.FindProvider(written)) return p;
  std::vector<std::string> names;
  for (const CloudProvider& p : catalog.Providers()) {
    std::string first = AsciiLower(p.name.substr(0, p.name.find(' ')));
    if (first == AsciiLower(written)) return &p;
    names.push_back(p.id);
    for (const std::string& alias : p.aliases) names.push_back(AsciiLower(alias));
  }
  std::string near = ClosestMatch(AsciiLower(written), names);
  return near.empty() ? nullptr : catalog.FindProvider(near);
}

}  // namespace

std::string CountryHint(const Catalog& catalog, std::string_view written) {
  std::string upper = AsciiUpper(written);
  for (const auto& [code, iso] : kNonIsoCodes) {
    if (upper == code) return Hint({std::string(iso)});
  }
  std::string code = import::CountryCode(catalog, written);
  return code.empty() || code == written ? "" : Hint({code});
}

std::string HomeHint(const Catalog& catalog, std::string_view written) {
  std::string upper = AsciiUpper(written);
  if (upper != written && catalog.Group(upper) != nullptr) return Hint({upper});
  return CountryHint(catalog, written);
}

std::string RegionHint(const Catalog& catalog, std::string_view written) {
  size_t colon = written.find(':');
  std::string_view provider_part = written.substr(0, colon);
  std::string region = AsciiLower(written.substr(colon + 1));
  const CloudProvider* p = ProviderNamed(catalog, provider_part);
  if (p == nullptr) return DidYouMean(written, catalog.RegionIds());
  std::string country = CountryNamed(catalog, region);
  std::vector<std::string> exact, by_place, ids;
  for (const auto& [name, code] : p->regions) {
    std::string id = p->id + ":" + name;
    ids.push_back(id);
    if (AsciiLower(name) == region) exact.push_back(id);
    bool contains = region.size() >= 4 && AsciiLower(name).find(region) != std::string::npos;
    if (code == country || contains) by_place.push_back(id);
  }
  if (!exact.empty()) return Hint(exact);  // a region of the provider under another prefix
  if (!by_place.empty()) return Hint(by_place);
  std::string near = ClosestMatch(p->id + ":" + region, ids);
  return near.empty() ? DidYouMean(written, catalog.RegionIds()) : Hint({near});
}

std::string CatalogPrefixHint(const Catalog& catalog, std::string_view written) {
  const CatalogModel* model = catalog.FindModel(written);
  return model == nullptr ? "" : Hint({"catalog:" + model->id});
}

}  // namespace sov::load
