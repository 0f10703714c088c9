# Build-wide options: warnings, sanitizers and compiler caching.

option(KUBETUNE_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(KUBETUNE_WERROR "Treat warnings as errors" ON)

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${CCACHE_PROGRAM}")
endif()

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

# Warnings apply to Kubetune's own targets only, through this interface library.
add_library(kubetune_warnings INTERFACE)
target_compile_options(kubetune_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                                                   -Wnon-virtual-dtor -Wno-unused-parameter
                                                   # GCC 12 false positives inside nlohmann::json.
                                                   -Wno-maybe-uninitialized)
if(KUBETUNE_WERROR)
  target_compile_options(kubetune_warnings INTERFACE -Werror)
endif()

if(KUBETUNE_SANITIZE)
  set(sanitize_flags -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_compile_options(${sanitize_flags})
  add_link_options(${sanitize_flags})
endif()
