import { Router, type Request, type Response } from 'express';
import type { CallAction } from '../../flow/actions.js';
import { fallbackActions } from '../../flow/fallback-actions.js';
import { constantTwilioFailure } from '../../http/failure-answers.js';
import { parsePayload } from '../../http/parse-payload.js';
import { twilioAmd } from '../../calls/provider-statuses.js';
import { whisperActions } from '../../operator-context/whisper.js';
import { questionFromQuery } from '../question-query.js';
import { requireCallbacks } from '../require-callbacks.js';
import type { ProviderDeps } from '../provider-deps.js';
import type { WebhookContext } from '../../runtime/call-runtime.js';
import type { Parties } from '../../flow/steps/start-call.js';
import { normalizePhone } from '../../lib/normalize-phone.js';
import { TWILIO_PATHS } from './constants.js';
import {
  parseDialResult,
  parseGatherResult,
  parseIncomingCall,
  parseStatusCallback,
  parseStatusReport,
} from './parse-webhook.js';
import { renderTwiml, type TwimlContext } from './render-twiml.js';
import { twilioSchemas } from './schemas.js';
import { verifyTwilioSignature } from './verify-signature.js';

/**
 * Twilio webhooks: verify → parse → runtime (transition + effects) → render TwiML.
 * Twilio posts application/x-www-form-urlencoded; the app parses it before these routes.
 */
export function twilioRoutes(deps: ProviderDeps): Router {
  const { config, runtime, flow, logger } = deps;
  const router = Router();
  const schemas = twilioSchemas(config.defaultRegion);
  const ctx: TwimlContext = { publicUrl: config.publicUrl, voices: deps.settings.voices.twilio };
  const verify = verifyTwilioSignature({
    authToken: config.twilioAuthToken,
    publicUrl: config.publicUrl,
    enabled: config.verifyWebhooks,
  });

  const parties = (from: string | null | undefined, to: string | undefined): Parties => ({
    caller: from ?? null,
    called: to ? (normalizePhone(to, config.defaultRegion) ?? to) : '',
  });

  /** The call's CallSid goes into URLs that must name it (the transfer's whisper). */
  const sendTwiml = (res: Response, callId: string | null, actions: CallAction[]) => {
    // An empty <Response/> would hang up on the caller; that is never what the flow means.
    const safe = actions.length > 0 ? actions : fallbackActions(flow, null);
    if (actions.length === 0) logger.error({ provider: 'twilio' }, 'flow returned no actions');
    res.type('text/xml').send(renderTwiml(safe, callId ? { ...ctx, callId } : ctx));
  };

  router.post(TWILIO_PATHS.voice, verify, async (req, res) => {
    const p = parsePayload('Twilio', schemas.incomingCall, req.body);
    const event = parseIncomingCall(p, config.defaultRegion);
    sendTwiml(res, p.CallSid, await runtime.handle('twilio', p.CallSid, event, context(req)));
  });

  router.post(TWILIO_PATHS.gather, verify, async (req, res) => {
    const p = parsePayload('Twilio', schemas.gatherResult, req.body);
    const event = parseGatherResult(p);
    const ctx = { ...context(req), parties: parties(p.From, p.To) };
    sendTwiml(res, p.CallSid, await runtime.handle('twilio', p.CallSid, event, ctx));
  });

  router.post(TWILIO_PATHS.dial, verify, async (req, res) => {
    const p = parsePayload('Twilio', schemas.dialResult, req.body);
    const event = parseDialResult(p);
    sendTwiml(res, p.CallSid, await runtime.handle('twilio', p.CallSid, event, context(req)));
  });

  router.post(TWILIO_PATHS.continue, verify, async (req, res) => {
    const p = parsePayload('Twilio', schemas.gatherResult, req.body);
    const event = { type: 'call.continue' } as const;
    const ctx = { ...context(req), parties: parties(p.From, p.To) };
    sendTwiml(res, p.CallSid, await runtime.handle('twilio', p.CallSid, event, ctx));
  });

  // The answering leg of a transfer, before the bridge (`<Number url>`/`<Sip url>`): the
  // whisper (docs/operator-context.md). Signed like every webhook. When the document ends
  // the parties are bridged, so an empty one puts the caller through at once.
  const whisper = async (req: Request, res: Response) => {
    const q = parsePayload('Twilio', schemas.whisper, req.query);
    const actions = await whisperActions(deps, 'twilio', q.call, q.target);
    res.type('text/xml').send(renderTwiml(actions, ctx));
  };
  router.post(TWILIO_PATHS.whisper, verify, whisper);
  router.get(TWILIO_PATHS.whisper, verify, whisper);

  router.post(TWILIO_PATHS.status, verify, async (req, res) => {
    const p = parsePayload('Twilio', schemas.statusCallback, req.body);
    const event = parseStatusCallback(p);
    const report = parseStatusReport(p, runtime.now());
    if (report) await runtime.handleStatus(report, event);
    else if (event) await runtime.handle('twilio', p.CallSid, event);
    // Status callbacks take no TwiML: 204 is the documented "nothing to do".
    res.status(204).end();
  });

  // A transfer's recording (RECORDING=on): stored with the call, its deletion scheduled.
  router.post(TWILIO_PATHS.recording, verify, async (req, res) => {
    const p = parsePayload('Twilio', schemas.recordingStatus, req.body);
    if (p.RecordingStatus !== 'completed') {
      logger.warn(
        {
          provider: 'twilio',
          callId: p.CallSid,
          recordingId: p.RecordingSid,
          status: p.RecordingStatus,
          errorCode: p.ErrorCode,
        },
        'Twilio recording not completed: nothing stored',
      );
      return void res.status(204).end();
    }
    const recording = {
      callId: p.CallSid,
      provider: 'twilio',
      recordingId: p.RecordingSid,
      url: p.RecordingUrl,
      durationSec: p.RecordingDuration,
      channels: p.RecordingChannels,
    };
    if (deps.recordings) await deps.recordings.receive(recording);
    else
      logger.warn({ provider: 'twilio', callId: p.CallSid }, 'recording not stored: no call log');
    res.status(204).end();
  });

  // A callback we placed (docs/tasks.md): the agent answered; the customer leg's result and
  // answering-machine verdict follow.
  const sendCallTwiml = (res: Response, callId: string, actions: CallAction[]) => {
    res.type('text/xml').send(renderTwiml(actions, { ...ctx, callId }));
  };

  router.post(TWILIO_PATHS.callback, verify, async (req, res) => {
    const p = parsePayload('Twilio', schemas.callbackAnswer, { ...req.query, ...req.body });
    const callbacks = requireCallbacks(deps);
    sendCallTwiml(res, p.CallSid, await callbacks.agentAnswered('twilio', p.CallSid, p.task));
  });

  router.post(TWILIO_PATHS.callbackDial, verify, async (req, res) => {
    const p = parsePayload('Twilio', schemas.dialResult, req.body);
    const event = parseDialResult(p);
    const callbacks = requireCallbacks(deps);
    const actions =
      event.type === 'dial.ended'
        ? await callbacks.customerLegEnded(p.CallSid, event.outcome, event.durationSec)
        : [{ kind: 'hangup' as const }];
    sendCallTwiml(res, p.CallSid, actions);
  });

  router.post(TWILIO_PATHS.callbackAmd, verify, async (req, res) => {
    const p = parsePayload('Twilio', schemas.amdResult, { ...req.query, ...req.body });
    await requireCallbacks(deps).customerAmd(p.call, twilioAmd(p.AnsweredBy) ?? 'unknown');
    res.status(204).end();
  });

  router.post(TWILIO_PATHS.fallback, verify, (req, res) => {
    const p = parsePayload('Twilio', schemas.fallback, req.body);
    logger.error(
      { provider: 'twilio', callId: p.CallSid, errorCode: p.ErrorCode, errorUrl: p.ErrorUrl },
      'Twilio called the fallback URL: apologising and connecting the operator',
    );
    sendTwiml(res, null, fallbackActions(flow, null));
  });

  return router;
}

/**
 * What a call-flow webhook tells besides its body: the question its URL carries (Gather
 * action, Redirect), and Twilio's idempotency token, the same on each retry of one request.
 */
function context(req: Request): WebhookContext {
  return {
    question: questionFromQuery(req.query),
    retryToken: req.header('I-Twilio-Idempotency-Token') ?? null,
  };
}

/**
 * The TwiML any failure during a Twilio call answers with; it cannot throw: if rendering
 * fails, a constant `<Dial>` to the operator goes out.
 */
export function twilioFailureResponse(deps: ProviderDeps): string {
  try {
    return renderTwiml(fallbackActions(deps.flow, null), {
      publicUrl: deps.config.publicUrl,
      voices: deps.settings.voices.twilio,
    });
  } catch {
    return constantTwilioFailure(deps.flow.operator);
  }
}
