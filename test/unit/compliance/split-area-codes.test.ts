import { describe, expect, it } from 'vitest';
import { phoneZones } from '../../../src/domain/compliance/candidate-zones.ts';
import { decide } from '../../../src/domain/compliance/decide.ts';
import { usAddressZones } from '../../../src/domain/compliance/region-zones.ts';
import { at, ctx, usCase } from './helpers.ts';

/**
 * Golden values from libphonenumber's exchange-level time-zone map for area codes that straddle zones. If the
 * shipped data changes these, a human should look before the dialer's windows move.
 */
const golden: [string, string[]][] = [
  ['+12083451234', ['America/Denver']], // 208-34x: southern Idaho
  ['+12086651234', ['America/Los_Angeles']], // 208-66x: Idaho panhandle
  ['+12085551234', ['America/Boise', 'America/Los_Angeles']], // 208-5xx: either
  ['+12198851234', ['America/Chicago']], // 219-88x: northwest Indiana, Central
  ['+12195551234', ['America/New_York']], // 219 default in the data
  ['+12502421234', ['America/Edmonton']], // 250-242: BC Mountain-time exchange
  ['+12505551234', ['America/Vancouver']],
  ['+16053351234', ['America/Chicago']], // 605-33x: eastern South Dakota
  ['+16052091234', ['America/Denver']], // 605-209: western South Dakota
  ['+18502351234', ['America/Chicago']], // 850-23x: Florida panhandle, Central
  ['+12702021234', ['America/Chicago']], // 270-202: western Kentucky
  ['+14232351234', ['America/New_York']], // 423-23x: east Tennessee
];

describe('split area codes (exchange-level zones)', () => {
  it.each(golden)('%s → %j', (number, zones) => {
    const z = phoneZones(ctx().phoneZones, number);
    expect(z.valid).toBe(true);
    expect([...z.zones].sort()).toEqual(zones);
  });

  it('a number known only at country level contributes every zone of +1', () => {
    // 800 numbers carry no geography: libphonenumber maps them to the whole country code.
    const z = phoneZones(ctx().phoneZones, '+18005551234');
    expect(z.zones.length).toBeGreaterThan(20);
    expect(z.zones).toEqual(expect.arrayContaining(['America/New_York', 'Pacific/Honolulu', 'Pacific/Guam']));
  });

  it('the exchange decides the window: a Mountain-time 250 exchange closes an hour before a Pacific one', () => {
    const bc = (number: string) => usCase({ account: { state: 'OR', postalCode: '97201' }, phone: { number } });
    // 16:30Z in January is 08:30 PST (Portland address) and 09:30 MST: open for both exchanges.
    expect(decide(bc('+12505551234'), at('2026-01-15T16:30:00Z'), ctx()).allowed).toBe(true);
    expect(decide(bc('+12502421234'), at('2026-01-15T16:30:00Z'), ctx()).allowed).toBe(true);
    // 04:30Z = 20:30 PST but 21:30 MST: the Mountain exchange closes the window.
    expect(decide(bc('+12505551234'), at('2026-01-16T04:30:00Z'), ctx()).allowed).toBe(true);
    expect(decide(bc('+12502421234'), at('2026-01-16T04:30:00Z'), ctx()).blockedBy).toEqual(['us.window']);
  });

  it('an address state spanning zones contributes all of them unless the postal code pins one', () => {
    expect([...usAddressZones('ID', undefined).zones].sort()).toEqual(['America/Boise', 'America/Los_Angeles']);
    expect(usAddressZones('ID', '83814').zones).toEqual(['America/Los_Angeles']);
    expect(usAddressZones('ID', '83501').zones.length).toBe(2); // Lewiston area straddles the line: not pinned
    expect(usAddressZones('FL', '32501').zones).toEqual(['America/Chicago']);
    expect(usAddressZones('TX', undefined).zones).toEqual(['America/Chicago', 'America/Denver']);
    // A postal code that contradicts the state does not override it.
    expect([...usAddressZones('TX', '83814').zones].sort()).toEqual(['America/Chicago', 'America/Denver']);
  });
});
