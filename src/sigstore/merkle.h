#pragma once
// RFC 6962 / RFC 9162 Merkle tree hashing and inclusion proofs (SHA-256).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sov::sigstore {

std::string LeafHash(std::string_view leaf);                            // SHA256(0x00 || leaf)
std::string NodeHash(std::string_view left, std::string_view right);   // SHA256(0x01 || L || R)

// The root that `proof` (sibling hashes, leaf upwards) leads to from `leaf_hash` at `index` in a
// tree of `tree_size` leaves (RFC 9162 2.1.3.2); "" with *why set when the proof cannot belong to
// such a tree (index out of range, wrong number of hashes, a hash that is not 32 bytes).
std::string RootFromInclusionProof(uint64_t index, uint64_t tree_size, std::string_view leaf_hash,
                                   const std::vector<std::string>& proof, std::string* why);

}  // namespace sov::sigstore
