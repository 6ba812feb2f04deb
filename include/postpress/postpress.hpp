// postpress-cpp: the one header to include.
#pragma once

#include <postpress/diagnostics.hpp>
#include <postpress/errc.hpp>
#include <postpress/error.hpp>
#include <postpress/http.hpp>
#include <postpress/json/decoder.hpp>
#include <postpress/json/encoder.hpp>
#include <postpress/json/parse.hpp>
#include <postpress/model.hpp>
#include <postpress/schema.hpp>
#include <postpress/version.hpp>
