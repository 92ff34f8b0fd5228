/**
 * Development tool: rebuilds src/lab/templates/event-templates.json from the captures in
 * test/fixtures/esl-captured (see derive-templates.ts and ADR 0100). Run after adding a capture:
 *   npx tsx src/lab/templates/build-templates.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveTemplates } from './derive-templates.ts';

const file = deriveTemplates(join(import.meta.dirname, '../../../test/fixtures/esl-captured'));
writeFileSync(join(import.meta.dirname, 'event-templates.json'), JSON.stringify(file));
process.stdout.write(`templates: ${Object.keys(file.captures).length} captures, ${file.strings.length} strings\n`);
