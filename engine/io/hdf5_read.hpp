#pragma once
// Reading HDF5: opening files, walking groups, reading whole datasets and attributes with their
// stored type checked. Failures throw h5::Error; callers turn them into InputError where the
// file is user input (a checkpoint given to --restart, a file given to `msabm info`).
#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

#include "engine/io/hdf5_handles.hpp"
#include "engine/io/hdf5_types.hpp"

namespace msabm::h5 {

/// Opens an existing file. Throws Error with a clear reason: missing, not HDF5, truncated, ...
Handle open_file(const std::filesystem::path& path, bool writable);

Handle open_group(hid_t parent, const std::string& path);
Handle open_dataset(hid_t parent, const std::string& path);
/// True when every component of the relative `path` exists below `parent`.
bool exists(hid_t parent, const std::string& path);
/// Names of a group's members, in creation order where the group tracks it (msabm's groups
/// do), else by name.
std::vector<std::string> members(hid_t group);

/// Walks `group` and the groups below it, depth first, each group before its subgroups and
/// members in creation order: on_group(path relative to `group` ("" for itself), the open group,
/// the names of its datasets). Throws Error when a member cannot be inspected.
void walk_groups(hid_t group, const std::function<void(const std::string& path, hid_t group,
                                                       const std::vector<std::string>& datasets)>& on_group);
/// Shape of a dataset.
std::vector<hsize_t> shape(hid_t dataset);
/// True when the dataset's stored type is exactly the native type `type` (class, size, sign).
bool stored_as(hid_t dataset, hid_t type);

void read_raw(hid_t dataset, hid_t type, void* out, const std::string& what);
/// Reads a whole dataset stored exactly as T, flattened (throws Error on any other type).
template <class T>
std::vector<T> read_vector(hid_t parent, const std::string& path) {
  const Handle dset = open_dataset(parent, path);
  if (!stored_as(dset.get(), native_type<T>())) {
    throw Error("dataset " + path + " has an unexpected type");
  }
  hsize_t total = 1;
  for (hsize_t d : shape(dset.get())) total *= d;
  std::vector<T> values(total);
  if (total > 0) read_raw(dset.get(), native_type<T>(), values.data(), path);
  return values;
}
/// A text dataset (fixed or variable length string).
std::string read_text(hid_t parent, const std::string& path);

bool has_attribute(hid_t object, const std::string& name);
/// A string attribute (fixed or variable length).
std::string string_attribute(hid_t object, const std::string& name);
/// A numeric attribute (scalar or the first element), converted to T.
void read_attribute_raw(hid_t object, const std::string& name, hid_t type, void* out,
                        std::size_t count);
template <class T>
  requires std::is_arithmetic_v<T>
T attribute(hid_t object, const std::string& name) {
  T value{};
  read_attribute_raw(object, name, native_type<T>(), &value, 1);
  return value;
}
/// A numeric array attribute.
template <class T>
std::vector<T> array_attribute(hid_t object, const std::string& name, std::size_t count) {
  std::vector<T> values(count);
  read_attribute_raw(object, name, native_type<T>(), values.data(), count);
  return values;
}

}  // namespace msabm::h5
