/** Shape of event-templates.json (built by build-templates.ts from the real captures). */
export interface RoleIdentity {
  readonly uuid: string;
  readonly channelName: string;
  readonly callerIdNumber: string;
  readonly callerIdName: string;
  readonly destination: string;
}

export interface CaptureTemplates {
  identity: { coreUuid: string; roles: Record<string, RoleIdentity>; otherUuids: string[] };
  /** role ('o0' = first originated leg, 'o1', 'o0-b' = its loopback B leg, 'global' = no Unique-ID) → key → occurrences. */
  roles: Record<string, Record<string, number[][]>>;
}

export interface TemplateFile {
  strings: string[];
  captures: Record<string, CaptureTemplates>;
}
