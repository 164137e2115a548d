import { FileInput } from "@mantine/core";
import { ACCEPTED_EXTENSIONS, ACCEPTED_TYPES_LABEL, MAX_ATTACHMENT_BYTES, MAX_FILES_PER_UPLOAD } from "@relais/shared/attachments";
import { IconPaperclip } from "@tabler/icons-react";
import type { I18n } from "../../../lib/i18n/i18n.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

/**
 * The limits the browser can check before a long upload (count, size); the server checks them
 * again, and the type from the bytes. Null when the files may be sent.
 */
export function attachmentLimitError(files: File[], t: I18n["t"]): string | null {
  if (files.length > MAX_FILES_PER_UPLOAD) return t("attachments.tooMany", { files: MAX_FILES_PER_UPLOAD });
  const big = files.find((f) => f.size > MAX_ATTACHMENT_BYTES);
  return big ? t("attachments.tooLarge", { name: big.name }) : null;
}

/** The file picker of the comment and filing forms: its label, the limits and accepted types stated. */
export function AttachmentInput(props: { value: File[]; onChange: (files: File[]) => void; error?: React.ReactNode }) {
  const { t, language } = useI18n();
  const types = language === "fr" ? ACCEPTED_TYPES_LABEL : ACCEPTED_EXTENSIONS.map((e) => e.slice(1).toUpperCase()).join(", ");
  return (
    <FileInput
      multiple
      clearable
      label={t("attachments.input")}
      description={t("attachments.inputHint", { files: MAX_FILES_PER_UPLOAD, types })}
      placeholder={t("attachments.placeholder")}
      accept={ACCEPTED_EXTENSIONS.join(",")}
      leftSection={<IconPaperclip size={16} aria-hidden />}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
    />
  );
}
