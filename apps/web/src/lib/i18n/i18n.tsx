import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { en } from "./en.ts";
import { fr, type MessageKey } from "./fr.ts";

/**
 * A small typed i18n: French is the reference catalogue, English has exactly the same keys
 * (the compiler checks it). The language is the person's choice (kept in this browser), else
 * the browser's, else French.
 */
export type Language = "fr" | "en";
export const LANGUAGES: readonly Language[] = ["fr", "en"];
const CATALOGUES: Record<Language, Record<MessageKey, string>> = { fr, en };
const STORAGE_KEY = "relais.language";
const LOCALES: Record<Language, string> = { fr: "fr-FR", en: "en-GB" };
const TIME_ZONE = "Europe/Paris";

export type Vars = Record<string, string | number>;
/** Keys that come in `.one` / `.other` pairs, for counts. */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}.one` ? Base : never) : never;

export type I18n = {
  language: Language;
  locale: string;
  setLanguage: (language: Language) => void;
  t: (key: MessageKey, vars?: Vars) => string;
  /** "1 établissement", "24 établissements": picks `.one` or `.other` and fills {count}. */
  tn: (key: PluralKey, count: number, vars?: Vars) => string;
  formatNumber: (value: number) => string;
  formatDate: (value: string | Date | null | undefined) => string;
  formatDateTime: (value: string | Date | null | undefined) => string;
};

function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === "fr" || stored === "en") return stored;
  } catch {
    // Storage may be disabled: fall back to the browser language.
  }
  const browser = typeof navigator === "undefined" ? "fr" : (navigator.languages?.[0] ?? navigator.language ?? "fr");
  return browser.toLowerCase().startsWith("en") ? "en" : "fr";
}

export function interpolate(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}

/** Dates without a time ("2026-09-01") are calendar days: shown as is, not shifted by time zone. */
function toDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted: the choice still holds for this page.
    }
  }, []);

  const value = useMemo<I18n>(() => {
    const catalogue = CATALOGUES[language];
    const locale = LOCALES[language];
    const plural = new Intl.PluralRules(locale);
    const numbers = new Intl.NumberFormat(locale);
    const dates = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: TIME_ZONE });
    const dateTimes = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: TIME_ZONE });
    const t = (key: MessageKey, vars?: Vars) => interpolate(catalogue[key], vars);
    return {
      language,
      locale,
      setLanguage,
      t,
      tn: (key, count, vars) => {
        const form = plural.select(count) === "one" ? "one" : "other";
        return t(`${key}.${form}` as MessageKey, { count: numbers.format(count), ...vars });
      },
      formatNumber: (n) => numbers.format(n),
      formatDate: (v) => (v ? dates.format(toDate(v)) : "—"),
      formatDateTime: (v) => (v ? dateTimes.format(toDate(v)) : "—"),
    };
  }, [language, setLanguage]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error("useI18n() outside <I18nProvider>");
  return context;
}
