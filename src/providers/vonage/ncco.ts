import { z } from 'zod';

/**
 * The NCCO actions we emit, as documented in the Vonage NCCO reference. Declared here
 * rather than taken from @vonage/voice because its types disagree with the reference
 * (`talk.style` as string, `speech.endOnSilence` as boolean). Objects are strict, so a test
 * that parses our output catches a misspelt field before Vonage does.
 */
const url = z.url({ protocol: /^https?$/ });

export const talkSchema = z.strictObject({
  action: z.literal('talk'),
  text: z.string().min(1).max(1500),
  language: z.string().optional(),
  style: z.number().int().min(0).optional(),
  bargeIn: z.boolean().optional(),
  loop: z.number().int().min(0).optional(),
});

export const streamSchema = z.strictObject({
  action: z.literal('stream'),
  streamUrl: z.array(url).length(1),
  bargeIn: z.boolean().optional(),
  loop: z.number().int().min(0).optional(),
});

export const inputSchema = z.strictObject({
  action: z.literal('input'),
  type: z.array(z.enum(['dtmf', 'speech'])).min(1),
  dtmf: z
    .strictObject({
      timeOut: z.number().int().min(0).max(10).optional(),
      maxDigits: z.number().int().min(1).max(20).optional(),
      submitOnHash: z.boolean().optional(),
    })
    .optional(),
  speech: z
    .strictObject({
      language: z.string().optional(),
      context: z.array(z.string()).optional(),
      startTimeout: z.number().int().min(1).max(10).optional(),
      endOnSilence: z.number().min(0.4).max(10).optional(),
      maxDuration: z.number().int().min(1).max(60).optional(),
    })
    .optional(),
  eventUrl: z.array(url).length(1),
  eventMethod: z.enum(['GET', 'POST']).optional(),
});

export const connectSchema = z.strictObject({
  action: z.literal('connect'),
  endpoint: z
    .array(
      z.union([
        z.strictObject({
          type: z.literal('phone'),
          number: z.string().regex(/^\d{6,15}$/),
          // An NCCO run on the answered leg before it joins the call (the whisper).
          onAnswer: z.strictObject({ url, ringbackTone: url.optional() }).optional(),
        }),
        z.strictObject({ type: z.literal('sip'), uri: z.string().regex(/^sips?:/) }),
      ]),
    )
    .length(1),
  from: z
    .string()
    .regex(/^\d{6,15}$/)
    .optional(),
  randomFromNumber: z.boolean().optional(),
  timeout: z.number().int().min(1).max(120).optional(),
  eventType: z.literal('synchronous').optional(),
  eventUrl: z.array(url).length(1).optional(),
  eventMethod: z.enum(['GET', 'POST']).optional(),
});

/** Records the call from here on; with `split: conversation` each party on its own channel. */
export const recordSchema = z.strictObject({
  action: z.literal('record'),
  format: z.enum(['mp3', 'wav', 'ogg']).optional(),
  split: z.literal('conversation').optional(),
  channels: z.number().int().min(1).max(32).optional(),
  beepStart: z.boolean().optional(),
  eventUrl: z.array(url).length(1).optional(),
  eventMethod: z.enum(['GET', 'POST']).optional(),
});

export const notifySchema = z.strictObject({
  action: z.literal('notify'),
  payload: z.record(z.string(), z.string()),
  eventUrl: z.array(url).length(1),
  eventMethod: z.enum(['GET', 'POST']).optional(),
});

export const nccoSchema = z
  .array(
    z.discriminatedUnion('action', [
      talkSchema,
      streamSchema,
      inputSchema,
      connectSchema,
      recordSchema,
      notifySchema,
    ]),
  )
  .min(1);

export type NccoAction = z.infer<typeof nccoSchema>[number];
export type TalkNcco = z.infer<typeof talkSchema>;
