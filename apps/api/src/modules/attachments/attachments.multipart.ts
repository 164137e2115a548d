import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_COMMENT_LENGTH, MAX_FILES_PER_UPLOAD } from "@relais/shared/attachments";
import type { FastifyRequest } from "fastify";
import { AppError } from "../../errors.ts";
import type { AttachForm } from "./attachments.service.ts";

/** What multipart adds to a form besides the files: the boundaries and a few short fields. */
const FORM_OVERHEAD_BYTES = 64 * 1024;
/** The most a well-formed upload can weigh: a longer announced body is refused before it is read. */
export const MAX_UPLOAD_BYTES = MAX_FILES_PER_UPLOAD * MAX_ATTACHMENT_BYTES + MAX_ATTACHMENT_COMMENT_LENGTH * 4 + FORM_OVERHEAD_BYTES;

/** The limits handed to busboy: it stops reading a file at 10 MiB and a form at its parts. */
export const MULTIPART_LIMITS = {
  fileSize: MAX_ATTACHMENT_BYTES,
  files: MAX_FILES_PER_UPLOAD,
  fields: 4,
  fieldSize: MAX_ATTACHMENT_COMMENT_LENGTH * 4,
  parts: MAX_FILES_PER_UPLOAD + 4,
  headerPairs: 50,
};

const tooMany = (cause: unknown) =>
  new AppError("attachment.too_large", `Joignez au plus ${MAX_FILES_PER_UPLOAD} fichiers à la fois, avec un commentaire et sa visibilité.`, { cause });

/**
 * Reads the upload form (fields `files`, `comment`, `visibility`), cutting it off at the first
 * limit passed. Every way a form can be wrong becomes a French 4xx: busboy's own errors about
 * a malformed body carry no status and would otherwise surface as a 500.
 */
export async function readAttachmentForm(request: FastifyRequest): Promise<AttachForm> {
  const announced = Number(request.headers["content-length"] ?? 0);
  if (announced > MAX_UPLOAD_BYTES)
    throw new AppError(
      "attachment.too_large",
      `L'envoi dépasse la taille permise (${MAX_FILES_PER_UPLOAD} fichiers de 10 Mo au plus) : rien n'a été enregistré.`,
    );
  if (!request.isMultipart()) throw new AppError("media.unsupported", "Envoyez les fichiers dans un formulaire multipart/form-data (champ « files »).");
  const form: AttachForm = { files: [], comment: null, internal: false };
  let currentFile = "";
  try {
    for await (const part of request.parts()) {
      if (part.type === "file") {
        currentFile = part.filename;
        const bytes = await part.toBuffer();
        // A browser sends an empty part for a file input left empty: nothing was chosen.
        if (part.filename === "" && bytes.length === 0) continue;
        form.files.push({ fileName: part.filename, bytes, declaredType: part.mimetype || null });
        continue;
      }
      const value = typeof part.value === "string" ? part.value : String(part.value);
      if (part.valueTruncated || value.length > MAX_ATTACHMENT_COMMENT_LENGTH)
        throw new AppError("validation.failed", "Le commentaire compte au plus 10 000 caractères.", {
          fieldErrors: [{ field: `body.${part.fieldname}`, message: "Trop long." }],
        });
      if (part.fieldname === "comment") form.comment = value.trim() || null;
      else if (part.fieldname === "visibility") {
        if (value !== "public" && value !== "internal")
          throw new AppError("validation.failed", "Visibilité inconnue : « public » ou « internal ».", {
            fieldErrors: [{ field: "body.visibility", message: "Visibilité inconnue." }],
          });
        form.internal = value === "internal";
      } else
        throw new AppError("validation.failed", `Champ inattendu dans le formulaire : « ${part.fieldname.slice(0, 40)} ».`, {
          fieldErrors: [{ field: `body.${part.fieldname.slice(0, 40)}`, message: "Champ inconnu." }],
        });
    }
  } catch (error) {
    throw translateMultipartError(error, currentFile);
  }
  return form;
}

function translateMultipartError(error: unknown, fileName: string): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === "FST_REQ_FILE_TOO_LARGE")
    return new AppError(
      "attachment.too_large",
      `Le fichier « ${fileName.slice(0, 120)} » dépasse 10 Mo, la taille maximale d'une pièce jointe : rien n'a été enregistré.`,
      {
        cause: error,
      },
    );
  if (code === "FST_FILES_LIMIT" || code === "FST_PARTS_LIMIT" || code === "FST_FIELDS_LIMIT") return tooMany(error);
  return new AppError("request.malformed", "Le formulaire envoyé est mal formé : choisissez de nouveau vos fichiers et réessayez.", { cause: error });
}
