import { Modal, type ModalProps } from "@mantine/core";
import { useEffect } from "react";
import { useI18n } from "../lib/i18n/i18n.tsx";

let openCount = 0;

/**
 * Mantine's Modal, plus: while it is open the rest of the app (#root) is inert and hidden from
 * assistive technologies, so a screen reader (or a test) only finds the dialog's controls.
 */
export function AppModal(props: ModalProps) {
  const { opened } = props;
  const { t } = useI18n();
  useEffect(() => {
    if (!opened) return;
    const root = document.getElementById("root");
    openCount += 1;
    root?.setAttribute("aria-hidden", "true");
    root?.setAttribute("inert", "");
    return () => {
      openCount -= 1;
      if (openCount === 0) {
        root?.removeAttribute("aria-hidden");
        root?.removeAttribute("inert");
      }
    };
  }, [opened]);
  return <Modal closeButtonProps={{ "aria-label": props.closeButtonProps?.["aria-label"] ?? t("common.close") }} {...props} />;
}
