#!/usr/bin/env node
// The `recollect` command. TypeScript sources run through tsx's loader so the command works right after
// `npm ci`, with no build step to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
