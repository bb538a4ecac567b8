#ifndef SEC_SERVER_ADMIN_COMMANDS_H_
#define SEC_SERVER_ADMIN_COMMANDS_H_

#include <string>
#include <vector>

namespace sec::server {

// `secd tokens add NAME ROLES [PARTY] [group=CATEGORY]`: makes a new token, appends its hash
// line to `tokens_file` (created 0600 when missing; a NAME already there is refused) and prints
// the token once on stdout. ROLES is comma-separated (SECAS,PANEL); PARTY is the party a PARTY
// principal acts for (`party=ID` or the bare ID). `args` are the words after "tokens".
// Returns the exit code: 0 done, 2 a usage or input error, 1 the file could not be written.
int TokensCommand(const std::vector<std::string>& args, const std::string& tokens_file);

// `secd backup FILE`: the embedded store copied to FILE (new, 0600) while secd may serve it.
// For a MySQL store, prints the mariadb-dump recipe and returns 2.
int BackupCommand(const std::vector<std::string>& args, const std::string& database);

}  // namespace sec::server

#endif  // SEC_SERVER_ADMIN_COMMANDS_H_
