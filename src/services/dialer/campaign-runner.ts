import { randomUUID } from 'node:crypto';
import type { AttemptsRepo } from '../../adapters/db/repos/attempts-repo.ts';
import { loadPacingHistory, markCallbacksDone, selectDialCandidates, type CandidateFilter, type DialCandidate } from '../../adapters/db/repos/dialer-repo.ts';
import type { Script } from '../../domain/conversation/script.ts';
import type { Logger } from '../../adapters/log/logger.ts';
import { createPacer, decidePacing, observePacing } from '../../domain/pacing/pacer.ts';
import type { PacerState, PacingConfig, PacingDecision, PacingOutcome } from '../../domain/pacing/types.ts';
import type { AgentDesk } from '../../ports/agent-desk.ts';
import type { Clock, TimerHandle } from '../../ports/clock.ts';
import type { HotState, LineScope } from '../../ports/hot-state.ts';
import type { Sql } from '../../ports/sql.ts';
import type { CallJob, CallResult } from './call-job.ts';
import type { CallRunnerDeps } from './call-runner.ts';
import { startCall, type CallHandle } from './call-runner.ts';
import type { DialGate } from './dial-gate.ts';
import { retryDelayMs, type RetryPolicy } from './retry-policy.ts';

export interface StrategyBucket {
  readonly name: string;
  readonly minDaysPastDue: number;
  readonly maxDaysPastDue?: number;
  readonly scriptId?: string;
  readonly maxAttempts: number;
  readonly delayMsByDisposition?: Readonly<Record<string, number>>;
}

export function bucketFor(strategy: readonly StrategyBucket[] | undefined, daysPastDue: number): StrategyBucket | undefined {
  return strategy?.find((b) => daysPastDue >= b.minDaysPastDue && (b.maxDaysPastDue === undefined || daysPastDue <= b.maxDaysPastDue));
}

/**
 * For each disposition, the shortest delay any account of the plan can get (base policy or a strategy
 * bucket's override): the candidate query leaves out accounts still inside it, so accounts waiting for
 * their retry are not fetched batch after batch; the exact delay is checked per account in `nextCandidate`.
 */
export function retryLowerBound(base: RetryPolicy, buckets: readonly StrategyBucket[]): { delayMsByDisposition: Record<string, number>; defaultDelayMs: number } {
  const keys = new Set([...Object.keys(base.delayMsByDisposition), ...buckets.flatMap((b) => Object.keys(b.delayMsByDisposition ?? {}))]);
  const delayMsByDisposition: Record<string, number> = {};
  for (const k of keys) {
    const baseDelay = retryDelayMs(base, k);
    delayMsByDisposition[k] = Math.min(baseDelay, ...buckets.map((b) => b.delayMsByDisposition?.[k] ?? baseDelay));
  }
  return { delayMsByDisposition, defaultDelayMs: base.defaultDelayMs };
}

const CANDIDATE_BATCH = 200;
const EMPTY_LIST_RECHECK_MS = 30_000;

export interface CampaignPlan {
  readonly campaignId: string;
  readonly profile: string;
  readonly channel: 'robot' | 'agent';
  readonly filter: CandidateFilter;
  readonly trunk: { readonly name: string; readonly maxLines: number; readonly cps: number };
  readonly node: { readonly name: string; readonly maxLines: number };
  readonly callerIdNumber: string;
  readonly ringTimeoutMs: number;
  readonly detectMachine: boolean;
  readonly recordCalls: boolean;
  /** Folder on the switch for recordings (the file is named after the attempt). */
  readonly recordingsDir?: string;
  readonly pacing: Partial<PacingConfig>;
  readonly retry: RetryPolicy;
  /** Strategy by overdue stage: the first bucket containing an account's days past due applies. */
  readonly strategy?: readonly StrategyBucket[];
  /** Scripts a bucket may name. */
  readonly scriptsById?: Readonly<Record<string, Script>>;
  /** Builds the per-call parts that depend on the account (script, language, conversation account). */
  readonly jobFor: (c: DialCandidate) => Pick<CallJob, 'script' | 'lang' | 'timeZone' | 'account'>;
}

export interface CampaignRunnerDeps {
  readonly sql: Sql;
  readonly attempts: AttemptsRepo;
  readonly hot: HotState;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly gate: DialGate;
  readonly call: Omit<CallRunnerDeps, 'agentDesk'>;
  readonly agentDesk?: AgentDesk;
  readonly dialerId: string;
  readonly tickMs: number;
  readonly leaseTtlMs: number;
  /** Keep every call's result in `stats.results` (simulations); a long-running dialer does not, or it grows forever. */
  readonly keepResults?: boolean;
}

export interface CampaignStats {
  dials: number;
  inFlight: number;
  answered: number;
  liveAnswers: number;
  machines: number;
  abandoned: number;
  promises: number;
  blockedByRule: Record<string, number>;
  dispositions: Record<string, number>;
  lastPacing: PacingDecision | undefined;
  /** Ticks on which the pacer wanted more calls than the list had eligible accounts (list exhausted or all waiting). */
  listShortfalls: number;
  results: CallResult[];
}

/**
 * Runs one campaign on this dialer process while it holds the campaign's lease. Every tick: renew the
 * lease, ask the pacer how many calls to place within the free lines and CPS, take that many candidates,
 * pass each through the compliance gate, and hand admitted ones to a call runner (which owns the call from
 * then on). Pacing learns from every finished call.
 */
export class CampaignRunner {
  private pacer: PacerState;
  private readonly inFlight = new Map<string, { accountId: string; startedMs: number; ringing: boolean }>();
  private readonly notBefore = new Map<string, number>();
  private buffer: DialCandidate[] = [];
  /** The shortest retry delay per disposition over the plan and its strategy buckets (for the SQL pre-filter). */
  private readonly retryLowerBound: { delayMsByDisposition: Record<string, number>; defaultDelayMs: number };
  private readonly dialledSinceRefill = new Set<string>();
  private nextRefillMs = 0;
  private timer: TimerHandle | undefined;
  private ticking = false;
  private kickPending = false;
  /** Whether the last tick held the campaign's lease: on (re)taking it, the 30-day window is reloaded. */
  private heldLease = false;
  /** Settles when the tick in progress (if any) ends; `stop` waits for it so no dial starts after. */
  private tickDone: Promise<void> = Promise.resolve();
  private tickAgain = false;
  private stopped = false;
  readonly stats: CampaignStats = { dials: 0, inFlight: 0, answered: 0, liveAnswers: 0, machines: 0, abandoned: 0, promises: 0, blockedByRule: {}, dispositions: {}, lastPacing: undefined, listShortfalls: 0, results: [] };
  private readonly calls = new Map<string, { handle: CallHandle; settled: Promise<void> }>();

  constructor(
    private readonly deps: CampaignRunnerDeps,
    private readonly plan: CampaignPlan,
  ) {
    this.pacer = createPacer(plan.pacing);
    this.retryLowerBound = retryLowerBound(plan.retry, plan.strategy ?? []);
  }

  start(): void {
    this.schedule(0);
  }

  /**
   * Stops placing calls. Calls in progress get `graceMs` to finish on their own; then they are hung up and
   * get another `graceMs` to confirm. A call the switch never confirms stays an open attempt, which the next
   * start's reconciliation closes from `show channels` — never guessed here.
   */
  async stop(graceMs = 120_000): Promise<void> {
    this.stopped = true;
    if (this.timer) this.deps.clock.clearTimer(this.timer);
    await this.tickDone;
    if (!(await this.waitForCalls(graceMs))) {
      for (const { handle } of this.calls.values()) handle.hangup('campaign_stopped');
      if (!(await this.waitForCalls(graceMs))) for (const { handle } of this.calls.values()) handle.detach();
    }
    await this.deps.hot.releaseLease(`campaign:${this.plan.campaignId}`, this.deps.dialerId).catch(() => undefined);
  }

  private async waitForCalls(graceMs: number): Promise<boolean> {
    if (this.calls.size === 0) return true;
    let timer: TimerHandle | undefined;
    const timeout = new Promise<false>((resolve) => (timer = this.deps.clock.setTimer(() => resolve(false), graceMs)));
    const all = Promise.all([...this.calls.values()].map((c) => c.settled)).then(() => true as const);
    const done = await Promise.race([all, timeout]);
    if (timer) this.deps.clock.clearTimer(timer);
    return done;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = this.deps.clock.setTimer(() => {
      this.tick().then(
        () => this.schedule(this.deps.tickMs),
        (err: unknown) => {
          this.deps.logger.error({ campaignId: this.plan.campaignId, err: (err as Error).message }, 'campaign tick failed; not dialling this tick');
          this.schedule(this.deps.tickMs);
        },
      );
    }, delayMs);
  }

  private lineScopes(): LineScope[] {
    return [
      { key: `trunk:${this.plan.trunk.name}`, limit: this.plan.trunk.maxLines },
      { key: `node:${this.plan.node.name}`, limit: this.plan.node.maxLines },
    ];
  }

  async tick(): Promise<void> {
    if (this.stopped) return;
    if (this.ticking) {
      // Something changed while deciding: decide once more when this tick ends.
      this.tickAgain = true;
      return;
    }
    this.ticking = true;
    let endTick!: () => void;
    this.tickDone = new Promise((resolve) => (endTick = resolve));
    try {
      const { deps, plan } = this;
      const now = deps.clock.now();
      if (!(await deps.hot.acquireLease(`campaign:${plan.campaignId}`, deps.dialerId, deps.leaseTtlMs))) {
        this.heldLease = false;
        return;
      }
      if (!this.heldLease) {
        // The 30-day window is the campaign's, not this process's: on taking the lease (first tick, or back
        // from another dialer) it is rebuilt from the durable record — earlier days, other dialers. What was
        // learnt about p and handle times is kept. Unreadable: this tick throws and nothing is dialled.
        this.pacer = { ...this.pacer, window: createPacer(plan.pacing, await loadPacingHistory(deps.sql, plan.campaignId, now)).window };
        this.heldLease = true;
      }
      const scopes = this.lineScopes();
      const used = await Promise.all(scopes.map((s) => deps.hot.linesInUse(s.key)));
      const linesFree = Math.max(0, Math.min(...scopes.map((s, i) => s.limit - used[i]!)));
      const desk = deps.agentDesk?.snapshot();
      const ringing = [...this.inFlight.values()].filter((c) => c.ringing).map((c) => now - c.startedMs);
      const decision = decidePacing(
        this.pacer,
        {
          agentsLoggedIn: desk?.loggedIn ?? 0,
          agentsReady: desk?.ready ?? 0,
          agentBusyElapsedMs: desk?.busyElapsedMs ?? [],
          ringingElapsedMs: ringing,
          liveWaiting: desk?.waiting ?? 0,
          capacity: { linesFree, cpsTokens: plan.trunk.cps },
        },
        now,
      );
      this.stats.lastPacing = decision;
      if (decision.dialCount <= 0) return;
      await this.dialSome(decision.dialCount, now);
    } finally {
      this.ticking = false;
      endTick();
      if (this.tickAgain) {
        this.tickAgain = false;
        this.kick();
      }
    }
  }

  /**
   * Candidates come from a local buffer refilled by one ordered query for many dials (the query is the costly
   * part; a tick is not). A buffered candidate may be stale — dialled meanwhile by another dialer — which the
   * per-account lease in `dialOne` catches.
   */
  private async dialSome(count: number, now: number): Promise<void> {
    let placed = 0;
    while (placed < count && !this.stopped) {
      const c = await this.nextCandidate(now);
      if (!c) {
        this.stats.listShortfalls += 1;
        break;
      }
      const outcome = await this.dialOne(c, now);
      if (outcome === 'placed') placed += 1;
      if (outcome === 'no_capacity') {
        this.buffer.unshift(c);
        break;
      }
    }
  }

  private async nextCandidate(now: number): Promise<DialCandidate | undefined> {
    const { deps, plan } = this;
    let refilled = false;
    for (;;) {
      if (this.buffer.length === 0) {
        // One refill per call at most: a batch in which nobody is eligible waits for the recheck period
        // instead of being fetched again at once (which would spin).
        if (refilled || now < this.nextRefillMs) {
          if (refilled) this.nextRefillMs = now + EMPTY_LIST_RECHECK_MS;
          return undefined;
        }
        refilled = true;
        // Accounts dialling now, or known not to be eligible yet, are not fetched again.
        for (const [accountId, at] of this.notBefore) if (at <= now) this.notBefore.delete(accountId);
        const waiting = [...this.notBefore.keys()];
        const exclude = [...new Set([...[...this.inFlight.values()].map((c) => c.accountId), ...waiting])];
        this.buffer = await selectDialCandidates(deps.sql, plan.campaignId, plan.filter, {
          exclude,
          limit: CANDIDATE_BATCH,
          maxAttempts: Math.max(plan.retry.maxAttemptsPerAccount, ...(plan.strategy ?? []).map((b) => b.maxAttempts)),
          retry: { nowMs: now, ...this.retryLowerBound },
        });
        this.dialledSinceRefill.clear();
        // An empty or short list means little is eligible: look again later rather than every tick.
        this.nextRefillMs = now + (this.buffer.length < CANDIDATE_BATCH ? EMPTY_LIST_RECHECK_MS : 0);
        if (this.buffer.length === 0) return undefined;
      }
      const c = this.buffer.shift()!;
      // Its row predates our own last dial of it: wait for fresh data (retry delay, attempt count).
      if (this.dialledSinceRefill.has(c.accountId)) continue;
      if ((this.notBefore.get(c.accountId) ?? 0) > now) continue;
      const bucket = bucketFor(plan.strategy, c.daysPastDue);
      const policy = bucket ? { ...plan.retry, maxAttemptsPerAccount: bucket.maxAttempts, delayMsByDisposition: { ...plan.retry.delayMsByDisposition, ...bucket.delayMsByDisposition } } : plan.retry;
      if (c.campaignAttempts >= policy.maxAttemptsPerAccount) continue;
      // A callback the debtor asked for sets the time, instead of the retry delay.
      const retryAt = c.callbackDueAtMs ?? (c.lastAttemptAtMs !== undefined ? c.lastAttemptAtMs + retryDelayMs(policy, c.lastDisposition) : 0);
      if (retryAt > now) {
        this.notBefore.set(c.accountId, retryAt);
        continue;
      }
      return c;
    }
  }

  private async dialOne(c: DialCandidate, now: number): Promise<'placed' | 'blocked' | 'no_capacity'> {
    const { deps, plan } = this;
    const attemptId = randomUUID();
    const gate = await deps.gate.admit(c, plan.profile, plan.channel, attemptId, now);
    const decisionId = randomUUID();
    await deps.attempts.saveDecision({
      decisionId, accountId: c.accountId, campaignId: plan.campaignId, phoneE164: c.numberE164, profile: gate.decision.profile,
      decidedAt: new Date(now), allowed: gate.decision.allowed, blockedBy: gate.decision.blockedBy, rules: gate.decision.rules,
      nextEligibleAt: gate.decision.nextEligibleAtMs !== null ? new Date(gate.decision.nextEligibleAtMs) : undefined,
    });
    if (!gate.decision.allowed || !gate.release) {
      for (const rule of gate.decision.blockedBy) this.stats.blockedByRule[rule] = (this.stats.blockedByRule[rule] ?? 0) + 1;
      // Not callable now: skip until the engine says it may be (or an hour if time alone will not help).
      this.notBefore.set(c.accountId, gate.decision.nextEligibleAtMs ?? now + 3_600_000);
      return 'blocked';
    }
    const scopes = this.lineScopes();
    const lineTtlMs = deps.call.maxCallMs + plan.ringTimeoutMs + 60_000;
    // One call per person at a time, across every dialer process (a stale buffer or a second dialer).
    const accountLease = `account:${c.accountId}`;
    if (!(await deps.hot.acquireLease(accountLease, attemptId, lineTtlMs))) {
      await gate.release();
      return 'blocked';
    }
    const giveBack = async (): Promise<void> => {
      await deps.hot.releaseLease(accountLease, attemptId);
      await gate.release?.();
    };
    if (!(await deps.hot.acquireLines(scopes, attemptId, lineTtlMs))) {
      await giveBack();
      return 'no_capacity';
    }
    // Stamped at this moment (not the tick's start) so the shared budget and the adapter's own count agree.
    if (!(await deps.hot.takeCpsToken(`trunk:${plan.trunk.name}`, plan.trunk.cps, deps.clock.now()))) {
      await deps.hot.releaseLines(scopes.map((s) => s.key), attemptId);
      await giveBack();
      return 'no_capacity';
    }
    if (this.stopped) {
      // Stopped while this candidate was being admitted: nothing leaves; give everything back.
      await deps.hot.releaseLines(scopes.map((s) => s.key), attemptId);
      await giveBack();
      return 'blocked';
    }
    await deps.attempts.createAttempt({
      attemptId, campaignId: plan.campaignId, accountId: c.accountId, debtId: c.debtId, phoneId: c.phoneId, numberE164: c.numberE164,
      decisionId, callerId: plan.callerIdNumber, dialerId: deps.dialerId, trunk: plan.trunk.name, channel: plan.channel, createdAt: new Date(now),
    });
    if (c.callbackDueAtMs !== undefined) await markCallbacksDone(deps.sql, c.accountId, now);
    this.startCall(c, attemptId, scopes, gate.release, now);
    return 'placed';
  }

  /** The account's script: its overdue stage's, when the strategy names one, else the plan's choice. */
  private jobParts(c: DialCandidate): ReturnType<CampaignPlan['jobFor']> {
    const parts = this.plan.jobFor(c);
    const scriptId = bucketFor(this.plan.strategy, c.daysPastDue)?.scriptId;
    const script = scriptId ? this.plan.scriptsById?.[scriptId] : undefined;
    return script ? { ...parts, script } : parts;
  }

  private startCall(c: DialCandidate, attemptId: string, scopes: LineScope[], release: () => Promise<void>, now: number): void {
    const { deps, plan } = this;
    const entry = { accountId: c.accountId, startedMs: now, ringing: true };
    this.dialledSinceRefill.add(c.accountId);
    this.inFlight.set(attemptId, entry);
    this.stats.dials += 1;
    this.stats.inFlight = this.inFlight.size;
    const job: CallJob = {
      attemptId, campaignId: plan.campaignId, accountId: c.accountId, debtIds: c.debtIds, numberE164: c.numberE164,
      trunkName: plan.trunk.name, callerIdNumber: plan.callerIdNumber, ringTimeoutMs: plan.ringTimeoutMs, detectMachine: plan.detectMachine,
      channel: plan.channel, recordPath: plan.recordCalls ? `${plan.recordingsDir ?? '/var/lib/freeswitch/recordings'}/${attemptId}.wav` : undefined,
      lineScopes: scopes.map((s) => s.key), releaseReservation: release, onAnswered: () => (entry.ringing = false),
      onPacing: (o) => {
        if (o.kind === 'attempt.not_live') entry.ringing = false;
        this.onPacing(o);
      },
       ...this.jobParts(c),
    };
    const handle = startCall({ ...deps.call, ...(deps.agentDesk ? { agentDesk: deps.agentDesk } : {}) }, job);
    const settled = handle.result
      .then((result) => this.onCallDone(result))
      .catch((err: unknown) => deps.logger.error({ attemptId, err: (err as Error).message }, 'call runner failed'))
      .finally(() => {
        void deps.hot.releaseLease(`account:${c.accountId}`, attemptId).catch(() => undefined);
        this.inFlight.delete(attemptId);
        this.stats.inFlight = this.inFlight.size;
        this.calls.delete(attemptId);
      });
    this.calls.set(attemptId, { handle, settled });
  }

  private onCallDone(r: CallResult): void {
    const s = this.stats;
    if (this.deps.keepResults) s.results.push(r);
    s.dispositions[r.disposition] = (s.dispositions[r.disposition] ?? 0) + 1;
    if (r.answered) s.answered += 1;
    if (r.liveAnswer) s.liveAnswers += 1;
    if (r.machine) s.machines += 1;
    if (r.abandoned) s.abandoned += 1;
    if (r.promise) s.promises += 1;
  }

  /**
   * The call runner reports each pacing fact as it happens. A freed agent, an answer or an abandon changes
   * what the pacer would dial, so it decides again at once instead of waiting for the next tick (the pure
   * simulator decides after every such event too); a non-live attempt ending only frees a line.
   */
  private onPacing(outcome: PacingOutcome): void {
    this.pacer = observePacing(this.pacer, outcome);
    if (outcome.kind !== 'attempt.not_live') this.kick();
  }

  private kick(): void {
    if (this.kickPending || this.stopped) return;
    this.kickPending = true;
    this.deps.clock.setTimer(() => {
      this.kickPending = false;
      this.tick().catch((err: unknown) => this.deps.logger.error({ campaignId: this.plan.campaignId, err: (err as Error).message }, 'campaign tick failed; not dialling this tick'));
    }, 0);
  }
}
