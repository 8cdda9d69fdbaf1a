/**
 * @module vonage — the Vonage adapter: JSON/query payloads in, NCCO out.
 */
export { vonageRoutes, vonageFailureNcco } from './routes.js';
export { renderNcco } from './render-ncco.js';
export { VONAGE_PATHS } from './constants.js';
