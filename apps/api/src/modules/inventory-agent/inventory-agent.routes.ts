import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../errors.ts";
import { type AgentMessage, readJsonMessage, readXmlMessage } from "./agent-report.ts";
import { decodeBody, type Encoding, encodeReply, MAX_COMPRESSED_BYTES, WireError } from "./agent-wire.ts";
import { authenticateAgent, receiveInventory } from "./inventory-agent.service.ts";
import { parseXml, XmlError, xmlReply } from "./xml.ts";

/** Hours until the agent's next contact (PROLOG_FREQ, JSON expiration): daily, as GLPI's default. */
const CONTACT_EVERY_HOURS = 24;
const REALM = 'Basic realm="Relais"';

type Protocol = "xml" | "json";
type Exchange = { encoding: Encoding; protocol: Protocol };

/**
 * The inventory agents' endpoint (format notes §1–3), mounted at `/api/v1/inventory/agent`
 * and at `/front/inventory.php`, so an agent set up for GLPI needs only the host changed.
 * It sits outside session auth (agents hold no session) and checks the region's HTTP Basic
 * credentials itself. Every answer, errors included, is in the agent's own protocol: agents
 * treat a problem+json body as no answer at all.
 */
export default async function inventoryAgentRoutes(app: FastifyInstance, options: { path: string }) {
  // Agents send zlib, gzip or plain bodies under their own content types: take raw bytes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: MAX_COMPRESSED_BYTES }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413 || (error as { code?: string }).code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      return sendError(reply, { encoding: "plain", protocol: guessProtocol(request) }, 413, "Message trop volumineux (au plus 10 Mio compressés).");
    }
    if (error instanceof AppError && error.status < 500)
      return sendError(reply, { encoding: "plain", protocol: guessProtocol(request) }, error.status, error.message);
    if (typeof status === "number" && status >= 400 && status < 500)
      return sendError(reply, { encoding: "plain", protocol: guessProtocol(request) }, 400, "Requête mal formée.");
    request.log.error({ err: error }, "inventory agent request failed");
    return sendError(reply, { encoding: "plain", protocol: guessProtocol(request) }, 500, "Erreur interne : le rapport sera renvoyé plus tard.");
  });

  app.post(options.path, { config: { isPublic: true }, bodyLimit: MAX_COMPRESSED_BYTES, schema: { hide: true } }, async (request, reply) => {
    const agent = await authenticateAgent({ db: app.database.db, clock: app.clock, isDemo: app.config.RELAIS_DEMO }, request.headers.authorization);
    if (!agent) {
      reply.header("www-authenticate", REALM);
      return sendError(reply, { encoding: "plain", protocol: guessProtocol(request) }, 401, "Identifiants d'agent requis ou invalides.");
    }
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    let exchange: Exchange = { encoding: "plain", protocol: guessProtocol(request) };
    let message: AgentMessage;
    try {
      const decoded = await decodeBody(body, request.headers["content-type"]);
      const text = decoded.text.replace(/^\uFEFF/, "").trimStart();
      exchange = { encoding: decoded.encoding, protocol: text.startsWith("{") ? "json" : "xml" };
      message = exchange.protocol === "json" ? readJsonMessage(parseJson(text)) : readXmlMessage(parseXml(text));
    } catch (error) {
      if (error instanceof WireError) return sendError(reply, exchange, error.status, error.message);
      if (error instanceof XmlError || error instanceof SyntaxError) return sendError(reply, exchange, 400, `Message illisible : ${error.message}`);
      throw error;
    }
    switch (message.kind) {
      case "prolog":
        // RESPONSE=SEND: without it FusionInventory skips the inventory (format notes §2.1).
        return send(reply, exchange, xmlReply({ RESPONSE: "SEND", PROLOG_FREQ: CONTACT_EVERY_HOURS }));
      case "contact": {
        const disabled = message.enabledTasks.filter((task) => task !== "inventory");
        return send(
          reply,
          exchange,
          JSON.stringify({
            status: "ok",
            expiration: CONTACT_EVERY_HOURS,
            tasks: { inventory: { server: "glpi", version: "10.0.0" } },
            disabled,
            ...(disabled.length > 0 ? { message: disabled.map((t) => `${t} task not supported`).join(";") } : {}),
          }),
        );
      }
      case "inventory": {
        await receiveInventory({ db: app.database.db, clock: app.clock }, agent, message);
        return send(reply, exchange, exchange.protocol === "json" ? JSON.stringify({ status: "ok", expiration: CONTACT_EVERY_HOURS }) : xmlReply());
      }
      case "unsupported":
        return sendError(reply, exchange, 400, `Requête « ${message.query.slice(0, 40)} » non prise en charge : seuls PROLOG, CONTACT et INVENTORY le sont.`);
    }
  });
}

function parseJson(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new SyntaxError("objet JSON attendu.");
  return value as Record<string, unknown>;
}

/** Before the body is read, the content type is the only hint of the agent's protocol. */
function guessProtocol(request: FastifyRequest): Protocol {
  return (request.headers["content-type"] ?? "").toLowerCase().includes("json") ? "json" : "xml";
}

function send(reply: FastifyReply, exchange: Exchange, text: string, status = 200) {
  const { body, contentType } = encodeReply(text, exchange.encoding, exchange.protocol);
  return reply.status(status).header("cache-control", "no-cache,no-store").header("pragma", "no-cache").type(contentType).send(body);
}

function sendError(reply: FastifyReply, exchange: Exchange, status: number, message: string) {
  const text = exchange.protocol === "json" ? JSON.stringify({ status: "error", message, expiration: CONTACT_EVERY_HOURS }) : xmlReply({ ERROR: message });
  return send(reply, exchange, text, status);
}
