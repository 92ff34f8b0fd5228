/**
 * The key under which a captured event's header template is stored and looked up. Events that FreeSWITCH
 * builds differently (a CHANNEL_STATE per state, a CHANNEL_EXECUTE per application, …) get different keys;
 * repeated events of one key on one channel are told apart by their occurrence number (see templates.ts).
 */
export interface KeyFields {
  readonly eventName: string;
  readonly subclass?: string | undefined;
  readonly channelState?: string | undefined;
  readonly callState?: string | undefined;
  readonly application?: string | undefined;
  readonly speechType?: string | undefined;
  readonly callCommand?: string | undefined;
  readonly apiCommand?: string | undefined;
}

export function templateKey(f: KeyFields): string {
  const parts: string[] = [f.eventName];
  if (f.subclass) parts.push(f.subclass);
  switch (f.eventName) {
    case 'CHANNEL_STATE':
      parts.push(f.channelState ?? '');
      break;
    case 'CHANNEL_CALLSTATE':
      parts.push(f.callState ?? '');
      break;
    case 'CHANNEL_EXECUTE':
    case 'CHANNEL_EXECUTE_COMPLETE':
      parts.push(f.application ?? '');
      break;
    case 'DETECTED_SPEECH':
      parts.push(f.speechType ?? '');
      break;
    case 'PRIVATE_COMMAND':
    case 'COMMAND':
      parts.push(f.callCommand ?? '', f.application ?? '');
      break;
    default:
      break;
  }
  return parts.join('|');
}

/** The key of a parsed, captured event (first Event-Name wins: uuid_broadcast's COMMAND carries two). */
export function keyOfHeaders(headers: ReadonlyArray<readonly [string, string]>): string {
  const get = (name: string): string | undefined => headers.find(([n]) => n === name)?.[1];
  return templateKey({
    eventName: get('Event-Name') ?? '',
    subclass: get('Event-Subclass'),
    channelState: get('Channel-State'),
    callState: get('Channel-Call-State'),
    application: get('Application') ?? get('execute-app-name'),
    speechType: get('Speech-Type'),
    callCommand: get('call-command'),
  });
}
