# Generates a glad 2 OpenGL 3.3 core loader at configure time with python3-glad (offline: --reproducible uses the
# specifications packaged with glad). EGL comes from the system libEGL, so only the GL API is generated.
find_program(SYNHEAD_GLAD_EXECUTABLE glad)
if(NOT SYNHEAD_GLAD_EXECUTABLE)
  message(FATAL_ERROR "glad (Debian package python3-glad) not found; run tools/setup.sh")
endif()

set(SYNHEAD_GLAD_DIR ${CMAKE_BINARY_DIR}/glad)
if(NOT EXISTS ${SYNHEAD_GLAD_DIR}/src/gl.c)
  execute_process(
    COMMAND ${SYNHEAD_GLAD_EXECUTABLE} --api gl:core=3.3 --reproducible --out-path ${SYNHEAD_GLAD_DIR} c
    RESULT_VARIABLE glad_result
    OUTPUT_VARIABLE glad_output
    ERROR_VARIABLE glad_output)
  if(NOT glad_result EQUAL 0)
    message(FATAL_ERROR "glad failed to generate the GL loader:\n${glad_output}")
  endif()
endif()

add_library(synhead_glad STATIC ${SYNHEAD_GLAD_DIR}/src/gl.c)
target_include_directories(synhead_glad SYSTEM PUBLIC ${SYNHEAD_GLAD_DIR}/include)
set_target_properties(synhead_glad PROPERTIES POSITION_INDEPENDENT_CODE ON)
