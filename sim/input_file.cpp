#include "sim/input_file.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

#include "sim/input_error.hpp"
#include "sim/limits.hpp"

namespace pollbench::sim {

std::string read_input_file(const std::string& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) throw InputError(file, "is a directory, not a file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file, fmt::format("cannot open: {}", std::strerror(errno)));
  std::string text;
  std::array<char, 1 << 16> chunk;
  while (in.read(chunk.data(), chunk.size()) || in.gcount() > 0) {
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > limits::max_input_file_bytes)
      throw InputError(file, fmt::format("larger than {} MiB", limits::max_input_file_bytes >> 20));
  }
  if (in.bad()) throw InputError(file, "cannot read");
  return text;
}

}  // namespace pollbench::sim
