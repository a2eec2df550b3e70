# The optional CUDA hashing path (spec/signing.md, "The GPU path").
#   SOVAUDIT_CUDA=AUTO (default): built when a CUDA compiler is found (nvcc on PATH, $CUDACXX, or
#                                 /usr/local/cuda/bin/nvcc)
#   SOVAUDIT_CUDA=ON:  required; configuring fails without the toolkit
#   SOVAUDIT_CUDA=OFF: not built; `--device gpu` then exits 4 and auto uses the CPU
# The runtime is linked statically (CUDA::cudart_static), so the binary needs no CUDA library
# and runs on machines without a GPU or driver. Sets SOVAUDIT_HAVE_CUDA and, when on, the target
# sovaudit_cuda (src/gpu/*.cu).
set(SOVAUDIT_CUDA AUTO CACHE STRING "Build the CUDA hashing path: AUTO, ON or OFF")
set_property(CACHE SOVAUDIT_CUDA PROPERTY STRINGS AUTO ON OFF)
set(SOVAUDIT_HAVE_CUDA OFF)

if(NOT SOVAUDIT_CUDA STREQUAL "OFF")
  if(NOT DEFINED ENV{CUDACXX} AND NOT CMAKE_CUDA_COMPILER AND EXISTS /usr/local/cuda/bin/nvcc)
    set(ENV{CUDACXX} /usr/local/cuda/bin/nvcc)
  endif()
  include(CheckLanguage)
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    # Turing to Hopper as machine code, and Hopper PTX that newer GPUs compile at load time.
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
      set(CMAKE_CUDA_ARCHITECTURES 75-real 80-real 86-real 89-real 90-real 90-virtual)
    endif()
    enable_language(CUDA)
    set(CMAKE_CUDA_STANDARD 17)
    set(CMAKE_CUDA_STANDARD_REQUIRED ON)
    find_package(CUDAToolkit REQUIRED)
    set(SOVAUDIT_HAVE_CUDA ON)
    file(GLOB SOVAUDIT_CUDA_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/gpu/*.cu)
    add_library(sovaudit_cuda STATIC ${SOVAUDIT_CUDA_SOURCES})
    target_include_directories(sovaudit_cuda PRIVATE ${CMAKE_SOURCE_DIR})
    # C++17: CMake 3.25 cannot ask nvcc 13 for C++20, so the .cu files include only headers
    # that are C++17 (src/gpu/*.h), and report errors through ThrowCudaError (device.cc).
    set_target_properties(sovaudit_cuda PROPERTIES CUDA_STANDARD 17 CUDA_STANDARD_REQUIRED ON
                          POSITION_INDEPENDENT_CODE ON)
    target_compile_options(sovaudit_cuda PRIVATE $<$<COMPILE_LANGUAGE:CUDA>:-Xcompiler=-Wall>)
    target_link_libraries(sovaudit_cuda PUBLIC CUDA::cudart_static)
    message(STATUS "sovaudit: CUDA hashing path ON (${CMAKE_CUDA_COMPILER}, "
                   "architectures ${CMAKE_CUDA_ARCHITECTURES})")
  elseif(SOVAUDIT_CUDA STREQUAL "ON")
    message(FATAL_ERROR "SOVAUDIT_CUDA=ON but no CUDA compiler was found (set CUDACXX)")
  else()
    message(STATUS "sovaudit: CUDA hashing path OFF (no CUDA compiler found)")
  endif()
else()
  message(STATUS "sovaudit: CUDA hashing path OFF (SOVAUDIT_CUDA=OFF)")
endif()
