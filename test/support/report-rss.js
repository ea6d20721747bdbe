// Preloaded into a g6 child process by test/support/bounded-run.ts: reports the peak resident
// memory on exit, so a test can bound it without timing anything.
'use strict';
process.on('exit', () => require('node:fs').writeSync(2, `\n[rss-kib ${process.resourceUsage().maxRSS}]\n`));
