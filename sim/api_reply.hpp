#pragma once
// The status API's reply shape: the envelope {"code","msg","data"}, a task's status
// record in `data`, and the error form. The mock server writes it and the live driver
// reads it through this one module, so the two sides cannot drift (docs/api.md).

#include <nlohmann/json.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/reply.hpp"

namespace pollbench::sim {

// One task's status as the document's API returns it in `data`.
struct StatusRecord {
  std::string task_id;
  std::string model;
  Reply state = Reply::waiting;          // waiting, generating, success or failed
  std::string param;                     // the task's input object, as JSON text
  std::vector<std::string> result_urls;  // on success, carried in resultJson
  std::string fail_code;                 // on failed
  std::string fail_message;
  std::optional<double> poll_after_ms;            // wall milliseconds, when the model gives hints
  std::optional<double> progress{};               // fraction done, 0 to 1, where the model reports it
  std::optional<std::uint32_t> queue_position{};  // places before the task's turn, while waiting

  bool operator==(const StatusRecord&) const = default;
};

// Writing. Every text goes out with invalid UTF-8 replaced (U+FFFD), so a JSON the
// server writes survives any bytes a client sent.
std::string json_text(const nlohmann::ordered_json& j);
std::string status_body(const StatusRecord& record);            // data: the record
std::string batch_body(std::span<const StatusRecord> records);  // data: the records, in order
std::string created_body(std::string_view task_id);             // data: {"taskId": id}
std::string error_body(int code, std::string_view message);     // {"code": code, "msg": message}

// Reading, as the document's client code reads: a record needs a string taskId; a state
// it does not know, or none, reads as waiting (anything not terminal keeps it polling);
// failCode and failMsg that are not strings read as their JSON text; a pollAfterMs that
// is not a positive finite number reads as none, a progress outside [0, 1] or a
// queuePosition that is not a whole number of at most 10^9 as none. `data` may be one
// record or an array of them.
// Nullopt when the body is not that shape: not JSON, a record without a taskId, no record.
std::optional<std::vector<StatusRecord>> read_status_records(std::string_view body);

// The taskId a creation answer carries in data.taskId; nullopt when it carries none.
std::optional<std::string> read_created_task_id(std::string_view body);

}  // namespace pollbench::sim
