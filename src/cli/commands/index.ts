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

/** Each subcommand's name with its registration, so a run can register only the command it invokes. */
export const COMMANDS: ReadonlyArray<readonly [name: string, register: RegisterCommand]> = [
  ['validate-spec', registerValidateSpec],
  ['gen-metrics', registerGenMetrics],
  ['gen-dashboards', registerGenDashboards],
  ['gen-recording-rules', registerGenRecordingRules],
  ['gen-alerts', registerGenAlerts],
  ['gen-alert-suggestions', registerGenAlertSuggestions],
  ['gen-rules-catalog', registerGenRulesCatalog],
  ['audit-quantiles', registerAuditQuantiles],
  ['validate-coverage', registerValidateCoverage],
  ['generate', registerGenerate],
  ['verify', registerVerify],
  ['parity-snapshot', registerParitySnapshot],
  ['parity-weights', registerParityWeights],
  ['ci-gate', registerCiGate],
  ['run', registerRun],
];
