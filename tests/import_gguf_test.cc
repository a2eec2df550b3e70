#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <random>

#include <unistd.h>

#include "src/import/gguf.h"
#include "src/util/error.h"
#include "tests/error_of.h"

namespace sov::import {
namespace {
namespace fs = std::filesystem;
using V = GgufValue;

// GGUF bytes, little-endian, built field by field.
struct Bytes {
  std::string b;
  template <typename T>
  Bytes& Le(T v) {
    for (size_t i = 0; i < sizeof(T); ++i) b += static_cast<char>((static_cast<uint64_t>(v) >> (8 * i)) & 0xff);
    return *this;
  }
  Bytes& Str(std::string_view s) { Le<uint64_t>(s.size()); b += s; return *this; }
  Bytes& Type(uint32_t t) { return Le<uint32_t>(t); }
  Bytes& Key(std::string_view k, uint32_t t) { return Str(k).Type(t); }
  Bytes& F32(float f) { return Le(std::bit_cast<uint32_t>(f)); }
  Bytes& F64(double d) { return Le(std::bit_cast<uint64_t>(d)); }
};

Bytes Header(uint64_t count, uint32_t version = 3, uint64_t tensors = 7) {
  Bytes h;
  h.b = "GGUF";
  return h.Le(version).Le(tensors).Le(count);
}

using test::ErrorOf;

std::string ParseError(const std::string& bytes) {
  return ErrorOf([&] { ParseGgufHeader(bytes, "model.gguf"); });
}

// A file with one key of every type, nested arrays and an empty array; 15 entries.
std::string EveryType(uint32_t version = 3) {
  Bytes b = Header(15, version);
  b.Key("t.u8", V::kU8).Le<uint8_t>(255);
  b.Key("t.i8", V::kI8).Le<int8_t>(-128);
  b.Key("t.u16", V::kU16).Le<uint16_t>(65535);
  b.Key("t.i16", V::kI16).Le<int16_t>(-32768);
  b.Key("t.u32", V::kU32).Le<uint32_t>(4294967295u);
  b.Key("t.i32", V::kI32).Le<int32_t>(std::numeric_limits<int32_t>::min());
  b.Key("t.f32", V::kF32).F32(0.1f);
  b.Key("t.bool.true", V::kBool).Le<uint8_t>(1);
  b.Key("t.bool.false", V::kBool).Le<uint8_t>(0);
  b.Key("general.name", V::kString).Str("Llama-3.1 \xc3\xa9");  // é
  b.Key("t.u64", V::kU64).Le<uint64_t>(std::numeric_limits<uint64_t>::max());
  b.Key("t.i64", V::kI64).Le<int64_t>(std::numeric_limits<int64_t>::min());
  b.Key("t.f64", V::kF64).F64(-1.25e300);
  b.Key("general.tags", V::kArray).Type(V::kArray).Le<uint64_t>(2);  // [["a", "bc"], []]
  b.Type(V::kString).Le<uint64_t>(2).Str("a").Str("bc");
  b.Type(V::kU32).Le<uint64_t>(0);
  b.Key("t.empty", V::kArray).Type(V::kF64).Le<uint64_t>(0);
  b.b += std::string(64, '\x55');  // tensor infos and data, never read
  return b.b;
}

TEST(Gguf, ReadsEveryValueType) {
  GgufHeader h = ParseGgufHeader(EveryType(), "model.gguf");
  EXPECT_EQ(h.version, 3u);
  EXPECT_EQ(h.tensor_count, 7u);
  ASSERT_EQ(h.metadata.size(), 15u);
  auto at = [&](const std::string& k) -> const GgufValue& { return h.metadata.at(k); };
  EXPECT_EQ(at("t.u8").type, V::kU8);
  EXPECT_EQ(std::get<uint64_t>(at("t.u8").value), 255u);
  EXPECT_EQ(std::get<int64_t>(at("t.i8").value), -128);
  EXPECT_EQ(std::get<uint64_t>(at("t.u16").value), 65535u);
  EXPECT_EQ(std::get<int64_t>(at("t.i16").value), -32768);
  EXPECT_EQ(at("t.u32").type, V::kU32);
  EXPECT_EQ(std::get<uint64_t>(at("t.u32").value), 4294967295u);
  EXPECT_EQ(std::get<int64_t>(at("t.i32").value), std::numeric_limits<int32_t>::min());
  EXPECT_EQ(std::get<double>(at("t.f32").value), static_cast<double>(0.1f));
  EXPECT_EQ(at("t.bool.true").type, V::kBool);
  EXPECT_TRUE(std::get<bool>(at("t.bool.true").value));
  EXPECT_FALSE(std::get<bool>(at("t.bool.false").value));
  EXPECT_EQ(*at("general.name").AsString(), "Llama-3.1 \xc3\xa9");
  EXPECT_EQ(std::get<uint64_t>(at("t.u64").value), std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(at("t.i64").type, V::kI64);
  EXPECT_EQ(std::get<int64_t>(at("t.i64").value), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(at("t.f64").type, V::kF64);
  EXPECT_EQ(std::get<double>(at("t.f64").value), -1.25e300);

  const GgufValue& tags = at("general.tags");
  EXPECT_EQ(tags.type, V::kArray);
  EXPECT_EQ(tags.element_type, V::kArray);
  const auto& outer = std::get<std::vector<GgufValue>>(tags.value);
  ASSERT_EQ(outer.size(), 2u);
  EXPECT_EQ(outer[0].element_type, V::kString);
  const auto& inner = std::get<std::vector<GgufValue>>(outer[0].value);
  ASSERT_EQ(inner.size(), 2u);
  EXPECT_EQ(inner[0].type, V::kString);
  EXPECT_EQ(*inner[1].AsString(), "bc");
  EXPECT_EQ(outer[1].element_type, V::kU32);
  EXPECT_TRUE(std::get<std::vector<GgufValue>>(outer[1].value).empty());
  EXPECT_EQ(at("t.empty").element_type, V::kF64);
}

TEST(Gguf, ReadsVersion2LikeVersion3) {
  GgufHeader v2 = ParseGgufHeader(EveryType(2), "old.gguf");
  GgufHeader v3 = ParseGgufHeader(EveryType(3), "new.gguf");
  EXPECT_EQ(v2.version, 2u);
  ASSERT_EQ(v2.metadata.size(), v3.metadata.size());
  for (const auto& [k, v] : v3.metadata) {
    EXPECT_EQ(v2.metadata.at(k).type, v.type) << k;
    EXPECT_EQ(v2.metadata.at(k).value.index(), v.value.index()) << k;
  }
  EXPECT_TRUE(ParseGgufHeader(Header(0).b, "empty.gguf").metadata.empty());
}

TEST(Gguf, ConvenienceAccessors) {
  GgufHeader h = ParseGgufHeader(EveryType(), "model.gguf");
  EXPECT_EQ(h.metadata.at("t.u32").AsUnsigned(), 4294967295u);
  EXPECT_EQ(h.metadata.at("t.i8").AsUnsigned(), std::nullopt);
  EXPECT_EQ(h.metadata.at("t.f32").AsUnsigned(), std::nullopt);
  EXPECT_EQ(h.metadata.at("general.name").AsUnsigned(), std::nullopt);
  EXPECT_EQ(h.metadata.at("t.u8").AsString(), nullptr);
  GgufValue count{V::kI32, int64_t{3}};
  EXPECT_EQ(count.AsUnsigned(), 3u);
  EXPECT_EQ(GgufTypeName(V::kF64), "f64");
}

TEST(Gguf, RejectsTruncationAtEveryOffset) {
  std::string full = EveryType();
  size_t end_of_metadata = full.size() - 64;
  for (size_t n = 0; n < end_of_metadata; ++n) {
    std::string msg = ParseError(full.substr(0, n));
    EXPECT_NE(msg.find("model.gguf: byte "), std::string::npos) << n << ": " << msg;
    EXPECT_NE(msg.find("(size " + std::to_string(n) + ")"), std::string::npos) << n << ": " << msg;
  }
  EXPECT_EQ(ParseGgufHeader(full.substr(0, end_of_metadata), "m").metadata.size(), 15u);
}

TEST(Gguf, RejectsHugeLengthsAndCountsBeforeAllocating) {
  uint64_t max = std::numeric_limits<uint64_t>::max();
  std::string b = Header(1).Le(max).b + "12345678";
  EXPECT_EQ(ParseError(b), "model.gguf: byte 24: key length 18446744073709551615 is more than 64 KiB");
  b = Header(1).Str("k").Type(V::kString).Le(max).b + "abc";
  EXPECT_EQ(ParseError(b), "model.gguf: byte 37: string length 18446744073709551615 runs past the end "
                           "of the file (size 48)");
  b = Header(1).Key("k", V::kArray).Type(V::kU64).Le(max / 2).b;
  EXPECT_NE(ParseError(b).find("byte 41: array count (of u64) 9223372036854775807 runs past"), std::string::npos);
  b = Header(1).Key("k", V::kArray).Type(V::kArray).Le<uint64_t>(3).Type(V::kU8).Le<uint64_t>(0).b;
  EXPECT_NE(ParseError(b).find("array count (of array) 3 runs past"), std::string::npos);  // 12 bytes each
  EXPECT_NE(ParseError(Header(1'000'001).b).find("byte 16: metadata count 1000001 is more than 1000000"),
            std::string::npos);
  EXPECT_NE(ParseError(Header(1'000'000).b).find("metadata count 1000000 runs past the end"), std::string::npos);
  b = Header(1).Str(std::string((64 << 10) + 1, 'k')).Type(V::kU8).Le<uint8_t>(0).b;
  EXPECT_NE(ParseError(b).find("key length 65537 is more than 64 KiB"), std::string::npos);
  b = Header(1).Str(std::string(64 << 10, 'k')).Type(V::kU8).Le<uint8_t>(0).b;
  EXPECT_EQ(ParseGgufHeader(b, "m").metadata.size(), 1u);
}

TEST(Gguf, BoundsTheArrayElementsOfTheWholeHeader) {
  // The count is checked before any element is read: only the bytes of the test are allocated.
  Bytes b = Header(1).Key("a", V::kArray).Type(V::kU8).Le<uint64_t>(kGgufMaxArrayElements + 1);
  b.b.append(kGgufMaxArrayElements + 1, '\0');
  EXPECT_NE(ParseError(b.b).find("byte 41: more than 8388608 array elements"), std::string::npos);
}

TEST(Gguf, RejectsWrongMagicAndVersions) {
  std::string b = EveryType();
  EXPECT_EQ(ParseError("GGML" + b.substr(4)), "model.gguf: byte 0: not a GGUF file: magic 'GGML', expected 'GGUF'");
  EXPECT_NE(ParseError("\x7f" "ELF" + b.substr(4)).find("magic '\\x7fELF'"), std::string::npos);
  for (uint32_t v : {0u, 1u, 4u, 0xffffffffu}) {
    EXPECT_EQ(ParseError(Header(0, v).b),
              "model.gguf: byte 4: GGUF version " + std::to_string(v) + " is not supported (only 2 and 3)");
  }
  EXPECT_EQ(ParseError(Header(0, 0x03000000u).b), "model.gguf: byte 4: big-endian GGUF (version 3) is not supported");
}

// A value of `levels` arrays, one inside the other, around a u8.
std::string Nested(int levels) {
  Bytes b = Header(1).Key("deep", V::kArray);
  for (int i = 1; i < levels; ++i) b.Type(V::kArray).Le<uint64_t>(1);
  b.Type(V::kU8).Le<uint64_t>(1).Le<uint8_t>(9);
  return b.b;
}

TEST(Gguf, RejectsArraysNestedDeeperThanEight) {
  GgufHeader h = ParseGgufHeader(Nested(8), "m");
  const GgufValue* v = &h.metadata.at("deep");
  for (int i = 0; i < 8; ++i) v = &std::get<std::vector<GgufValue>>(v->value).at(0);
  EXPECT_EQ(std::get<uint64_t>(v->value), 9u);
  EXPECT_NE(ParseError(Nested(9)).find("arrays are nested deeper than 8"), std::string::npos);
  EXPECT_NE(ParseError(Nested(100000)).find("nested deeper than 8"), std::string::npos);
}

TEST(Gguf, RejectsBadKeysTypesAndBools) {
  auto one = [](std::string_view key, uint32_t type, std::string_view value) {
    return Header(1).Key(key, type).b + std::string(value);
  };
  EXPECT_NE(ParseError(one("a\xff", V::kU8, "x")).find("byte 32: key 'a\\xff' is not UTF-8"), std::string::npos);
  EXPECT_NE(ParseError(one("\xc0\x80", V::kU8, "x")).find("is not UTF-8"), std::string::npos);  // overlong
  EXPECT_NE(ParseError(one("\xed\xa0\x80", V::kU8, "x")).find("is not UTF-8"), std::string::npos);  // surrogate
  EXPECT_EQ(ParseError(one("k", 13, "xxxxxxxx")), "model.gguf: byte 33: unknown value type 13");
  EXPECT_NE(ParseError(one("k", V::kBool, "\x02")).find("byte 37: bool value 2 is neither 0 nor 1"), std::string::npos);
  std::string arr = Header(1).Key("k", V::kArray).Type(0x100).Le<uint64_t>(0).b;
  EXPECT_NE(ParseError(arr).find("byte 37: unknown value type 256"), std::string::npos);
  std::string dup = Header(2).Key("general.name", V::kU8).Le<uint8_t>(1).Key("general.name", V::kU8).Le<uint8_t>(2).b;
  EXPECT_EQ(ParseError(dup), "model.gguf: byte 49: duplicate key 'general.name'");
}

TEST(Gguf, RandomCorruptionGivesAValueOrAnInputError) {
  std::string good = EveryType();
  std::mt19937 rng(7);
  for (int i = 0; i < 3000; ++i) {
    std::string b = good;
    for (int k = 0; k < 1 + i % 4; ++k) b[rng() % b.size()] = static_cast<char>(rng());
    try {
      ParseGgufHeader(b, "m");
    } catch (const Error& e) {
      EXPECT_EQ(e.exit_code(), kExitInput);
    }
  }
}

class GgufFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sovaudit_gguf_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path Write(const std::string& name, const std::string& bytes) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p;
  }
  fs::path dir_;
};

TEST_F(GgufFile, ReadsAcrossBufferRefills) {
  Bytes b = Header(3);
  b.Key("general.name", V::kString).Str("start");
  b.Key("big", V::kString).Str(std::string(3 << 20, 'x'));  // crosses several 1 MiB reads
  b.Key("general.license", V::kString).Str("apache-2.0");
  b.b += std::string(5000, '\0');
  GgufHeader h = ReadGgufHeader(Write("big.gguf", b.b));
  EXPECT_EQ(*h.metadata.at("general.license").AsString(), "apache-2.0");
  EXPECT_EQ(h.metadata.at("big").AsString()->size(), 3u << 20);
  std::string full = EveryType();
  for (size_t n : {size_t{0}, size_t{3}, size_t{23}, size_t{100}, full.size() - 65}) {
    std::string msg = ErrorOf([&] { ReadGgufHeader(Write("cut.gguf", full.substr(0, n))); });
    EXPECT_NE(msg.find("cut.gguf: byte "), std::string::npos) << msg;
  }
}

TEST_F(GgufFile, StopsAtTheMetadataBound) {
  // A sparse file of 300 MiB whose one string claims 290 MiB: within the file, beyond the bound.
  fs::path p = Write("huge.gguf", Header(1).Key("k", V::kString).Le<uint64_t>(290ull << 20).b);
  fs::resize_file(p, 300ull << 20);
  EXPECT_NE(ErrorOf([&] { ReadGgufHeader(p); }).find("byte 37: the metadata runs past the first 256 MiB"),
            std::string::npos);
}

TEST_F(GgufFile, MissingFileOrDirectoryIsAnInputError) {
  EXPECT_NE(ErrorOf([&] { ReadGgufHeader(dir_ / "none.gguf"); }).find("none.gguf: cannot read"),
            std::string::npos);
  EXPECT_NE(ErrorOf([&] { ReadGgufHeader(dir_); }).find("is a directory"), std::string::npos);
}

}  // namespace
}  // namespace sov::import
