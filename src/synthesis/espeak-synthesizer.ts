import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readWav } from './wav.js';
import {
  SynthesisError,
  type SpeechSynthesizer,
  type SynthesisRequest,
} from './speech-synthesizer.js';

/**
 * The local espeak-ng (Debian package `espeak-ng`): offline, free, a `kk` voice. The text
 * goes in on stdin (never as an argument, so a phrase starting with "-" is not an option)
 * and the WAV is written to a file: on stdout espeak-ng writes a header with unknown sizes.
 */
export class EspeakSynthesizer implements SpeechSynthesizer {
  readonly engine = 'espeak-ng' as const;

  constructor(private readonly binary = 'espeak-ng') {}

  /** Whether the binary runs here (the embedded default is used only then). */
  static available(binary = 'espeak-ng'): boolean {
    const probe = spawnSync(binary, ['--version'], { stdio: 'ignore', timeout: 5000 });
    return probe.status === 0;
  }

  async synthesize(request: SynthesisRequest): Promise<Buffer> {
    const out = join(tmpdir(), `ivr-espeak-${randomUUID()}.wav`);
    try {
      await new Promise<void>((resolve, reject) => {
        const child = spawn(this.binary, ['-v', request.voice, '-b', '1', '-w', out, '--stdin'], {
          stdio: ['pipe', 'ignore', 'pipe'],
          signal: request.signal,
        });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.on('error', (err) =>
          reject(new SynthesisError(`espeak-ng: ${err.message}`, 'espeak-ng')),
        );
        child.on('close', (code) =>
          code === 0
            ? resolve()
            : reject(new SynthesisError(`espeak-ng exited ${code}: ${stderr.trim()}`, 'espeak-ng')),
        );
        child.stdin.end(request.text, 'utf8');
      });
      const wav = await readFile(out);
      if (!readWav(wav)) throw new SynthesisError('espeak-ng wrote no PCM WAV', 'espeak-ng');
      return wav;
    } finally {
      await rm(out, { force: true });
    }
  }
}
