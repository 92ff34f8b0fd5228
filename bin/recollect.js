#!/usr/bin/env node
// The `recollect` command. TypeScript sources run through tsx's loader so the command works right after
// `npm ci`, with no build step to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
// The command has finished (long-running ones return only at shutdown). A socket or timer some library
// left behind must not keep the process alive; this timer does not itself hold the process open.
setTimeout(() => process.exit(), 2000).unref();
