#include "engine/io/hdf5_types.hpp"

#include "engine/io/hdf5_handles.hpp"

namespace msabm::h5 {

XdmfNumber xdmf_number(hid_t type) {
  const auto size = static_cast<int>(H5Tget_size(type));
  switch (H5Tget_class(type)) {
    case H5T_FLOAT:
      return {"Float", size};
    case H5T_INTEGER: {
      const bool is_signed = H5Tget_sign(type) == H5T_SGN_2;
      if (size == 1) return {is_signed ? "Char" : "UChar", 1};
      return {is_signed ? "Int" : "UInt", size};
    }
    default:
      throw Error("no XDMF number type for a non-numeric dataset");
  }
}

std::string type_name(hid_t type) {
  const auto bits = std::to_string(8 * H5Tget_size(type));
  switch (H5Tget_class(type)) {
    case H5T_FLOAT:
      return "float" + bits;
    case H5T_INTEGER:
      return (H5Tget_sign(type) == H5T_SGN_2 ? "int" : "uint") + bits;
    case H5T_STRING:
      return "string";
    default:
      return "other";
  }
}

}  // namespace msabm::h5
