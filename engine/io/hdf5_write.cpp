#include "engine/io/hdf5_write.hpp"

#include <algorithm>

#include "engine/io/hdf5_read.hpp"

namespace msabm::h5 {

namespace {

constexpr std::size_t kChunkBytes = 256 * 1024;   // whole datasets
constexpr std::size_t kRowChunkBytes = 16 * 1024;  // appended rows

Handle string_type(std::size_t size) {
  Handle type = datatype(H5Tcopy(H5T_C_S1), "string type");
  check(H5Tset_size(type.get(), size), "string type");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "string type");
  return type;
}

/// Dataset creation properties: no object timestamps (files differ only where data differ),
/// optionally chunked with shuffle + deflate.
Handle creation_properties(const std::vector<hsize_t>& chunk, int compression) {
  Handle dcpl = plist(H5Pcreate(H5P_DATASET_CREATE), "dataset properties");
  check(H5Pset_obj_track_times(dcpl.get(), false), "dataset properties");
  if (!chunk.empty()) {
    check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()), "chunking");
    if (compression > 0) {
      check(H5Pset_shuffle(dcpl.get()), "shuffle filter");
      check(H5Pset_deflate(dcpl.get(), static_cast<unsigned>(compression)), "deflate filter");
    }
  }
  return dcpl;
}

void delete_attribute_if_present(hid_t object, const std::string& name) {
  if (check(H5Aexists(object, name.c_str()), "attribute " + name) > 0) {
    check(H5Adelete(object, name.c_str()), "replacing attribute " + name);
  }
}

}  // namespace

Handle file_access() {
  Handle fapl = plist(H5Pcreate(H5P_FILE_ACCESS), "file access properties");
  check(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V18, H5F_LIBVER_LATEST), "file format");
  // No file locks: h5py, ParaView and `msabm info` can read result.h5 while a run writes it
  // (HDF5 1.10 would otherwise refuse them: "unable to lock file").
  check(H5Pset_file_locking(fapl.get(), false, true), "file access properties");
  return fapl;
}

Handle create_file(const std::filesystem::path& path) {
  silence_errors();
  const Handle fapl = file_access();
  Handle fcpl = plist(H5Pcreate(H5P_FILE_CREATE), "file properties");
  check(H5Pset_link_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "file properties");
  check(H5Pset_file_space_strategy(fcpl.get(), H5F_FSPACE_STRATEGY_NONE, false, 1), "file properties");
  return file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()),
              "cannot create " + path.string());
}

Handle create_group(hid_t parent, const std::string& path) {
  Handle lcpl = plist(H5Pcreate(H5P_LINK_CREATE), "link properties");
  check(H5Pset_create_intermediate_group(lcpl.get(), 1), "link properties");
  Handle gcpl = plist(H5Pcreate(H5P_GROUP_CREATE), "group properties");
  check(H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "group properties");
  check(H5Pset_obj_track_times(gcpl.get(), false), "group properties");
  return group(H5Gcreate2(parent, path.c_str(), lcpl.get(), gcpl.get(), H5P_DEFAULT),
               "cannot create group " + path);
}

Handle open_or_create_group(hid_t parent, const std::string& path) {
  return exists(parent, path) ? open_group(parent, path) : create_group(parent, path);
}

void set_attribute(hid_t object, const std::string& name, std::string_view value) {
  // Variable-length, so that h5py reads it as a str.
  delete_attribute_if_present(object, name);
  const Handle type = string_type(H5T_VARIABLE);
  const Handle space = dataspace(H5Screate(H5S_SCALAR), "attribute " + name);
  const Handle attr = attribute(H5Acreate2(object, name.c_str(), type.get(), space.get(),
                                           H5P_DEFAULT, H5P_DEFAULT), "attribute " + name);
  const std::string text(value);
  const char* pointer = text.c_str();
  check(H5Awrite(attr.get(), type.get(), &pointer), "writing attribute " + name);
}

void set_attribute_raw(hid_t object, const std::string& name, hid_t type, const void* values,
                       std::size_t count, bool scalar) {
  delete_attribute_if_present(object, name);
  const hsize_t dims[1] = {count};
  const Handle space = dataspace(scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, dims, nullptr),
                                 "attribute " + name);
  const Handle attr = attribute(H5Acreate2(object, name.c_str(), type, space.get(), H5P_DEFAULT,
                                           H5P_DEFAULT), "attribute " + name);
  check(H5Awrite(attr.get(), type, values), "writing attribute " + name);
}

void write_raw(hid_t parent, const std::string& name, hid_t type, const void* data,
               const std::vector<hsize_t>& dims, int compression, std::string_view units) {
  hsize_t total = 1;
  for (hsize_t d : dims) total *= d;
  std::vector<hsize_t> chunk;
  if (compression > 0 && total > 0) {
    // Chunks of whole rows (all trailing dimensions), about kChunkBytes each.
    hsize_t row_bytes = H5Tget_size(type);
    for (std::size_t i = 1; i < dims.size(); ++i) row_bytes *= dims[i];
    chunk = dims;
    chunk[0] = std::clamp<hsize_t>(kChunkBytes / row_bytes, 1, dims[0]);
  }
  const Handle dcpl = creation_properties(chunk, compression);
  const Handle space = dataspace(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                                 "dataspace of " + name);
  const Handle dset = dataset(H5Dcreate2(parent, name.c_str(), type, space.get(), H5P_DEFAULT,
                                         dcpl.get(), H5P_DEFAULT), "cannot create dataset " + name);
  if (total > 0) {
    check(H5Dwrite(dset.get(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "cannot write " + name);
  }
  set_attribute(dset.get(), "units", units);
}

void write_text(hid_t parent, const std::string& name, std::string_view text) {
  const Handle type = string_type(std::max<std::size_t>(text.size(), 1));
  const Handle space = dataspace(H5Screate(H5S_SCALAR), "dataspace of " + name);
  const Handle dcpl = creation_properties({}, 0);
  const Handle dset = dataset(H5Dcreate2(parent, name.c_str(), type.get(), space.get(), H5P_DEFAULT,
                                         dcpl.get(), H5P_DEFAULT), "cannot create dataset " + name);
  std::string padded(text);
  if (padded.empty()) padded.push_back('\0');
  check(H5Dwrite(dset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, padded.data()),
        "cannot write " + name);
  set_attribute(dset.get(), "units", "text");
}

Handle create_rows(hid_t parent, const std::string& name, hid_t type, hsize_t columns,
                   int compression, std::string_view units) {
  const hsize_t row_bytes = H5Tget_size(type) * std::max<hsize_t>(columns, 1);
  const hsize_t chunk_rows = std::max<hsize_t>(kRowChunkBytes / row_bytes, 1);
  std::vector<hsize_t> dims{0}, max_dims{H5S_UNLIMITED}, chunk{chunk_rows};
  if (columns > 0) {
    dims.push_back(columns);
    max_dims.push_back(columns);
    chunk.push_back(columns);
  }
  const Handle dcpl = creation_properties(chunk, compression);
  check(H5Pset_chunk_opts(dcpl.get(), H5D_CHUNK_DONT_FILTER_PARTIAL_CHUNKS), "chunk options");
  const Handle space = dataspace(H5Screate_simple(static_cast<int>(dims.size()), dims.data(),
                                                  max_dims.data()), "dataspace of " + name);
  Handle dset = dataset(H5Dcreate2(parent, name.c_str(), type, space.get(), H5P_DEFAULT, dcpl.get(),
                                   H5P_DEFAULT), "cannot create dataset " + name);
  set_attribute(dset.get(), "units", units);
  return dset;
}

void append_rows(hid_t dset, hid_t type, const void* data, hsize_t rows) {
  const Handle file_space = dataspace(H5Dget_space(dset), "row dataset");
  const int rank = H5Sget_simple_extent_ndims(file_space.get());
  hsize_t dims[2] = {0, 1};
  check(H5Sget_simple_extent_dims(file_space.get(), dims, nullptr), "row dataset");
  hsize_t new_dims[2] = {dims[0] + rows, dims[1]};
  check(H5Dset_extent(dset, new_dims), "extending a row dataset");
  if (rows == 0) return;
  const Handle extended = dataspace(H5Dget_space(dset), "row dataset");
  const hsize_t start[2] = {dims[0], 0};
  const hsize_t count[2] = {rows, rank == 2 ? dims[1] : 1};
  check(H5Sselect_hyperslab(extended.get(), H5S_SELECT_SET, start, nullptr, count, nullptr),
        "selecting rows");
  const Handle memory = dataspace(H5Screate_simple(rank, count, nullptr), "rows");
  check(H5Dwrite(dset, type, memory.get(), extended.get(), H5P_DEFAULT, data), "appending rows");
}

void append_row(hid_t dset, hid_t type, const void* row) { append_rows(dset, type, row, 1); }

hsize_t row_count(hid_t dset) {
  const Handle space = dataspace(H5Dget_space(dset), "row dataset");
  hsize_t dims[2] = {0, 0};
  check(H5Sget_simple_extent_dims(space.get(), dims, nullptr), "row dataset");
  return dims[0];
}

void set_row_count(hid_t dset, hsize_t rows) {
  const Handle space = dataspace(H5Dget_space(dset), "row dataset");
  hsize_t dims[2] = {0, 0};
  check(H5Sget_simple_extent_dims(space.get(), dims, nullptr), "row dataset");
  dims[0] = rows;
  check(H5Dset_extent(dset, dims), "resizing a row dataset");
}

}  // namespace msabm::h5
