/**
 * The start of the body of a Vonage SDK error's response (the SDK throws with the fetch
 * `response` attached), or '' when there is none to read. Cut at 300 characters: it goes
 * into logs and stored errors.
 */
export async function vonageErrorBody(response: unknown): Promise<string> {
  const text: unknown =
    typeof response === 'object' && response !== null && 'text' in response
      ? response.text
      : undefined;
  if (typeof text !== 'function') return '';
  try {
    const body: unknown = await (text as () => Promise<unknown>).call(response);
    return typeof body === 'string' ? body.trim().slice(0, 300) : '';
  } catch {
    return '';
  }
}
