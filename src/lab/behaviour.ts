/** Turns a population entry (or its statistics) into the concrete behaviour of one dialled callee. */
import { drawMs, type Rng } from './rng.ts';
import { matchTarget, type Behaviour, type Population, type Turn } from './population.ts';

export type Outcome = 'answer' | 'busy' | 'noanswer' | 'unreachable' | 'invalid' | 'reject';

export interface ResolvedBehaviour {
  readonly outcome: Outcome;
  /** Answer, or the failure response, this long after the INVITE. */
  readonly answerAfterMs: number;
  readonly failAfterMs: number;
  readonly answeredBy: 'human' | 'machine';
  readonly beepAfterMs: number | undefined;
  readonly hangupAfterMs: number | undefined;
  /** The callee stops ringing after this long (cause NO_USER_RESPONSE) unless originate_timeout ends first. */
  readonly ringOutMs: number | undefined;
  readonly turns: readonly Turn[];
  readonly template: string | undefined;
}

// Why these defaults: they are the timings of the captured SIPp peers (answer after 1 s, 486 after 0.5 s,
// ICMP unreachable within a few ms), so an unscripted number behaves like the captures.
const DEFAULT_FAIL_AFTER_MS: Readonly<Record<Outcome, number>> = { answer: 0, noanswer: 0, busy: 500, unreachable: 5, invalid: 100, reject: 300 };

function fromEntry(b: Behaviour): ResolvedBehaviour {
  return {
    outcome: b.outcome,
    answerAfterMs: b.answerAfterMs ?? 1000,
    failAfterMs: b.failAfterMs ?? DEFAULT_FAIL_AFTER_MS[b.outcome],
    answeredBy: b.answeredBy ?? (b.beepAfterMs !== undefined ? 'machine' : 'human'),
    beepAfterMs: b.beepAfterMs,
    hangupAfterMs: b.hangupAfterMs,
    ringOutMs: undefined,
    turns: b.turns ?? [],
    template: b.template,
  };
}

export function resolveBehaviour(population: Population, user: string, rng: Rng): ResolvedBehaviour {
  const entry = matchTarget(population, user);
  if (entry) return fromEntry(entry);
  const s = population.statistics;
  if (!s) return fromEntry({ outcome: 'answer' });
  if (rng() < s.failFastShare) {
    const cause = s.failFastCauses[Math.floor(rng() * s.failFastCauses.length)] ?? 'busy';
    return { ...fromEntry({ outcome: cause }), failAfterMs: Math.round(s.failFastSeconds * 1000) };
  }
  if (rng() >= s.liveAnswerProbability) {
    return { ...fromEntry({ outcome: 'noanswer' }), ringOutMs: Math.round(s.ringOutSeconds * 1000) };
  }
  const machine = rng() < s.machineShare;
  return {
    ...fromEntry({ outcome: 'answer' }),
    answerAfterMs: drawMs(rng, s.answerDelay),
    answeredBy: machine ? 'machine' : 'human',
    beepAfterMs: machine ? drawMs(rng, s.beepAfter) : undefined,
    hangupAfterMs: drawMs(rng, s.handleTime),
  };
}
