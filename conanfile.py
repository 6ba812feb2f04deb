# Conan 2 recipe: a header-only library whose consumers link Boost (json, url) and OpenSSL.
import os

from conan import ConanFile
from conan.tools.files import copy
from conan.tools.layout import basic_layout


class PostpressConan(ConanFile):
    name = "postpress"
    version = "0.1.0"
    license = "BSL-1.0"
    description = "C++20 client for the postpress accounts API (Boost.Beast, Asio, JSON)"
    topics = ("http", "rest", "asio", "beast", "json", "header-only")
    package_type = "header-library"
    settings = "os", "arch", "compiler", "build_type"
    exports_sources = "include/*", "LICENSE*"
    no_copy_source = True

    def requirements(self):
        self.requires("boost/[>=1.81 <2]", transitive_headers=True, transitive_libs=True)
        self.requires("openssl/[>=3 <4]", transitive_headers=True, transitive_libs=True)

    def layout(self):
        basic_layout(self)

    def package_id(self):
        self.info.clear()

    def package(self):
        copy(self, "*.hpp", os.path.join(self.source_folder, "include"),
             os.path.join(self.package_folder, "include"))

    def package_info(self):
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
        self.cpp_info.set_property("cmake_file_name", "postpress")
        self.cpp_info.set_property("cmake_target_name", "postpress::postpress")
        self.cpp_info.set_property("pkg_config_name", "postpress")
        self.cpp_info.requires = ["boost::headers", "boost::json", "boost::url",
                                  "openssl::ssl", "openssl::crypto"]
        if self.settings.os in ("Linux", "FreeBSD"):
            self.cpp_info.system_libs = ["pthread"]
