#pragma once
// The message of the UserError that `f` throws, or "<no error>".

#include <string>

#include "synhead/core/error.h"

namespace synhead::testing {

template <class F>
std::string user_error_of(F&& f) {
  try {
    f();
  } catch (const core::UserError& e) {
    return e.what();
  }
  return "<no error>";
}

}  // namespace synhead::testing
