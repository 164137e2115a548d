import { SegmentedControl, VisuallyHidden } from "@mantine/core";
import { useId } from "react";
import { LANGUAGES, type Language, useI18n } from "../lib/i18n/i18n.tsx";

/** FR / EN switch; each option is labelled with the language's own name (WCAG 3.1.2). */
export function LanguageSwitch({ size = "xs" }: { size?: "xs" | "sm" }) {
  const { language, setLanguage, t } = useI18n();
  const labelId = useId();
  const names: Record<Language, string> = { fr: "Français", en: "English" };
  return (
    <fieldset aria-labelledby={labelId} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
      <VisuallyHidden component="legend" id={labelId}>
        {t("language.label")}
      </VisuallyHidden>
      <SegmentedControl
        size={size}
        value={language}
        onChange={(value) => setLanguage(value as Language)}
        data={LANGUAGES.map((code) => ({
          value: code,
          label: (
            <span lang={code}>
              <span aria-hidden>{code.toUpperCase()}</span>
              <VisuallyHidden>{names[code]}</VisuallyHidden>
            </span>
          ),
        }))}
      />
    </fieldset>
  );
}
