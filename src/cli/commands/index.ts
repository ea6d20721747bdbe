/** Every registered subcommand, in the order `g6 --help` lists them. Register only commands that work. */
import type { Command } from 'commander';
import type { CommandContext } from '../io';
import { registerValidateSpec } from './validate-spec';
import { registerGenMetrics } from './gen-metrics';
import { registerGenDashboards } from './gen-dashboards';
import { registerGenRecordingRules } from './gen-recording-rules';
import { registerGenAlerts } from './gen-alerts';
import { registerGenAlertSuggestions } from './gen-alert-suggestions';
import { registerGenRulesCatalog } from './gen-rules-catalog';
import { registerAuditQuantiles } from './audit-quantiles';
import { registerValidateCoverage } from './validate-coverage';
import { registerGenerate, registerVerify } from './pipeline-steps';
import { registerParitySnapshot } from './parity-snapshot';
import { registerParityWeights } from './parity-weights';
import { registerCiGate } from './ci-gate';
import { registerRun } from './run';

export type RegisterCommand = (program: Command, ctx: CommandContext) => Command;

export const COMMANDS: readonly RegisterCommand[] = [registerValidateSpec, registerGenMetrics, registerGenDashboards, registerGenRecordingRules, registerGenAlerts, registerGenAlertSuggestions, registerGenRulesCatalog, registerAuditQuantiles, registerValidateCoverage, registerGenerate, registerVerify, registerParitySnapshot, registerParityWeights, registerCiGate, registerRun];
