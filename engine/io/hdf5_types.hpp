#pragma once
// The HDF5 native type of each C++ number type msabm stores, and the XDMF name of an HDF5 type.
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <type_traits>

namespace msabm::h5 {

template <class T>
hid_t native_type() {
  if constexpr (std::is_same_v<T, std::uint8_t>) return H5T_NATIVE_UINT8;
  else if constexpr (std::is_same_v<T, std::int8_t>) return H5T_NATIVE_INT8;
  else if constexpr (std::is_same_v<T, std::uint16_t>) return H5T_NATIVE_UINT16;
  else if constexpr (std::is_same_v<T, std::int16_t>) return H5T_NATIVE_INT16;
  else if constexpr (std::is_same_v<T, std::uint32_t>) return H5T_NATIVE_UINT32;
  else if constexpr (std::is_same_v<T, std::int32_t>) return H5T_NATIVE_INT32;
  else if constexpr (std::is_same_v<T, std::uint64_t>) return H5T_NATIVE_UINT64;
  else if constexpr (std::is_same_v<T, std::int64_t>) return H5T_NATIVE_INT64;
  else if constexpr (std::is_same_v<T, float>) return H5T_NATIVE_FLOAT;
  else if constexpr (std::is_same_v<T, double>) return H5T_NATIVE_DOUBLE;
  else static_assert(sizeof(T) == 0, "no HDF5 type for this C++ type");
}

/// How XDMF names a stored number type: NumberType ("Float", "Int", "UInt", "Char", "UChar")
/// and Precision (bytes).
struct XdmfNumber {
  std::string number_type;
  int precision = 0;
};

/// XDMF name of an HDF5 integer or float type; throws h5::Error for other classes.
XdmfNumber xdmf_number(hid_t type);

/// Short name of a stored number type for people ("float64", "uint32", ...).
std::string type_name(hid_t type);

}  // namespace msabm::h5
