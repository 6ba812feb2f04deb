// The schema vocabulary: describe a type once, get its decoder and encoder.
#pragma once

#include <postpress/schema/describe.hpp>
#include <postpress/schema/enumeration.hpp>
#include <postpress/schema/field.hpp>
#include <postpress/schema/key_table.hpp>
#include <postpress/schema/object.hpp>
#include <postpress/schema/tagged_union.hpp>
