import { describe, expect, it } from 'vitest';
import {
  broadcastArgs,
  expandDialString,
  originateArgs,
  ringTimeoutSeconds,
  sanitizeTtsText,
  transferArgs,
} from '../../../src/adapters/esl/esl-commands.ts';
import { parseShowChannels } from '../../../src/adapters/esl/esl-channels.ts';
import { reconnectDelayMs } from '../../../src/adapters/esl/reconnect-backoff.ts';
import { TrunkLimits } from '../../../src/adapters/esl/trunk-limits.ts';
import type { Clock, TimerHandle } from '../../../src/ports/clock.ts';
import { MediaControlError } from '../../../src/ports/media-control.ts';

const fsUuid = '84e03e1e-162f-4d9a-8431-a2940d19cdaa';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof MediaControlError ? err.code : 'not a MediaControlError';
  }
  return undefined;
}

describe('originate command', () => {
  it('puts our variables in {} and parks the answered leg', () => {
    const args = originateArgs({
      fsUuid,
      dialString: expandDialString('sofia/gateway/lab/{number}', '15550002222'),
      callerIdNumber: '15550001111',
      callerIdName: "O'Brien, Collections",
      ringTimeoutMs: 20_000,
      detectMachine: true,
      variables: { recollect_call_id: 'call-42' },
    });
    expect(args).toBe(
      `{origination_uuid=${fsUuid},originate_timeout=20,origination_caller_id_number=15550001111,` +
        `origination_caller_id_name='OBrien Collections',execute_on_answer=avmd_start,` +
        `recollect_call_id=call-42}` +
        'sofia/gateway/lab/15550002222 &park()',
    );
  });

  it('converts ms to whole seconds, rounding up (originate_timeout can fire up to 1 s early)', () => {
    expect(ringTimeoutSeconds(20_000)).toBe(20);
    expect(ringTimeoutSeconds(7_001)).toBe(8);
    expect(ringTimeoutSeconds(200)).toBe(1);
    expect(codeOf(() => ringTimeoutSeconds(0))).toBe('MEDIA_INPUT_INVALID');
  });

  it('refuses input that would break the command, naming the problem', () => {
    const base = {
      fsUuid,
      dialString: 'sofia/gateway/lab/1555',
      callerIdNumber: '1555',
      ringTimeoutMs: 1000,
    };
    expect(() => originateArgs({ ...base, variables: { note: 'a,b' } })).toThrow(/note contains a comma/);
    expect(() => originateArgs({ ...base, variables: { 'bad name': 'x' } })).toThrow(
      /variable name "bad name"/,
    );
    expect(() => originateArgs({ ...base, callerIdNumber: '1555 ; hupall' })).toThrow(/callerIdNumber/);
    expect(() => expandDialString('sofia/gateway/lab/{number}', '1555}&hupall')).toThrow(
      /not a dialable number/,
    );
  });
});

describe('uuid_broadcast arguments', () => {
  it('single-quotes TTS text with spaces (uuid_broadcast splits its arguments on spaces)', () => {
    expect(
      broadcastArgs(fsUuid, { kind: 'tts', text: 'Hello,  it’s Recollect', voice: 'kal' }, 'flite'),
    ).toBe(`${fsUuid} 'speak::flite|kal|Hello; it’s Recollect' aleg`);
  });

  it('strips quotes and the speak separator from TTS text', () => {
    expect(sanitizeTtsText(`You can't pay "now" | later`)).toBe('You cant pay now later');
    expect(sanitizeTtsText('line one\nline two')).toBe('line one line two');
  });

  it('rejects TTS text that is empty once cleaned, or has control characters', () => {
    expect(() => sanitizeTtsText(`'" |`)).toThrow(/empty/);
    expect(() => sanitizeTtsText('bell\u0007')).toThrow(/control characters/);
    expect(codeOf(() => broadcastArgs(fsUuid, { kind: 'tts', text: 'hi', voice: 'kal|x' }, 'flite'))).toBe(
      'MEDIA_INPUT_INVALID',
    );
  });

  it('plays files and tones as given and refuses paths with spaces', () => {
    expect(broadcastArgs(fsUuid, { kind: 'tone', toneSpec: '%(500,500,440);loops=3' }, 'flite')).toBe(
      `${fsUuid} tone_stream://%(500,500,440);loops=3 aleg`,
    );
    expect(broadcastArgs(fsUuid, { kind: 'file', path: '/sounds/a.wav' }, 'flite')).toBe(
      `${fsUuid} /sounds/a.wav aleg`,
    );
    expect(() => broadcastArgs(fsUuid, { kind: 'file', path: '/sounds/a b.wav' }, 'flite')).toThrow(
      /file path/,
    );
    expect(() => broadcastArgs('not-a-uuid!', { kind: 'file', path: '/a.wav' }, 'flite')).toThrow(
      /not a FreeSWITCH uuid/,
    );
  });

  it('builds uuid_transfer with optional dialplan and context', () => {
    expect(transferArgs(fsUuid, { extension: 'agents' })).toBe(`${fsUuid} agents`);
    expect(transferArgs(fsUuid, { extension: 'agents', context: 'recollect' })).toBe(
      `${fsUuid} agents XML recollect`,
    );
  });
});

describe('show channels as json', () => {
  it('handles the empty form FreeSWITCH really sends', () => {
    expect(parseShowChannels('{"row_count": 0}\n')).toEqual([]);
  });

  it('reads uuid, call state and destination of each row', () => {
    const body = `{"row_count":1,"rows":[{"uuid":"${fsUuid}","callstate":"ACTIVE","dest":"15550002222","name":"sofia/lab/x"}]}`;
    expect(parseShowChannels(body)).toEqual([
      { fsUuid, callState: 'ACTIVE', destinationNumber: '15550002222' },
    ]);
  });

  it('says what is wrong with a reply that is not the channel list', () => {
    expect(() => parseShowChannels('-ERR no reply\n')).toThrow(/not JSON/);
  });
});

describe('reconnect backoff', () => {
  it('doubles from the base and never exceeds the cap', () => {
    expect([0, 1, 2, 3].map((n) => reconnectDelayMs(n, 250, 10_000, 1))).toEqual([250, 500, 1000, 2000]);
    expect(reconnectDelayMs(40, 250, 10_000, 1)).toBe(10_000);
    expect(reconnectDelayMs(40, 250, 10_000, 0)).toBe(5_000); // jitter keeps at least half
  });
});

function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  return {
    now: () => now,
    setTimer: () => ({}) as TimerHandle,
    clearTimer: () => undefined,
    advance: (ms) => {
      now += ms;
    },
  };
}

describe('trunk limits', () => {
  const trunk = { name: 'lab', dialString: 'sofia/gateway/lab/{number}', maxLines: 2, cps: 2 };

  it('refuses a call beyond the line limit until a line is freed', () => {
    const clock = manualClock();
    const limits = new TrunkLimits([trunk], clock);
    limits.acquire('lab', 'a');
    clock.advance(1000);
    limits.acquire('lab', 'b');
    clock.advance(1000);
    expect(codeOf(() => limits.acquire('lab', 'c'))).toBe('TRUNK_LINES_EXHAUSTED');
    limits.release('a');
    limits.acquire('lab', 'c');
    expect(limits.linesInUse('lab')).toBe(2);
  });

  it('refuses more than cps starts within one second, and allows them again a second later', () => {
    const clock = manualClock();
    const limits = new TrunkLimits([{ ...trunk, maxLines: 10 }], clock);
    limits.acquire('lab', 'a');
    limits.acquire('lab', 'b');
    let error: unknown;
    try {
      limits.acquire('lab', 'c');
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'TRUNK_CPS_EXCEEDED', retryable: true });
    expect(limits.linesInUse('lab')).toBe(2); // the refused call took nothing
    clock.advance(1000);
    limits.acquire('lab', 'c');
  });

  it('names the configured trunks when an unknown one is asked for', () => {
    expect(() => new TrunkLimits([trunk], manualClock()).trunk('other')).toThrow(
      /unknown trunk "other" \(configured: lab\)/,
    );
  });
});
