#pragma once
// GL tests skip, saying why, where no headless context can be made or an asset package is missing; on a machine
// set up by tools/setup.sh they all run.

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "synhead/renderer/gl_context.h"
#include "synhead/renderer/head_generator.h"

#define SYNHEAD_SKIP_WITHOUT_GL()                                                                      \
  do {                                                                                                 \
    std::string synhead_why_no_gl;                                                                     \
    if (!::synhead::renderer::headless_gl_available(&synhead_why_no_gl))                               \
      GTEST_SKIP() << "no headless OpenGL: " << synhead_why_no_gl;                                     \
  } while (false)

#define SYNHEAD_SKIP_WITHOUT_MAKEHUMAN()                                                               \
  do {                                                                                                 \
    if (!std::filesystem::exists(::synhead::renderer::makehuman_mesh_path()))                          \
      GTEST_SKIP() << "the MakeHuman mesh " << ::synhead::renderer::makehuman_mesh_path()              \
                   << " is not installed (tools/setup.sh installs assimp-testmodels)";                 \
  } while (false)
