# Included by scripts/test.sh through CMAKE_PROJECT_INCLUDE: CMake's compile lines then name the
# dependency target with -MQ, as Meson's do, so that ccache (which hashes the option's name) can
# give the Meson builds of the same sources, with the same flags, the objects CMake compiled.
set(CMAKE_DEPFILE_FLAGS_CXX "-MD -MQ <DEP_TARGET> -MF <DEP_FILE>")
