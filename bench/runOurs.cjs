// Runs the built CLI in this process, then reports its peak resident memory on stderr as
// `peakRssMB=<n>` (Node gives no rusage for child processes, so bench.mjs reads it from here).
const { main } = require('../dist/cli.js');
main(process.argv.slice(2)).then((code) => {
  process.stderr.write(`peakRssMB=${(process.resourceUsage().maxRSS / 1024).toFixed(1)}\n`);
  process.exitCode = code;
});
