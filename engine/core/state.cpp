#include "engine/core/state.hpp"

#include <cstring>

namespace msabm {

std::string_view role_name(StateRole role) {
  switch (role) {
    case StateRole::Structure: return "structure";
    case StateRole::Clock: return "clock";
    case StateRole::Protocol: return "protocol";
    case StateRole::Parameter: return "parameter";
    case StateRole::Table: return "table";
    case StateRole::ProcessState: return "process";
    case StateRole::AgentColumn: return "agent";
    case StateRole::VoxelArray: return "voxel";
    case StateRole::Field: return "field";
    case StateRole::PendingTerms: return "pending";
  }
  return "?";
}

std::string_view element_type_name(ElementType type) {
  switch (type) {
    case ElementType::U8: return "u8";
    case ElementType::U16: return "u16";
    case ElementType::I32: return "i32";
    case ElementType::U32: return "u32";
    case ElementType::I64: return "i64";
    case ElementType::U64: return "u64";
    case ElementType::F32: return "f32";
    case ElementType::F64: return "f64";
  }
  return "?";
}

std::size_t element_size(ElementType type) {
  switch (type) {
    case ElementType::U8: return 1;
    case ElementType::U16: return 2;
    case ElementType::I32:
    case ElementType::U32:
    case ElementType::F32: return 4;
    case ElementType::I64:
    case ElementType::U64:
    case ElementType::F64: return 8;
  }
  return 0;
}

void StateVisitor::text(std::string_view name, StateRole role, std::string& s) {
  std::vector<std::uint8_t> bytes(s.begin(), s.end());
  array(name, "1", role, bytes);
  if (restoring()) s.assign(bytes.begin(), bytes.end());
}

void PathVisitor::enter(std::string_view group) {
  marks_.push_back(path_.size());
  if (!path_.empty()) path_ += '/';
  path_ += group;
}

void PathVisitor::leave() {
  path_.resize(marks_.back());
  marks_.pop_back();
}

std::string PathVisitor::path_of(std::string_view name) const {
  std::string p = path_;
  if (!p.empty()) p += '/';
  p += name;
  return p;
}

}  // namespace msabm
