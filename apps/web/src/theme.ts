import {
  type CSSVariablesResolver,
  createTheme,
  darken,
  defaultVariantColorsResolver,
  luminance,
  parseThemeColor,
  type VariantColorsResolver,
} from "@mantine/core";

/**
 * Colours tuned for WCAG 2.1 AA contrast (4.5:1 for text). Mantine's defaults fall short in
 * places: "dimmed" text (gray 6, 3.3:1), light badges (yellow 9 on yellow 1, 2.7:1), filled
 * green or orange buttons with white text (3.5:1). The resolver below darkens until it passes.
 */
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

function firstReadable(candidates: string[], on: string, ratio = 4.6): string {
  return candidates.find((c) => contrast(c, on) >= ratio) ?? (candidates[candidates.length - 1] as string);
}

const accessibleVariantColors: VariantColorsResolver = (input) => {
  const base = defaultVariantColorsResolver(input);
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  const shades = parsed.isThemeColor ? input.theme.colors[parsed.color] : undefined;
  if (!shades || parsed.color === "dark" || parsed.color === "gray") return base;
  const deep = (amount: number) => darken(shades[9] as string, amount);
  switch (input.variant) {
    case "filled": {
      const background = firstReadable([shades[8] as string, shades[9] as string, deep(0.15), deep(0.3)], "#ffffff");
      return { ...base, background, hover: darken(background, 0.12), color: "var(--mantine-color-white)" };
    }
    case "light":
      return { ...base, color: firstReadable([shades[9] as string, deep(0.2), deep(0.35), deep(0.5)], shades[1] as string) };
    case "outline":
    case "subtle":
    case "transparent": {
      const color = firstReadable([shades[8] as string, shades[9] as string, deep(0.2), deep(0.35)], "#ffffff");
      return { ...base, color, border: input.variant === "outline" ? `1px solid ${color}` : base.border };
    }
    default:
      return base;
  }
};

export const theme = createTheme({
  primaryColor: "blue",
  primaryShade: { light: 8, dark: 5 },
  variantColorResolver: accessibleVariantColors,
  defaultRadius: "md",
  focusRing: "auto",
  respectReducedMotion: true,
  cursorType: "pointer",
  fontFamily: 'Marianne, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: "700" },
  components: {
    // The "*" of required fields is drawn by CSS (styles.css), so that labels read exactly
    // "Adresse e-mail", "Mot de passe" for assistive technologies and tests alike.
    InputWrapper: { defaultProps: { withAsterisk: false } },
    Badge: {
      defaultProps: { variant: "light" },
      styles: { root: { textTransform: "none", fontWeight: 600, letterSpacing: 0, maxWidth: "none", flexShrink: 0 }, label: { overflow: "visible" } },
    },
    Tooltip: { defaultProps: { openDelay: 300 } },
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    "--mantine-color-placeholder": "var(--mantine-color-gray-6)",
    "--mantine-color-anchor": "var(--mantine-color-blue-8)",
    "--mantine-color-error": "var(--mantine-color-red-9)",
  },
  dark: {},
});
