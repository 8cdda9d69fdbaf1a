import { constants, createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { pipeline, Transform } from 'node:stream';
import Assembler from 'stream-json/assembler.js';
import { parser } from 'stream-json/parser.js';
import { CrmImportError } from '../errors/crm-import-error.js';

/**
 * One record of a CRM file as it is read: a customer (with its index in the file), or a
 * whole top-level field (`version`, `$schema`, `contracts`, `outages`, `employees`,
 * `events`: lists small next to the customers).
 */
export type CrmFileRecord =
  | { kind: 'customer'; index: number; value: unknown }
  | { kind: 'field'; name: string; value: unknown };

/** JSON Lines sections: one record a line, named by its single key (docs/crm-file.md). */
const LINE_SECTIONS: Record<string, string> = {
  contract: 'contracts',
  outage: 'outages',
  employee: 'employees',
  event: 'events',
};

/** Whether `path` is a JSON Lines CRM file (`.jsonl`, `.ndjson`). */
export function isJsonLines(path: string): boolean {
  return /\.(jsonl|ndjson)$/i.test(path);
}

/**
 * Reads a CRM file record by record, never holding more than one customer: the documented
 * JSON file through a streaming parser (stream-json), or its JSON Lines variant (`.jsonl`:
 * `{"version":1}`, then `{"customer":{…}}`, `{"contract":{…}}`, `{"outage":{…}}`,
 * `{"employee":{…}}`, `{"event":{…}}` one a line, in any order). Sections given as lines
 * come out as one `field` each at the end, in file order. Throws CrmImportError when the
 * file cannot be read or is not JSON (with the line, for JSON Lines).
 */
export async function* readCrmFileRecords(path: string): AsyncGenerator<CrmFileRecord> {
  try {
    await access(path, constants.R_OK);
    if (isJsonLines(path)) yield* readJsonLines(path);
    else yield* readJson(path);
  } catch (err) {
    if (err instanceof CrmImportError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new CrmImportError(
      code
        ? `Cannot read the CRM file ${path}: ${(err as Error).message}`
        : `The CRM file ${path} is not valid JSON: ${(err as Error).message}`,
      [],
      code ? { hint: 'Check the path (relative paths start from the current folder).' } : {},
    );
  }
}

async function* readJsonLines(path: string): AsyncGenerator<CrmFileRecord> {
  const input = createReadStream(path, 'utf8');
  const lines = createInterface({ input, crlfDelay: Infinity });
  input.on('error', (err) => lines.emit('error', err));
  const sections = new Map<string, unknown[]>();
  // Customers are the lines themselves: the list is always there, maybe empty.
  yield { kind: 'field', name: 'customers', value: [] };
  let index = 0;
  let number = 0;
  for await (const raw of lines) {
    number += 1;
    // A BOM is common in files saved by spreadsheet tools and JSON.parse rejects it.
    const line = number === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (err) {
      throw new CrmImportError(
        `The CRM file ${path} is not valid JSON Lines: line ${number}: ${(err as Error).message}`,
      );
    }
    const keys =
      record && typeof record === 'object' && !Array.isArray(record) ? Object.keys(record) : [];
    const value = keys.length === 1 ? (record as Record<string, unknown>)[keys[0]!] : undefined;
    if (keys[0] === 'customer' && keys.length === 1) {
      yield { kind: 'customer', index: index++, value };
    } else if (keys.length === 1 && LINE_SECTIONS[keys[0]!]) {
      const name = LINE_SECTIONS[keys[0]!]!;
      if (!sections.has(name)) sections.set(name, []);
      sections.get(name)!.push(value);
    } else if (number === 1 || keys.every((k) => k === 'version' || k === '$schema')) {
      for (const key of keys) {
        yield { kind: 'field', name: key, value: (record as Record<string, unknown>)[key] };
      }
    } else {
      throw new CrmImportError(
        `The CRM file ${path}: line ${number}: expected one of {"customer":…}, {"contract":…}, {"outage":…}, {"employee":…}, {"event":…}`,
      );
    }
  }
  for (const [name, value] of sections) yield { kind: 'field', name, value };
}

type Token = { name: string; value?: unknown };

/**
 * The documented JSON file through stream-json's tokens: the elements of `customers` are
 * assembled one at a time, every other top-level field whole. Tokens are handled inside
 * the stream, synchronously: only records come out, so a customer costs one await, not
 * one per token (fifteen or so: a third of the import's time when each was awaited).
 */
async function* readJson(path: string): AsyncGenerator<CrmFileRecord> {
  const records = jsonRecords(path);
  const out = new Transform({
    objectMode: true,
    transform(token: Token, _encoding, done) {
      try {
        const record = records.consume(token);
        if (record) this.push(record);
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
  // Packed tokens only (keyValue, stringValue…): whole keys and values, nothing in parts.
  // pipeline: an error anywhere (reading, JSON syntax) ends the loop below with it.
  pipeline(createReadStream(path), parser.asStream({ streamValues: false }), out, () => {});
  for await (const record of out as AsyncIterable<CrmFileRecord>) yield record;
  records.end();
}

/** The state of readJson: tokens in, a record now and then. */
function jsonRecords(path: string) {
  // Depth of nesting before the token; 1 is inside the top-level object.
  let depth = 0;
  let key: string | null = null;
  let inCustomers = false;
  let index = 0;
  let asm: Assembler | null = null;
  let started = false;
  const consume = (token: Token): CrmFileRecord | null => {
    if (!started) {
      started = true;
      if (token.name !== 'startObject') {
        throw new CrmImportError(`The CRM file ${path} is not a JSON object`);
      }
      depth = 1;
      return null;
    }
    if (asm) {
      asm.consume(token as Parameters<Assembler['consume']>[0]);
      if (!asm.done) return null;
      const value: unknown = asm.current;
      asm = null;
      return inCustomers
        ? { kind: 'customer', index: index++, value }
        : { kind: 'field', name: key!, value };
    }
    if (inCustomers) {
      if (token.name === 'endArray') {
        inCustomers = false;
        return null;
      }
      asm = startValue(token);
      if (!asm.done) return null;
      const value: unknown = asm.current;
      asm = null;
      return { kind: 'customer', index: index++, value };
    }
    if (depth === 1 && token.name === 'keyValue') {
      key = String(token.value);
      return null;
    }
    if (depth === 1 && token.name === 'endObject') {
      depth = 0;
      return null;
    }
    if (depth === 1 && key === 'customers' && token.name === 'startArray') {
      // The list itself is streamed: the field says only that it is there.
      inCustomers = true;
      return { kind: 'field', name: 'customers', value: [] };
    }
    if (depth === 1 && key !== null) {
      asm = startValue(token);
      if (!asm.done) return null;
      const value: unknown = asm.current;
      asm = null;
      return { kind: 'field', name: key, value };
    }
    return null;
  };
  const end = () => {
    if (depth !== 0 || asm || inCustomers || !started) {
      throw new CrmImportError(`The CRM file ${path} is not valid JSON: it ends too early`);
    }
  };
  return { consume, end };
}

function startValue(token: Token): Assembler {
  const asm = new Assembler();
  asm.consume(token as Parameters<Assembler['consume']>[0]);
  return asm;
}
