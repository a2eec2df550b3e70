#include "src/import/map_common.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "src/util/text.h"

namespace sov::import {
namespace {

// ISO 3166-1 alpha-3 followed by alpha-2, sorted by alpha-3; from Debian iso-codes
// (data/iso_3166-1.json), the source of rules/jurisdictions.yaml.
constexpr std::string_view kAlpha3 =
      "ABWAWAFGAFAGOAOAIAAIALAAXALBALANDADAREAEARGARARMAMASMASATAAQATFTFATGAGAUSAUAUTATAZEAZBDIBI"
      "BELBEBENBJBESBQBFABFBGDBDBGRBGBHRBHBHSBSBIHBABLMBLBLRBYBLZBZBMUBMBOLBOBRABRBRBBBBRNBNBTNBT"
      "BVTBVBWABWCAFCFCANCACCKCCCHECHCHLCLCHNCNCIVCICMRCMCODCDCOGCGCOKCKCOLCOCOMKMCPVCVCRICRCUBCU"
      "CUWCWCXRCXCYMKYCYPCYCZECZDEUDEDJIDJDMADMDNKDKDOMDODZADZECUECEGYEGERIERESHEHESPESESTEEETHET"
      "FINFIFJIFJFLKFKFRAFRFROFOFSMFMGABGAGBRGBGEOGEGGYGGGHAGHGIBGIGINGNGLPGPGMBGMGNBGWGNQGQGRCGR"
      "GRDGDGRLGLGTMGTGUFGFGUMGUGUYGYHKGHKHMDHMHNDHNHRVHRHTIHTHUNHUIDNIDIMNIMINDINIOTIOIRLIEIRNIR"
      "IRQIQISLISISRILITAITJAMJMJEYJEJORJOJPNJPKAZKZKENKEKGZKGKHMKHKIRKIKNAKNKORKRKWTKWLAOLALBNLB"
      "LBRLRLBYLYLCALCLIELILKALKLSOLSLTULTLUXLULVALVMACMOMAFMFMARMAMCOMCMDAMDMDGMGMDVMVMEXMXMHLMH"
      "MKDMKMLIMLMLTMTMMRMMMNEMEMNGMNMNPMPMOZMZMRTMRMSRMSMTQMQMUSMUMWIMWMYSMYMYTYTNAMNANCLNCNERNE"
      "NFKNFNGANGNICNINIUNUNLDNLNORNONPLNPNRUNRNZLNZOMNOMPAKPKPANPAPCNPNPERPEPHLPHPLWPWPNGPGPOLPL"
      "PRIPRPRKKPPRTPTPRYPYPSEPSPYFPFQATQAREUREROURORUSRURWARWSAUSASDNSDSENSNSGPSGSGSGSSHNSHSJMSJ"
      "SLBSBSLESLSLVSVSMRSMSOMSOSPMPMSRBRSSSDSSSTPSTSURSRSVKSKSVNSISWESESWZSZSXMSXSYCSCSYRSYTCATC"
      "TCDTDTGOTGTHATHTJKTJTKLTKTKMTMTLSTLTONTOTTOTTTUNTNTURTRTUVTVTWNTWTZATZUGAUGUKRUAUMIUMURYUY"
      "USAUSUZBUZVATVAVCTVCVENVEVGBVGVIRVIVNMVNVUTVUWLFWFWSMWSYEMYEZAFZAZMBZMZWEZW";

// Spellings sources use that are neither a code nor the catalogue's name.
constexpr std::pair<std::string_view, std::string_view> kCountryAliases[] = {
    {"united states of america", "US"}, {"u.s.", "US"}, {"u.s.a.", "US"}, {"america", "US"},
    {"uk", "GB"}, {"great britain", "GB"}, {"england", "GB"}, {"britain", "GB"},
    {"united kingdom of great britain and northern ireland", "GB"},
    {"korea", "KR"}, {"republic of korea", "KR"}, {"korea, republic of", "KR"},
    {"people's republic of china", "CN"}, {"prc", "CN"}, {"russia", "RU"},
    {"uae", "AE"}, {"viet nam", "VN"}, {"vietnam", "VN"}, {"the netherlands", "NL"},
    {"holland", "NL"}, {"czech republic", "CZ"}, {"türkiye", "TR"}, {"turkey", "TR"},
    {"republic of singapore", "SG"}, {"iran", "IR"}, {"laos", "LA"}, {"syria", "SY"},
    {"taiwan, province of china", "TW"}, {"hong kong sar", "HK"}, {"macau", "MO"},
};



std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// `org/name` when `path` starts with two non-empty segments of Hugging Face repo characters.
std::string RepoOf(std::string_view path) {
  size_t slash = path.find('/');
  if (slash == 0 || slash == std::string_view::npos) return "";
  size_t end = path.find_first_of("/?#@", slash + 1);
  std::string_view id = path.substr(0, end);
  if (id.size() == slash + 1) return "";
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.' &&
        c != '/') {
      return "";
    }
  }
  return std::string(id);
}

}  // namespace

std::string HuggingFaceId(std::string_view ref) {
  ref = Trim(ref);
  for (std::string_view prefix : {"https://huggingface.co/", "http://huggingface.co/",
                                  "https://www.huggingface.co/", "huggingface.co/",
                                  "https://hf.co/", "hf.co/", "pkg:huggingface/"}) {
    if (StartsWith(AsciiLower(ref.substr(0, prefix.size())), prefix)) {
      ref.remove_prefix(prefix.size());
      // Model URLs only: datasets/ and spaces/ name other things.
      if (StartsWith(ref, "datasets/") || StartsWith(ref, "spaces/")) return "";
      return RepoOf(ref);
    }
  }
  if (ref.find("://") != std::string_view::npos || ref.find(' ') != std::string_view::npos) {
    return "";
  }
  std::string id = RepoOf(ref);
  return id.size() == ref.size() ? id : "";
}

std::string Clip(std::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

void Note(ProvenanceDoc& doc, std::string note) {
  if (std::find(doc.unmapped.begin(), doc.unmapped.end(), note) == doc.unmapped.end()) {
    doc.unmapped.push_back(std::move(note));
  }
}

Licence MapLicence(const Catalog& catalog, std::string_view id, std::string_view other_name,
                   std::string_view other_url, std::string_view what, ProvenanceDoc& doc) {
  Licence lic;
  std::string_view key = Trim(id);
  for (std::string_view prefix : {"https://spdx.org/licenses/", "http://spdx.org/licenses/"}) {
    if (StartsWith(key, prefix)) {
      key.remove_prefix(prefix.size());
      if (key.size() > 5 && key.substr(key.size() - 5) == ".html") key.remove_suffix(5);
    }
  }
  if (AsciiLower(key) == "other" || key.empty()) {
    lic.name = std::string(Trim(other_name));
    lic.url = std::string(Trim(other_url));
    if (lic.name.empty() && !lic.url.empty()) lic.name = lic.url;
    if (lic.present()) {
      Note(doc, std::string(what) + ": licence '" + Clip(lic.name) +
                    "' is not in the licence catalogue: its terms stay unknown");
    }
    return lic;
  }
  const LicenceTerms* terms = catalog.FindLicence(key);
  if (terms == nullptr && StartsWith(key, "LicenseRef-")) {
    terms = catalog.FindLicence(key.substr(11));
  }
  if (terms != nullptr) {
    lic.id = terms->id;
    return lic;
  }
  lic.name = std::string(key);
  lic.url = std::string(Trim(other_url));
  Note(doc, std::string(what) + ": licence '" + Clip(key) +
                "' is not in the licence catalogue: its terms stay unknown");
  return lic;
}

std::string CountryCode(const Catalog& catalog, std::string_view text) {
  std::string_view t = Trim(text);
  if (t.size() == 2 && catalog.IsCountry(AsciiUpper(t))) return AsciiUpper(t);
  if (t.size() == 3) {
    std::string up = AsciiUpper(t);
    for (size_t i = 0; i + 5 <= kAlpha3.size(); i += 5) {
      if (kAlpha3.substr(i, 3) == up) return std::string(kAlpha3.substr(i + 3, 2));
    }
  }
  std::string low = AsciiLower(t);
  for (const auto& [alias, code] : kCountryAliases) {
    if (low == alias) return std::string(code);
  }
  if (low.size() < 4) return "";
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) {
      std::string code{a, b};
      if (catalog.IsCountry(code) && AsciiLower(catalog.CountryName(code)) == low) return code;
    }
  }
  return "";
}

std::string AddBase(const Catalog& catalog, std::string_view ref, ProvenanceDoc& doc) {
  std::string hf = HuggingFaceId(ref);
  if (!hf.empty()) {
    if (const CatalogModel* cm = catalog.FindModel(hf)) return "catalog:" + cm->id;
  }
  std::string name = hf.empty() ? std::string(Trim(ref)) : hf;
  std::string id = MakeId(name);
  if (id.empty()) return "";
  for (const Node& n : doc.lineage) {
    if (n.id == id) return id;
  }
  Node n;
  n.id = id;
  n.name = name;
  doc.lineage.push_back(std::move(n));
  return id;
}

std::string AddOrganization(std::string_view name, std::string_view jurisdiction,
                            ProvenanceDoc& doc) {
  std::string id = MakeId(name);
  if (id.empty()) return "";
  for (Organization& org : doc.organizations) {
    if (org.id != id) continue;
    if (org.jurisdiction.empty()) org.jurisdiction = std::string(jurisdiction);
    return id;
  }
  doc.organizations.push_back(
      Organization{id, std::string(Trim(name)), std::string(jurisdiction)});
  return id;
}

std::string AddDataset(const Dataset& dataset, ProvenanceDoc& doc) {
  std::string base = MakeId(dataset.id.empty() ? dataset.name : dataset.id);
  if (base.empty()) base = "dataset";
  std::string id = base;
  for (int n = 2;; ++n) {
    auto same = std::find_if(doc.datasets.begin(), doc.datasets.end(),
                             [&](const Dataset& d) { return d.id == id; });
    if (same == doc.datasets.end()) break;
    if (same->name == dataset.name && same->url == dataset.url) return id;
    id = base + "-" + std::to_string(n);
  }
  Dataset d = dataset;
  d.id = id;
  doc.datasets.push_back(std::move(d));
  return id;
}

}  // namespace sov::import
