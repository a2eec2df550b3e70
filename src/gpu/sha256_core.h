#pragma once
// SHA-256 (FIPS 180-4) as one piece of code for the host and the GPU: the compression function,
// block loading and the final padding. nvcc compiles it into the CUDA kernel (src/gpu/kernel.cu)
// and the host compiler into the host backend and the tests, which check it against OpenSSL for
// every padding boundary: CI without a GPU thereby checks the arithmetic the GPU runs.
//
// The production CPU path does not use this code: OpenSSL's SHA-NI assembly is several times
// faster on a CPU. Here the rounds are written for a GPU thread: every loop is unrolled so that
// the message schedule stays in registers (an array indexed at run time would go to local
// memory) and the round constants become immediates.

#include <cstddef>
#include <cstdint>

#if defined(__CUDACC__)
#define SOV_HD __host__ __device__ __forceinline__
#else
#define SOV_HD inline
#endif
#if defined(__CUDA_ARCH__)
#define SOV_UNROLL _Pragma("unroll")
#elif defined(__CUDACC__)
#define SOV_UNROLL  // nvcc's host pass: the host copy of the .cu code is never run hot
#else
#define SOV_UNROLL _Pragma("GCC unroll 64")
#endif

namespace sov::gpu {

// The hash of a message in progress: the chaining value and the bytes compressed so far (always
// whole 64-byte blocks until Sha256Final).
struct Sha256State {
  uint32_t h[8];
  uint64_t length;
};

SOV_HD uint32_t Rotr32(uint32_t x, int n) {
#if defined(__CUDA_ARCH__)
  return __funnelshift_r(x, x, n);
#else
  return (x >> n) | (x << (32 - n));
#endif
}

SOV_HD uint32_t LoadBigEndian32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

SOV_HD void Sha256Init(Sha256State& s) {
  s.h[0] = 0x6a09e667u;
  s.h[1] = 0xbb67ae85u;
  s.h[2] = 0x3c6ef372u;
  s.h[3] = 0xa54ff53au;
  s.h[4] = 0x510e527fu;
  s.h[5] = 0x9b05688cu;
  s.h[6] = 0x1f83d9abu;
  s.h[7] = 0x5be0cd19u;
  s.length = 0;
}

// The compression function: folds one block, given as 16 big-endian words, into h.
SOV_HD void Sha256Compress(uint32_t h[8], const uint32_t block[16]) {
  constexpr uint32_t k[64] = {
      0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u,
      0xab1c5ed5u, 0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu,
      0x9bdc06a7u, 0xc19bf174u, 0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu,
      0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau, 0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u,
      0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u, 0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu,
      0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u, 0xa2bfe8a1u, 0xa81a664bu,
      0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u, 0x19a4c116u,
      0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
      0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u,
      0xc67178f2u};
  uint32_t w[16];
  SOV_UNROLL
  for (int i = 0; i < 16; ++i) w[i] = block[i];
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
  SOV_UNROLL
  for (int t = 0; t < 64; ++t) {
    if (t >= 16) {
      // The schedule in a ring of 16 words: W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16].
      const uint32_t w15 = w[(t - 15) & 15], w2 = w[(t - 2) & 15];
      const uint32_t s0 = Rotr32(w15, 7) ^ Rotr32(w15, 18) ^ (w15 >> 3);
      const uint32_t s1 = Rotr32(w2, 17) ^ Rotr32(w2, 19) ^ (w2 >> 10);
      w[t & 15] += s0 + w[(t - 7) & 15] + s1;
    }
    const uint32_t big_s1 = Rotr32(e, 6) ^ Rotr32(e, 11) ^ Rotr32(e, 25);
    const uint32_t ch = (e & f) ^ (~e & g);
    const uint32_t t1 = hh + big_s1 + ch + k[t] + w[t & 15];
    const uint32_t big_s0 = Rotr32(a, 2) ^ Rotr32(a, 13) ^ Rotr32(a, 22);
    const uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
    const uint32_t t2 = big_s0 + maj;
    hh = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
  h[5] += f;
  h[6] += g;
  h[7] += hh;
}

// Compresses `blocks` whole 64-byte blocks at p. On the GPU p must be 16-byte aligned (the
// pipeline's lane slots are): each block is four 16-byte loads through the read-only cache.
SOV_HD void Sha256Blocks(Sha256State& s, const uint8_t* p, size_t blocks) {
  for (size_t n = 0; n < blocks; ++n, p += 64) {
    uint32_t w[16];
#if defined(__CUDA_ARCH__)
    const uint4* q = reinterpret_cast<const uint4*>(p);
    SOV_UNROLL
    for (int i = 0; i < 4; ++i) {
      const uint4 v = __ldg(q + i);
      w[4 * i + 0] = __byte_perm(v.x, 0, 0x0123);
      w[4 * i + 1] = __byte_perm(v.y, 0, 0x0123);
      w[4 * i + 2] = __byte_perm(v.z, 0, 0x0123);
      w[4 * i + 3] = __byte_perm(v.w, 0, 0x0123);
    }
#else
    SOV_UNROLL
    for (int i = 0; i < 16; ++i) w[i] = LoadBigEndian32(p + 4 * i);
#endif
    Sha256Compress(s.h, w);
  }
  s.length += 64 * uint64_t{blocks};
}

// Hashes the last `n` bytes of the message (n < 64, any alignment) with the padding: 0x80, zeros,
// and the message length in bits as a 64-bit big-endian number; writes the 32-byte digest.
SOV_HD void Sha256Final(Sha256State& s, const uint8_t* tail, size_t n, uint8_t out[32]) {
  const uint64_t bits = (s.length + n) * 8;
  uint32_t w[16];
  SOV_UNROLL
  for (int i = 0; i < 16; ++i) w[i] = 0;
  for (size_t i = 0; i < n; ++i) w[i / 4] |= uint32_t{tail[i]} << (24 - 8 * (i % 4));
  w[n / 4] |= 0x80u << (24 - 8 * (n % 4));
  if (n >= 56) {  // no room for the length: it goes into one more block
    Sha256Compress(s.h, w);
    SOV_UNROLL
    for (int i = 0; i < 16; ++i) w[i] = 0;
  }
  w[14] = static_cast<uint32_t>(bits >> 32);
  w[15] = static_cast<uint32_t>(bits);
  Sha256Compress(s.h, w);
  s.length += n;
  SOV_UNROLL
  for (int i = 0; i < 8; ++i) {
    out[4 * i + 0] = static_cast<uint8_t>(s.h[i] >> 24);
    out[4 * i + 1] = static_cast<uint8_t>(s.h[i] >> 16);
    out[4 * i + 2] = static_cast<uint8_t>(s.h[i] >> 8);
    out[4 * i + 3] = static_cast<uint8_t>(s.h[i]);
  }
}

}  // namespace sov::gpu
