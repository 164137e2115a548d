import { isAbsolute } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

/** loadConfig is the only reader of the environment: a bad value stops the boot, listing every one. */
function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

/** The lines "  - VARIABLE : message" of a refusal, by variable. */
function problems(message: string): Record<string, string> {
  return Object.fromEntries(
    message
      .split("\n")
      .slice(1)
      .map((line) => /^ {2}- (\w+) : (.+)$/.exec(line))
      .map((match) => [match?.[1] ?? "?", match?.[2] ?? ""]),
  );
}

const FRENCH = /[àâçéèêîôûù]|\b(doit|attendu|invalide|nombre|trop|entier|une|un|le|la|ou)\b/i;
const ENGLISH = /\b(expected|invalid input|received|must|too (big|small))\b/i;

describe("loadConfig", () => {
  it("lists every bad variable at once, in French", () => {
    const message = refusal({
      PORT: "quatre-vingt",
      DATABASE_URL: "mysql://root@localhost/relais",
      SMTP_URL: "http://mail.exemple.test",
      PUBLIC_URL: "relais.region.fr",
    });
    expect(message.split("\n")[0]).toBe("Configuration invalide :");
    const byVariable = problems(message);
    expect(Object.keys(byVariable).sort()).toEqual(["DATABASE_URL", "PORT", "PUBLIC_URL", "SMTP_URL"]);
    expect(byVariable.DATABASE_URL).toBe("doit commencer par postgres:// ou postgresql://");
    expect(byVariable.SMTP_URL).toBe("doit commencer par smtp:// ou smtps://");
    expect(byVariable.PUBLIC_URL).toBe("doit être une URL complète, ex. https://relais.region.fr");
    for (const [variable, text] of Object.entries(byVariable)) {
      expect(text, variable).toMatch(FRENCH);
      expect(text, variable).not.toMatch(ENGLISH);
    }
  });

  it.each([
    ["PORT", "65536"],
    ["PORT", "-1"],
    ["PORT", "80.5"],
    ["PORT", "abc"],
    ["DATABASE_URL", "postgre://x"],
    ["DATABASE_URL", "file:./data"],
    ["SMTP_URL", "smtp:/relais"],
    ["SMTP_URL", "mail.exemple.test:25"],
    ["PUBLIC_URL", "https//relais"],
    ["PUBLIC_URL", "/relais"],
  ])("refuses %s=%s, naming it, in French", (variable, value) => {
    const byVariable = problems(refusal({ [variable]: value }));
    expect(Object.keys(byVariable)).toEqual([variable]);
    expect(byVariable[variable]).toMatch(FRENCH);
    expect(byVariable[variable]).not.toMatch(ENGLISH);
  });

  it("accepts good values and derives the public address and cookie security", () => {
    const config = loadConfig({
      PORT: "8080",
      DATABASE_URL: "postgresql://relais@db:5432/relais",
      SMTP_URL: "smtps://relais:secret@smtp.region.fr:465",
      PUBLIC_URL: "https://relais.region.fr",
    });
    expect(config).toMatchObject({
      PORT: 8080,
      DATABASE_URL: "postgresql://relais@db:5432/relais",
      SMTP_URL: "smtps://relais:secret@smtp.region.fr:465",
      publicUrl: "https://relais.region.fr",
      cookieSecure: true,
    });
    const local = loadConfig({ PORT: "3001", HOST: "0.0.0.0" });
    expect(local).toMatchObject({ publicUrl: "http://localhost:3001", cookieSecure: false });
    expect(local.DATABASE_URL).toBeUndefined();
    expect(local.SMTP_URL).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: "https://relais.region.fr", COOKIE_SECURE: "false" }).cookieSecure).toBe(false);
    expect(isAbsolute(local.DATA_DIR)).toBe(true);
  });

  it("treats empty values as unset", () => {
    const config = loadConfig({ DATABASE_URL: "", SMTP_URL: "" });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.SMTP_URL).toBeUndefined();
    expect(config.PORT).toBe(3000);
  });
});
