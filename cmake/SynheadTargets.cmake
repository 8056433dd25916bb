# Shared settings for every synhead target: warnings on, optional -Werror.
function(synhead_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(SYNHEAD_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# synhead_add_library(<module> SOURCES ... DEPS ...): the library synhead_<module>, alias synhead::<module>,
# public headers under <module>/include.
function(synhead_add_library module)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  if(NOT ARG_SOURCES)
    # A module whose code has not arrived yet: an interface target keeps the dependency flow in place.
    add_library(synhead_${module} INTERFACE)
    add_library(synhead::${module} ALIAS synhead_${module})
    target_link_libraries(synhead_${module} INTERFACE ${ARG_DEPS})
    return()
  endif()
  add_library(synhead_${module} ${ARG_SOURCES})
  add_library(synhead::${module} ALIAS synhead_${module})
  target_include_directories(synhead_${module} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  target_link_libraries(synhead_${module} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  synhead_target_defaults(synhead_${module})
endfunction()
