/**
 * A linear, non-validating scan of the XML parts of an uploaded spreadsheet: start tags with
 * their attributes, end tags and text, element names without their namespace prefix. It knows
 * the five predefined entities and character references and nothing else: any DOCTYPE, entity
 * declaration or unknown entity is refused (no entity expansion, no external resource), which
 * is all SpreadsheetML ever needs.
 */
export class XmlError extends Error {}

export type XmlVisitor = {
  open?: (name: string, attributes: Record<string, string>) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
};

const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

export function decodeEntities(raw: string): string {
  if (!raw.includes("&")) return raw;
  return raw.replace(/&([^;&\s]{0,10});/g, (_, name: string) => {
    if (name.startsWith("#")) {
      const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      if (!Number.isInteger(code) || code < 0 || code > 0x10ffff) throw new XmlError("référence de caractère invalide");
      return String.fromCodePoint(code);
    }
    const value = PREDEFINED[name];
    if (value === undefined) throw new XmlError(`entité XML « ${name} » refusée`);
    return value;
  });
}

const localName = (qualified: string) => qualified.slice(qualified.indexOf(":") + 1);

function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  let i = 0;
  while (i < source.length) {
    while (i < source.length && /\s/.test(source[i] as string)) i++;
    if (i >= source.length) break;
    const equals = source.indexOf("=", i);
    if (equals < 0) throw new XmlError("attribut sans valeur");
    const name = source.slice(i, equals).trim();
    let quoteAt = equals + 1;
    while (quoteAt < source.length && /\s/.test(source[quoteAt] as string)) quoteAt++;
    const quote = source[quoteAt];
    if (quote !== '"' && quote !== "'") throw new XmlError("valeur d'attribut sans guillemets");
    const closing = source.indexOf(quote, quoteAt + 1);
    if (closing < 0) throw new XmlError("valeur d'attribut non refermée");
    attributes[localName(name)] = decodeEntities(source.slice(quoteAt + 1, closing));
    i = closing + 1;
  }
  return attributes;
}

/** The end of a start or end tag that begins at `from`, skipping `>` inside quoted values. */
function tagEnd(xml: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < xml.length; i++) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ">") return i;
  }
  throw new XmlError("balise non refermée");
}

export function scanXml(xml: string, visitor: XmlVisitor): void {
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > i) visitor.text?.(decodeEntities(xml.slice(i, textEnd)));
    if (lt < 0) return;
    if (xml.startsWith("<?", lt)) {
      const end = xml.indexOf("?>", lt + 2);
      if (end < 0) throw new XmlError("instruction non refermée");
      i = end + 2;
    } else if (xml.startsWith("<!--", lt)) {
      const end = xml.indexOf("-->", lt + 4);
      if (end < 0) throw new XmlError("commentaire non refermé");
      i = end + 3;
    } else if (xml.startsWith("<![CDATA[", lt)) {
      const end = xml.indexOf("]]>", lt + 9);
      if (end < 0) throw new XmlError("section CDATA non refermée");
      visitor.text?.(xml.slice(lt + 9, end));
      i = end + 3;
    } else if (xml[lt + 1] === "!") {
      // DOCTYPE, ENTITY and the like: what entity-expansion attacks are made of.
      throw new XmlError("déclaration DOCTYPE ou ENTITY refusée");
    } else if (xml[lt + 1] === "/") {
      const end = tagEnd(xml, lt + 2);
      visitor.close?.(localName(xml.slice(lt + 2, end).trim()));
      i = end + 1;
    } else {
      const end = tagEnd(xml, lt + 1);
      const selfClosing = xml[end - 1] === "/";
      const body = xml.slice(lt + 1, selfClosing ? end - 1 : end);
      const nameEnd = body.search(/[\s]/);
      const name = localName(nameEnd < 0 ? body : body.slice(0, nameEnd));
      if (!name) throw new XmlError("balise sans nom");
      visitor.open?.(name, nameEnd < 0 ? {} : parseAttributes(body.slice(nameEnd)));
      if (selfClosing) visitor.close?.(name);
      i = end + 1;
    }
  }
}
