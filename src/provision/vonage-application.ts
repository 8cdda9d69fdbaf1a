import { z } from 'zod';

const webhook = z.looseObject({
  address: z.string().optional(),
  http_method: z.string().optional(),
});

/**
 * An application as the Application API v2 sends it (`GET /v2/applications/{id}`), in its
 * own snake_case keys. Only the parts provisioning reads are typed; every other key (other
 * capabilities, webhook timeouts, keys, privacy, region, …) is kept as received, because a
 * PUT replaces the whole application and must send them back unchanged.
 */
export const vonageApplicationSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  capabilities: z
    .looseObject({
      voice: z
        .looseObject({
          webhooks: z
            .looseObject({
              answer_url: webhook.optional(),
              event_url: webhook.optional(),
              fallback_answer_url: webhook.optional(),
            })
            .optional(),
          signed_callbacks: z.boolean().optional(),
        })
        .optional(),
    })
    .optional(),
});

export type VonageApplication = z.infer<typeof vonageApplicationSchema>;
