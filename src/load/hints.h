#pragma once
// Did-you-mean hints for values the catalogues decide: countries, groups, cloud regions and
// catalogue model ids. Each returns " (did you mean ...?)" or "" when nothing fits.

#include <string>
#include <string_view>

#include "src/catalog/catalog.h"

namespace sov::load {

// For an unknown country code: the code in upper case, a common non-ISO code ("UK" for GB,
// "EL", the EU's code for Greece, for GR), an alpha-3 code or a country's name.
std::string CountryHint(const Catalog& catalog, std::string_view written);

// For an unknown `home` entry: a group in another case ("eu"), else CountryHint.
std::string HomeHint(const Catalog& catalog, std::string_view written);

// For an unknown `provider:region`: the provider named by a near id, alias or the first word of
// its name ("amazon"); the provider's regions in the country the region part names
// ("aws:singapore", "aws:japan") or whose name contains it ("oracle:tokyo"); else the nearest
// region id.
std::string RegionHint(const Catalog& catalog, std::string_view written);

// For a base that is not a lineage id: " (did you mean 'catalog:<id>'?)" when `written` is a
// catalogue model id.
std::string CatalogPrefixHint(const Catalog& catalog, std::string_view written);

}  // namespace sov::load
