/** Every registered subcommand, in the order `g6 --help` lists them. Register only commands that work. */
import type { Command } from 'commander';
import type { CommandContext } from '../io';
import { registerValidateSpec } from './validate-spec';
import { registerGenMetrics } from './gen-metrics';

export type RegisterCommand = (program: Command, ctx: CommandContext) => Command;

export const COMMANDS: readonly RegisterCommand[] = [registerValidateSpec, registerGenMetrics];
