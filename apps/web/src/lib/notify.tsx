import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconCheck } from "@tabler/icons-react";
import { ApiError } from "./api-client.ts";
import type { I18n } from "./i18n/i18n.tsx";

/**
 * Notifications are rendered inside a polite aria-live region (see main.tsx); successes use
 * role="status", failures role="alert", so screen readers hear each once.
 */
export function notifySuccess(message: string) {
  notifications.show({ message, color: "green", icon: <IconCheck size={18} aria-hidden />, role: "status", autoClose: 5000, withBorder: true });
}

export function notifyError(message: string) {
  notifications.show({ message, color: "red", icon: <IconAlertTriangle size={18} aria-hidden />, role: "alert", autoClose: 8000, withBorder: true });
}

/** The API's French `detail`, or a message of our own when there is no answer. */
export function errorMessage(error: unknown, t: I18n["t"]): string {
  if (error instanceof ApiError) {
    if (error.code === "network") return t("error.network");
    return error.detail || t("error.unexpected");
  }
  return t("error.unexpected");
}
