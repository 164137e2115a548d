/**
 * A strict, small XML reader for agent messages. Agents send plain element trees (no
 * attributes that matter, no namespaces), so this reads exactly that and refuses the rest:
 * a DOCTYPE or any entity beyond the five predefined ones and character references is an
 * error, which closes the door to XXE and "billion laughs" by construction. No dependency:
 * the parsers on npm either expand entities by default or pull in several packages.
 *
 * An element holding only text becomes a string; one holding elements becomes an object whose
 * repeated children become arrays (one child stays single, as in the agents' own converter).
 */
export type XmlNode = string | XmlObject | XmlNode[];
export type XmlObject = { [name: string]: XmlNode };

export class XmlError extends Error {}

const MAX_DEPTH = 64;
const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const NAME = /[A-Za-z_:][\w.:-]*/y;

const SPACE = /\s/;

/**
 * The text with its references replaced: `&name;` (the five predefined), `&#n;`, `&#xh;`. A scan
 * with indexOf rather than a global replace with a callback: a Debian report escapes `<` and
 * `>` in each of its 850 publishers, and the replace was a fifth of the parse.
 */
function decodeText(raw: string): string {
  let amp = raw.indexOf("&");
  if (amp === -1) return raw;
  let out = "";
  let from = 0;
  while (amp !== -1) {
    // As many as 12 characters up to the ";", none of them "&", ";" or a blank.
    let end = amp + 1;
    const limit = Math.min(raw.length, amp + 13);
    while (end < limit) {
      const c = raw[end] as string;
      if (c === ";" || c === "&" || SPACE.test(c)) break;
      end++;
    }
    if (raw[end] !== ";") throw new XmlError("Caractère « & » non échappé dans le XML.");
    out += raw.slice(from, amp) + referenced(raw.slice(amp + 1, end));
    from = end + 1;
    amp = raw.indexOf("&", from);
  }
  return out + raw.slice(from);
}

function referenced(ref: string): string {
  if (ref.startsWith("#x") || ref.startsWith("#X")) return fromCodePoint(Number.parseInt(ref.slice(2), 16));
  if (ref.startsWith("#")) return fromCodePoint(Number.parseInt(ref.slice(1), 10));
  // Own keys only: "&constructor;" is no entity.
  const known = Object.hasOwn(PREDEFINED, ref) ? PREDEFINED[ref] : undefined;
  if (known === undefined) throw new XmlError(`Entité XML « &${ref}; » refusée : seules les entités prédéfinies sont admises.`);
  return known;
}

function fromCodePoint(code: number): string {
  if (!Number.isInteger(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
    throw new XmlError("Référence de caractère invalide dans le XML.");
  return String.fromCodePoint(code);
}

/** Element names seen, by first character and length (names repeat by the thousand in a report). */
const NAMES = new Map<number, string[]>();
const MAX_NAMES = 1024;
let namesHeld = 0;
const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58;
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45;

/**
 * The element name at `from` (`[A-Za-z_:][\w.:-]*`), or "" when there is none. A name seen
 * before comes back as the same string, without a regex or a new string: the parse then writes
 * each child under a key the engine already knows. Bounded, so a hostile report only misses it.
 */
function nameAt(input: string, from: number): string {
  const first = input.charCodeAt(from);
  if (!isNameStart(first)) return "";
  let end = from + 1;
  while (end < input.length && isNameChar(input.charCodeAt(end))) end++;
  const length = end - from;
  const key = first * 4096 + Math.min(length, 4095);
  const seen = NAMES.get(key);
  if (seen) for (const name of seen) if (name.length === length && input.startsWith(name, from)) return name;
  const name = input.slice(from, end);
  if (namesHeld < MAX_NAMES) {
    namesHeld++;
    if (seen) seen.push(name);
    else NAMES.set(key, [name]);
  }
  return name;
}

type Frame = { name: string; children: XmlObject | null; text: string };

/** Parses a document into `{ ROOT: … }`. Throws XmlError on anything malformed or refused. */
export function parseXml(input: string): XmlObject {
  let i = 0;
  const n = input.length;
  const stack: Frame[] = [];
  let root: XmlObject | null = null;

  const attach = (frame: Frame) => {
    const value: XmlNode = frame.children ?? decodeText(frame.text).trim();
    const parent = stack[stack.length - 1];
    if (!parent) {
      root = { [frame.name]: value };
      return;
    }
    parent.children ??= {};
    const existing = parent.children[frame.name];
    if (existing === undefined) parent.children[frame.name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else parent.children[frame.name] = [existing, value];
  };

  while (i < n) {
    const lt = input.indexOf("<", i);
    if (lt === -1) {
      if (stack.length > 0 || input.slice(i).trim() !== "") throw new XmlError("Document XML tronqué.");
      break;
    }
    const top = stack[stack.length - 1];
    if (lt > i) {
      const text = input.slice(i, lt);
      if (top) top.text += text;
      else if (text.trim() !== "") throw new XmlError("Texte hors de l'élément racine.");
    }
    i = lt;
    // Dispatch on the character after "<": one comparison for the common element tags.
    const next = input.charCodeAt(i + 1);
    if (next === 63 /* ? */) {
      const end = input.indexOf("?>", i + 2);
      if (end === -1) throw new XmlError("Document XML tronqué.");
      i = end + 2;
    } else if (next === 33 /* ! */ && input.startsWith("<!--", i)) {
      const end = input.indexOf("-->", i + 4);
      if (end === -1) throw new XmlError("Document XML tronqué.");
      i = end + 3;
    } else if (next === 33 && input.startsWith("<![CDATA[", i)) {
      const end = input.indexOf("]]>", i + 9);
      if (end === -1 || !top) throw new XmlError("Section CDATA mal placée ou tronquée.");
      // Escaped so that decodeText gives back the CDATA content verbatim.
      top.text += input.slice(i + 9, end).replace(/&/g, "&amp;");
      i = end + 3;
    } else if (next === 33) {
      throw new XmlError("Les déclarations DOCTYPE et ENTITY sont refusées.");
    } else if (next === 47 /* / */ && top && input.startsWith(top.name, i + 2) && input.charCodeAt(i + 2 + top.name.length) === 62 /* > */) {
      // The closing tag of the open element, written plainly (nearly every one): no regex, no slice.
      stack.pop();
      if (top.children && top.text.trim() !== "") top.children["#text"] = decodeText(top.text).trim();
      attach(top);
      i += top.name.length + 3;
    } else if (next === 47) {
      NAME.lastIndex = i + 2;
      const match = NAME.exec(input);
      const close = input.indexOf(">", i);
      if (!match || close === -1 || input.slice(NAME.lastIndex, close).trim() !== "") throw new XmlError("Balise fermante mal formée.");
      const frame = stack.pop();
      if (!frame || frame.name !== match[0]) throw new XmlError(`Balise fermante </${match[0]}> inattendue.`);
      if (frame.children && frame.text.trim() !== "") frame.children["#text"] = decodeText(frame.text).trim();
      attach(frame);
      i = close + 1;
    } else {
      const name = nameAt(input, i + 1);
      if (name === "") throw new XmlError("Balise mal formée.");
      const close = findTagEnd(input, i + 1 + name.length);
      const selfClosing = input.charCodeAt(close - 1) === 47; /* / */
      if (root !== null) throw new XmlError("Un seul élément racine est admis.");
      const frame: Frame = { name, children: null, text: "" };
      if (selfClosing) attach(frame);
      else {
        if (stack.length >= MAX_DEPTH) throw new XmlError("XML trop profondément imbriqué.");
        stack.push(frame);
      }
      i = close + 1;
    }
  }
  if (stack.length > 0 || root === null) throw new XmlError("Document XML tronqué ou vide.");
  return root;
}

/** The `>` ending a start tag, skipping quoted attribute values (which may contain `>`). */
function findTagEnd(input: string, from: number): number {
  let quote = 0;
  for (let j = from; j < input.length; j++) {
    const c = input.charCodeAt(j);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 /* " */ || c === 39 /* ' */) quote = c;
    else if (c === 60 /* < */) break;
    else if (c === 62 /* > */) return j;
  }
  throw new XmlError("Balise ouvrante non terminée.");
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&${{ "<": "lt", ">": "gt", "&": "amp", '"': "quot", "'": "apos" }[c]};`);

/** A REPLY document from flat fields, as agents expect it. */
export function xmlReply(fields: Record<string, string | number> = {}): string {
  const body = Object.entries(fields)
    .map(([k, v]) => `<${k}>${escapeXml(String(v))}</${k}>`)
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<REPLY>${body}</REPLY>\n`;
}
