// Preloaded (--import) into a process the benchmark measures: at exit, its own peak resident
// memory (getrusage's maxrss, in KB) on stderr, where the benchmark reads it.
process.on('exit', () => process.stderr.write(`\npeak-rss-kb=${process.resourceUsage().maxRSS}\n`));
