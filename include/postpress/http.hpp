// The HTTP client.
#pragma once

#include <postpress/http/basic_client.hpp>
#include <postpress/http/client_config.hpp>
#include <postpress/http/list_params.hpp>
#include <postpress/http/retry_policy.hpp>
#include <postpress/http/sync_client.hpp>
