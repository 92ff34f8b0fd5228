/**
 * Predictive pacing: dial more calls than ready agents, as many as the learnt model says can be answered
 * without abandoning more than the target.
 *
 * The model, per decision, looks one live-answer horizon ahead in 1 s slices. In each slice, live answers
 * arrive (from waiting calls, calls already ringing, and n new calls) and agents become free (ready ones
 * now, busy ones whose call ends — an agent free within the grace still catches an answer, so frees are
 * shifted earlier by the grace). Both counts are Poisson with means from the learnt distributions,
 * conditioned on what is known (a call that has rung 15 s is less likely to be live; an agent 300 s into a
 * call is likely to finish soon). A small dynamic programme over the number of idle agents gives the
 * expected abandons: an answer that finds no idle agent is lost, exactly as in the call centre.
 *
 * Why not a closed form on the horizon's totals: overflow happens on the path, not at its end; in the
 * balanced regime the pacer aims for, E[max over the path] is about twice E[at the end], and a model
 * that ignores it abandons twice the target.
 *
 * The n-th new call is dialled while (1) the extra expected abandons it brings, per expected live answer,
 * stay under the marginal risk limit (tuned online from the recent abandonment rate, see pacer.ts), and
 * (2) the chance of more abandons than the 30-day window can absorb stays negligible.
 */
import { quantile, survivalOf, histogramMean, type Survival } from './sliding-histogram.ts';
import type { PacingEstimates } from './estimates.ts';
import type { PacingSnapshot } from './types.ts';

/** Probability of breaching the 30-day budget we accept per decision. */
const BUDGET_BREACH_PROBABILITY = 0.001;
/** Abandons come in clusters (one short-handed moment loses several): count them as Poisson with twice the mean. */
const ABANDON_CLUSTERING = 3;
/**
 * Abandons held in reserve from the 30-day budget: one, plus one per 20 calls already ringing. Ringing calls
 * cannot be recalled, and when the model is wrong (early in a campaign, agents who all started together)
 * a bad moment abandons a share of them at once; a 50-agent campaign has ~40 ringing, a 5-agent one ~4.
 */
const RESERVE_PER_RINGING = 0.05;
/** Idle agents beyond this add no protection within one horizon; capping the state keeps the DP small. */
const MAX_IDLE_STATE = 16;
const MAX_NEW_CALLS_PER_DECISION = 500;

interface SliceModel {
  /** Expected live answers per slice from waiting and ringing calls. */
  readonly arrivals: readonly number[];
  /** Per new call: probability its live answer lands in each slice. */
  readonly perNewCall: readonly number[];
  /** Distribution of agents becoming free per slice (grace-shifted), Poisson. */
  readonly frees: readonly (readonly number[])[];
  readonly idleNow: number;
}

export interface PredictiveResult {
  readonly wanted: number;
  readonly expectedAbandons: number;
  readonly why: string;
}

function freeBy(handle: Survival, meanHandleS: number, elapsedS: number, withinS: number): number {
  const alive = handle(elapsedS);
  // Past everything we have seen: assume it ends at the mean rate rather than never.
  if (alive < 1e-6) return Math.min(1, withinS / Math.max(1, meanHandleS));
  return Math.min(1, Math.max(0, 1 - handle(elapsedS + withinS) / alive));
}

function buildSlices(est: PacingEstimates, snap: PacingSnapshot, graceS: number): SliceModel {
  const p = est.liveAnswerProbability;
  const live = survivalOf(est.liveDelaySeconds);
  const notLive = survivalOf(est.notLiveSeconds);
  // Calls still with agents are censored handle times: without them the early estimate is of short calls only.
  const handle = survivalOf(est.handleSeconds, snap.agentBusyElapsedMs.map((ms) => ms / 1000));
  const meanHandleS = histogramMean(est.handleSeconds);
  const slices = Math.max(1, Math.min(120, Math.ceil(quantile(est.liveDelaySeconds, 0.995))));
  const arrivals = new Array<number>(slices).fill(0);
  const frees = new Array<number>(slices).fill(0);
  const perNewCall = new Array<number>(slices).fill(0);
  arrivals[0] = snap.liveWaiting;
  for (const ms of snap.ringingElapsedMs) {
    const a = ms / 1000;
    const denom = p * live(a) + (1 - p) * notLive(a);
    if (denom <= 1e-9) continue;
    for (let k = 0; k < slices; k++) arrivals[k] = (arrivals[k] ?? 0) + (p * (live(a + k) - live(a + k + 1))) / denom;
  }
  for (const ms of snap.agentBusyElapsedMs) {
    const e = ms / 1000;
    let before = 0;
    for (let k = 0; k < slices; k++) {
      // An answer arriving in slice k (k..k+1 s) waits until arrival + grace: credit agents free by the
      // slice's middle + grace (crediting its end overstated capacity by up to 1 s against a 2 s grace).
      const by = freeBy(handle, meanHandleS, e, k + 0.5 + graceS);
      frees[k] = (frees[k] ?? 0) + (by - before);
      before = by;
    }
  }
  for (let k = 0; k < slices; k++) perNewCall[k] = p * (live(k) - live(k + 1));
  return { arrivals, perNewCall, frees: frees.map(poisson), idleNow: snap.agentsReady };
}

function poisson(mean: number): number[] {
  const pmf: number[] = [];
  let term = Math.exp(-mean);
  let acc = 0;
  for (let k = 0; k < 60 && (acc < 1 - 1e-7 || k === 0); k++) {
    pmf.push(term);
    acc += term;
    term = (term * mean) / (k + 1);
  }
  return pmf;
}

/** Expected abandons over the horizon with n new calls: a DP over the distribution of idle agents. */
function expectedAbandons(m: SliceModel, n: number): number {
  const cap = MAX_IDLE_STATE;
  let dist = new Array<number>(cap + 1).fill(0);
  dist[Math.min(cap, m.idleNow)] = 1;
  let lost = 0;
  for (let k = 0; k < m.arrivals.length; k++) {
    const arr = poisson((m.arrivals[k] ?? 0) + n * (m.perNewCall[k] ?? 0));
    const fre = m.frees[k] ?? [1];
    // Agents free first (the grace lets an answer wait for them), then answers take idle agents.
    const afterFree = new Array<number>(cap + 1).fill(0);
    for (let s = 0; s <= cap; s++) {
      const ps = dist[s] ?? 0;
      if (ps < 1e-12) continue;
      for (let f = 0; f < fre.length; f++) {
        const t = Math.min(cap, s + f);
        afterFree[t] = (afterFree[t] ?? 0) + ps * (fre[f] ?? 0);
      }
    }
    const next = new Array<number>(cap + 1).fill(0);
    for (let s = 0; s <= cap; s++) {
      const ps = afterFree[s] ?? 0;
      if (ps < 1e-12) continue;
      for (let a = 0; a < arr.length; a++) {
        const pa = ps * (arr[a] ?? 0);
        if (a > s) lost += pa * (a - s);
        const t = Math.max(0, s - a);
        next[t] = (next[t] ?? 0) + pa;
      }
    }
    dist = next;
  }
  return lost;
}

/**
 * P(more than `budget` − reserve abandons), abandons counted as a clustered Poisson. The reserve (at least
 * one, more with many calls ringing — RESERVE_PER_RINGING): the budget shrinks with every abandon while
 * calls dialled against the larger budget are still ringing, and those cannot be recalled.
 */
function breachProbability(expected: number, budget: number, ringing: number): number {
  const pmf = poisson(expected * ABANDON_CLUSTERING);
  let below = 0;
  const reserve = Math.max(1, Math.ceil(ringing * RESERVE_PER_RINGING));
  for (let k = 0; k <= Math.floor(budget) - reserve && k < pmf.length; k++) below += pmf[k] ?? 0;
  return Math.max(0, 1 - below);
}

export function decidePredictive(
  est: PacingEstimates,
  snap: PacingSnapshot,
  opts: { readonly graceMs: number; readonly marginalRiskLimit: number; readonly abandonBudget: number; readonly maxNew: number },
): PredictiveResult {
  const p = est.liveAnswerProbability;
  const model = buildSlices(est, snap, opts.graceMs / 1000);
  const limit = Math.min(opts.maxNew, MAX_NEW_CALLS_PER_DECISION);
  let current = expectedAbandons(model, 0);
  let n = 0;
  let why = '';
  for (;;) {
    if (n >= limit) {
      why = `capacity allows ${limit} new calls`;
      break;
    }
    const next = expectedAbandons(model, n + 1);
    const risk = p > 0 ? (next - current) / p : 1;
    if (risk > opts.marginalRiskLimit) {
      why = `call ${n + 1} would be abandoned with probability ${risk.toFixed(3)} > limit ${opts.marginalRiskLimit.toFixed(3)}`;
      break;
    }
    const breach = breachProbability(next, opts.abandonBudget, snap.ringingElapsedMs.length + n + 1);
    if (breach > BUDGET_BREACH_PROBABILITY) {
      why = `call ${n + 1} risks exceeding the 30-day budget of ${opts.abandonBudget.toFixed(1)} abandons (p=${breach.toFixed(4)})`;
      break;
    }
    n += 1;
    current = next;
  }
  return { wanted: n, expectedAbandons: current, why };
}
