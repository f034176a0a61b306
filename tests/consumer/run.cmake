# Installs golu (with golu::dispatch) into a scratch prefix, then builds and runs
# the consumer against it, and checks that find_package(golu QUIET) fails softly
# when a dependency is missing.
# cmake -DSOURCE_DIR=... -DWORK_DIR=... -DCXX=... -P run.cmake
file(REMOVE_RECURSE ${WORK_DIR})
function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGV}")
  endif()
endfunction()
run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/golu-build -G Ninja -DCMAKE_CXX_COMPILER=${CXX}
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=${WORK_DIR}/prefix -DGOLU_BUILD_TESTS=OFF
    -DGOLU_BUILD_BENCHMARKS=OFF -DGOLU_BUILD_EXAMPLES=OFF -DGOLU_BUILD_DISPATCH=ON)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/golu-build)
run(${CMAKE_COMMAND} --install ${WORK_DIR}/golu-build)
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/consumer -B ${WORK_DIR}/consumer-build -G Ninja
    -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/consumer-build)
run(${WORK_DIR}/consumer-build/consumer)
run(${WORK_DIR}/consumer-build/consumer_dispatch)
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/consumer -B ${WORK_DIR}/consumer-missing -G Ninja
    -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCONSUMER_EXPECT_MISSING=ON
    -DCMAKE_DISABLE_FIND_PACKAGE_xsimd=ON)
