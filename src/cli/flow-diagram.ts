import { readFileSync, writeFileSync } from 'node:fs';
import { loadIvrSettings } from '../config/ivr-settings.js';
import { callFlowDiagram, callFlowDocument } from '../flow-map/call-flow-document.js';
import { withReadmeDiagram } from '../flow-map/readme-diagram.js';

/**
 * Regenerates docs/call-flow.md and the diagram in README.md from the real flow and the
 * shipped settings:
 *   npm run flow:diagram
 * A test compares the committed files with this output, so run it after changing the flow.
 */
const settings = loadIvrSettings(null);
const doc = new URL('../../docs/call-flow.md', import.meta.url);
writeFileSync(doc, callFlowDocument(settings));
const readme = new URL('../../README.md', import.meta.url);
writeFileSync(readme, withReadmeDiagram(readFileSync(readme, 'utf8'), callFlowDiagram(settings)));
process.stdout.write(`wrote ${doc.pathname} and the diagram in ${readme.pathname}\n`);
