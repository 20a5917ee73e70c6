#pragma once
// Turning msabm names (patches, kinds, readouts) into HDF5 link names: '/' separates groups in
// HDF5, so it becomes '_'; "." and "" are not valid names and get a leading '_'.
#include <string>

namespace msabm::h5 {

inline std::string link_name(std::string name) {
  for (char& c : name) {
    if (c == '/') c = '_';
  }
  return name == "." || name.empty() ? "_" + name : name;
}

}  // namespace msabm::h5
