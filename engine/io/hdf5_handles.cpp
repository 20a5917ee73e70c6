#include "engine/io/hdf5_handles.hpp"

#include <mutex>

namespace msabm::h5 {

namespace {

// Collects the description of the innermost (most specific) entry of an error stack.
herr_t innermost(unsigned /*n*/, const H5E_error2_t* entry, void* data) {
  auto* out = static_cast<std::string*>(data);
  if (entry->desc != nullptr && entry->desc[0] != '\0') *out = entry->desc;
  return 0;
}

}  // namespace

long open_identifiers() {
  return static_cast<long>(check(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), "counting open identifiers"));
}

void silence_errors() {
  static std::once_flag once;
  std::call_once(once, [] {
    // No library clean-up at exit: after a failed close (a full disk), HDF5 1.10 keeps a
    // dangling file identifier that its exit handler would dereference.
    H5dont_atexit();
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  });
}

std::string take_error_message() {
  std::string message;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, innermost, &message);
  H5Eclear2(H5E_DEFAULT);
  return message;
}

void fail(const std::string& what) {
  const std::string reason = take_error_message();
  throw Error(reason.empty() ? what : what + ": " + reason);
}

Handle::Handle(hid_t id, Closer closer, const std::string& what) : id_(id), closer_(closer) {
  if (id_ < 0) fail(what);
}

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = other.id_;
    closer_ = other.closer_;
    other.id_ = -1;
  }
  return *this;
}

void Handle::close(const std::string& what) {
  if (id_ < 0) return;
  const hid_t id = id_;
  id_ = -1;  // HDF5 releases the identifier even when the final flush fails
  if (closer_(id) < 0) fail(what);
}

void Handle::reset() noexcept {
  if (id_ >= 0) {
    closer_(id_);
    id_ = -1;
    H5Eclear2(H5E_DEFAULT);
  }
}

}  // namespace msabm::h5
