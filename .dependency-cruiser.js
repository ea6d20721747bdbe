/**
 * The layering g6 holds (checked in `npm test`): no file cycles; core imports nothing above it;
 * only src/cli touches commander and the process; the runtime is imported only by its command;
 * nothing below the CLI imports it, except the steps reading the one exit-code table.
 */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'a file cycle hides which layer depends on which', from: {}, to: { circular: true } },
    {
      name: 'core-is-the-lowest-layer',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'only-the-cli-uses-commander',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: 'node_modules/commander/' },
    },
    {
      name: 'nothing-imports-the-cli',
      severity: 'error',
      comment: 'steps may read the exit-code table, a leaf module; everything else stays below the CLI',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/', pathNot: '^src/cli/exit-codes\\.ts$' },
    },
    {
      name: 'exit-codes-only-for-steps',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(cli|steps)/' },
      to: { path: '^src/cli/exit-codes\\.ts$' },
    },
    {
      name: 'runtime-only-from-its-command',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/runtime/', '^src/cli/commands/run\\.ts$'] },
      to: { path: '^src/runtime/' },
    },
    {
      name: 'generators-and-auditors-are-pure',
      severity: 'error',
      comment: 'generators never write: only the one writer in src/output does',
      from: { path: '^src/generators/' },
      to: { path: ['^src/output/apply-artifacts\\.ts$', '^src/output/write-file\\.ts$', '^src/steps/', '^src/cli/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.generated\\.ts$' },
  },
};
