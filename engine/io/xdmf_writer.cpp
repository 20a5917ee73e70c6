#include "engine/io/xdmf_writer.hpp"

#include <fmt/format.h>

#include <iterator>

namespace msabm {

namespace {

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

void data_item(std::string& out, const std::string& dims, const ArrayLayout& a, const std::string& ref) {
  fmt::format_to(std::back_inserter(out),
                 "<DataItem Dimensions=\"{}\" NumberType=\"{}\" Precision=\"{}\" Format=\"HDF\">{}</DataItem>",
                 dims, a.number_type, a.precision, escape(ref));
}

/// The array's units, for viz/render.py's colour bars and anyone reading the file.
void units_information(std::string& out, const ArrayLayout& a) {
  if (a.units.empty()) return;
  fmt::format_to(std::back_inserter(out), "<Information Name=\"units\" Value=\"{}\"/>", escape(a.units));
}

void agent_grid(std::string& out, const SnapshotLayout& s, const AgentGridLayout& g,
                const std::string& h5, std::uint64_t connectivity_length) {
  const std::string base = h5 + ":" + snapshot_path(s.name) + "/" + g.patch + "/agents/" + g.kind + "/";
  auto o = std::back_inserter(out);
  fmt::format_to(o, "   <Grid Name=\"{}\" GridType=\"Uniform\">\n", escape(g.patch + "/" + g.kind));
  fmt::format_to(o, "    <Information Name=\"kind_index\" Value=\"{}\"/>\n", g.kind_index);
  if (!g.state_names.empty()) {
    fmt::format_to(o, "    <Information Name=\"state_names\" Value=\"{}\"/>\n", escape(state_legend(g.state_names)));
  }
  fmt::format_to(o,
                 "    <Topology TopologyType=\"Polyvertex\" NumberOfElements=\"{0}\" NodesPerElement=\"1\">\n"
                 "     <DataItem ItemType=\"HyperSlab\" Dimensions=\"{0}\" Type=\"HyperSlab\">\n"
                 "      <DataItem Dimensions=\"3 1\" Format=\"XML\">0 1 {0}</DataItem>\n"
                 "      <DataItem Dimensions=\"{1}\" NumberType=\"UInt\" Precision=\"4\" Format=\"HDF\">{2}:{3}</DataItem>\n"
                 "     </DataItem>\n"
                 "    </Topology>\n",
                 g.count, connectivity_length, escape(h5), kConnectivityPath);
  out += "    <Geometry GeometryType=\"XYZ\">";
  data_item(out, fmt::format("{} 3", g.count), {"position", "Float", 8}, base + "position");
  out += "</Geometry>\n";
  for (const ArrayLayout& a : g.arrays) {
    fmt::format_to(o, "    <Attribute Name=\"{}\" AttributeType=\"Scalar\" Center=\"Node\">", escape(a.name));
    units_information(out, a);
    data_item(out, std::to_string(g.count), a, base + a.name);
    out += "</Attribute>\n";
  }
  out += "   </Grid>\n";
}

void lattice_grid(std::string& out, const SnapshotLayout& s, const LatticeGridLayout& g,
                  const std::string& h5) {
  const std::string base = h5 + ":" + snapshot_path(s.name) + "/" + g.patch + "/lattice/";
  const auto [nx, ny, nz] = g.dims;
  auto o = std::back_inserter(out);
  fmt::format_to(o, "   <Grid Name=\"{}\" GridType=\"Uniform\">\n", escape(g.patch + "/lattice"));
  // Points bound the voxels: one more than voxels along each axis; XDMF orders axes z, y, x.
  fmt::format_to(o, "    <Topology TopologyType=\"3DCoRectMesh\" Dimensions=\"{} {} {}\"/>\n", nz + 1,
                 ny + 1, nx + 1);
  fmt::format_to(o,
                 "    <Geometry GeometryType=\"ORIGIN_DXDYDZ\">"
                 "<DataItem Dimensions=\"3\" NumberType=\"Float\" Precision=\"8\" Format=\"XML\">{} {} {}</DataItem>"
                 "<DataItem Dimensions=\"3\" NumberType=\"Float\" Precision=\"8\" Format=\"XML\">{} {} {}</DataItem>"
                 "</Geometry>\n",
                 g.origin[2], g.origin[1], g.origin[0], g.voxel_size, g.voxel_size, g.voxel_size);
  for (const ArrayLayout& a : g.arrays) {
    fmt::format_to(o, "    <Attribute Name=\"{}\" AttributeType=\"Scalar\" Center=\"Cell\">", escape(a.name));
    units_information(out, a);
    data_item(out, fmt::format("{} {} {}", nz, ny, nx), a, base + a.name);
    out += "</Attribute>\n";
  }
  out += "   </Grid>\n";
}

}  // namespace

std::string xdmf_document(const std::vector<SnapshotLayout>& snapshots, const std::string& h5_name,
                          std::uint64_t connectivity_length) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<!-- msabm snapshots: open in ParaView (XDMF3 reader). Time is in minutes, lengths in um. -->\n"
      "<Xdmf Version=\"3.0\">\n"
      " <Domain>\n"
      "  <Grid Name=\"msabm\" GridType=\"Collection\" CollectionType=\"Temporal\">\n";
  for (const SnapshotLayout& s : snapshots) {
    fmt::format_to(std::back_inserter(out),
                   "  <Grid Name=\"snapshot {}\" GridType=\"Collection\" CollectionType=\"Spatial\">\n"
                   "   <Time Value=\"{}\"/>\n",
                   s.name, s.time);
    for (const AgentGridLayout& g : s.agents) {
      if (g.count > 0) agent_grid(out, s, g, h5_name, connectivity_length);
    }
    for (const LatticeGridLayout& g : s.lattices) lattice_grid(out, s, g, h5_name);
    out += "  </Grid>\n";
  }
  out +=
      "  </Grid>\n"
      " </Domain>\n"
      "</Xdmf>\n";
  return out;
}

}  // namespace msabm
