import { DEFAULT_THEME, type MantineColorsTuple, mergeMantineTheme } from "@mantine/core";
import { describe, expect, it } from "vitest";
import { contrastRatio, cssVariablesResolver, theme } from "./theme.ts";

/**
 * WCAG 2.1 AA (1.4.3): 4.5:1 for text of normal size. The pairs are the ones the app paints:
 * text on white surfaces (Paper, inputs, tables) and on the page's gray 0 (styles.css).
 */
const AA = 4.5;
const resolved = mergeMantineTheme(DEFAULT_THEME, theme);
const variables = cssVariablesResolver(resolved);
const WHITE = resolved.white;
const PAGE = resolved.colors.gray[0];

// Mantine's per-colour variables in the light scheme (get-css-color-variables), as shades.
const primaryShade = typeof resolved.primaryShade === "number" ? resolved.primaryShade : resolved.primaryShade.light;
const ROLE_SHADES: Record<string, number> = {
  text: primaryShade,
  filled: primaryShade,
  "filled-hover": primaryShade === 9 ? 8 : primaryShade + 1,
  light: 1,
  "light-hover": 2,
  "light-color": 9,
  outline: primaryShade,
};

/** "var(--mantine-color-gray-7)", "var(--mantine-color-red-light-color)", "var(--mantine-color-white)" or a plain colour, as a colour. */
function colourOf(value: string): string {
  const named = /^var\(--mantine-color-([a-z]+)(?:-([a-z0-9-]+))?\)$/.exec(value.trim());
  if (!named) {
    if (value.startsWith("var(")) throw new Error(`variable non lue : ${value}`);
    return value;
  }
  const [, name, role] = named;
  if (name === "white" && role === undefined) return resolved.white;
  if (name === "black" && role === undefined) return resolved.black;
  const shade = role === undefined ? undefined : /^\d$/.test(role) ? Number(role) : ROLE_SHADES[role];
  const colour = shade === undefined ? undefined : (resolved.colors[name as string] as MantineColorsTuple | undefined)?.[shade];
  if (!colour) throw new Error(`couleur inconnue : ${value}`);
  return colour;
}

const light = (name: `--${string}`) => colourOf(variables.light[name] ?? "");

describe("theme contrast (light scheme)", () => {
  it.each([
    ["--mantine-color-dimmed", WHITE],
    ["--mantine-color-dimmed", PAGE],
    ["--mantine-color-placeholder", WHITE],
    ["--mantine-color-anchor", WHITE],
    ["--mantine-color-anchor", PAGE],
    ["--mantine-color-error", WHITE],
  ] as const)("%s on %s reaches 4.5:1", (name, background) => {
    expect(contrastRatio(light(name), background)).toBeGreaterThanOrEqual(AA);
  });

  it("keeps placeholders lighter than dimmed text, so a placeholder is not taken for a value", () => {
    expect(contrastRatio(light("--mantine-color-placeholder"), WHITE)).toBeLessThan(contrastRatio(light("--mantine-color-dimmed"), WHITE));
  });

  // Badges, buttons, alerts and action icons take their colours from the variant resolver.
  const resolver = resolved.variantColorResolver;
  const colours = Object.keys(resolved.colors);
  const cases = colours.flatMap((color) => (["filled", "light", "outline", "subtle"] as const).map((variant) => [color, variant] as const));

  it.each(cases)("%s %s: its text reaches 4.5:1 on its background, at rest and hovered", (color, variant) => {
    const shades = resolved.colors[color] as MantineColorsTuple;
    const out = resolver({ color, variant, theme: resolved });
    const text = colourOf(out.color);
    // Mantine paints "light" on shade 1 (shade 2 hovered), "outline" and "subtle" on the surface.
    const backgrounds = variant === "filled" ? [colourOf(out.background), colourOf(out.hover)] : variant === "light" ? [shades[1], shades[2]] : [WHITE, PAGE];
    for (const background of backgrounds) expect(contrastRatio(text, background), `${text} sur ${background}`).toBeGreaterThanOrEqual(AA);
  });
});
