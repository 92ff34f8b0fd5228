/**
 * Every FreeSWITCH hangup cause (switch_types.h `switch_call_cause_t`, 1.10.x): the name FreeSWITCH sends in
 * `Hangup-Cause` / `-ERR <CAUSE>` and its number (Q.850 where one exists; 487 and 700+ are FreeSWITCH's own).
 * `unanswered` says what the cause means for an origination that was never answered.
 */
import type { Disposition } from './dispositions.ts';

export type UnansweredDisposition = Extract<Disposition, 'busy' | 'no_answer' | 'rejected' | 'invalid_number' | 'failed'>;

interface CauseInfo {
  readonly code: number;
  readonly unanswered: UnansweredDisposition;
}

const c = (code: number, unanswered: UnansweredDisposition): CauseInfo => ({ code, unanswered });

export const HANGUP_CAUSES = {
  NONE: c(0, 'failed'),
  // The number does not exist or no longer exists: the phone is bad.
  UNALLOCATED_NUMBER: c(1, 'invalid_number'),
  // FreeSWITCH raises 2/3 when its own routing (dialplan, gateway) finds no way out — our configuration, not
  // the number (a carrier's 404 arrives as UNALLOCATED_NUMBER), so it must not mark the phone bad.
  NO_ROUTE_TRANSIT_NET: c(2, 'failed'),
  NO_ROUTE_DESTINATION: c(3, 'failed'),
  CHANNEL_UNACCEPTABLE: c(6, 'failed'),
  CALL_AWARDED_DELIVERED: c(7, 'failed'),
  NORMAL_CLEARING: c(16, 'no_answer'),
  USER_BUSY: c(17, 'busy'),
  NO_USER_RESPONSE: c(18, 'no_answer'),
  NO_ANSWER: c(19, 'no_answer'),
  // Mobile switched off or out of coverage: the person may be reachable later.
  SUBSCRIBER_ABSENT: c(20, 'no_answer'),
  // SIP 403/603: the callee (or their phone) declined.
  CALL_REJECTED: c(21, 'rejected'),
  NUMBER_CHANGED: c(22, 'invalid_number'),
  REDIRECTION_TO_NEW_DESTINATION: c(23, 'failed'),
  EXCHANGE_ROUTING_ERROR: c(25, 'failed'),
  DESTINATION_OUT_OF_ORDER: c(27, 'failed'),
  INVALID_NUMBER_FORMAT: c(28, 'invalid_number'),
  FACILITY_REJECTED: c(29, 'failed'),
  RESPONSE_TO_STATUS_ENQUIRY: c(30, 'failed'),
  NORMAL_UNSPECIFIED: c(31, 'failed'),
  NORMAL_CIRCUIT_CONGESTION: c(34, 'failed'),
  NETWORK_OUT_OF_ORDER: c(38, 'failed'),
  NORMAL_TEMPORARY_FAILURE: c(41, 'failed'),
  SWITCH_CONGESTION: c(42, 'failed'),
  ACCESS_INFO_DISCARDED: c(43, 'failed'),
  REQUESTED_CHAN_UNAVAIL: c(44, 'failed'),
  PRE_EMPTED: c(45, 'failed'),
  FACILITY_NOT_SUBSCRIBED: c(50, 'failed'),
  OUTGOING_CALL_BARRED: c(52, 'failed'),
  INCOMING_CALL_BARRED: c(54, 'failed'),
  BEARERCAPABILITY_NOTAUTH: c(57, 'failed'),
  BEARERCAPABILITY_NOTAVAIL: c(58, 'failed'),
  SERVICE_UNAVAILABLE: c(63, 'failed'),
  BEARERCAPABILITY_NOTIMPL: c(65, 'failed'),
  CHAN_NOT_IMPLEMENTED: c(66, 'failed'),
  FACILITY_NOT_IMPLEMENTED: c(69, 'failed'),
  SERVICE_NOT_IMPLEMENTED: c(79, 'failed'),
  INVALID_CALL_REFERENCE: c(81, 'failed'),
  INCOMPATIBLE_DESTINATION: c(88, 'failed'),
  INVALID_MSG_UNSPECIFIED: c(95, 'failed'),
  MANDATORY_IE_MISSING: c(96, 'failed'),
  MESSAGE_TYPE_NONEXIST: c(97, 'failed'),
  WRONG_MESSAGE: c(98, 'failed'),
  IE_NONEXIST: c(99, 'failed'),
  INVALID_IE_CONTENTS: c(100, 'failed'),
  WRONG_CALL_STATE: c(101, 'failed'),
  // SIP timer B/F expired: the far end never answered the INVITE at the protocol level.
  RECOVERY_ON_TIMER_EXPIRE: c(102, 'failed'),
  MANDATORY_IE_LENGTH_ERROR: c(103, 'failed'),
  PROTOCOL_ERROR: c(111, 'failed'),
  INTERWORKING: c(127, 'failed'),
  SUCCESS: c(142, 'failed'),
  // We cancelled the origination: in Recollect that is the ring timeout, i.e. nobody answered.
  ORIGINATOR_CANCEL: c(487, 'no_answer'),
  CRASH: c(700, 'failed'),
  SYSTEM_SHUTDOWN: c(701, 'failed'),
  LOSE_RACE: c(702, 'failed'),
  MANAGER_REQUEST: c(703, 'failed'),
  BLIND_TRANSFER: c(800, 'failed'),
  ATTENDED_TRANSFER: c(801, 'failed'),
  ALLOTTED_TIMEOUT: c(802, 'no_answer'),
  USER_CHALLENGE: c(803, 'failed'),
  MEDIA_TIMEOUT: c(804, 'failed'),
  PICKED_OFF: c(805, 'failed'),
  USER_NOT_REGISTERED: c(806, 'failed'),
  // No 180/183 within progress_timeout: the network never reported ringing.
  PROGRESS_TIMEOUT: c(807, 'failed'),
  INVALID_GATEWAY: c(808, 'failed'),
  GATEWAY_DOWN: c(809, 'failed'),
  INVALID_URL: c(810, 'failed'),
  INVALID_PROFILE: c(811, 'failed'),
  NO_PICKUP: c(812, 'no_answer'),
  SRTP_READ_ERROR: c(813, 'failed'),
  BOWOUT: c(814, 'failed'),
  BUSY_EVERYWHERE: c(815, 'busy'),
  DECLINE: c(816, 'rejected'),
  DOES_NOT_EXIST_ANYWHERE: c(817, 'invalid_number'),
  NOT_ACCEPTABLE: c(818, 'failed'),
  UNWANTED: c(819, 'rejected'),
  NO_IDENTITY: c(820, 'failed'),
  BAD_IDENTITY_INFO: c(821, 'failed'),
  UNSUPPORTED_CERTIFICATE: c(822, 'failed'),
  INVALID_IDENTITY: c(823, 'failed'),
  STALE_DATE: c(824, 'failed'),
  REJECT_ALL: c(825, 'rejected'),
} as const satisfies Record<string, CauseInfo>;

export type HangupCause = keyof typeof HANGUP_CAUSES;

export const isHangupCause = (name: string): name is HangupCause => Object.hasOwn(HANGUP_CAUSES, name);

/** The cause's number, or undefined for a name FreeSWITCH does not define. */
export const hangupCauseCode = (name: string): number | undefined => (isHangupCause(name) ? HANGUP_CAUSES[name].code : undefined);
