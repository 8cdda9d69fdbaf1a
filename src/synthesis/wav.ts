/**
 * Just enough of the RIFF/WAVE format for our own files: 16-bit PCM, one channel. Engines
 * answer in it (espeak-ng, Azure `riff-*-16bit-mono-pcm`) or in headerless PCM that gets a
 * header here (Yandex `lpcm`).
 */
export interface PcmAudio {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  data: Buffer;
}

const HEADER_BYTES = 44;

/** A WAV file of 16-bit little-endian PCM samples. */
export function pcmToWav(data: Buffer, sampleRate: number, channels = 1): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  const blockAlign = channels * 2;
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/**
 * The PCM samples of a WAV file, or null when it is not PCM WAV. Walks the chunks, so
 * files with `LIST` or `fact` chunks (Azure adds none today, other tools do) are read too;
 * a data size past the end (a streamed header) is cut to what is there.
 */
export function readWav(file: Buffer): PcmAudio | null {
  if (file.length < 12 || file.toString('ascii', 0, 4) !== 'RIFF') return null;
  if (file.toString('ascii', 8, 12) !== 'WAVE') return null;
  let offset = 12;
  let format: Omit<PcmAudio, 'data'> | null = null;
  while (offset + 8 <= file.length) {
    const id = file.toString('ascii', offset, offset + 4);
    const size = file.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ' && body + 16 <= file.length) {
      if (file.readUInt16LE(body) !== 1) return null;
      format = {
        channels: file.readUInt16LE(body + 2),
        sampleRate: file.readUInt32LE(body + 4),
        bitsPerSample: file.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!format) return null;
      return { ...format, data: file.subarray(body, Math.min(file.length, body + size)) };
    }
    offset = body + size + (size % 2);
  }
  return null;
}

/**
 * One WAV file from several of the same format, with `gapMs` of silence between them (the
 * pause a comma or a full stop would have had). Null when the formats differ.
 */
export function joinWavs(files: Buffer[], gapMs: number): Buffer | null {
  const parts = files.map(readWav);
  const first = parts[0];
  if (!first || parts.some((p) => !p || !sameFormat(p, first))) return null;
  const blockAlign = first.channels * (first.bitsPerSample / 8);
  const gap = Buffer.alloc(Math.round((first.sampleRate * gapMs) / 1000) * blockAlign);
  const data: Buffer[] = [];
  parts.forEach((p, i) => {
    if (i > 0) data.push(gap);
    data.push(p!.data);
  });
  return pcmToWav(Buffer.concat(data), first.sampleRate, first.channels);
}

/** Seconds of audio in a WAV file (0 when unreadable). */
export function wavSeconds(file: Buffer): number {
  const pcm = readWav(file);
  if (!pcm) return 0;
  return pcm.data.length / (pcm.sampleRate * pcm.channels * (pcm.bitsPerSample / 8));
}

function sameFormat(a: PcmAudio, b: PcmAudio): boolean {
  return (
    a.sampleRate === b.sampleRate &&
    a.channels === b.channels &&
    a.bitsPerSample === b.bitsPerSample
  );
}
