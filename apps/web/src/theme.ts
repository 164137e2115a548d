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
 * places: "dimmed" text (gray 6, 3.3:1 on white), placeholders (gray 5, 2.1:1), light badges
 * (yellow 9 on yellow 1, 2.7:1), filled green or orange buttons with white text (3.5:1). The
 * resolver below darkens until it passes; theme.test.ts measures every pair.
 */
export const contrastRatio = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

function firstReadable(candidates: string[], on: string, ratio = 4.6): string {
  return candidates.find((c) => contrastRatio(c, on) >= ratio) ?? (candidates[candidates.length - 1] as string);
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
      // Read on the hover background (shade 2, darker than the resting shade 1): a light button stays readable under the pointer.
      return { ...base, color: firstReadable([shades[9] as string, deep(0.2), deep(0.35), deep(0.5)], shades[2] as string) };
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

/**
 * Placeholders stay lighter than typed values, so that one is not taken for the other, yet
 * readable: gray 6 (3.3:1) darkened just enough to pass on an input's white.
 */
const placeholderGray = (gray: readonly string[]) =>
  firstReadable(
    [0.05, 0.1, 0.15, 0.2, 0.25, 0.3].map((amount) => darken(gray[6] as string, amount)),
    "#ffffff",
  );

// The app is light only (main.tsx forces the light scheme, and surfaces are set to white), so
// the dark scheme keeps Mantine's values.
export const cssVariablesResolver: CSSVariablesResolver = (resolved) => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    "--mantine-color-placeholder": placeholderGray(resolved.colors.gray),
    "--mantine-color-anchor": "var(--mantine-color-blue-8)",
    "--mantine-color-error": "var(--mantine-color-red-9)",
  },
  dark: {},
});
