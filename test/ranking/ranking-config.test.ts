import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { DEFAULT_RANKING_SETTINGS } from '../../src/crm/ranking/ranking-settings.js';
import { ConfigError } from '../../src/errors/config-error.js';
import { tempDir } from '../crm/temp-crm.js';

function settingsFile(content: unknown): string {
  const file = join(tempDir(), 'ranking.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('ranking configuration', () => {
  it('defaults to the shipped settings, the seven event types, and no API key', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ rankingFile: null, apiKey: null });
    expect(config.ranking).toBe(DEFAULT_RANKING_SETTINGS);
    expect(Object.keys(config.ranking.eventTypes)).toEqual([
      'invoice_sent',
      'call_outgoing',
      'call_incoming',
      'email',
      'meeting',
      'support_reply',
      'deal_stage_change',
    ]);
    expect(config.ranking.menuSize).toBeGreaterThanOrEqual(2);
  });

  it('reads RANKING_FILE and API_KEY', () => {
    const ranking = {
      eventTypes: { invoice_sent: { weight: 2, lifetimeDays: 10 } },
      minScore: 0.01,
      menuSize: 2,
    };
    const file = settingsFile(ranking);
    const config = parseConfig({ RANKING_FILE: file, API_KEY: 'k'.repeat(16) });
    expect(config).toMatchObject({ rankingFile: file, ranking, apiKey: 'k'.repeat(16) });
  });

  it.each([
    [
      { minScore: 0.005, menuSize: 4, eventTypes: { a: { weight: 1, lifetimeDays: 1 } } },
      'menuSize',
    ],
    [
      { minScore: 0.01, menuSize: 3, eventTypes: { a: { weight: -1, lifetimeDays: 1 } } },
      'eventTypes.a.weight',
    ],
    [
      { minScore: 0.01, menuSize: 3, eventTypes: { a: { weight: 1 } } },
      'eventTypes.a.lifetimeDays',
    ],
    [
      { minScore: 0.01, menuSize: 3, eventTypes: { 'Bad Name': { weight: 1, lifetimeDays: 1 } } },
      'eventTypes.Bad Name',
    ],
    [
      { minScore: 0.01, menuSize: 3, eventTypes: { a: { weight: 20, lifetimeDays: 1 } } },
      'minScore: must be above 0.0195',
    ],
    [{ menuSize: 3, eventTypes: { a: { weight: 1, lifetimeDays: 1 } } }, 'minScore'],
    ['{ not json', 'RANKING_FILE'],
  ])('a bad RANKING_FILE (%j) fails at start naming %s', (content, field) => {
    const env = { RANKING_FILE: settingsFile(content) };
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(field);
  });

  it('refuses a missing RANKING_FILE and a short API_KEY', () => {
    expect(() => parseConfig({ RANKING_FILE: '/nonexistent/ranking.json' })).toThrow(
      /RANKING_FILE \/nonexistent\/ranking.json/,
    );
    expect(() => parseConfig({ API_KEY: 'short' })).toThrow(/API_KEY: at least 16 characters/);
  });
});
