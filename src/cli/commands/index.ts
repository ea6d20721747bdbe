/** Every subcommand, in the order `g6 --help` lists them: the steps, generate and verify, then the other commands. */
import type { Command } from 'commander';
import type { CommandContext } from '../io';
import { loadStep, STEP_IDS } from '../../steps/registry';

export type RegisterCommand = (program: Command, ctx: CommandContext) => Command;

/* eslint-disable @typescript-eslint/no-require-imports */
/** The step adapter (the spec, the project config, the writer): only the steps, generate and verify load it. */
const adapter = (): typeof import('../adapter') => require('../adapter') as typeof import('../adapter');

/**
 * Each subcommand's name with its registration, so a run can register (and load) only the
 * command it invokes: the modules of the other commands are required on registration.
 */
export const COMMANDS: ReadonlyArray<readonly [name: string, register: RegisterCommand]> = [
  ...STEP_IDS.map((id) => [id, (program: Command, ctx: CommandContext) => adapter().registerStep(program, ctx, loadStep(id))] as const),
  ['generate', (p, c) => adapter().registerGenerate(p, c)],
  ['verify', (p, c) => adapter().registerVerify(p, c)],
  ['config', (p, c) => (require('./config') as typeof import('./config')).registerConfig(p, c)],
  ['init', (p, c) => (require('./init') as typeof import('./init')).registerInit(p, c)],
  ['parity-snapshot', (p, c) => (require('./parity-snapshot') as typeof import('./parity-snapshot')).registerParitySnapshot(p, c)],
  ['parity-weights', (p, c) => (require('./parity-weights') as typeof import('./parity-weights')).registerParityWeights(p, c)],
  ['ci-gate', (p, c) => (require('./ci-gate') as typeof import('./ci-gate')).registerCiGate(p, c)],
  ['run', (p, c) => (require('./run') as typeof import('./run')).registerRun(p, c)],
];
