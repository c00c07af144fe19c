#pragma once
// The one exception type for bad user input: names where it is and what is wrong.

#include <stdexcept>
#include <string>

namespace pollbench {

class InputError : public std::runtime_error {
 public:
  // where: a JSON path ("models[2].completion.sigma") or a flag ("--tasks").
  InputError(std::string where, std::string reason)
      : std::runtime_error(where + ": " + reason), where_(std::move(where)), reason_(std::move(reason)) {}

  const std::string& where() const { return where_; }
  const std::string& reason() const { return reason_; }

 private:
  std::string where_;
  std::string reason_;
};

}  // namespace pollbench
