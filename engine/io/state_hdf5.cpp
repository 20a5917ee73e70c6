#include "engine/io/state_hdf5.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "engine/core/simulation.hpp"
#include "engine/io/hdf5_names.hpp"
#include "engine/io/hdf5_read.hpp"
#include "engine/io/hdf5_write.hpp"

namespace msabm::h5 {

hid_t native_type(ElementType type) {
  switch (type) {
    case ElementType::U8: return H5T_NATIVE_UINT8;
    case ElementType::U16: return H5T_NATIVE_UINT16;
    case ElementType::I32: return H5T_NATIVE_INT32;
    case ElementType::U32: return H5T_NATIVE_UINT32;
    case ElementType::I64: return H5T_NATIVE_INT64;
    case ElementType::U64: return H5T_NATIVE_UINT64;
    case ElementType::F32: return H5T_NATIVE_FLOAT;
    case ElementType::F64: return H5T_NATIVE_DOUBLE;
  }
  throw Error("unknown element type");
}

std::string stored_path(const std::string& path) {
  std::string out;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    if (!out.empty()) out += '/';
    out += link_name(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

namespace {
std::pair<std::string, std::string> split_parent(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return {"", path};
  return {path.substr(0, slash), path.substr(slash + 1)};
}
}  // namespace

void StateWriter::on_item(const std::string& path, StateItem& item) {
  const auto [parent, name] = split_parent(stored_path(path));
  Handle group = parent.empty() ? Handle{} : open_or_create_group(root_, parent);
  const hid_t where = parent.empty() ? root_ : group.get();
  write_raw(where, name, native_type(item.type), item.data, {item.count}, item.count > 0 ? compression_ : 0, item.units);
  const Handle d = open_dataset(where, name);
  set_attribute(d.get(), "role", role_name(item.role));
}

void StateReader::on_item(const std::string& path, StateItem& item) {
  const std::string stored = stored_path(path);
  if (!exists(root_, stored)) throw StateMismatch(fmt::format("{} is missing", path));
  const Handle d = open_dataset(root_, stored);
  if (!stored_as(d.get(), native_type(item.type))) {
    throw StateMismatch(fmt::format("{} is not stored as {}", path, element_type_name(item.type)));
  }
  const std::vector<hsize_t> dims = shape(d.get());
  if (dims.size() != 1) throw StateMismatch(fmt::format("{} is not a one-dimensional array", path));
  const std::size_t n = dims[0];
  void* data = item.data;
  if (item.resize != nullptr) {
    data = item.resize(item.owner, n);
  } else if (n != item.count) {
    throw StateMismatch(fmt::format("{}: {} values stored, {} expected", path, n, item.count));
  }
  if (n > 0) read_raw(d.get(), native_type(item.type), data, path);
  visited_.push_back(stored);
}

void StateReader::check_nothing_left() const {
  // Every dataset below the root must have been visited: anything else is state of another
  // config (a patch, kind, column or process this one does not build).
  std::vector<std::string> sorted = visited_;
  std::sort(sorted.begin(), sorted.end());
  walk_groups(root_, [&](const std::string& path, hid_t, const std::vector<std::string>& datasets) {
    for (const std::string& d : datasets) {
      const std::string p = path.empty() ? d : path + "/" + d;
      if (!std::binary_search(sorted.begin(), sorted.end(), p)) {
        throw StateMismatch(fmt::format("the checkpoint holds {}, which this config does not have", p));
      }
    }
  });
}

namespace {
class ByteCounter final : public StateVisitor {
 public:
  std::size_t total = 0;
  void enter(std::string_view) override {}
  void leave() override {}
  void item(StateItem& item) override { total += item.bytes(); }
};
}  // namespace

std::size_t state_bytes(const Simulation& sim) {
  ByteCounter c;
  visit_const(sim, c);
  return c.total;
}

}  // namespace msabm::h5
