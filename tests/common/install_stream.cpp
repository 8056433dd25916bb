// Linked into the test executables of builds with the render stream: installs it before any test makes a config,
// as the synhead binary does at start-up.
#include "synhead/stream/install.h"

namespace {
const bool kStreamInstalled = (synhead::stream::install(), true);
}  // namespace
