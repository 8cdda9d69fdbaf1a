import { z } from 'zod';
import { languageSchema } from '../flow/language.js';
import { ANSWERED_STEPS, type Question } from '../flow/question.js';

/**
 * A question as URL query parameters: `lang`, `step` and, for self-service, `task` and
 * `contract`. Keys come out in alphabetical order: Twilio has been reported to sort the query
 * of URLs from TwiML before requesting them, and its signature covers the URL as requested.
 */
export function questionParams(question: Question | undefined): Array<[string, string]> {
  if (!question) return [];
  const params: Array<[string, string]> = [
    ['lang', question.language],
    ['step', question.step],
  ];
  if (question.contract !== undefined) params.push(['contract', question.contract]);
  if (question.task !== undefined) params.push(['task', question.task]);
  return params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `url` with the question appended to its query (which may already have parameters). */
export function withQuestion(url: string, question: Question | undefined): string {
  const params = questionParams(question);
  if (params.length === 0) return url;
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return `${url}${url.includes('?') ? '&' : '?'}${query}`;
}

const questionSchema = z.object({
  step: z.enum(ANSWERED_STEPS),
  lang: languageSchema,
  task: z.enum(['balance', 'trust']).optional(),
  contract: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
});

/**
 * The question a webhook answers, from its query; null when the URL carries none (or one
 * this version does not know), and the call then goes on as before the question was carried.
 */
export function questionFromQuery(query: unknown): Question | null {
  const parsed = questionSchema.safeParse(query);
  if (!parsed.success) return null;
  const { step, lang, task, contract } = parsed.data;
  return {
    step,
    language: lang,
    ...(task !== undefined ? { task } : {}),
    ...(contract !== undefined ? { contract } : {}),
  };
}
