import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server inside the test process: the outbox job talks to it over TCP through
 * nodemailer, exactly as it would to the Region's relay.
 */
export type ReceivedMail = { envelopeFrom: string; envelopeTo: string[]; raw: string };

export async function startSmtpServer() {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type ParsedMail = { headers: Record<string, string>; subject: string; text: string; html: string };

/** Just enough MIME to read what nodemailer writes: multipart, quoted-printable, base64, encoded words. */
export function parseMail(raw: string): ParsedMail {
  const result: ParsedMail = { headers: {}, subject: "", text: "", html: "" };
  const walk = (entity: string, top: boolean) => {
    const split = entity.indexOf("\r\n\r\n");
    const head = split === -1 ? entity : entity.slice(0, split);
    const body = split === -1 ? "" : entity.slice(split + 4);
    const headers = parseHeaders(head);
    if (top) result.headers = headers;
    const type = headers["content-type"] ?? "text/plain";
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (type.toLowerCase().startsWith("multipart/") && boundary) {
      const parts = body.split(`--${boundary}`).slice(1);
      for (const part of parts) {
        if (part.startsWith("--")) break;
        walk(part.replace(/^\r\n/, ""), false);
      }
      return;
    }
    const decoded = decodeBody(body, headers["content-transfer-encoding"] ?? "7bit");
    if (type.toLowerCase().startsWith("text/html")) result.html += decoded;
    else if (type.toLowerCase().startsWith("text/plain")) result.text += decoded;
  };
  walk(raw, true);
  result.subject = decodeWords(result.headers.subject ?? "");
  return result;
}

function parseHeaders(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function decodeBody(body: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case "quoted-printable":
      return decodeQuotedPrintable(body);
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    default:
      return body;
  }
}

function decodeQuotedPrintable(text: string): string {
  const softBroken = text.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < softBroken.length; i++) {
    const c = softBroken[i] as string;
    const hex = softBroken.slice(i + 1, i + 3);
    if (c === "=" && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === "B" ? Buffer.from(data, "base64").toString("utf8") : decodeQuotedPrintable(data.replaceAll("_", " ")),
    );
}
