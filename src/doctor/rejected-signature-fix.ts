/**
 * What to do when the running server answered 403 to a request signed with this .env's
 * secret. The server's reason (its SignatureError message, sent as the body) tells a missing
 * secret apart from a different one.
 */
export function rejectedSignatureFix(opts: {
  secretName: string;
  serverReason: string;
  /** Twilio signs the URL too, so a different PUBLIC_URL also breaks it; Vonage does not. */
  urlIsSigned: boolean;
}): string {
  const { secretName, serverReason, urlIsSigned } = opts;
  if (serverReason.includes('is not set')) {
    return `The running server has no ${secretName}: add it to the .env the server reads and restart \`npm start\`.`;
  }
  // jose's codes for a token outside its time window (iat too old, or in the future).
  if (/ERR_JWT_EXPIRED|ERR_JWT_CLAIM_VALIDATION_FAILED/.test(serverReason)) {
    return "The server thinks the request's token is too old: check that this machine's and the server's clocks are right.";
  }
  const url = urlIsSigned
    ? ', or its PUBLIC_URL is not the one in this .env (the signature covers the URL: it must be exactly the URL configured at the provider)'
    : '';
  return `The running server checks with another ${secretName}${url}. Put the right value in the .env the server reads and restart \`npm start\`.`;
}
