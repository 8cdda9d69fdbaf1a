import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether a program runs here (espeak-ng, sox): tests that need it skip with a note otherwise. */
export function hasProgram(name: string, arg = '--version'): boolean {
  try {
    execFileSync(name, [arg], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes a file with sox, as a telephony provider would have to: the sample rate and the
 * seconds of audio it holds. Throws when sox cannot read it.
 */
export function decodeWithSox(audio: Buffer): { rate: number; seconds: number } {
  const file = join(mkdtempSync(join(tmpdir(), 'ivr-audio-')), 'a.wav');
  writeFileSync(file, audio);
  // `sox in -n stat` decodes every sample (soxi alone only reads the header).
  execFileSync('sox', [file, '-n', 'stat'], { stdio: 'pipe' });
  const rate = Number(execFileSync('soxi', ['-r', file], { encoding: 'utf8' }).trim());
  const seconds = Number(execFileSync('soxi', ['-D', file], { encoding: 'utf8' }).trim());
  return { rate, seconds };
}
