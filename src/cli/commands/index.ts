/** Every subcommand, in the order `g6 --help` lists them: the steps, generate and verify, then the other commands. */
import type { Command } from 'commander';
import type { CommandContext } from '../io';
import { registerGenerate, registerStep, registerVerify } from '../adapter';
import { loadStep, STEP_IDS } from '../../steps/registry';
import { registerParitySnapshot } from './parity-snapshot';
import { registerParityWeights } from './parity-weights';
import { registerCiGate } from './ci-gate';
import { registerRun } from './run';
import { registerConfig } from './config';
import { registerInit } from './init';

export type RegisterCommand = (program: Command, ctx: CommandContext) => Command;

/** Each subcommand's name with its registration, so a run can register (and load) only the command it invokes. */
export const COMMANDS: ReadonlyArray<readonly [name: string, register: RegisterCommand]> = [
  ...STEP_IDS.map((id) => [id, (program: Command, ctx: CommandContext) => registerStep(program, ctx, loadStep(id))] as const),
  ['generate', registerGenerate],
  ['verify', registerVerify],
  ['config', registerConfig],
  ['init', registerInit],
  ['parity-snapshot', registerParitySnapshot],
  ['parity-weights', registerParityWeights],
  ['ci-gate', registerCiGate],
  ['run', registerRun],
];
