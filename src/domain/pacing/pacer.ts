/**
 * The pacer: `decidePacing(state, snapshot, nowMs) → { dialCount, reasoning }` and the reducer
 * `observePacing(state, outcome) → state`. Pure: the caller owns the state, the clock and the dialling.
 * Capacity (free lines, CPS tokens) is an input and is never exceeded.
 */
import {
  abandonBudget,
  emptyAbandonmentWindow,
  recordAbandon,
  recordHistory,
  recordLiveAnswer,
  retractLiveAnswer,
  windowRates,
} from './abandonment-window.ts';
import { estimateSummary, initialEstimates, observeHandled, observeLive, observeNotLive } from './estimates.ts';
import { decidePredictive } from './predictive.ts';
import {
  DEFAULT_PACING_CONFIG,
  PACING_MODES,
  type PacerState,
  type PacingConfig,
  type PacingDecision,
  type PacingOutcome,
  type PacingReasoning,
  type PacingSnapshot,
} from './types.ts';

export class PacingConfigError extends Error {
  readonly code = 'PACING_CONFIG_INVALID';
  readonly retryable = false;
}

function validate(config: PacingConfig): void {
  const problems: string[] = [];
  if (!PACING_MODES.includes(config.mode)) problems.push(`mode must be one of ${PACING_MODES.join(', ')} (got ${String(config.mode)})`);
  if (!(config.targetAbandonment > 0 && config.targetAbandonment < 1)) problems.push('targetAbandonment must be in (0, 1)');
  if (!(Number.isInteger(config.minAgentsForPredictive) && config.minAgentsForPredictive >= 1))
    problems.push('minAgentsForPredictive must be an integer ≥ 1');
  if (!(config.abandonGraceMs >= 0)) problems.push('abandonGraceMs must be ≥ 0');
  if (!(Number.isInteger(config.warmupSamples) && config.warmupSamples >= 1)) problems.push('warmupSamples must be an integer ≥ 1');
  if (!(config.transferHeadroomPerAgent >= 0)) problems.push('transferHeadroomPerAgent must be ≥ 0');
  if (problems.length > 0) throw new PacingConfigError(`invalid pacing config: ${problems.join('; ')}`);
}

/** Starting risk limit; the controller in observePacing moves it to where the target is met. */
const INITIAL_MARGINAL_RISK = 0.03;
const MIN_MARGINAL_RISK = 0.005;
const MAX_MARGINAL_RISK = 0.5;
/** Aim the abandonment rate a little below the target so that noise does not push the 30-day rate over. */
const TARGET_SAFETY = 0.9;
/**
 * Integral controller on log(limit): +gain per live answer, −gain/aim per abandon, so it rests where
 * abandons/answers = aim. The gain is set per hour, not per answer: SCALE ÷ (live answers in the last hour),
 * clamped. A 5-agent campaign (~75 live answers an hour) then adapts as fast in time as a 50-agent one,
 * while big campaigns keep a calm controller. During the first hour the rate is unknown: the calm gain. MAX keeps one abandon's step at about −0.3 in log(limit).
 */
const CONTROLLER_GAIN_MAX = 0.008;
const CONTROLLER_GAIN_MIN = 0.002;
const CONTROLLER_GAIN_SCALE = 0.6;
/** Live answers of memory for the recent abandonment rate shown in the reasoning. */
const RECENT_HORIZON = 300;

export interface PacingHistory {
  /** Earlier live answers / abandons of this campaign inside the 30-day window, e.g. from the attempt store. */
  readonly atMs: number;
  readonly liveAnswers: number;
  readonly abandoned: number;
}

export function createPacer(config: Partial<PacingConfig> = {}, history: readonly PacingHistory[] = []): PacerState {
  const full: PacingConfig = { ...DEFAULT_PACING_CONFIG, ...config };
  validate(full);
  let window = emptyAbandonmentWindow();
  for (const h of history) window = recordHistory(window, h.atMs, h.liveAnswers, h.abandoned);
  return { config: full, estimates: initialEstimates(), window, marginalRiskLimit: INITIAL_MARGINAL_RISK, recentAbandonRate: 0, firstLiveAtMs: null };
}

type State = PacerState;

function tuneRisk(state: State, abandoned: boolean, atMs: number): Pick<State, 'marginalRiskLimit' | 'recentAbandonRate'> {
  const w = 1 / Math.min(Math.max(1, state.estimates.liveAnswers), RECENT_HORIZON);
  const recentAbandonRate = abandoned ? state.recentAbandonRate + w : state.recentAbandonRate * (1 - w);
  const aim = state.config.targetAbandonment * TARGET_SAFETY;
  const fullHour = state.firstLiveAtMs !== null && atMs - state.firstLiveAtMs >= 3_600_000;
  const liveLastHour = Math.max(1, windowRates(state.window, atMs).h1.liveAnswers);
  const gain = fullHour ? Math.min(CONTROLLER_GAIN_MAX, Math.max(CONTROLLER_GAIN_MIN, CONTROLLER_GAIN_SCALE / liveLastHour)) : CONTROLLER_GAIN_MIN;
  const step = abandoned ? -gain / aim : gain;
  const limit = state.marginalRiskLimit * Math.exp(step);
  return { recentAbandonRate, marginalRiskLimit: Math.max(MIN_MARGINAL_RISK, Math.min(MAX_MARGINAL_RISK, limit)) };
}

export function observePacing(state: State, outcome: PacingOutcome): State {
  switch (outcome.kind) {
    case 'attempt.not_live':
      return { ...state, estimates: observeNotLive(state.estimates, outcome.durationMs) };
    case 'attempt.live': {
      const next = {
        ...state,
        estimates: observeLive(state.estimates, outcome.answerDelayMs),
        window: recordLiveAnswer(state.window, outcome.atMs),
        firstLiveAtMs: state.firstLiveAtMs ?? outcome.atMs,
      };
      return { ...next, ...tuneRisk(next, false, outcome.atMs) };
    }
    case 'call.abandoned':
      return { ...state, window: recordAbandon(state.window, outcome.atMs), ...tuneRisk(state, true, outcome.atMs) };
    case 'attempt.machine':
      // The live-answer estimate keeps it (the line was answered); only the ledger forgets it.
      return { ...state, window: retractLiveAnswer(state.window, outcome.answeredAtMs, outcome.abandonedAtMs) };
    case 'call.handled':
      return { ...state, estimates: observeHandled(state.estimates, outcome.handleMs) };
  }
}

function capped(wanted: number, snap: PacingSnapshot, reasoning: Omit<PacingReasoning, 'wanted' | 'cappedBy'>): PacingDecision {
  const lines = Math.max(0, Math.floor(snap.capacity.linesFree));
  const cps = Math.max(0, Math.floor(snap.capacity.cpsTokens));
  const want = Math.max(0, Math.floor(wanted));
  const dialCount = Math.min(want, lines, cps);
  const cappedBy = dialCount < want ? (lines <= cps ? 'lines' : 'cps') : undefined;
  return { dialCount, reasoning: { ...reasoning, wanted: want, ...(cappedBy ? { cappedBy } : {}) } };
}

export function decidePacing(state: State, snap: PacingSnapshot, nowMs: number): PacingDecision {
  const { config } = state;
  const rate30d = windowRates(state.window, nowMs).d30.rate;
  const budget = abandonBudget(state.window, nowMs, config.targetAbandonment);
  const common = { mode: config.mode, targetAbandonment: config.targetAbandonment, abandonment30d: rate30d, abandonBudget: budget };
  const progressive = (why: string): PacingDecision =>
    capped(snap.agentsReady - snap.ringingElapsedMs.length - snap.liveWaiting, snap, { ...common, appliedMode: 'progressive', why });
  switch (config.mode) {
    case 'preview':
      return capped(snap.previewRequests ?? 0, snap, { ...common, appliedMode: 'preview', why: 'one call per agent request' });
    case 'progressive':
      return progressive('one call per ready agent without a call on its way');
    case 'agentless': {
      const headroom = Math.ceil(snap.agentsReady * config.transferHeadroomPerAgent);
      return capped(snap.capacity.linesFree - headroom, snap, {
        ...common,
        appliedMode: 'agentless',
        why: `fill free lines, keeping ${headroom} for transfers to ${snap.agentsReady} available agents`,
      });
    }
    case 'predictive':
      return decidePredictiveMode(state, snap, budget, common, progressive);
  }
}

function decidePredictiveMode(
  state: State,
  snap: PacingSnapshot,
  budget: number,
  common: Omit<PacingReasoning, 'appliedMode' | 'why' | 'wanted'>,
  progressive: (why: string) => PacingDecision,
): PacingDecision {
  const { config, estimates } = state;
  if (snap.agentsLoggedIn < config.minAgentsForPredictive)
    return progressive(`${snap.agentsLoggedIn} agents logged in < ${config.minAgentsForPredictive}: progressive fallback`);
  if (estimates.liveAnswers < config.warmupSamples || estimates.handled < config.warmupSamples)
    return progressive(`warming up: ${estimates.liveAnswers} live answers, ${estimates.handled} handled calls seen`);
  // Without room for even one abandon, only dial calls that have a ready agent waiting: no abandon is possible.
  if (budget < 1) return progressive(`30-day abandonment budget ${budget.toFixed(2)} < 1 abandon: progressive until it grows`);
  const maxNew = Math.min(snap.capacity.linesFree, snap.capacity.cpsTokens);
  const result = decidePredictive(estimates, snap, {
    graceMs: config.abandonGraceMs,
    marginalRiskLimit: state.marginalRiskLimit,
    abandonBudget: budget,
    maxNew,
  });
  // Never fewer than progressive: a call for a ready agent with nothing on its way cannot be abandoned, and
  // when the budget is small next to the reserve for ringing calls the model alone would dial nothing.
  const floor = Math.max(0, snap.agentsReady - snap.ringingElapsedMs.length - snap.liveWaiting);
  return capped(Math.max(result.wanted, floor), snap, {
    ...common,
    appliedMode: 'predictive',
    why: `dialled ${result.wanted}: ${result.why}`,
    estimates: estimateSummary(estimates),
    marginalRiskLimit: state.marginalRiskLimit,
    recentAbandonRate: state.recentAbandonRate,
    expectedAbandons: result.expectedAbandons,
  });
}
