#pragma once
// Before a live run against --target: one status request with the key. A server that
// refuses the key (401 or 403) would refuse every request of the run, which would then
// end with every row 100% "wrong" and exit 0; this makes it exit 2 before anything starts.

#include <string>

namespace pollbench::bench {

// Throws InputError("--api-key", "the server refused the API key ...") on 401 or 403.
// Any other answer passes (a 404 for the made-up task says the key was taken); a target
// that is malformed or does not answer is left to the live run, which names it.
void preflight_api_key(const std::string& target, const std::string& api_key);

}  // namespace pollbench::bench
