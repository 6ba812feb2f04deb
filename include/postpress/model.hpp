// The typed model of the accounts listing.
#pragma once

#include <postpress/model/account.hpp>
#include <postpress/model/account_list.hpp>
#include <postpress/model/connection_params.hpp>
#include <postpress/model/enums.hpp>
#include <postpress/model/timestamp.hpp>
