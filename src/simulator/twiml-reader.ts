import { XMLParser } from 'fast-xml-parser';

/** A TwiML element: verb/noun name, attributes, text and children in document order. */
export interface TwimlNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: TwimlNode[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

/** Parses a TwiML document into the children of `<Response>`; throws on anything else. */
export function readTwiml(xml: string): TwimlNode[] {
  const doc = parser.parse(xml) as Ordered[];
  const response = doc.map(toNode).find((n) => n?.name === 'Response');
  if (!response) throw new Error(`Not a TwiML document: ${xml.slice(0, 200)}`);
  return response.children;
}

function toNode(item: Ordered): TwimlNode | null {
  const name = Object.keys(item).find((k) => k !== ':@');
  if (!name || name === '?xml' || name === '#text') return null;
  const content = (item[name] as Ordered[]) ?? [];
  const text = content
    .map((c) => {
      const t = c['#text'];
      return typeof t === 'string' || typeof t === 'number' ? String(t) : '';
    })
    .join('');
  return {
    name,
    attrs: item[':@'] ?? {},
    text,
    children: content.map(toNode).filter((n): n is TwimlNode => n !== null),
  };
}
