# The fuse_adapter component of the FuseCanon CMake package (loaded by FuseCanonConfig.cmake when asked for):
# FuseCanon::fuse_adapter, the static libfusecanon-fuse.a with its header, linked to libfusecanon and libfuse3.
include(CMakeFindDependencyMacro)
find_dependency(Threads)
find_dependency(PkgConfig)
pkg_check_modules(FUSECANON_FUSE3 QUIET IMPORTED_TARGET fuse3>=3.13)
if(NOT FUSECANON_FUSE3_FOUND)
  set(FuseCanon_fuse_adapter_FOUND FALSE)
  set(FuseCanon_NOT_FOUND_MESSAGE "FuseCanon::fuse_adapter needs fuse3 >= 3.13 (pkg-config; Debian: libfuse3-dev)")
  return()
endif()
if(NOT TARGET FuseCanon::fuse_adapter)
  add_library(FuseCanon::fuse_adapter STATIC IMPORTED)
  set_target_properties(FuseCanon::fuse_adapter PROPERTIES
    IMPORTED_LOCATION "${FuseCanon_LIBDIR}/libfusecanon-fuse.a"
    INTERFACE_INCLUDE_DIRECTORIES "${FuseCanon_INCLUDEDIR}"
    INTERFACE_LINK_LIBRARIES "FuseCanon::fusecanon;PkgConfig::FUSECANON_FUSE3;Threads::Threads")
endif()
set(FuseCanon_fuse_adapter_FOUND TRUE)
