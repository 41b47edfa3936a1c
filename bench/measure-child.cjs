// Runs a Node CLI bundle as if it were the main script and, when it exits, prints its peak RSS
// (`maxRSS <kB>`) on stderr, so a benchmark can measure the memory of the real command.
const path = require('node:path');
const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], path.resolve(script), ...args];
process.on('exit', () => { process.stderr.write(`\nmaxRSS ${process.resourceUsage().maxRSS}\n`); });
require(path.resolve(script));
