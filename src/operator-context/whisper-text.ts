import type { WhisperPrompts } from '../flow/settings.js';
import type { TransferContext } from '../flow/transfer-context.js';
import { fillTemplate } from '../lib/fill-template.js';
import type { NameForms } from '../names/address-name.js';
import { sanitizeSpeech } from '../lib/sanitize-speech.js';

/** The caller's words are quoted up to this length: the whisper delays the bridge. */
const MAX_SPEECH = 120;

/**
 * The sentence whispered to whoever answers a transfer, e.g. "Звонок от Армана, VIP.
 * Причина: заказ 12345, ответ: да.": who calls, then why (the predicted reason and the
 * caller's answer, else the caller's last words). `names` are the customer's name forms in
 * the whisper's language (the context does not carry names), so a template may decline the
 * name as its grammar needs ("Звонок от {nameGenitive}"). CRM and caller text is sanitised
 * before it is put in a sentence. Empty when there is nothing to say. Pure.
 */
export function whisperText(
  input: { context: TransferContext; names: NameForms | null },
  prompts: WhisperPrompts,
): string {
  const { context } = input;
  const names = input.names
    ? (Object.fromEntries(Object.entries(input.names).map(([k, v]) => [k, clean(v)])) as NameForms)
    : null;
  const sentences: string[] = [];
  if (context.customerId !== null && names?.name) {
    const segment = segmentWords(context.segment, prompts);
    sentences.push(
      segment
        ? fillTemplate(prompts.customerWithSegment, { ...names, segment })
        : fillTemplate(prompts.customer, names),
    );
  } else if (prompts.unknownCaller) {
    sentences.push(prompts.unknownCaller);
  }
  const reason = clean(context.predictedReason);
  const lastWords = clean(context.speech.at(-1) ?? null);
  if (reason) {
    sentences.push(
      context.callerAnswer
        ? fillTemplate(prompts.reasonWithAnswer, {
            reason,
            answer: prompts.answers[context.callerAnswer],
          })
        : fillTemplate(prompts.reason, { reason }),
    );
  } else if (lastWords) {
    sentences.push(fillTemplate(prompts.said, { speech: cut(lastWords, MAX_SPEECH) }));
  }
  return sentences.join(' ').trim();
}

/** The segment as the settings say it; a segment they do not list, as the CRM wrote it. */
function segmentWords(segment: string | null, prompts: WhisperPrompts): string {
  if (!segment) return '';
  const said = Object.hasOwn(prompts.segments, segment) ? prompts.segments[segment] : segment;
  return clean(said ?? null);
}

function clean(text: string | null): string {
  return text ? sanitizeSpeech(text) : '';
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const space = head.lastIndexOf(' ');
  return `${space > max / 2 ? head.slice(0, space) : head}…`;
}
