#pragma once
// Writing HDF5: files, groups, attributes, whole datasets (optionally compressed) and extendible
// row-appended datasets. Every dataset msabm writes carries a `units` attribute.
#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "engine/io/hdf5_handles.hpp"
#include "engine/io/hdf5_types.hpp"

namespace msabm::h5 {

/// File access properties msabm uses for every file it writes or reads: the HDF5 1.8 file
/// format (metadata blocks carry checksums, so damage is detected instead of misread) and no
/// file locking (readers may open result.h5 while a run publishes new versions of it).
Handle file_access();

/// Creates (truncating) a file. HDF5 never reuses file space freed while the file is open:
/// without that, a crash in the middle of a flush can leave metadata on disk pointing at space
/// already rewritten with other data. (msabm frees very little: see create_rows.)
Handle create_file(const std::filesystem::path& path);

/// Creates a group (and missing parents); its members keep their creation order.
Handle create_group(hid_t parent, const std::string& path);
/// Opens the group at `path`, creating it (and missing parents) when absent.
Handle open_or_create_group(hid_t parent, const std::string& path);

/// Attributes (replacing an existing one of the same name).
void set_attribute(hid_t object, const std::string& name, std::string_view value);
void set_attribute_raw(hid_t object, const std::string& name, hid_t type, const void* values,
                       std::size_t count, bool scalar);
template <class T>
  requires std::is_arithmetic_v<T>
void set_attribute(hid_t object, const std::string& name, T value) {
  set_attribute_raw(object, name, native_type<T>(), &value, 1, true);
}
template <class T>
void set_attribute_array(hid_t object, const std::string& name, std::span<const T> values) {
  set_attribute_raw(object, name, native_type<T>(), values.data(), values.size(), false);
}

/// Writes a whole dataset of shape `dims` (row-major, last index fastest) with a `units`
/// attribute. compression 1-9 stores it chunked with shuffle + deflate; 0 stores it plainly.
void write_raw(hid_t parent, const std::string& name, hid_t type, const void* data,
               const std::vector<hsize_t>& dims, int compression, std::string_view units);
template <class T>
void write_dataset(hid_t parent, const std::string& name, std::span<const T> data,
                   std::vector<hsize_t> dims, int compression, std::string_view units) {
  write_raw(parent, name, native_type<T>(), data.data(), dims, compression, units);
}
template <class T>
void write_vector(hid_t parent, const std::string& name, std::span<const T> data, int compression,
                  std::string_view units) {
  write_raw(parent, name, native_type<T>(), data.data(), {data.size()}, compression, units);
}

/// A text dataset (a scalar UTF-8 string), e.g. the resolved config.
void write_text(hid_t parent, const std::string& name, std::string_view text);

/// An extendible, chunked dataset of rows, initially empty: 1-D when `columns` is 0, else
/// [rows, columns]. Rows are added with append_row. The chunk being filled is stored
/// uncompressed (rewritten in place at every flush) and compressed once, when it is full.
Handle create_rows(hid_t parent, const std::string& name, hid_t type, hsize_t columns,
                   int compression, std::string_view units);
/// Appends one row (1 value, or `columns` values) of the dataset's own type.
void append_row(hid_t dataset, hid_t type, const void* row);
/// Appends `rows` rows.
void append_rows(hid_t dataset, hid_t type, const void* data, hsize_t rows);
/// Number of rows of a row dataset.
hsize_t row_count(hid_t dataset);
/// Shrinks (or grows) a row dataset to `rows` rows.
void set_row_count(hid_t dataset, hsize_t rows);

}  // namespace msabm::h5
