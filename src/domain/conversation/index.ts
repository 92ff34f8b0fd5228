/** The conversation engine's public API for the dialer: load a script, start a conversation, step it. */
export { loadScript } from './load-script.ts';
export { startConversation, step } from './engine.ts';
export { ScriptError, type ScriptIssue } from './script-error.ts';
export { DISPOSITIONS, FLAGS, type Disposition, type Flag } from './script-schema.ts';
export type { Script } from './script.ts';
export type * from './conversation-types.ts';
