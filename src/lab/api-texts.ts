/** Texts of the informational api commands, in FreeSWITCH 1.10.12's layout (api-none, loopback-plain). */
import type { Channel } from './channel.ts';
import { uptimeText, type LabSwitch } from './lab-switch.ts';
import { eventDateLocal } from './templates/templates.ts';

export function statusText(sw: LabSwitch): string {
  const up = uptimeText(sw.clock.now() - sw.startedMs);
  const n = sw.sessionCount();
  return [
    `UP ${up}`,
    'FreeSWITCH (Version 1.10.12-release  64bit) is ready',
    `${sw.sessionsSinceStartup} session(s) since startup`,
    `${n} session(s) - peak ${sw.peakSessions}, last 5min ${sw.peakSessions} `,
    `${sw.spsNow()} session(s) per Sec out of max ${sw.sps}, peak ${sw.sps}, last 5min ${sw.spsNow()} `,
    `${sw.maxSessions} session(s) max`,
    'min idle cpu 0.00/99.00',
    'Current Stack Size/Max 240K/8192K',
    '',
  ].join('\n');
}

function row(ch: Channel): Record<string, string> {
  const inbound = ch.legKind === 'loopback-b';
  const app = ch.app?.app ?? (ch.parked ? 'park' : '');
  const loopback = ch.legKind !== 'sofia';
  return {
    uuid: ch.fsUuid,
    direction: inbound ? 'inbound' : 'outbound',
    created: eventDateLocal(ch.createdMs),
    created_epoch: String(Math.floor(ch.createdMs / 1000)),
    name: ch.name,
    state: ch.state,
    cid_name: inbound ? '' : 'Outbound Call',
    cid_num: inbound ? ch.callerIdNumber : ch.destination,
    ip_addr: loopback ? '' : '127.0.0.1',
    dest: ch.destination,
    application: app,
    application_data: ch.app?.arg ?? '',
    dialplan: 'xml',
    context: 'default',
    read_codec: loopback ? 'L16' : 'PCMU',
    read_rate: '8000',
    read_bit_rate: loopback ? '128000' : '64000',
    write_codec: loopback ? 'L16' : 'PCMU',
    write_rate: '8000',
    write_bit_rate: loopback ? '128000' : '64000',
    secure: '',
    hostname: 'vm',
    presence_id: '',
    presence_data: '',
    accountcode: '',
    callstate: ch.callState,
    callee_name: inbound ? 'Outbound Call' : '',
    callee_num: inbound ? ch.destination : ch.callerIdNumber,
    callee_direction: inbound ? '' : 'RECV',
    call_uuid: inbound ? '' : ch.fsUuid,
    sent_callee_name: '',
    sent_callee_num: '',
    initial_cid_name: '',
    initial_cid_num: ch.callerIdNumber,
    initial_ip_addr: loopback ? '' : '127.0.0.1',
    initial_dest: ch.destination,
    initial_dialplan: 'xml',
    initial_context: 'default',
  };
}

/** `show channels|calls [as json|count]`: compact JSON with rows; `{"row_count": 0}\n` when empty (captured). */
export function showChannels(sw: LabSwitch, args: readonly string[]): string {
  const what = args[0] ?? '';
  if (what !== 'channels' && what !== 'calls') return `-USAGE: show codec|endpoint|application|api|dialplan|file|timer|calls [count]|channels [count|like <match string>]|calls|detailed_calls|bridged_calls|detailed_bridged_calls|aliases|complete|chat|management|modules|nat_map|say|interfaces|interface_types|tasks|limits|status\n`;
  const channels = [...sw.channels.values()].filter((c) => c.alive);
  const rows = what === 'calls' ? channels.filter((c) => c.legKind !== 'loopback-b') : channels;
  const json = args[1] === 'as' && args[2] === 'json';
  if (args[1] === 'count') return `\n${rows.length} total.\n`;
  if (json) return rows.length === 0 ? '{"row_count": 0}\n' : JSON.stringify({ row_count: rows.length, rows: rows.map(row) });
  if (rows.length === 0) return '\n0 total.\n';
  const header = Object.keys(row(rows[0]!)).join(',');
  return `${header}\n${rows.map((c) => Object.values(row(c)).join(',')).join('\n')}\n\n${rows.length} total.\n`;
}

const LINE = '='.repeat(97);

export interface SofiaCounters {
  readonly callsOut: number;
  readonly failedCallsOut: number;
}

function profileStatus(c: SofiaCounters): string {
  const rows: Array<[string, string]> = [
    ['Name', 'lab'], ['Domain Name', 'N/A'], ['Auto-NAT', 'false'], ['DBName', 'sofia_reg_lab'], ['Pres Hosts', ''],
    ['Dialplan', 'XML'], ['Context', 'public'], ['Challenge Realm', 'auto_to'], ['RTP-IP', '127.0.0.1'], ['Ext-RTP-IP', '127.0.0.1'],
    ['SIP-IP', '127.0.0.1'], ['Ext-SIP-IP', '127.0.0.1'], ['URL', 'sip:mod_sofia@127.0.0.1:5080'],
    ['BIND-URL', 'sip:mod_sofia@127.0.0.1:5080;maddr=127.0.0.1;transport=udp,tcp'], ['HOLD-MUSIC', 'N/A'], ['OUTBOUND-PROXY', 'N/A'],
    ['CODECS IN', 'PCMU,PCMA'], ['CODECS OUT', 'PCMU,PCMA'], ['TEL-EVENT', '101'], ['DTMF-MODE', 'rfc2833'], ['CNG', '13'],
    ['SESSION-TO', '0'], ['MAX-DIALOG', '0'], ['MAX-RECV-RPS', '1000'], ['NOMEDIA', 'false'], ['LATE-NEG', 'false'],
    ['PROXY-MEDIA', 'false'], ['AGGRESSIVENAT', 'false'], ['CALLS-IN', '0'], ['FAILED-CALLS-IN', '0'],
    ['CALLS-OUT', String(c.callsOut)], ['FAILED-CALLS-OUT', String(c.failedCallsOut)], ['REGISTRATIONS', '0'],
  ];
  // As captured: no closing line after REGISTRATIONS.
  return `${LINE}\n${rows.map(([k, v]) => `${k.padEnd(17)}\t${v}`).join('\n')}\n`;
}

export function sofiaStatus(allArgs: readonly string[], counters: SofiaCounters): string {
  const args = allArgs[0] === 'status' ? allArgs.slice(1) : allArgs;
  if (args[0] === 'gateway' && args[1]) {
    const gw = args[1];
    const rows: Array<[string, string]> = [
      ['Name    ', gw], ['Profile ', 'lab'], ['Scheme  ', 'Digest'], ['Realm   ', '127.0.0.1'], ['Username', 'recollect'],
      ['Password', 'no'], ['From    ', `<sip:recollect@127.0.0.1>`], ['Contact ', `<sip:gw+${gw}@127.0.0.1:5080;transport=udp;gw=${gw}>`],
      ['Exten   ', 'recollect'], ['To      ', 'sip:recollect@127.0.0.1'], ['Proxy   ', 'sip:127.0.0.1'], ['Context ', 'public'],
      ['Expires ', '3600'], ['Freq    ', '3600'], ['Ping    ', '0'], ['PingFreq', '0'], ['PingTime', '0.00'], ['PingState', '0/0/0'],
      ['State   ', 'NOREG'], ['Status  ', 'UP'], ['Uptime  ', '0s'], ['CallsIN ', '0'], ['CallsOUT', '0'], ['FailedCallsIN', '0'], ['FailedCallsOUT', '0'],
    ];
    return `${LINE}\n${rows.map(([k, v]) => `${k}\t${v}`).join('\n')}\n${LINE}\n`;
  }
  if (args[0] === 'profile' && args[1] === 'lab') return profileStatus(counters);
  if (args[0] === 'gateway' || args[0] === 'profile') return 'Invalid Gateway!\n';
  return [
    '                     Name\t   Type\t                                      Data\tState',
    LINE,
    '                      lab\tprofile\t              sip:mod_sofia@127.0.0.1:5080\tRUNNING (0)',
    '                lab::sipp\tgateway\t             sip:FreeSWITCH@127.0.0.1:5090\tNOREG',
    LINE,
    '1 profile 0 aliases',
    '',
  ].join('\n');
}
