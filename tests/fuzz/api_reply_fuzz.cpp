// libFuzzer: any bytes through the status reply reader (sim/api_reply.hpp). What it
// reads, written again, must read back the same.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sim/api_reply.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)pollbench::sim::read_created_task_id(body);
  const auto records = pollbench::sim::read_status_records(body);
  if (!records) return 0;
  const auto again = pollbench::sim::read_status_records(pollbench::sim::batch_body(*records));
  if (!again || *again != *records) std::abort();
  return 0;
}
