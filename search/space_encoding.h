// Numeric features of a configuration, for the model-based algorithms.
//
// Each ordinal parameter (Int, Float, ordered Choice) becomes a coordinate in [0, 1] on its
// sampling scale (log and reverse_log included), the same scale random search samples on.
// Each unordered Choice and each Boolean becomes a category index, so that models can treat
// it as a category rather than a number. Fixed parameters carry no information and are left
// out.
//
// Conditional parameters do not pretend to have a value when inactive. An ordinal one is
// embedded in two coordinates, (u, 0) when active and (0.5, 1) when not, so an inactive
// configuration sits at distance at least 1 from every active one and at 0 from the other
// inactive ones; a categorical one gets one extra category meaning "inactive".
#ifndef KUBETUNE_SEARCH_SPACE_ENCODING_H_
#define KUBETUNE_SEARCH_SPACE_ENCODING_H_

#include <vector>

#include "search/search_space.h"

namespace kubetune::search {

struct EncodedPoint {
  std::vector<double> continuous;
  std::vector<int> categories;
};

// Thread-compatible; holds a reference to the space, which must outlive it.
class SpaceEncoder {
 public:
  explicit SpaceEncoder(const SearchSpace& space);

  // Number of continuous coordinates, and the ordinal parameter each belongs to (two
  // coordinates share one parameter, and so one length scale, when it is conditional).
  int continuous_size() const { return static_cast<int>(coordinate_owner_.size()); }
  const std::vector<int>& coordinate_owner() const { return coordinate_owner_; }
  int ordinal_count() const { return static_cast<int>(ordinals_.size()); }

  // Number of categorical features and each one's number of categories (the inactive one
  // included).
  int categorical_size() const { return static_cast<int>(categoricals_.size()); }
  const std::vector<int>& category_counts() const { return category_counts_; }

  EncodedPoint Encode(const Values& values) const;

  // The parameters behind each ordinal and each categorical feature.
  const HyperParameter& ordinal(int i) const { return *ordinals_[static_cast<size_t>(i)]; }
  const HyperParameter& categorical(int i) const { return *categoricals_[static_cast<size_t>(i)]; }

 private:
  const SearchSpace& space_;
  std::vector<const HyperParameter*> ordinals_;
  std::vector<bool> ordinal_conditional_;
  std::vector<int> coordinate_owner_;
  std::vector<const HyperParameter*> categoricals_;
  std::vector<int> category_counts_;
};

// The index of `value` among a categorical parameter's values (Boolean: false 0, true 1).
int CategoryIndex(const HyperParameter& hp, const Value& value);

}  // namespace kubetune::search

#endif  // KUBETUNE_SEARCH_SPACE_ENCODING_H_
