# Cross build for aarch64 with Debian's g++-aarch64-linux-gnu; tests run under
# qemu-aarch64. Libraries of the target (GoogleTest, MPFR) come from Debian's arm64
# packages (libgtest-dev:arm64, libmpfr-dev:arm64; tools/run_tests.sh installs
# them), which bring the arm64 C library and loader to /lib, where qemu-aarch64
# finds them.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64)
# Headers are architecture-independent (/usr/include); libraries and package
# configurations are looked up in the target's multiarch directories.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
