#include "engine/io/hdf5_read.hpp"

#include <system_error>

#include "engine/io/hdf5_write.hpp"

namespace msabm::h5 {

namespace {

herr_t collect_name(hid_t /*group*/, const char* name, const H5L_info_t* /*info*/, void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}

std::string read_string(hid_t object, hid_t type, bool is_attribute, const std::string& what) {
  Handle memory = datatype(H5Tcopy(type), what);
  if (H5Tget_class(type) != H5T_STRING) throw Error(what + " is not text");
  if (check(H5Tis_variable_str(type), what) > 0) {
    char* text = nullptr;
    check(is_attribute ? H5Aread(object, memory.get(), &text)
                       : H5Dread(object, memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &text),
          "cannot read " + what);
    std::string out = text != nullptr ? text : "";
    H5free_memory(text);
    return out;
  }
  const std::size_t size = H5Tget_size(type);
  std::string out(size, '\0');
  check(is_attribute ? H5Aread(object, memory.get(), out.data())
                     : H5Dread(object, memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()),
        "cannot read " + what);
  const auto end = out.find('\0');
  if (end != std::string::npos) out.resize(end);
  return out;
}

}  // namespace

Handle open_file(const std::filesystem::path& path, bool writable) {
  silence_errors();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error(path.string() + ": no such file");
  if (std::filesystem::is_directory(path, ec)) throw Error(path.string() + " is a folder, not a file");
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  if (is_hdf5 == 0) throw Error(path.string() + " is not an HDF5 file");
  if (is_hdf5 < 0) fail("cannot read " + path.string());
  const Handle fapl = file_access();
  return file(H5Fopen(path.c_str(), writable ? H5F_ACC_RDWR : H5F_ACC_RDONLY, fapl.get()),
              "cannot open " + path.string() + " (truncated or damaged?)");
}

Handle open_group(hid_t parent, const std::string& path) {
  if (!exists(parent, path)) throw Error("missing group " + path);
  return group(H5Gopen2(parent, path.c_str(), H5P_DEFAULT), "cannot open group " + path);
}

Handle open_dataset(hid_t parent, const std::string& path) {
  if (!exists(parent, path)) throw Error("missing dataset " + path);
  return dataset(H5Dopen2(parent, path.c_str(), H5P_DEFAULT), "cannot open dataset " + path);
}

bool exists(hid_t parent, const std::string& path) {
  // Component by component: H5Lexists fails on a path whose parent group is missing.
  std::string prefix = !path.empty() && path[0] == '/' ? "/" : "";
  std::size_t start = prefix.size();
  while (start < path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) {
      if (!prefix.empty() && prefix.back() != '/') prefix += '/';
      prefix += path.substr(start, slash - start);
      if (H5Lexists(parent, prefix.c_str(), H5P_DEFAULT) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        return false;
      }
    }
    start = slash + 1;
  }
  return true;
}

std::vector<std::string> members(hid_t group) {
  std::vector<std::string> names;
  hsize_t index = 0;
  if (H5Literate(group, H5_INDEX_CRT_ORDER, H5_ITER_INC, &index, collect_name, &names) < 0) {
    H5Eclear2(H5E_DEFAULT);  // the group does not track creation order
    names.clear();
    index = 0;
    check(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &index, collect_name, &names),
          "cannot list a group");
  }
  return names;
}

namespace {
void walk_below(hid_t group, const std::string& path,
                const std::function<void(const std::string&, hid_t, const std::vector<std::string>&)>& on_group) {
  std::vector<std::string> datasets, groups;
  for (const std::string& m : members(group)) {
    H5O_info_t info;
    if (H5Oget_info_by_name2(group, m.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) {
      throw Error("cannot inspect " + (path.empty() ? m : path + "/" + m));
    }
    (info.type == H5O_TYPE_GROUP ? groups : datasets).push_back(m);
  }
  on_group(path, group, datasets);
  for (const std::string& g : groups) {
    const Handle sub = open_group(group, g);
    walk_below(sub.get(), path.empty() ? g : path + "/" + g, on_group);
  }
}
}  // namespace

void walk_groups(hid_t group, const std::function<void(const std::string& path, hid_t group,
                                                       const std::vector<std::string>& datasets)>& on_group) {
  walk_below(group, "", on_group);
}

std::vector<hsize_t> shape(hid_t dset) {
  const Handle space = dataspace(H5Dget_space(dset), "dataspace");
  const int rank = check(H5Sget_simple_extent_ndims(space.get()), "dataspace");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0) check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), "dataspace");
  return dims;
}

bool stored_as(hid_t dset, hid_t type) {
  const Handle stored = datatype(H5Dget_type(dset), "dataset type");
  if (H5Tget_class(stored.get()) != H5Tget_class(type)) return false;
  if (H5Tget_size(stored.get()) != H5Tget_size(type)) return false;
  if (H5Tget_class(type) == H5T_INTEGER && H5Tget_sign(stored.get()) != H5Tget_sign(type)) return false;
  return true;
}

void read_raw(hid_t dset, hid_t type, void* out, const std::string& what) {
  check(H5Dread(dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out), "cannot read " + what);
}

std::string read_text(hid_t parent, const std::string& path) {
  const Handle dset = open_dataset(parent, path);
  const Handle type = datatype(H5Dget_type(dset.get()), path);
  return read_string(dset.get(), type.get(), false, path);
}

bool has_attribute(hid_t object, const std::string& name) {
  const htri_t found = H5Aexists(object, name.c_str());
  if (found < 0) H5Eclear2(H5E_DEFAULT);
  return found > 0;
}

std::string string_attribute(hid_t object, const std::string& name) {
  if (!has_attribute(object, name)) throw Error("missing attribute " + name);
  const Handle attr = attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), "attribute " + name);
  const Handle type = datatype(H5Aget_type(attr.get()), "attribute " + name);
  return read_string(attr.get(), type.get(), true, "attribute " + name);
}

void read_attribute_raw(hid_t object, const std::string& name, hid_t type, void* out,
                        std::size_t count) {
  if (!has_attribute(object, name)) throw Error("missing attribute " + name);
  const Handle attr = attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), "attribute " + name);
  const Handle stored = datatype(H5Aget_type(attr.get()), "attribute " + name);
  const H5T_class_t cls = H5Tget_class(stored.get());
  if (cls != H5T_INTEGER && cls != H5T_FLOAT) throw Error("attribute " + name + " is not a number");
  const Handle space = dataspace(H5Aget_space(attr.get()), "attribute " + name);
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  if (n < 0 || static_cast<std::size_t>(n) != count) {
    throw Error("attribute " + name + " has " + std::to_string(n) + " values, expected " +
                std::to_string(count));
  }
  check(H5Aread(attr.get(), type, out), "cannot read attribute " + name);
}

}  // namespace msabm::h5
