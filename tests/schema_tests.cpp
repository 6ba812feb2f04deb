#include <postpress/postpress.hpp>
