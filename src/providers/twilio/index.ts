/**
 * @module twilio — the Twilio adapter: form payloads in, TwiML out.
 */
export { twilioRoutes, twilioFailureResponse } from './routes.js';
export { renderTwiml } from './render-twiml.js';
export { TWILIO_PATHS } from './constants.js';
