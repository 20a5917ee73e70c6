#pragma once
// Small RAII owners for HDF5 identifiers and the library's error policy. HDF5's automatic error
// printing is switched off; a failed call becomes an h5::Error whose message names what was
// being done and HDF5's most specific reason ("No space left on device", "truncated file").
#include <hdf5.h>

#include <stdexcept>
#include <string>

namespace msabm::h5 {

/// A failed HDF5 operation (I/O error, full disk, damaged file structure).
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Switches HDF5's automatic error printing off for this process (idempotent).
void silence_errors();

/// HDF5's most specific message on the current error stack (then clears the stack); "" if none.
std::string take_error_message();

/// How many files, groups, datasets, named datatypes and attributes this process holds open,
/// less those whose close failed and that HDF5 keeps regardless (dataspaces and property lists
/// are HDF5's "library types" that it does not count). 0 whenever no msabm reader or writer is
/// at work: HDF5 closes forgotten ones itself at exit, so no leak checker would see a forgotten
/// handle; the command line checks this count instead (in builds with assertions).
long open_identifiers();

/// Throws Error("<what>: <HDF5's reason>").
[[noreturn]] void fail(const std::string& what);

/// Returns `status`, or throws Error naming `what` when it reports failure (< 0).
template <class Status>
Status check(Status status, const std::string& what) {
  if (status < 0) fail(what);
  return status;
}

/// Owns one HDF5 identifier and closes it with the matching H5?close function.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  /// Takes ownership of `id`; throws Error naming `what` when id < 0 (the call failed).
  Handle(hid_t id, Closer closer, const std::string& what);
  ~Handle() { reset(); }
  Handle(Handle&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = -1; }
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  [[nodiscard]] hid_t get() const { return id_; }
  [[nodiscard]] bool valid() const { return id_ >= 0; }
  /// Closes now and throws Error naming `what` when closing fails (for files: the final
  /// flush of metadata, where a full disk shows up).
  void close(const std::string& what);
  /// Closes, ignoring failure.
  void reset() noexcept;

 private:
  hid_t id_ = -1;
  Closer closer_ = nullptr;
};

inline Handle file(hid_t id, const std::string& what) { return {id, H5Fclose, what}; }
inline Handle group(hid_t id, const std::string& what) { return {id, H5Gclose, what}; }
inline Handle dataset(hid_t id, const std::string& what) { return {id, H5Dclose, what}; }
inline Handle dataspace(hid_t id, const std::string& what) { return {id, H5Sclose, what}; }
inline Handle datatype(hid_t id, const std::string& what) { return {id, H5Tclose, what}; }
inline Handle plist(hid_t id, const std::string& what) { return {id, H5Pclose, what}; }
inline Handle attribute(hid_t id, const std::string& what) { return {id, H5Aclose, what}; }

}  // namespace msabm::h5
