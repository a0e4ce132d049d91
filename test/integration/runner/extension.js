// The integration tier's test-runner extension (code-server launcher only; never part of the product).
// run.mjs packs this folder into its own VSIX, installs it into code-server's private --extensions-dir
// next to the product, and sets EE_IT_SUITE on the server process; the extension host inherits it,
// so this extension requires the bundled mocha entry
// (test/integration/suite/index.ts, built by build.mjs) and runs the suites here, next to the
// extension under test. Without EE_IT_SUITE it does nothing.
'use strict';
const { existsSync, writeFileSync } = require('node:fs');

exports.activate = function activate() {
  const entry = process.env.EE_IT_SUITE;
  if (!entry) return;
  // Let activation finish first: the suites run commands that activate other extensions.
  setTimeout(() => {
    Promise.resolve()
      .then(() => require(entry).run())
      .catch((e) => {
        // run() writes the results file itself; this covers a suite bundle that failed to load.
        const out = process.env.EE_IT_RESULTS;
        const error = e && e.stack ? e.stack : String(e);
        if (out && !existsSync(out)) writeFileSync(out, JSON.stringify({ passed: 0, failed: 1, pending: 0, tests: [{ title: 'load the suites', state: 'failed', error }] }, null, 2));
      });
  }, 0);
};

exports.deactivate = function deactivate() {};
