#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>

#include <unistd.h>

#include "src/import/safetensors.h"
#include "src/util/error.h"
#include "tests/error_of.h"

namespace sov::import {
namespace {
namespace fs = std::filesystem;

// A safetensors file: length, JSON header, then `data` bytes.
std::string File(std::string_view json, size_t data) {
  std::string out;
  for (int i = 0; i < 8; ++i) out += static_cast<char>((json.size() >> (8 * i)) & 0xff);
  out += json;
  out.append(data, '\x11');
  return out;
}

using test::ErrorOf;

std::string ParseError(const std::string& bytes) {
  return ErrorOf([&] { ParseSafetensorsHeader(bytes, "w.safetensors", bytes.size()); });
}
// The error for a header whose tensors need `data` bytes.
std::string HeaderError(std::string_view json, size_t data = 0) { return ParseError(File(json, data)); }

constexpr std::string_view kGood =
    R"({"__metadata__":{"format":"pt","license":"apache-2.0"},)"
    R"("b.weight":{"dtype":"F16","shape":[2,3],"data_offsets":[8,20]},)"
    R"("a.bias":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
    R"("c.empty":{"dtype":"I64","shape":[0,4],"data_offsets":[20,20]}})"
    "        ";  // padding, as writers align the data

TEST(Safetensors, ReadsTensorsAndMetadata) {
  std::string file = File(kGood, 20);
  SafetensorsHeader h = ParseSafetensorsHeader(file, "w.safetensors", file.size());
  EXPECT_EQ(h.header_size, kGood.size());
  EXPECT_EQ(h.metadata, (std::map<std::string, std::string>{{"format", "pt"}, {"license", "apache-2.0"}}));
  ASSERT_EQ(h.tensors.size(), 3u);
  EXPECT_EQ(h.tensors[0].name, "a.bias");
  EXPECT_EQ(h.tensors[1].name, "b.weight");
  EXPECT_EQ(h.tensors[1].dtype, "F16");
  EXPECT_EQ(h.tensors[1].shape, (std::vector<uint64_t>{2, 3}));
  EXPECT_EQ(h.tensors[1].begin, 8u);
  EXPECT_EQ(h.tensors[1].end, 20u);
  EXPECT_EQ(h.tensors[2].name, "c.empty");
  // Only the header need be given; the file size decides the tiling.
  EXPECT_EQ(ParseSafetensorsHeader(file.substr(0, 8 + kGood.size()), "w", file.size()).tensors.size(), 3u);
}

TEST(Safetensors, KnowsEveryDtypeSize) {
  EXPECT_EQ(SafetensorsDtypeBits("BF16"), 16u);
  EXPECT_EQ(SafetensorsDtypeBits("F8_E4M3FNUZ"), 8u);
  EXPECT_EQ(SafetensorsDtypeBits("C64"), 64u);
  EXPECT_EQ(SafetensorsDtypeBits("f32"), 0u);
  // F4: 2 per byte; F6: 4 per 3 bytes; a scalar (shape []) is one element.
  std::string json = R"({"q":{"dtype":"F4","shape":[2,3],"data_offsets":[0,3]},)"
                     R"("r":{"dtype":"F6_E3M2","shape":[4],"data_offsets":[3,6]},)"
                     R"("s":{"dtype":"BOOL","shape":[],"data_offsets":[6,7]}})";
  std::string file = File(json, 7);
  EXPECT_EQ(ParseSafetensorsHeader(file, "w", file.size()).tensors.size(), 3u);
  EXPECT_NE(HeaderError(R"({"q":{"dtype":"F4","shape":[3],"data_offsets":[0,1]}})", 1).find("do not fill whole bytes"),
            std::string::npos);
}

TEST(Safetensors, EmptyHeaderAndNullMetadata) {
  EXPECT_TRUE(ParseSafetensorsHeader(File("{}", 0), "w", 10).tensors.empty());
  SafetensorsHeader h = ParseSafetensorsHeader(File(R"({"__metadata__":null})", 0), "w", 29);
  EXPECT_TRUE(h.metadata.empty());
}

TEST(Safetensors, RejectsBadLengths) {
  for (size_t n = 0; n < 8; ++n) {
    EXPECT_NE(ParseError(std::string(n, '\0')).find("too short for a safetensors file"), std::string::npos);
  }
  std::string big = File("{}", 0);
  big[0] = '\x01', big[1] = '\xe1', big[2] = '\xf5', big[3] = '\x05';  // 100,000,001
  EXPECT_EQ(ParseError(big), "w.safetensors: byte 0: header length 100000001 is more than 100000000");
  std::string past = File("{}", 0);
  past[0] = 3;
  EXPECT_EQ(ParseError(past), "w.safetensors: byte 0: header length 3 runs past the end of the file (size 10)");
  std::string max(8, '\xff');
  EXPECT_NE(ParseError(max + "{}").find("header length 18446744073709551615 is more than"), std::string::npos);
}

TEST(Safetensors, RejectsInvalidJsonWithItsOffset) {
  std::string msg = HeaderError(R"({"a": x})");
  EXPECT_NE(msg.find("w.safetensors: byte 14: invalid JSON header (header byte 6): "), std::string::npos) << msg;
  EXPECT_NE(HeaderError("{\"a\xff\":1}").find("invalid JSON header"), std::string::npos);
  EXPECT_NE(HeaderError("").find("invalid JSON header"), std::string::npos);
  EXPECT_EQ(HeaderError("[1,2]"), "w.safetensors: the header is a JSON array, not a JSON object");
  EXPECT_NE(HeaderError(R"({"a":{},"a":{}})").find("duplicate key 'a'"), std::string::npos);
  EXPECT_NE(HeaderError(R"({"a":[[[[[[[[[[1]]]]]]]]]]})").find("nests deeper than 8"), std::string::npos);
  std::string shape = "[";
  for (int i = 0; i < 4097; ++i) shape += i ? ",1" : "1";
  EXPECT_NE(HeaderError(R"({"a":{"dtype":"U8","shape":)" + shape + R"(],"data_offsets":[0,1]}})", 1)
                .find("array of more than 4096 elements"),
            std::string::npos);
}

TEST(Safetensors, RejectsMalformedTensorEntries) {
  auto entry = [](std::string_view body) { return HeaderError(R"({"t":)" + std::string(body) + "}", 4); };
  EXPECT_EQ(entry("5"), "w.safetensors: tensor 't' is a JSON number, not an object");
  EXPECT_EQ(entry(R"({"shape":[1],"data_offsets":[0,4]})"), "w.safetensors: tensor 't' has no dtype");
  EXPECT_EQ(entry(R"({"dtype":"F32","data_offsets":[0,4]})"), "w.safetensors: tensor 't' has no shape");
  EXPECT_EQ(entry(R"({"dtype":"F32","shape":[1]})"), "w.safetensors: tensor 't' has no data_offsets");
  EXPECT_NE(entry(R"({"dtype":32,"shape":[1],"data_offsets":[0,4]})").find("dtype is a JSON number"), std::string::npos);
  EXPECT_EQ(entry(R"({"dtype":"F33","shape":[1],"data_offsets":[0,4]})"),
            "w.safetensors: tensor 't': unknown dtype 'F33' (did you mean 'F32'?)");
  EXPECT_NE(entry(R"({"dtype":"F32","shape":"1","data_offsets":[0,4]})").find("shape is a JSON string"), std::string::npos);
  EXPECT_NE(entry(R"({"dtype":"F32","shape":[-1],"data_offsets":[0,4]})").find("a shape entry is negative"),
            std::string::npos);
  EXPECT_NE(entry(R"({"dtype":"F32","shape":[1.5],"data_offsets":[0,4]})").find("fractional"), std::string::npos);
  EXPECT_NE(entry(R"({"dtype":"F32","shape":[1],"data_offsets":[0,4,8]})").find("not [begin, end]"), std::string::npos);
  EXPECT_NE(entry(R"({"dtype":"F32","shape":[1],"data_offsets":[0,"4"]})").find("data_offsets end is a JSON string"),
            std::string::npos);
  EXPECT_NE(entry(R"({"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]})").find("shape overflows"),
            std::string::npos);
  EXPECT_NE(entry(R"({"dtype":"F64","shape":[4294967296,536870912],"data_offsets":[0,4]})").find("shape overflows"),
            std::string::npos);
  EXPECT_NE(entry(R"({"dtype":"F32","shape":[2],"data_offsets":[0,4]})").find("do not hold 8 bytes"), std::string::npos);
  EXPECT_NE(entry(R"({"dtype":"F32","shape":[1],"data_offsets":[8,4]})").find("do not hold 4 bytes"), std::string::npos);
  EXPECT_NE(HeaderError(R"({"__metadata__":{"a":1}})").find("__metadata__ 'a' is a JSON number, not a string"),
            std::string::npos);
  EXPECT_NE(HeaderError(R"({"__metadata__":["a"]})").find("__metadata__ is a JSON array"), std::string::npos);
}

TEST(Safetensors, RejectsOffsetsThatDoNotTileTheData) {
  auto two = [](int b1, int e1, int b2, int e2, size_t data) {
    return HeaderError(R"({"x":{"dtype":"U8","shape":[)" + std::to_string(e1 - b1) + R"(],"data_offsets":[)" +
                           std::to_string(b1) + "," + std::to_string(e1) + R"(]},"y":{"dtype":"U8","shape":[)" +
                           std::to_string(e2 - b2) + R"(],"data_offsets":[)" + std::to_string(b2) + "," +
                           std::to_string(e2) + "]}}",
                       data);
  };
  EXPECT_NE(two(1, 4, 4, 8, 8).find("tensor 'x' begins at data byte 1, expected 0 (a gap)"), std::string::npos);
  EXPECT_NE(two(0, 4, 5, 8, 8).find("tensor 'y' begins at data byte 5, expected 4 (a gap)"), std::string::npos);
  EXPECT_NE(two(0, 4, 2, 8, 8).find("expected 4 (it overlaps another tensor)"), std::string::npos);
  EXPECT_EQ(two(0, 4, 4, 8, 9), "w.safetensors: the tensors cover 8 bytes of data, but the file holds 9 after the header");
  EXPECT_NE(HeaderError("{}", 1).find("cover 0 bytes of data, but the file holds 1"), std::string::npos);
}

TEST(Safetensors, RejectsTruncationAtEveryOffset) {
  std::string full = File(kGood, 20);
  for (size_t n = 0; n < full.size(); ++n) {
    std::string msg = ParseError(full.substr(0, n));
    EXPECT_EQ(msg.rfind("w.safetensors: ", 0), 0u) << n << ": " << msg;
  }
}

TEST(Safetensors, RandomCorruptionGivesAValueOrAnInputError) {
  std::string good = File(kGood, 20);
  std::mt19937 rng(11);
  for (int i = 0; i < 3000; ++i) {
    std::string b = good;
    for (int k = 0; k < 1 + i % 3; ++k) b[rng() % b.size()] = static_cast<char>(rng());
    try {
      ParseSafetensorsHeader(b, "w", b.size());
    } catch (const Error& e) {
      EXPECT_EQ(e.exit_code(), kExitInput);
    }
  }
}

TEST(Safetensors, ReadsOnlyTheHeaderOfAFile) {
  fs::path dir = fs::temp_directory_path() / ("sovaudit_st_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path p = dir / "model.safetensors";
  std::string bytes = File(kGood, 20);
  std::ofstream(p, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  SafetensorsHeader h = ReadSafetensorsHeader(p);
  EXPECT_EQ(h.tensors.size(), 3u);
  EXPECT_EQ(h.metadata.at("format"), "pt");
  // A header length of 2^63 in a 10-byte file: an error, not an attempt to read it.
  std::ofstream(p, std::ios::binary | std::ios::trunc).write("\0\0\0\0\0\0\0\x80{}", 10);
  EXPECT_NE(ErrorOf([&] { ReadSafetensorsHeader(p); }).find("header length 9223372036854775808 is more than"),
            std::string::npos);
  std::ofstream(p, std::ios::binary | std::ios::trunc).write("\x05\0\0", 3);
  EXPECT_NE(ErrorOf([&] { ReadSafetensorsHeader(p); }).find("too short"), std::string::npos);
  EXPECT_NE(ErrorOf([&] { ReadSafetensorsHeader(dir / "none.safetensors"); }).find("cannot read the file"),
            std::string::npos);
  EXPECT_NE(ErrorOf([&] { ReadSafetensorsHeader(dir); }).find("is a directory"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace sov::import
