/**
 * Parses `show channels as json`. FreeSWITCH answers `{"row_count": 0}\n` (with a space and a newline, and no
 * `rows`) when there are none, and compact `{"row_count":N,"rows":[…]}` otherwise; every value is a string.
 */
import { MediaControlError } from '../../ports/media-control.ts';

export interface ChannelRow {
  readonly fsUuid: string;
  readonly callState: string;
  readonly destinationNumber: string;
}

/** Every value in FreeSWITCH's JSON is a string; anything else is treated as absent. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function parseShowChannels(body: string): ChannelRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new MediaControlError(
      `show channels as json: not JSON: ${body.slice(0, 80)}`,
      'ESL_COMMAND_FAILED',
      true,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || !('row_count' in parsed)) {
    throw new MediaControlError('show channels as json: no row_count', 'ESL_COMMAND_FAILED', true);
  }
  const rows = (parsed as { rows?: unknown }).rows;
  if (rows === undefined) return [];
  if (!Array.isArray(rows))
    throw new MediaControlError('show channels as json: rows is not a list', 'ESL_COMMAND_FAILED', true);
  return rows
    .map((row: unknown) => {
      const r = (typeof row === 'object' && row !== null ? row : {}) as Record<string, unknown>;
      return {
        fsUuid: text(r['uuid']),
        callState: text(r['callstate']),
        destinationNumber: text(r['dest']),
      };
    })
    .filter((r) => r.fsUuid !== '');
}
