// RFC 6962 Merkle hashing and inclusion proof verification (see merkle.h).

#include "src/sigstore/merkle.h"

#include "src/crypto/crypto.h"

namespace sov::sigstore {

std::string LeafHash(std::string_view leaf) {
  std::string buf(1, '\0');
  buf.append(leaf);
  return Sha256Raw(buf);
}

std::string NodeHash(std::string_view left, std::string_view right) {
  std::string buf(1, '\1');
  buf.append(left);
  buf.append(right);
  return Sha256Raw(buf);
}

std::string RootFromInclusionProof(uint64_t index, uint64_t tree_size, std::string_view leaf_hash,
                                   const std::vector<std::string>& proof, std::string* why) {
  if (index >= tree_size) {
    *why = "leaf index " + std::to_string(index) + " is not below the tree size " + std::to_string(tree_size);
    return "";
  }
  uint64_t fn = index, sn = tree_size - 1;
  std::string r(leaf_hash);
  for (size_t i = 0; i < proof.size(); ++i) {
    const std::string& p = proof[i];
    if (p.size() != 32) {
      *why = "proof hash " + std::to_string(i) + " is " + std::to_string(p.size()) + " bytes, not 32";
      return "";
    }
    if (sn == 0) {
      *why = "the proof has " + std::to_string(proof.size()) + " hashes, more than a tree of " +
             std::to_string(tree_size) + " needs";
      return "";
    }
    if ((fn & 1) || fn == sn) {
      r = NodeHash(p, r);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) {
    *why = "the proof has " + std::to_string(proof.size()) + " hashes, fewer than a tree of " +
           std::to_string(tree_size) + " needs";
    return "";
  }
  return r;
}

}  // namespace sov::sigstore
