import { Router, type Request, type Response } from 'express';
import type { CallAction } from '../../flow/actions.js';
import { fallbackActions } from '../../flow/fallback-actions.js';
import { WebhookPayloadError } from '../../errors/webhook-payload-error.js';
import { parsePayload } from '../../http/parse-payload.js';
import { vonageAmd } from '../../calls/provider-statuses.js';
import { whisperActions } from '../../operator-context/whisper.js';
import { MemoryReplayStore } from '../../session/replay-store.js';
import { normalizePhone } from '../../lib/normalize-phone.js';
import { questionFromQuery } from '../question-query.js';
import { requireCallbacks } from '../require-callbacks.js';
import type { ProviderDeps } from '../provider-deps.js';
import { queryToken, VONAGE_UUID } from '../call-ids.js';
import { VONAGE_PATHS } from './constants.js';
import {
  parseAnswer,
  parseCallEvent,
  parseConnectEvent,
  parseInput,
  parseStatusReport,
} from './parse-webhook.js';
import { constantVonageFailure } from '../../http/failure-answers.js';
import type { NccoAction } from './ncco.js';
import { renderNcco } from './render-ncco.js';
import { vonageSchemas } from './schemas.js';
import { verifyVonageSignature } from './verify-signature.js';
import { vonageFileId } from '../../recordings/recording-delete-task.js';

/**
 * Vonage webhooks: verify → parse → runtime (transition + effects) → render NCCO.
 * Answer may be GET (query) or POST (JSON); everything else is POST JSON.
 */
export function vonageRoutes(deps: ProviderDeps): Router {
  const { config, runtime, logger } = deps;
  const router = Router();
  const schemas = vonageSchemas(config.defaultRegion);
  const verify = verifyVonageSignature({
    signatureSecret: config.vonageSignatureSecret,
    maxAgeSec: config.vonageJwtMaxAgeSec,
    enabled: config.verifyWebhooks,
    replays: deps.replays ?? new MemoryReplayStore(),
  });

  /**
   * Call-control answers must carry an NCCO; an empty one would end the call. When the flow
   * itself ends the call (a hangup with nothing before it: input arriving after the call's
   * final status) there is nothing to run: 204, as Twilio gets `<Hangup/>`.
   */
  const sendNcco = (res: Response, callId: string, actions: CallAction[]) => {
    const ncco = renderNcco(actions, nccoContext(deps, callId));
    if (ncco.length > 0) return void res.json(ncco);
    if (actions.some((a) => a.kind === 'hangup')) return void res.status(204).end();
    logger.error({ provider: 'vonage', callId }, 'flow returned no actions');
    res.json(vonageFailureNcco(deps, callId, null));
  };

  /** Event answers may be empty: 204 lets the current NCCO go on (or end). */
  const sendOptionalNcco = (res: Response, callId: string, actions: CallAction[]) => {
    const ncco = renderNcco(actions, nccoContext(deps, callId));
    if (ncco.length > 0) res.json(ncco);
    else res.status(204).end();
  };

  const answer = async (req: Request, res: Response) => {
    const data: unknown = req.method === 'GET' ? req.query : req.body;
    const p = parsePayload('Vonage', schemas.answer, data);
    sendNcco(
      res,
      p.uuid,
      await runtime.handle('vonage', p.uuid, parseAnswer(p, config.defaultRegion)),
    );
  };
  router.get(VONAGE_PATHS.answer, verify, answer);
  router.post(VONAGE_PATHS.answer, verify, answer);

  router.post(VONAGE_PATHS.input, verify, async (req, res) => {
    const p = parsePayload('Vonage', schemas.input, req.body);
    // The question this input answers, carried in its eventUrl (docs/operations.md).
    const question = questionFromQuery(req.query);
    const to = p.to?.trim() ?? '';
    const called =
      normalizePhone(/^\d{8,15}$/.test(to) ? `+${to}` : to, config.defaultRegion) ?? to;
    const parties = { caller: p.from ?? null, called };
    sendNcco(
      res,
      p.uuid,
      await runtime.handle('vonage', p.uuid, parseInput(p), { question, parties }),
    );
  });

  router.post(VONAGE_PATHS.connect, verify, async (req, res) => {
    const callId = callIdFromQuery(req);
    const event = parseConnectEvent(parsePayload('Vonage', schemas.status, req.body));
    if (!event) return void res.status(204).end();
    sendOptionalNcco(res, callId, await runtime.handle('vonage', callId, event));
  });

  router.post(VONAGE_PATHS.continue, verify, async (req, res) => {
    const callId = callIdFromQuery(req);
    const question = questionFromQuery(req.query);
    const event = { type: 'call.continue' } as const;
    sendNcco(res, callId, await runtime.handle('vonage', callId, event, { question }));
  });

  router.post(VONAGE_PATHS.event, verify, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!('status' in body) && 'reason' in body) {
      const e = parsePayload('Vonage', schemas.error, body);
      logger.warn({ provider: 'vonage', reason: e.reason }, 'Vonage reported an error');
      return void res.status(204).end();
    }
    if (!('status' in body) && typeof body.type === 'string') {
      // Typed notifications (transfer, record, …) carry no call state the flow needs.
      logger.debug({ provider: 'vonage', type: body.type }, 'Vonage event ignored');
      return void res.status(204).end();
    }
    const p = parsePayload('Vonage', schemas.status, body);
    const event = parseCallEvent(p);
    const callId = (p.uuid ?? p.call_uuid)!;
    const report = parseStatusReport(p, runtime.now());
    if (report) await runtime.handleStatus(report, event);
    else if (event) await runtime.handle('vonage', callId, event);
    res.status(204).end();
  });

  // The answered leg of a transfer, before it joins the call (phone endpoint onAnswer): the
  // whisper (docs/operator-context.md). Signed like every webhook; requested like an answer
  // URL, so GET and POST are both served. When this NCCO ends the leg joins the caller.
  const whisper = async (req: Request, res: Response) => {
    const q = parsePayload('Vonage', schemas.whisper, req.query);
    const actions = await whisperActions(deps, 'vonage', q.call, q.target);
    // What Vonage makes of an empty NCCO here is undocumented (as an answer it ends the
    // call); a moment of silence says nothing and lets the leg join.
    const said: CallAction[] = actions.length > 0 ? actions : [{ kind: 'pause', seconds: 1 }];
    res.json(renderNcco(said, nccoContext(deps, q.call)));
  };
  router.get(VONAGE_PATHS.whisper, verify, whisper);
  router.post(VONAGE_PATHS.whisper, verify, whisper);

  // A callback we placed (docs/tasks.md): the agent answered; then the customer leg's events.
  const callbackAnswer = async (req: Request, res: Response) => {
    const data: unknown = req.method === 'GET' ? req.query : req.body;
    const p = parsePayload('Vonage', schemas.answer, data);
    const task = requiredQuery(req, 'task');
    const callbacks = requireCallbacks(deps);
    sendNcco(res, p.uuid, await callbacks.agentAnswered('vonage', p.uuid, task));
  };
  router.get(VONAGE_PATHS.callback, verify, callbackAnswer);
  router.post(VONAGE_PATHS.callback, verify, callbackAnswer);

  router.post(VONAGE_PATHS.callbackEvent, verify, async (req, res) => {
    const callId = callIdFromQuery(req);
    const p = parsePayload('Vonage', schemas.status, req.body);
    const callbacks = requireCallbacks(deps);
    const amd = vonageAmd(p.status);
    if (amd) {
      await callbacks.customerAmd(callId, amd);
      return void res.status(204).end();
    }
    const event = parseConnectEvent(p);
    if (event?.type !== 'dial.ended') return void res.status(204).end();
    sendOptionalNcco(
      res,
      callId,
      await callbacks.customerLegEnded(callId, event.outcome, event.durationSec),
    );
  });

  // A transfer's recording (the `record` action's event, RECORDING=on): stored with the
  // call named in the query, its deletion scheduled.
  router.post(VONAGE_PATHS.recording, verify, async (req, res) => {
    const callId = callIdFromQuery(req);
    const p = parsePayload('Vonage', schemas.recording, req.body);
    const recording = {
      callId,
      provider: 'vonage',
      // The Media API deletes by the file's id, the last segment of recording_url.
      recordingId: vonageFileId(p.recording_url) ?? p.recording_uuid,
      url: p.recording_url,
      durationSec: Math.max(
        0,
        Math.round((Date.parse(p.end_time) - Date.parse(p.start_time)) / 1000),
      ),
      // The record action asks for the conversation split in two channels.
      channels: 2,
    };
    if (deps.recordings) await deps.recordings.receive(recording);
    else logger.warn({ provider: 'vonage', callId }, 'recording not stored: no call log');
    res.status(204).end();
  });

  const fallback = (req: Request, res: Response) => {
    const data: unknown = req.method === 'GET' ? req.query : req.body;
    const p = parsePayload('Vonage', schemas.fallback, data);
    logger.error(
      { provider: 'vonage', callId: p.uuid, reason: p.reason, original: p.original_request?.type },
      'Vonage called the fallback URL: apologising and connecting the operator',
    );
    res.json(vonageFailureNcco(deps, p.uuid ?? null, p.to ?? null));
  };
  router.get(VONAGE_PATHS.fallback, verify, fallback);
  router.post(VONAGE_PATHS.fallback, verify, fallback);

  return router;
}

/** The caller's leg uuid that we wrote into the callback URL's query. */
function callIdFromQuery(req: Request): string {
  const call = requiredQuery(req, 'call');
  if (!VONAGE_UUID.test(call)) {
    throw new WebhookPayloadError('Invalid Vonage request: call: not a Vonage call uuid (query)', [
      'call',
    ]);
  }
  return call;
}

function requiredQuery(req: Request, name: string): string {
  const value = req.query[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new WebhookPayloadError(`Invalid Vonage request: ${name}: Required (query)`, [name]);
  }
  if (!queryToken().safeParse(value).success) {
    throw new WebhookPayloadError(`Invalid Vonage request: ${name}: malformed (query)`, [name]);
  }
  return value;
}

function nccoContext(deps: ProviderDeps, callId: string) {
  return { publicUrl: deps.config.publicUrl, voices: deps.settings.voices.vonage, callId };
}

/**
 * The NCCO any failure answers with; it cannot throw. `to` (our number, when the payload had
 * it) becomes the caller ID, since Vonage only connects from our own numbers. Without a
 * valid call uuid the transfer reports nowhere (no URL could name the call); if rendering
 * fails anyway, a constant `connect` to the operator goes out.
 */
export function vonageFailureNcco(
  deps: ProviderDeps,
  callId: string | null,
  to: string | null,
): NccoAction[] {
  try {
    const digits = typeof to === 'string' ? to.replace(/\D/g, '') : '';
    const callerId = /^\d{6,15}$/.test(digits) ? `+${digits}` : null;
    const known = callId !== null && VONAGE_UUID.test(callId);
    const ncco = renderNcco(
      fallbackActions(deps.flow, callerId),
      nccoContext(deps, known ? callId : 'unknown'),
    );
    if (known) return ncco;
    return ncco.map((a) => {
      if (a.action !== 'connect') return a;
      const { eventUrl: _u, eventType: _t, eventMethod: _m, ...rest } = a;
      return rest;
    });
  } catch {
    return constantVonageFailure(deps.flow.operator);
  }
}
