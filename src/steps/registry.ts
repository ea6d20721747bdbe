/**
 * Every step, in the one order g6 runs them: `verify` runs them all in check mode, and exits with
 * the first failing step's code in this order; `generate` runs the generators in write mode (the
 * rules catalog after the rule files it lists). A step's module is loaded when it is first asked
 * for, so a command pays only for its own step.
 */
import type { Step } from './step';

/* eslint-disable @typescript-eslint/no-require-imports */
const LOADERS = {
  'validate-spec': () => (require('./validate-spec') as typeof import('./validate-spec')).validateSpecStep,
  'gen-metrics': () => (require('./gen-metrics') as typeof import('./gen-metrics')).genMetricsStep,
  'gen-dashboards': () => (require('./gen-dashboards') as typeof import('./gen-dashboards')).genDashboardsStep,
  'gen-recording-rules': () => (require('./gen-recording-rules') as typeof import('./gen-recording-rules')).genRecordingRulesStep,
  'gen-compat-rules': () => (require('./gen-compat-rules') as typeof import('./gen-compat-rules')).genCompatRulesStep,
  'gen-alerts': () => (require('./gen-alerts') as typeof import('./gen-alerts')).genAlertsStep,
  'gen-alert-suggestions': () => (require('./gen-alert-suggestions') as typeof import('./gen-alert-suggestions')).genAlertSuggestionsStep,
  'gen-rules-catalog': () => (require('./gen-rules-catalog') as typeof import('./gen-rules-catalog')).genRulesCatalogStep,
  'audit-quantiles': () => (require('./audit-quantiles') as typeof import('./audit-quantiles')).auditQuantilesStep,
  'validate-coverage': () => (require('./validate-coverage') as typeof import('./validate-coverage')).validateCoverageStep,
  analyze: () => (require('./analyze') as typeof import('./analyze')).analyzeStep,
  'check-live': () => (require('./check-live') as typeof import('./check-live')).checkLiveStep,
  infer: () => (require('./infer') as typeof import('./infer')).inferStep,
} as const;

export type StepId = keyof typeof LOADERS;

/** Step ids in registry order. */
export const STEP_IDS = Object.keys(LOADERS) as StepId[];

/** The step with this id. Steps are generic over their options; the registry hands them out erased. */
export const loadStep = (id: StepId): Step<any> => LOADERS[id]();

/** Every step, in registry order. */
export const allSteps = (): Step<any>[] => STEP_IDS.map(loadStep);

/** Steps that produce artifacts: what `generate` runs. */
export const isGenerator = (step: Step<any>): boolean => step.checkFlag !== undefined;

/** Steps that read a live source given on the command line: generate and verify leave them out. */
export const isLive = (step: Step<any>): boolean => step.gather !== undefined;
