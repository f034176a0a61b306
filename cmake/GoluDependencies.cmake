# Finds golu's dependencies; a missing one stops configuration with the name of
# the Debian package that provides it.

macro(golu_require_xsimd)
  if(NOT TARGET xsimd)
    find_package(xsimd 8.1 QUIET)
    if(NOT xsimd_FOUND)
      message(FATAL_ERROR "golu needs xsimd >= 8.1, which was not found. On Debian/Ubuntu: apt-get install libxsimd-dev")
    endif()
  endif()
  # Debian's xsimd 8.1 target names an 'xtl' target that no Debian package
  # provides; xsimd needs xtl only for XSIMD_ENABLE_XTL_COMPLEX. Without this
  # stand-in every consumer would try to link a nonexistent -lxtl.
  if(NOT TARGET xtl)
    find_package(xtl QUIET)
    if(NOT TARGET xtl)
      add_library(xtl INTERFACE IMPORTED GLOBAL)
    endif()
  endif()
endmacro()

macro(golu_require_gtest)
  find_package(GTest QUIET)
  if(NOT GTest_FOUND)
    message(FATAL_ERROR "golu's tests need GoogleTest, which was not found. On Debian/Ubuntu: apt-get install libgtest-dev (or configure with -DGOLU_BUILD_TESTS=OFF)")
  endif()
endmacro()

macro(golu_require_mpfr)
  find_path(MPFR_INCLUDE_DIR mpfr.h)
  find_library(MPFR_LIBRARY mpfr)
  find_library(GMP_LIBRARY gmp)
  if(NOT MPFR_INCLUDE_DIR OR NOT MPFR_LIBRARY OR NOT GMP_LIBRARY)
    message(FATAL_ERROR "golu's accuracy tests need MPFR, which was not found. On Debian/Ubuntu: apt-get install libmpfr-dev (or configure with -DGOLU_BUILD_TESTS=OFF)")
  endif()
  if(NOT TARGET golu_mpfr)
    add_library(golu_mpfr INTERFACE IMPORTED)
    target_include_directories(golu_mpfr INTERFACE ${MPFR_INCLUDE_DIR})
    target_link_libraries(golu_mpfr INTERFACE ${MPFR_LIBRARY} ${GMP_LIBRARY})
  endif()
endmacro()

macro(golu_require_benchmark)
  find_package(benchmark QUIET)
  if(NOT benchmark_FOUND)
    message(FATAL_ERROR "golu's benchmarks need Google Benchmark, which was not found. On Debian/Ubuntu: apt-get install libbenchmark-dev (or configure with -DGOLU_BUILD_BENCHMARKS=OFF)")
  endif()
endmacro()

macro(golu_require_eigen)
  find_package(Eigen3 3.4 QUIET NO_MODULE)
  if(NOT Eigen3_FOUND)
    message(FATAL_ERROR "golu's benchmarks and examples need Eigen >= 3.4, which was not found. On Debian/Ubuntu: apt-get install libeigen3-dev")
  endif()
endmacro()

# Optional: oneDNN (Debian: libdnnl-dev), a peer in the activation benchmark.
# Defines the imported target golu_dnnl when a oneDNN 2.x whose CPU threading
# runtime the benchmark can make single-threaded (OpenMP or sequential) is found;
# otherwise prints why not. Found by header and library rather than through
# oneDNN's own CMake package: Debian's dnnl-config.cmake (built with the OpenCL GPU
# runtime) calls find_package(OpenCL REQUIRED), which stops configuration -- even
# a QUIET one -- when the OpenCL development files, only recommended by
# libdnnl-dev, are absent; the CPU engine needs none of them.
macro(golu_find_dnnl)
  find_path(GOLU_DNNL_INCLUDE_DIR oneapi/dnnl/dnnl.hpp)
  find_library(GOLU_DNNL_LIBRARY dnnl)
  mark_as_advanced(GOLU_DNNL_INCLUDE_DIR GOLU_DNNL_LIBRARY)
  if(NOT GOLU_DNNL_INCLUDE_DIR OR NOT GOLU_DNNL_LIBRARY)
    message(STATUS "oneDNN not found: golu_activations is built without the oneDNN rows (apt-get install libdnnl-dev to add them)")
  else()
    file(STRINGS "${GOLU_DNNL_INCLUDE_DIR}/oneapi/dnnl/dnnl_version.h" _golu_dnnl_version
         REGEX "#define DNNL_VERSION_(MAJOR|MINOR|PATCH) ")
    string(REGEX REPLACE ".*MAJOR ([0-9]+).*MINOR ([0-9]+).*PATCH ([0-9]+).*" "\\1.\\2.\\3" _golu_dnnl_version
                         "${_golu_dnnl_version}")
    file(STRINGS "${GOLU_DNNL_INCLUDE_DIR}/oneapi/dnnl/dnnl_config.h" _golu_dnnl_runtime
         REGEX "#define DNNL_CPU_THREADING_RUNTIME ")
    string(REGEX REPLACE ".*DNNL_RUNTIME_([A-Z]+).*" "\\1" _golu_dnnl_runtime "${_golu_dnnl_runtime}")
    if(NOT _golu_dnnl_version MATCHES "^2\\.")
      message(STATUS "oneDNN ${_golu_dnnl_version} found, but golu_activations uses the oneDNN 2.x API: built without the oneDNN rows")
    elseif(NOT _golu_dnnl_runtime MATCHES "^(OMP|SEQ)$")
      message(STATUS "oneDNN ${_golu_dnnl_version} found, but its CPU runtime (${_golu_dnnl_runtime}) cannot be made single-threaded by golu_activations: built without the oneDNN rows")
    else()
      message(STATUS "oneDNN ${_golu_dnnl_version} (${GOLU_DNNL_LIBRARY}, CPU runtime ${_golu_dnnl_runtime}): golu_activations compares with it")
      if(NOT TARGET golu_dnnl)
        add_library(golu_dnnl INTERFACE IMPORTED)
        target_include_directories(golu_dnnl SYSTEM INTERFACE ${GOLU_DNNL_INCLUDE_DIR})
        # dl: dlsym finds the OpenMP runtime oneDNN loaded, to set its thread count.
        target_link_libraries(golu_dnnl INTERFACE ${GOLU_DNNL_LIBRARY} ${CMAKE_DL_LIBS})
      endif()
    endif()
  endif()
endmacro()
