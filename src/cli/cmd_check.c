#include "cli.h"
#include "commands.h"
int cmd_check(int argc, char **argv) { (void)argc; return tz_not_yet(argv[0]); }
