/**
 * A pure discrete-event simulation of one campaign: simulated agents and lines, the population model of
 * ../shared/reference/pacing.md, and the real pacer (decidePacing / observePacing) in the loop.
 * Deterministic for a given scenario (seeded mulberry32). The pacer is called after every batch of events at
 * the same instant and on a 1 s tick; CPS tokens refill at each whole second.
 */
import { emptyAbandonmentWindow, recordAbandon, recordHistory, recordLiveAnswer, windowRates } from '../abandonment-window.ts';
import { createPacer, decidePacing, observePacing } from '../pacer.ts';
import type { PacerState, PacingMode, PacingOutcome } from '../types.ts';
import { EventQueue } from './event-queue.ts';
import { gamma, mulberry32, uniform, type Rng } from './prng.ts';
import type { Scenario } from './scenario.ts';

/** Same shape as `recollect simulate --json`. */
export interface SimMetrics {
  readonly utilization: number;
  readonly lineUtilization: number;
  readonly abandonment: number;
  readonly abandonmentMax30d: number;
  readonly dials: number;
  readonly liveAnswers: number;
  readonly abandoned: number;
  readonly agentTalkSeconds: number;
  readonly simulatedSeconds: number;
}

export interface SimDiagnostics {
  readonly maxLinesInUse: number;
  readonly maxDialsInOneSecond: number;
  readonly decisionsByAppliedMode: Readonly<Partial<Record<PacingMode, number>>>;
  /** When the 30-day rate peaked, and the counts behind it. */
  readonly max30dAt: { readonly elapsedSeconds: number; readonly liveAnswers: number; readonly abandoned: number };
  /** The pacer's estimates every 10 simulated minutes, with the true values at that time. */
  readonly estimateTrace: readonly { atMs: number; estimatedP: number; trueP: number; estimatedHandleS: number; trueHandleS: number }[];
}

export interface SimResult {
  readonly metrics: SimMetrics;
  readonly diagnostics: SimDiagnostics;
}

interface Call {
  readonly dialAtMs: number;
  stage: 'ringing' | 'waiting' | 'connected' | 'done';
}

type SimEvent =
  | { readonly type: 'tick' }
  | { readonly type: 'answered'; readonly call: Call }
  | { readonly type: 'not_live_ended'; readonly call: Call }
  | { readonly type: 'grace_expired'; readonly call: Call }
  | { readonly type: 'handled'; readonly call: Call; readonly agent: number | null; readonly handleMs: number };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const TRACE_EVERY_MS = 600_000;
/** The simulation clock starts 30 days after the epoch so that history can sit inside the 30-day window. */
const START_MS = 30 * DAY_MS;

function paramsAt(s: Scenario, elapsedMs: number): { p: number; handleMeanS: number } {
  let p = s.population.liveAnswerProbability;
  let handleMeanS = s.handleTimeSeconds.gamma.mean;
  for (const d of [...s.drift].sort((a, b) => a.atHours - b.atHours)) {
    if (d.atHours * HOUR_MS > elapsedMs) break;
    p = d.liveAnswerProbability ?? p;
    handleMeanS = d.handleTimeMeanSeconds ?? handleMeanS;
  }
  return { p, handleMeanS };
}

class World {
  readonly rng: Rng;
  readonly queue = new EventQueue<SimEvent>();
  readonly endMs: number;
  readonly robot: boolean;
  pacer: PacerState;
  ledger = emptyAbandonmentWindow();
  nowMs = START_MS;
  agentBusySince: (number | null)[];
  ringing = new Set<Call>();
  waiting: Call[] = [];
  linesInUse = 0;
  lineMs = 0;
  dialsThisSecond = 0;
  second = -1;
  m = { dials: 0, liveAnswers: 0, abandoned: 0, talkMs: 0, max30d: 0, maxLines: 0, maxCps: 0, max30dAt: { elapsedSeconds: 0, liveAnswers: 0, abandoned: 0 } };
  modes: Partial<Record<PacingMode, number>> = {};
  trace: SimDiagnostics['estimateTrace'][number][] = [];

  constructor(readonly s: Scenario) {
    this.rng = mulberry32(s.seed);
    this.endMs = START_MS + s.durationHours * HOUR_MS;
    this.robot = s.mode === 'agentless';
    this.agentBusySince = new Array<number | null>(s.agents).fill(null);
    const history = s.history.map((h) => ({ atMs: START_MS - h.daysAgo * DAY_MS - 1, liveAnswers: h.liveAnswers, abandoned: h.abandoned }));
    for (const h of history) this.ledger = recordHistory(this.ledger, h.atMs, h.liveAnswers, h.abandoned);
    this.pacer = createPacer({ mode: s.mode, targetAbandonment: s.targetAbandonment, minAgentsForPredictive: s.minAgentsForPredictive, abandonGraceMs: s.abandonGraceSeconds * 1000 }, history);
  }

  observe(o: PacingOutcome): void {
    this.pacer = observePacing(this.pacer, o);
    if (o.kind === 'attempt.live') this.ledger = recordLiveAnswer(this.ledger, o.atMs);
    if (o.kind === 'call.abandoned') this.ledger = recordAbandon(this.ledger, o.atMs);
    if (o.kind === 'attempt.live' || o.kind === 'call.abandoned') {
      const d30 = windowRates(this.ledger, this.nowMs).d30;
      if (d30.rate > this.m.max30d) {
        this.m.max30d = d30.rate;
        this.m.max30dAt = { elapsedSeconds: (this.nowMs - START_MS) / 1000, liveAnswers: d30.liveAnswers, abandoned: d30.abandoned };
      }
    }
  }

  advanceTo(t: number): void {
    const until = Math.min(t, this.endMs);
    if (until > this.nowMs) this.lineMs += this.linesInUse * (until - this.nowMs);
    this.nowMs = Math.max(this.nowMs, until);
  }

  freeLine(): void {
    this.linesInUse -= 1;
  }

  connect(call: Call, agent: number | null): void {
    call.stage = 'connected';
    const { handleMeanS } = paramsAt(this.s, this.nowMs - START_MS);
    const shape = this.s.handleTimeSeconds.gamma.shape;
    const handleMs = gamma(this.rng, shape, handleMeanS / shape) * 1000;
    if (agent !== null) {
      this.agentBusySince[agent] = this.nowMs;
      this.m.talkMs += Math.min(handleMs, this.endMs - this.nowMs);
    }
    this.queue.push(this.nowMs + handleMs, { type: 'handled', call, agent, handleMs });
  }

  readyAgent(): number | null {
    const i = this.agentBusySince.indexOf(null);
    return i >= 0 ? i : null;
  }
}

function handle(w: World, e: SimEvent): void {
  switch (e.type) {
    case 'tick':
      if (w.nowMs + 1000 < w.endMs) w.queue.push(w.nowMs + 1000, { type: 'tick' });
      return;
    case 'not_live_ended':
      w.ringing.delete(e.call);
      e.call.stage = 'done';
      w.freeLine();
      w.observe({ kind: 'attempt.not_live', atMs: w.nowMs, durationMs: w.nowMs - e.call.dialAtMs });
      return;
    case 'answered':
      onAnswered(w, e.call);
      return;
    case 'grace_expired':
      if (e.call.stage !== 'waiting') return;
      // Abandoned: the caller hears the abandoned-call message and the line is released.
      e.call.stage = 'done';
      w.waiting = w.waiting.filter((c) => c !== e.call);
      w.freeLine();
      w.m.abandoned += 1;
      w.observe({ kind: 'call.abandoned', atMs: w.nowMs });
      return;
    case 'handled':
      e.call.stage = 'done';
      w.freeLine();
      if (e.agent === null) return;
      w.agentBusySince[e.agent] = null;
      w.observe({ kind: 'call.handled', atMs: w.nowMs, handleMs: e.handleMs });
      takeWaiting(w, e.agent);
      return;
  }
}

function takeWaiting(w: World, agent: number): void {
  const next = w.waiting.shift();
  if (next) w.connect(next, agent);
}

function onAnswered(w: World, call: Call): void {
  w.ringing.delete(call);
  w.m.liveAnswers += 1;
  w.observe({ kind: 'attempt.live', atMs: w.nowMs, answerDelayMs: w.nowMs - call.dialAtMs });
  if (w.robot) return w.connect(call, null);
  const agent = w.readyAgent();
  if (agent !== null) return w.connect(call, agent);
  call.stage = 'waiting';
  w.waiting.push(call);
  w.queue.push(w.nowMs + w.s.abandonGraceSeconds * 1000, { type: 'grace_expired', call });
}

function dial(w: World): void {
  const second = Math.floor(w.nowMs / 1000);
  if (second !== w.second) {
    w.second = second;
    w.dialsThisSecond = 0;
  }
  const ready = w.agentBusySince.filter((b) => b === null).length;
  const decision = decidePacing(
    w.pacer,
    {
      agentsLoggedIn: w.s.agents,
      agentsReady: ready,
      agentBusyElapsedMs: w.agentBusySince.flatMap((b) => (b === null ? [] : [w.nowMs - b])),
      ringingElapsedMs: [...w.ringing].map((c) => w.nowMs - c.dialAtMs),
      liveWaiting: w.waiting.length,
      capacity: { linesFree: w.s.lines - w.linesInUse, cpsTokens: w.s.cps - w.dialsThisSecond },
    },
    w.nowMs,
  );
  const applied = decision.reasoning.appliedMode;
  w.modes[applied] = (w.modes[applied] ?? 0) + 1;
  for (let i = 0; i < decision.dialCount; i++) originate(w);
}

function originate(w: World): void {
  const { p } = paramsAt(w.s, w.nowMs - START_MS);
  const pop = w.s.population;
  const call: Call = { dialAtMs: w.nowMs, stage: 'ringing' };
  w.ringing.add(call);
  w.linesInUse += 1;
  w.dialsThisSecond += 1;
  w.m.dials += 1;
  w.m.maxLines = Math.max(w.m.maxLines, w.linesInUse);
  w.m.maxCps = Math.max(w.m.maxCps, w.dialsThisSecond);
  if (w.rng.next() < p) {
    const [lo, hi] = pop.answerDelaySeconds.uniform;
    w.queue.push(w.nowMs + uniform(w.rng, lo, hi) * 1000, { type: 'answered', call });
  } else {
    const seconds = w.rng.next() < pop.failFastShare ? pop.failFastSeconds : pop.ringOutSeconds;
    w.queue.push(w.nowMs + seconds * 1000, { type: 'not_live_ended', call });
  }
}

function traceEstimates(w: World): void {
  const last = w.trace[w.trace.length - 1];
  if (last && w.nowMs - last.atMs < TRACE_EVERY_MS) return;
  const est = w.pacer.estimates;
  const truth = paramsAt(w.s, w.nowMs - START_MS);
  const handleS = est.handleSeconds.ring.length > 0 ? est.handleSeconds.valueSum / est.handleSeconds.ring.length : 0;
  w.trace.push({ atMs: w.nowMs, estimatedP: est.liveAnswerProbability, trueP: truth.p, estimatedHandleS: handleS, trueHandleS: truth.handleMeanS });
}

export function simulate(s: Scenario): SimResult {
  const w = new World(s);
  w.queue.push(START_MS, { type: 'tick' });
  for (;;) {
    const t = w.queue.peekTime();
    if (t === undefined || t >= w.endMs) break;
    w.advanceTo(t);
    // A non-live attempt ending only frees a line: with agents, the next tick is soon enough to re-decide
    // (and halves the decisions); in agentless mode a free line is exactly what the pacer waits for.
    let worthDeciding = w.robot;
    while (w.queue.peekTime() === t) {
      const next = w.queue.pop();
      if (!next) break;
      if (next.event.type !== 'not_live_ended') worthDeciding = true;
      handle(w, next.event);
    }
    if (worthDeciding) dial(w);
    traceEstimates(w);
  }
  w.advanceTo(w.endMs);
  const seconds = s.durationHours * 3600;
  const metrics: SimMetrics = {
    utilization: s.agents > 0 ? w.m.talkMs / 1000 / (s.agents * seconds) : 0,
    lineUtilization: w.lineMs / 1000 / (s.lines * seconds),
    abandonment: w.m.liveAnswers > 0 ? w.m.abandoned / w.m.liveAnswers : 0,
    abandonmentMax30d: w.m.max30d,
    dials: w.m.dials,
    liveAnswers: w.m.liveAnswers,
    abandoned: w.m.abandoned,
    agentTalkSeconds: w.m.talkMs / 1000,
    simulatedSeconds: seconds,
  };
  return { metrics, diagnostics: { max30dAt: w.m.max30dAt, maxLinesInUse: w.m.maxLines, maxDialsInOneSecond: w.m.maxCps, decisionsByAppliedMode: w.modes, estimateTrace: w.trace } };
}
