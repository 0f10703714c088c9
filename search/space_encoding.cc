#include "search/space_encoding.h"

namespace kubetune::search {

int CategoryIndex(const HyperParameter& hp, const Value& value) {
  if (hp.type == HpType::kBoolean) {
    return std::holds_alternative<bool>(value) && std::get<bool>(value) ? 1 : 0;
  }
  for (size_t i = 0; i < hp.choices.size(); ++i) {
    if (ValuesEqual(hp.choices[i], value)) return static_cast<int>(i);
  }
  return 0;
}

SpaceEncoder::SpaceEncoder(const SearchSpace& space) : space_(space) {
  for (const HyperParameter& hp : space.parameters()) {
    bool conditional = !hp.conditions.empty();
    if (hp.IsOrdinal()) {
      int owner = static_cast<int>(ordinals_.size());
      ordinals_.push_back(&hp);
      ordinal_conditional_.push_back(conditional);
      coordinate_owner_.push_back(owner);
      if (conditional) coordinate_owner_.push_back(owner);
    } else if (hp.type == HpType::kChoice || hp.type == HpType::kBoolean) {
      categoricals_.push_back(&hp);
      int count = hp.type == HpType::kBoolean ? 2 : static_cast<int>(hp.choices.size());
      category_counts_.push_back(conditional ? count + 1 : count);
    }
  }
}

EncodedPoint SpaceEncoder::Encode(const Values& values) const {
  EncodedPoint point;
  point.continuous.reserve(coordinate_owner_.size());
  for (size_t i = 0; i < ordinals_.size(); ++i) {
    const Value* value = values.Find(ordinals_[i]->name);
    if (!ordinal_conditional_[i]) {
      point.continuous.push_back(
          ordinals_[i]->ToUnit(value != nullptr ? *value : ordinals_[i]->Default()));
    } else if (value != nullptr) {
      point.continuous.push_back(ordinals_[i]->ToUnit(*value));
      point.continuous.push_back(0.0);
    } else {
      point.continuous.push_back(0.5);
      point.continuous.push_back(1.0);
    }
  }
  point.categories.reserve(categoricals_.size());
  for (size_t i = 0; i < categoricals_.size(); ++i) {
    const Value* value = values.Find(categoricals_[i]->name);
    bool conditional = !categoricals_[i]->conditions.empty();
    if (value == nullptr) {
      point.categories.push_back(
          conditional ? category_counts_[i] - 1
                      : CategoryIndex(*categoricals_[i], categoricals_[i]->Default()));
    } else {
      point.categories.push_back(CategoryIndex(*categoricals_[i], *value));
    }
  }
  return point;
}

}  // namespace kubetune::search
