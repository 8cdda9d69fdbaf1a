import { createHash } from 'node:crypto';
import type { PilotArm } from '../flow/snapshot.js';

/**
 * The pilot arm of a known caller: stable for a number and a salt (a caller always hears the
 * same flow while the share stays), `personalised` for the first `percent` of the hash range.
 * SHA-256 spreads numbers that differ in one digit evenly, so the share is met closely.
 */
export function pilotArmFor(e164: string, salt: string, percent: number): PilotArm {
  const digest = createHash('sha256').update(`${salt}:${e164}`).digest();
  const position = digest.readUInt32BE(0) / 0x1_0000_0000;
  return position * 100 < percent ? 'personalised' : 'control';
}
