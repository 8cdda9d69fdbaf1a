import { readFileSync, writeFileSync } from 'node:fs';
import { readCommandLine } from '../lib/command-line.js';

const USAGE = `Usage: npm run flow:diagram

Regenerates docs/call-flow.md and the diagram in README.md from the call flow and the
shipped IVR settings. Run it after changing the flow: a test fails while they disagree.
  -h, --help   this text
`;

/**
 * Regenerates docs/call-flow.md and the diagram in README.md from the real flow and the
 * shipped settings:
 *   npm run flow:diagram
 * A test compares the committed files with this output, so run it after changing the flow.
 */
if (readCommandLine({ usage: USAGE, options: {} })) {
  // Loaded once the command line is read: --help and usage errors answer at once.
  const { loadIvrSettings } = await import('../config/ivr-settings.js');
  const { callFlowDiagram, callFlowDocument } = await import('../flow-map/call-flow-document.js');
  const { withReadmeDiagram } = await import('../flow-map/readme-diagram.js');
  const settings = loadIvrSettings(null);
  const doc = new URL('../../docs/call-flow.md', import.meta.url);
  writeFileSync(doc, callFlowDocument(settings));
  const readme = new URL('../../README.md', import.meta.url);
  writeFileSync(readme, withReadmeDiagram(readFileSync(readme, 'utf8'), callFlowDiagram(settings)));
  process.stdout.write(`wrote ${doc.pathname} and the diagram in ${readme.pathname}\n`);
}
