#include "engine/io/hdf5_handles.hpp"

#include <algorithm>
#include <mutex>
#include <vector>

namespace msabm::h5 {

namespace {

// Collects the description of the innermost (most specific) entry of an error stack.
herr_t innermost(unsigned /*n*/, const H5E_error2_t* entry, void* data) {
  auto* out = static_cast<std::string*>(data);
  if (entry->desc != nullptr && entry->desc[0] != '\0') *out = entry->desc;
  return 0;
}

// Identifiers whose close failed and that HDF5 1.10 nevertheless keeps registered (a file whose
// final metadata flush failed, e.g. one with damaged metadata opened for writing): msabm did close
// them, and HDF5 offers no way to release them, so open_identifiers() does not count them.
std::mutex unclosable_mutex;
std::vector<hid_t> unclosable;

/// Closes `id`; false when that failed (then noted if HDF5 keeps it).
bool close_or_note(Handle::Closer closer, hid_t id) {
  if (closer(id) >= 0) return true;
  if (H5Iis_valid(id) > 0) {
    const std::lock_guard lock(unclosable_mutex);
    unclosable.push_back(id);
  }
  return false;
}

}  // namespace

long open_identifiers() {
  long open = static_cast<long>(check(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), "counting open identifiers"));
  const std::lock_guard lock(unclosable_mutex);
  open -= std::count_if(unclosable.begin(), unclosable.end(), [](hid_t id) { return H5Iis_valid(id) > 0; });
  return open;
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
  id_ = -1;
  if (!close_or_note(closer_, id)) fail(what);
}

void Handle::reset() noexcept {
  if (id_ >= 0) {
    close_or_note(closer_, id_);
    id_ = -1;
    H5Eclear2(H5E_DEFAULT);
  }
}

}  // namespace msabm::h5
