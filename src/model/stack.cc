#include "src/model/stack.h"

#include <algorithm>

namespace sov {
namespace {

template <typename T>
const T* FindById(const std::vector<T>& items, const std::string& id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& t) { return t.id == id; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

const Organization* Deployment::FindOrganization(const std::string& id) const {
  return FindById(organizations, id);
}
const Infrastructure* Deployment::FindInfrastructure(const std::string& id) const {
  return FindById(infrastructure, id);
}
const Dataset* Deployment::FindDataset(const std::string& id) const {
  return FindById(datasets, id);
}
const DeployedModel* Deployment::FindModel(const std::string& id) const {
  return FindById(models, id);
}
const ModelNode* Deployment::FindNode(const std::string& id) const {
  auto it = nodes.find(id);
  return it == nodes.end() ? nullptr : &it->second;
}

}  // namespace sov
