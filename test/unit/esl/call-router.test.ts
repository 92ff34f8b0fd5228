import { describe, expect, it } from 'vitest';
import { CallRouter } from '../../../src/adapters/esl/call-router.ts';
import type { EslSignal } from '../../../src/adapters/esl/esl-event-mapper.ts';
import type { CallEvent } from '../../../src/ports/media-control.ts';

const leg = '11111111-1111-4111-8111-111111111111';
const job = '22222222-2222-4222-8222-222222222222';
const hangup: EslSignal = {
  kind: 'call',
  fsUuid: leg,
  event: {
    type: 'call.hangup',
    cause: 'USER_BUSY',
    q850: 17,
    rawCause: 'USER_BUSY',
    sipStatus: 486,
    byRemote: true,
    answered: false,
  },
};

function setup() {
  const ended: string[] = [];
  const errors: unknown[] = [];
  const router = new CallRouter(
    (fsUuid) => ended.push(fsUuid),
    (_fsUuid, err) => errors.push(err),
  );
  const events: CallEvent[] = [];
  const subscription = router.track(leg, 'fs1', (e) => events.push(e), true);
  router.expectJob(job, leg);
  return { router, ended, errors, events, subscription };
}

describe('call router', () => {
  it('job failure before any channel existed ends the leg with the job cause (no hangup event will come)', () => {
    const { router, events, ended } = setup();
    router.handle({ kind: 'job', jobUuid: job, ok: false, result: '-ERR GATEWAY_DOWN' }, 'fs1');
    expect(events.map((e) => e.type)).toEqual(['originate.failed', 'call.hangup']);
    expect(events[1]).toMatchObject({ cause: 'GATEWAY_DOWN', q850: 809, answered: false });
    expect(ended).toEqual([leg]);
  });

  it('job failure after the channel was created waits for the real hangup (which carries SIP details)', () => {
    const { router, events } = setup();
    router.handle({ kind: 'channel.seen', fsUuid: leg }, 'fs1');
    router.handle({ kind: 'job', jobUuid: job, ok: false, result: '-ERR USER_BUSY' }, 'fs1');
    expect(events.map((e) => e.type)).toEqual(['originate.failed']);
    router.handle(hangup, 'fs1');
    expect(events.at(-1)).toMatchObject({ type: 'call.hangup', sipStatus: 486 });
  });

  it('delivers call.hangup once and nothing after it', () => {
    const { router, events } = setup();
    router.handle(hangup, 'fs1');
    router.handle(hangup, 'fs1');
    router.handle({ kind: 'job', jobUuid: job, ok: false, result: '-ERR USER_BUSY' }, 'fs1');
    expect(events.map((e) => e.type)).toEqual(['call.hangup']);
    expect(router.liveLegCount()).toBe(0);
  });

  it('matches a job result that arrived before the switch told us its own Job-UUID', () => {
    const { router, events } = setup();
    const theirs = '33333333-3333-4333-8333-333333333333';
    router.handle({ kind: 'job', jobUuid: theirs, ok: false, result: '-ERR NO_ROUTE_DESTINATION' }, 'fs1');
    expect(events).toEqual([]);
    router.rekeyJob(job, theirs);
    expect(events.map((e) => e.type)).toEqual(['originate.failed', 'call.hangup']);
  });

  it('drops the duplicated avmd delivery', () => {
    const { router, events } = setup();
    const beep: EslSignal = {
      kind: 'call',
      fsUuid: leg,
      event: { type: 'machine.beep', frequencyHz: 1000 },
      dedupeKey: 'avmd::beep#1296',
    };
    router.handle(beep, 'fs1');
    router.handle(beep, 'fs1');
    expect(events).toHaveLength(1);
  });

  it('a throwing listener is reported and does not stop delivery to other listeners', () => {
    const { router, errors, events } = setup();
    router.track(
      leg,
      'fs1',
      () => {
        throw new Error('runner bug');
      },
      false,
    );
    router.handle({ kind: 'call', fsUuid: leg, event: { type: 'call.answered' } }, 'fs1');
    expect(errors).toHaveLength(1);
    expect(events).toEqual([{ type: 'call.answered' }]);
  });

  it('a disposed listener hears nothing more, but an originated leg is tracked until it ends (its line must be freed)', () => {
    const { router, events, subscription, ended } = setup();
    subscription.dispose();
    router.handle({ kind: 'call', fsUuid: leg, event: { type: 'call.answered' } }, 'fs1');
    expect(events).toEqual([]);
    expect(router.liveLegCount()).toBe(1);
    router.handle(hangup, 'fs1');
    expect(ended).toEqual([leg]);
    expect(router.liveLegCount()).toBe(0);
  });

  it('a subscription to a leg we did not originate is gone once disposed', () => {
    const router = new CallRouter(
      () => undefined,
      () => undefined,
    );
    const other = '44444444-4444-4444-8444-444444444444';
    const sub = router.track(other, undefined, () => undefined, false);
    expect(router.liveLegCount()).toBe(1);
    sub.dispose();
    expect(router.liveLegCount()).toBe(0);
  });

  it('reconciliation keeps what we knew: a leg that had answered is reported as answered', () => {
    const { router, events } = setup();
    router.handle({ kind: 'call', fsUuid: leg, event: { type: 'call.answered' } }, 'fs1');
    router.endWith(leg, {
      cause: 'RECONCILED',
      q850: undefined,
      rawCause: 'RECONCILED',
      sipStatus: undefined,
      byRemote: undefined,
      answered: false,
    });
    expect(events.at(-1)).toMatchObject({ type: 'call.hangup', cause: 'RECONCILED', answered: true });
  });
});
