/** Every registered subcommand, in the order `g6 --help` lists them. Register only commands that work. */
import type { Command } from 'commander';
import type { CommandContext } from '../io';
import { registerValidateSpec } from './validate-spec';
import { registerGenMetrics } from './gen-metrics';
import { registerGenDashboards } from './gen-dashboards';
import { registerGenRecordingRules } from './gen-recording-rules';
import { registerGenAlerts } from './gen-alerts';
import { registerGenAlertSuggestions } from './gen-alert-suggestions';
import { registerParitySnapshot } from './parity-snapshot';
import { registerParityWeights } from './parity-weights';
import { registerCiGate } from './ci-gate';
import { registerRun } from './run';

export type RegisterCommand = (program: Command, ctx: CommandContext) => Command;

export const COMMANDS: readonly RegisterCommand[] = [registerValidateSpec, registerGenMetrics, registerGenDashboards, registerGenRecordingRules, registerGenAlerts, registerGenAlertSuggestions, registerParitySnapshot, registerParityWeights, registerCiGate, registerRun];
